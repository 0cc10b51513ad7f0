package components

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
)

// Dir is a direction along a list, in the order it is drawn.
type Dir int

// Directions: Forward reads the rows after a row (down the screen),
// Backward the rows before it.
const (
	Forward Dir = iota
	Backward
)

// Fetch reads up to limit rows next to from in dir, returned in list order.
// A nil from means an end of the list: its first rows (Forward) or its
// last rows (Backward). It runs off the update loop.
type Fetch[T any] func(ctx context.Context, svc *model.Service, from *T, dir Dir, limit int) ([]T, error)

// Window is one screenful of a list that may hold millions of rows (the
// sign-in history, the security log, the outbox, users, keys), read from
// the store by keyset a chunk at a time. Every read runs in a command, never
// in Update: the window keeps a few pages around what is shown and reads
// the next chunk when the selection comes within a page of its edge, so a
// key press moves at once and never waits on the database. Answers carry
// the window's generation, so an answer overtaken by a reset is dropped.
type Window[T any] struct {
	env   *common.Env
	fetch Fetch[T]
	// ID tells rows apart, to keep the selection on the same row when
	// the window is read again.
	ID func(T) int64
	// Count, when set, counts the whole list for "rows a–b of n".
	Count func(ctx context.Context, svc *model.Service) (int, error)

	buf    []T
	sel    int // index in buf of the selected row
	top    int // index in buf of the first row drawn
	height int // rows drawn
	base   int // position in the list of buf[0]; -1 when unknown
	total  int // -1 until counted

	atHead, atTail bool // buf holds the list's first / last row
	gen            int
	pending        [2]bool // a chunk is being read, by Dir
	owed           int     // movement waiting for rows being read
	loaded         bool
	err            error
	scratch        []T
}

// windowRowsMsg carries a chunk back to the window that asked.
type windowRowsMsg[T any] struct {
	w    *Window[T]
	gen  int
	kind readKind
	rows []T
	err  error
	// keep is the ID of the row to select after a reload.
	keep int64
}

type windowCountMsg[T any] struct {
	w   *Window[T]
	gen int
	n   int
	err error
}

type readKind int

const (
	readFirst readKind = iota
	readLast
	readAfter
	readBefore
	readAgain
)

// NewWindow returns an empty window over fetch; call Reset (in Init) to
// read its first rows.
func NewWindow[T any](env *common.Env, fetch Fetch[T], id func(T) int64) *Window[T] {
	return &Window[T]{env: env, fetch: fetch, ID: id, height: 10, base: -1, total: -1}
}

// chunk is how many rows one read asks for.
func (w *Window[T]) chunk() int { return 2*w.height + 1 }

// read runs fetch in a command; the answer comes back as windowRowsMsg.
func (w *Window[T]) read(kind readKind, from *T, dir Dir, limit int, keep int64) tea.Cmd {
	fetch, gen, win := w.fetch, w.gen, w
	var edge T
	hasEdge := from != nil
	if hasEdge {
		edge = *from
	}
	return w.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		var rows []T
		var err error
		if kind == readAgain {
			rows, err = fetchAround(ctx, svc, fetch, edge, hasEdge, limit)
		} else if hasEdge {
			rows, err = fetch(ctx, svc, &edge, dir, limit)
		} else {
			rows, err = fetch(ctx, svc, nil, dir, limit)
		}
		return windowRowsMsg[T]{w: win, gen: gen, kind: kind, rows: rows, err: err, keep: keep}
	})
}

// fetchAround reads the rows from top (included) on: the row before it,
// then the rows after that one. Without a top it reads the first rows.
func fetchAround[T any](ctx context.Context, svc *model.Service, fetch Fetch[T], top T, hasTop bool, limit int) ([]T, error) {
	if !hasTop {
		return fetch(ctx, svc, nil, Forward, limit)
	}
	before, err := fetch(ctx, svc, &top, Backward, 1)
	if err != nil {
		return nil, err
	}
	if len(before) == 0 {
		return fetch(ctx, svc, nil, Forward, limit)
	}
	return fetch(ctx, svc, &before[0], Forward, limit)
}

