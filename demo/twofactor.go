package demo

import (
	"context"
	"fmt"
	"time"

	"acctl/model"
	"acctl/seal"
)

// twoFactorUsers have 2FA on in the demo; Margaret has not, so the Users
// screen shows both states.
var twoFactorUsers = []string{
	"ada@northwind.example",
	"charles@northwind.example",
	"grace@northwind.example",
	"linus@northwind.example",
	StaffEmail, // mandatory for staff (SPEC §10)
}

// EnableTwoFactor turns 2FA on for the demo users, with secrets sealed by
// sealer, and returns each one's base32 secret by email, so that the
// sign-in screen can show their current codes in --demo mode (and only
// there).
func EnableTwoFactor(ctx context.Context, st model.Store, sealer *seal.Sealer, now time.Time) (map[string]string, error) {
	secrets := make(map[string]string, len(twoFactorUsers))
	for i, email := range twoFactorUsers {
		u, err := st.FindUserByEmail(ctx, email)
		if err != nil {
			return nil, fmt.Errorf("demo 2FA for %s: %w", email, err)
		}
		secret, err := model.SeedTwoFactor(ctx, st, sealer, u, now.Add(-time.Duration(30-i)*24*time.Hour))
		if err != nil {
			return nil, fmt.Errorf("demo 2FA for %s: %w", email, err)
		}
		secrets[email] = secret
	}
	return secrets, nil
}
