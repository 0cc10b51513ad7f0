package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"acctl/model"
)

type signUpResultMsg struct {
	session *model.Session
	err     error
}

// signUpScreen creates the account and its first owner (R-ACC-3) on a
// database that has none. Every field is checked by the model's own rules
// as the user leaves it; what was typed stays when the store refuses.
type signUpScreen struct {
	b    *backend
	opts Options
	c    *screenCtx
	entryForm
	company  string
	name     string
	email    string
	password string
	repeat   string
}

func newSignUpScreen(b *backend, opts Options, c *screenCtx) *signUpScreen {
	s := &signUpScreen{b: b, opts: opts, c: c, entryForm: newEntryForm()}
	s.buildForm()
	return s
}

func (s *signUpScreen) buildForm() {
	pw, again := newPasswordInputs("Password", "At least 12 characters; a few unrelated words work well.", &s.password, &s.repeat,
		func(v string) error { return model.CheckPasswordPolicy(v, s.name, s.email, s.company) })
	s.form = newForm(s.c.isDark, s.width-4,
		textInput("Company name", &s.company, func(v string) error { _, err := model.ValidateCompanyName(v); return fieldErr(err) }),
		textInput("Your name", &s.name, func(v string) error { _, err := model.ValidatePersonName(v); return fieldErr(err) }),
		textInput("Email", &s.email, func(v string) error { _, err := model.ValidateEmail(v); return fieldErr(err) }).Placeholder("you@example.com"),
		pw, again,
	)
}

// fieldErr turns a model error into the sentence a form shows under a field.
func fieldErr(err error) error {
	if err == nil {
		return nil
	}
	return errorString(errText(err))
}

type errorString string

func (e errorString) Error() string { return string(e) }

func (s *signUpScreen) Update(msg tea.Msg) (entryScreen, tea.Cmd) {
	switch msg := msg.(type) {
	case signUpResultMsg:
		s.busy = false
		if msg.err == nil {
			return s, func() tea.Msg { return signedInMsg{msg.session} }
		}
		s.err = errText(msg.err)
		s.buildForm()
		return s, s.form.Init()
	}
	cmd, complete := s.handle(msg)
	if complete {
		return s, s.submit()
	}
	return s, cmd
}

func (s *signUpScreen) submit() tea.Cmd {
	req := model.SignUpRequest{CompanyName: s.company, Name: s.name, Email: s.email, Password: s.password, Origin: s.opts.Origin, Client: s.opts.Client}
	b := s.b
	return s.run(func() tea.Msg {
		sess, err := b.svc.SignUp(b.ctxOrBackground(), req)
		return signUpResultMsg{sess, err}
	})
}

func (s *signUpScreen) View() string {
	st := s.c.st
	var b strings.Builder
	b.WriteString(st.Title.Render("acctl — create your account") + "\n")
	b.WriteString(st.Muted.Render("No account exists in this database yet. You will be its first owner.") + "\n\n")
	if s.busy {
		b.WriteString(s.spin.View() + " Creating the account…\n")
	} else {
		b.WriteString(s.form.View() + "\n")
	}
	if s.err != "" {
		b.WriteString("\n" + st.Error.Width(max(s.width-4, 20)).Render(s.err) + "\n")
	}
	b.WriteString("\n" + st.Muted.Render("enter next • shift+tab previous field • ctrl+c quit"))
	return lipgloss.NewStyle().Padding(1, 2).MaxWidth(s.width).Render(b.String())
}
