// Package profile holds the Profile section: the signed-in user's name,
// email and password, sign-in alerts, two-factor authentication with its
// QR code and recovery codes, mobile numbers, and 2FA enforcement.
package profile

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

var profileKeys = struct {
	Name, Email, Password, Alerts, Phones   key.Binding
	SetUp, NewCodes, TurnOff, Enforce, Ease key.Binding
}{
	Name:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit name")),
	Email:    key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "change email")),
	Password: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "change password")),
	Alerts:   key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "sign-in alerts on/off")),
	Phones:   key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "mobile numbers")),
	SetUp:    key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "set up 2FA")),
	NewCodes: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "new recovery codes")),
	TurnOff:  key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "turn 2FA off")),
	Enforce:  key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "require 2FA for everyone")),
	Ease:     key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "stop requiring 2FA")),
}

// Answers of Profile's reads and writes.
type (
	codesLeftMsg struct {
		screen *Profile
		n      int
		err    error
	}
	previousMsg struct {
		screen *Profile
		ev     *model.AuthEvent
		err    error
	}
	alertsSetMsg struct {
		screen *Profile
		user   *model.User
		err    error
	}
)

// Actions Profile runs behind the password.
const (
	newCodesID = "profile.new-codes"
	enforceID  = "profile.enforce"
)

// plain draws a value as it is.
var plain = lipgloss.NewStyle()

// labelWidth is the width of Profile's labels ("Recovery codes").
const labelWidth = 14

// Profile shows the signed-in user — name, email, role, account, the
// previous sign-in, sign-in alerts (R-SES-4), two-factor state with the
// recovery codes left (R-2FA-4) and the account's 2FA requirement
// (R-2FA-7) — and opens every change of them. Its keys work as soon as it
// is shown, the menu's focus or not.
type Profile struct {
	env          *common.Env
	codesLeft    int // -1 until read
	previous     *model.AuthEvent
	previousRead bool
	previousErr  string
	alerts       *bool // the toggle's last answer, until the user is read again
	switching    bool  // a toggle runs
	enforcing    bool  // the requirement asked for
	width        int
	height       int
}

// New opens Profile.
func New(env *common.Env) common.Screen { return &Profile{env: env, codesLeft: -1} }

func (s *Profile) Init() tea.Cmd    { return tea.Batch(s.readCodesLeft(), s.readPrevious()) }
func (s *Profile) Title() string    { return "Profile" }
func (s *Profile) SetSize(w, h int) { s.width, s.height = w, h }

// Keys are the changes the user may make now.
func (s *Profile) Keys() []key.Binding {
	k, me := profileKeys, s.env.Me
	keys := []key.Binding{k.Name, k.Email, k.Password, k.Alerts, k.Phones}
	if me.User.TOTPEnabled {
		keys = append(keys, k.NewCodes, k.TurnOff)
	} else {
		keys = append(keys, k.SetUp)
	}
	switch {
	case !me.Can(model.ActionEnforce2FA):
	case me.Account.Enforce2FA:
		keys = append(keys, k.Ease)
	default:
		keys = append(keys, k.Enforce)
	}
	return keys
}

func (s *Profile) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case codesLeftMsg:
		if msg.screen == s && msg.err == nil {
			s.codesLeft = msg.n
		}
	case previousMsg:
		if msg.screen == s {
			s.previous, s.previousRead = msg.ev, true
			if msg.err != nil {
				s.previousErr = common.ErrText(msg.err)
			}
		}
	case alertsSetMsg:
		if msg.screen == s {
			return s, s.alertsSet(msg.user, msg.err)
		}
	case components.ActionDoneMsg:
		return s, s.actionDone(msg)
	case common.TickMsg:
		if s.alerts != nil && *s.alerts == s.env.Me.User.NotifySignIn {
			s.alerts = nil // the user was read again
		}
	case common.ResumedMsg:
		return s, s.readCodesLeft()
	case tea.KeyPressMsg:
		return s, s.onKey(msg)
	}
	return s, nil
}

