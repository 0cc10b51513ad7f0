package tui

import (
	"context"
	"regexp"
	"testing"

	"acctl/model"
)

// R-PWD-3 end to end in the console: forgot password from the sign-in
// screen, the code from the email, a new password; the user has 2FA on, so
// the code step follows (a reset never bypasses it), and the old password
// no longer works.
func TestForgotPasswordThenTheCodeStep(t *testing.T) {
	env := newTestEnv(t)
	ctx := context.Background()
	env.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	u := mustUser(t, env, "wile@acme.example")
	secret, err := model.SeedTwoFactor(ctx, env.db, env.sealer, u, env.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	c := startConsole(t, env, 100, 30)
	c.waitFor("sign in", "ctrl+r forgot password")
	c.typeText("wile@acme.example")
	c.ctrl('r')
	c.waitFor("Email", "wile@acme.example")
	c.key("enter")
	c.waitFor("Reset code")

	list, err := env.db.ListNotifications(ctx, model.NotificationFilter{AccountID: u.AccountID, UserID: u.ID}, model.EventPage{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var code string
	for _, n := range list {
		if n.Kind == model.NotifyPasswordReset {
			code = regexp.MustCompile(`[0-9a-z]{4}(?:-[0-9a-z]{4}){5}`).FindString(n.Body)
		}
	}
	if code == "" {
		t.Fatal("no reset code in the outbox")
	}
	const next = "granite-pelican-sunrise-7"
	c.typeText(code)
	c.key("enter")
	c.typeText(next)
	c.key("enter")
	c.typeText(next)
	c.key("enter")
	c.waitFor("Your password is changed", "Code")
	c.typeText(codeAt(t, secret, env.clock.Now()))
	c.key("enter")
	c.waitFor("Wile Coyote (Owner)")
	c.signOutNow()

	c.signInAs("wile@acme.example", testPassword)
	c.waitFor("The email or password is incorrect")
}
