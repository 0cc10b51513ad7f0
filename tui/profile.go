package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
)

var profileKeys = struct {
	Name, Email, Password, Notify              key.Binding
	SetUp2FA, NewCodes, Disable2FA, Enforce2FA key.Binding
	Phones                                     key.Binding
}{
	Phones:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "SMS numbers")),
	Name:       key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit name")),
	Email:      key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "change email")),
	Password:   key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "change password")),
	Notify:     key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "sign-in alerts on/off")),
	SetUp2FA:   key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "set up 2FA")),
	NewCodes:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "new recovery codes")),
	Disable2FA: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "turn 2FA off")),
	Enforce2FA: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "require 2FA for all")),
}

type codesLeftMsg struct {
	n   int
	err error
}

type notifySetMsg struct {
	u   *model.User
	err error
}

// profileScreen shows the signed-in user and opens the profile edits: name,
// email (R-PWD-4, R-ACC-2), password (R-PWD-2) and sign-in alerts (R-SES-4).
type profileScreen struct {
	c         *screenCtx
	codesLeft int // unused recovery codes; -1 until loaded
	width     int
	height    int
}

func newProfileScreen(c *screenCtx) *profileScreen { return &profileScreen{c: c, codesLeft: -1} }

func (s *profileScreen) Init() tea.Cmd { return s.loadCodesLeft() }

func (s *profileScreen) loadCodesLeft() tea.Cmd {
	if !s.c.me.User.TOTPEnabled {
		return nil
	}
	b := s.c.b
	return func() tea.Msg {
		n, err := b.RecoveryCodesLeft()
		return codesLeftMsg{n, err}
	}
}

func (s *profileScreen) Title() string    { return "Profile" }
func (s *profileScreen) Capturing() bool  { return false }
func (s *profileScreen) SetSize(w, h int) { s.width, s.height = w, h }
func (s *profileScreen) Keys() []key.Binding {
	keys := []key.Binding{profileKeys.Name, profileKeys.Email, profileKeys.Password, profileKeys.Notify}
	if s.c.me.User.TOTPEnabled {
		keys = append(keys, profileKeys.NewCodes, profileKeys.Disable2FA, profileKeys.Phones)
	} else {
		keys = append(keys, profileKeys.SetUp2FA)
	}
	if s.c.me.Can(model.ActionEnforce2FA) {
		keys = append(keys, profileKeys.Enforce2FA)
	}
	return keys
}

func (s *profileScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case codesLeftMsg:
		if msg.err == nil {
			s.codesLeft = msg.n
		}
		return s, nil
	case screenResumedMsg:
		return s, s.loadCodesLeft()
	case notifySetMsg:
		if msg.err != nil {
			return s, flashErr(errText(msg.err))
		}
		s.c.me.User.NotifySignIn = msg.u.NotifySignIn
		state := "off"
		if msg.u.NotifySignIn {
			state = "on: you will be notified of every sign-in attempt"
		}
		return s, tea.Batch(flash("Sign-in alerts are "+state+"."), func() tea.Msg { return meChangedMsg{} })
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, profileKeys.Name):
			return s, push(s.nameForm())
		case key.Matches(msg, profileKeys.Email):
			return s, push(newEmailScreen(s.c))
		case key.Matches(msg, profileKeys.Password):
			return s, push(s.passwordForm())
		case key.Matches(msg, profileKeys.Phones) && s.c.me.User.TOTPEnabled:
			return s, push(newPhonesScreen(s.c))
		case key.Matches(msg, profileKeys.SetUp2FA) && !s.c.me.User.TOTPEnabled:
			return s, push(newTwoFactorSetupScreen(s.c, false))
		case key.Matches(msg, profileKeys.NewCodes) && s.c.me.User.TOTPEnabled:
			return s, push(newRecoveryCodesScreen(s.c))
		case key.Matches(msg, profileKeys.Disable2FA) && s.c.me.User.TOTPEnabled:
			return s, push(newDisableTwoFactorScreen(s.c))
		case key.Matches(msg, profileKeys.Enforce2FA) && s.c.me.Can(model.ActionEnforce2FA):
			if !s.c.me.Account.Enforce2FA && !s.c.me.User.TOTPEnabled {
				return s, flashErr(errText(model.ErrEnforceWithout2FA)) // R-2FA-7, before any password
			}
			return s, push(newEnforcementScreen(s.c))
		case key.Matches(msg, profileKeys.Notify):
			b, on := s.c.b, !s.c.me.User.NotifySignIn
			return s, func() tea.Msg {
				u, err := b.SetSignInNotifications(on)
				return notifySetMsg{u, err}
			}
		}
	}
	return s, nil
}

