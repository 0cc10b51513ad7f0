package common

import "strings"

// Column is one column of a list. Columns with a higher Drop are left out
// first when the area is narrow; Drop 0 is always shown. The last column
// shown takes the width that is left.
type Column struct {
	Title string
	Width int
	Drop  int
}

// Layout is the set of columns that fit a width.
type Layout struct {
	Cols  []Column
	shown []bool
	width int
}

const colGap = 2

// NewLayout fits cols into width cells.
func NewLayout(width int, cols ...Column) Layout {
	l := Layout{Cols: cols, shown: make([]bool, len(cols)), width: width}
	total := 1 - colGap
	for i, c := range cols {
		l.shown[i] = true
		total += c.Width + colGap
	}
	for total > width {
		worst := -1
		for i, c := range cols {
			if l.shown[i] && c.Drop > 0 && (worst < 0 || c.Drop > cols[worst].Drop) {
				worst = i
			}
		}
		if worst < 0 {
			break
		}
		l.shown[worst] = false
		total -= cols[worst].Width + colGap
	}
	return l
}

// Width is the width the layout was made for.
func (l Layout) Width() int { return l.width }

// Shown reports whether column i fits.
func (l Layout) Shown(i int) bool { return i < len(l.shown) && l.shown[i] }

// Header is the title row.
func (l Layout) Header() string {
	var b strings.Builder
	titles := make([]string, len(l.Cols))
	for i, c := range l.Cols {
		titles[i] = c.Title
	}
	l.Row(&b, titles...)
	return b.String()
}

// Row writes one row of cells (one per column, shown or not), each cleaned
// to one line (SPEC §5), padded and cut to its column, without allocating
// when the cells are plain and fit.
func (l Layout) Row(b *strings.Builder, cells ...string) {
	b.WriteByte(' ')
	used := 1
	last := -1
	for i := range l.Cols {
		if l.shown[i] {
			last = i
		}
	}
	first := true
	for i, c := range l.Cols {
		if !l.shown[i] {
			continue
		}
		if !first {
			b.WriteString("  ")
			used += colGap
		}
		first = false
		cell := ""
		if i < len(cells) {
			cell = CleanLine(cells[i])
		}
		if i == last {
			b.WriteString(Truncate(cell, l.width-used))
			break
		}
		cell = Truncate(cell, c.Width)
		b.WriteString(cell)
		for w := Width(cell); w < c.Width; w++ {
			b.WriteByte(' ')
		}
		used += c.Width
	}
}
