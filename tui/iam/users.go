package iam

import (
	"context"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// usersKeys are the Users screen's bindings. Keys() hands out copies with
// the actions that do not apply to the selected user switched off; Update
// matches these, so a key pressed anyway says why it does nothing.
var usersKeys = struct {
	Filter, Sort, Reverse, FilterKeep, FilterClear          key.Binding
	Invite, Role, Disable, Enable, Resend, CancelInvitation key.Binding
	Sessions, ResetCode                                     key.Binding
}{
	Filter:           key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
	Sort:             key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "sort")),
	Reverse:          key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reverse")),
	FilterKeep:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
	FilterClear:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
	Invite:           key.NewBinding(key.WithKeys("i", "n"), key.WithHelp("i", "invite")),
	Role:             key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "change role")),
	Disable:          key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "disable")),
	Enable:           key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "enable")),
	Resend:           key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "re-send")),
	CancelInvitation: key.NewBinding(key.WithKeys("X"), key.WithHelp("X", "cancel invitation")),
	Sessions:         key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "sessions")),
	ResetCode:        key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "reset code")),
}

// filterMoves are the keys the list keeps while the filter has the
// keyboard.
var filterMoves = key.NewBinding(key.WithKeys("up", "down", "pgup", "pgdown"))

// usersReload is how many seconds pass between reloads of the list.
const usersReload = 5

// Users is the Users section (R-USR-2), for owners only (R-ACC-4): the
// account's users with Name, Email, Last login, 2FA, Role and Status,
// filtered by the start of a name or email as the owner types, sorted by
// any column either way, read a window at a time by keyset off the update
// loop, so that a key costs the same with ten users or a hundred thousand.
// The selected user is drawn in full below the list, or in a side panel
// when the screen is wide, with what the keys do to them: invite
// (R-USR-1), change role (R-ACC-5), disable and enable (R-USR-3), re-send
// and cancel an invitation, each behind the password (R-PWD-4); see and
// end the user's sessions (R-SES-6); issue them a reset code to hand over
// (R-PWD-7).
type Users struct {
	env *common.Env
	// win is the window drawn; next, while set, is the window of a newer
	// filter or sort, drawn once it answers. An answer to a window that
	// typing replaced goes nowhere.
	win, next *userWindow
	table     components.Table[*model.UserRow]
	filter    textinput.Model
	asked     components.Asked[*model.UserRow]

	width, height int
	side          bool // the selected user is drawn in a side panel
	text          selectedText
	ticks         int
}

// userWindow is a keyset window over one query of the Users list.
type userWindow struct {
	q model.UserQuery
	*components.Window[*model.UserRow]
}

// NewUsers opens Users.
func NewUsers(env *common.Env) common.Screen {
	s := &Users{env: env, height: 20}
	s.table = components.Table[*model.UserRow]{
		Row:   userCells,
		Faded: func(x *model.UserRow) bool { return x.Status != model.UserActive },
	}
	s.filter = newFilterInput(env.Styles)
	s.win = s.newWindow(model.UserQuery{})
	return s
}

// userFetch reads the Users list of query q by keyset for a Window
// (R-USR-2).
func userFetch(q model.UserQuery) components.Fetch[*model.UserRow] {
	return func(ctx context.Context, svc *model.Service, from **model.UserRow, dir components.Dir, limit int) ([]*model.UserRow, error) {
		q := q // reads run at once, each on its own copy
		q.Cursor, q.Limit = model.UserCursor{Backward: dir == components.Backward}, limit
		if from != nil {
			q.Cursor.ID = (*from).ID
		}
		return svc.ListUsers(ctx, q)
	}
}

func (s *Users) newWindow(q model.UserQuery) *userWindow {
	w := &userWindow{q: q, Window: components.NewWindow(s.env, userFetch(q), func(x *model.UserRow) int64 { return x.ID })}
	w.SetHeight(s.rows())
	return w
}

// newFilterInput is the filter's field, in the console's colours on either
// background, with a steady cursor.
func newFilterInput(st *common.Styles) textinput.Model {
	in := textinput.New()
	in.Prompt = "Filter: "
	in.Placeholder = "start of a name or email"
	in.CharLimit = model.MaxUserFilter
	in.KeyMap.Paste.SetEnabled(false) // a paste arrives as a PasteMsg
	styles := textinput.DefaultStyles(st.IsDark)
	for _, state := range []*textinput.StyleState{&styles.Focused, &styles.Blurred} {
		state.Prompt, state.Placeholder, state.Text = st.Muted, st.Muted, lipgloss.NewStyle()
	}
	styles.Cursor.Color, styles.Cursor.Blink = st.Accent, false
	in.SetStyles(styles)
	return in
}

func (s *Users) Init() tea.Cmd   { return s.win.Reset() }
func (s *Users) Title() string   { return "Users" }
func (s *Users) Capturing() bool { return s.filter.Focused() }

func (s *Users) SetSize(w, h int) {
	s.width, s.height = w, h
	s.filter.SetWidth(max(w-24, 10))
	s.fit()
}

