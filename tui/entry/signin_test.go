package entry_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"acctl/model"
	"acctl/tui/tuitest"
)

const incorrect = "The email or password is incorrect."

// R-PWD-5, R-SES-3: a wrong password and an unknown email get the same
// sentence on the same screen; the email is kept, the password is not
// drawn, and the right password then signs in.
func TestSignInWrongPasswordAndUnknownEmailReadTheSame(t *testing.T) {
	env, _ := account(t)
	screens := map[string]string{}
	for _, email := range []string{owner, "nile@acme.example"} { // the same length
		c := tuitest.Run(t, env, 80, 24)
		signInAs(c, email, "wrong password 1")
		screen := c.WaitFor(incorrect, email)
		if strings.Contains(screen, "wrong password 1") {
			t.Fatalf("the password is drawn:\n%s", screen)
		}
		screens[email] = strings.ReplaceAll(screen, email, "EMAIL")
		if email == owner { // the password field has the focus again
			c.Type(password)
			c.Keys("enter")
			c.WaitFor("Wile Coyote (Owner)")
		}
	}
	if screens[owner] != screens["nile@acme.example"] {
		t.Fatalf("the screens differ:\n%s\n---\n%s", screens[owner], screens["nile@acme.example"])
	}
}

// Missing input gets a sentence before anything is asked.
func TestSignInWithoutPassword(t *testing.T) {
	env, _ := account(t)
	c := tuitest.Run(t, env, 80, 24)
	signInAs(c, owner, "")
	c.WaitFor("Enter your email and password.", owner)
}

// R-PWD-5, issue 9 ("Lockout text"): the wait is one line that counts
// down with the clock and says when it is over; never the model's fixed
// sentence beside it, never left standing once something else is said.
func TestSignInWaitIsOneLiveLine(t *testing.T) {
	env, _ := account(t)
	for range model.FreeAttempts - 1 { // failures count wherever they come from
		_, _ = env.Svc.SignIn(context.Background(), model.SignInRequest{Email: owner, Password: "wrong password", Origin: model.LocalOrigin})
	}
	c := tuitest.Run(t, env, 80, 24)
	signInAs(c, owner, "wrong password 5")
	c.WaitFor(incorrect)
	c.Type("wrong password 6")
	c.Keys("enter")
	at := env.Clock.Now().Add(model.FirstWait).Format("15:04:05")
	wait := func(left string) string {
		t.Helper()
		screen := c.WaitFor("Too many failed attempts. Wait "+left+":", "try again at "+at)
		if strings.Count(screen, "Too many failed") != 1 || strings.Count(screen, at) != 1 || strings.Contains(screen, incorrect) || strings.Contains(screen, "wait is over") {
			t.Fatalf("the wait is not said once:\n%s", screen)
		}
		return screen
	}
	wait("1 minute")
	env.Clock.Advance(20 * time.Second)
	wait("40 seconds") // on the next tick, without a key
	c.Type(password)   // typing does not change it
	wait("40 seconds")
	c.Keys("enter") // still refused, with the same end
	answered(t, env, owner, 1+model.FreeAttempts+2)
	wait("40 seconds")
	env.Clock.Advance(40 * time.Second)
	c.WaitFor("The wait is over: you can try again.")
	c.WaitGone("Too many failed attempts")
	c.Type("wrong password 7") // typing clears it once the wait is over
	c.WaitGone("wait is over")
	c.Keys("enter")
	c.WaitFor(incorrect)
	c.Type("wrong password 8") // the failure before started the next wait
	c.Keys("enter")
	screen := c.WaitFor("Too many failed attempts. Wait 2 minutes:")
	if strings.Contains(screen, incorrect) {
		t.Fatalf("two refusals at once:\n%s", screen)
	}
	env.Clock.Advance(2 * model.FirstWait)
	c.WaitFor("The wait is over")
	c.Type(password)
	c.Keys("enter")
	c.WaitFor("Wile Coyote (Owner)")
}

