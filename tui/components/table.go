package components

import (
	"strings"

	"acctl/tui/common"
)

// Table draws a Window's rows in columns that fit the width: a header, the
// rows drawn (each cell cleaned to one line, SPEC §5), and empty lines to
// the window's height so that the frame never jumps. The selected row is
// marked by a bar in the first cell, not by repainting the whole row: on a
// slow link a move then costs two cells and the detail line, not two rows.
type Table[T any] struct {
	Cols []common.Column
	// Row writes an item's cells with l.Row.
	Row func(l common.Layout, b *strings.Builder, item T)
	// Faded rows are drawn muted (revoked keys, disabled users); Failed
	// rows as errors (failed sign-ins). Either may be nil.
	Faded, Failed func(T) bool

	layout common.Layout
	line   strings.Builder
	// rows caches each row's line by the row's ID for the current layout
	// and styles, with the item it was drawn from: a key press redraws by
	// concatenation, and a reload (new items) draws its rows again.
	rows   map[int64]drawnRow[T]
	styles *common.Styles
}

type drawnRow[T any] struct {
	item T
	line string
}

// Layout is the columns as they fit width, made again only when the width
// or the columns change.
func (t *Table[T]) Layout(width int) common.Layout {
	if t.layout.Width() != width || len(t.layout.Cols) != len(t.Cols) || !sameTitles(t.layout.Cols, t.Cols) {
		t.layout = common.NewLayout(width, t.Cols...)
		t.rows = nil
	}
	return t.layout
}

// row is an item's line, from the cache or drawn and kept.
func (t *Table[T]) row(st *common.Styles, l common.Layout, id int64, item T) string {
	if r, ok := t.rows[id]; ok && any(r.item) == any(item) && t.styles == st {
		return r.line
	}
	if t.rows == nil || len(t.rows) > 256 || t.styles != st {
		t.rows, t.styles = make(map[int64]drawnRow[T], 64), st
	}
	t.line.Reset()
	t.Row(l, &t.line, item)
	r := t.line.String()
	switch {
	case t.Failed != nil && t.Failed(item):
		r = st.ErrorRow.Wrap(r)
	case t.Faded != nil && t.Faded(item):
		r = st.MutedRow.Wrap(r)
	}
	t.rows[id] = drawnRow[T]{item, r}
	return r
}

func sameTitles(a, b []common.Column) bool {
	for i := range a {
		if a[i].Title != b[i].Title {
			return false
		}
	}
	return true
}

// View draws w in width cells.
func (t *Table[T]) View(st *common.Styles, w *Window[T], width int) string {
	l := t.Layout(width - 1)
	var b strings.Builder
	b.Grow((width + 16) * (w.Height() + 1))
	b.WriteString(" ")
	b.WriteString(st.HeaderRow.Wrap(l.Header()))
	n := 0
	w.Visible(func(item T, selected bool) {
		n++
		b.WriteByte('\n')
		if selected {
			b.WriteString(st.CursorMark)
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(t.row(st, l, w.ID(item), item))
	})
	for ; n < w.Height(); n++ {
		b.WriteByte('\n')
	}
	return b.String()
}
