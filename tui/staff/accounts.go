package staff

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// Accounts lists the customer accounts whose support access runs (R-STF-4,
// R-SET-4), the soonest to end first, with the time left; enter opens one,
// read-only.
type Accounts struct {
	*components.List[*model.SupportedAccount]
}

// NewAccounts opens the customer accounts under a support grant.
func NewAccounts(env *common.Env) common.Screen {
	fetch := queueFetch(func(ctx context.Context, svc *model.Service, p model.QueuePage) ([]*model.SupportedAccount, error) {
		return svc.SupportedAccounts(ctx, p)
	}, func(a *model.SupportedAccount) model.EventCursor {
		return model.EventCursor{At: a.Grant.ExpiresAt, ID: a.Grant.ID}
	})
	return &Accounts{&components.List[*model.SupportedAccount]{
		Env: env, Win: components.NewWindow(env, fetch, func(a *model.SupportedAccount) int64 { return a.Grant.ID }),
		Name: "Accounts under support access", Reload: 5,
		Empty: "No customer allows support access now. A customer allows it under Account settings, for 24 hours.",
		Table: components.Table[*model.SupportedAccount]{
			Cols: []common.Column{{Title: "Company", Width: 26}, {Title: "Left", Width: 12}, {Title: "Until (UTC)", Width: 16, Drop: 1},
				{Title: "Allowed by", Width: 20, Drop: 2}},
			Row: func(l common.Layout, b *strings.Builder, a *model.SupportedAccount) {
				l.Row(b, a.Company, left(a.Grant, env), a.Grant.ExpiresAt.UTC().Format(common.MinuteLayout), a.Grant.GrantedByName)
			},
		},
		Detail: func(a *model.SupportedAccount) string {
			return fmt.Sprintf("%s (account %d) · allowed by %s <%s> · %s left", a.Company, a.AccountID, a.Grant.GrantedByName, a.Grant.GrantedByEmail, left(a.Grant, env))
		},
		Below: func() string {
			return env.Styles.Muted.Render("Opening an account is in its security log and tells its technical contacts.")
		},
	}}
}

// left is the time a grant still runs, as the header writes it.
func left(g *model.SupportGrant, env *common.Env) string {
	d := g.Left(env.Now())
	if d <= 0 {
		return "ended"
	}
	return common.DaysLeft(d)
}

func (s *Accounts) Title() string { return "Accounts" }
func (s *Accounts) Keys() []key.Binding {
	return append([]key.Binding{queueKeys.Open}, s.List.Keys()...)
}

func (s *Accounts) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, queueKeys.Open) {
		if a, ok := s.Selected(); ok {
			s.Env.Nav.Push(newAccount(s.Env, a.AccountID, a.Company))
		}
		return s, nil
	}
	cmd, _ := s.List.Update(msg)
	return s, cmd
}

var accountKeys = struct{ Contacts, Requests key.Binding }{
	Contacts: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "contacts")),
	Requests: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "requests")),
}

type (
	accountLoadedMsg struct {
		s   *account
		v   *model.SupportAccountView
		err error
	}
	accessCheckedMsg struct {
		s   *account
		g   *model.SupportGrant
		err error
	}
)

// ErrAccessEnded is what an open account's screen says once its support
// access ends (R-STF-4).
const accessEnded = "Support access to this account ended, so it is closed. The customer can allow it again under Account settings."

// account is a customer's account opened read-only under its support
// grant (R-STF-4): what a manager reads on Account settings, and the
// contacts and requests lists. The model checks the grant on every read;
// the screen also drops what it shows the second the grant's time runs
// out on the console's clock, and polls the grant to notice a customer
// ending it.
type account struct {
	env     *common.Env
	id      int64
	company string
	v       *model.SupportAccountView
	err     error
	ended   bool
	child   common.Screen // a list opened from here
	ticks   int
	width   int
}

func newAccount(env *common.Env, id int64, company string) *account {
	return &account{env: env, id: id, company: company}
}

func (s *account) Init() tea.Cmd {
	id, me := s.id, s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		v, err := svc.SupportAccount(ctx, id)
		return accountLoadedMsg{me, v, err}
	})
}

func (s *account) Title() string    { return "Account" }
func (s *account) SetSize(w, h int) { s.width = w }
func (s *account) Keys() []key.Binding {
	if s.v == nil {
		return nil
	}
	return []key.Binding{accountKeys.Contacts, accountKeys.Requests}
}

