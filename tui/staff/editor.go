package staff

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

var editorKeys = struct{ Send, Cancel key.Binding }{
	Send:   key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "send")),
	Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
}

// editedMsg tells the screen that opened an editor what became of it: the
// work ran and succeeded (Value), or the editor was cancelled.
type editedMsg struct {
	id        string
	value     any
	cancelled bool
}

// editorRanMsg carries the work's answer back to the editor.
type editorRanMsg struct {
	e     *editor
	value any
	err   error
}

// editor is a multi-line text modal (a reply, a reason): enter starts a
// new line, ctrl+s sends. send runs off the update loop with the text; a
// refusal keeps the editor open with the sentence and what was typed
// (SPEC §5), success closes it and tells the screen that asked.
type editor struct {
	env     *common.Env
	id      string
	title   string
	intro   string
	area    textarea.Model
	send    func(ctx context.Context, svc *model.Service, text string) (any, error)
	running bool
	err     string
	width   int
	height  int
}

func newEditor(env *common.Env, id, title, intro string, send func(ctx context.Context, svc *model.Service, text string) (any, error)) *editor {
	a := textarea.New()
	a.ShowLineNumbers = false
	a.Prompt = "│ "
	a.SetStyles(textarea.DefaultStyles(env.IsDark))
	a.CharLimit = model.MaxTicketMessage
	e := &editor{env: env, id: id, title: title, intro: intro, area: a, send: send}
	return e
}

func (e *editor) Init() tea.Cmd       { return e.area.Focus() }
func (e *editor) Title() string       { return e.title }
func (e *editor) Layer() common.Layer { return common.Modal }
func (e *editor) Capturing() bool     { return true }
func (e *editor) SetSize(w, h int) {
	e.width, e.height = w, h
	e.area.SetWidth(e.inner())
	e.area.SetHeight(max(min(h-12, 10), 3))
}

func (e *editor) inner() int {
	return boxWidth(e.width) - e.env.Styles.Modal.GetHorizontalFrameSize()
}

func (e *editor) Keys() []key.Binding {
	if e.running {
		return nil
	}
	return []key.Binding{editorKeys.Send, editorKeys.Cancel}
}

func (e *editor) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case editorRanMsg:
		if msg.e == e {
			return e, e.ran(msg.value, msg.err)
		}
		return e, nil
	case tea.KeyPressMsg:
		switch {
		case e.running:
			return e, nil
		case key.Matches(msg, editorKeys.Cancel):
			e.env.Nav.Close(e, "")
			return e, common.Emit(editedMsg{id: e.id, cancelled: true})
		case key.Matches(msg, editorKeys.Send):
			return e, e.start()
		}
		e.err = ""
	}
	var cmd tea.Cmd
	e.area, cmd = e.area.Update(msg)
	return e, cmd
}

// start runs send with the text typed.
func (e *editor) start() tea.Cmd {
	text, send, me := e.area.Value(), e.send, e
	e.running, e.err = true, ""
	return e.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		v, err := send(ctx, svc, text)
		return editorRanMsg{me, v, err}
	})
}

func (e *editor) ran(v any, err error) tea.Cmd {
	e.running = false
	if err != nil {
		e.err = common.ErrText(err)
		return nil
	}
	e.env.Nav.Close(e, "")
	return common.Emit(editedMsg{id: e.id, value: v})
}

func (e *editor) View() string {
	st, w := e.env.Styles, e.inner()
	var b strings.Builder
	b.WriteString(st.Title.Render(common.CleanLine(e.title)) + "\n")
	if e.intro != "" {
		b.WriteString(st.Muted.Render(common.Wrap(e.intro, w)) + "\n")
	}
	b.WriteString("\n" + e.area.View() + "\n")
	switch {
	case e.running:
		b.WriteString("\n" + st.Muted.Render("Sending…") + "\n")
	case e.err != "":
		b.WriteString("\n" + st.Error.Render(common.Wrap(e.err, w)) + "\n")
	}
	b.WriteString("\n" + components.HelpLine(st, e.Keys(), w))
	return st.Modal.Width(boxWidth(e.width)).Render(b.String())
}

// boxWidth is the width of the section's modals in an area w wide.
func boxWidth(w int) int { return max(min(w-2, 72), 30) }
