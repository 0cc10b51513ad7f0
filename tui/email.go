package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/components"
)

// emailScreen changes the user's email: the new address first, then the
// password-confirmation modal (R-PWD-4). The change itself runs as the
// modal's check, so a wrong password stays in the modal (and counts towards
// R-PWD-5) while a taken address (R-ACC-2) comes back here with the typed
// address kept.
type emailScreen struct {
	c      *screenCtx
	email  string
	form   *liveForm
	prompt *components.PasswordPrompt
	err    string
	width  int
	height int
}

const emailPromptID = "profile.email"

func newEmailScreen(c *screenCtx) *emailScreen {
	s := &emailScreen{c: c}
	s.build()
	return s
}

func (s *emailScreen) build() {
	s.form = newForm(s.c.isDark, s.width,
		textInput("New email", &s.email, func(v string) error {
			_, err := model.ValidateEmail(v)
			return fieldErr(err)
		}).Placeholder("you@example.com"))
}

func (s *emailScreen) Init() tea.Cmd   { return s.form.Init() }
func (s *emailScreen) Title() string   { return "Change email" }
func (s *emailScreen) Capturing() bool { return true }
func (s *emailScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.form.WithWidth(formWidth(w))
	if s.prompt != nil {
		s.prompt.SetWidth(w)
	}
}

func (s *emailScreen) Keys() []key.Binding {
	if s.prompt != nil {
		return s.prompt.Keys()
	}
	return []key.Binding{formKeys.Submit, formKeys.Cancel}
}

func (s *emailScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case components.PasswordConfirmedMsg:
		if msg.ID != emailPromptID {
			return s, nil
		}
		s.prompt = nil
		addr := s.email
		return s, tea.Batch(pop("Your email is now "+addr+". Sign in with it from now on."), func() tea.Msg { return meChangedMsg{} })
	case components.PasswordFailedMsg:
		if msg.ID != emailPromptID {
			return s, nil
		}
		s.prompt, s.err = nil, errText(msg.Err)
		s.build()
		return s, s.form.Init()
	case components.PasswordCancelledMsg:
		if msg.ID != emailPromptID {
			return s, nil
		}
		s.prompt, s.err = nil, ""
		s.build()
		return s, s.form.Init()
	}
	if s.prompt != nil {
		var cmd tea.Cmd
		s.prompt, cmd = s.prompt.Update(msg)
		return s, cmd
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, formKeys.Cancel) {
		return s, pop("")
	}
	var cmd tea.Cmd
	s.form, cmd = updateForm(s.form, msg)
	if s.form.State == huh.StateCompleted {
		return s, s.confirm()
	}
	return s, cmd
}

func (s *emailScreen) confirm() tea.Cmd {
	addr, _ := model.ValidateEmail(s.email)
	if addr == s.c.me.User.Email {
		s.err = "That is already your email. Type a different address, or press esc."
		s.build()
		return s.form.Init()
	}
	s.err = ""
	b := s.c.b
	s.prompt = components.NewPasswordPrompt(emailPromptID, "Confirm with your password",
		"To change your email to "+addr+", type your password.",
		func(pw string) error {
			_, err := b.ChangeEmail(addr, pw)
			return err
		}, s.c.st)
	s.prompt.SetWidth(s.width)
	return s.prompt.Init()
}

func (s *emailScreen) View() string {
	st := s.c.st
	var b strings.Builder
	b.WriteString(st.Title.Render("Change email") + "\n")
	b.WriteString(st.Muted.Render("Now: "+s.c.me.User.Email+". You sign in with your email, and notifications go to it.") + "\n\n")
	if s.prompt != nil {
		b.WriteString(s.prompt.View())
		return b.String()
	}
	b.WriteString(s.form.View() + "\n")
	if s.err != "" {
		b.WriteString("\n" + st.Error.Render(s.err) + "\n")
	}
	return b.String()
}
