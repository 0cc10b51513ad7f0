package tui_test

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"acctl/model"
	"acctl/tui"
	"acctl/tui/tuitest"
)

// ends waits for the console's program to end by itself.
func ends(t *testing.T, c *tuitest.Console) {
	t.Helper()
	c.TM.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// open reports whether session s is still open.
func open(t *testing.T, env *tuitest.Env, s *model.Session) bool {
	t.Helper()
	ok, err := env.Svc.SessionOpen(tuitest.Ctx(s))
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// R-SRV-3: a console idle for its timeout ends itself and its session,
// saying why; a key starts the wait again.
func TestConsoleEndsWhenIdle(t *testing.T) { // R-SRV-3, R-SES-5
	env := tuitest.NewEnv(t)
	s := env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
	c := tuitest.Run(t, env, 80, 24, tuitest.SignedIn(s), tuitest.Remote(),
		func(o *tui.Options) { o.IdleTimeout = 15 * time.Minute })
	c.WaitFor("1 Profile")
	env.Clock.Advance(14 * time.Minute)
	c.Keys("down")
	c.WaitFor("Sessions  rows") // the key was taken
	env.Clock.Advance(14 * time.Minute)
	time.Sleep(1500 * time.Millisecond) // a tick or more
	if !open(t, env, s) || c.App.Reason() != "" {
		t.Fatalf("the console ended %s after its last key: %q", 14*time.Minute, c.App.Reason())
	}
	env.Clock.Advance(time.Minute)
	ends(t, c)
	if !strings.Contains(c.App.Reason(), "idle for 15 minutes") {
		t.Fatalf("reason %q", c.App.Reason())
	}
	if open(t, env, s) {
		t.Fatal("the idle console's session is still open")
	}
}

// R-SRV-3: a console ends itself at its deadline, the SSH connection's
// lifetime, whatever the person does.
func TestConsoleEndsAtItsDeadline(t *testing.T) { // R-SRV-3
	env := tuitest.NewEnv(t)
	s := env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
	c := tuitest.Run(t, env, 80, 24, tuitest.SignedIn(s), tuitest.Remote(),
		func(o *tui.Options) { o.Deadline = tuitest.Start.Add(time.Hour) })
	c.WaitFor("1 Profile")
	env.Clock.Advance(time.Hour)
	c.Keys("down")
	ends(t, c)
	if !strings.Contains(c.App.Reason(), "time limit") || open(t, env, s) {
		t.Fatalf("reason %q, session open %v", c.App.Reason(), open(t, env, s))
	}
}

// R-SRV-6: over SSH a console whose session is closed elsewhere ends, so
// that its connection ends, instead of going back to sign-in.
func TestRemoteConsoleEndsWithItsSession(t *testing.T) { // R-SRV-6, R-SES-2
	env := tuitest.NewEnv(t)
	s := env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
	other := env.SignIn(t, "wile@acme.example")
	c := tuitest.Run(t, env, 80, 24, tuitest.SignedIn(s), tuitest.Remote())
	c.WaitFor("1 Profile")
	if err := env.Svc.CloseSession(tuitest.Ctx(other), s.ID); err != nil {
		t.Fatal(err)
	}
	ends(t, c)
	if !strings.Contains(c.App.Reason(), "closed from another console") {
		t.Fatalf("reason %q", c.App.Reason())
	}
}

// Over SSH signing out ends the console and its connection; locally it
// goes back to sign-in.
func TestSignOutOverSSHEndsTheConsole(t *testing.T) { // R-SRV-6
	env := tuitest.NewEnv(t)
	s := env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
	c := tuitest.Run(t, env, 80, 24, tuitest.SignedIn(s), tuitest.Remote())
	c.WaitFor("1 Profile")
	c.Keys("O")
	ends(t, c)
	if c.App.Reason() != "You have signed out." || open(t, env, s) {
		t.Fatalf("reason %q, session open %v", c.App.Reason(), open(t, env, s))
	}

	local := tuitest.Run(t, env, 80, 24, tuitest.SignedIn(env.SignIn(t, "wile@acme.example")))
	local.WaitFor("1 Profile")
	local.Keys("O")
	local.WaitFor("You have signed out.", "Password")
	if local.App.Reason() != "" {
		t.Fatalf("a local console has a reason %q", local.App.Reason())
	}
}

// A console that is idle draws nothing new until something changes: the
// header's time left is redrawn when it changes, without a key.
func TestIdleConsoleRedrawsItsClock(t *testing.T) { // R-SES-1
	env := tuitest.NewEnv(t)
	s := env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
	c := tuitest.Run(t, env, 80, 24, tuitest.SignedIn(s), tuitest.Remote())
	c.WaitFor("session 1h")
	env.Clock.Advance(time.Minute)
	c.WaitFor("session 59m")
}

// R-SRV-5: the text fields' clipboard keys would run xclip on the machine
// acctl runs on — over SSH, the server — to read its clipboard into the
// field: the console keeps them and says how to paste; the terminal's own
// paste goes in.
func TestClipboardKeysNeverReachTheFields(t *testing.T) {
	env := tuitest.NewEnv(t)
	env.SignUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	c := tuitest.Run(t, env, 80, 24, tuitest.Remote())
	c.WaitFor("Email")
	c.Keys("ctrl+v")
	c.WaitStatus("Paste with your terminal")
	c.TM.Send(tea.PasteMsg{Content: "wile@acme.example"})
	c.WaitFor("> wile@acme.example")
}
