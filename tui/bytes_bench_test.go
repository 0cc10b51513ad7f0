package tui_test

import (
	"context"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"acctl/model"
	"acctl/tui"
	"acctl/tui/tuitest"
)

// countingWriter counts the bytes the renderer writes to the terminal.
type countingWriter struct {
	mu sync.Mutex
	n  int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	w.n += len(p)
	w.mu.Unlock()
	return len(p), nil
}

func (w *countingWriter) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.n
}

// settle waits until nothing has been written for a while.
func (w *countingWriter) settle() int {
	last := w.count()
	for quiet := 0; quiet < 8; {
		time.Sleep(10 * time.Millisecond)
		if n := w.count(); n != last {
			last, quiet = n, 0
		} else {
			quiet++
		}
	}
	return last
}

// bytesPerMove runs the console in an 80×24 terminal with 256 colours,
// opens the sign-in history of a user with many attempts, and counts what
// the renderer writes for moves that stay in view and moves that scroll.
func bytesPerMove(tb testing.TB) (inView, scrolling float64) {
	env := tuitest.NewEnv(tb)
	env.SignUp(tb, "Acme", "Wile E. Coyote", "wile@acme.example")
	origins := []string{"198.51.100.7:40022", "203.0.113.24:52114", "[2001:db8::1f]:61002"}
	clients := []string{"SSH-2.0-OpenSSH_9.6", "SSH-2.0-PuTTY_Release_0.81", "SSH-2.0-OpenSSH_8.9p1"}
	for i := 0; i < 60; i++ {
		env.Clock.Advance(97 * time.Minute)
		if _, err := env.Svc.SignIn(context.Background(), model.SignInRequest{Email: "wile@acme.example", Password: tuitest.Password,
			Origin: model.Origin{Remote: origins[i%3]}, Client: model.Client{SSHVersion: clients[i%3], Term: "xterm-256color"}}); err != nil {
			tb.Fatal(err)
		}
	}
	s := env.SignIn(tb, "wile@acme.example")
	out := &countingWriter{}
	in, feed := newFeed()
	app := tui.New(tui.Options{Service: env.Svc, Origin: model.LocalOrigin, Start: &model.SignInResult{Session: s}})
	p := tea.NewProgram(app, tea.WithOutput(out), tea.WithInput(in), tea.WithWindowSize(80, 24),
		tea.WithColorProfile(colorprofile.ANSI256), tea.WithoutSignalHandler())
	go func() { _, _ = p.Run() }()
	defer p.Kill()
	out.settle()
	for _, k := range []string{"3", "enter"} {
		p.Send(tuitest.Key(k))
		out.settle()
	}
	_ = feed
	measure := func(n int, key string) float64 {
		before := out.settle()
		for i := 0; i < n; i++ {
			p.Send(tuitest.Key(key))
			out.settle()
		}
		return float64(out.settle()-before) / float64(n)
	}
	inView = measure(8, "j")     // rows 1..9 of a 15-row window
	scrolling = measure(20, "j") // past the window's last row
	return inView, scrolling
}

// Issue 9: what a slow SSH link pays for one cursor move in a list —
// targets ≤ 150 B within the view and ≤ 250 B for a move that scrolls.
func BenchmarkBytesPerCursorMove(b *testing.B) {
	var inView, scrolling float64
	for b.Loop() {
		inView, scrolling = bytesPerMove(b)
	}
	b.ReportMetric(inView, "B/move-in-view")
	b.ReportMetric(scrolling, "B/move-scrolling")
}

// The same figures as a guard: a layout change that makes a move cost more
// than the targets fails here.
func TestBytesPerCursorMove(t *testing.T) {
	inView, scrolling := bytesPerMove(t)
	t.Logf("in view %.0f B, scrolling %.0f B", inView, scrolling)
	if inView > 150 || scrolling > 250 {
		t.Fatalf("a cursor move costs %.0f B in view (target 150) and %.0f B scrolling (target 250)", inView, scrolling)
	}
}

// newFeed is an input that never sends anything: keys come through Send.
func newFeed() (*blockingReader, func()) {
	r := &blockingReader{done: make(chan struct{})}
	return r, func() { close(r.done) }
}

type blockingReader struct{ done chan struct{} }

func (r *blockingReader) Read([]byte) (int, error) {
	<-r.done
	return 0, context.Canceled
}
