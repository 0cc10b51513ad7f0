package model

import (
	"context"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/packet"

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
	return pin, st.SetSupportPIN(ctx, nil, sealed, audit)
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

// SeedGPGKey gives u a new Ed25519 OpenPGP key made at made and valid for
// lifetime, as if u had added it at added, and returns it; its private half
// is dropped. It is for seeding demo databases and tests only: it
// bypasses the password of AddGPGKey (R-SSH-4).
func SeedGPGKey(ctx context.Context, st Store, u *User, made, added time.Time, lifetime time.Duration) (*GPGKey, error) {
	cfg := &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA, Curve: packet.Curve25519,
		Time: func() time.Time { return made }, KeyLifetimeSecs: uint32(lifetime / time.Second)}
	e, err := openpgp.NewEntity(u.Name, "", u.Email, cfg)
	if err != nil {
		return nil, err
	}
	armored, err := armorPublic(e)
	if err != nil {
		return nil, err
	}
	k, err := ParseGPGPublicKey(armored, added)
	if err != nil {
		return nil, err
	}
	k.AccountID, k.UserID, k.CreatedAt, k.OwnerName, k.OwnerEmail = u.AccountID, u.ID, added, u.Name, u.Email
	audit := &AuditEvent{AccountID: u.AccountID, ActorID: u.ID, Actor: u.Email, Action: "gpg_key.added",
		Object: GPGKeyObject(k), Detail: k.Algorithm + " " + k.Fingerprint, Origin: LocalOrigin, At: added}
	return k, st.AddGPGKey(ctx, nil, k, audit)
}
