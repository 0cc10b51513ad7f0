package entry_test

import (
	"context"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"acctl/demo"
	"acctl/model"
	"acctl/tui"
	"acctl/tui/common"
	"acctl/tui/tuitest"
)

const (
	owner    = "wile@acme.example"
	password = tuitest.Password
	// next is the new password of the reset and invitation flows.
	next = "granite-pelican-sunrise-7"
)

// Volatile parts of the goldens: the session's time left, the demo
// panel's codes (their secrets are new every run) and their seconds left.
// Times of day come from the test clock and stay.
var (
	demoCodes = regexp.MustCompile(`code [0-9]{3} [0-9]{3} +[0-9]+s`)
	volatile  = []*regexp.Regexp{tuitest.Clock, demoCodes}
)

// account is a database with one account, its owner past the newcomer's
// 2FA step.
func account(t *testing.T) (*tuitest.Env, *model.Session) {
	t.Helper()
	env := tuitest.NewEnv(t)
	return env, env.SignUp(t, "Acme", "Wile Coyote", owner)
}

// user reads a user back from the database.
func user(t *testing.T, env *tuitest.Env, email string) *model.User {
	t.Helper()
	u, err := env.DB.FindUserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// misspelt is code with its first group changed: well formed, wrong.
func misspelt(code string) string {
	if strings.HasPrefix(code, "zzzz") {
		return "yyyy" + code[4:]
	}
	return "zzzz" + code[4:]
}

// choosePassword fills a "choose a password" pair as a person who gets it
// wrong first: a common password, refused with the reason while what was
// typed elsewhere (kept) stays and the password is not drawn; then pw
// with a repeat that differs, refused; then the right repeat, which
// leaves the form.
func choosePassword(t *testing.T, c *tuitest.Console, pw string, kept ...string) {
	t.Helper()
	c.Type("password1234")
	c.Keys("enter")
	if screen := c.WaitFor(append([]string{"too easy to guess"}, kept...)...); strings.Contains(screen, "password1234") {
		t.Fatalf("the password is drawn:\n%s", screen)
	}
	erase(c, len("password1234"))
	c.Type(pw)
	c.Keys("enter")
	c.Type(pw + "x")
	c.Keys("enter")
	c.WaitFor("The two passwords differ")
	c.Keys("backspace", "enter")
}

// inbox is the newest one-time code queued for email — a reset code, an
// invitation, an SMS — opened as its person reads it: codes are sealed in
// the outbox (SPEC §7).
func inbox(t *testing.T, env *tuitest.Env, email string) string {
	t.Helper()
	code := demo.Inbox(env.DB, env.Sealer)(context.Background(), email)
	if code == "" {
		t.Fatalf("no code in the outbox for %s", email)
	}
	return code
}

// withInbox gives the console the demo's inbox, as --demo does.
func withInbox(t *testing.T, env *tuitest.Env) tuitest.Option {
	return func(o *tui.Options) { o.Demo.Inbox = offLoop(t, env) }
}

// asDemo makes the console a --demo console on env's database: the logins
// panel and the inbox, with road@acme.example as the invitee.
func asDemo(t *testing.T, env *tuitest.Env, logins ...common.DemoLogin) tuitest.Option {
	return func(o *tui.Options) {
		o.Demo = common.Demo{Logins: logins, Inbox: offLoop(t, env), Invitee: "road@acme.example"}
	}
}

// offLoop is the demo's inbox, which reads the database: it fails the test
// when it is called on the update loop, where the console must make no
// database call (issue 9) — a command runs in a goroutine of its own.
func offLoop(t *testing.T, env *tuitest.Env) func(context.Context, string) string {
	read := demo.Inbox(env.DB, env.Sealer)
	return func(ctx context.Context, email string) string {
		buf := make([]byte, 64<<10)
		stack := string(buf[:runtime.Stack(buf, false)])
		for _, loop := range []string{"acctl/tui.(*App).Update(", "acctl/tui.(*App).View(", "acctl/tui.(*App).Init("} {
			if strings.Contains(stack, loop) {
				t.Errorf("the demo inbox was read on the update loop:\n%s", stack)
			}
		}
		return read(ctx, email)
	}
}

// signInAs types an email and password on the sign-in screen.
func signInAs(c *tuitest.Console, email, pw string) {
	c.WaitFor("acctl — sign in", "Email")
	c.Type(email)
	c.Keys("enter")
	c.Type(pw)
	c.Keys("enter")
}

// erase deletes n characters before the cursor.
func erase(c *tuitest.Console, n int) {
	for range n {
		c.Keys("backspace")
	}
}

// sizes are the terminal sizes of the goldens.
var sizes = []struct {
	name string
	w, h int
}{{"80x24", 80, 24}, {"120x40", 120, 40}}

// goldens draws a screen at 80×24 and 120×40 on both backgrounds: start
// opens a console of a size and brings it to the screen, which then shows
// want.
func goldens(t *testing.T, name, want string, start func(t *testing.T, w, h int) *tuitest.Console, extra ...*regexp.Regexp) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		for _, sz := range sizes {
			for _, bg := range []string{"dark", "light"} {
				t.Run(sz.name+"_"+bg, func(t *testing.T) {
					c := start(t, sz.w, sz.h)
					if bg == "light" {
						c.TM.Send(tuitest.Light)
					}
					c.Golden(name+"_"+sz.name+"_"+bg, want, append(extra, volatile...)...)
				})
			}
		}
	})
}

// answered waits until email's user has n auth events: the console's
// last attempt was answered.
func answered(t *testing.T, env *tuitest.Env, email string, n int) {
	t.Helper()
	env.WaitAuthEvents(t, email, n)
}

// demoLogin is the owner as the demo panel lists them, without 2FA.
func demoLogin() common.DemoLogin {
	return common.DemoLogin{Email: owner, Password: password, Role: "Owner"}
}
