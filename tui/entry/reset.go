package entry

import (
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

type resetRequestedMsg struct {
	screen *Reset
	before string // in --demo, the code in the outbox before the request
	err    error
}

// demoMailMsg is the code of the newest email in the demo's outbox.
type demoMailMsg struct {
	screen *Reset
	code   string
}

type resetResultMsg struct {
	screen *Reset
	res    *model.SignInResult
	err    error
}

var resetKeys = struct{ HaveCode, NewCode key.Binding }{
	HaveCode: key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "I have a code")),
	NewCode:  key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "new code")),
}

// Reset is forgot password (R-PWD-3): an email, which gets the same answer
// whether or not an account uses it (R-PWD-5); then the code from the email
// and a new password (R-PWD-1). A reset never skips 2FA: a user with 2FA
// goes on to the code step. Every refusal keeps what was typed.
type Reset struct {
	form
	askCode  bool
	email    string
	code     string
	password string
	repeat   string
	sent     string // when the last request was answered, for the notice

	// In --demo the screen shows the code of the email, read from the
	// outbox on the tick until the background job has queued it (every
	// 2 s), never the code of an email from before the request.
	demoMail   string
	demoBefore string
	demoAsking bool
}

// NewReset opens forgot password for email (what sign-in had typed).
func NewReset(env *common.Env, email string) *Reset {
	s := &Reset{form: newForm(env), email: strings.TrimSpace(email)}
	s.build()
	return s
}

func (s *Reset) Title() string { return "Forgot password" }
func (s *Reset) Keys() []key.Binding {
	if s.askCode {
		return []key.Binding{formKeys.Next, formKeys.Prev, resetKeys.NewCode, formKeys.Cancel}
	}
	return []key.Binding{formKeys.Next, resetKeys.HaveCode, formKeys.Cancel}
}

func (s *Reset) build() {
	if !s.askCode {
		s.setFields(
			components.TextInput("Email", &s.email, components.Check(model.ValidateEmail)).Placeholder("you@example.com"))
		return
	}
	pw, again := components.NewPasswordInputs("New password", "At least 12 characters. Setting it ends every session of yours.", &s.password, &s.repeat,
		func(v string) error { return model.CheckPasswordPolicy(v, s.email) })
	s.setFields(
		components.TextInput("Reset code", &s.code, fieldCheck(model.CheckResetCode)).
			Placeholder("from the email"),
		pw, again)
}

func (s *Reset) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case resetRequestedMsg:
		if msg.screen == s {
			return s, s.requested(msg)
		}
	case resetResultMsg:
		if msg.screen == s {
			return s, s.reset(msg.res, msg.err)
		}
	case demoMailMsg:
		if msg.screen == s {
			s.demoAsking = false
			if !s.busy && msg.code != s.demoBefore { // a request in flight makes it stale
				s.demoMail = msg.code
			}
		}
	case common.TickMsg:
		return s, s.readDemoMail()
	case tea.KeyPressMsg:
		if cmd, ok := s.onKey(msg); ok {
			return s, cmd
		}
	}
	cmd, complete := s.handle(msg)
	if complete {
		return s, s.submit()
	}
	return s, cmd
}

func (s *Reset) onKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if s.busy {
		return nil, true
	}
	switch {
	case key.Matches(msg, formKeys.Cancel):
		s.env.Nav.Replace(NewSignIn(s.env, ""))
		return nil, true
	case key.Matches(msg, resetKeys.HaveCode) && !s.askCode:
		if _, err := model.ValidateEmail(s.email); err != nil {
			s.done(err) // the code goes with the address: it is needed first
			return nil, true
		}
		s.askCode, s.err = true, ""
		s.build()
		return s.form.Init(), true
	case key.Matches(msg, resetKeys.NewCode) && s.askCode:
		return s.request(), true
	}
	return nil, false
}

func (s *Reset) submit() tea.Cmd {
	if !s.askCode {
		return s.request()
	}
	req := model.ResetPasswordRequest{Email: s.email, Code: s.code, Password: s.password, Origin: s.env.Origin, Client: s.env.Client}
	me := s
	return s.run(s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		res, err := svc.ResetPassword(ctx, req)
		return resetResultMsg{me, res, err}
	}))
}

// request asks for a code for the typed email.
func (s *Reset) request() tea.Cmd {
	email, origin, client, inbox, me := s.email, s.env.Origin, s.env.Client, s.env.Demo.Inbox, s
	s.demoMail = ""
	return s.run(s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		msg := resetRequestedMsg{screen: me}
		if inbox != nil {
			msg.before = inbox(ctx, email)
		}
		msg.err = svc.RequestPasswordReset(ctx, email, origin, client)
		return msg
	}))
}

func (s *Reset) requested(msg resetRequestedMsg) tea.Cmd {
	s.done(msg.err)
	if msg.err == nil {
		s.askCode, s.sent = true, s.env.Now().UTC().Format("15:04:05")
		s.demoMail, s.demoBefore = "", msg.before
	}
	s.build()
	return s.form.Init()
}

// readDemoMail reads, in --demo, the code of the newest email to the
// address, until one from after the request shows.
func (s *Reset) readDemoMail() tea.Cmd {
	inbox := s.env.Demo.Inbox
	if inbox == nil || !s.askCode || s.busy || s.demoMail != "" || s.demoAsking {
		return nil
	}
	s.demoAsking = true
	email, me := s.email, s
	return s.env.Run(func(ctx context.Context, _ *model.Service) tea.Msg {
		return demoMailMsg{screen: me, code: inbox(ctx, email)}
	})
}

// reset goes on from a new password: to the shell, or to the code step.
func (s *Reset) reset(res *model.SignInResult, err error) tea.Cmd {
	s.done(err)
	switch {
	case err != nil:
		if errors.Is(err, model.ErrResetCodeExpired) || errors.Is(err, model.ErrResetCodeUsed) {
			s.code = ""
		}
		s.build()
		return s.form.Init()
	case res.Session != nil:
		return common.Emit(common.SignedInMsg{Token: res.Session.Token})
	}
	next := NewCodeStep(s.env, res.Challenge, "Your password is changed and every session of yours has ended. Now the code.")
	next.email = s.email
	s.env.Nav.Replace(next)
	return nil
}

func (s *Reset) View() string {
	st, w := s.env.Styles, s.textWidth()
	intro := "Type the email address you sign in with. A single-use reset code goes there."
	var notes []string
	if s.askCode {
		intro = "For " + common.CleanLine(s.email) + ": the code from the email and a new password."
		if s.sent != "" {
			notes = append(notes, st.Success.Render(common.Wrap(model.ResetCodeSent+" (Asked at "+s.sent+" UTC.)", w)))
		}
		switch {
		case s.demoMail != "":
			notes = append(notes, st.Warning.Render(common.Wrap("Demo: the email's code is "+common.CleanLine(s.demoMail), w)))
		case !s.env.Mail && s.sent != "":
			notes = append(notes, st.Warning.Render(common.Wrap("No mail server is configured, so the email waits in acctl's outbox. An owner of your account can give you a reset code instead.", w)))
		}
	}
	doing := "Asking for a reset code…"
	if s.askCode {
		doing = "Setting the new password…"
	}
	return s.page("acctl — forgot password", intro, doing, []string{strings.Join(notes, "\n")}, s.errView())
}