func (s *Profile) onKey(msg tea.KeyPressMsg) tea.Cmd {
	k, on := profileKeys, s.env.Me.User.TOTPEnabled
	switch {
	case key.Matches(msg, k.Name):
		s.env.Nav.Push(newNameScreen(s.env))
	case key.Matches(msg, k.Email):
		s.env.Nav.Push(newEmailScreen(s.env))
	case key.Matches(msg, k.Password):
		s.env.Nav.Push(newPasswordScreen(s.env))
	case key.Matches(msg, k.Phones):
		s.env.Nav.Push(newPhones(s.env))
	case key.Matches(msg, k.Alerts):
		return s.switchAlerts()
	case key.Matches(msg, k.SetUp) && !on:
		s.env.Nav.Push(newSetup(s.env, false))
	case key.Matches(msg, k.NewCodes) && on:
		s.askNewCodes()
	case key.Matches(msg, k.TurnOff) && on:
		s.env.Nav.Push(newTurnOffScreen(s.env))
	case key.Matches(msg, k.Enforce) && s.env.Me.Can(model.ActionEnforce2FA):
		s.askEnforce()
	}
	return nil
}

func (s *Profile) readCodesLeft() tea.Cmd {
	me := s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		n, err := svc.RecoveryCodesLeft(ctx)
		return codesLeftMsg{me, n, err}
	})
}

func (s *Profile) readPrevious() tea.Cmd {
	me := s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		ev, err := svc.PreviousSignIn(ctx)
		return previousMsg{me, ev, err}
	})
}

// alertsOn is the sign-in alerts' state, the toggle's answer first.
func (s *Profile) alertsOn() bool {
	if s.alerts != nil {
		return *s.alerts
	}
	return s.env.Me.User.NotifySignIn
}

// switchAlerts turns sign-in alerts on or off (R-SES-4), one switch at a
// time.
func (s *Profile) switchAlerts() tea.Cmd {
	if s.switching {
		return nil
	}
	s.switching = true
	on, me := !s.alertsOn(), s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		u, err := svc.SetSignInNotifications(ctx, on)
		return alertsSetMsg{me, u, err}
	})
}

func (s *Profile) alertsSet(u *model.User, err error) tea.Cmd {
	s.switching = false
	if err != nil {
		s.env.FlashError(err)
		return nil
	}
	on := u.NotifySignIn
	s.alerts = &on
	if on {
		s.env.Flash("Sign-in alerts are on: you are told of every sign-in attempt.")
	} else {
		s.env.Flash("Sign-in alerts are off.")
	}
	return common.Emit(common.MeChangedMsg{})
}

// askNewCodes replaces the recovery codes after the password (R-2FA-4,
// R-PWD-4); the new codes are shown once.
func (s *Profile) askNewCodes() {
	components.RunWithPassword(s.env, components.Action{
		ID:     newCodesID,
		Reason: "Ten new recovery codes replace your current ones, which stop working at once. To make the new codes, type your password.",
		Run: func(ctx context.Context, svc *model.Service, password string) (components.Result, error) {
			codes, err := svc.NewRecoveryCodes(ctx, password)
			if err != nil {
				return components.Result{}, err
			}
			return components.Result{Secret: recoverySecret(codes)}, nil
		},
	})
}

// askEnforce turns the account's 2FA requirement on or off after the
// password (R-2FA-7, R-PWD-4). An owner without 2FA is told why not before
// any password.
func (s *Profile) askEnforce() {
	me := s.env.Me
	on := !me.Account.Enforce2FA
	if on && !me.User.TOTPEnabled {
		s.env.FlashError(model.ErrEnforceWithout2FA)
		return
	}
	s.enforcing = on
	reason := "Every user of " + me.Account.CompanyName + " without two-factor authentication gets an email and, from their next action, can only set it up or sign out. To require it, type your password."
	if !on {
		reason = "Users may then turn two-factor authentication off for themselves; those who have it keep it. To stop requiring it, type your password."
	}
	components.RunWithPassword(s.env, components.Action{
		ID: enforceID, Reason: reason,
		Run: func(ctx context.Context, svc *model.Service, password string) (components.Result, error) {
			return components.Result{}, svc.SetTwoFactorEnforcement(ctx, on, password)
		},
	})
}

