package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/tui/components"
)

// moveKeys is how the key lists draw ↑/↓ in the footer: one entry for the
// two bindings, which are matched apart, so that the footer fits 80 columns.
var moveKeys = key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp("↑/↓", "move"))

var rowKeys = struct{ Up, Down key.Binding }{
	Up:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
	Down: key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
}

// keyListLoadedMsg carries the rows of a keyList.
type keyListLoadedMsg[T any] struct {
	list []T
	err  error
}

// keyList is what the API-keys and SSH-keys screens share: rows loaded off
// the update loop and reloaded now and then, a selection moved with ↑/↓, and
// a yes/no question about one row.
type keyList[T any] struct {
	c       *screenCtx
	fetch   func() ([]T, error)
	list    []T
	sel     int
	err     string
	loading bool
	confirm *components.Confirm
	target  T // what the question is about
	width   int
	height  int
	ticks   int
}

func newKeyList[T any](c *screenCtx, fetch func() ([]T, error)) keyList[T] {
	return keyList[T]{c: c, fetch: fetch, loading: true}
}

func (l *keyList[T]) load() tea.Cmd {
	fetch := l.fetch
	return func() tea.Msg {
		list, err := fetch()
		return keyListLoadedMsg[T]{list, err}
	}
}

func (l *keyList[T]) Init() tea.Cmd   { return l.load() }
func (l *keyList[T]) Capturing() bool { return l.confirm != nil }

func (l *keyList[T]) SetSize(w, h int) {
	l.width, l.height = w, h
	if l.confirm != nil {
		l.confirm.SetWidth(w)
	}
}

// keys are the question's bindings while it is open, else ↑/↓ and own.
func (l *keyList[T]) keys(own ...key.Binding) []key.Binding {
	if l.confirm != nil {
		return l.confirm.Keys()
	}
	return append([]key.Binding{moveKeys}, own...)
}

// update handles what every key list handles: its rows, the periodic
// reload, the return from a pushed screen, ↑/↓, and keys while a question
// is open. handled is false for what the screen handles itself.
func (l *keyList[T]) update(msg tea.Msg) (cmd tea.Cmd, handled bool) {
	switch msg := msg.(type) {
	case keyListLoadedMsg[T]:
		l.loading = false
		if msg.err != nil {
			l.err = errText(msg.err)
			return nil, true
		}
		l.err, l.list = "", msg.list
		l.sel = min(l.sel, max(len(l.list)-1, 0))
		return nil, true
	case tickMsg:
		if l.ticks++; l.ticks%10 == 0 && l.confirm == nil {
			return l.load(), true
		}
		return nil, true
	case screenResumedMsg:
		return l.load(), true
	case tea.KeyPressMsg:
		switch {
		case l.confirm != nil:
			l.confirm, cmd = l.confirm.Update(msg)
			return cmd, true
		case key.Matches(msg, rowKeys.Down):
			l.sel = min(l.sel+1, max(len(l.list)-1, 0))
			return nil, true
		case key.Matches(msg, rowKeys.Up):
			l.sel = max(l.sel-1, 0)
			return nil, true
		}
	}
	return nil, false
}

// selected is the selected row; false when the list is empty.
func (l *keyList[T]) selected() (T, bool) {
	if l.sel < len(l.list) {
		return l.list[l.sel], true
	}
	var zero T
	return zero, false
}

// ask opens a yes/no question about target; answered takes it back.
func (l *keyList[T]) ask(id, question string, target T) {
	l.target = target
	l.confirm = components.NewConfirm(id, question, l.c.st)
	l.confirm.SetWidth(l.width)
}

// answered closes the question and returns what it was about.
func (l *keyList[T]) answered() T {
	t := l.target
	var zero T
	l.confirm, l.target = nil, zero
	return t
}

// head draws the title line and, while there are no rows to draw, what
// stands in their place; rows is false then.
func (l *keyList[T]) head(title, summary, empty string) (head string, rows bool) {
	st := l.c.st
	var b strings.Builder
	b.WriteString(st.Title.Render(title) + "  " + st.Muted.Render(summary) + "\n")
	switch {
	case l.loading:
		return b.String() + "Loading…", false
	case l.err != "":
		return b.String() + st.Error.Render(l.err), false
	case len(l.list) == 0:
		return b.String() + "\n" + empty, false
	}
	return b.String(), true
}

// draw writes the rows that fit, the selected one highlighted, faded
// marking rows to draw muted; then the selected row's detail and the open
// question.
func (l *keyList[T]) draw(b *strings.Builder, lay layout, cells func(T) []string, faded func(T) bool, detail func(T) string) {
	st := l.c.st
	b.WriteString(st.TableHeader.Render("  "+lay.header()) + "\n")
	from, to := listWindow(l.sel, len(l.list), l.height-8)
	var line strings.Builder
	for i := from; i < to; i++ {
		line.Reset()
		line.WriteString("  ")
		lay.row(&line, cells(l.list[i])...)
		row := line.String()
		switch {
		case i == l.sel:
			row = st.SelectedRow.Render(row)
		case faded(l.list[i]):
			row = st.Muted.Render(row)
		}
		b.WriteString(row + "\n")
	}
	if x, ok := l.selected(); ok {
		b.WriteString("\n" + detailLines(st, " "+detail(x), l.width) + "\n")
	}
	if l.confirm != nil {
		b.WriteString("\n" + l.confirm.View())
	}
}

// listWindow is the range of rows [from, to) of a list of n rows to draw
// in rows lines so that sel is in it.
func listWindow(sel, n, rows int) (from, to int) {
	rows = max(rows, 3)
	if n <= rows {
		return 0, n
	}
	from = min(max(sel-rows/2, 0), n-rows)
	return from, from + rows
}
