package model

import (
	"context"
	"time"

	"acctl/seal"
)

// SeedSupportPIN gives u's account a support PIN sealed by sealer, as if
// u had regenerated it at at, and returns it. It is for seeding demo
// databases and tests only: it bypasses the password of
// RegenerateSupportPIN (R-SET-3).
func SeedSupportPIN(ctx context.Context, st Store, sealer *seal.Sealer, u *User, at time.Time) (string, error) {
	if sealer == nil {
		return "", ErrPINNoSealer
	}
	pin, err := newSupportPIN()
	if err != nil {
		return "", err
	}
	sealed, err := sealer.Seal([]byte(pin), pinLabel(u.AccountID))
	if err != nil {
		return "", err
	}
	audit := &AuditEvent{AccountID: u.AccountID, ActorID: u.ID, Actor: u.Email, Action: "support_pin.regenerated", Object: "support PIN", Origin: LocalOrigin, At: at}
	return pin, st.SetSupportPIN(ctx, Guard{ActorID: u.ID, AccountID: u.AccountID, Action: ActionSupportPIN}, sealed, audit)
}

// SeedNotice routes m as the account's notification queued at at and
// stores one outbox row per recipient, with why (R-SET-2), as the Service
// does. It is for seeding demo databases and tests only.
func SeedNotice(ctx context.Context, st Store, accountID int64, m Message, at time.Time) error {
	s := NewService(Config{Store: st, Clock: func() time.Time { return at }})
	rows, err := s.routed(ctx, accountID, m, nil, "")
	if err != nil || len(rows) == 0 {
		return err
	}
	return st.AddNotifications(ctx, rows)
}
