// Package profile holds the Profile section: the signed-in user's name,
// email and password, sign-in alerts, two-factor authentication with its
// QR code and recovery codes, mobile numbers, and 2FA enforcement.
package profile

import (
	"acctl/tui/common"
	"acctl/tui/components"
)

// New opens Profile.
func New(env *common.Env) common.Screen { return &components.Placeholder{Env: env, Name: "Profile"} }

// NewGate is the 2FA setup a user must finish before anything else
// (R-2FA-7, R-2FA-8).
func NewGate(env *common.Env) common.Screen {
	return &components.Placeholder{Env: env, Name: "Two-factor setup"}
}
