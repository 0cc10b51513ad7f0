// Package settings holds the Account settings section (R-SET-1..5): the
// company's details and billing address, the contacts whose roles route
// the account's notifications, the support PIN, support access for the
// provider's staff, and deactivation of the account.
package settings

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

var keys = struct {
	Edit, Contacts, History, PIN, NewPIN, Allow, Extend, End, Deactivate, Withdraw key.Binding
}{
	Edit:       key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit details")),
	Contacts:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "contacts")),
	History:    key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "history")),
	PIN:        key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "show PIN")),
	NewPIN:     key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "new PIN")),
	Allow:      key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "allow support access")),
	Extend:     key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "extend support access")),
	End:        key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "end support access")),
	Deactivate: key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "deactivate account")),
	Withdraw:   key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "withdraw deactivation")),
}

// IDs of the questions and actions of the screen.
const (
	actAllow      = "settings.allow"
	actExtend     = "settings.extend"
	askEnd        = "settings.end"
	actPIN        = "settings.pin"
	actNewPIN     = "settings.newpin"
	askDeactivate = "settings.deactivate"
	actDeactivate = "settings.deactivate.password"
	askWithdraw   = "settings.withdraw"
)

type loadedMsg struct {
	screen *Screen
	s      *model.AccountSettings
	err    error
}

// doneMsg is the answer of a change that needs no password.
type doneMsg struct {
	screen *Screen
	flash  string
	err    error
}

// checkedMsg answers CheckDeactivation, asked before the confirmation.
type checkedMsg struct {
	screen *Screen
	err    error
}

// Screen is Account settings: what the account is and what can be done
// with it, each action on its key.
type Screen struct {
	env    *common.Env
	s      *model.AccountSettings
	err    error
	width  int
	height int
}

// New opens Account settings.
func New(env *common.Env) common.Screen { return &Screen{env: env} }

func (s *Screen) Init() tea.Cmd { return s.load() }

func (s *Screen) load() tea.Cmd {
	me := s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		st, err := svc.AccountSettings(ctx)
		return loadedMsg{me, st, err}
	})
}

func (s *Screen) Title() string    { return "Account settings" }
func (s *Screen) SetSize(w, h int) { s.width, s.height = w, h }

// Keys are the actions the caller's role allows in the account's state.
func (s *Screen) Keys() []key.Binding {
	if s.s == nil {
		return nil
	}
	k := []key.Binding{}
	if s.s.CanEdit {
		k = append(k, keys.Edit, keys.Contacts, keys.History, keys.PIN, keys.NewPIN)
		if s.s.Support.Running(s.env.Now()) {
			k = append(k, keys.Extend, keys.End)
		} else {
			k = append(k, keys.Allow)
		}
	}
	if s.s.CanDeactivate {
		if s.pending() {
			k = append(k, keys.Withdraw)
		} else {
			k = append(k, keys.Deactivate)
		}
	}
	return k
}

func (s *Screen) pending() bool {
	return s.s != nil && s.s.Deactivation != nil && s.s.Deactivation.Status == model.DeactivationPending
}

func (s *Screen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.screen == s {
			s.s, s.err = msg.s, msg.err
		}
	case common.ResumedMsg, common.TickMsg:
		if _, tick := msg.(common.TickMsg); !tick || s.env.Now().Second() == 0 {
			return s, s.load()
		}
	case doneMsg:
		if msg.screen == s {
			return s, s.done(msg.flash, msg.err)
		}
	case checkedMsg:
		if msg.screen == s {
			return s, s.checked(msg.err)
		}
	case components.AnsweredMsg:
		return s, s.answered(msg)
	case components.ActionDoneMsg:
		return s, s.actionDone(msg)
	case tea.KeyPressMsg:
		return s, s.onKey(msg)
	}
	return s, nil
}

