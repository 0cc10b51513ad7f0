package components

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"strconv"

	"acctl/tui/common"
)

// AnsweredMsg is the answer to a Question: Yes is false for n and esc.
type AnsweredMsg struct {
	ID  string
	Yes bool
}

var questionKeys = struct{ Yes, No, Switch, Choose key.Binding }{
	Yes:    key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes")),
	No:     key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "no")),
	Switch: key.NewBinding(key.WithKeys("left", "right", "h", "l", "tab"), key.WithHelp("←/→", "choose")),
	Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "answer")),
}

// Question is a yes/no modal. No is selected at first, so a stray enter
// never says yes.
type Question struct {
	env   *common.Env
	id    string
	text  string
	yes   bool
	width int
}

// Asked is the one yes/no question a screen has open about a target. An
// answer comes as a message after its question has closed, so keys typed
// in between ("n d y" in one burst) may already have asked the next one:
// the ID, new for every question, tells the answer to the open question
// from a late answer to an earlier one, which would otherwise drop the
// target of the next.
type Asked[T any] struct {
	id, kind string
	target   T
}

// Ask opens a question of a kind (what the screen does on yes) about
// target.
func (q *Asked[T]) Ask(env *common.Env, kind, text string, target T) {
	*q = Asked[T]{id: kind + "." + strconv.Itoa(env.NextSeq()), kind: kind, target: target}
	Ask(env, q.id, text)
}

// Answered takes the question back when msg answers it: its kind, target
// and the answer; kind is "" for any other message.
func (q *Asked[T]) Answered(msg AnsweredMsg) (kind string, target T, yes bool) {
	if q.id == "" || msg.ID != q.id {
		var zero T
		return "", zero, false
	}
	kind, target = q.kind, q.target
	*q = Asked[T]{}
	return kind, target, msg.Yes
}

// Ask opens a yes/no question; the answer comes back as AnsweredMsg{ID: id}.
// The text is cleaned before it is drawn.
func Ask(env *common.Env, id, text string) {
	env.Nav.Push(&Question{env: env, id: id, text: common.Clean(text)})
}

func (q *Question) Init() tea.Cmd       { return nil }
func (q *Question) Title() string       { return "Question" }
func (q *Question) Layer() common.Layer { return common.Modal }
func (q *Question) SetSize(w, h int)    { q.width = w }
func (q *Question) Keys() []key.Binding {
	return []key.Binding{questionKeys.Yes, questionKeys.No, questionKeys.Switch, questionKeys.Choose}
}

// Update answers on y, n, esc or enter; the answer closes the question.
func (q *Question) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return q, nil
	}
	switch {
	case key.Matches(k, questionKeys.Yes):
		return q, q.answer(true)
	case key.Matches(k, questionKeys.No):
		return q, q.answer(false)
	case key.Matches(k, questionKeys.Choose):
		return q, q.answer(q.yes)
	case key.Matches(k, questionKeys.Switch):
		q.yes = !q.yes
	}
	return q, nil
}

func (q *Question) answer(yes bool) tea.Cmd {
	q.env.Nav.Close(q, "")
	return common.Emit(AnsweredMsg{ID: q.id, Yes: yes})
}

// View draws the question, the two buttons and the keys in a modal box.
func (q *Question) View() string {
	st := q.env.Styles
	w := boxWidth(q.width, 64)
	inner := w - st.Modal.GetHorizontalFrameSize()
	buttons := lipgloss.JoinHorizontal(lipgloss.Top, q.button("Yes", q.yes), "  ", q.button("No", !q.yes))
	body := common.Wrap(q.text, inner) + "\n\n" + buttons + "\n\n" + HelpLine(st, q.Keys(), inner)
	return st.Modal.Width(w).Render(body)
}

// button marks the selected one with brackets as well as colour, so it
// shows without colour too.
func (q *Question) button(label string, selected bool) string {
	if selected {
		return q.env.Styles.SelectedRow.Render("[ " + label + " ]")
	}
	return q.env.Styles.Muted.Render("  " + label + "  ")
}
