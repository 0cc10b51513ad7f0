package tui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"acctl/model"
	"acctl/tui/common"
)

type signInResultMsg struct {
	res *model.SignInResult
	err error
}

type codeResultMsg struct {
	session *model.Session
	err     error
}

// openResetMsg and openInvitationMsg leave sign-in for the forgot-password
// flow (R-PWD-3) and the invitation flow (R-USR-1).
type (
	openResetMsg      struct{ email string }
	openInvitationMsg struct{}
)

var signInKeys = struct{ Forgot, Invitation, Back, SMS, SMSBackup key.Binding }{
	SMSBackup:  key.NewBinding(key.WithKeys("ctrl+b"), key.WithHelp("ctrl+b", "text a code to the backup number")),
	Forgot:     key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "forgot password")),
	Invitation: key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "I have an invitation")),
	Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	SMS:        key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "text me a code")),
}

// signInScreen asks for email and password (R-PWD-5, R-SES-3), then, for a
// user with 2FA on, for a code from the app or a recovery code (R-2FA-5).
// In --demo mode it shows the demo credentials and each demo user's current
// code.
type signInScreen struct {
	b    *backend
	opts Options
	c    *screenCtx
	entryForm
	email    string
	password string
	notice   string
	retryAt  time.Time
	now      time.Time

	// The code step: set while the password was right and a code is due.
	challenge *model.SignInChallenge
	code      string
	sms       string // where the last SMS code went
}

type smsSentMsg struct {
	sent *model.SMSSent
	err  error
}

func newSignInScreen(b *backend, opts Options, c *screenCtx, notice string) *signInScreen {
	s := &signInScreen{b: b, opts: opts, c: c, notice: notice, entryForm: newEntryForm(), now: opts.Service.Now()}
	if len(opts.Demo) > 0 {
		s.email = opts.Demo[0].Email
	}
	s.buildForm()
	return s
}

func (s *signInScreen) buildForm() {
	s.password = ""
	if s.challenge != nil {
		s.form = newForm(s.c.isDark, s.width-4,
			textInput("Code", &s.code, nil).
				Description("From your authenticator app, or a recovery code.").
				Placeholder("123 456"))
		return
	}
	s.form = newForm(s.c.isDark, s.width-4,
		textInput("Email", &s.email, nil).Placeholder("you@example.com"),
		passwordInput("Password", &s.password),
	)
	if s.email != "" {
		s.form.NextField() // the email is known: start on the password
	}
}

func (s *signInScreen) Update(msg tea.Msg) (entryScreen, tea.Cmd) {
	switch msg := msg.(type) {
	case tickMsg:
		s.now = s.opts.Service.Now()
		return s, nil
	case signInResultMsg:
		s.busy = false
		switch {
		case msg.err != nil:
			s.err = errText(msg.err)
			s.retryAt = retryAt(msg.err)
		case msg.res.Challenge != nil:
			return s, s.challenged(msg.res.Challenge)
		default:
			return s, func() tea.Msg { return signedInMsg{msg.res.Session} }
		}
		s.buildForm()
		return s, s.form.Init()
	case smsSentMsg:
		if msg.err != nil {
			s.err = errText(msg.err)
			s.retryAt = retryAt(msg.err)
			return s, nil
		}
		s.sms = fmt.Sprintf("A code is on its way to %s; it works until %s UTC.", msg.sent.To, msg.sent.ExpiresAt.Format("15:04"))
		if s.c.demoInbox != nil {
			s.sms += " Demo: the SMS says " + s.c.demoInbox(s.email)
		}
		return s, nil
	case codeResultMsg:
		s.busy = false
		if msg.err == nil {
			return s, func() tea.Msg { return signedInMsg{msg.session} }
		}
		s.err = errText(msg.err)
		s.retryAt = retryAt(msg.err)
		if errors.Is(msg.err, model.ErrSignInStepEnded) || errors.Is(msg.err, model.ErrSignInStepExpired) {
			s.challenge = nil
		}
		s.buildForm()
		return s, s.form.Init()
	case tea.KeyPressMsg:
		if s.busy {
			return s, nil
		}
		switch {
		case key.Matches(msg, signInKeys.Back):
			if s.challenge != nil { // back to email and password
				s.challenge, s.err, s.code = nil, "", ""
				s.buildForm()
				return s, s.form.Init()
			}
			return s, nil
		case key.Matches(msg, signInKeys.Forgot) && s.challenge == nil:
			email := s.email
			return s, func() tea.Msg { return openResetMsg{email} }
		case key.Matches(msg, signInKeys.Invitation) && s.challenge == nil:
			return s, func() tea.Msg { return openInvitationMsg{} }
		case key.Matches(msg, signInKeys.SMS) && s.challenge != nil:
			return s, s.sendSMS(false)
		case key.Matches(msg, signInKeys.SMSBackup) && s.challenge != nil:
			return s, s.sendSMS(true)
		}
	}
	cmd, complete := s.handle(msg)
	if complete {
		return s, s.submit()
	}
	return s, cmd
}

