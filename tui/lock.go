package tui

import (
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
	return &lockScreen{c: c, input: in, spin: newSpinner()}
}

func (l *lockScreen) Init() tea.Cmd { return l.input.Focus() }

func (l *lockScreen) SetSize(w, h int) { l.width, l.height = w, h }

func (l *lockScreen) Update(msg tea.Msg) (*lockScreen, tea.Cmd) {
	switch msg := msg.(type) {
	case unlockFailedMsg:
		l.busy = false
		if model.ErrorCode(msg.err) == model.EUNAUTHORIZED && msg.err != model.ErrWrongPassword {
			return l, func() tea.Msg { return sessionEndedMsg{reason: errText(msg.err)} }
		}
		l.err = errText(msg.err)
		l.retryAt = retryAt(msg.err)
		l.input.Reset()
		return l, nil
	case spinner.TickMsg:
		var cmd tea.Cmd
		l.spin, cmd = l.spin.Update(msg)
		return l, cmd
	case tea.KeyPressMsg:
		if l.busy {
			return l, nil
		}
		switch msg.String() {
		case "enter":
			pw := l.input.Value()
			l.input.Reset()
			if pw == "" {
				l.err = "Type your password, then press enter."
				return l, nil
			}
			l.busy, l.err = true, ""
			b := l.c.b
			return l, tea.Batch(l.spin.Tick, func() tea.Msg {
				if err := b.Unlock(pw); err != nil {
					return unlockFailedMsg{err}
				}
				return unlockedMsg{}
			})
		case "esc":
			return l, func() tea.Msg { return sessionEndedMsg{reason: "You have signed out."} }
		}
	}
	var cmd tea.Cmd
	l.input, cmd = l.input.Update(msg)
	return l, cmd
}

func (l *lockScreen) View() string {
	st := l.c.st
	var b strings.Builder
	b.WriteString(st.Title.Render("Session locked") + "\n\n")
	b.WriteString(fmt.Sprintf("%s, your session has been open for an hour since you last signed in.\n", l.c.me.User.Name))
	b.WriteString("Type your password to go on. Everything you had open is kept.\n\n")
	if l.busy {
		b.WriteString(l.spin.View() + " Checking…\n")
	} else {
		b.WriteString(l.input.View() + "\n")
	}
	if l.err != "" {
		b.WriteString("\n" + st.Error.Render(l.err) + "\n")
	}
	b.WriteString("\n" + st.Muted.Render("enter unlock • esc sign out • ctrl+c quit"))
	return lipgloss.NewStyle().Padding(1, 2).MaxWidth(l.width).Render(b.String())
}