// Keys are the bindings that work now: the filter's while it has the
// keyboard, else the list's, with the actions that apply to the selected
// user.
func (s *Users) Keys() []key.Binding {
	k := usersKeys
	if s.filter.Focused() {
		return []key.Binding{k.FilterKeep, k.FilterClear, components.WindowKeys.Move}
	}
	x, ok := s.win.Selected()
	k.Role.SetEnabled(ok)
	k.Disable.SetEnabled(ok && x.Status == model.UserActive)
	k.Enable.SetEnabled(ok && x.Status == model.UserDisabled)
	k.Resend.SetEnabled(ok && x.Status == model.UserInvited)
	k.CancelInvitation.SetEnabled(ok && x.Status == model.UserInvited)
	k.Sessions.SetEnabled(ok && x.Status == model.UserActive)
	k.ResetCode.SetEnabled(ok && s.resetRefusal(x) == nil)
	return append([]key.Binding{k.Filter, k.Invite, k.Role, k.Disable, k.Enable, k.Resend, k.CancelInvitation, k.Sessions, k.ResetCode,
		k.Sort, k.Reverse}, s.win.Keys()...)
}

// Update routes msg by its kind.
func (s *Users) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case userCheckedMsg:
		if msg.screen == s {
			return s, s.checked(msg)
		}
	case components.AnsweredMsg:
		return s, s.answered(msg)
	case components.ActionDoneMsg:
		return s, s.actionDone(msg)
	case tea.KeyPressMsg:
		return s, s.onKey(msg)
	case tea.PasteMsg:
		if s.filter.Focused() {
			return s, s.editFilter(msg)
		}
	case common.ClickMsg:
		return s, s.onClick(msg)
	case common.TickMsg:
		if s.ticks++; s.ticks%usersReload == 0 && !s.filter.Focused() {
			return s, s.reload()
		}
	case common.ResumedMsg:
		return s, s.reload()
	default:
		return s, s.windows(msg)
	}
	return s, nil
}

// windows gives msg to the windows: their answers, a resize. The newer
// window takes the place of the one drawn as soon as it answers.
func (s *Users) windows(msg tea.Msg) tea.Cmd {
	cmd, _ := s.win.Update(msg)
	if s.next == nil {
		return tea.Batch(cmd, s.fit())
	}
	next, _ := s.next.Update(msg)
	if s.next.Loaded() || s.next.Err() != nil {
		s.win, s.next = s.next, nil
	}
	return tea.Batch(cmd, next, s.fit())
}

func (s *Users) onKey(msg tea.KeyPressMsg) tea.Cmd {
	if s.filter.Focused() && !key.Matches(msg, filterMoves) {
		return s.onFilterKey(msg)
	}
	k := usersKeys
	switch {
	case key.Matches(msg, k.Filter):
		return s.filter.Focus()
	case key.Matches(msg, k.Sort):
		q := s.query()
		q.Sort = (q.Sort + 1) % model.UserSort(len(model.UserSorts))
		return s.ask(q)
	case key.Matches(msg, k.Reverse):
		q := s.query()
		q.Desc = !q.Desc
		return s.ask(q)
	case key.Matches(msg, k.Invite):
		return s.invite()
	}
	if cmd, ok := s.win.HandleKey(msg); ok {
		return tea.Batch(cmd, s.fit())
	}
	return s.onActionKey(msg)
}

// onFilterKey edits the filter: enter keeps it, esc clears it, anything
// else is typed.
func (s *Users) onFilterKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, usersKeys.FilterKeep):
		s.filter.Blur()
		return nil
	case key.Matches(msg, usersKeys.FilterClear):
		s.filter.Blur()
		s.filter.SetValue("")
		return s.filterChanged()
	}
	return s.editFilter(msg)
}

func (s *Users) editFilter(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	s.filter, cmd = s.filter.Update(msg)
	return tea.Batch(cmd, s.filterChanged())
}

// filterChanged reads the list again when the filter's text changed.
func (s *Users) filterChanged() tea.Cmd {
	q := s.query()
	if q.Filter == s.filter.Value() {
		return nil
	}
	q.Filter = s.filter.Value()
	return s.ask(q)
}

// query is the newest query asked for.
func (s *Users) query() model.UserQuery {
	if s.next != nil {
		return s.next.q
	}
	return s.win.q
}

// ask reads the first window of q, off the update loop; the window drawn
// stays until it answers.
func (s *Users) ask(q model.UserQuery) tea.Cmd {
	s.next = s.newWindow(q)
	return s.next.Reset()
}

// reload reads the window drawn again, keeping the selected user.
func (s *Users) reload() tea.Cmd {
	if s.next != nil {
		return nil
	}
	return s.win.Reload()
}

// onClick selects the row under the pointer, or gives the filter the
// keyboard when the click is on its line.
func (s *Users) onClick(msg common.ClickMsg) tea.Cmd {
	if msg.Y == filterLine {
		return s.filter.Focus()
	}
	if s.side && msg.X >= s.listWidth() {
		return nil
	}
	if s.win.Click(msg.Y - firstRowLine) {
		return s.fit()
	}
	return nil
}

// fit gives the list the rows the detail leaves, reading what it may lack.
func (s *Users) fit() tea.Cmd {
	s.side = s.sidePanel()
	rows := s.rows()
	if rows == s.win.Height() {
		return nil
	}
	s.win.SetHeight(rows)
	cmd, _ := s.win.Update(common.ResizedMsg{})
	return cmd
}
