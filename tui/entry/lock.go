package entry

import (
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

type unlockResultMsg struct {
	screen *Lock
	token  string
	err    error
}

var lockKeys = struct{ Unlock, Prev, SignOut key.Binding }{
	Unlock:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "unlock")),
	Prev:    key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
	SignOut: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "sign out")),
}

// Lock covers the shell when the session's hour is over (R-SES-1). It asks
// for the password, and a code when 2FA is on; the screens underneath keep
// their state, so the user returns to exactly where they were.
type Lock struct {
	form
	password, code string
}

// NewLock is the lock screen of the signed-in user.
func NewLock(env *common.Env) *Lock {
	l := &Lock{form: newForm(env)}
	l.build()
	return l
}

// IsLock reports whether s is the lock screen.
func IsLock(s common.Screen) bool {
	_, ok := s.(*Lock)
	return ok
}

func (l *Lock) Title() string { return "Session locked" }
func (l *Lock) Keys() []key.Binding {
	if l.wantsCode() {
		return []key.Binding{lockKeys.Unlock, lockKeys.Prev, lockKeys.SignOut}
	}
	return []key.Binding{lockKeys.Unlock, lockKeys.SignOut}
}

func (l *Lock) wantsCode() bool { return l.env.Me != nil && l.env.Me.User.TOTPEnabled }

func (l *Lock) build() {
	l.password, l.code = "", ""
	fields := []huh.Field{components.PasswordInput("Password", &l.password)}
	if l.wantsCode() {
		fields = append(fields, components.TextInput("Code", &l.code, fieldCheck(model.ValidateSecondFactor)).
			Description("From your authenticator app, or a recovery code.").Placeholder("123 456"))
	}
	l.setFields(fields...)
}

func (l *Lock) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case unlockResultMsg:
		if msg.screen != l {
			return l, nil
		}
		l.done(msg.err)
		if msg.err == nil {
			return l, common.Emit(common.UnlockedMsg{Token: msg.token})
		}
		if errors.Is(msg.err, model.ErrSessionEnded) {
			return l, common.Emit(common.SessionEndedMsg{Reason: common.ErrText(msg.err)})
		}
		l.build()
		return l, l.form.Init()
	case tea.KeyPressMsg:
		if !l.busy && key.Matches(msg, lockKeys.SignOut) {
			return l, common.Emit(common.SignOutMsg{})
		}
	}
	cmd, complete := l.handle(msg)
	if complete {
		return l, l.submit()
	}
	return l, cmd
}

func (l *Lock) submit() tea.Cmd {
	pw, code, me := l.password, strings.TrimSpace(l.code), l
	l.password, l.code = "", ""
	return l.run(l.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		sess, err := svc.Unlock(ctx, pw, code)
		if err != nil {
			return unlockResultMsg{screen: me, err: err}
		}
		return unlockResultMsg{screen: me, token: sess.Token} // R-SES-1: a new token
	}))
}

func (l *Lock) View() string {
	name := ""
	if l.env.Me != nil {
		name = common.CleanLine(l.env.Me.User.Name) + ", y"
	} else {
		name = "Y"
	}
	intro := name + "our session has been open for an hour since you last signed in. Type your password to go on; everything you had open is kept."
	if l.wantsCode() {
		intro = name + "our session has been open for an hour since you last signed in. Type your password and a code to go on; everything you had open is kept."
	}
	return l.page("Session locked", intro, "Checking…", nil, l.errView())
}