func (s *profileScreen) View() string {
	st := s.c.st
	me := s.c.me
	row := func(label, value string) string { return fmt.Sprintf("  %-18s %s\n", label, value) }
	var b strings.Builder
	b.WriteString(st.Title.Render("Profile") + "\n\n")
	b.WriteString(row("Name", me.User.Name))
	b.WriteString(row("Email", me.User.Email))
	b.WriteString(row("Role", me.User.Role.Title()))
	b.WriteString(row("Account", me.Account.CompanyName))
	b.WriteString(row("Member since", me.User.CreatedAt.Format("2006-01-02")))
	last := "never"
	if me.User.LastLoginAt != nil {
		last = me.User.LastLoginAt.Format("2006-01-02 15:04 UTC")
	}
	b.WriteString(row("Last sign-in", last))
	alerts := "off"
	if me.User.NotifySignIn {
		alerts = "on"
	}
	b.WriteString(row("Sign-in alerts", alerts+st.Muted.Render("  press a to switch")))
	b.WriteString(row("Two-factor", s.twoFactorLine()))
	if me.User.TOTPEnabled {
		b.WriteString(row("Recovery codes", s.codesLeftLine()))
	}
	if me.Can(model.ActionEnforce2FA) || me.Account.Enforce2FA {
		required := "not required"
		if me.Account.Enforce2FA {
			required = "required for every user of " + me.Account.CompanyName
		}
		b.WriteString(row("Account 2FA", required))
	}
	b.WriteString("\n" + st.Muted.Render(shortHelp(s.Keys())))
	return b.String()
}

func (s *profileScreen) twoFactorLine() string {
	if s.c.me.User.TOTPEnabled {
		return s.c.st.Success.Render("on") + " (authenticator app)"
	}
	return s.c.st.Warning.Render("off") + s.c.st.Muted.Render("  press t to set it up")
}

// codesLeftLine warns when three or fewer recovery codes remain (R-2FA-4).
func (s *profileScreen) codesLeftLine() string {
	switch n := s.codesLeft; {
	case n < 0:
		return "…"
	case n == 0:
		return s.c.st.Error.Render("none left: press r for a new set now")
	case n <= 3:
		return s.c.st.Warning.Render(fmt.Sprintf("%d left: press r for a new set", n))
	default:
		return fmt.Sprintf("%d left", n)
	}
}

func (s *profileScreen) nameForm() Screen {
	name := s.c.me.User.Name
	b := s.c.b
	return newFormScreen(s.c, "Edit name", "Your name as the other users of your account see it.",
		func() []huh.Field {
			return []huh.Field{textInput("Name", &name, func(v string) error { _, err := model.ValidatePersonName(v); return fieldErr(err) })}
		},
		func() (string, error) {
			_, err := b.ChangeName(name)
			return "Name saved.", err
		})
}

func (s *profileScreen) passwordForm() Screen {
	var current, next, repeat string
	me := s.c.me
	b := s.c.b
	return newFormScreen(s.c, "Change password", "Your other sessions will be signed out. This console stays signed in.",
		func() []huh.Field {
			pw, again := newPasswordInputs("New password", "At least 12 characters; a few unrelated words work well.", &next, &repeat,
				func(v string) error {
					return model.CheckPasswordPolicy(v, me.User.Name, me.User.Email, me.Account.CompanyName)
				})
			return []huh.Field{passwordInput("Current password", &current), pw, again}
		},
		func() (string, error) {
			return "Password changed. Your other sessions have been signed out.", b.ChangePassword(current, next)
		})
}
