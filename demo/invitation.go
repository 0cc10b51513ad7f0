package demo

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"time"

	"acctl/model"
)

// seedInvitations gives each invited demo user a pending invitation from
// owner, sent three days before now, so that the Users screen shows how
// long it is valid and can re-send or cancel it (R-USR-1). Its secret is
// random and kept by nobody: re-sending makes one that the email carries.
func seedInvitations(ctx context.Context, st model.Store, owner *model.User, users []*model.User, now time.Time) error {
	for _, u := range users {
		if u.Status != model.UserInvited {
			continue
		}
		secret := make([]byte, 32)
		if _, err := rand.Read(secret); err != nil {
			return fmt.Errorf("demo invitation: %w", err)
		}
		hash := sha256.Sum256(secret)
		sent := now.Add(-3 * 24 * time.Hour)
		inv := &model.Invitation{UserID: u.ID, AccountID: u.AccountID, InvitedBy: owner.ID, SecretHash: hash[:], CreatedAt: sent, ExpiresAt: sent.Add(model.InvitationTTL)}
		if err := st.RenewInvitation(ctx, nil, inv, nil); err != nil {
			return fmt.Errorf("demo invitation of %s: %w", u.Email, err)
		}
	}
	return nil
}
