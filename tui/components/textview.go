package components

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"acctl/tui/common"
)

// TextView shows multi-line text from a user or the database (a message
// body, a ticket thread) in a scrolling area: line breaks are kept, each
// line is cleaned on its own (SPEC §5) and wrapped at spaces.
type TextView struct {
	vp   viewport.Model
	text string
}

// NewTextView returns an empty view.
func NewTextView() *TextView {
	vp := viewport.New()
	vp.SoftWrap = false
	return &TextView{vp: vp}
}

// SetText replaces the text shown.
func (t *TextView) SetText(s string) {
	t.text = s
	t.render()
}

// SetSize sets the area the text is drawn in.
func (t *TextView) SetSize(w, h int) {
	t.vp.SetWidth(w)
	t.vp.SetHeight(h)
	t.render()
}

func (t *TextView) render() {
	w := max(t.vp.Width(), 10)
	lines := strings.Split(t.text, "\n")
	for i, l := range lines {
		lines[i] = common.Wrap(common.CleanLine(strings.TrimRight(l, "\r")), w)
	}
	t.vp.SetContent(strings.Join(lines, "\n"))
}

// Scrollable reports whether the text is taller than the area.
func (t *TextView) Scrollable() bool { return t.vp.TotalLineCount() > t.vp.Height() }

// Update scrolls on the viewport's keys.
func (t *TextView) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	t.vp, cmd = t.vp.Update(msg)
	return cmd
}

// View draws the visible lines.
func (t *TextView) View() string { return t.vp.View() }

// Keys are the scroll keys, when there is something to scroll.
func (t *TextView) Keys() []key.Binding {
	if !t.Scrollable() {
		return nil
	}
	return []key.Binding{key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "scroll")),
		key.NewBinding(key.WithKeys("pgup", "pgdown"), key.WithHelp("pgup/pgdn", "page"))}
}
