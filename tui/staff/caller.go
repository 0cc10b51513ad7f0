package staff

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// The caller check's steps.
type callerStep int

const (
	findAccount callerStep = iota // type a company or a number, choose
	typePIN                       // the PIN the caller reads
	matched                       // choose a user for a reset code
)

var callerKeys = struct{ Move, Choose, Check, Back, Search, Issue, Type, Done key.Binding }{
	Move:   key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "choose")),
	Type:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "type the account")),
	Done:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop typing")),
	Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "this account")),
	Check:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "check the PIN")),
	Back:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	Search: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "another account")),
	Issue:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "issue a reset code")),
}

const issueID = "staff.caller.issue"

type (
	accountsFoundMsg struct {
		s    *CallerCheck
		seq  int
		list []*model.Account
		err  error
	}
	pinCheckedMsg struct {
		s   *CallerCheck
		c   *model.CallerCheck
		err error
	}
	callerUsersMsg struct {
		s     *CallerCheck
		users []*model.User
		err   error
	}
)

// CallerCheck is the caller check (R-STF-5): find the account a caller
// names, type the support PIN they read out, and learn match or no match
// (never the PIN; R-PWD-5's waits per account are shown as they run);
// after a match, for that account only and a few minutes, issue a reset
// code for one of its users (R-PWD-7), shown once.
type CallerCheck struct {
	env     *common.Env
	step    callerStep
	input   textinput.Model
	found   []*model.Account
	sel     int
	seq     int
	acct    *model.Account
	match   *model.CallerCheck
	users   []*model.User
	said    string // the last answer, a sentence
	bad     bool   // said is a refusal
	retryAt time.Time
	typing  bool // the field has the keyboard
	width   int
}

// NewCallerCheck opens the caller check.
func NewCallerCheck(env *common.Env) common.Screen {
	s := &CallerCheck{env: env}
	s.input = textinput.New()
	s.input.SetStyles(textinput.DefaultStyles(env.IsDark))
	s.input.CharLimit = 100
	s.toSearch()
	return s
}

func (s *CallerCheck) Init() tea.Cmd { return s.search() }
func (s *CallerCheck) Title() string { return "Caller check" }
func (s *CallerCheck) SetSize(w, h int) {
	s.width = w
	s.input.SetWidth(max(min(w-20, 40), 10))
}

// Capturing: the field has the keyboard while the user types in it (/
// starts, esc stops), so that the menu's keys work until then.
func (s *CallerCheck) Capturing() bool { return s.typing }

func (s *CallerCheck) Keys() []key.Binding {
	k := callerKeys
	switch s.step {
	case findAccount:
		keys := []key.Binding{k.Type}
		if s.typing {
			keys = []key.Binding{k.Done}
		}
		if len(s.found) > 0 {
			keys = append([]key.Binding{k.Move, k.Choose}, keys...)
		}
		return keys
	case typePIN:
		return []key.Binding{k.Check, k.Back}
	}
	if len(s.users) > 0 {
		return []key.Binding{k.Move, k.Issue, k.Search}
	}
	return []key.Binding{k.Search}
}

func (s *CallerCheck) toSearch() {
	s.step, s.acct, s.match, s.users, s.typing = findAccount, nil, nil, nil, false
	s.input.Blur()
	s.input.EchoMode = textinput.EchoNormal
	s.input.Placeholder = "company name or account number"
	s.input.Prompt = "Account  "
	s.input.SetValue("")
}

func (s *CallerCheck) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case accountsFoundMsg:
		if msg.s == s && msg.seq == s.seq {
			s.found, s.sel = msg.list, 0
			if msg.err != nil {
				s.say(common.ErrText(msg.err), true)
			}
		}
		return s, nil
	case pinCheckedMsg:
		if msg.s == s {
			return s, s.checked(msg.c, msg.err)
		}
		return s, nil
	case callerUsersMsg:
		if msg.s == s {
			s.users, s.sel = msg.users, 0
			if msg.err != nil {
				s.say(common.ErrText(msg.err), true)
			}
		}
		return s, nil
	case components.ActionDoneMsg:
		if msg.ID == issueID {
			s.issued(msg)
		}
		return s, nil
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	return s, cmd
}

