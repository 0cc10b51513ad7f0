package entry_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"acctl/tui/tuitest"
)

// fits checks that the screen fills a w×h terminal without a line wider
// than it, ends with the footer, and shows each of wants: what must be on
// screen (the focused field, its refusal). It waits for them first.
func fits(t *testing.T, c *tuitest.Console, w, h int, footer string, wants ...string) {
	t.Helper()
	screen := c.WaitFor(append(wants, footer)...)
	lines := strings.Split(screen, "\n")
	if len(lines) != h || !strings.Contains(lines[h-1], footer) {
		t.Fatalf("%d lines, the last %q, want %d ending with the footer:\n%s", len(lines), lines[len(lines)-1], h, screen)
	}
	for _, l := range lines {
		if n := len([]rune(l)); n > w {
			t.Fatalf("a line is %d wide, wider than %d: %q", n, w, l)
		}
	}
}

// field moves to the next field, leaving value in the one it leaves.
func field(c *tuitest.Console, value string) {
	c.Type(value)
	c.Keys("enter")
}

// SPEC §5, issue 9: at 80×24 and at the advertised minimum, 60×16, every
// entry screen keeps the focused field and its refusal on screen, whatever
// its length, and the footer on the last row.
func TestEntryScreensFit(t *testing.T) {
	for _, sz := range [][2]int{{60, 16}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) { entryScreensFit(t, sz[0], sz[1]) })
	}
}

func entryScreensFit(t *testing.T, w, h int) {
	t.Run("signup", func(t *testing.T) {
		c := tuitest.Run(t, tuitest.NewEnv(t), w, h)
		fits(t, c, w, h, "enter next", "┃ Company name")
		field(c, "Acme")
		fits(t, c, w, h, "enter next", "┃ Your name")
		field(c, "Wile Coyote")
		fits(t, c, w, h, "enter next", "┃ Email")
		field(c, "not an address")
		fits(t, c, w, h, "enter next", "┃ Email", "not an email address")
		for range len("not an address") {
			c.Keys("backspace")
		}
		field(c, owner)
		fits(t, c, w, h, "enter next", "┃ Password", "┃ At least 12 characters")
		field(c, password)
		fits(t, c, w, h, "enter next", "┃ Repeat the password")
		field(c, "something else")
		fits(t, c, w, h, "enter next", "┃ Repeat the password", "The two passwords differ")
	})
	t.Run("signin", func(t *testing.T) {
		c := signedOut(t, w, h)
		fits(t, c, w, h, "ctrl+n I have an invitation", "┃ Email")
		field(c, owner)
		field(c, "wrong password")
		fits(t, c, w, h, "ctrl+n I have an invitation", "┃ Password", "The email or password is incorrect")
	})
	t.Run("signin_demo", func(t *testing.T) {
		env := tuitest.NewEnv(t)
		c := tuitest.Run(t, env, w, h, seedDemo(t, env))
		fits(t, c, w, h, "ctrl+n I have an invitation", "┃ Password", "Password for every demo user", "sam@support.example")
	})
	t.Run("codestep", func(t *testing.T) {
		env, s := account(t)
		env.EnableTwoFactor(t, s)
		c := tuitest.Run(t, env, w, h)
		signInAs(c, owner, password)
		c.WaitFor("┃ Code")
		field(c, "000 00")
		fits(t, c, w, h, "esc back to the password", "┃ Code", "6 digits")
	})
	t.Run("reset", func(t *testing.T) { // the longest: notes above the form
		env, _ := account(t)
		c := tuitest.Run(t, env, w, h)
		toReset(c, owner)
		fits(t, c, w, h, "esc back to sign-in", "┃ Email")
		c.Keys("enter")
		fits(t, c, w, h, "esc back to sign-in", "┃ Reset code")
		field(c, "not a code")
		fits(t, c, w, h, "esc back to sign-in", "┃ Reset code", "A reset code has")
		for range len("not a code") {
			c.Keys("backspace")
		}
		field(c, strings.Repeat("a", 24))
		fits(t, c, w, h, "esc back to sign-in", "┃ New password")
		field(c, next)
		fits(t, c, w, h, "esc back to sign-in", "┃ Repeat the new password")
		field(c, next)
		fits(t, c, w, h, "esc back to sign-in", "┃ Reset code", "That reset code is not correct")
	})
	t.Run("invitation", func(t *testing.T) {
		c := signedOut(t, w, h)
		toInvitation(c)
		fits(t, c, w, h, "esc back to sign-in", "┃ Invitation code")
		field(c, "not a code")
		fits(t, c, w, h, "esc back to sign-in", "┃ Invitation code", "That is not an invitation code")
	})
	t.Run("invitation_fields", func(t *testing.T) {
		env, s := account(t)
		code := invite(t, env, s)
		c := tuitest.Run(t, env, w, h)
		toInvitation(c)
		field(c, code)
		fits(t, c, w, h, "esc back to sign-in", "┃ Your name")
		field(c, "Road Runner")
		fits(t, c, w, h, "esc back to sign-in", "┃ Password")
		field(c, next)
		fits(t, c, w, h, "esc back to sign-in", "┃ Repeat the password")
		field(c, "x")
		fits(t, c, w, h, "esc back to sign-in", "┃ Repeat the password", "The two passwords differ")
	})
	t.Run("lock", func(t *testing.T) {
		env, s := account(t)
		env.EnableTwoFactor(t, s)
		c := tuitest.Run(t, env, w, h, tuitest.SignedIn(s))
		c.WaitFor("Profile")
		env.Clock.Advance(time.Hour)
		fits(t, c, w, h, "enter unlock", "Session locked", "┃ Password")
		field(c, "not my password")
		fits(t, c, w, h, "enter unlock", "┃ Code")
		field(c, "000000")
		fits(t, c, w, h, "enter unlock", "┃ Password", "That password is not correct")
	})
	t.Run("noaccount", func(t *testing.T) {
		c := tuitest.Run(t, tuitest.NewEnv(t), w, h, tuitest.Remote())
		fits(t, c, w, h, "ctrl+c quit", "acctl — no account yet", "This server has no account yet", "run acctl there")
	})
}

// SPEC §5: below the minimum the entry screens say the terminal is too
// small, in full, instead of drawing garbage; back at the minimum the
// screen is as it was.
func TestEntryScreensSayTooSmall(t *testing.T) {
	env, _ := account(t)
	c := tuitest.Run(t, env, 60, 16)
	c.WaitFor("acctl — sign in")
	c.Type(owner)
	for _, sz := range [][2]int{{59, 16}, {60, 15}, {40, 10}} {
		c.Resize(sz[0], sz[1])
		screen := c.WaitFor(fmt.Sprintf("The terminal is %d×%d.", sz[0], sz[1]), "60×16", "ctrl+c")
		for _, l := range strings.Split(screen, "\n") {
			if len([]rune(l)) > sz[0] {
				t.Fatalf("%v: a line is wider than the terminal: %q", sz, l)
			}
		}
		if strings.Contains(screen, "sign in") {
			t.Fatalf("%v: the screen is drawn too:\n%s", sz, screen)
		}
	}
	c.Resize(60, 16)
	c.WaitFor("acctl — sign in", owner)
}
