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

// resetDoneMsg ends the forgot-password flow with a new password set: res
// holds a session, or, for a user with 2FA on, the code step that still
// follows (R-2FA-5).
type resetDoneMsg struct {
	email string
	res   *model.SignInResult
}

// resetCancelledMsg ends the flow without a reset (esc).
type resetCancelledMsg struct{}

type resetRequestedMsg struct{ err error }

type resetResultMsg struct {
	res *model.SignInResult
	err error
}

// resetKeys are the flow's bindings; their help is short, so that the
// footer fits one line at 80 columns.
var resetKeys = struct{ Next, Prev, HaveCode, NewCode, Cancel key.Binding }{
	Next:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next")),
	Prev:     key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "back a field")),
	HaveCode: key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "I have a code")),
	NewCode:  key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "new code")),
	Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to sign-in")),
}

// resetStep is where the flow is: the email, then the code and the new
// password.
type resetStep int

const (
	resetAskEmail resetStep = iota
	resetAskCode
)

// resetScreen is the forgot-password flow before sign-in (R-PWD-3): an
// email, which gets the same answer whether or not an account uses it
// (R-PWD-5); then the code from the email and a new password (R-PWD-1).
// Every error keeps what was typed. It ends with resetDoneMsg or
// resetCancelledMsg; the App wires it in place of the sign-in screen.
type resetScreen struct {
	b        *backend
	c        *screenCtx
	origin   model.Origin
	client   model.Client
	demoMail string // --demo: the email with the code, shown as its inbox
	entryForm

	step     resetStep
	email    string
	code     string
	password string
	repeat   string
	sentAt   time.Time // when the last request was answered; zero before
	retryAt  time.Time
}

func newResetScreen(b *backend, c *screenCtx, email string) *resetScreen {
	s := &resetScreen{b: b, c: c, email: strings.TrimSpace(email), origin: model.LocalOrigin, entryForm: newEntryForm()}
	s.buildForm()
	return s
}

// withOrigin sets where this console runs, recorded with the request and
// the reset (the local terminal unless set).
func (s *resetScreen) withOrigin(origin model.Origin, client model.Client) *resetScreen {
	s.origin, s.client = origin, client
	return s
}

func (s *resetScreen) buildForm() {
	if s.step == resetAskEmail {
		s.form = newForm(s.c.isDark, s.width-4,
			textInput("Email", &s.email, func(v string) error { _, err := model.ValidateEmail(v); return fieldErr(err) }).
				Placeholder("you@example.com"))
		return
	}
	pw, again := newPasswordInputs("New password", "At least 12 characters. Ends every session.", &s.password, &s.repeat,
		func(v string) error { return model.CheckPasswordPolicy(v, s.email) })
	s.form = newForm(s.c.isDark, s.width-4,
		textInput("Reset code", &s.code, nil).Placeholder("k3jd-8fh2-0q9m-… (from the email)"),
		pw, again,
	)
}

func (s *resetScreen) Update(msg tea.Msg) (entryScreen, tea.Cmd) {
	switch msg := msg.(type) {
	case resetRequestedMsg:
		s.busy = false
		s.setErr(msg.err)
		if msg.err == nil {
			s.step, s.sentAt = resetAskCode, s.c.now()
			if s.c.demoInbox != nil {
				s.demoMail = s.c.demoInbox(s.email)
			}
		}
		s.buildForm()
		return s, s.form.Init()
	case resetResultMsg:
		s.busy = false
		if msg.err == nil {
			email := s.email
			return s, func() tea.Msg { return resetDoneMsg{email: email, res: msg.res} }
		}
		s.setErr(msg.err)
		if errors.Is(msg.err, model.ErrResetCodeExpired) || errors.Is(msg.err, model.ErrResetCodeUsed) {
			s.code = ""
		}
		s.buildForm()
		return s, s.form.Init()
	case tea.KeyPressMsg:
		if s.busy {
			return s, nil
		}
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

// onKey handles the flow's own keys; ok is false for keys the form takes.
func (s *resetScreen) onKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, resetKeys.Cancel):
		return func() tea.Msg { return resetCancelledMsg{} }, true
	case key.Matches(msg, resetKeys.HaveCode) && s.step == resetAskEmail:
		if _, err := model.ValidateEmail(s.email); err != nil {
			s.err = errText(err) // the code goes with the address: it is needed first
			return nil, true
		}
		s.step, s.err = resetAskCode, ""
		s.buildForm()
		return s.form.Init(), true
	case key.Matches(msg, resetKeys.NewCode) && s.step == resetAskCode:
		return s.request(), true
	}
	return nil, false
}

