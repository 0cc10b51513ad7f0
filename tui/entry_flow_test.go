package tui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/tui/tuitest"
)

// Flows between the entry screens and the shell: the lock screen over the
// shell (R-SES-1), a session that ends elsewhere (R-SES-2, R-USR-3), an
// SSH console on an empty database (R-SRV-4).

const wile = "wile@acme.example"

// editingName signs in as the owner of a new account and starts editing
// the name, typing " Jr": what the lock must keep.
func editingName(t *testing.T) (*tuitest.Env, *model.Session, *tuitest.Console) {
	t.Helper()
	env := tuitest.NewEnv(t)
	s := env.SignUp(t, "Acme", "Wile Coyote", wile)
	c := tuitest.Run(t, env, 80, 24, tuitest.SignedIn(s))
	c.WaitFor("Member since")
	c.Keys("e")
	c.WaitFor("Edit name", "Wile Coyote")
	c.Type(" Jr")
	c.WaitFor("Wile Coyote Jr")
	return env, s, c
}

// openAs reports whether the session of token is open.
func openAs(t *testing.T, env *tuitest.Env, token string) bool {
	t.Helper()
	ok, err := env.Svc.SessionOpen(model.WithSession(context.Background(), token))
	return err == nil && ok
}

// R-SES-1: after the hour the console locks over what was open. A wrong
// password keeps the lock; the right one resumes exactly where the user
// was, under a new session token: the old one no longer works.
func TestLockAfterTheHourResumesWhereTheUserWas(t *testing.T) {
	env, s, c := editingName(t)
	env.Clock.Advance(time.Hour)
	screen := c.WaitFor("Session locked", "Wile Coyote, your session has been open for an hour", "Password", "esc sign out")
	if strings.Contains(screen, "Code") {
		t.Fatalf("the lock asks for a code without 2FA:\n%s", screen)
	}
	c.Type("not my password")
	c.Keys("enter")
	c.WaitFor("That password is not correct", "Session locked")
	c.Type(tuitest.Password)
	c.Keys("enter")
	c.WaitFor("Unlocked. Welcome back.", "Edit name", "Wile Coyote Jr")
	c.WaitGone("Session locked")
	if openAs(t, env, s.Token) {
		t.Fatal("the session's old token still works after the unlock (R-SES-1)")
	}
	c.Keys("enter") // the console goes on under the new token
	c.WaitFor("Name saved.", "Wile Coyote Jr (Owner)")
}

// R-SES-1, R-2FA-5: with 2FA on the lock asks for a code too. Letters are
// refused in the field; a wrong code keeps the lock; the password and a
// right code resume.
func TestLockAsksForTheCode(t *testing.T) {
	env := tuitest.NewEnv(t)
	s := env.SignUp(t, "Acme", "Wile Coyote", wile)
	secret, _ := env.EnableTwoFactor(t, s)
	c := tuitest.Run(t, env, 80, 24, tuitest.SignedIn(s))
	c.WaitFor("Member since")
	env.Clock.Advance(time.Hour)
	c.WaitFor("Session locked", "Type your password and a code", "Code", "shift+tab previous field")
	c.Type(tuitest.Password)
	c.Keys("enter")
	c.Type("12a456")
	c.Keys("enter")
	c.WaitFor("neither an app code nor a recovery code", "12a456")
	for range 6 {
		c.Keys("backspace")
	}
	c.Type(tuitest.WrongCode(env.Code(t, secret)))
	c.Keys("enter")
	c.WaitFor("That code is not correct", "Session locked")
	c.Type(tuitest.Password)
	c.Keys("enter")
	c.Type(env.Code(t, secret))
	c.Keys("enter")
	c.WaitFor("Unlocked. Welcome back.", "Member since")
	if openAs(t, env, s.Token) {
		t.Fatal("the session's old token still works after the unlock (R-SES-1)")
	}
}

