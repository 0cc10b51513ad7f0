package entry

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// invitationMailMsg is, in --demo, the code of the invitation email to
// the demo's invitee, or "" when none is queued.
type invitationMailMsg struct {
	screen *Invitation
	code   string
}

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
	s.build()
	return s
}

// Init starts the form and, in --demo, reads the invitee's invitation
// email from the outbox, off the update loop.
func (s *Invitation) Init() tea.Cmd {
	d := s.env.Demo
	if d.Invitee == "" || d.Inbox == nil {
		return s.form.Init()
	}
	me := s
	return tea.Batch(s.form.Init(), s.env.Run(func(ctx context.Context, _ *model.Service) tea.Msg {
		return invitationMailMsg{screen: me, code: d.Inbox(ctx, d.Invitee)}
	}))
}

// demoNote says, in --demo, where the invitation code is.
func (s *Invitation) demoNote(code string) string {
	invitee := common.CleanLine(s.env.Demo.Invitee)
	if code == "" {
		return "Demo: no invitation email with a code yet. Sign in as an owner, re-send " + invitee + "'s invitation from Users (s), then come back."
	}
	return "Demo: the invitation email to " + invitee + " carries the code " + common.CleanLine(code)
}

func (s *Invitation) Title() string { return "Accept an invitation" }
func (s *Invitation) Keys() []key.Binding {
	return []key.Binding{formKeys.Next, formKeys.Prev, formKeys.Cancel}
}

func (s *Invitation) build() {
	pw, again := components.NewPasswordInputs("Password", "At least 12 characters; a few unrelated words work well.", &s.password, &s.repeat,
		func(v string) error { return model.CheckPasswordPolicy(v, s.name) })
	s.setFields(
		components.TextInput("Invitation code", &s.code, fieldCheck(model.CheckInvitationCode)).
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
	case invitationMailMsg:
		if msg.screen == s {
			s.demo = s.demoNote(msg.code)
		}
		return s, nil
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
		"Accepting the invitation…", nil, s.errView(), demo)
}
