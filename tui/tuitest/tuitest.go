// Package tuitest runs the real console under teatest for the tests of the
// tui packages: a real SQLite file in t.TempDir(), keys in, the frames a
// person would see out (plain text, colour profile pinned), and golden
// files of whole screens under the calling package's testdata/.
package tuitest

import (
	"context"
	"flag"
	"fmt"
	"os"
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
	"acctl/store/storetest"
	"acctl/tui"
	"acctl/tui/components"
)

// updating reports -update (go test ./tui/... -update rewrites golden
// files); the flag is teatest's own.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// Password is every test user's password.
const Password = "velvet-otter-marble-91"

// Patience is how long a test waits for the screen to show something
// before it fails. It is generous: the race detector and a busy machine (CI,
// other test binaries) slow a console down many times over, and a test
// that passes waits only as long as the console takes.
const Patience = 20 * time.Second

// Start is the test clock's start: 2026-11-23 09:00 UTC.
var Start = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// Env is a database file and the service over it.
type Env struct {
	Path   string
	DB     *store.DB
	Svc    *model.Service
	Sealer *seal.Sealer
	Clock  *modeltest.Clock
}

// NewEnv opens a fresh database with a clock at Start.
func NewEnv(t testing.TB) *Env {
	t.Helper()
	return OpenEnv(t, storetest.Empty(t), modeltest.NewClock(Start), nil)
}

// OpenEnv opens another handle (its own pool, as a second process would)
// on a database file. wrap, when not nil, wraps the store the service
// uses (to count calls, or to hold one back).
func OpenEnv(t testing.TB, path string, clock *modeltest.Clock, wrap func(model.Store) model.Store) *Env {
	t.Helper()
	db, err := store.Open(path, store.Throwaway()) // no flush per commit: store's tests cover durability
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
	var st model.Store = db
	if wrap != nil {
		st = wrap(db)
	}
	svc := model.NewService(model.Config{Store: st, Hasher: model.NewHasher(modeltest.Argon2), Clock: clock.Now, Sealer: sealer})
	return &Env{Path: path, DB: db, Svc: svc, Sealer: sealer, Clock: clock}
}

// SignUp creates an account through the service; its owner is past the
// newcomer's 2FA step (Settle).
func (e *Env) SignUp(t testing.TB, company, name, email string) *model.Session {
	t.Helper()
	s, err := e.Svc.SignUp(context.Background(), model.SignUpRequest{CompanyName: company, Name: name, Email: email, Password: Password, Origin: model.LocalOrigin})
	if err != nil {
		t.Fatal(err)
	}
	e.Settle(t, s.UserID)
	return s
}

// Settle takes a user past the newcomer's 2FA step (R-2FA-8) without 2FA,
// so that tests of other flows can act.
func (e *Env) Settle(t testing.TB, userID int64) {
	t.Helper()
	if err := e.DB.SetMustEnableTwoFactor(context.Background(), userID, false); err != nil {
		t.Fatal(err)
	}
}

// SignIn opens a session for email with Password (no 2FA).
func (e *Env) SignIn(t testing.TB, email string) *model.Session {
	t.Helper()
	res, err := e.Svc.SignIn(context.Background(), model.SignInRequest{Email: email, Password: Password, Origin: model.LocalOrigin})
	if err != nil {
		t.Fatal(err)
	}
	if res.Session == nil {
		t.Fatalf("%s has 2FA on: sign in through the console", email)
	}
	return res.Session
}

// Ctx is a context acting as session s.
func Ctx(s *model.Session) context.Context { return model.WithSession(context.Background(), s.Token) }

// Console is one running console.
type Console struct {
	TM  *teatest.TestModel
	App *tui.App
	f   *frames
	t   testing.TB
}

// Option changes the console's options before it starts.
type Option func(*tui.Options)

// SignedIn starts the console already signed in as session s (as an SSH key
// sign-in does).
func SignedIn(s *model.Session) Option {
	return func(o *tui.Options) { o.Start = &model.SignInResult{Session: s} }
}

// Remote makes it an SSH console: no saver, no sign-up.
func Remote() Option {
	return func(o *tui.Options) { o.Remote, o.Saver = true, nil }
}

// RemoteOnPort makes it an SSH console whose client connected to port.
func RemoteOnPort(port int) Option {
	return func(o *tui.Options) { o.Remote, o.Saver, o.SSHPort = true, nil, port }
}