func (s *CallerCheck) key(msg tea.KeyPressMsg) tea.Cmd {
	switch s.step {
	case findAccount:
		return s.keyFind(msg)
	case typePIN:
		return s.keyPIN(msg)
	}
	return s.keyMatched(msg)
}

func (s *CallerCheck) keyFind(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "up":
		s.sel = max(s.sel-1, 0)
	case "down":
		s.sel = min(s.sel+1, max(len(s.found)-1, 0))
	case "enter":
		if s.sel < len(s.found) {
			s.acct, s.step, s.said, s.typing = s.found[s.sel], typePIN, "", true
			s.input.SetValue("")
			s.input.EchoMode = textinput.EchoPassword
			s.input.Placeholder = "6 digits"
			s.input.Prompt = "PIN      "
			return s.input.Focus()
		}
	case "esc":
		s.typing = false
		s.input.Blur()
	case "/":
		if !s.typing {
			s.typing = true
			return s.input.Focus()
		}
		fallthrough
	default:
		if !s.typing {
			return nil
		}
		before := s.input.Value()
		var cmd tea.Cmd
		s.input, cmd = s.input.Update(msg)
		if s.input.Value() != before {
			return tea.Batch(cmd, s.search())
		}
		return cmd
	}
	return nil
}

// search looks the typed text up, off the update loop; only the newest
// answer is kept.
func (s *CallerCheck) search() tea.Cmd {
	s.seq++
	filter, seq, me := s.input.Value(), s.seq, s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		list, err := svc.FindCallerAccounts(ctx, filter)
		return accountsFoundMsg{me, seq, list, err}
	})
}

func (s *CallerCheck) keyPIN(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		s.toSearch()
		s.said = ""
		return s.search()
	case "enter":
		if s.waiting() {
			return nil
		}
		id, pin, me := s.acct.ID, s.input.Value(), s
		s.input.SetValue("")
		return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
			c, err := svc.CheckCaller(ctx, id, pin)
			return pinCheckedMsg{me, c, err}
		})
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	return cmd
}

// waiting reports whether R-PWD-5's wait of the account still runs.
func (s *CallerCheck) waiting() bool { return s.env.Now().Before(s.retryAt) }

func (s *CallerCheck) checked(c *model.CallerCheck, err error) tea.Cmd {
	var me *model.Error
	switch {
	case model.ErrorCode(err) == model.ELOCKED && errors.As(err, &me) && me.RetryAt > 0:
		s.retryAt = time.Unix(0, me.RetryAt)
		s.said, s.bad = "", true
	case err != nil:
		s.say(common.ErrText(err), true)
	case !c.Match:
		s.say("No match. Ask the caller to read the PIN again, slowly; after five misses in a row the account's checks wait.", true)
	default:
		s.match, s.step = c, matched
		s.say(fmt.Sprintf("Match: the caller knows the support PIN of %s. Until %s UTC you may issue one reset code for a user of the account.",
			s.acct.CompanyName, c.Until.UTC().Format("15:04")), false)
		id, me := s.acct.ID, s
		return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
			users, err := svc.CallerUsers(ctx, id)
			return callerUsersMsg{me, users, err}
		})
	}
	return nil
}

func (s *CallerCheck) say(text string, bad bool) { s.said, s.bad = text, bad }

func (s *CallerCheck) keyMatched(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "up":
		s.sel = max(s.sel-1, 0)
	case "down":
		s.sel = min(s.sel+1, max(len(s.users)-1, 0))
	case "/", "esc":
		s.toSearch()
		s.said = ""
		return s.search()
	case "enter":
		if s.sel < len(s.users) {
			s.issue(s.users[s.sel])
		}
	}
	return nil
}

