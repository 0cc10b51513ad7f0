package requests_test

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/tui"
	"acctl/tui/tuitest"
)

const (
	adaEmail   = "ada@northwind.example"
	staffEmail = "sam@support.example"
)

// account is a customer's account whose owner, Ada, is signed in, for the
// tests of the section.
type account struct {
	*tuitest.Env
	owner *model.Session
	// staffCtx acts as Sam, a staff member, once staff invited him.
	staffCtx context.Context
}

func newAccount(t *testing.T) *account {
	t.Helper()
	env := tuitest.NewEnv(t)
	return &account{Env: env, owner: env.SignUp(t, "Northwind Traders", "Ada Lovelace", adaEmail)}
}

// ctx acts as the owner.
func (a *account) ctx() context.Context { return tuitest.Ctx(a.owner) }

// submit files a request as the owner through the service.
func (a *account) submit(t *testing.T, req model.TicketRequest) *model.Ticket {
	t.Helper()
	tk, err := a.Svc.SubmitTicket(a.ctx(), req)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// staff invites a staff member of the provider, Sam, has him accept and
// turns 2FA on for him (SPEC §10), and returns his session's context.
func (a *account) staff(t *testing.T) context.Context {
	t.Helper()
	if a.staffCtx != nil {
		return a.staffCtx
	}
	bg := context.Background()
	if _, err := a.Svc.AddStaff(bg, staffEmail); err != nil {
		t.Fatal(err)
	}
	res, err := a.Svc.AcceptInvitation(bg, model.AcceptInvitationRequest{
		Secret: modeltest.InvitationCode(t, a.DB, a.Sealer, staffEmail), Name: "Sam Rivera", Password: tuitest.Password, Origin: model.LocalOrigin})
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.DB.FindUserByEmail(bg, staffEmail)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := model.SeedTwoFactor(bg, a.DB, a.Sealer, u, a.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	a.staffCtx = model.WithSession(bg, res.Session.Token)
	return a.staffCtx
}

// open starts a console signed in as the owner, in a w×h terminal, and
// opens section ("Requests" or "Verification"), the focus in the screen.
func (a *account) open(t *testing.T, section string, w, h int, opts ...tuitest.Option) *tuitest.Console {
	t.Helper()
	return openAs(t, a.Env, a.owner, section, w, h, opts...)
}

// openAs opens section for session s: Requests, or its Verification tab.
func openAs(t *testing.T, env *tuitest.Env, s *model.Session, section string, w, h int, opts ...tuitest.Option) *tuitest.Console {
	t.Helper()
	c := tuitest.Run(t, env, w, h, append(opts, tuitest.SignedIn(s))...)
	c.OpenSection("Requests")
	c.Keys("enter")                 // from the menu into the screen
	c.WaitGone("0-9 go to section") // the menu's footer
	if section == "Verification" {
		c.Keys("right")
		c.WaitFor("← Requests │ Verification")
	}
	return c
}

// fits fails unless frame is at most w×h.
func fits(t *testing.T, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(frame, "\n"), "\n")
	if len(lines) > h {
		t.Fatalf("%d lines, want at most %d:\n%s", len(lines), h, frame)
	}
	for _, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Fatalf("a line is %d cells wide, want at most %d:\n%s", n, w, frame)
		}
	}
}

// tick sends n ticks at once, so that a screen's periodic reads come now
// rather than in n seconds.
func tick(c *tuitest.Console, n int) {
	for range n {
		c.TM.Send(tui.Tick())
	}
}

// watch records whether any frame drawn until stop is called holds one of
// secrets: a frame is checked every millisecond, and the whole output the
// console wrote (escape sequences removed) once more at the end.
type watch struct {
	t       *testing.T
	c       *tuitest.Console
	secrets []string
	done    chan struct{}
	seen    chan string
}

func watchFor(t *testing.T, c *tuitest.Console, secrets ...string) *watch {
	w := &watch{t: t, c: c, secrets: secrets, done: make(chan struct{}), seen: make(chan string, 1)}
	go func() {
		defer close(w.seen)
		for {
			select {
			case <-w.done:
				return
			case <-time.After(time.Millisecond):
			}
			if s := w.holds(c.Screen()); s != "" {
				w.seen <- c.Screen()
				return
			}
		}
	}()
	return w
}

func (w *watch) holds(frame string) string {
	for _, s := range w.secrets {
		if strings.Contains(frame, s) {
			return s
		}
	}
	return ""
}

// stop ends the watch and fails the test if a secret was drawn.
func (w *watch) stop() {
	w.t.Helper()
	close(w.done)
	if frame, ok := <-w.seen; ok {
		w.t.Fatalf("a secret was drawn:\n%s", frame)
	}
	out, err := io.ReadAll(w.c.TM.Output())
	if err != nil {
		w.t.Fatal(err)
	}
	if s := w.holds(ansi.Strip(string(out))); s != "" {
		w.t.Fatalf("the console wrote %q", s)
	}
}
