package entry

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

type inviteResultMsg struct {
	screen *Invitation
	res    *model.SignInResult
	err    error
}

// Invitation is "I have an invitation" (R-USR-1): the code from the
// invitation, the person's name and a password (R-PWD-1), typed twice.
// Accepting signs the console in as the new user, who then sets up 2FA
// before anything else (R-2FA-8). Every refusal keeps what was typed.
type Invitation struct {
	form
	code, name, password, repeat string
	demo                         string
}

// NewInvitation opens the invitation screen.
func NewInvitation(env *common.Env) *Invitation {
	s := &Invitation{form: newForm(env)}
	if d := env.Demo; d.Invitee != "" && d.Inbox != nil {
		s.demo = "Demo: no invitation email with a code yet. Sign in as an owner, re-send " + d.Invitee + "'s invitation from Users (s), then come back."
		if code := common.CleanLine(d.Inbox(env.Ctx, d.Invitee)); code != "" {
			s.demo = "Demo: the invitation email to " + d.Invitee + " carries the code " + code
		}
	}
	s.build()
	return s
}

func (s *Invitation) Title() string { return "Accept an invitation" }
func (s *Invitation) Keys() []key.Binding {
	return []key.Binding{formKeys.Next, formKeys.Prev, formKeys.Cancel}
}

func (s *Invitation) build() {
	pw, again := components.NewPasswordInputs("Password", "At least 12 characters; a few unrelated words work well.", &s.password, &s.repeat,
		func(v string) error { return model.CheckPasswordPolicy(v, s.name) })
	s.form.form = components.NewForm(s.env.IsDark, s.textWidth(),
		components.TextInput("Invitation code", &s.code, func(v string) error { return components.FieldErr(model.CheckInvitationCode(v)) }).
			Placeholder("from the invitation"),
		components.TextInput("Your name", &s.name, components.Check(model.ValidatePersonName)),
		pw, again)
}

func (s *Invitation) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case inviteResultMsg:
		if msg.screen != s {
			return s, nil
		}
		s.done(msg.err)
		if msg.err == nil {
			return s, common.Emit(common.SignedInMsg{Token: msg.res.Session.Token})
		}
		s.build()
		return s, s.form.Init()
	case tea.KeyPressMsg:
		if !s.busy && key.Matches(msg, formKeys.Cancel) {
			s.env.Nav.Replace(NewSignIn(s.env, ""))
			return s, nil
		}
	}
	cmd, complete := s.handle(msg)
	if complete {
		return s, s.submit()
	}
	return s, cmd
}

func (s *Invitation) submit() tea.Cmd {
	req := model.AcceptInvitationRequest{Secret: s.code, Name: s.name, Password: s.password, Origin: s.env.Origin, Client: s.env.Client}
	me := s
	return s.run(s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		res, err := svc.AcceptInvitation(ctx, req)
		return inviteResultMsg{me, res, err}
	}))
}

func (s *Invitation) View() string {
	demo := ""
	if s.demo != "" {
		demo = s.env.Styles.Warning.Render(common.Wrap(s.demo, s.textWidth()))
	}
	return s.page("acctl — accept an invitation", "Paste the code from your invitation, then choose your password.",
		s.body("Accepting the invitation…"), s.errView(), demo)
}
