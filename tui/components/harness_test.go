package components

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"acctl/tui/common"
)

// component is what every component here offers a screen.
type component[T any] interface {
	Init() tea.Cmd
	Update(tea.Msg) (T, tea.Cmd)
	View() string
	SetWidth(int)
}

// harness is the tiny screen the tests wrap a component in: it forwards
// every message, records the result messages the component emits, and
// quits on the one the test waits for.
type harness[T component[T]] struct {
	c      T
	quitOn func(tea.Msg) bool

	mu     sync.Mutex
	events []tea.Msg
	last   string // the component's last drawn view
}

func (h *harness[T]) Init() tea.Cmd { return h.c.Init() }

func (h *harness[T]) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		h.c.SetWidth(msg.Width)
	case PasswordConfirmedMsg, PasswordFailedMsg, PasswordCancelledMsg, SecretAcknowledgedMsg, ConfirmedMsg:
		h.record(msg)
		if h.quitOn(msg) {
			return h, tea.Quit
		}
		return h, nil
	case passwordCheckedMsg:
		h.record(msg) // recorded, then handed on, so tests can wait for a check's answer
	}
	var cmd tea.Cmd
	h.c, cmd = h.c.Update(msg)
	return h, cmd
}

func (h *harness[T]) record(msg tea.Msg) {
	h.mu.Lock()
	h.events = append(h.events, msg)
	h.mu.Unlock()
}

func (h *harness[T]) View() tea.View {
	v := h.c.View()
	h.mu.Lock()
	h.last = v
	h.mu.Unlock()
	return tea.NewView(v)
}

// waitView waits until the component's drawn view, read as plain words,
// holds every one of texts. Reading the view rather than the terminal
// stream keeps wrapped sentences and partial redraws from mattering.
func (h *harness[T]) waitView(t *testing.T, texts ...string) {
	t.Helper()
	var got string
	ok := poll(func() bool {
		h.mu.Lock()
		got = plainWords(h.last)
		h.mu.Unlock()
		return containsAll(got, texts)
	})
	if !ok {
		t.Fatalf("view never showed %q; last view:\n%s", texts, got)
	}
}

// waitUntil waits for cond, failing the test after a few seconds.
func (h *harness[T]) waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	if !poll(cond) {
		t.Fatalf("condition not met; events: %v", h.Events())
	}
}

func poll(cond func() bool) bool {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

func containsAll(s string, texts []string) bool {
	for _, x := range texts {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

// plainWords drops styling and box borders and joins the words of a view
// with single spaces, so that a sentence wrapped over lines still matches.
func plainWords(view string) string {
	view = sgr.ReplaceAllString(view, "")
	view = strings.Map(func(r rune) rune {
		if strings.ContainsRune("║═╔╗╚╝│─╭╮╰╯┃", r) {
			return ' '
		}
		return r
	}, view)
	return strings.Join(strings.Fields(view), " ")
}

// sgr matches the styling sequences a view holds (bold, reverse, colours).
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

func (h *harness[T]) Events() []tea.Msg {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]tea.Msg(nil), h.events...)
}

// quitOnAny stops the program at the first result message.
func quitOnAny(tea.Msg) bool { return true }

// run starts c in a test program with the colour profile pinned. The
// recorder keeps everything the program wrote, for assertions about what
// was never drawn.
func run[T component[T]](t *testing.T, c T, quitOn func(tea.Msg) bool) (*teatest.TestModel, *harness[T], *recorder) {
	t.Helper()
	h := &harness[T]{c: c, quitOn: quitOn}
	tm := teatest.NewTestModel(t, h,
		teatest.WithInitialTermSize(80, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() { _ = tm.Quit() })
	return tm, h, &recorder{r: tm.Output()}
}

// recorder reads the program's output and keeps a copy of all of it.
type recorder struct {
	r   io.Reader
	mu  sync.Mutex
	all bytes.Buffer
}

func (rec *recorder) Read(p []byte) (int, error) {
	n, err := rec.r.Read(p)
	rec.mu.Lock()
	rec.all.Write(p[:n])
	rec.mu.Unlock()
	return n, err
}

// All drains what is left and returns everything the program wrote.
func (rec *recorder) All() []byte {
	_, _ = io.ReadAll(rec)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return bytes.Clone(rec.all.Bytes())
}

// waitFor waits until the output holds every one of texts.
func waitFor(t *testing.T, rec *recorder, texts ...string) {
	t.Helper()
	teatest.WaitFor(t, rec, func(b []byte) bool {
		for _, s := range texts {
			if !bytes.Contains(b, []byte(s)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// finish waits for the program to stop and returns the harness it ended with.
func finish[T component[T]](t *testing.T, tm *teatest.TestModel) *harness[T] {
	t.Helper()
	return tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*harness[T])
}

func press(tm *teatest.TestModel, keys ...tea.KeyPressMsg) {
	for _, k := range keys {
		tm.Send(k)
	}
}

func enterKey() tea.KeyPressMsg { return tea.KeyPressMsg{Code: tea.KeyEnter} }

func escKey() tea.KeyPressMsg { return tea.KeyPressMsg{Code: tea.KeyEscape} }

func runeKey(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }

func testStyles() *common.Styles { return common.NewStyles(true, false) }