// Reset reads the list from its first row, selecting it (a new filter or
// sort; the first open).
func (w *Window[T]) Reset() tea.Cmd {
	w.gen++
	w.pending, w.owed = [2]bool{}, 0
	return tea.Batch(w.read(readFirst, nil, Forward, w.chunk(), 0), w.count())
}

func (w *Window[T]) count() tea.Cmd {
	if w.Count == nil {
		return nil
	}
	count, gen, win := w.Count, w.gen, w
	return w.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		n, err := count(ctx, svc)
		return windowCountMsg[T]{w: win, gen: gen, n: n, err: err}
	})
}

// Reload reads the shown rows again from the first one drawn, keeping the
// selected row selected while it is still there (a periodic refresh, a
// return from a screen that changed something).
func (w *Window[T]) Reload() tea.Cmd {
	if !w.loaded || len(w.buf) == 0 {
		return w.Reset()
	}
	w.gen++
	w.pending, w.owed = [2]bool{}, 0
	top := w.buf[w.top]
	var keep int64
	if x, ok := w.Selected(); ok {
		keep = w.ID(x)
	}
	hasTop := !(w.atHead && w.top == 0)
	if !hasTop {
		return tea.Batch(w.read(readAgain, nil, Forward, w.chunk(), keep), w.count())
	}
	return tea.Batch(w.read(readAgain, &top, Forward, w.chunk(), keep), w.count())
}

// Update takes the window's own answers; handled is false for any other
// message.
func (w *Window[T]) Update(msg tea.Msg) (cmd tea.Cmd, handled bool) {
	switch msg := msg.(type) {
	case windowRowsMsg[T]:
		if msg.w != w || msg.gen != w.gen {
			return nil, msg.w == w
		}
		return w.took(msg), true
	case common.ResizedMsg:
		if !w.loaded {
			return nil, false
		}
		return w.prefetch(), false
	case windowCountMsg[T]:
		if msg.w == w && msg.gen == w.gen && msg.err == nil {
			w.total = msg.n
		}
		return nil, msg.w == w
	}
	return nil, false
}

// took puts a chunk in place.
func (w *Window[T]) took(msg windowRowsMsg[T]) tea.Cmd {
	dir := Forward
	if msg.kind == readBefore || msg.kind == readLast {
		dir = Backward
	}
	if msg.kind == readAfter || msg.kind == readBefore {
		w.pending[dir] = false
	}
	if msg.err != nil {
		w.err = msg.err
		w.owed = 0
		return nil
	}
	w.err, w.loaded = nil, true
	full := len(msg.rows) == w.chunk()
	switch msg.kind {
	case readFirst:
		w.buf = append(w.buf[:0], msg.rows...)
		w.sel, w.top, w.base, w.atHead, w.atTail = 0, 0, 0, true, !full
	case readLast:
		w.buf = append(w.buf[:0], msg.rows...)
		w.sel, w.atTail, w.atHead = max(len(w.buf)-1, 0), true, !full
		w.top = max(len(w.buf)-w.height, 0)
		w.base = -1
		if w.atHead {
			w.base = 0
		} else if w.total >= 0 {
			w.base = max(w.total-len(w.buf), 0)
		}
	case readAgain:
		w.again(msg.rows, msg.keep, full)
	case readAfter:
		w.appendRows(msg.rows, full)
	case readBefore:
		w.prependRows(msg.rows, full)
	}
	owed := w.owed
	w.owed = 0
	return tea.Batch(w.Move(owed), w.prefetch())
}

// again replaces the buffer after a reload, the old first row drawn first.
func (w *Window[T]) again(rows []T, keep int64, full bool) {
	if w.base >= 0 {
		w.base += w.top
	}
	startsAtHead := w.atHead && w.top == 0
	w.buf = append(w.buf[:0], rows...)
	w.top, w.atTail = 0, !full
	w.atHead = startsAtHead
	if startsAtHead {
		w.base = 0
	}
	w.sel = min(w.sel, max(len(w.buf)-1, 0))
	for i, x := range w.buf {
		if w.ID(x) == keep {
			w.sel = i
			break
		}
	}
	w.show()
}