// onKey starts what a key asks for, if the screen offers it now.
func (s *Screen) onKey(msg tea.KeyPressMsg) tea.Cmd {
	if s.s == nil {
		return nil
	}
	edit, env := s.s.CanEdit, s.env
	switch {
	case edit && key.Matches(msg, keys.Edit):
		env.Nav.Push(newDetailsForm(env, s.s.Account.Details()))
	case edit && key.Matches(msg, keys.Contacts):
		env.Nav.Push(newContacts(env))
	case edit && key.Matches(msg, keys.History):
		env.Nav.Push(newHistory(env))
	case edit && key.Matches(msg, keys.PIN):
		s.pin(actPIN, "To see the support PIN, type your password.", (*model.Service).SupportPIN)
	case edit && key.Matches(msg, keys.NewPIN):
		s.pin(actNewPIN, "A new support PIN replaces the old one at once. To make it, type your password.", (*model.Service).RegenerateSupportPIN)
	case edit && key.Matches(msg, keys.Allow) && !s.s.Support.Running(env.Now()):
		s.grant(actAllow, "The provider's support staff may open this account for 24 hours; all they do is in the security log. To allow it, type your password.",
			(*model.Service).AllowSupportAccess)
	case edit && key.Matches(msg, keys.Extend):
		s.grant(actExtend, "Support access will run for 24 hours from now. To extend it, type your password.", (*model.Service).ExtendSupportAccess)
	case edit && key.Matches(msg, keys.End) && s.s.Support.Running(env.Now()):
		components.Ask(env, askEnd, "End support access now? The provider's staff can no longer open the account.")
	case s.s.CanDeactivate && key.Matches(msg, keys.Withdraw) && s.pending():
		components.Ask(env, askWithdraw, "Withdraw the deactivation request? The account stays active.")
	case s.s.CanDeactivate && key.Matches(msg, keys.Deactivate) && !s.pending():
		me := s
		return env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
			return checkedMsg{me, svc.CheckDeactivation(ctx)}
		})
	}
	return nil
}

// pin shows or makes the support PIN behind the password (R-SET-3).
func (s *Screen) pin(id, reason string, get func(*model.Service, context.Context, string) (string, error)) {
	components.RunWithPassword(s.env, components.Action{ID: id, Reason: reason,
		Run: func(ctx context.Context, svc *model.Service, pw string) (components.Result, error) {
			pin, err := get(svc, ctx, pw)
			return components.Result{Value: pin}, err
		}})
}

// grant allows or extends support access behind the password (R-SET-4).
func (s *Screen) grant(id, reason string, do func(*model.Service, context.Context, string) (*model.SupportGrant, error)) {
	components.RunWithPassword(s.env, components.Action{ID: id, Reason: reason,
		Run: func(ctx context.Context, svc *model.Service, pw string) (components.Result, error) {
			g, err := do(svc, ctx, pw)
			return components.Result{Value: g}, err
		}})
}

// checked goes on with a deactivation the model allows, or says why not.
func (s *Screen) checked(err error) tea.Cmd {
	if err != nil {
		s.env.FlashError(err)
		return nil
	}
	components.Ask(s.env, askDeactivate, "Deactivate "+common.CleanLine(s.s.Account.CompanyName)+
		"? The request goes to billing review (debts, active services, balance); once approved, nobody can sign in to the account again.")
	return nil
}

func (s *Screen) answered(msg components.AnsweredMsg) tea.Cmd {
	if !msg.Yes {
		return nil
	}
	env, me := s.env, s
	switch msg.ID {
	case askEnd:
		return env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
			return doneMsg{me, "Support access has ended.", svc.EndSupportAccess(ctx)}
		})
	case askWithdraw:
		return env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
			return doneMsg{me, "The deactivation request is withdrawn.", svc.WithdrawDeactivation(ctx)}
		})
	case askDeactivate:
		components.RunWithPassword(env, components.Action{ID: actDeactivate, Reason: "To request deactivation, type your password.",
			Run: func(ctx context.Context, svc *model.Service, pw string) (components.Result, error) {
				r, err := svc.RequestDeactivation(ctx, pw)
				return components.Result{Value: r}, err
			}})
	}
	return nil
}

