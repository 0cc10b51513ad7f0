package tui

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/seal"
	"acctl/store"
)

// The console tests run the real program under teatest (keys in) and read
// the frames it draws as plain text (text out): the recorder keeps the last
// frame, stripped of styling, so that assertions see what a person sees
// regardless of how the renderer diffs the terminal.

type fakeClock = modeltest.Clock

var testArgon2 = modeltest.Argon2

const testPassword = "velvet-otter-marble-91"

type testEnv struct {
	path   string
	db     *store.DB
	svc    *model.Service
	sealer *seal.Sealer
	clock  *fakeClock
}

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	path := filepath.Join(t.TempDir(), "acctl.db")
	return openTestEnv(t, path, modeltest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)))
}

// openTestEnv opens another handle (its own connection pool, as a second
// process would have) on a database file.
func openTestEnv(t *testing.T, path string, clock *fakeClock) *testEnv {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	key, err := seal.LoadOrCreateKey(filepath.Join(filepath.Dir(path), seal.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	sealer, err := seal.New(key)
	if err != nil {
		t.Fatal(err)
	}
	svc := model.NewService(model.Config{Store: db, Hasher: model.NewHasher(testArgon2), Clock: clock.Now, Sealer: sealer})
	return &testEnv{path: path, db: db, svc: svc, sealer: sealer, clock: clock}
}

// signUp creates an account directly through the service, its owner past
// the newcomer's 2FA step (settle).
func (e *testEnv) signUp(t *testing.T, company, name, email string) *model.Session {
	t.Helper()
	s, err := e.svc.SignUp(context.Background(), model.SignUpRequest{CompanyName: company, Name: name, Email: email, Password: testPassword, Origin: model.LocalOrigin})
	if err != nil {
		t.Fatal(err)
	}
	e.settle(t, s.UserID)
	return s
}

// settle takes a user past the newcomer's 2FA step (R-2FA-8) without 2FA,
// as a user from before that rule, so that tests of other flows can act;
// TestSignUpSetsUpTwoFactorFirst walks the step itself.
func (e *testEnv) settle(t *testing.T, userID int64) {
	t.Helper()
	if err := e.db.SetMustEnableTwoFactor(context.Background(), userID, false); err != nil {
		t.Fatal(err)
	}
}

type frames struct {
	mu   sync.Mutex
	last string
}

func (f *frames) set(s string) {
	f.mu.Lock()
	f.last = s
	f.mu.Unlock()
}

func (f *frames) get() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.last
}

type recorder struct {
	app *App
	f   *frames
}

func (r recorder) Init() tea.Cmd { return r.app.Init() }

func (r recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := r.app.Update(msg)
	return recorder{m.(*App), r.f}, cmd
}

func (r recorder) View() tea.View {
	v := r.app.View()
	r.f.set(ansi.Strip(v.Content))
	return v
}

type console struct {
	tm *teatest.TestModel
	f  *frames
	t  *testing.T
}

// startConsole runs a console on env at the given size.
func startConsole(t *testing.T, env *testEnv, w, h int, opts ...func(*Options)) *console {
	t.Helper()
	o := Options{Service: env.svc, Origin: model.LocalOrigin, Client: model.Client{Term: "xterm-256color", OS: "linux"}, HomeDir: t.TempDir()}
	for _, fn := range opts {
		fn(&o)
	}
	f := &frames{}
	tm := teatest.NewTestModel(t, recorder{New(o), f},
		teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	c := &console{tm: tm, f: f, t: t}
	t.Cleanup(func() { _ = tm.Quit() })
	return c
}

// waitFor waits until the screen shows every one of texts.
func (c *console) waitFor(texts ...string) string {
	c.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		screen := c.f.get()
		ok := true
		for _, s := range texts {
			if !strings.Contains(screen, s) {
				ok = false
				break
			}
		}
		if ok {
			return screen
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("the screen never showed %q; last frame:\n%s", texts, screen)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitGone waits until the screen no longer shows text.
func (c *console) waitGone(text string) {
	c.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for strings.Contains(c.f.get(), text) {
		if time.Now().After(deadline) {
			c.t.Fatalf("the screen still shows %q:\n%s", text, c.f.get())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (c *console) typeText(s string) { c.tm.Type(s) }

func (c *console) key(k string) {
	c.tm.Send(keyPress(k))
}

func keyPress(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(k)
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

var teatestTimeout = teatest.WithFinalTimeout(5 * time.Second)

// waitCount waits until the screen shows text at least n times.
func (c *console) waitCount(text string, n int) {
	c.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for strings.Count(c.f.get(), text) < n {
		if time.Now().After(deadline) {
			c.t.Fatalf("the screen shows %q %d times, want %d:\n%s", text, strings.Count(c.f.get(), text), n, c.f.get())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// openSection presses the menu number of a section, read off the screen,
// so that tests do not depend on the menu's order.
func (c *console) openSection(name string) {
	c.t.Helper()
	screen := c.waitFor(" " + name)
	m := regexp.MustCompile(`(\d) ` + regexp.QuoteMeta(name)).FindStringSubmatch(screen)
	if m == nil {
		c.t.Fatalf("no menu item %q:\n%s", name, screen)
	}
	c.key(m[1])
}