// challenged moves to the code step of a sign-in whose password was right.
func (s *signInScreen) challenged(ch *model.SignInChallenge) tea.Cmd {
	s.challenge, s.code, s.sms = ch, "", ""
	s.buildForm()
	return s.form.Init()
}

// sendSMS texts a code for the code step to the mobile or backup number
// (R-2FA-9).
func (s *signInScreen) sendSMS(backup bool) tea.Cmd {
	if s.phone(backup) == nil {
		return nil
	}
	s.err, s.sms = "", ""
	b, token := s.b, s.challenge.Token
	return func() tea.Msg {
		sent, err := b.SendSignInSMS(token, backup)
		return smsSentMsg{sent, err}
	}
}

// phone is the hint of the user's mobile (or backup) number; nil if none.
func (s *signInScreen) phone(backup bool) *model.PhoneHint {
	if s.challenge == nil {
		return nil
	}
	for i := range s.challenge.Phones {
		if s.challenge.Phones[i].Backup == backup {
			return &s.challenge.Phones[i]
		}
	}
	return nil
}

func (s *signInScreen) submit() tea.Cmd {
	s.notice = ""
	b := s.b
	if s.challenge != nil {
		token, code := s.challenge.Token, s.code
		return s.run(func() tea.Msg {
			sess, err := b.CompleteSignIn(token, code)
			return codeResultMsg{sess, err}
		})
	}
	req := model.SignInRequest{Email: s.email, Password: s.password, Origin: s.opts.Origin, Client: s.opts.Client}
	s.password = ""
	return s.run(func() tea.Msg {
		res, err := b.svc.SignIn(b.ctxOrBackground(), req)
		return signInResultMsg{res, err}
	})
}

func (s *signInScreen) View() string {
	st := s.c.st
	var b strings.Builder
	b.WriteString(st.Title.Render("acctl — sign in") + "\n\n")
	if s.challenge != nil {
		b.WriteString(st.Muted.Render("Signing in as "+common.CleanLine(s.email)+". Two-factor authentication is on.") + "\n\n")
	}
	if s.notice != "" {
		b.WriteString(st.Warning.Render(common.CleanLine(s.notice)) + "\n\n")
	}
	if s.busy {
		b.WriteString(s.spin.View() + " Signing in…\n")
	} else {
		b.WriteString(s.form.View() + "\n")
	}
	if s.err != "" {
		b.WriteString("\n" + st.Error.Width(max(s.width-4, 20)).Render(s.err) + "\n")
		if wait := s.retryAt.Sub(s.now); wait > 0 {
			b.WriteString(st.Muted.Render(fmt.Sprintf("Next attempt possible in %s.", model.HumanDuration(wait))) + "\n")
		}
	}
	if s.sms != "" {
		b.WriteString("\n" + st.Success.Width(max(s.width-4, 20)).Render(s.sms) + "\n")
	}
	if s.challenge != nil {
		b.WriteString("\n" + st.Muted.Render("enter sign in • esc back to the password • ctrl+c quit"))
		if p := s.phone(false); p != nil {
			b.WriteString("\n" + st.Muted.Render("ctrl+t text a code to "+p.Masked))
		}
		if p := s.phone(true); p != nil {
			b.WriteString("\n" + st.Muted.Render("ctrl+b text a code to the backup number "+p.Masked))
		}
	} else {
		b.WriteString("\n" + st.Muted.Render("enter next/sign in • shift+tab previous field • ctrl+c quit\nctrl+r forgot password • ctrl+n I have an invitation"))
	}
	if len(s.opts.Demo) > 0 {
		b.WriteString("\n\n" + demoPanel(st, s.opts.Demo, s.now))
	}
	return lipgloss.NewStyle().Padding(1, 2).MaxWidth(s.width).Render(b.String())
}

// demoPanel shows the demo logins and, for those with 2FA on, the code
// their app would show now and how long it lasts (--demo only).
func demoPanel(st *common.Styles, logins []DemoLogin, now time.Time) string {
	var b strings.Builder
	b.WriteString("Demo mode: a throwaway database, removed when you quit.\n")
	if len(logins) > 0 {
		b.WriteString("Password for every demo user: " + logins[0].Password + "\n")
	}
	left := int(model.TOTPPeriod/time.Second) - int(now.Unix()%int64(model.TOTPPeriod/time.Second))
	for _, l := range logins {
		code := ""
		if l.TOTPSecret != "" {
			if c, err := model.TOTPCode(l.TOTPSecret, model.TOTPStep(now), model.TOTPDigits); err == nil {
				code = fmt.Sprintf("code %s %s  %2ds left", c[:3], c[3:], left)
			}
		}
		b.WriteString(fmt.Sprintf("  %-24s %-8s %s\n", l.Email, l.Role, code))
	}
	return st.Panel.Padding(0, 1).Render(strings.TrimRight(b.String(), "\n"))
}

// retryAt is when an R-PWD-5 wait ends, from an ELOCKED error.
func retryAt(err error) time.Time {
	var e *model.Error
	if model.ErrorCode(err) == model.ELOCKED && asModelError(err, &e) && e.RetryAt > 0 {
		return time.Unix(0, e.RetryAt).UTC()
	}
	return time.Time{}
}
