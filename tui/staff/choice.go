package staff

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// choiceMsg answers a choice with the index of the option chosen.
type choiceMsg struct {
	id    string
	index int
}

var choiceKeys = struct{ Move, Choose, Cancel key.Binding }{
	Move:   key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp("↑/↓", "move")),
	Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
	Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
}

// choice is a modal list of options (a request's status); enter chooses,
// esc leaves without an answer.
type choice struct {
	env     *common.Env
	id      string
	title   string
	options []string
	sel     int
	width   int
}

func newChoice(env *common.Env, id, title string, options []string) *choice {
	return &choice{env: env, id: id, title: title, options: options}
}

func (c *choice) Init() tea.Cmd       { return nil }
func (c *choice) Title() string       { return c.title }
func (c *choice) Layer() common.Layer { return common.Modal }
func (c *choice) SetSize(w, h int)    { c.width = w }
func (c *choice) Keys() []key.Binding {
	return []key.Binding{choiceKeys.Move, choiceKeys.Choose, choiceKeys.Cancel}
}

func (c *choice) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return c, nil
	}
	switch {
	case key.Matches(k, choiceKeys.Cancel):
		c.env.Nav.Close(c, "")
	case key.Matches(k, choiceKeys.Choose):
		c.env.Nav.Close(c, "")
		return c, common.Emit(choiceMsg{c.id, c.sel})
	case k.String() == "up" || k.String() == "k":
		c.sel = max(c.sel-1, 0)
	case k.String() == "down" || k.String() == "j":
		c.sel = min(c.sel+1, len(c.options)-1)
	}
	return c, nil
}

func (c *choice) View() string {
	st := c.env.Styles
	w := min(boxWidth(c.width), 48)
	inner := w - st.Modal.GetHorizontalFrameSize()
	var b strings.Builder
	b.WriteString(st.Title.Render(c.title) + "\n\n")
	for i, o := range c.options {
		if i == c.sel {
			b.WriteString(st.SelectedRow.Render("> "+o) + "\n")
		} else {
			b.WriteString("  " + o + "\n")
		}
	}
	b.WriteString("\n" + components.HelpLine(st, c.Keys(), inner))
	return st.Modal.Width(w).Render(b.String())
}

// messageView shows one message of a thread alone, scrolling, for a
// message taller than the thread's area (SPEC §5: line breaks kept, each
// line cleaned).
type messageView struct {
	env  *common.Env
	m    *model.TicketMessage
	body *components.TextView
	w    int
}

func newMessageView(env *common.Env, m *model.TicketMessage) *messageView {
	v := &messageView{env: env, m: m, body: components.NewTextView()}
	v.body.SetText(m.Body)
	return v
}

func (v *messageView) Init() tea.Cmd       { return nil }
func (v *messageView) Title() string       { return "Message" }
func (v *messageView) Keys() []key.Binding { return v.body.Keys() }
func (v *messageView) SetSize(w, h int) {
	v.w = w
	v.body.SetSize(max(w-1, 10), max(h-2, 3))
}

func (v *messageView) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return v, v.body.Update(k)
	}
	return v, nil
}

func (v *messageView) View() string {
	st := v.env.Styles
	who := v.m.Author
	if v.m.Staff {
		who += " (support)"
	}
	head := st.Title.Render(common.Truncate(common.CleanLine(who), max(v.w-20, 10))) + "  " + st.Muted.Render(v.m.At.UTC().Format(common.MinuteLayout))
	return head + "\n\n" + v.body.View()
}
