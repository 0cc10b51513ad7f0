package iam_test

import (
	"bytes"
	"context"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/tui"
	"acctl/tui/components"
	"acctl/tui/tuitest"
)

// countingStore records the store calls made on the goroutine that runs the
// program's Update or View, while it runs: there must be none (issue 9: no
// database read on the update loop; every read is a command). Calls that
// commands make meanwhile, on their own goroutines, are not its business.
// Every method of model.Store is wrapped in counting_store_test.go,
// generated; TestCountingStoreCoversTheStore says when to generate it again.
type countingStore struct {
	model.Store
	loop atomic.Int64 // the goroutine running Update or View; 0 outside
	all  atomic.Int64 // every call, from anywhere

	mu    sync.Mutex
	onUpd []string // methods called on the update goroutine
}

func (c *countingStore) hit(method string) {
	c.all.Add(1)
	if id := c.loop.Load(); id != 0 && id == goroutineID() {
		c.mu.Lock()
		c.onUpd = append(c.onUpd, method)
		c.mu.Unlock()
	}
}

// during runs fn as the update loop would, counting the store calls it
// makes itself.
func (c *countingStore) during(fn func()) {
	c.loop.Store(goroutineID())
	defer c.loop.Store(0)
	fn()
}

// fromUpdate is the methods called from Update or View so far.
func (c *countingStore) fromUpdate() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.onUpd...)
}

// goroutineID is the running goroutine's number, from its stack header
// ("goroutine 18 [running]:").
func goroutineID() int64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	id, _ := strconv.ParseInt(string(b[:bytes.IndexByte(b, ' ')]), 10, 64)
	return id
}

// Every method of model.Store goes through hit: a method added to the
// interface since counting_store_test.go was generated would pass by
// uncounted (it is promoted from the embedded store).
func TestCountingStoreCoversTheStore(t *testing.T) {
	c := &countingStore{} // a nil store: each call panics once counted
	c.loop.Store(goroutineID())
	v := reflect.ValueOf(c)
	st := reflect.TypeOf((*model.Store)(nil)).Elem()
	for i := 0; i < st.NumMethod(); i++ {
		m := v.MethodByName(st.Method(i).Name)
		args := make([]reflect.Value, m.Type().NumIn())
		for j := range args {
			args[j] = reflect.Zero(m.Type().In(j))
		}
		func() {
			defer func() { _ = recover() }()
			if m.Type().IsVariadic() {
				m.CallSlice(args)
			} else {
				m.Call(args)
			}
		}()
	}
	if got := c.fromUpdate(); len(got) != st.NumMethod() {
		t.Fatalf("%d of the store's %d methods are counted: go test -tags regen -run TestGenerateCountingStore ./tui/iam",
			len(got), st.NumMethod())
	}
}

// counted is the console as a program runs it, with every Update and View
// inside the store's count, and its last frame kept as plain text.
type counted struct {
	app   *tui.App
	store *countingStore
	frame *atomic.Value
}

func (p counted) Init() tea.Cmd { return p.app.Init() }

func (p counted) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	p.store.during(func() { _, cmd = p.app.Update(msg) })
	return p, cmd
}

func (p counted) View() tea.View {
	var v tea.View
	p.store.during(func() { v = p.app.View() })
	p.frame.Store(ansi.Strip(v.Content))
	return v
}

