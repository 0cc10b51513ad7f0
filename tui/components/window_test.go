package components

import (
	"context"
	"testing"

	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
)

// fakeList is a list of n rows 0..n-1 that counts reads.
type fakeList struct {
	n     int
	reads int
}

func (f *fakeList) fetch(_ context.Context, _ *model.Service, from *int, dir Dir, limit int) ([]int, error) {
	f.reads++
	var out []int
	switch {
	case dir == Forward:
		start := 0
		if from != nil {
			start = *from + 1
		}
		for i := start; i < f.n && len(out) < limit; i++ {
			out = append(out, i)
		}
	default:
		end := f.n
		if from != nil {
			end = *from
		}
		for i := max(end-limit, 0); i < end; i++ {
			out = append(out, i)
		}
	}
	return out, nil
}

// run executes cmd and everything it leads to, giving the window its
// answers, as the program would.
func run(w *Window[int], cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch m := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, m...)
		case nil:
		default:
			next, _ := w.Update(m)
			queue = append(queue, next)
		}
	}
}

func newTestWindow(n, height int) (*Window[int], *fakeList) {
	f := &fakeList{n: n}
	env := &common.Env{Ctx: context.Background()}
	w := NewWindow(env, f.fetch, func(i int) int64 { return int64(i) })
	w.SetHeight(height)
	run(w, w.Reset())
	return w, f
}

func selected(w *Window[int]) int {
	x, _ := w.Selected()
	return x
}

// Moving inside the rows at hand never reads; reads happen in commands
// only, and the selection reaches every row of a long list.
func TestWindowMovesWithoutReadingInUpdate(t *testing.T) {
	w, f := newTestWindow(1000, 10)
	if selected(w) != 0 || f.reads != 1 {
		t.Fatalf("after reset: selected %d, %d reads", selected(w), f.reads)
	}
	before := f.reads
	cmd := w.Move(5) // within the first chunk: no read needed
	if f.reads != before {
		t.Fatal("Move read the store itself instead of returning a command")
	}
	run(w, cmd)
	if selected(w) != 5 {
		t.Fatalf("selected %d, want 5", selected(w))
	}
	for i := 0; i < 600; i++ {
		run(w, w.Move(1))
	}
	if selected(w) != 605 {
		t.Fatalf("after 600 more moves selected %d, want 605", selected(w))
	}
	if len(w.buf) > w.keepRows() {
		t.Fatalf("the buffer grew to %d rows, bound %d", len(w.buf), w.keepRows())
	}
	run(w, w.Move(-605))
	if selected(w) != 0 {
		t.Fatalf("back up: selected %d, want 0", selected(w))
	}
}

// A move beyond the rows at hand is owed and completed when the next
// chunk arrives: fast typing is never lost.
func TestWindowOwesMovesPastTheBuffer(t *testing.T) {
	w, _ := newTestWindow(1000, 10)
	// Two page downs before any read answers.
	c1 := w.Move(10)
	c2 := w.Move(10)
	c3 := w.Move(10)
	run(w, tea.Batch(c1, c2, c3))
	if selected(w) != 30 {
		t.Fatalf("selected %d, want 30", selected(w))
	}
}

func TestWindowEndAndHome(t *testing.T) {
	w, _ := newTestWindow(1000, 10)
	run(w, w.End())
	if selected(w) != 999 {
		t.Fatalf("End selected %d", selected(w))
	}
	var shown []int
	w.Visible(func(i int, _ bool) { shown = append(shown, i) })
	if len(shown) != 10 || shown[9] != 999 {
		t.Fatalf("End shows %v", shown)
	}
	run(w, w.Move(-1))
	if selected(w) != 998 {
		t.Fatalf("up from the end: %d", selected(w))
	}
	run(w, w.Home())
	if selected(w) != 0 {
		t.Fatalf("Home selected %d", selected(w))
	}
}

// An answer overtaken by a reset is dropped.
func TestWindowDropsStaleAnswers(t *testing.T) {
	w, f := newTestWindow(1000, 10)
	stale := w.End()
	f.n = 3 // the list changed (a new filter)
	run(w, w.Reset())
	run(w, stale)
	if selected(w) != 0 || len(w.buf) != 3 {
		t.Fatalf("a stale answer was applied: selected %d, %d rows", selected(w), len(w.buf))
	}
}

func TestWindowReloadKeepsTheSelection(t *testing.T) {
	w, _ := newTestWindow(1000, 10)
	for i := 0; i < 42; i++ {
		run(w, w.Move(1))
	}
	run(w, w.Reload())
	if selected(w) != 42 {
		t.Fatalf("after reload selected %d, want 42", selected(w))
	}
	var first int
	n := 0
	w.Visible(func(i int, _ bool) {
		if n == 0 {
			first = i
		}
		n++
	})
	if first != 33 {
		t.Fatalf("after reload the first row drawn is %d, want 33", first)
	}
}

func TestWindowClickSelectsTheRowUnderThePointer(t *testing.T) {
	w, _ := newTestWindow(100, 10)
	if !w.Click(4) || selected(w) != 4 {
		t.Fatalf("click on the fifth row selected %d", selected(w))
	}
	if w.Click(10) || w.Click(-1) {
		t.Fatal("a click outside the rows selected something")
	}
}

func TestSliceFetch(t *testing.T) {
	all := []int{10, 11, 12, 13, 14}
	f := SliceFetch(func(context.Context, *model.Service) ([]int, error) { return all, nil }, func(i int) int64 { return int64(i) })
	ctx := context.Background()
	got, _ := f(ctx, nil, nil, Forward, 2)
	if len(got) != 2 || got[0] != 10 {
		t.Fatalf("first: %v", got)
	}
	from := 11
	got, _ = f(ctx, nil, &from, Forward, 10)
	if len(got) != 3 || got[0] != 12 {
		t.Fatalf("after 11: %v", got)
	}
	got, _ = f(ctx, nil, &from, Backward, 10)
	if len(got) != 1 || got[0] != 10 {
		t.Fatalf("before 11: %v", got)
	}
	got, _ = f(ctx, nil, nil, Backward, 2)
	if len(got) != 2 || got[1] != 14 {
		t.Fatalf("last: %v", got)
	}
}
