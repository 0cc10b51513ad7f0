package activity_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/tuitest"
)

func signedIn(t *testing.T, w, h int) (*tuitest.Env, *model.Session, *tuitest.Console) {
	t.Helper()
	env := tuitest.NewEnv(t)
	s := env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
	c := tuitest.Run(t, env, w, h, tuitest.SignedIn(s))
	c.WaitFor("1 Profile")
	return env, s, c
}

// Golden files of the activity screens at 80×24 and 120×40, on dark and
// light terminals.
func TestActivityGoldens(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, bg := range []struct {
			name string
			msg  tea.BackgroundColorMsg
		}{{"dark", tuitest.Dark}, {"light", tuitest.Light}} {
			name := fmt.Sprintf("%dx%d-%s", size[0], size[1], bg.name)
			t.Run(name, func(t *testing.T) {
				env, _, c := signedIn(t, size[0], size[1])
				env.Clock.Advance(30 * time.Second) // a second session, later
				env.SignIn(t, "wile@acme.example")
				c.TM.Send(bg.msg)
				for _, sec := range []struct{ menu, want, file string }{
					{"Sessions", "rows 1–2", "sessions"},
					{"Sign-in history", "rows 1–", "history"},
					{"Security log", "account.created", "securitylog"},
					{"Outbox", "No email or SMS", "outbox"},
				} {
					c.OpenSection(sec.menu)
					c.Keys("enter")
					c.Golden(sec.file+"-"+name, sec.want)
					c.Keys("esc")
				}
			})
		}
	}
}

// R-SES-2: another session is closed after a yes; this console's own is
// refused with how to end it; closing is said in the status line.
func TestCloseAnotherSession(t *testing.T) {
	env, _, c := signedIn(t, 80, 24)
	other := env.SignIn(t, "wile@acme.example")
	c.OpenSection("Sessions")
	c.Keys("enter")
	screen := c.WaitFor("▸ local terminal")
	// The newest session (the other one) is first.
	if !strings.Contains(strings.Split(screen, "\n")[3], "▌") {
		t.Fatalf("no selection on the first row:\n%s", screen)
	}
	c.Keys("d")
	c.WaitFor("Its console will be signed out.")
	c.Keys("n")
	c.WaitGone("Its console will be signed out.")
	if open, _ := env.Svc.SessionOpen(tuitest.Ctx(other)); !open {
		t.Fatal("n closed the session")
	}
	c.Keys("d")
	c.WaitFor("Its console will be signed out.")
	c.Keys("y")
	c.WaitFor("Session closed.")
	if open, _ := env.Svc.SessionOpen(tuitest.Ctx(other)); open {
		t.Fatal("y did not close the session")
	}
	c.WaitFor("rows 1–1") // the reload has dropped the closed session

	c.Keys("d")
	c.WaitFor("That is this console's session.")
}

// R-SES-2: a console whose session is closed elsewhere signs out within two
// seconds and says why.
func TestClosedElsewhereSignsOut(t *testing.T) {
	env, s, c := signedIn(t, 80, 24)
	other := env.SignIn(t, "wile@acme.example")
	if err := env.Svc.CloseSession(tuitest.Ctx(other), s.ID); err != nil {
		t.Fatal(err)
	}
	c.WaitFor("acctl — sign in", "closed from another console")
}

// SPEC §5: a message keeps its line breaks, each line cleaned.
func TestOutboxMessageKeepsLines(t *testing.T) {
	env, s, c := signedIn(t, 80, 24)
	if err := env.Svc.ChangePassword(tuitest.Ctx(s), tuitest.Password, "another-long-pass-phrase-77"); err != nil {
		t.Fatal(err)
	}
	c.OpenSection("Outbox")
	c.Keys("enter")
	c.WaitFor("password")
	c.Keys("enter")
	screen := c.WaitFor("Created")
	var bodyLines int
	for _, l := range strings.Split(screen, "\n")[6:20] {
		if strings.TrimSpace(l) != "" {
			bodyLines++
		}
	}
	if bodyLines < 3 {
		t.Fatalf("the body is run together on %d lines:\n%s", bodyLines, screen)
	}
}

// R-SES-6: every other session closes at once, after the password.
func TestCloseAllOtherSessions(t *testing.T) {
	env, s, c := signedIn(t, 80, 24)
	env.SignIn(t, "wile@acme.example")
	env.SignIn(t, "wile@acme.example")
	c.OpenSection("Sessions")
	c.Keys("enter")
	c.WaitFor("rows 1–3")
	c.Keys("D")
	c.WaitFor("To close them, type your password.")
	c.Type("wrong password")
	c.Keys("enter")
	c.WaitFor("not correct")
	c.Type(tuitest.Password)
	c.Keys("enter")
	c.WaitFor("2 other sessions closed", "rows 1–1")
	if list, _ := env.Svc.ListSessions(tuitest.Ctx(s)); len(list) != 1 {
		t.Fatalf("%d sessions open", len(list))
	}
}

// R-SES-2: "n", then "d y" typed in one burst closes the session: the
// late answer "no" to the first question does not swallow the second.
func TestCloseSessionAfterABurst(t *testing.T) {
	env, _, c := signedIn(t, 80, 24)
	other := env.SignIn(t, "wile@acme.example")
	c.OpenSection("Sessions")
	c.Keys("enter")
	c.WaitFor("▸ local terminal")
	c.Keys("d")
	c.WaitFor("Its console will be signed out.")
	c.Burst("n", "d", "y")
	c.WaitFor("Session closed.")
	if open, _ := env.Svc.SessionOpen(tuitest.Ctx(other)); open {
		t.Fatal("the burst did not close the session")
	}
}