// R-SES-1: esc on the lock screen signs out.
func TestEscOnTheLockSignsOut(t *testing.T) {
	env, s, c := editingName(t)
	env.Clock.Advance(time.Hour)
	c.WaitFor("Session locked")
	c.Keys("esc")
	c.WaitFor("acctl — sign in", "You have signed out.")
	deadline := time.Now().Add(2 * time.Second) // the session ends off the update loop
	for openAs(t, env, s.Token) {
		if time.Now().After(deadline) {
			t.Fatal("the session is still open after signing out")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if u, _ := env.DB.FindUserByEmail(context.Background(), wile); u.Name != "Wile Coyote" {
		t.Fatalf("the name being edited was saved: %q", u.Name)
	}
}

// R-SES-2: a console whose session is closed from another console goes
// back to sign-in within two seconds and says why.
func TestSessionClosedElsewhereGoesToSignIn(t *testing.T) {
	env := tuitest.NewEnv(t)
	s := env.SignUp(t, "Acme", "Wile Coyote", wile)
	other := env.SignIn(t, wile)
	c := tuitest.Run(t, env, 80, 24, tuitest.SignedIn(s))
	c.WaitFor("Member since")
	if err := env.Svc.CloseSession(tuitest.Ctx(other), s.ID); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	c.WaitFor("acctl — sign in", "This session was closed from another console. Sign in again.")
	if d := time.Since(start); d > 2*time.Second+500*time.Millisecond {
		t.Fatalf("signed out after %v, want within 2 s", d)
	}
}

// R-USR-3, issue 9: a disabled user's console says the user was disabled,
// not that the session was closed from another console.
func TestDisabledUserIsToldSo(t *testing.T) {
	env := tuitest.NewEnv(t)
	s := env.SignUp(t, "Acme", "Wile Coyote", wile)
	if _, _, err := env.Svc.InviteUser(tuitest.Ctx(s), "road@acme.example", model.RoleManager, tuitest.Password); err != nil {
		t.Fatal(err)
	}
	res, err := env.Svc.AcceptInvitation(context.Background(), model.AcceptInvitationRequest{
		Secret: invitationCode(t, env, "road@acme.example"), Name: "Road Runner", Password: tuitest.Password, Origin: model.LocalOrigin})
	if err != nil {
		t.Fatal(err)
	}
	env.Settle(t, res.Session.UserID)
	c := tuitest.Run(t, env, 80, 24, tuitest.SignedIn(res.Session))
	c.WaitFor("Road Runner (Manager)")
	if _, err := env.Svc.DisableUser(tuitest.Ctx(s), res.Session.UserID, tuitest.Password); err != nil {
		t.Fatal(err)
	}
	screen := c.WaitFor("acctl — sign in", "disabled your user")
	if strings.Contains(screen, "another console") {
		t.Fatalf("the disabled user is told of another console:\n%s", screen)
	}
	c.Type("road@acme.example")
	c.Keys("enter")
	c.Type(tuitest.Password)
	c.Keys("enter")
	c.WaitFor("This user has been disabled")
}

// R-SRV-4: over SSH an empty database says where the first owner is
// created, and offers no sign-up.
func TestRemoteConsoleOnAnEmptyDatabase(t *testing.T) {
	env := tuitest.NewEnv(t)
	c := tuitest.Run(t, env, 80, 24, tuitest.Remote())
	screen := c.WaitFor("This server has no account yet", "run acctl there")
	if strings.Contains(screen, "create your account") || strings.Contains(screen, "Company name") {
		t.Fatalf("sign-up is offered over SSH:\n%s", screen)
	}
	c.Type("Acme")
	c.Keys("enter")
	if strings.Contains(c.Settled(), "Company name") {
		t.Fatal("keys opened sign-up over SSH")
	}
	if yes, _ := env.Svc.NeedsSignUp(context.Background()); !yes {
		t.Fatal("an account was created over SSH")
	}
}

// invitationCode is the code of the invitation email to email.
func invitationCode(t *testing.T, env *tuitest.Env, email string) string {
	t.Helper()
	return modeltest.InvitationCode(t, env.DB, env.Sealer, email)
}

// Quitting a signed-in console (q from the menu, ctrl+c anywhere) ends its
// session and the program, drawing no screen of the user it no longer has
// (R-SES-5): Profile drew the signed-out user and panicked.
func TestQuitFromTheShell(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		t.Run(k, func(t *testing.T) {
			env := tuitest.NewEnv(t)
			s := env.SignUp(t, "Acme", "Wile Coyote", wile)
			c := tuitest.Run(t, env, 80, 24, tuitest.SignedIn(s))
			c.WaitFor("Member since", "q quit")
			c.Keys(k)
			c.TM.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
			if openAs(t, env, s.Token) {
				t.Fatal("the session is still open after quitting")
			}
		})
	}
}

// R-SES-2 with R-SES-1: a locked console whose session is closed from
// another console leaves the lock for sign-in, saying why.
func TestLockedSessionClosedElsewhere(t *testing.T) {
	env, s, c := editingName(t)
	env.Clock.Advance(time.Hour)
	c.WaitFor("Session locked")
	other := env.SignIn(t, wile)
	if err := env.Svc.CloseSession(tuitest.Ctx(other), s.ID); err != nil {
		t.Fatal(err)
	}
	c.WaitFor("acctl — sign in", "closed from another console")
}

// R-PWD-5 on the lock screen: failed passwords there count like any
// other; the wait is one live line, and the lock stays.
func TestLockWaitsAfterFailures(t *testing.T) {
	env, _, c := editingName(t)
	env.Clock.Advance(time.Hour)
	c.WaitFor("Session locked")
	before := env.WaitAuthEvents(t, wile, 0)
	for i := range model.FreeAttempts + 1 {
		c.Type(fmt.Sprintf("wrong password %d", i))
		c.Keys("enter")
		env.WaitAuthEvents(t, wile, before+i+1) // answered: keys typed meanwhile are dropped
	}
	screen := c.WaitFor("Session locked", "Too many failed attempts. Wait 1 minute:")
	if strings.Contains(screen, "not correct") {
		t.Fatalf("two refusals at once:\n%s", screen)
	}
	env.Clock.Advance(30 * time.Second)
	c.WaitFor("Wait 30 seconds:")
	env.Clock.Advance(30 * time.Second)
	c.WaitFor("The wait is over")
	c.Type(tuitest.Password)
	c.Keys("enter")
	c.WaitFor("Unlocked. Welcome back.", "Wile Coyote Jr")
}
