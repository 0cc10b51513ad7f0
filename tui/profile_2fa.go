package tui

import (
	"strings"

	"charm.land/huh/v2"
)

// The profile's two-factor actions other than the setup (twofactor.go).

// newRecoveryCodesScreen replaces the recovery codes (R-2FA-4, R-PWD-4):
// the password, then the new set once in the secret-reveal panel.
func newRecoveryCodesScreen(c *screenCtx) Screen {
	b := c.b
	return newPasswordActionScreen(c, passwordAction{
		id:     "twofactor.newcodes",
		title:  "New recovery codes",
		intro:  "A new set of ten codes replaces your current one: the codes you have now stop working.",
		reason: "To make new recovery codes, type your password.",
		run: func(pw string) (string, error) {
			codes, err := b.NewRecoveryCodes(pw)
			return strings.Join(codes, "\n"), err
		},
		done:        "New recovery codes are in place; the old ones no longer work.",
		revealTitle: recoveryTitle,
		revealNote:  recoveryNote,
		revealFile:  recoveryFile,
	})
}

// newDisableTwoFactorScreen turns 2FA off with a current code and the
// password (R-2FA-6).
func newDisableTwoFactorScreen(c *screenCtx) Screen {
	b := c.b
	var code string
	intro := "Signing in will ask for your password only. You need a code from your app, or a recovery code if you lost your phone."
	if c.me.Account.Enforce2FA {
		intro += " Your account requires 2FA, so you will have to set it up again before anything else."
	}
	return newPasswordActionScreen(c, passwordAction{
		id:    "twofactor.disable",
		title: "Turn two-factor authentication off",
		intro: intro,
		fields: func() []huh.Field {
			return []huh.Field{textInput("Current code", &code, nil).
				Description("From your authenticator app, or a recovery code.").Placeholder("123 456")}
		},
		reason: "To turn two-factor authentication off, type your password.",
		run:    func(pw string) (string, error) { return "", b.DisableTwoFactor(pw, code) },
		done:   "Two-factor authentication is off.",
	})
}

// newEnforcementScreen turns the account's 2FA requirement on or off
// (R-2FA-7). The model refuses an owner without 2FA, with the reason.
func newEnforcementScreen(c *screenCtx) Screen {
	b := c.b
	on := !c.me.Account.Enforce2FA
	a := passwordAction{
		id:     "twofactor.enforce",
		title:  "Require two-factor authentication",
		intro:  "Every user of " + c.me.Account.CompanyName + " without 2FA gets an email and, from their next action, can only set it up or sign out.",
		reason: "To require two-factor authentication for everyone, type your password.",
		run:    func(pw string) (string, error) { return "", b.SetTwoFactorEnforcement(on, pw) },
		done:   "Two-factor authentication is now required for every user.",
	}
	if !on {
		a.title = "Stop requiring two-factor authentication"
		a.intro = "Users may then turn 2FA off for themselves. Those who have it keep it."
		a.reason = "To stop requiring two-factor authentication, type your password."
		a.done = "Two-factor authentication is no longer required."
	}
	return newPasswordActionScreen(c, a)
}
