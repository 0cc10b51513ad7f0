package tui

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"acctl/model"
)

var resetCodeInMail = regexp.MustCompile(`\b[0-9a-z]{4}(?:-[0-9a-z]{4}){5}\b`)

// startReset runs the forgot-password flow as the sign-in screen opens it.
func startReset(t *testing.T, env *testEnv, email string, mail bool) (*console, *host) {
	t.Helper()
	c := testScreenCtx(t, env, nil)
	c.mail = mail
	s := newResetScreen(c.b, c, email).withOrigin(model.Origin{Remote: "198.51.100.4:2200"}, model.Client{Term: "xterm"})
	h := hostFor[entryScreen](s, entryScreen.Update)
	return startHost(t, h, 80, 24), h
}

// resetCodeFor reads the newest reset code mailed to email's user.
func resetCodeFor(t *testing.T, env *testEnv, email string) string {
	t.Helper()
	u := mustUser(t, env, email)
	list, err := env.db.ListNotifications(context.Background(), model.NotificationFilter{AccountID: u.AccountID, UserID: u.ID}, model.EventPage{Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range list {
		if n.Kind == model.NotifyPasswordReset {
			return resetCodeInMail.FindString(n.Body)
		}
	}
	t.Fatalf("no reset email to %s", email)
	return ""
}

const resetSent = "If an account uses that address, a reset code is on its way"

func TestResetFlowEndsEverySession(t *testing.T) { // R-PWD-3, R-PWD-1
	env := newTestEnv(t)
	env.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	if _, err := env.svc.SignIn(context.Background(), model.SignInRequest{Email: "wile@acme.example", Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	c, h := startReset(t, env, "wile@acme.example", false)
	c.waitFor("forgot password", "wile@acme.example")
	c.key("enter")
	c.waitFor(resetSent, "No mail server is configured", "Reset code")
	code := resetCodeFor(t, env, "wile@acme.example")

	// A wrong code keeps everything typed and says what to do.
	wrong := "aaaa" + code[4:]
	if strings.HasPrefix(code, "aaaa") {
		wrong = "bbbb" + code[4:]
	}
	c.typeText(wrong)
	c.key("enter")
	c.typeText("password1234")
	c.key("enter")
	c.waitFor("too easy to guess")
	for range len("password1234") {
		c.key("backspace")
	}
	const next = "granite-pelican-sunrise-7"
	c.typeText(next)
	c.key("enter")
	c.typeText(next + "x")
	c.key("enter")
	c.waitFor("The two passwords differ")
	c.key("backspace")
	c.key("enter")
	c.waitFor("That reset code is not correct", wrong)
	// The form is rebuilt with what was typed: fix the code, keep the
	// passwords.
	for range len(wrong) {
		c.key("backspace")
	}
	c.typeText(code)
	c.key("enter")
	c.key("enter")
	c.key("enter")
	c.waitFor("ended: done wile@acme.example session=true challenge=false")
	if h.ended == "" {
		t.Fatal("no resetDoneMsg")
	}
	u := mustUser(t, env, "wile@acme.example")
	list, _ := env.db.ListOpenSessions(context.Background(), u.ID)
	if len(list) != 1 { // only the one the reset opened
		t.Fatalf("%d open sessions after the reset, want 1", len(list))
	}
	if _, err := env.svc.SignIn(context.Background(), model.SignInRequest{Email: "wile@acme.example", Password: next}); err != nil {
		t.Fatalf("sign in with the new password: %v", err)
	}
}

func TestResetOfAnUnknownEmailReadsTheSame(t *testing.T) { // R-PWD-3, R-PWD-5
	env := newTestEnv(t)
	env.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	screens := map[string]string{}
	for _, email := range []string{"wile@acme.example", "nile@acme.example"} { // the same length: the same lines
		c, _ := startReset(t, env, email, true)
		c.waitFor(email)
		c.key("enter")
		screen := c.waitFor(resetSent, "Reset code")
		if strings.Contains(screen, "No mail server") {
			t.Fatalf("with a mail server the outbox line shows:\n%s", screen)
		}
		screens[email] = strings.ReplaceAll(screen, email, "EMAIL")
	}
	if screens["wile@acme.example"] != screens["nile@acme.example"] {
		t.Fatalf("the screens differ:\n%s\n---\n%s", screens["wile@acme.example"], screens["nile@acme.example"])
	}
}

func TestResetKeepsTheEmailAndCancels(t *testing.T) { // R-PWD-3
	env := newTestEnv(t)
	c, _ := startReset(t, env, "", false)
	c.waitFor("Email")
	c.typeText("not an address")
	c.ctrl('o') // a code goes with its address: that comes first
	c.waitFor("That is not an email address", "not an address")
	c.key("enter")
	c.waitFor("That is not an email address", "not an address", "forgot password")
	for range len("not an address") {
		c.key("backspace")
	}
	c.typeText("wile@acme.example")
	c.ctrl('o')
	c.waitFor("forgot password of wile@acme.example", "Reset code")
	c.key("esc")
	c.waitFor("ended: cancelled")
}

func TestResetWithACodeAlreadyAtHandThenTwoFactor(t *testing.T) { // R-PWD-3, R-2FA-5
	env := newTestEnv(t)
	sess := env.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	ctx := model.WithSession(context.Background(), sess.ID)
	setup, err := env.svc.BeginTwoFactorSetup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.svc.EnableTwoFactor(ctx, testPassword, codeAt(t, setup.Secret, env.clock.Now())); err != nil {
		t.Fatal(err)
	}
	if err := env.svc.RequestPasswordReset(context.Background(), "wile@acme.example", model.LocalOrigin, model.Client{}); err != nil {
		t.Fatal(err)
	}
	code := resetCodeFor(t, env, "wile@acme.example")
	c, _ := startReset(t, env, "wile@acme.example", false)
	c.waitFor("wile@acme.example")
	c.ctrl('o') // a code from an earlier request: asking again would replace it
	c.waitFor("Reset code", "forgot password of wile@acme.example")
	c.typeText(code)
	c.key("enter")
	const next = "granite-pelican-sunrise-7"
	c.typeText(next)
	c.key("enter")
	c.typeText(next)
	c.key("enter")
	c.waitFor("ended: done wile@acme.example session=false challenge=true")
}

func TestResetRequestWaitIsShown(t *testing.T) { // R-PWD-3
	env := newTestEnv(t)
	c, _ := startReset(t, env, "nobody@acme.example", false)
	c.waitFor("nobody@acme.example")
	c.key("enter")
	c.waitFor(resetSent)
	c.ctrl('r')
	c.waitFor("A reset code was asked for this address", "Wait 1 minute", "Next attempt possible in 1 minute")
}