func (w *Window[T]) appendRows(rows []T, full bool) {
	w.buf = append(w.buf, rows...)
	w.atTail = !full
	if drop := min(len(w.buf)-w.keepRows(), w.top); drop > 0 {
		n := copy(w.buf, w.buf[drop:])
		w.buf = w.buf[:n]
		w.sel, w.top, w.atHead = w.sel-drop, w.top-drop, false
		if w.base >= 0 {
			w.base += drop
		}
	}
}

func (w *Window[T]) prependRows(rows []T, full bool) {
	w.scratch = append(append(w.scratch[:0], rows...), w.buf...)
	w.buf, w.scratch = w.scratch, w.buf
	w.sel, w.top = w.sel+len(rows), w.top+len(rows)
	w.atHead = !full
	switch {
	case w.atHead:
		w.base = 0
	case w.base >= 0:
		w.base = max(w.base-len(rows), 0)
	}
	if extra := len(w.buf) - w.keepRows(); extra > 0 {
		drop := min(extra, len(w.buf)-(w.top+w.height))
		if drop > 0 {
			w.buf = w.buf[:len(w.buf)-drop]
			w.atTail = false
		}
	}
}

// keepRows bounds the buffer: a few pages around what is drawn.
func (w *Window[T]) keepRows() int { return 3*w.chunk() + w.height }

// Move moves the selection n rows (down when n > 0). Beyond the rows at
// hand it moves as far as it can and owes the rest until the next chunk
// arrives.
func (w *Window[T]) Move(n int) tea.Cmd {
	if n == 0 || len(w.buf) == 0 {
		return nil
	}
	want := w.sel + w.owed + n
	w.sel, w.owed = min(max(want, 0), len(w.buf)-1), 0
	switch {
	case want > w.sel && !w.atTail:
		w.owed = want - w.sel
	case want < w.sel && !w.atHead:
		w.owed = want - w.sel
	}
	w.show()
	return w.prefetch()
}

// show scrolls so that the selected row is drawn.
func (w *Window[T]) show() {
	switch {
	case w.sel < w.top:
		w.top = w.sel
	case w.sel >= w.top+w.height:
		w.top = w.sel - w.height + 1
	}
	w.top = max(min(w.top, len(w.buf)-w.height), 0)
}

// prefetch reads the next chunk when the selection is within a page of
// the rows at hand.
func (w *Window[T]) prefetch() tea.Cmd {
	var cmds []tea.Cmd
	if !w.atTail && !w.pending[Forward] && len(w.buf)-1-w.sel <= w.height {
		w.pending[Forward] = true
		cmds = append(cmds, w.read(readAfter, &w.buf[len(w.buf)-1], Forward, w.chunk(), 0))
	}
	if !w.atHead && !w.pending[Backward] && w.sel <= w.height && len(w.buf) > 0 {
		w.pending[Backward] = true
		cmds = append(cmds, w.read(readBefore, &w.buf[0], Backward, w.chunk(), 0))
	}
	return tea.Batch(cmds...)
}

// Home selects the first row of the list.
func (w *Window[T]) Home() tea.Cmd {
	if w.atHead {
		w.sel, w.top, w.owed = 0, 0, 0
		return w.prefetch()
	}
	w.gen++
	w.pending, w.owed = [2]bool{}, 0
	return w.read(readFirst, nil, Forward, w.chunk(), 0) // the count stands
}

// End selects the last row of the list.
func (w *Window[T]) End() tea.Cmd {
	if w.atTail {
		w.sel, w.owed = max(len(w.buf)-1, 0), 0
		w.show()
		return w.prefetch()
	}
	w.gen++
	w.pending, w.owed = [2]bool{}, 0
	return w.read(readLast, nil, Backward, w.chunk(), 0)
}

// SetHeight sets how many rows are drawn; the rows it may now lack are read
// on the ResizedMsg that follows.
func (w *Window[T]) SetHeight(h int) {
	w.height = max(h, 1)
	w.show()
}

// Height is how many rows are drawn.
func (w *Window[T]) Height() int { return w.height }

// Click selects the row drawn y rows below the first.
func (w *Window[T]) Click(y int) bool {
	i := w.top + y
	if y < 0 || y >= w.height || i >= len(w.buf) {
		return false
	}
	w.sel = i
	return true
}

// Selected is the selected row; false when there is none.
func (w *Window[T]) Selected() (T, bool) {
	if w.sel < len(w.buf) {
		return w.buf[w.sel], true
	}
	var zero T
	return zero, false
}

