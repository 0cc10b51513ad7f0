package entry

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

type signUpResultMsg struct {
	screen  *SignUp
	session *model.Session
	err     error
}

var formKeys = struct{ Next, Prev, Cancel key.Binding }{
	Next:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next")),
	Prev:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
	Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to sign-in")),
}

// SignUp creates the account and its first owner (R-ACC-3) on a database
// that has none. Every field is checked by the model's own rules as it is
// left; what was typed stays when the store refuses.
type SignUp struct {
	form
	company, name, email, password, repeat string
}

// NewSignUp is the first-run screen.
func NewSignUp(env *common.Env) *SignUp {
	s := &SignUp{form: newForm(env)}
	s.build()
	return s
}

func (s *SignUp) Title() string       { return "Create your account" }
func (s *SignUp) Keys() []key.Binding { return []key.Binding{formKeys.Next, formKeys.Prev} }

func (s *SignUp) build() {
	pw, again := components.NewPasswordInputs("Password", "At least 12 characters; a few unrelated words work well.", &s.password, &s.repeat,
		func(v string) error { return model.CheckPasswordPolicy(v, s.name, s.email, s.company) })
	s.setFields(
		components.TextInput("Company name", &s.company, components.Check(model.ValidateCompanyName)),
		components.TextInput("Your name", &s.name, components.Check(model.ValidatePersonName)),
		components.TextInput("Email", &s.email, components.Check(model.ValidateEmail)).Placeholder("you@example.com"),
		pw, again)
}

func (s *SignUp) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if m, ok := msg.(signUpResultMsg); ok && m.screen == s {
		s.done(m.err)
		if m.err == nil {
			return s, common.Emit(common.SignedInMsg{Token: m.session.Token})
		}
		s.build()
		return s, s.form.Init()
	}
	cmd, complete := s.handle(msg)
	if complete {
		return s, s.submit()
	}
	return s, cmd
}

func (s *SignUp) submit() tea.Cmd {
	req := model.SignUpRequest{CompanyName: s.company, Name: s.name, Email: s.email, Password: s.password, Origin: s.env.Origin, Client: s.env.Client}
	me := s
	return s.run(s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		sess, err := svc.SignUp(ctx, req)
		return signUpResultMsg{me, sess, err}
	}))
}

func (s *SignUp) View() string {
	return s.page("acctl — create your account", "No account exists in this database yet. You will be its first owner.",
		"Creating the account…", nil, s.errView())
}

// NoAccount is what an SSH visitor sees on a database without an account:
// sign-up is never offered over SSH (R-SRV-4).
type NoAccount struct {
	env   *common.Env
	width int
}

// NewNoAccount is the R-SRV-4 screen.
func NewNoAccount(env *common.Env) *NoAccount { return &NoAccount{env: env} }

func (n *NoAccount) Init() tea.Cmd                               { return nil }
func (n *NoAccount) Title() string                               { return "No account yet" }
func (n *NoAccount) Layer() common.Layer                         { return common.Full }
func (n *NoAccount) Keys() []key.Binding                         { return []key.Binding{common.GlobalKeys.ForceQuit} }
func (n *NoAccount) SetSize(w, h int)                            { n.width = w }
func (n *NoAccount) Update(msg tea.Msg) (common.Screen, tea.Cmd) { return n, nil }
func (n *NoAccount) View() string {
	st := n.env.Styles
	w := max(min(n.width-4, 76), 20)
	return lipgloss.NewStyle().Padding(1, 2, 0, 2).Render(st.Title.Render("acctl — no account yet") + "\n\n" + common.Wrap(
		"This server has no account yet. The first owner is created on the server itself: run acctl there, in a terminal, and sign up. Then come back over SSH.", w))
}
