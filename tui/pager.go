package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
)

// pager shows one window of a list ordered newest first and moves through
// it by keyset pagination: every move reads at most one window from the
// store, so the cost of a key press does not depend on how long the list is
// (R-SES-3's history reaches millions of rows). Reads are single indexed
// queries that WAL readers never wait on, so they run inside Update and the
// screen is always consistent with the keys pressed.
type pager[T any] struct {
	fetch    func(model.EventPage) ([]T, error)
	cursorOf func(T) model.EventCursor
	rows     []T // the window, newest first
	sel      int // selected index in rows
	height   int // rows in a window
	offset   int // index of rows[0] counted from the newest row
	total    int // -1 until counted
	err      error
	scratch  []T
	line     strings.Builder // one row, reused
	layout   layout          // columns for the last width drawn
}

// listView says how a paged list is drawn.
type listView[T any] struct {
	title  string
	empty  string // shown when there are no rows
	cols   []column
	cells  func(l layout, b *strings.Builder, item T) // writes one row
	failed func(item T) bool                          // rows drawn as errors; may be nil
	detail func(item T) string                        // the selected row in full
}

// view draws the window in width cells: the title and position, the column
// header, the rows with the selection, and the selected row in full below.
func (p *pager[T]) view(st *common.Styles, width int, v listView[T]) string {
	var b strings.Builder
	b.Grow(width * (p.height + 4))
	b.WriteString(st.Title.Render(v.title))
	b.WriteString("  ")
	b.WriteString(st.Muted.Render(position(p.offset, len(p.rows), p.total)))
	b.WriteByte('\n')
	if p.err != nil {
		b.WriteString(st.Error.Render(errText(p.err)))
		return b.String()
	}
	if len(p.rows) == 0 {
		b.WriteString(st.Muted.Render(v.empty))
		return b.String()
	}
	if p.layout.width != width || len(p.layout.cols) != len(v.cols) {
		p.layout = newLayout(width, v.cols...)
	}
	b.WriteString(st.TableHeader.Render(p.layout.header()))
	b.WriteByte('\n')
	for i, item := range p.rows {
		p.line.Reset()
		v.cells(p.layout, &p.line, item)
		row := p.line.String()
		switch {
		case i == p.sel:
			row = st.SelectedRow.Render(row)
		case v.failed != nil && v.failed(item):
			row = st.Error.Render(row)
		}
		b.WriteString(row)
		b.WriteByte('\n')
	}
	if p.sel < len(p.rows) {
		b.WriteByte('\n')
		b.WriteString(detailLines(st, v.detail(p.rows[p.sel]), width))
	}
	return b.String()
}

// pagerKeys are the movement keys of every paged list.
var pagerKeys = struct {
	Up, Down, PageUp, PageDown, Home, End key.Binding
}{
	Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "newer")),
	Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "older")),
	PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b", "b"), key.WithHelp("pgup/b", "page newer")),
	PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "f", "space"), key.WithHelp("pgdn/f", "page older")),
	Home:     key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "newest")),
	End:      key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "oldest")),
}

func newPager[T any](fetch func(model.EventPage) ([]T, error), cursorOf func(T) model.EventCursor) *pager[T] {
	return &pager[T]{fetch: fetch, cursorOf: cursorOf, height: 10, total: -1}
}

func (p *pager[T]) setHeight(h int) {
	h = max(h, 1)
	if h == p.height && len(p.rows) > 0 {
		return
	}
	p.height = h
	if len(p.rows) > 0 {
		p.reload()
	}
}

// reload reads the window that starts at the current first row.
func (p *pager[T]) reload() {
	if len(p.rows) == 0 {
		p.home()
		return
	}
	first := p.cursorOf(p.rows[0])
	// The rows at and older than the first one: ask for rows older than a
	// cursor just newer than it.
	got, err := p.fetch(model.EventPage{Cursor: model.EventCursor{At: first.At, ID: first.ID + 1}, Direction: model.Older, Limit: p.height})
	if p.set(got, err) {
		p.sel = min(p.sel, max(len(p.rows)-1, 0))
	}
}

func (p *pager[T]) set(rows []T, err error) bool {
	p.err = err
	if err != nil {
		return false
	}
	p.rows = append(p.rows[:0], rows...)
	return true
}

func (p *pager[T]) home() {
	if p.set(p.fetch(model.EventPage{Direction: model.Older, Limit: p.height})) {
		p.sel, p.offset = 0, 0
	}
}

func (p *pager[T]) end() {
	if p.set(p.fetch(model.EventPage{Direction: model.Newer, Limit: p.height})) {
		p.sel = max(len(p.rows)-1, 0)
		if p.total >= 0 {
			p.offset = max(p.total-len(p.rows), 0)
		}
	}
}

// older moves the selection n rows towards the oldest.
func (p *pager[T]) older(n int) {
	if len(p.rows) == 0 {
		return
	}
	if p.sel+n < len(p.rows) {
		p.sel += n
		return
	}
	last := p.cursorOf(p.rows[len(p.rows)-1])
	got, err := p.fetch(model.EventPage{Cursor: last, Direction: model.Older, Limit: n})
	if err != nil {
		p.err = err
		return
	}
	if len(got) == 0 {
		p.sel = len(p.rows) - 1
		return
	}
	// Slide the window: drop len(got) rows at the newest end.
	drop := min(len(got), len(p.rows))
	p.scratch = append(append(p.scratch[:0], p.rows[drop:]...), got...)
	p.rows, p.scratch = p.scratch, p.rows
	if len(p.rows) > p.height {
		p.rows = p.rows[len(p.rows)-p.height:]
	}
	p.offset += drop
	p.sel = min(p.sel+n-drop, len(p.rows)-1)
	if len(got) < n {
		p.sel = len(p.rows) - 1
	}
}

// newer moves the selection n rows towards the newest.
func (p *pager[T]) newer(n int) {
	if len(p.rows) == 0 {
		return
	}
	if p.sel-n >= 0 {
		p.sel -= n
		return
	}
	first := p.cursorOf(p.rows[0])
	got, err := p.fetch(model.EventPage{Cursor: first, Direction: model.Newer, Limit: n})
	if err != nil {
		p.err = err
		return
	}
	if len(got) == 0 {
		p.sel, p.offset = 0, 0
		return
	}
	keep := max(min(len(p.rows), p.height-len(got)), 0)
	p.scratch = append(append(p.scratch[:0], got...), p.rows[:keep]...)
	p.rows, p.scratch = p.scratch, p.rows
	p.offset = max(p.offset-len(got), 0)
	p.sel = max(p.sel-n+len(got), 0)
	if len(got) < n {
		p.sel, p.offset = 0, 0
	}
}

// handleKey applies a movement key; it reports whether the key was one.
func (p *pager[T]) handleKey(msg tea.KeyPressMsg) bool {
	switch {
	case key.Matches(msg, pagerKeys.Down):
		p.older(1)
	case key.Matches(msg, pagerKeys.Up):
		p.newer(1)
	case key.Matches(msg, pagerKeys.PageDown):
		p.older(p.height)
	case key.Matches(msg, pagerKeys.PageUp):
		p.newer(p.height)
	case key.Matches(msg, pagerKeys.Home):
		p.home()
	case key.Matches(msg, pagerKeys.End):
		p.end()
	default:
		return false
	}
	return true
}

func (p *pager[T]) keys() []key.Binding {
	return []key.Binding{pagerKeys.Down, pagerKeys.Up, pagerKeys.PageDown, pagerKeys.PageUp, pagerKeys.Home, pagerKeys.End}
}