// Visible calls row for each row drawn, in order, telling the selected one.
func (w *Window[T]) Visible(row func(item T, selected bool)) {
	end := min(w.top+w.height, len(w.buf))
	for i := w.top; i < end; i++ {
		row(w.buf[i], i == w.sel)
	}
}

// Loaded reports whether a first answer has come back.
func (w *Window[T]) Loaded() bool { return w.loaded }

// Err is the last read's error, if it failed.
func (w *Window[T]) Err() error { return w.err }

// Empty reports whether the list has no rows (once loaded).
func (w *Window[T]) Empty() bool { return w.loaded && len(w.buf) == 0 }

// Position says which rows are drawn: "rows 1–20 of 1,000,000".
func (w *Window[T]) Position() string {
	n := min(w.height, len(w.buf)-w.top)
	if n <= 0 {
		return ""
	}
	if w.base < 0 {
		if w.total >= 0 {
			return common.Thousandsf("%s rows", w.total)
		}
		return ""
	}
	first := w.base + w.top + 1
	if w.total < 0 {
		return common.Thousandsf("rows %s–%s", first, first+n-1)
	}
	return common.Thousandsf("rows %s–%s of %s", first, first+n-1, max(w.total, first+n-1))
}

// WindowKeys move through every list.
var WindowKeys = struct {
	Up, Down, PageUp, PageDown, Home, End, Move key.Binding
}{
	Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
	Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
	PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b", "b"), key.WithHelp("pgup", "page up")),
	PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "f", "space"), key.WithHelp("pgdn", "page down")),
	Home:     key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "first")),
	End:      key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "last")),
	// Move is how the footer draws ↑/↓: one entry for the two.
	Move: key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move")),
}

// HandleKey applies a movement key; ok is false for any other key.
func (w *Window[T]) HandleKey(msg tea.KeyPressMsg) (cmd tea.Cmd, ok bool) {
	k := WindowKeys
	switch {
	case key.Matches(msg, k.Down):
		return w.Move(1), true
	case key.Matches(msg, k.Up):
		return w.Move(-1), true
	case key.Matches(msg, k.PageDown):
		return w.Move(w.height), true
	case key.Matches(msg, k.PageUp):
		return w.Move(-w.height), true
	case key.Matches(msg, k.Home):
		return w.Home(), true
	case key.Matches(msg, k.End):
		return w.End(), true
	}
	return nil, false
}

// Keys are the movement keys for the footer (↑/↓ as one) and the help.
func (w *Window[T]) Keys() []key.Binding {
	k := WindowKeys
	return []key.Binding{k.Move, k.PageDown, k.PageUp, k.Home, k.End}
}

// EventFetch reads a list ordered newest first through a model method that
// pages by (time, id), such as the sign-in history or the security log.
func EventFetch[T any](list func(ctx context.Context, svc *model.Service, p model.EventPage) ([]T, error),
	cursor func(T) model.EventCursor) Fetch[T] {
	return func(ctx context.Context, svc *model.Service, from *T, dir Dir, limit int) ([]T, error) {
		p := model.EventPage{Direction: model.Older, Limit: limit}
		if dir == Backward {
			p.Direction = model.Newer
		}
		if from != nil {
			p.Cursor = cursor(*from)
		}
		return list(ctx, svc, p)
	}
}

// SliceFetch reads a short list (sessions, keys) whole on every read and
// hands the window the part it asked for.
func SliceFetch[T any](list func(ctx context.Context, svc *model.Service) ([]T, error), id func(T) int64) Fetch[T] {
	return func(ctx context.Context, svc *model.Service, from *T, dir Dir, limit int) ([]T, error) {
		all, err := list(ctx, svc)
		if err != nil {
			return nil, err
		}
		at := -1 // index of from
		if from != nil {
			for i, x := range all {
				if id(x) == id(*from) {
					at = i
					break
				}
			}
			if at < 0 {
				return nil, nil // from is gone: the window reads again
			}
		}
		if dir == Forward {
			return all[min(at+1, len(all)):min(at+1+limit, len(all))], nil
		}
		end := len(all)
		if at >= 0 {
			end = at
		}
		return all[max(end-limit, 0):end], nil
	}
}
