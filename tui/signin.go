package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"acctl/model"
	"acctl/tui/common"
)

type signInResultMsg struct {
	session *model.Session
	err     error
}

// errNoCodeStep answers a user with 2FA on until the console asks for the
// code (CompleteSignIn).
var errNoCodeStep = model.Errorf(model.EUNAUTHORIZED, "This user has two-factor authentication on, and this console cannot ask for the code yet. Sign in with acctl's next version.")

// signInScreen asks for email and password (R-PWD-5, R-SES-3). In --demo
// mode it shows the demo credentials.
type signInScreen struct {
	b        *backend
	opts     Options
	c        *screenCtx
	width    int
	height   int
	email    string
	password string
	form     *liveForm
	busy     bool
	spin     spinner.Model
	err      string
	notice   string
	retryAt  time.Time
	now      time.Time
}

func newSignInScreen(b *backend, opts Options, c *screenCtx, notice string) *signInScreen {
	s := &signInScreen{b: b, opts: opts, c: c, notice: notice, spin: newSpinner(), now: opts.Service.Now()}
	if len(opts.Demo) > 0 {
		s.email = opts.Demo[0].Email
	}
	s.buildForm()
	return s
}

func (s *signInScreen) buildForm() {
	s.password = ""
	s.form = newForm(s.c.isDark, s.width-4,
		textInput("Email", &s.email, nil).Placeholder("you@example.com"),
		passwordInput("Password", &s.password),
	)
	if s.email != "" {
		s.form.NextField() // the email is known: start on the password
	}
}

func (s *signInScreen) Init() tea.Cmd { return s.form.Init() }

func (s *signInScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.form.WithWidth(formWidth(w - 4))
}

func (s *signInScreen) Update(msg tea.Msg) (*signInScreen, tea.Cmd) {
	switch msg := msg.(type) {
	case tickMsg:
		s.now = s.opts.Service.Now()
		return s, nil
	case signInResultMsg:
		s.busy = false
		if msg.err == nil {
			return s, func() tea.Msg { return signedInMsg{msg.session} }
		}
		s.err = errText(msg.err)
		s.retryAt = retryAt(msg.err)
		s.buildForm()
		return s, s.form.Init()
	case spinner.TickMsg:
		var cmd tea.Cmd
		s.spin, cmd = s.spin.Update(msg)
		return s, cmd
	case tea.KeyPressMsg:
		if s.busy {
			return s, nil
		}
		if msg.String() == "esc" {
			return s, nil
		}
	}
	if s.busy {
		return s, nil
	}
	var cmd tea.Cmd
	s.form, cmd = updateForm(s.form, msg)
	if s.form.State == huh.StateCompleted {
		return s, s.submit()
	}
	return s, cmd
}

func (s *signInScreen) submit() tea.Cmd {
	s.busy, s.err, s.notice = true, "", ""
	req := model.SignInRequest{Email: s.email, Password: s.password, Origin: s.opts.Origin, Client: s.opts.Client}
	s.password = ""
	b := s.b
	return tea.Batch(s.spin.Tick, func() tea.Msg {
		res, err := b.svc.SignIn(b.ctxOrBackground(), req)
		switch {
		case err != nil:
			return signInResultMsg{nil, err}
		case res.Session == nil: // R-2FA-5: this console has no code step yet
			return signInResultMsg{nil, errNoCodeStep}
		}
		return signInResultMsg{res.Session, nil}
	})
}

func (s *signInScreen) View() string {
	st := s.c.st
	var b strings.Builder
	b.WriteString(st.Title.Render("acctl — sign in") + "\n\n")
	if s.notice != "" {
		b.WriteString(st.Warning.Render(common.CleanLine(s.notice)) + "\n\n")
	}
	if s.busy {
		b.WriteString(s.spin.View() + " Signing in…\n")
	} else {
		b.WriteString(s.form.View() + "\n")
	}
	if s.err != "" {
		b.WriteString("\n" + st.Error.Render(s.err) + "\n")
		if wait := s.retryAt.Sub(s.now); wait > 0 {
			b.WriteString(st.Muted.Render(fmt.Sprintf("Next attempt possible in %s.", model.HumanDuration(wait))) + "\n")
		}
	}
	b.WriteString("\n" + st.Muted.Render("enter next/sign in • shift+tab previous field • ctrl+c quit"))
	if len(s.opts.Demo) > 0 {
		b.WriteString("\n\n" + demoPanel(st, s.opts.Demo))
	}
	return lipgloss.NewStyle().Padding(1, 2).MaxWidth(s.width).Render(b.String())
}

func demoPanel(st *common.Styles, logins []DemoLogin) string {
	var b strings.Builder
	b.WriteString("Demo mode: a throwaway database, removed when you quit.\n")
	for _, l := range logins {
		b.WriteString(fmt.Sprintf("  %-26s %-8s %s\n", l.Email, l.Role, l.Password))
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
