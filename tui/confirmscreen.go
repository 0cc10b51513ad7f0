package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"acctl/tui/components"
)

// passwordAction is a sensitive action behind the password modal (R-PWD-4):
// an explanation, optionally a form (such as a current code), then the
// password, whose check runs the action itself. A wrong password stays in
// the modal and counts towards R-PWD-5; any other refusal comes back to the
// form with what was typed kept. An action that creates a secret shows it
// once in the secret-reveal panel before the screen closes.
type passwordAction struct {
	id     string
	title  string
	intro  string
	reason string // the modal's line: what the password is for
	fields func() []huh.Field
	// run performs the action with the password; secret is shown once
	// when not empty.
	run  func(password string) (secret string, err error)
	done string // flash after success
	// The secret-reveal panel's words, for actions that return a secret.
	revealTitle, revealNote, revealFile string
}

type passwordActionScreen struct {
	c      *screenCtx
	a      passwordAction
	form   *liveForm
	prompt *components.PasswordPrompt
	reveal *components.SecretReveal
	secret string // set by the prompt's check, moved into the panel
	err    string
	width  int
	height int
}

func newPasswordActionScreen(c *screenCtx, a passwordAction) *passwordActionScreen {
	s := &passwordActionScreen{c: c, a: a}
	s.build()
	return s
}

func (s *passwordActionScreen) build() {
	if s.a.fields != nil {
		s.form = newForm(s.c.isDark, s.width, s.a.fields()...)
	}
}

func (s *passwordActionScreen) Init() tea.Cmd {
	if s.form == nil {
		return s.ask()
	}
	return s.form.Init()
}

func (s *passwordActionScreen) Title() string { return s.a.title }

// HoldsSecret keeps the screen while a new secret is shown.
func (s *passwordActionScreen) HoldsSecret() bool { return s.reveal != nil }
func (s *passwordActionScreen) Capturing() bool   { return true }

func (s *passwordActionScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	if s.form != nil {
		s.form.WithWidth(formWidth(w))
	}
	if s.prompt != nil {
		s.prompt.SetWidth(w)
	}
	if s.reveal != nil {
		s.reveal.SetSize(w, h)
	}
}

func (s *passwordActionScreen) Keys() []key.Binding {
	switch {
	case s.reveal != nil:
		return s.reveal.Keys()
	case s.prompt != nil:
		return s.prompt.Keys()
	}
	return []key.Binding{formKeys.Submit, formKeys.Cancel}
}

func (s *passwordActionScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case components.PasswordConfirmedMsg:
		if msg.ID != s.a.id {
			return s, nil
		}
		s.prompt = nil
		reload := func() tea.Msg { return meChangedMsg{} }
		if s.secret == "" {
			return s, tea.Batch(pop(s.a.done), reload)
		}
		s.reveal = components.NewSecretReveal(s.a.id+".secret", s.a.revealTitle, s.secret, s.a.revealNote, s.a.revealFile, s.c.homeDir, s.c.st)
		s.secret = ""
		s.reveal.SetSize(s.width, s.height)
		return s, tea.Batch(s.reveal.Init(), reload)
	case components.PasswordFailedMsg:
		if msg.ID != s.a.id {
			return s, nil
		}
		s.prompt, s.err = nil, errText(unwrapCodeErr(msg.Err))
		if s.form == nil { // nothing typed to go back to: the error goes with it
			return s, tea.Sequence(pop(""), flashErr(s.err))
		}
		s.build()
		return s, s.form.Init()
	case components.PasswordCancelledMsg:
		if msg.ID != s.a.id {
			return s, nil
		}
		s.prompt = nil
		if s.form == nil {
			return s, pop("")
		}
		s.build()
		return s, s.form.Init()
	case components.SecretAcknowledgedMsg:
		if msg.ID != s.a.id+".secret" {
			return s, nil
		}
		s.reveal = nil
		return s, pop(s.a.done)
	}
	switch {
	case s.reveal != nil:
		var cmd tea.Cmd
		s.reveal, cmd = s.reveal.Update(msg)
		return s, cmd
	case s.prompt != nil:
		var cmd tea.Cmd
		s.prompt, cmd = s.prompt.Update(msg)
		return s, cmd
	case s.form == nil:
		return s, nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, formKeys.Cancel) {
		return s, pop("")
	}
	var cmd tea.Cmd
	s.form, cmd = updateForm(s.form, msg)
	if s.form.State == huh.StateCompleted {
		return s, s.ask()
	}
	return s, cmd
}

// ask opens the password modal; the action runs as its check.
func (s *passwordActionScreen) ask() tea.Cmd {
	run := s.a.run
	s.prompt = components.NewPasswordPrompt(s.a.id, "Confirm with your password", s.a.reason,
		func(pw string) error {
			secret, err := run(pw)
			if err != nil {
				return asCodeErr(err)
			}
			s.secret = secret
			return nil
		}, s.c.st)
	s.prompt.SetWidth(s.width)
	return s.prompt.Init()
}

func (s *passwordActionScreen) View() string {
	if s.reveal != nil {
		return s.reveal.View()
	}
	st := s.c.st
	var b strings.Builder
	b.WriteString(st.Title.Render(s.a.title) + "\n")
	if s.a.intro != "" {
		b.WriteString(lipgloss.NewStyle().Width(min(s.width, 72)).Render(st.Muted.Render(s.a.intro)) + "\n")
	}
	b.WriteString("\n")
	if s.prompt != nil {
		b.WriteString(s.prompt.View())
		return b.String()
	}
	if s.form != nil {
		b.WriteString(s.form.View() + "\n")
	}
	if s.err != "" {
		b.WriteString("\n" + lipgloss.NewStyle().Width(min(s.width, 72)).Render(st.Error.Render(s.err)) + "\n")
	}
	return b.String()
}