// Run starts a console on env in a w×h terminal.
func Run(t testing.TB, env *Env, w, h int, opts ...Option) *Console {
	t.Helper()
	o := tui.Options{
		Service: env.Svc, Origin: model.LocalOrigin, Client: model.Client{Term: "xterm-256color", OS: "linux"},
		Saver: components.HomeSaver{Dir: t.TempDir()},
	}
	for _, fn := range opts {
		fn(&o)
	}
	f := &frames{}
	app := tui.New(o)
	tm := teatest.NewTestModel(t, recorder{app, f},
		teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	c := &Console{TM: tm, App: app, f: f, t: t}
	t.Cleanup(func() { _ = tm.Quit() })
	return c
}

// frames holds the last frame, and how far the console has got through
// the input the test sent: sent counts the marks sent after input, seen
// the marks the program has taken. A frame drawn before the program took
// the last mark may not show the input yet, so the waits skip it: "right"
// then WaitFor(text) never matches text on the screen the key leaves.
type frames struct {
	mu         sync.Mutex
	last       string
	sent, seen int
	drawnAt    int // seen when last was drawn
}

// markMsg follows the test's input; the program takes it after the input.
type markMsg int

func (f *frames) set(s string) {
	f.mu.Lock()
	f.last, f.drawnAt = s, f.seen
	f.mu.Unlock()
}

func (f *frames) get() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.last
}

// current is the last frame, and whether it was drawn after the program
// took all the input sent so far.
func (f *frames) current() (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.last, f.drawnAt >= f.sent
}

func (f *frames) took(m markMsg) {
	f.mu.Lock()
	f.seen = max(f.seen, int(m))
	f.mu.Unlock()
}

// mark sends a mark after the input just sent.
func (c *Console) mark() {
	c.f.mu.Lock()
	c.f.sent++
	m := markMsg(c.f.sent)
	c.f.mu.Unlock()
	c.TM.Send(m)
}

// recorder keeps the last frame as plain text, so that assertions see what
// a person sees whatever the renderer sends.
type recorder struct {
	app *tui.App
	f   *frames
}

func (r recorder) Init() tea.Cmd { return r.app.Init() }

func (r recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(markMsg); ok {
		r.f.took(m)
		return r, nil
	}
	_, cmd := r.app.Update(msg)
	return r, cmd
}

func (r recorder) View() tea.View {
	v := r.app.View()
	r.f.set(ansi.Strip(v.Content))
	return v
}

// Screen is the last frame drawn.
func (c *Console) Screen() string { return c.f.get() }

// WaitFor waits until the screen shows every one of texts, and returns it.
func (c *Console) WaitFor(texts ...string) string {
	c.t.Helper()
	return c.WaitUntil(fmt.Sprintf("showed %q", texts), func(screen string) bool {
		for _, s := range texts {
			if !strings.Contains(screen, s) {
				return false
			}
		}
		return true
	})
}

// WaitWords waits until the screen says every one of texts, however they
// are wrapped (Words), and returns it.
func (c *Console) WaitWords(texts ...string) string {
	c.t.Helper()
	return c.WaitUntil(fmt.Sprintf("said %q", texts), func(screen string) bool {
		said := Words(screen)
		for _, s := range texts {
			if !strings.Contains(said, s) {
				return false
			}
		}
		return true
	})
}

