package profile_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"acctl/model"
	"acctl/tui/tuitest"
)

const (
	owner    = "wile@acme.example"
	password = tuitest.Password
)

var (
	secretOnScreen   = regexp.MustCompile(`\b[A-Z2-7]{4}(?: [A-Z2-7]{4}){7}\b`)
	recoveryOnScreen = regexp.MustCompile(`\b[0-9a-z]{4}(?:-[0-9a-z]{4}){5}\b`)
	// Volatile parts of the goldens: the session's time left, the QR
	// code, the secret, the URI's secret and the recovery codes, which
	// are new every run.
	qrBlocks    = regexp.MustCompile(`(?m)^[█▀▄ ]*[█▀▄] *`)
	secretParts = regexp.MustCompile(`[A-Z2-7]{4}(?: [A-Z2-7]{4})+|[A-Z2-7]{6,}`)
	volatile    = []*regexp.Regexp{tuitest.Clock, qrBlocks, secretParts, recoveryOnScreen}
)

// fixture is a console on a database, signed in as a session.
type fixture struct {
	env *tuitest.Env
	c   *tuitest.Console
	s   *model.Session
}

// signedIn starts a w×h console signed in as the owner of a new account,
// past the newcomer's 2FA step, on Profile.
func signedIn(t *testing.T, w, h int) *fixture {
	t.Helper()
	env := tuitest.NewEnv(t)
	s := env.SignUp(t, "Acme", "Wile Coyote", owner)
	c := tuitest.Run(t, env, w, h, tuitest.SignedIn(s))
	c.WaitFor("Member since", "Last sign-in")
	return &fixture{env, c, s}
}

// me reads a user back from the database.
func me(t *testing.T, env *tuitest.Env, email string) *model.User {
	t.Helper()
	u, err := env.DB.FindUserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// enable2FA turns 2FA on for s's user through the service and returns the
// secret and the recovery codes; the clock then moves a step on, so that
// the next code is not the one used.
func enable2FA(t *testing.T, env *tuitest.Env, s *model.Session) (string, []string) {
	t.Helper()
	ctx := tuitest.Ctx(s)
	setup, err := env.Svc.BeginTwoFactorSetup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	codes, err := env.Svc.EnableTwoFactor(ctx, password, codeAt(t, env, setup.Secret, 0))
	if err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(model.TOTPPeriod)
	return setup.Secret, codes
}

// codeAt is what an authenticator app shows for secret, steps from now.
func codeAt(t *testing.T, env *tuitest.Env, secret string, steps int64) string {
	t.Helper()
	code, err := model.TOTPCode(secret, model.TOTPStep(env.Clock.Now())+steps, model.TOTPDigits)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// readSecret reads the grouped secret off the setup screen, as a person
// typing it into an app would.
func readSecret(t *testing.T, c *tuitest.Console) string {
	t.Helper()
	screen := c.WaitFor("Set up two-factor authentication", "otpauth://totp/")
	m := secretOnScreen.FindString(panelText(screen))
	if m == "" {
		t.Fatalf("no grouped secret on the setup screen:\n%s", screen)
	}
	return strings.ReplaceAll(m, " ", "")
}

// panelText is the text of a screen with the QR code left out of every
// line, joined by spaces: the setup panel's words, in order.
func panelText(screen string) string {
	var words []string
	for _, line := range strings.Split(screen, "\n") {
		words = append(words, strings.Fields(strings.TrimLeft(line, "█▀▄ "))...)
	}
	return strings.Join(words, " ")
}

// erase deletes n characters before the cursor.
func erase(c *tuitest.Console, n int) {
	for range n {
		c.Keys("backspace")
	}
}

// storeCodes says the shown recovery codes are stored, and returns them.
func storeCodes(t *testing.T, c *tuitest.Console) []string {
	t.Helper()
	screen := c.WaitFor("Recovery codes", "d I have stored them")
	codes := recoveryOnScreen.FindAllString(screen, -1)
	if len(codes) != model.RecoveryCodeCount {
		t.Fatalf("the panel shows %d recovery codes, want %d:\n%s", len(codes), model.RecoveryCodeCount, screen)
	}
	c.Keys("d")
	c.WaitFor("Have you stored them")
	c.Keys("y")
	return codes
}

// goldens draws a screen at 80×24 and 120×40 on both backgrounds: start
// opens a console of a size, open brings it to the screen, which then
// shows want. extra patterns are blanked as well as the volatile ones.
func goldens(t *testing.T, name, want string, start func(t *testing.T, w, h int) *fixture, open func(t *testing.T, f *fixture), extra ...*regexp.Regexp) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		for _, sz := range []struct {
			name string
			w, h int
		}{{"80x24", 80, 24}, {"120x40", 120, 40}} {
			for _, bg := range []string{"dark", "light"} {
				t.Run(sz.name+"_"+bg, func(t *testing.T) {
					f := start(t, sz.w, sz.h)
					if bg == "light" {
						f.c.TM.Send(tuitest.Light)
					}
					open(t, f)
					f.c.Golden(name+"_"+sz.name+"_"+bg, want, append(extra, volatile...)...)
				})
			}
		}
	})
}