// actionDone says how an action behind the password ended.
func (s *Profile) actionDone(msg components.ActionDoneMsg) tea.Cmd {
	if msg.ID != newCodesID && msg.ID != enforceID || msg.Cancelled {
		return nil
	}
	if msg.Err != nil {
		s.env.FlashError(msg.Err)
		return nil
	}
	switch {
	case msg.ID == newCodesID:
		s.env.Flash("The new recovery codes are in place; the old codes no longer work.")
		return tea.Batch(s.readCodesLeft(), components.OfferToCloseOtherSessions(s.env, "Your recovery codes are new")) // R-PWD-6
	case s.enforcing:
		s.env.Flash("Two-factor authentication is now required for every user.")
	default:
		s.env.Flash("Two-factor authentication is no longer required.")
	}
	return common.Emit(common.MeChangedMsg{})
}

// View draws the fields, each value wrapped under itself, and the keys.
func (s *Profile) View() string {
	st, me := s.env.Styles, s.env.Me
	rows := []string{
		s.field("Name", me.User.Name, plain),
		s.field("Email", me.User.Email, plain),
		s.field("Role", me.User.Role.Title(), plain),
		s.field("Account", me.Account.CompanyName, plain),
		s.field("Member since", me.User.CreatedAt.UTC().Format(common.DateLayout), plain),
		s.field("Last sign-in", s.lastSignIn(), plain),
		s.alertsRow(),
		s.twoFactorRow(),
	}
	if me.User.TOTPEnabled {
		rows = append(rows, s.codesLeftRow())
	}
	if me.Can(model.ActionEnforce2FA) || me.Account.Enforce2FA {
		rows = append(rows, s.enforcementRow())
	}
	return s.fit(st.Title.Render("Profile"), strings.Join(rows, "\n"), components.HelpLine(st, s.Keys(), s.width))
}

// fit lays out the title, the fields and the keys, leaving out the keys,
// then the gaps, when the area is too short (the footer shows the keys).
func (s *Profile) fit(title, fields, keys string) string {
	n := common.Lines(fields)
	switch {
	case s.height <= 0 || 1+1+n+1+common.Lines(keys) <= s.height:
		return title + "\n\n" + fields + "\n\n" + keys
	case 1+1+n <= s.height:
		return title + "\n\n" + fields
	}
	return title + "\n" + fields
}

// field is one row: the label, and the value cleaned, wrapped under itself
// and drawn in style.
func (s *Profile) field(label, value string, style lipgloss.Style) string {
	value = common.Hanging(common.CleanLine(value), labelWidth+1, s.width)
	return s.env.Styles.Muted.Render(common.PadRight(label, labelWidth)) + " " + style.Render(value)
}

// lastSignIn is the sign-in before this session's own.
func (s *Profile) lastSignIn() string {
	switch {
	case s.previousErr != "":
		return s.previousErr
	case !s.previousRead:
		return "…"
	case s.previous == nil:
		return "none before this one"
	}
	ev := s.previous
	return ev.At.UTC().Format(common.MinuteLayout) + " UTC · " + ev.Origin.String()
}

func (s *Profile) alertsRow() string {
	if s.alertsOn() {
		return s.field("Sign-in alerts", "on: you are told of every sign-in attempt", plain)
	}
	return s.field("Sign-in alerts", "off", plain)
}

func (s *Profile) twoFactorRow() string {
	st := s.env.Styles
	if s.env.Me.User.TOTPEnabled {
		return s.field("Two-factor", "on, authenticator app", st.Success)
	}
	return s.field("Two-factor", "off: press t to set it up", st.Warning)
}

// codesLeftRow warns when three or fewer recovery codes remain, and
// alarms when none does (R-2FA-4).
func (s *Profile) codesLeftRow() string {
	st := s.env.Styles
	switch n := s.codesLeft; {
	case n < 0:
		return s.field("Recovery codes", "…", plain)
	case n == 0:
		return s.field("Recovery codes", "none left: press r for new codes now", st.Error)
	case n <= 3:
		return s.field("Recovery codes", fmt.Sprintf("%d left: press r for new codes", n), st.Warning)
	default:
		return s.field("Recovery codes", fmt.Sprintf("%d left", n), plain)
	}
}

func (s *Profile) enforcementRow() string {
	if s.env.Me.Account.Enforce2FA {
		return s.field("Account 2FA", "required for every user of "+s.env.Me.Account.CompanyName, plain)
	}
	return s.field("Account 2FA", "not required", plain)
}