func (s *resetScreen) submit() tea.Cmd {
	if s.step == resetAskEmail {
		return s.request()
	}
	b := s.b
	req := model.ResetPasswordRequest{Email: s.email, Code: s.code, Password: s.password, Origin: s.origin, Client: s.client}
	return s.run(func() tea.Msg {
		res, err := b.ResetPassword(req)
		return resetResultMsg{res, err}
	})
}

// request asks for a code for the typed email.
func (s *resetScreen) request() tea.Cmd {
	b, email, origin, client := s.b, s.email, s.origin, s.client
	return s.run(func() tea.Msg {
		return resetRequestedMsg{b.RequestPasswordReset(email, origin, client)}
	})
}

func (s *resetScreen) setErr(err error) {
	s.err, s.retryAt = "", time.Time{}
	if err != nil {
		s.err, s.retryAt = errText(err), retryAt(err)
	}
}

func (s *resetScreen) View() string {
	st := s.c.st
	wrap := max(s.width-4, 20) // long sentences wrap inside the padding
	var b strings.Builder
	if s.step == resetAskEmail {
		b.WriteString(st.Title.Render("acctl — forgot password") + "\n")
		b.WriteString(st.Muted.Width(wrap).Render("Type the email address you sign in with. A single-use reset code goes there.") + "\n\n")
	} else {
		b.WriteString(st.Title.Render("acctl — forgot password") + st.Muted.Render(" of "+common.CleanLine(s.email)) + "\n\n")
	}
	if !s.sentAt.IsZero() && s.step == resetAskCode {
		b.WriteString(st.Success.Width(wrap).Render(model.ResetCodeSent+" (Asked at "+s.sentAt.UTC().Format("15:04:05")+" UTC.)") + "\n")
		if s.demoMail != "" {
			b.WriteString(st.Warning.Width(wrap).Render("Demo: the email's code is "+s.demoMail) + "\n")
		}
		if !s.c.mail && s.demoMail == "" {
			b.WriteString(st.Warning.Width(wrap).Render("No mail server is configured, so the email waits in acctl's outbox: whoever runs acctl can deliver it by starting acctl with --smtp-url.") + "\n")
		}
		b.WriteString("\n")
	}
	if s.busy {
		b.WriteString(s.spin.View() + " " + s.busyText() + "\n")
	} else {
		b.WriteString(s.form.View() + "\n")
	}
	if s.err != "" {
		b.WriteString("\n" + st.Error.Width(wrap).Render(s.err) + "\n")
		if wait := s.retryAt.Sub(s.c.now()); wait > 0 {
			b.WriteString(st.Muted.Render(fmt.Sprintf("Next attempt possible in %s.", model.HumanDuration(wait))) + "\n")
		}
	}
	b.WriteString("\n" + st.Muted.Width(wrap).Render(s.help()))
	return lipgloss.NewStyle().Padding(1, 2).MaxWidth(s.width).Render(b.String())
}

func (s *resetScreen) busyText() string {
	if s.step == resetAskEmail {
		return "Asking for a reset code…"
	}
	return "Setting the new password…"
}

func (s *resetScreen) help() string {
	keys := []key.Binding{resetKeys.Next, resetKeys.HaveCode, resetKeys.Cancel}
	if s.step == resetAskCode {
		keys = []key.Binding{resetKeys.Next, resetKeys.Prev, resetKeys.NewCode, resetKeys.Cancel}
	}
	var parts []string
	for _, k := range keys {
		parts = append(parts, k.Help().Key+" "+k.Help().Desc)
	}
	return strings.Join(parts, " • ")
}
