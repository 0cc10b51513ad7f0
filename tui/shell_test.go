package tui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/tui/tuitest"
)

func owner(t *testing.T) (*tuitest.Env, *tuitest.Console) {
	t.Helper()
	env := tuitest.NewEnv(t)
	s := env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
	c := tuitest.Run(t, env, 80, 24, tuitest.SignedIn(s))
	c.WaitFor("1 Profile", "Wile E. Coyote (Owner)")
	return env, c
}

// The shell opens on the menu; digits open sections, enter gives the focus
// to the screen (the menu folds away below 120 columns), esc gives it back.
func TestShellMenuAndFocus(t *testing.T) {
	_, c := owner(t)
	c.OpenSection("Sign-in history")
	c.WaitFor("Sign-in history  rows 1–")
	c.Keys("enter")
	screen := c.WaitFor("esc menu")
	if strings.Contains(screen, "1 Profile") {
		t.Fatalf("the menu still takes room while the screen has the focus:\n%s", screen)
	}
	c.Keys("esc")
	c.WaitFor("1 Profile", "enter open")
}

// Issue 9: a click on a menu row opens that row's section — every row.
func TestShellClickOpensTheRowUnderThePointer(t *testing.T) {
	_, c := owner(t)
	screen := c.WaitFor("9 Outbox")
	for row, line := range strings.Split(screen, "\n") {
		var n int
		var name string
		if _, err := fmt.Sscanf(line, " %d %s", &n, &name); err != nil || row == 0 {
			continue
		}
		c.Click(3, row)
		c.Keys("tab") // back to the menu: the click gave the screen the focus
		c.WaitStatus(strings.TrimSpace(strings.SplitN(line[4:], "│", 2)[0]))
	}
}

// Issue 9: O signs out from the screen as well as from the menu.
func TestSignOutFromTheScreen(t *testing.T) {
	_, c := owner(t)
	c.OpenSection("Sessions")
	c.Keys("enter")
	c.WaitFor("esc menu")
	c.Keys("O")
	c.WaitFor("acctl — sign in", "You have signed out.")
}

// SPEC §5, issue 9: keys typed in the burst that changes the screen reach
// the new screen, never the one being left.
func TestBurstAcrossAScreenChangeReachesTheNewScreen(t *testing.T) {
	env, c := owner(t)
	for i := 0; i < 5; i++ { // a few rows of history to move through
		env.SignIn(t, "wile@acme.example")
	}
	c.OpenSection("Sign-in history")
	c.Keys("enter")
	c.WaitFor("esc menu", "▌")
	c.Burst("?", "j", "j", "j") // help opens; the j's are the help's
	c.WaitFor("Keys", "esc close help")
	c.Keys("esc")
	screen := c.WaitFor("Sign-in history  rows")
	lines := strings.Split(screen, "\n")
	if !strings.HasPrefix(lines[3], "▌") {
		t.Fatalf("keys typed after ? moved the list underneath:\n%s", screen)
	}
}

// SPEC §5: a terminal too small says so in full, even at 40×10.
func TestTooSmallSaysSo(t *testing.T) {
	_, c := owner(t)
	c.Resize(40, 10)
	screen := c.WaitFor("60×16", "ctrl+c")
	for _, l := range strings.Split(screen, "\n") {
		if len([]rune(l)) > 40 {
			t.Fatalf("a line is wider than the terminal: %q", l)
		}
	}
	c.Resize(80, 24)
	c.WaitFor("1 Profile")
}

// The frame fills the terminal to its last row at 80×24 and 120×40.
func TestFrameFillsTheTerminal(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {60, 16}} {
		env := tuitest.NewEnv(t)
		s := env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
		c := tuitest.Run(t, env, size[0], size[1], tuitest.SignedIn(s))
		c.OpenSection("Sign-in history")
		screen := c.WaitFor("rows 1–", "? help")
		lines := strings.Split(screen, "\n")
		if len(lines) != size[1] || !strings.Contains(lines[size[1]-1], "help") {
			t.Fatalf("%dx%d: %d lines, last %q", size[0], size[1], len(lines), lines[len(lines)-1])
		}
	}
}

// A change to the signed-in user made elsewhere reaches the console within
// a poll or two: a new name is redrawn in the header, a new role changes
// the menu (R-ACC-4); the poll reads the user only when its revision moved
// (R-SES-2, migration 013).
func TestCallerChangedElsewhere(t *testing.T) {
	env := tuitest.NewEnv(t)
	owner := tuitest.Ctx(env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example"))
	if _, _, err := env.Svc.InviteUser(owner, "road@acme.example", model.RoleManager, tuitest.Password); err != nil {
		t.Fatal(err)
	}
	res, err := env.Svc.AcceptInvitation(context.Background(), model.AcceptInvitationRequest{
		Secret: modeltest.InvitationCode(t, env.DB, env.Sealer, "road@acme.example"), Name: "Road Runner",
		Password: tuitest.Password, Origin: model.LocalOrigin})
	if err != nil {
		t.Fatal(err)
	}
	env.Settle(t, res.Session.UserID)
	c := tuitest.Run(t, env, 80, 24, tuitest.SignedIn(res.Session))
	if screen := c.WaitFor("Road Runner (Manager)"); strings.Contains(screen, "Users") {
		t.Fatalf("a manager's menu has Users:\n%s", screen)
	}
	if _, err := env.Svc.ChangeName(tuitest.Ctx(res.Session), "Road R. Runner"); err != nil {
		t.Fatal(err)
	}
	c.WaitFor("Road R. Runner (Manager)")
	if _, err := env.Svc.ChangeRole(owner, res.Session.UserID, model.RoleOwner, tuitest.Password); err != nil {
		t.Fatal(err)
	}
	c.WaitFor("Road R. Runner (Owner)", "Users")
}

// The menu's keys show in the footer at every size down to 60×16: the
// menu keeps the focus after sign-in, and its footer is how a newcomer
// learns the number keys (SPEC §5).
func TestMenuFooterAtEverySize(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {60, 16}} {
		env := tuitest.NewEnv(t)
		s := env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
		c := tuitest.Run(t, env, size[0], size[1], tuitest.SignedIn(s))
		for _, resized := range [][2]int{size, {60, 16}, {80, 24}} {
			c.Resize(resized[0], resized[1])
			screen := c.WaitFor("1 Profile")
			c.Settled()
			screen = c.Screen()
			lines := strings.Split(screen, "\n")
			if last := lines[len(lines)-1]; !strings.Contains(last, "? help") || !strings.Contains(last, "enter open") {
				t.Fatalf("%dx%d then %dx%d: the footer is %q:\n%s", size[0], size[1], resized[0], resized[1], last, screen)
			}
		}
	}
}
