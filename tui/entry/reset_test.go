package entry_test

import (
	"context"
	"strings"
	"testing"

	"acctl/model"
	"acctl/tui/tuitest"
)

// toReset opens forgot password from sign-in with email typed there.
func toReset(c *tuitest.Console, email string) {
	c.WaitFor("acctl — sign in", "ctrl+r forgot password")
	c.Type(email)
	c.Keys("ctrl+r")
	c.WaitFor("acctl — forgot password", "Email", email)
}

// askCode asks for a reset code and has its email queued, as the
// background job of a real console does every 2 s.
func askCode(t *testing.T, env *tuitest.Env, c *tuitest.Console) {
	t.Helper()
	c.Keys("enter")
	c.WaitFor(model.ResetCodeSent[:40], "Reset code", "New password")
	if _, err := env.Svc.QueueResetEmails(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// R-PWD-3, R-PWD-1, SPEC §5: forgot password from sign-in, end to end.
// The email typed on sign-in is kept; without a mail server the screen
// says where the email waits. A malformed and a wrong code, a weak
// password and a repeat that differs are each refused with what was typed
// kept; the right code sets the password, ends every session and signs in.
func TestForgotPasswordEndToEnd(t *testing.T) {
	env, s := account(t)
	c := tuitest.Run(t, env, 80, 24)
	toReset(c, owner)
	askCode(t, env, c)
	c.WaitFor("No mail server is configured")
	code := inbox(t, env, owner)

	c.Type("not-a-code") // refused as the field is left
	c.Keys("enter")
	c.WaitFor("A reset code has 24 letters and digits", "not-a-code")
	erase(c, len("not-a-code"))
	wrong := misspelt(code)
	c.Type(wrong)
	c.Keys("enter")
	choosePassword(t, c, next, wrong)
	c.WaitFor("That reset code is not correct", wrong)

	c.Keys("shift+tab", "shift+tab") // back to the code: the passwords are kept
	erase(c, len(wrong))
	c.WaitGone("That reset code is not correct")
	c.Type(code)
	c.Keys("enter", "enter", "enter")
	c.WaitFor("Wile Coyote (Owner)")

	if open, _ := env.Svc.SessionOpen(tuitest.Ctx(s)); open {
		t.Fatal("a session from before the reset is still open")
	}
	if _, err := env.Svc.SignIn(context.Background(), model.SignInRequest{Email: owner, Password: password}); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Fatalf("the old password: %v", err)
	}
	if _, err := env.Svc.SignIn(context.Background(), model.SignInRequest{Email: owner, Password: next}); err != nil {
		t.Fatalf("the new password: %v", err)
	}
}

// R-PWD-3, R-PWD-5: asking for a code for an unknown address reads the
// same as for a known one.
func TestForgotPasswordOfAnUnknownEmailReadsTheSame(t *testing.T) {
	env, _ := account(t)
	screens := map[string]string{}
	for _, email := range []string{owner, "nile@acme.example"} {
		c := tuitest.Run(t, env, 80, 24)
		toReset(c, email)
		askCode(t, env, c)
		screens[email] = strings.ReplaceAll(c.Settled(), email, "EMAIL")
	}
	if screens[owner] != screens["nile@acme.example"] {
		t.Fatalf("the screens differ:\n%s\n---\n%s", screens[owner], screens["nile@acme.example"])
	}
}

// R-PWD-3: a code goes with its address, so ctrl+o (I have a code) asks
// for a good address first, keeping what was typed; esc goes back to
// sign-in.
func TestForgotPasswordNeedsAnAddress(t *testing.T) {
	env, _ := account(t)
	c := tuitest.Run(t, env, 80, 24)
	c.WaitFor("acctl — sign in")
	c.Keys("ctrl+r")
	c.WaitFor("acctl — forgot password", "ctrl+o I have a code")
	c.Type("not an address")
	c.Keys("ctrl+o")
	c.WaitFor("That is not an email address", "not an address")
	c.Keys("enter")
	c.WaitFor("That is not an email address", "not an address", "acctl — forgot password")
	erase(c, len("not an address"))
	c.Type(owner)
	c.Keys("ctrl+o")
	c.WaitFor("For "+owner+": the code from the email", "Reset code")
	c.WaitGone("not an email address")
	c.Keys("esc")
	c.WaitFor("acctl — sign in", "Password")
}

// R-PWD-3: a new code within a minute of the last is refused with the
// model's reason, not as a failed attempt, and the wait counts down.
func TestForgotPasswordNewCodeTooSoon(t *testing.T) {
	env, _ := account(t)
	c := tuitest.Run(t, env, 80, 24)
	toReset(c, owner)
	askCode(t, env, c)
	c.Keys("ctrl+r")
	screen := c.WaitFor("A reset code was just asked for this address. Wait 1 minute:")
	if strings.Contains(screen, "failed attempts") {
		t.Fatalf("asking twice is called a failed attempt:\n%s", screen)
	}
	env.Clock.Advance(model.ResetCodeGap / 2)
	c.WaitFor("Wait 30 seconds: you can ask", "for another at 09:01:00")
	env.Clock.Advance(model.ResetCodeGap / 2)
	c.WaitFor("The wait is over")
	c.Keys("ctrl+r")
	c.WaitFor(model.ResetCodeSent[:40])
	c.WaitGone("The wait is over")
}

// R-PWD-3, R-2FA-5: a reset never skips 2FA: a user with 2FA goes on to
// the code step, then into the console.
func TestForgotPasswordThenTheCodeStep(t *testing.T) {
	env, s := account(t)
	secret, _ := env.EnableTwoFactor(t, s)
	c := tuitest.Run(t, env, 80, 24)
	toReset(c, owner)
	askCode(t, env, c)
	c.Type(inbox(t, env, owner))
	c.Keys("enter")
	c.Type(next)
	c.Keys("enter")
	c.Type(next)
	c.Keys("enter")
	c.WaitFor("Your password is changed", "Signing in as "+owner, "Code")
	c.Type(env.Code(t, secret))
	c.Keys("enter")
	c.WaitFor("Wile Coyote (Owner)")
}

// In --demo no email reaches anyone: forgot password shows the code of
// the email, once the background job has queued it — never the code of
// an earlier email.
func TestForgotPasswordInTheDemo(t *testing.T) {
	env, _ := account(t)
	c := tuitest.Run(t, env, 80, 24, withInbox(t, env))
	toReset(c, owner)
	askCode(t, env, c)
	first := inbox(t, env, owner)
	c.WaitFor("Demo: the email's code is " + first)
	env.Clock.Advance(model.ResetCodeGap)
	c.Keys("ctrl+r")
	c.WaitFor(model.ResetCodeSent[:40])
	screen := c.Settled()
	if strings.Contains(screen, first) {
		t.Fatalf("the code of the earlier email is shown:\n%s", screen)
	}
	if _, err := env.Svc.QueueResetEmails(context.Background()); err != nil {
		t.Fatal(err)
	}
	second := inbox(t, env, owner)
	c.WaitFor("Demo: the email's code is " + second)
	c.Type(second)
	c.Keys("enter")
	c.Type(next)
	c.Keys("enter")
	c.Type(next)
	c.Keys("enter")
	c.WaitFor("Wile Coyote (Owner)")
}