// R-2FA-5, R-2FA-4: with 2FA on, the password leads to the code step. A
// wrong code and letters are refused with what was typed kept; esc goes
// back to the password with the email kept; a recovery code signs in and
// is spent.
func TestCodeStep(t *testing.T) {
	env, s := account(t)
	secret, codes := env.EnableTwoFactor(t, s)
	c := tuitest.Run(t, env, 80, 24)
	signInAs(c, owner, password)
	c.WaitFor("Signing in as "+owner+". Two-factor authentication is on.", "Code", "esc back to the password")

	wrong := tuitest.WrongCode(env.Code(t, secret))
	c.Type(wrong)
	c.Keys("enter")
	c.WaitFor("That code is not correct", wrong)
	erase(c, 6)
	c.Type("12a456")
	c.Keys("enter")
	c.WaitFor("neither an app code nor a recovery code", "12a456")
	c.WaitGone("That code is not correct")

	c.Keys("esc")
	screen := c.WaitFor("acctl — sign in", "Password", owner)
	if strings.Contains(screen, "12a456") || strings.Contains(screen, "neither an app code") {
		t.Fatalf("the code step's input or refusal stayed:\n%s", screen)
	}
	c.Type(password)
	c.Keys("enter")
	c.WaitFor("Two-factor authentication is on.", "Code")
	c.Type(codes[0])
	c.Keys("enter")
	c.WaitFor("Wile Coyote (Owner)")
	c.WaitFor("9 left")

	// The same recovery code does not work again.
	c2 := tuitest.Run(t, env, 80, 24)
	signInAs(c2, owner, password)
	c2.WaitFor("Two-factor authentication is on.")
	c2.Type(codes[0])
	c2.Keys("enter")
	c2.WaitFor("That code is not correct")
	erase(c2, len(codes[0]))
	c2.Type(env.Code(t, secret))
	c2.Keys("enter")
	c2.WaitFor("Wile Coyote (Owner)")
}

// mobileOwner is an account whose owner has 2FA on and a verified mobile
// number.
func mobileOwner(t *testing.T) *tuitest.Env {
	t.Helper()
	env, s := account(t)
	env.EnableTwoFactor(t, s)
	ctx := tuitest.Ctx(s)
	if _, err := env.Svc.AddPhone(ctx, "+447700900123", false, password); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Svc.VerifyPhone(ctx, false, inbox(t, env, owner)); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(model.SMSCodeGap)
	return env
}

// smsStep signs in as the owner up to the code step, which offers an SMS.
func smsStep(c *tuitest.Console) string {
	signInAs(c, owner, password)
	return c.WaitFor("Two-factor authentication is on.", "ctrl+t text me a code")
}

// R-2FA-9: at the code step ctrl+t texts a code to the verified mobile
// number, which then signs in; without a backup number ctrl+b is not
// offered.
func TestCodeStepBySMS(t *testing.T) {
	env := mobileOwner(t)
	c := tuitest.Run(t, env, 100, 30)
	if screen := smsStep(c); strings.Contains(screen, "ctrl+b") {
		t.Fatalf("the backup number is offered without one:\n%s", screen)
	}
	c.Keys("ctrl+t")
	screen := c.WaitFor("A code is on its way to +44", "123;") // masked
	if strings.Contains(screen, "Demo:") || strings.Contains(screen, "7700900123") {
		t.Fatalf("the code or the number is drawn:\n%s", screen)
	}
	c.Type(inbox(t, env, owner))
	c.Keys("enter")
	c.WaitFor("Wile Coyote (Owner)")
}

// In --demo no SMS reaches anyone: the code step says what the text
// message says, read off the update loop (issue 9).
func TestCodeStepBySMSInTheDemo(t *testing.T) {
	env := mobileOwner(t)
	c := tuitest.Run(t, env, 100, 30, withInbox(t, env))
	smsStep(c)
	c.Keys("ctrl+t")
	c.WaitFor("A code is on its way")
	code := inbox(t, env, owner)
	c.WaitFor("the text message says " + code)
	c.Type(code)
	c.Keys("enter")
	c.WaitFor("Wile Coyote (Owner)")
}

// R-2FA-9: a second SMS within the send limit's gap is refused with the
// model's reason, not as a failed attempt; the wait counts down and ends.
func TestCodeStepSMSTooSoon(t *testing.T) {
	env := mobileOwner(t)
	c := tuitest.Run(t, env, 100, 30)
	smsStep(c)
	c.Keys("ctrl+t")
	c.WaitFor("A code is on its way")
	c.Keys("ctrl+t")
	screen := c.WaitFor("An SMS code was just sent. Wait 30 seconds:")
	if strings.Contains(screen, "failed attempts") || strings.Contains(screen, "A code is on its way") {
		t.Fatalf("the refusal reads wrong:\n%s", screen)
	}
	env.Clock.Advance(model.SMSCodeGap)
	c.WaitFor("The wait is over")
	c.Keys("ctrl+t")
	c.WaitFor("A code is on its way")
	c.WaitGone("The wait is over")
}
