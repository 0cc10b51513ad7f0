package tui_test

import (
	"strings"
	"testing"

	"acctl/tui/tuitest"
)

// The shell opens on the menu; digits open sections, enter gives the focus
// to the screen, esc gives it back to the menu.
func TestShellMenuAndFocus(t *testing.T) {
	env := tuitest.NewEnv(t)
	s := env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
	c := tuitest.Run(t, env, 80, 24, tuitest.SignedIn(s))
	c.WaitFor("1 Profile", "Wile E. Coyote (Owner)")
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
