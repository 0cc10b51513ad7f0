package entry

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

type signInResultMsg struct {
	screen *SignIn
	res    *model.SignInResult
	err    error
}

type codeResultMsg struct {
	screen  *SignIn
	session *model.Session
	err     error
}

type smsSentMsg struct {
	screen *SignIn
	sent   *model.SMSSent
	demo   string // in --demo, the code the text message carries
	err    error
}

var signInKeys = struct {
	Next, Prev, Forgot, Invitation, Back, SMS, SMSBackup key.Binding
}{
	Next:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next / sign in")),
	Prev:       key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
	Forgot:     key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "forgot password")),
	Invitation: key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "I have an invitation")),
	Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to the password")),
	SMS:        key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "text me a code")),
	SMSBackup:  key.NewBinding(key.WithKeys("ctrl+b"), key.WithHelp("ctrl+b", "text the backup number")),
}

// SignIn asks for email and password (R-PWD-5, R-SES-3), then, for a user
// with 2FA on, for a code from the app, an SMS or a recovery code
// (R-2FA-5, R-2FA-9). In --demo mode it shows the demo logins and their
// current codes.
type SignIn struct {
	form
	email    string
	password string
	notice   string

	// The code step: set while the password was right and a code is due.
	challenge *model.SignInChallenge
	code      string
	sms       string
}

// NewSignIn is the sign-in screen; notice says why the last session ended.
func NewSignIn(env *common.Env, notice string) *SignIn {
	s := &SignIn{form: newForm(env), notice: notice}
	if env.Demo.On() {
		s.email = env.Demo.Logins[0].Email
	}
	s.build()
	return s
}

// NewCodeStep is sign-in at its code step, for a password (or a key, over
// SSH) already checked.
func NewCodeStep(env *common.Env, ch *model.SignInChallenge, notice string) *SignIn {
	s := &SignIn{form: newForm(env), notice: notice, challenge: ch}
	s.build()
	return s
}

func (s *SignIn) Title() string { return "Sign in" }

func (s *SignIn) build() {
	s.password = ""
	if s.challenge != nil {
		s.setFields(
			components.TextInput("Code", &s.code, fieldCheck(model.ValidateSecondFactor)).
				Description("From your authenticator app, a text message or a recovery code.").
				Placeholder("123 456"))
		return
	}
	s.setFields(
		components.TextInput("Email", &s.email, nil).Placeholder("you@example.com"),
		components.PasswordInput("Password", &s.password))
	if s.email != "" {
		s.form.form.NextField() // the email is known: start on the password
	}
}

func (s *SignIn) Keys() []key.Binding {
	k := signInKeys
	if s.challenge == nil {
		return []key.Binding{k.Next, k.Prev, k.Forgot, k.Invitation}
	}
	keys := []key.Binding{k.Next, k.Back}
	if s.phone(false) != nil {
		keys = append(keys, k.SMS)
	}
	if s.phone(true) != nil {
		keys = append(keys, k.SMSBackup)
	}
	return keys
}

func (s *SignIn) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case signInResultMsg:
		if msg.screen == s {
			return s, s.signedIn(msg.res, msg.err)
		}
	case codeResultMsg:
		if msg.screen == s {
			return s, s.codeChecked(msg.session, msg.err)
		}
	case smsSentMsg:
		if msg.screen == s {
			s.smsSent(msg)
		}
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

func (s *SignIn) onKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if s.busy {
		return nil, true
	}
	k := signInKeys
	switch {
	case key.Matches(msg, k.Back) && s.challenge != nil:
		s.challenge, s.err, s.code, s.sms = nil, "", "", ""
		s.build()
		return s.form.Init(), true
	case key.Matches(msg, k.Forgot) && s.challenge == nil:
		s.env.Nav.Replace(NewReset(s.env, s.email))
		return nil, true
	case key.Matches(msg, k.Invitation) && s.challenge == nil:
		s.env.Nav.Replace(NewInvitation(s.env))
		return nil, true
	case key.Matches(msg, k.SMS) && s.challenge != nil:
		return s.sendSMS(false), true
	case key.Matches(msg, k.SMSBackup) && s.challenge != nil:
		return s.sendSMS(true), true
	}
	return nil, false
}

