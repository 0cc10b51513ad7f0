package components

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"acctl/tui/common"
)

// ConfirmedMsg is the answer to a Confirm: Yes is false for n and esc.
type ConfirmedMsg struct {
	ID  string
	Yes bool
}

// confirmKeys are the question's bindings, matched in Update and drawn in the
// footer.
type confirmKeys struct {
	Yes, No, Switch, Choose key.Binding
}

// Confirm asks a yes/no question. No is selected at first, so a stray enter
// never says yes.
type Confirm struct {
	id       string
	question string
	st       *common.Styles
	keys     confirmKeys
	yes      bool // the selected button
	answered bool
	width    int
}

// NewConfirm builds a question; the text is cleaned before it is drawn.
func NewConfirm(id, question string, st *common.Styles) *Confirm {
	return &Confirm{
		id:       id,
		question: common.Clean(question),
		st:       st,
		keys: confirmKeys{
			Yes:    key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes")),
			No:     key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "no")),
			Switch: key.NewBinding(key.WithKeys("left", "right", "h", "l", "tab"), key.WithHelp("←/→", "choose")),
			Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "answer")),
		},
	}
}

// Init has nothing to start.
func (c *Confirm) Init() tea.Cmd { return nil }

// SetWidth sets the width the question may use.
func (c *Confirm) SetWidth(w int) { c.width = w }

// Keys are the question's bindings.
func (c *Confirm) Keys() []key.Binding {
	return []key.Binding{c.keys.Yes, c.keys.No, c.keys.Switch, c.keys.Choose}
}

// Update answers on y, n, esc or enter; the first answer is the only one.
func (c *Confirm) Update(msg tea.Msg) (*Confirm, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || c.answered {
		return c, nil
	}
	switch {
	case key.Matches(k, c.keys.Yes):
		return c, c.answer(true)
	case key.Matches(k, c.keys.No):
		return c, c.answer(false)
	case key.Matches(k, c.keys.Choose):
		return c, c.answer(c.yes)
	case key.Matches(k, c.keys.Switch):
		c.yes = !c.yes
	}
	return c, nil
}

func (c *Confirm) answer(yes bool) tea.Cmd {
	c.answered = true
	return emit(ConfirmedMsg{ID: c.id, Yes: yes})
}

// View draws the question, the two buttons and the keys in a modal box.
func (c *Confirm) View() string {
	buttons := lipgloss.JoinHorizontal(lipgloss.Top, c.button("Yes", c.yes), "  ", c.button("No", !c.yes))
	body := c.question + "\n\n" + buttons + "\n\n" + helpLine(c.st, c.Keys())
	return c.st.Modal.Width(boxWidth(c.width, 64)).Render(body)
}

// button marks the selected one with brackets as well as colour, so it
// shows without colour too.
func (c *Confirm) button(label string, selected bool) string {
	if selected {
		return c.st.SelectedRow.Render("[ " + label + " ]")
	}
	return c.st.Muted.Render("  " + label + "  ")
}
