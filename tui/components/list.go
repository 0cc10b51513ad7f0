package components

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/tui/common"
)

// List is the plumbing of every list screen: a title with the position, a
// Window read by keyset, its Table, and the selected row in full below it
// (what a narrow terminal leaves out of the columns stays in reach). A
// screen embeds it, adds its own keys and draws around it.
type List[T any] struct {
	Env   *common.Env
	Win   *Window[T]
	Table Table[T]
	// Name is the title; Empty is said when there are no rows.
	Name, Empty string
	// Detail is the selected row in full; nil for none.
	Detail func(T) string
	// Reload is how many ticks (seconds) pass between reloads; 0 never.
	Reload int
	// Below is drawn under the detail (a note, a question); it takes the
	// lines it needs from the list.
	Below func() string

	width, height int
	ticks         int
}

// detailRows is the room kept for the detail when the list is full.
const detailRows = 3

// Init reads the first rows.
func (l *List[T]) Init() tea.Cmd { return l.Win.Reset() }

// SetSize sets the list's area.
func (l *List[T]) SetSize(w, h int) {
	l.width, l.height = w, h
	l.Win.SetHeight(l.rows())
}

// rows is how many list rows fit: the area less the title, the header, a
// gap, the detail and what Below needs.
func (l *List[T]) rows() int {
	below := 0
	if l.Below != nil {
		below = common.Lines(l.Below())
	}
	return max(l.height-3-l.detailHeight()-below, 3)
}

// detailHeight is the room the selected row's detail takes: detailRows, or
// all it needs, so that nothing of it is cut.
func (l *List[T]) detailHeight() int {
	if x, ok := l.Win.Selected(); ok && l.Detail != nil {
		return max(detailRows, common.Lines(l.detail(x)))
	}
	return detailRows
}

// detail is x's detail wrapped to the width, its lines under its first.
func (l *List[T]) detail(x T) string {
	return " " + common.Hanging(common.CleanLine(l.Detail(x)), 1, l.width)
}

// fit gives the window the rows the detail leaves, as the selection moves
// to a row whose detail is longer or shorter, and reads what it may lack.
func (l *List[T]) fit() tea.Cmd {
	rows := l.rows()
	if rows == l.Win.Height() || l.height == 0 {
		return nil
	}
	l.Win.SetHeight(rows)
	cmd, _ := l.Win.Update(common.ResizedMsg{})
	return cmd
}

// Update handles what every list handles: its reads, movement keys,
// clicks, periodic reloads and the return from a screen above. handled is
// false for what the screen handles itself.
func (l *List[T]) Update(msg tea.Msg) (cmd tea.Cmd, handled bool) {
	cmd, handled = l.update(msg)
	return tea.Batch(cmd, l.fit()), handled
}

func (l *List[T]) update(msg tea.Msg) (cmd tea.Cmd, handled bool) {
	if cmd, ok := l.Win.Update(msg); ok {
		return cmd, true
	}
	switch msg := msg.(type) {
	case common.TickMsg:
		if l.ticks++; l.Reload > 0 && l.ticks%l.Reload == 0 {
			return l.Win.Reload(), false
		}
	case common.ResumedMsg:
		l.Win.SetHeight(l.rows())
		return l.Win.Reload(), false
	case common.ClickMsg:
		return nil, l.Win.Click(msg.Y - 2)
	case tea.KeyPressMsg:
		return l.Win.HandleKey(msg)
	}
	return nil, false
}

// Keys are the movement keys.
func (l *List[T]) Keys() []key.Binding { return l.Win.Keys() }

// Selected is the selected row.
func (l *List[T]) Selected() (T, bool) { return l.Win.Selected() }

// View draws the title, the rows, the detail and what goes below.
func (l *List[T]) View() string {
	st := l.Env.Styles
	var b strings.Builder
	// One line: the name cut to the width, the position where it fits.
	b.WriteString(st.Title.Render(common.Truncate(l.Name, l.width)))
	if pos := l.Win.Position(); pos != "" && common.Width(l.Name)+2+common.Width(pos) <= l.width {
		b.WriteString("  " + st.Muted.Render(pos))
	}
	b.WriteByte('\n')
	switch {
	case l.Win.Err() != nil && !l.Win.Loaded():
		b.WriteString(st.Error.Render(common.Wrap(common.ErrText(l.Win.Err()), l.width)))
		return b.String()
	case !l.Win.Loaded():
		return b.String() + st.Muted.Render("Loading…")
	case l.Win.Empty():
		return b.String() + st.Muted.Render(common.Wrap(l.Empty, l.width))
	}
	b.WriteString(l.Table.View(st, l.Win, l.width))
	if x, ok := l.Win.Selected(); ok && l.Detail != nil {
		b.WriteString("\n")
		b.WriteString(st.Muted.Render(common.FitHeight(l.detail(x), l.detailHeight())))
	}
	if err := l.Win.Err(); err != nil {
		b.WriteString("\n" + st.Error.Render(common.Truncate(common.ErrText(err), l.width)))
	}
	if l.Below != nil {
		b.WriteString("\n" + l.Below())
	}
	return b.String()
}