func (s *SignIn) submit() tea.Cmd {
	s.notice = ""
	me := s
	if s.challenge != nil {
		token, code := s.challenge.Token, s.code
		return s.run(s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
			sess, err := svc.CompleteSignIn(ctx, token, code)
			return codeResultMsg{me, sess, err}
		}))
	}
	req := model.SignInRequest{Email: s.email, Password: s.password, Origin: s.env.Origin, Client: s.env.Client}
	s.password = ""
	return s.run(s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		res, err := svc.SignIn(ctx, req)
		return signInResultMsg{me, res, err}
	}))
}

// signedIn goes on from a checked password: to the shell, or to the code.
func (s *SignIn) signedIn(res *model.SignInResult, err error) tea.Cmd {
	s.done(err)
	switch {
	case err != nil:
		s.build()
		return s.form.Init()
	case res.Challenge != nil:
		s.challenge, s.code, s.sms = res.Challenge, "", ""
		s.build()
		return s.form.Init()
	}
	return common.Emit(common.SignedInMsg{Token: res.Session.Token})
}

func (s *SignIn) codeChecked(sess *model.Session, err error) tea.Cmd {
	s.done(err)
	if err == nil {
		return common.Emit(common.SignedInMsg{Token: sess.Token})
	}
	if errors.Is(err, model.ErrSignInStepEnded) || errors.Is(err, model.ErrSignInStepExpired) {
		s.challenge = nil // back to the password
	}
	s.build()
	return s.form.Init()
}

// sendSMS texts a code for the code step to the mobile or backup number;
// in --demo the command reads the code back from the outbox as well, off
// the update loop.
func (s *SignIn) sendSMS(backup bool) tea.Cmd {
	if s.phone(backup) == nil {
		return nil
	}
	s.err, s.sms = "", ""
	token, email, inbox, me := s.challenge.Token, s.email, s.env.Demo.Inbox, s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		sent, err := svc.SendSignInSMS(ctx, token, backup)
		msg := smsSentMsg{screen: me, sent: sent, err: err}
		if err == nil && inbox != nil {
			msg.demo = inbox(ctx, email)
		}
		return msg
	})
}

func (s *SignIn) smsSent(msg smsSentMsg) {
	if msg.err != nil {
		s.done(msg.err)
		return
	}
	s.sms = fmt.Sprintf("A code is on its way to %s; it works until %s UTC.", msg.sent.To, msg.sent.ExpiresAt.UTC().Format("15:04"))
	if msg.demo != "" {
		s.sms += " Demo: the text message says " + common.CleanLine(msg.demo)
	}
}

// phone is the hint of the user's mobile (or backup) number; nil if none.
func (s *SignIn) phone(backup bool) *model.PhoneHint {
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

func (s *SignIn) View() string {
	st, w := s.env.Styles, s.textWidth()
	intro := ""
	if s.challenge != nil {
		intro = "Signing in as " + common.CleanLine(s.email) + ". Two-factor authentication is on."
		if s.email == "" {
			intro = "Your SSH key is registered; two-factor authentication is on: type a code to go on."
		}
	}
	notice, sms := "", ""
	if s.notice != "" {
		notice = st.Warning.Render(common.Wrap(common.CleanLine(s.notice), w))
	}
	if s.sms != "" {
		sms = st.Success.Render(common.Wrap(s.sms, w))
	}
	demo := ""
	if s.env.Demo.On() {
		demo = demoPanel(st, s.env.Demo.Logins, s.env.Now(), w)
	}
	return s.page("acctl — sign in", intro, "Signing in…", []string{notice}, s.errView(), sms, demo)
}

// demoPanel shows the demo logins and, for those with 2FA on, the code
// their app would show now and how long it lasts (--demo only).
func demoPanel(st *common.Styles, logins []common.DemoLogin, now time.Time, w int) string {
	var b strings.Builder
	b.WriteString("Demo: a throwaway database, removed when you quit.\n")
	b.WriteString("Password for every demo user: " + logins[0].Password + "\n")
	period := int(model.TOTPPeriod / time.Second)
	left := period - int(now.Unix()%int64(period))
	for _, l := range logins {
		code := ""
		if l.TOTPSecret != "" {
			if c, err := model.TOTPCode(l.TOTPSecret, model.TOTPStep(now), model.TOTPDigits); err == nil {
				code = fmt.Sprintf("code %s %s %2ds", c[:3], c[3:], left)
			}
		}
		b.WriteString(common.Truncate(fmt.Sprintf("%-26s %-7s %s", l.Email, l.Role, code), w-4) + "\n")
	}
	return st.Panel.Padding(0, 1).Render(strings.TrimRight(b.String(), "\n"))
}
