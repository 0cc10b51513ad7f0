package tui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"acctl/model"
)

type unlockedMsg struct{}

type unlockFailedMsg struct{ err error }

// lockScreen covers the shell when the session's hour is over (R-SES-1). It
// asks for the password; the screens underneath keep their state, so the
// user returns to exactly where they were. It uses a plain text input rather
// than a huh form so that its messages can never drive a form underneath.
type lockScreen struct {
	c       *screenCtx
	width   int
	height  int
	input   textinput.Model
	code    textinput.Model // R-2FA-5: shown when 2FA is on
	onCode  bool            // the code field has the focus
	busy    bool
	spin    spinner.Model
	err     string
	retryAt time.Time
}

func newLockScreen(c *screenCtx) *lockScreen {
	in := textinput.New()
	in.EchoMode = textinput.EchoPassword
	in.Prompt = "Password: "
	in.CharLimit = 1024
	in.SetWidth(40)
	code := textinput.New()
	code.Prompt = "Code:     "
	code.Placeholder = "from your app, or a recovery code"
	code.CharLimit = 64
	code.SetWidth(40)
	return &lockScreen{c: c, input: in, code: code, spin: newSpinner()}
}

func (l *lockScreen) Init() tea.Cmd { return l.input.Focus() }

func (l *lockScreen) wantsCode() bool { return l.c.me.User.TOTPEnabled }

// focus moves between the password and the code field.
func (l *lockScreen) focus(code bool) tea.Cmd {
	l.onCode = code
	if code {
		l.input.Blur()
		return l.code.Focus()
	}
	l.code.Blur()
	return l.input.Focus()
}

func (l *lockScreen) SetSize(w, h int) { l.width, l.height = w, h }

func (l *lockScreen) Update(msg tea.Msg) (*lockScreen, tea.Cmd) {
	switch msg := msg.(type) {
	case unlockFailedMsg:
		l.busy = false
		if errors.Is(msg.err, model.ErrSessionEnded) {
			return l, func() tea.Msg { return sessionEndedMsg{reason: errText(msg.err)} }
		}
		l.err = errText(msg.err)
		l.retryAt = retryAt(msg.err)
		l.input.Reset()
		l.code.Reset()
		return l, l.focus(false)
	case spinner.TickMsg:
		var cmd tea.Cmd
		l.spin, cmd = l.spin.Update(msg)
		return l, cmd
	case tea.KeyPressMsg:
		if l.busy {
			return l, nil
		}
		switch msg.String() {
		case "tab", "shift+tab", "up", "down":
			if l.wantsCode() {
				return l, l.focus(!l.onCode)
			}
		case "enter":
			if l.input.Value() == "" {
				l.err = "Type your password, then press enter."
				return l, l.focus(false)
			}
			if l.wantsCode() && !l.onCode {
				return l, l.focus(true)
			}
			if l.wantsCode() && strings.TrimSpace(l.code.Value()) == "" {
				l.err = "Type the code your authenticator app shows, or a recovery code."
				return l, nil
			}
			pw, code := l.input.Value(), l.code.Value()
			l.input.Reset()
			l.code.Reset()
			l.busy, l.err = true, ""
			b := l.c.b
			return l, tea.Batch(l.spin.Tick, func() tea.Msg {
				if err := b.Unlock(pw, code); err != nil {
					return unlockFailedMsg{err}
				}
				return unlockedMsg{}
			})
		case "esc":
			return l, func() tea.Msg { return sessionEndedMsg{reason: "You have signed out."} }
		}
	}
	var cmd tea.Cmd
	if l.onCode {
		l.code, cmd = l.code.Update(msg)
	} else {
		l.input, cmd = l.input.Update(msg)
	}
	return l, cmd
}

func (l *lockScreen) View() string {
	st := l.c.st
	var b strings.Builder
	b.WriteString(st.Title.Render("Session locked") + "\n\n")
	b.WriteString(fmt.Sprintf("%s, your session has been open for an hour since you last signed in.\n", l.c.me.User.Name))
	if l.wantsCode() {
		b.WriteString("Type your password and a code to go on. Everything you had open is kept.\n\n")
	} else {
		b.WriteString("Type your password to go on. Everything you had open is kept.\n\n")
	}
	if l.busy {
		b.WriteString(l.spin.View() + " Checking…\n")
	} else {
		b.WriteString(l.input.View() + "\n")
		if l.wantsCode() {
			b.WriteString(l.code.View() + "\n")
		}
	}
	if l.err != "" {
		b.WriteString("\n" + st.Error.Width(max(l.width-4, 20)).Render(l.err) + "\n")
	}
	b.WriteString("\n" + st.Muted.Render("enter unlock • esc sign out • ctrl+c quit"))
	return lipgloss.NewStyle().Padding(1, 2).MaxWidth(l.width).Render(b.String())
}