// Every flow of the section, keys in bursts and the password typed, makes
// no store call from Update or View: reads and changes all run in
// commands (issue 9).
func TestNoDatabaseCallFromUpdate(t *testing.T) {
	base := goldenTeam(t)
	cs := &countingStore{}
	env := tuitest.OpenEnv(t, base.Path, modeltest.NewClock(tuitest.Start), func(st model.Store) model.Store {
		cs.Store = st
		return cs
	})
	app := tui.New(tui.Options{Context: context.Background(), Service: env.Svc, Origin: model.LocalOrigin,
		Client: model.Client{Term: "xterm-256color", OS: "linux"}, Saver: components.HomeSaver{Dir: t.TempDir()},
		Start: &model.SignInResult{Session: base.owner}})
	frame := &atomic.Value{}
	frame.Store("")
	tm := teatest.NewTestModel(t, counted{app, cs, frame}, teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() { _ = tm.Quit() })
	wait := func(texts ...string) {
		t.Helper()
		deadline := time.Now().Add(tuitest.Patience)
		for {
			f := frame.Load().(string)
			ok := true
			for _, s := range texts {
				ok = ok && strings.Contains(tuitest.Words(f), s)
			}
			if ok {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the screen never said %q:\n%s", texts, f)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	keys := func(ks ...string) {
		for _, k := range ks {
			tm.Send(tuitest.Key(k))
		}
	}
	password := func() {
		wait("Confirm with your password")
		tm.Type(tuitest.Password)
		keys("enter")
	}

	wait("Wile Coyote (Owner)", "4 Users")
	keys("4", "enter")
	wait("Users by Name", "Road Runner")
	keys("down", "down", "pgdown", "G", "g", "o", "r", "o", "/", "r", "o", "a", "enter")
	wait("Filter: roa", "rows 1–1")
	keys("p")
	password()
	wait("Reset code for Road Runner")
	keys("d", "y")
	wait("Reset code issued for Road Runner")
	keys("c")
	password()
	wait("Road Runner is now an Owner.")
	keys("/", "esc", "i")
	wait("Invite user")
	tm.Type("elmer@acme.example")
	keys("enter", "enter")
	password()
	wait("Invitation code for elmer@acme.example") // no mail server (R-PWD-7)
	keys("d", "y")
	wait("Invitation sent to elmer@acme.example")

	keys("esc", "5", "enter")
	wait("API keys", "deploy-bot")
	keys("down", "enter")
	wait("Access")
	keys("esc", "n")
	wait("New API key")
	tm.Type("monitoring")
	keys("enter", "enter", "enter", "enter")
	password()
	wait("Your new API key")
	keys("d", "y")
	wait(`API key "monitoring" created.`)

	keys("esc", "6", "enter")
	wait("SSH keys", "road@laptop")
	keys("enter")
	wait("Public key, as acctl stores it")
	keys("esc", "n")
	tm.Type("laptop")
	keys("enter")
	password()
	wait("Your new private SSH key")
	keys("d", "y")
	wait(`SSH key "laptop" added`)

	keys("right")
	wait("GPG keys", "Road Runner <road@")
	keys("enter")
	wait("Fingerprint", "BEGIN PGP PUBLIC KEY BLOCK")
	keys("v", "esc", "esc", "a")
	wait("Add a GPG key")
	tm.Send(tea.PasteMsg{Content: modeltest.ArmoredGPGKey(t, gpgKey(t, "nodb", gpgAt, 0, [2]string{"Wile E. Coyote", ownerEmail}), false)})
	keys("enter")
	wait("Add a GPG key: the key you pasted", "enter add this key")
	keys("enter")
	password()
	wait("added (Wile E. Coyote <wile@acme.example>)")
	keys("d")
	wait("Delete the GPG key")
	keys("y")
	wait("deleted.")

	keys("esc", "4", "enter", "/", "r", "o", "a", "enter")
	wait("Filter: roa", "S sessions")
	keys("S")
	wait("Sessions of Road Runner", "local terminal")
	keys("D")
	password()
	wait("1 session of Road Runner ended", "Road Runner has no open session.")
	keys("esc", "p")
	wait("Another owner's password cannot be reset by an owner") // R-ACC-5, before any password

	if calls := cs.fromUpdate(); len(calls) != 0 {
		t.Fatalf("store calls from Update or View: %v", calls)
	}
	if cs.all.Load() == 0 {
		t.Fatal("the counting store saw no call at all: it is not the console's")
	}
	t.Logf("%d store calls, none from Update or View", cs.all.Load())
}
