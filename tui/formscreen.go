package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

type formDoneMsg struct {
	flash string
	err   error
}

var formKeys = struct{ Submit, Prev, Cancel key.Binding }{
	Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next / save")),
	Prev:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
	Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
}

// formScreen is a pushed screen holding one form: the fields' values live in
// the closure that builds them, so a refused submission rebuilds the form
// with everything the user typed still in it.
type formScreen struct {
	c      *screenCtx
	title  string
	intro  string
	fields func() []huh.Field
	// save runs in a command; it returns the flash shown after success.
	save   func() (string, error)
	form   *liveForm
	busy   bool
	spin   spinner.Model
	err    string
	width  int
	height int
}

func newFormScreen(c *screenCtx, title, intro string, fields func() []huh.Field, save func() (string, error)) *formScreen {
	s := &formScreen{c: c, title: title, intro: intro, fields: fields, save: save, spin: newSpinner()}
	s.build()
	return s
}

func (s *formScreen) build() { s.form = newForm(s.c.isDark, s.width, s.fields()...) }

func (s *formScreen) Init() tea.Cmd   { return s.form.Init() }
func (s *formScreen) Title() string   { return s.title }
func (s *formScreen) Capturing() bool { return true }
func (s *formScreen) Keys() []key.Binding {
	return []key.Binding{formKeys.Submit, formKeys.Prev, formKeys.Cancel}
}
func (s *formScreen) SetSize(w, h int) { s.width, s.height = w, h; s.form.WithWidth(formWidth(w)) }

func (s *formScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case formDoneMsg:
		s.busy = false
		if msg.err != nil {
			s.err = errText(msg.err)
			s.build()
			return s, s.form.Init()
		}
		return s, tea.Batch(pop(msg.flash), func() tea.Msg { return meChangedMsg{} })
	case spinner.TickMsg:
		var cmd tea.Cmd
		s.spin, cmd = s.spin.Update(msg)
		return s, cmd
	case tea.KeyPressMsg:
		if s.busy {
			return s, nil
		}
		if key.Matches(msg, formKeys.Cancel) {
			return s, pop("")
		}
	}
	if s.busy {
		return s, nil
	}
	var cmd tea.Cmd
	s.form, cmd = updateForm(s.form, msg)
	if s.form.State == huh.StateCompleted {
		s.busy, s.err = true, ""
		save := s.save
		return s, tea.Batch(s.spin.Tick, func() tea.Msg {
			text, err := save()
			return formDoneMsg{text, err}
		})
	}
	return s, cmd
}

func (s *formScreen) View() string {
	st := s.c.st
	var b strings.Builder
	b.WriteString(st.Title.Render(s.title) + "\n")
	if s.intro != "" {
		b.WriteString(st.Muted.Render(s.intro) + "\n")
	}
	b.WriteString("\n")
	if s.busy {
		b.WriteString(s.spin.View() + " Saving…\n")
	} else {
		b.WriteString(s.form.View() + "\n")
	}
	if s.err != "" {
		b.WriteString("\n" + st.Error.Render(s.err) + "\n")
	}
	return b.String()
}
