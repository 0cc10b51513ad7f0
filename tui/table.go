package tui

import (
	"strings"

	"acctl/tui/common"

	"github.com/charmbracelet/x/ansi"
)

// column is one column of a list. Columns with a higher drop are left out
// first when the screen is narrow; drop 0 is always shown. The last shown
// column takes the width that is left.
type column struct {
	title string
	width int
	drop  int
}

// layout is the set of columns that fit a width.
type layout struct {
	cols  []column
	shown []bool
	width int
}

const colGap = 2

func newLayout(width int, cols ...column) layout {
	l := layout{cols: cols, shown: make([]bool, len(cols)), width: width}
	total := 1 - colGap
	for i, c := range cols {
		l.shown[i] = true
		total += c.width + colGap
	}
	for total > width {
		worst := -1
		for i, c := range cols {
			if l.shown[i] && c.drop > 0 && (worst < 0 || c.drop > cols[worst].drop) {
				worst = i
			}
		}
		if worst < 0 {
			break
		}
		l.shown[worst] = false
		total -= cols[worst].width + colGap
	}
	return l
}

// header is the title row.
func (l layout) header() string {
	var b strings.Builder
	titles := make([]string, len(l.cols))
	for i, c := range l.cols {
		titles[i] = c.title
	}
	l.row(&b, titles...)
	return b.String()
}

// row writes one row of cells (one per column, shown or not), padded and
// cut to the columns' widths, without allocating when the cells fit.
func (l layout) row(b *strings.Builder, cells ...string) {
	start := b.Len()
	b.WriteByte(' ')
	last := -1
	for i := range l.cols {
		if l.shown[i] {
			last = i
		}
	}
	first := true
	for i, c := range l.cols {
		if !l.shown[i] {
			continue
		}
		if !first {
			b.WriteString("  ")
		}
		first = false
		cell := ""
		if i < len(cells) {
			cell = cells[i]
		}
		if i == last {
			b.WriteString(truncate(cell, l.width-(b.Len()-start)))
			break
		}
		cell = truncate(cell, c.width)
		b.WriteString(cell)
		for w := cellWidth(cell); w < c.width; w++ {
			b.WriteByte(' ')
		}
	}
}

func cellWidth(s string) int {
	if isASCII(s) {
		return len(s)
	}
	return ansi.StringWidth(s)
}

// detailLines draws the selected row in full under a list, wrapped to at
// most two lines, so that nothing a narrow terminal leaves out of the
// columns is out of reach.
func detailLines(st *common.Styles, text string, width int) string {
	return st.Muted.Width(max(width, 10)).MaxHeight(2).Render(text)
}