// outcomes are what the status line says after each change behind the
// password.
var outcomes = map[string]string{
	actAllow:      "Support access is allowed for 24 hours.",
	actExtend:     "Support access now runs for 24 hours from now.",
	actDeactivate: "Deactivation requested: billing reviews it; you can withdraw it until then.",
	actPIN:        "",
	actNewPIN:     "",
}

// actionDone shows the outcome of a change behind the password.
func (s *Screen) actionDone(msg components.ActionDoneMsg) tea.Cmd {
	flash, ours := outcomes[msg.ID]
	switch {
	case !ours || msg.Cancelled:
		return nil
	case msg.Err != nil:
		s.env.FlashError(msg.Err)
		return nil
	case msg.ID == actPIN || msg.ID == actNewPIN:
		s.env.Nav.Push(newPINView(s.env, msg.Result.Value.(string), msg.ID == actNewPIN))
		return nil
	}
	s.env.Flash(flash)
	return tea.Batch(s.load(), common.Emit(common.MeChangedMsg{}))
}

func (s *Screen) done(flash string, err error) tea.Cmd {
	if err != nil {
		s.env.FlashError(err)
	} else {
		s.env.Flash(flash)
	}
	return tea.Batch(s.load(), common.Emit(common.MeChangedMsg{}))
}

func (s *Screen) View() string {
	st := s.env.Styles
	switch {
	case s.err != nil:
		return st.Error.Render(common.Wrap(common.ErrText(s.err), s.width))
	case s.s == nil:
		return st.Title.Render("Account settings") + "\n" + st.Muted.Render("Loading…")
	}
	a := s.s.Account
	field := func(label, value string) string {
		return common.Field(st, label, common.CleanLine(value), 16, s.width) + "\n"
	}
	var b strings.Builder
	b.WriteString(st.Title.Render("Account settings") + "\n\n")
	b.WriteString(field("Company", a.CompanyName))
	b.WriteString(field("Billing address", address(a.Billing)))
	b.WriteString(field("Status", a.Status.Title()))
	b.WriteString(field("Support access", s.supportLine()))
	b.WriteString(field("Support PIN", "hidden; p shows it after your password"))
	if line := s.deactivationLine(); line != "" {
		b.WriteString(field("Deactivation", line))
	}
	if !s.s.CanEdit {
		b.WriteString("\n" + st.Muted.Render(common.Wrap("Your role can read these settings; owners and managers change them.", s.width)))
	}
	return b.String()
}

// address is a billing address on one line.
func address(ad model.Address) string {
	var parts []string
	for _, p := range []string{ad.Street, strings.TrimSpace(ad.PostalCode + " " + ad.City), model.CountryName(ad.Country)} {
		if strings.TrimSpace(p) != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return "none yet"
	}
	return strings.Join(parts, ", ")
}

func (s *Screen) supportLine() string {
	g, now := s.s.Support, s.env.Now()
	if !g.Running(now) {
		return "off: the provider's staff cannot open this account"
	}
	return fmt.Sprintf("on for %s more, until %s UTC (allowed by %s)", model.HumanDuration(g.Left(now).Truncate(time.Minute)),
		g.ExpiresAt.UTC().Format(common.MinuteLayout), g.GrantedByName)
}

func (s *Screen) deactivationLine() string {
	r := s.s.Deactivation
	if r == nil {
		return ""
	}
	switch r.Status {
	case model.DeactivationPending:
		return fmt.Sprintf("requested by %s on %s UTC; waiting for billing review (w withdraws it)", r.RequestedByName, r.RequestedAt.UTC().Format(common.MinuteLayout))
	case model.DeactivationRejected:
		return "the request of " + r.RequestedAt.UTC().Format(common.DateLayout) + " was rejected: " + r.Reason
	case model.DeactivationWithdrawn:
		return "the request of " + r.RequestedAt.UTC().Format(common.DateLayout) + " was withdrawn"
	}
	return "approved"
}