func (s *account) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case accountLoadedMsg:
		if msg.s == s {
			s.v, s.err = msg.v, msg.err
		}
	case accessCheckedMsg:
		if msg.s == s && s.v != nil {
			if msg.err != nil {
				s.end(msg.err)
			} else {
				s.v.Grant = msg.g
			}
		}
	case common.TickMsg:
		return s, s.tick()
	case tea.KeyPressMsg:
		s.key(msg)
	}
	return s, nil
}

// tick closes the account the second its grant runs out, and every other
// second asks the model whether it still runs (a customer may end it).
func (s *account) tick() tea.Cmd {
	if s.v == nil {
		return nil
	}
	if s.v.Grant.Left(s.env.Now()) <= 0 {
		s.end(model.ErrNoSupportGrant)
		return nil
	}
	if s.ticks++; s.ticks%2 != 0 {
		return nil
	}
	id, me := s.id, s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		g, err := svc.SupportAccessOf(ctx, id)
		return accessCheckedMsg{me, g, err}
	})
}

// end drops what the screen shows and closes what was opened from it.
func (s *account) end(err error) {
	s.v, s.ended, s.err = nil, true, err
	if s.child != nil {
		s.env.Nav.Close(s.child, accessEnded)
		s.child = nil
	}
}

func (s *account) key(msg tea.KeyPressMsg) {
	if s.v == nil {
		return
	}
	switch {
	case key.Matches(msg, accountKeys.Contacts):
		s.child = newSupportContacts(s.env, s.id, s.company)
	case key.Matches(msg, accountKeys.Requests):
		s.child = newSupportRequests(s.env, s.id, s.company)
	default:
		return
	}
	s.env.Nav.Push(s.child)
}

func (s *account) View() string {
	st := s.env.Styles
	title := st.Title.Render(common.Truncate(common.CleanLine(s.company), s.width)) + "\n\n"
	switch {
	case s.ended:
		return title + st.Warning.Render(common.Wrap(accessEnded, s.width))
	case s.err != nil:
		return title + st.Error.Render(common.Wrap(common.ErrText(s.err), s.width))
	case s.v == nil:
		return title + st.Muted.Render("Loading…")
	}
	v, a := s.v, s.v.Account
	field := func(label, value string) string {
		return common.Field(st, label, common.CleanLine(value), 14, s.width) + "\n"
	}
	var b strings.Builder
	b.WriteString(title)
	b.WriteString(field("Support access", fmt.Sprintf("%s left · until %s UTC · allowed by %s", left(v.Grant, s.env),
		v.Grant.ExpiresAt.UTC().Format(common.MinuteLayout), v.Grant.GrantedByName)))
	b.WriteString(field("Account", "#"+strconv.FormatInt(a.ID, 10)+" · "+a.Status.Title()+" · since "+a.CreatedAt.UTC().Format(common.DateLayout)))
	addr := strings.Join(nonEmpty(a.Billing.Street, strings.TrimSpace(a.Billing.PostalCode+" "+a.Billing.City), model.CountryName(a.Billing.Country)), ", ")
	if addr == "" {
		addr = "not given"
	}
	b.WriteString(field("Billing address", addr))
	b.WriteString(field("2FA", "enforced for every user: "+common.OnOff(a.Enforce2FA)))
	b.WriteString(field("Deactivation", deactivationLine(v.Deactivation)))
	b.WriteString(field("Verification", verificationLine(v.Verification)))
	b.WriteString("\n" + st.Muted.Render(common.Wrap("Read-only, as a manager reads it. Each reading is in the customer's security log as “support: …”.", s.width)))
	return b.String()
}

func nonEmpty(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}

func deactivationLine(r *model.DeactivationRequest) string {
	if r == nil {
		return "never requested"
	}
	line := string(r.Status) + " · requested " + r.RequestedAt.UTC().Format(common.DateLayout) + " by " + r.RequestedByName
	if r.Reason != "" {
		line += " · reason: " + r.Reason
	}
	return line
}

func verificationLine(r *model.KYCRequest) string {
	if r == nil {
		return "none"
	}
	line := r.Status.Title() + " · " + r.DocumentType.Title()
	if r.Reason != "" {
		line += " · reason: " + r.Reason
	}
	return line
}