// issue asks for the staff member's password and issues the reset code,
// shown once in the secret panel (R-PWD-7).
func (s *CallerCheck) issue(u *model.User) {
	accountID, userID, email := s.acct.ID, u.ID, u.Email
	components.RunWithPassword(s.env, components.Action{ID: issueID,
		Reason: fmt.Sprintf("A single-use reset code for %s, valid 30 minutes, to read to the caller. It is in the customer's log and %s is told. To issue it, type your own password.", email, email),
		Run: func(ctx context.Context, svc *model.Service, password string) (components.Result, error) {
			code, err := svc.IssueCallerResetCode(ctx, accountID, userID, password)
			if err != nil {
				return components.Result{}, err
			}
			return components.Result{Secret: &components.Secret{Title: "Reset code for " + email, Value: code,
				Note: "Read it to the caller: they use it under Forgot password on the sign-in screen, within 30 minutes. It is not shown again.",
				File: "reset-code.txt"}}, nil
		}})
}

func (s *CallerCheck) issued(msg components.ActionDoneMsg) {
	switch {
	case msg.Cancelled:
	case msg.Err != nil:
		s.say(common.ErrText(msg.Err), true)
	default:
		s.toSearch()
		s.say("Reset code issued; the user is told by email. Check the next caller.", false)
	}
}

func (s *CallerCheck) View() string {
	st := s.env.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render("Caller check") + "\n")
	b.WriteString(st.Muted.Render(common.Wrap("Type the account the caller names, then the support PIN they read out. acctl says only whether it matches.", s.width)) + "\n\n")
	switch s.step {
	case findAccount:
		b.WriteString(s.input.View() + "\n\n")
		b.WriteString(s.accountList())
	case typePIN:
		b.WriteString(common.Field(st, "Account", common.CleanLine(fmt.Sprintf("%s (#%d)", s.acct.CompanyName, s.acct.ID)), 8, s.width) + "\n")
		b.WriteString(s.input.View() + "\n")
	case matched:
		b.WriteString(common.Field(st, "Account", common.CleanLine(fmt.Sprintf("%s (#%d)", s.acct.CompanyName, s.acct.ID)), 8, s.width) + "\n\n")
	}
	if s.waiting() {
		b.WriteString("\n" + st.Warning.Render(common.Wrap(fmt.Sprintf("Too many misses: checks of this account wait %s, until %s UTC.",
			model.HumanDuration(s.retryAt.Sub(s.env.Now()).Round(time.Second)), s.retryAt.UTC().Format("15:04:05")), s.width)) + "\n")
	} else if s.said != "" {
		style := st.Success
		if s.bad {
			style = st.Error
		}
		b.WriteString("\n" + style.Render(common.Wrap(s.said, s.width)) + "\n")
	}
	if s.step == matched {
		b.WriteString("\n" + s.userList())
	}
	return b.String()
}

func (s *CallerCheck) accountList() string {
	st := s.env.Styles
	if len(s.found) == 0 {
		return st.Muted.Render("No customer account starts with that.")
	}
	var b strings.Builder
	for i, a := range s.found {
		mark := " "
		if i == s.sel {
			mark = st.CursorMark
		}
		b.WriteString(mark + common.Truncate(common.CleanLine(fmt.Sprintf("%-6s %s", fmt.Sprintf("#%d", a.ID), a.CompanyName)), s.width-1) + "\n")
	}
	return b.String()
}

func (s *CallerCheck) userList() string {
	st := s.env.Styles
	var b strings.Builder
	b.WriteString(st.TableHeader.Render(" Users of the account") + "\n")
	for i, u := range s.users {
		mark := " "
		if i == s.sel {
			mark = st.CursorMark
		}
		b.WriteString(mark + common.Truncate(common.CleanLine(fmt.Sprintf("%-22s %-30s %s, %s", u.Name, u.Email, u.Role.Title(), u.Status)), s.width-1) + "\n")
	}
	return b.String()
}