// WaitUntil waits until a frame drawn after the input sent so far
// satisfies ok, and returns it; what names what was awaited.
func (c *Console) WaitUntil(what string, ok func(screen string) bool) string {
	c.t.Helper()
	deadline := time.Now().Add(Patience)
	for {
		screen, after := c.f.current()
		if after && ok(screen) {
			return screen
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("the screen never %s; last frame:\n%s", what, screen)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Words is a frame's text without box borders, its words joined by single
// spaces, so that a sentence is found however it is wrapped.
func Words(frame string) string {
	frame = strings.Map(func(r rune) rune {
		if r >= 0x2500 && r <= 0x257F { // box drawing
			return ' '
		}
		return r
	}, frame)
	return strings.Join(strings.Fields(frame), " ")
}

// Settled waits until the screen has not changed for 150 ms (the reads a
// key started have answered) and returns it.
func (c *Console) Settled() string {
	deadline := time.Now().Add(3 * time.Second)
	last, since := c.f.get(), time.Now()
	for time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		if now := c.f.get(); now != last {
			last, since = now, time.Now()
		} else if time.Since(since) >= 150*time.Millisecond {
			break
		}
	}
	return last
}

// WaitStatus waits until the status line (the one above the footer, or
// the two of a long flash) shows text, and returns the screen.
func (c *Console) WaitStatus(text string) string {
	c.t.Helper()
	deadline := time.Now().Add(Patience)
	for {
		screen, after := c.f.current()
		lines := strings.Split(screen, "\n")
		if after && len(lines) >= 3 && strings.Contains(strings.TrimSpace(lines[len(lines)-3])+" "+strings.TrimSpace(lines[len(lines)-2]), text) {
			return screen // on the status line, or across the two of a long flash
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("the status line never showed %q; last frame:\n%s", text, screen)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// WaitGone waits until the screen no longer shows text.
func (c *Console) WaitGone(text string) {
	c.t.Helper()
	deadline := time.Now().Add(Patience)
	for {
		screen, after := c.f.current()
		if after && !strings.Contains(screen, text) {
			return
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("the screen still shows %q:\n%s", text, c.f.get())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Type types s, one key a rune.
func (c *Console) Type(s string) {
	c.TM.Type(s)
	c.mark()
}

// Keys presses keys by name ("enter", "esc", "ctrl+c", "a").
func (c *Console) Keys(keys ...string) {
	for _, k := range keys {
		c.TM.Send(Key(k))
	}
	c.mark()
}

// Burst sends keys back to back, before any command started by the first
// can answer: what a fast typist or a slow link delivers.
func (c *Console) Burst(keys ...string) {
	for _, k := range keys {
		c.TM.Send(Key(k))
	}
	c.mark()
}

// Click clicks at x, y.
func (c *Console) Click(x, y int) {
	c.TM.Send(tea.MouseClickMsg{Button: tea.MouseLeft, X: x, Y: y})
	c.mark()
}

// Resize changes the terminal's size.
func (c *Console) Resize(w, h int) {
	c.TM.Send(tea.WindowSizeMsg{Width: w, Height: h})
	c.mark()
}

// Key is the key press named k.
func Key(k string) tea.KeyPressMsg {
	named := map[string]tea.KeyPressMsg{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "tab": {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift}, "up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown},
		"left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight},
		"pgdown": {Code: tea.KeyPgDown}, "pgup": {Code: tea.KeyPgUp}, "end": {Code: tea.KeyEnd}, "home": {Code: tea.KeyHome},
		"backspace": {Code: tea.KeyBackspace}, "space": {Code: tea.KeySpace, Text: " "},
	}
	if k, ok := named[k]; ok {
		return k
	}
	if strings.HasPrefix(k, "ctrl+") && len(k) == 6 {
		return tea.KeyPressMsg{Code: rune(k[5]), Mod: tea.ModCtrl}
	}
	r := []rune(k)
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

// OpenSection presses the menu number of a section read off the screen, so
// that tests do not depend on the menu's order.
func (c *Console) OpenSection(name string) {
	c.t.Helper()
	screen := c.WaitFor(" " + name)
	m := regexp.MustCompile(`(\d) ` + regexp.QuoteMeta(name)).FindStringSubmatch(screen)
	if m == nil {
		c.t.Fatalf("no menu item %q:\n%s", name, screen)
	}
	c.Keys(m[1])
}

// Golden compares the screen with testdata/<name>.golden of the calling
// package, after waiting for want to show; -update rewrites the file. Lines
// matching a pattern of volatile (a clock) are blanked before comparing.
func (c *Console) Golden(name string, want string, volatile ...*regexp.Regexp) {
	c.t.Helper()
	c.WaitFor(want)
	screen := c.Settled()
	for _, re := range volatile {
		screen = re.ReplaceAllStringFunc(screen, func(s string) string { return strings.Repeat("#", len([]rune(s))) })
	}
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			c.t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(screen), 0o644); err != nil {
			c.t.Fatal(err)
		}
		return
	}
	golden, err := os.ReadFile(path)
	if err != nil {
		c.t.Fatalf("no golden file %s (run with -update to write it): %v", path, err)
	}
	if string(golden) != screen {
		c.t.Fatalf("%s differs from the screen (run with -update after reading the diff):\n%s", path, lineDiff(string(golden), screen))
	}
}

// lineDiff lists the lines that differ, golden (-) then screen (+).
func lineDiff(golden, screen string) string {
	g, s := strings.Split(golden, "\n"), strings.Split(screen, "\n")
	var b strings.Builder
	for i := 0; i < max(len(g), len(s)); i++ {
		var gl, sl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(s) {
			sl = s[i]
		}
		if gl != sl {
			fmt.Fprintf(&b, "%3d - %s\n%3d + %s\n", i+1, gl, i+1, sl)
		}
	}
	return b.String()
}

// Clock is a volatile pattern for the header's "session 59m".
var Clock = regexp.MustCompile(`session [0-9]+[hm]`)

// Dark and Light are the two backgrounds goldens are drawn for.
var (
	Dark  = tea.BackgroundColorMsg{Color: components.Background(true)}
	Light = tea.BackgroundColorMsg{Color: components.Background(false)}
)
