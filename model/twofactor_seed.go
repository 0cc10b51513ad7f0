package model

import (
	"context"
	"fmt"
	"time"

	"acctl/seal"
)

// SeedTwoFactor turns 2FA on for u directly in st, with a fresh secret
// sealed by sealer and ten recovery codes that nobody sees, as if u had
// enabled it at at. It is for seeding demo databases and tests only: it
// bypasses the password and code checks of EnableTwoFactor. It returns the
// base32 secret, so that a demo can show the current code.
func SeedTwoFactor(ctx context.Context, st Store, sealer *seal.Sealer, u *User, at time.Time) (string, error) {
	if sealer == nil {
		return "", ErrNoSealer
	}
	secret, _, err := newTOTPKey(u.Email)
	if err != nil {
		return "", err
	}
	sealed, err := sealer.Seal([]byte(secret), totpLabel(u.ID))
	if err != nil {
		return "", fmt.Errorf("seal demo secret: %w", err)
	}
	if err := st.SavePendingTwoFactor(ctx, u.ID, sealed); err != nil {
		return "", err
	}
	_, hashes, err := newRecoveryCodes()
	if err != nil {
		return "", err
	}
	audit := &AuditEvent{AccountID: u.AccountID, ActorID: u.ID, Actor: u.Email, Action: "user.2fa_enabled",
		Object: userObject(u), Detail: fmt.Sprintf("authenticator app, %d recovery codes", len(hashes)), Origin: LocalOrigin, At: at}
	// The step before at's: a code of the current step is still accepted.
	if err := st.EnableTwoFactor(ctx, u.ID, sealed, TOTPStep(at)-TOTPSkew-1, hashes, audit); err != nil {
		return "", err
	}
	u.TOTPEnabled = true
	return secret, nil
}
