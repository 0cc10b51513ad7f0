package requests

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
)

// fakeThread is a thread of n messages read as the model pages it
// (R-TKT-2): keyset on (At, ID), windows newest first. Message i (from 1)
// says "Message i" and holds i%4 more lines. It counts the rows read.
type fakeThread struct {
	n    int64
	read int
}

func (f *fakeThread) list(_ *model.Service, _ context.Context, _ int64, p model.EventPage) ([]*model.TicketMessage, error) {
	var from, to int64 // the IDs of the window, from < to
	switch c := p.Cursor.ID; {
	case p.Direction == model.Older && c == 0:
		from, to = f.n-int64(p.Limit)+1, f.n
	case p.Direction == model.Older:
		from, to = c-int64(p.Limit), c-1
	case c == 0:
		from, to = 1, int64(p.Limit)
	default:
		from, to = c+1, c+int64(p.Limit)
	}
	from, to = max(from, 1), min(to, f.n)
	var rows []*model.TicketMessage
	for id := to; id >= from; id-- {
		body := "Message " + strconv.FormatInt(id, 10) + strings.Repeat("\nmore", int(id%4))
		rows = append(rows, &model.TicketMessage{ID: id, Author: "Ada", Body: body, At: time.Unix(id, 0)})
	}
	f.read += len(rows)
	return rows, nil
}

// settle runs cmd as the program would, giving the pane what it returns.
func settle(t *testing.T, p *threadPane, cmd tea.Cmd) {
	t.Helper()
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			settle(t, p, c)
		}
	case nil:
	default:
		next, handled := p.Update(msg)
		if !handled {
			t.Fatalf("the pane did not take %T", msg)
		}
		settle(t, p, next)
	}
}

var messageHeader = regexp.MustCompile(`Message (\d+)`)

// shown are the numbers of the messages whose first line is drawn.
func shown(p *threadPane) []int64 {
	var ids []int64
	for _, m := range messageHeader.FindAllStringSubmatch(p.View(), -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		ids = append(ids, id)
	}
	return ids
}

func newFakePane(t *testing.T, n int64) (*threadPane, *fakeThread) {
	env := &common.Env{Ctx: context.Background(), Styles: common.NewStyles(true, false)}
	f := &fakeThread{n: n}
	p := newThreadPane(env, 1)
	p.list = f.list
	p.SetSize(60, 12)
	settle(t, p, p.Init())
	return p, f
}

// A thread of a million messages (R-TKT-2, issue 13): the pane opens at
// the newest message after reading one window, scrolls page by page to
// older messages without skipping one, and never holds more than a few
// windows, however far it goes; g and G jump to either end with one read.
func TestThreadPaneReadsWindowsOfAMillion(t *testing.T) {
	const n = 1_000_000
	p, f := newFakePane(t, n)
	if ids := shown(p); len(ids) == 0 || ids[len(ids)-1] != n {
		t.Fatalf("opened at %v, want the newest message last:\n%s", ids, p.View())
	}
	if f.read > threadChunk {
		t.Fatalf("opening read %d messages", f.read)
	}
	want := shown(p)[0]
	for range 400 { // page up, through some 1,000 messages
		settle(t, p, p.Scroll(-(p.height - 1)))
		if len(p.msgs) > threadKeep {
			t.Fatalf("the pane holds %d messages", len(p.msgs))
		}
		ids := shown(p)
		if ids[len(ids)-1] < want-1 {
			t.Fatalf("message %d was skipped: now %v", want-1, ids)
		}
		want = min(want, ids[0])
	}
	if want > n-900 {
		t.Fatalf("400 pages up only reached message %d", want)
	}
	if f.read > int(n-want)+3*threadChunk {
		t.Fatalf("read %d messages to scroll through %d", f.read, n-want)
	}

	before := f.read
	settle(t, p, p.Home())
	if ids := shown(p); ids[0] != 1 || f.read-before > threadChunk {
		t.Fatalf("g shows %v after reading %d", ids, f.read-before)
	}
	ids := shown(p)
	last := ids[len(ids)-1]
	for range 200 { // and down again from the first
		settle(t, p, p.Scroll(p.height-1))
		ids := shown(p)
		if ids[0] > last+1 {
			t.Fatalf("message %d was skipped: now %v", last+1, ids)
		}
		last = max(last, ids[len(ids)-1])
	}
	settle(t, p, p.End())
	if ids := shown(p); ids[len(ids)-1] != n {
		t.Fatalf("G shows %v", ids)
	}
}

// Narrower, the pane wraps its messages again and keeps the first one
// drawn first.
func TestThreadPaneKeepsItsPlaceWhenResized(t *testing.T) {
	p, _ := newFakePane(t, 500)
	settle(t, p, p.Scroll(-30))
	first := shown(p)[0]
	p.SetSize(30, 12)
	if got := shown(p); len(got) == 0 || got[0] != first {
		t.Fatalf("after resizing the first message drawn is %v, want %d", got, first)
	}
}

// A key moving past what is at hand is owed, not lost: a burst of page-up
// keys ahead of the reads ends as far up as it asked.
func TestThreadPaneOwesMovesAheadOfReads(t *testing.T) {
	p, _ := newFakePane(t, 10_000)
	var cmds []tea.Cmd
	for range 10 {
		cmds = append(cmds, p.Scroll(-(p.height - 1)))
	}
	settle(t, p, tea.Batch(cmds...))
	q, _ := newFakePane(t, 10_000)
	for range 10 {
		settle(t, q, q.Scroll(-(q.height - 1)))
	}
	if a, b := shown(p), shown(q); fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("a burst ends at %v, key by key at %v", a, b)
	}
}

// At the end of the thread, the end stays in view when the pane gets
// shorter (the request's header arriving after the messages) or taller.
func TestThreadPaneKeepsTheEndInView(t *testing.T) {
	p, _ := newFakePane(t, 500)
	for _, h := range []int{8, 14, 5} {
		p.SetSize(60, h)
		if ids := shown(p); !strings.HasSuffix(strings.TrimRight(p.View(), "\n "), "Message 500") || ids[len(ids)-1] != 500 {
			t.Fatalf("at height %d the end is out of view:\n%s", h, p.View())
		}
	}
}
