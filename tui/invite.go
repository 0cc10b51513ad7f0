package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"acctl/model"
)

// inviteCancelledMsg leaves the invitation flow for sign-in (esc).
type inviteCancelledMsg struct{}

type inviteResultMsg struct {
	session *model.Session
	err     error
}

var inviteKeys = struct{ Cancel key.Binding }{
	Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to sign-in")),
}

// inviteScreen is "I have an invitation", before sign-in (R-USR-1): the code
// from the invitation email, the person's name and a password (R-PWD-1),
// typed twice. Accepting signs the console in as the new user, who then
// sets up two-factor authentication before anything else (R-2FA-8). Every
// refusal keeps what was typed. The App wires it in place of sign-in; it
// ends with signedInMsg or inviteCancelledMsg.
type inviteScreen struct {
	b      *backend
	c      *screenCtx
	origin model.Origin
	client model.Client
	entryForm
	code     string
	name     string
	password string
	repeat   string
	// --demo: the invited demo user and the code of their newest
	// invitation email, if an owner re-sent it.
	demoInvitee, demoCode string
}

func newInviteScreen(b *backend, c *screenCtx, origin model.Origin, client model.Client) *inviteScreen {
	s := &inviteScreen{b: b, c: c, origin: origin, client: client, entryForm: newEntryForm()}
	s.buildForm()
	return s
}

func (s *inviteScreen) buildForm() {
	pw, again := newPasswordInputs("Password", "At least 12 characters; a few unrelated words work well.", &s.password, &s.repeat,
		func(v string) error { return model.CheckPasswordPolicy(v, s.name) })
	s.form = newForm(s.c.isDark, s.width-4,
		textInput("Invitation code", &s.code, func(v string) error { return fieldErr(model.CheckInvitationCode(v)) }).
			Placeholder("xxxx-xxxx-… (from the invitation email)"),
		textInput("Your name", &s.name, func(v string) error { _, err := model.ValidatePersonName(v); return fieldErr(err) }),
		pw, again,
	)
}

func (s *inviteScreen) Update(msg tea.Msg) (entryScreen, tea.Cmd) {
	switch msg := msg.(type) {
	case inviteResultMsg:
		s.busy = false
		if msg.err == nil {
			return s, func() tea.Msg { return signedInMsg{msg.session} }
		}
		s.err = errText(msg.err)
		s.buildForm()
		return s, s.form.Init()
	case tea.KeyPressMsg:
		if !s.busy && key.Matches(msg, inviteKeys.Cancel) {
			return s, func() tea.Msg { return inviteCancelledMsg{} }
		}
	}
	cmd, complete := s.handle(msg)
	if complete {
		return s, s.submit()
	}
	return s, cmd
}

func (s *inviteScreen) submit() tea.Cmd {
	req := model.AcceptInvitationRequest{Secret: s.code, Name: s.name, Password: s.password, Origin: s.origin, Client: s.client}
	b := s.b
	return s.run(func() tea.Msg {
		sess, err := b.AcceptInvitation(req)
		return inviteResultMsg{sess, err}
	})
}

func (s *inviteScreen) View() string {
	st := s.c.st
	var b strings.Builder
	b.WriteString(st.Title.Render("acctl — accept an invitation") + "\n")
	b.WriteString(st.Muted.Render("Paste the code from your invitation email, then choose your password.") + "\n\n")
	if s.busy {
		b.WriteString(s.spin.View() + " Accepting the invitation…\n")
	} else {
		b.WriteString(s.form.View() + "\n")
	}
	if s.err != "" {
		b.WriteString("\n" + lipgloss.NewStyle().Width(min(s.width-4, 72)).Render(st.Error.Render(s.err)) + "\n")
	}
	if s.demoInvitee != "" {
		demo := "Demo: no invitation email with a code yet. Sign in as an owner, re-send " + s.demoInvitee + "'s invitation from Users (s), then come back."
		if s.demoCode != "" {
			demo = "Demo: the invitation email to " + s.demoInvitee + " carries the code " + s.demoCode
		}
		b.WriteString("\n" + lipgloss.NewStyle().Width(min(s.width-4, 72)).Render(st.Warning.Render(demo)) + "\n")
	}
	b.WriteString("\n" + st.Muted.Render("enter next • shift+tab previous field • esc back to sign-in • ctrl+c quit"))
	return lipgloss.NewStyle().Padding(1, 2).MaxWidth(s.width).Render(b.String())
}
