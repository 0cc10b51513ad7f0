package profile_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"acctl/model"
	"acctl/tui/tuitest"
)

// withTwoFactor starts a console of a user with 2FA on, made through the
// service; it returns the secret and the recovery codes too.
func withTwoFactor(t *testing.T, w, h int) (*fixture, string, []string) {
	t.Helper()
	env := tuitest.NewEnv(t)
	s := env.SignUp(t, "Acme", "Wile Coyote", owner)
	secret, codes := enable2FA(t, env, s)
	c := tuitest.Run(t, env, w, h, tuitest.SignedIn(s))
	c.WaitFor("Two-factor     on", "Recovery codes 10 left")
	return &fixture{env, c, s}, secret, codes
}

// spend signs in with recovery codes, each of which is then used.
func spend(t *testing.T, env *tuitest.Env, codes []string) {
	t.Helper()
	for _, code := range codes {
		res, err := env.Svc.SignIn(context.Background(), model.SignInRequest{Email: owner, Password: password})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.Svc.CompleteSignIn(context.Background(), res.Challenge.Token, code); err != nil {
			t.Fatal(err)
		}
	}
}

// R-2FA-4, R-PWD-4: new codes after the password, shown once; the old ones
// stop working. A wrong password stays in the prompt.
func TestNewRecoveryCodes(t *testing.T) {
	f, _, old := withTwoFactor(t, 80, 24)
	spend(t, f.env, old[:8])
	f.c.Keys("1") // Profile, opened anew, reads the count again
	f.c.WaitFor("Recovery codes 2 left: press r for new codes")
	f.c.Keys("r")
	f.c.WaitFor("Ten new recovery codes replace your current ones")
	f.c.Type("not my password")
	f.c.Keys("enter")
	f.c.WaitFor("That password is not correct", "Ten new recovery codes")
	f.c.Type(password)
	f.c.Keys("enter")
	codes := storeCodes(t, f.c)
	// R-PWD-6: the sessions the old codes opened can be closed at once.
	f.c.WaitFor("Close your other sessions?", "You have 8 other sessions")
	f.c.Keys("y")
	f.c.WaitFor("To close your other sessions, type your password.")
	f.c.Type(password)
	f.c.Keys("enter")
	f.c.WaitFor("8 other sessions closed", "Recovery codes 10 left")
	if list, _ := f.env.Svc.ListSessions(tuitest.Ctx(f.s)); len(list) != 1 {
		t.Fatalf("%d sessions open after closing the others", len(list))
	}
	res, err := f.env.Svc.SignIn(context.Background(), model.SignInRequest{Email: owner, Password: password})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.env.Svc.CompleteSignIn(context.Background(), res.Challenge.Token, old[9]); err != model.ErrWrongCode {
		t.Fatalf("an old code still signs in: %v", err)
	}
	if _, err := f.env.Svc.CompleteSignIn(context.Background(), res.Challenge.Token, codes[0]); err != nil {
		t.Fatalf("a new code does not sign in: %v", err)
	}
}

// R-2FA-4: Profile warns at three codes left or fewer, and alarms at none.
func TestRecoveryCodesLeft(t *testing.T) {
	for _, tt := range []struct {
		spent int
		want  string
	}{
		{6, "Recovery codes 4 left"},
		{7, "Recovery codes 3 left: press r for new codes"},
		{10, "Recovery codes none left: press r for new codes now"},
	} {
		t.Run(fmt.Sprint(tt.spent), func(t *testing.T) {
			env := tuitest.NewEnv(t)
			s := env.SignUp(t, "Acme", "Wile Coyote", owner)
			_, codes := enable2FA(t, env, s)
			spend(t, env, codes[:tt.spent])
			c := tuitest.Run(t, env, 80, 24, tuitest.SignedIn(s))
			screen := c.WaitFor(tt.want)
			if tt.spent == 6 && strings.Contains(screen, "press r") {
				t.Fatalf("a warning at 4 codes left:\n%s", screen)
			}
		})
	}
}

// R-2FA-6: a current code and the password. Letters are refused in the
// field; a wrong code comes back after the password with the code kept;
// esc in the prompt changes nothing.
func TestTurnTwoFactorOff(t *testing.T) {
	f, secret, _ := withTwoFactor(t, 80, 24)
	c := f.c
	c.Keys("x")
	c.WaitFor("Turn two-factor authentication off", "Current code")
	c.Type("12a456")
	c.Keys("enter")
	c.WaitFor("That is neither an app code nor a recovery code", "12a456")
	erase(c, 6)
	wrong := codeAt(t, f.env, secret, 5)
	c.Type(wrong)
	c.Keys("enter")
	c.WaitFor("Confirm with your password", "To turn two-factor authentication off")
	c.Keys("esc")
	c.WaitGone("Confirm with your password")
	c.WaitFor("Current code", wrong)
	c.Keys("enter")
	c.WaitFor("Confirm with your password")
	c.Type(password)
	c.Keys("enter")
	c.WaitFor("That code is not correct", wrong)
	c.WaitGone("Confirm with your password")
	if !me(t, f.env, owner).TOTPEnabled {
		t.Fatal("a wrong code turned 2FA off")
	}
	erase(c, 6)
	c.Type(codeAt(t, f.env, secret, 0))
	c.Keys("enter")
	c.WaitFor("Confirm with your password")
	c.Type(password)
	c.Keys("enter")
	c.WaitFor("Two-factor authentication is off.", "Two-factor     off")
	if me(t, f.env, owner).TOTPEnabled {
		t.Fatal("2FA is still on")
	}
}

// R-2FA-7: an owner without 2FA is refused with the reason before any
// password; with 2FA the owner requires it after the password, and stops
// requiring it the same way.
func TestRequireTwoFactorForEveryone(t *testing.T) {
	f := signedIn(t, 80, 24)
	f.c.Keys("f")
	screen := f.c.WaitFor("Turn on two-factor authentication for yourself first")
	if strings.Contains(screen, "Confirm with your password") {
		t.Fatalf("the refusal came after a password prompt:\n%s", screen)
	}

	g, _, _ := withTwoFactor(t, 80, 24)
	g.c.Keys("f")
	g.c.WaitFor("Confirm with your password", "Every user of Acme without two-factor")
	g.c.Type(password)
	g.c.Keys("enter")
	g.c.WaitFor("Two-factor authentication is now required for every user.", "Account 2FA    required for every user of Acme", "f stop requiring 2FA")
	g.c.Keys("f")
	g.c.WaitFor("Confirm with your password", "Users may then turn two-factor")
	g.c.Type(password)
	g.c.Keys("enter")
	g.c.WaitFor("Two-factor authentication is no longer required.", "Account 2FA    not required")
}
