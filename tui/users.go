package tui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// usersKeys are the Users screen's bindings, as data: matched in Update,
// drawn in the footer and the ? help. The actions that do not apply to the
// selected user are switched off in Keys, so the footer shows only what
// works.
var usersKeys = struct {
	PageUp, PageDown, Home, End, Filter, Sort, Reverse      key.Binding
	Invite, Role, Disable, Enable, Resend, CancelInvitation key.Binding
}{
	PageUp:           key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup/b", "page up")),
	PageDown:         key.NewBinding(key.WithKeys("pgdown", "f", "space"), key.WithHelp("pgdn/f", "page down")),
	Home:             key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "first")),
	End:              key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "last")),
	Filter:           key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
	Sort:             key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "sort")),
	Reverse:          key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reverse")),
	Invite:           key.NewBinding(key.WithKeys("i", "n"), key.WithHelp("i", "invite")),
	Role:             key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "role")),
	Disable:          key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "disable")),
	Enable:           key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "enable")),
	Resend:           key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "re-send")),
	CancelInvitation: key.NewBinding(key.WithKeys("X"), key.WithHelp("X", "cancel invitation")),
}

// Question IDs of the Users screen.
const (
	usersDisableConfirm = "users.disable"
	usersCancelConfirm  = "users.cancel"
)

// usersFilteredMsg is the answer to a filter keystroke; seq tells the
// newest from answers that were overtaken by more typing.
type usersFilteredMsg struct {
	seq  int
	rows []*model.UserRow
	err  error
}

// usersCheckedMsg is the model's answer, before any password, to a role
// change or a disabling of row: refused (err) or, for a disabling, what
// goes with the user.
type usersCheckedMsg struct {
	row    *model.UserRow
	role   model.Role // the role asked for; "" for a disabling
	impact *model.DisableImpact
	err    error
}

// usersScreen is the Users section (R-USR-2), owners only (R-ACC-4): the
// account's users with Name, Email, Last login, 2FA, Role and Status,
// filtered by name or email as the owner types, sorted by any column, read
// from the store one window at a time by keyset, so that a key costs the
// same with ten users or a hundred thousand. The selected user's details
// and actions are in a side panel, or below the list when it is narrow:
// invite (R-USR-1), change role (R-ACC-5), disable and enable (R-USR-3),
// re-send and cancel an invitation, each behind the password (R-PWD-4).
type usersScreen struct {
	c       *screenCtx
	q       model.UserQuery // filter, sort and direction; the cursor is set per read
	rows    []*model.UserRow
	sel     int
	atStart bool // rows[0] is the first user of the list
	err     error

	filtering bool // "/" was pressed: typing goes to the filter
	seq       int  // of the newest filter read

	confirm *components.Confirm
	target  *model.UserRow // what the question is about
	impact  string         // the disabling's summary, for the password step

	width, height int
	ticks         int

	// Reused between frames, so that drawing allocates the same whatever
	// the list holds.
	lay     layout
	layKey  [3]int // width, sort, direction the layout was made for
	line    strings.Builder
	scratch []*model.UserRow
}

func newUsersScreen(c *screenCtx) *usersScreen {
	return &usersScreen{c: c, height: 20}
}

func (s *usersScreen) Init() tea.Cmd {
	s.first()
	return nil
}

func (s *usersScreen) Title() string   { return "Users" }
func (s *usersScreen) Capturing() bool { return s.filtering || s.confirm != nil }

func (s *usersScreen) SetSize(w, h int) {
	old := s.page()
	s.width, s.height = w, h
	if s.confirm != nil {
		s.confirm.SetWidth(w)
	}
	if s.page() != old && len(s.rows) > 0 {
		s.reload()
	}
}

// wide reports whether the details go in a side panel.
func (s *usersScreen) wide() bool { return s.width >= 96 }

// page is how many rows a window holds.
func (s *usersScreen) page() int {
	if s.wide() {
		return max(s.height-3, 3)
	}
	return max(s.height-6, 3) // the details take up to three lines below
}

func (s *usersScreen) Keys() []key.Binding {
	if s.confirm != nil {
		return s.confirm.Keys()
	}
	k := usersKeys
	x, ok := s.selected()
	k.Role.SetEnabled(ok)
	k.Disable.SetEnabled(ok && x.Status == model.UserActive)
	k.Enable.SetEnabled(ok && x.Status == model.UserDisabled)
	k.Resend.SetEnabled(ok && x.Status == model.UserInvited)
	k.CancelInvitation.SetEnabled(ok && x.Status == model.UserInvited)
	return []key.Binding{moveKeys, k.Filter, k.Invite, k.Role, k.Disable, k.Enable, k.Resend, k.CancelInvitation,
		k.Sort, k.Reverse, k.PageDown, k.PageUp, k.Home, k.End}
}

func (s *usersScreen) selected() (*model.UserRow, bool) {
	if s.sel < len(s.rows) {
		return s.rows[s.sel], true
	}
	return nil, false
}

func (s *usersScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case usersFilteredMsg:
		if msg.seq == s.seq {
			s.set(msg.rows, msg.err)
			s.sel, s.atStart = 0, true
		}
	case usersCheckedMsg:
		return s, s.checked(msg)
	case components.ConfirmedMsg:
		return s, s.confirmed(msg)
	case screenResumedMsg:
		s.reload()
	case tickMsg:
		if s.ticks++; s.ticks%5 == 0 && s.confirm == nil && !s.filtering {
			s.reload()
		}
	case tea.PasteMsg:
		if s.filtering {
			return s, s.setFilter(s.q.Filter + common.CleanLine(msg.Content))
		}
	case tea.KeyPressMsg:
		return s, s.onKey(msg)
	}
	return s, nil
}

func (s *usersScreen) onKey(msg tea.KeyPressMsg) tea.Cmd {
	if s.confirm != nil {
		var cmd tea.Cmd
		s.confirm, cmd = s.confirm.Update(msg)
		return cmd
	}
	if s.filtering {
		if cmd, ok := s.onFilterKey(msg); ok {
			return cmd
		}
	}
	switch {
	case key.Matches(msg, rowKeys.Down):
		s.down(1)
	case key.Matches(msg, rowKeys.Up):
		s.up(1)
	case key.Matches(msg, usersKeys.PageDown):
		s.down(s.page())
	case key.Matches(msg, usersKeys.PageUp):
		s.up(s.page())
	case key.Matches(msg, usersKeys.Home):
		s.first()
	case key.Matches(msg, usersKeys.End):
		s.last()
	case key.Matches(msg, usersKeys.Filter):
		s.filtering = true
	case key.Matches(msg, usersKeys.Sort):
		s.q.Sort = (s.q.Sort + 1) % model.UserSort(len(model.UserSorts))
		s.first()
	case key.Matches(msg, usersKeys.Reverse):
		s.q.Desc = !s.q.Desc
		s.first()
	case key.Matches(msg, usersKeys.Invite):
		return push(newInviteUserScreen(s.c))
	default:
		return s.onActionKey(msg)
	}
	return nil
}

// onFilterKey edits the filter while it has the keyboard; ok is false for
// the keys it leaves to the list (the arrows).
func (s *usersScreen) onFilterKey(msg tea.KeyPressMsg) (cmd tea.Cmd, ok bool) {
	switch msg.String() {
	case "up", "down", "pgup", "pgdown":
		return nil, false
	case "enter":
		s.filtering = false
		return nil, true
	case "esc":
		s.filtering = false
		return s.setFilter(""), true
	case "ctrl+u":
		return s.setFilter(""), true
	case "backspace":
		f := s.q.Filter
		_, size := utf8.DecodeLastRuneInString(f)
		return s.setFilter(f[:len(f)-size]), true
	}
	if msg.Text == "" {
		return nil, true
	}
	return s.setFilter(s.q.Filter + msg.Text), true
}

// setFilter changes the filter and reads its first window off the update
// loop; an answer overtaken by more typing is dropped.
func (s *usersScreen) setFilter(f string) tea.Cmd {
	if utf8.RuneCountInString(f) > model.MaxUserFilter || f == s.q.Filter {
		return nil
	}
	s.q.Filter = f
	s.seq++
	seq, b, q := s.seq, s.c.b, s.q
	q.Cursor, q.Limit = model.UserCursor{}, s.page()
	return func() tea.Msg {
		rows, err := b.ListUsers(q)
		return usersFilteredMsg{seq, rows, err}
	}
}

// onActionKey starts an action on the selected user. Role changes and
// disablings ask the model first, so that a refusal is said before the
// password is asked for.
func (s *usersScreen) onActionKey(msg tea.KeyPressMsg) tea.Cmd {
	x, ok := s.selected()
	if !ok {
		return nil
	}
	b := s.c.b
	switch {
	case key.Matches(msg, usersKeys.Role):
		role := model.RoleOwner
		if x.Role == model.RoleOwner {
			role = model.RoleManager
		}
		return func() tea.Msg { return usersCheckedMsg{row: x, role: role, err: b.CheckChangeRole(x.ID, role)} }
	case key.Matches(msg, usersKeys.Disable):
		return func() tea.Msg {
			impact, err := b.DisableImpact(x.ID)
			return usersCheckedMsg{row: x, impact: impact, err: err}
		}
	case key.Matches(msg, usersKeys.Enable) && x.Status == model.UserDisabled:
		return push(newUserPasswordScreen(s.c, x, "Enable user",
			fmt.Sprintf("%s can sign in again. API tokens revoked when they were disabled stay revoked.", userLabel(x)),
			"To enable "+userLabel(x)+", type your password.", userLabel(x)+" is enabled.",
			func(pw string) error { _, err := b.EnableUser(x.ID, pw); return err }))
	case key.Matches(msg, usersKeys.Resend) && x.Status == model.UserInvited:
		return push(newUserPasswordScreen(s.c, x, "Re-send invitation",
			fmt.Sprintf("A new invitation email goes to %s, valid for 7 days. The code in the earlier email stops working.", x.Email),
			"To re-send the invitation, type your password.", "Invitation sent again to "+x.Email+".",
			func(pw string) error { _, err := b.ResendInvitation(x.ID, pw); return err }))
	case key.Matches(msg, usersKeys.CancelInvitation) && x.Status == model.UserInvited:
		s.ask(usersCancelConfirm, fmt.Sprintf("Cancel the invitation of %s? The invited user is removed and the code in their email stops working.", x.Email), x)
	case key.Matches(msg, usersKeys.Disable, usersKeys.Enable, usersKeys.Resend, usersKeys.CancelInvitation):
		return flashErr(notApplicable(x))
	}
	return nil
}

// notApplicable says why an action key does nothing for x.
func notApplicable(x *model.UserRow) string {
	switch x.Status {
	case model.UserInvited:
		return x.Email + " has not accepted the invitation yet: s sends it again, X cancels it."
	case model.UserDisabled:
		return userLabel(x) + " is disabled: e enables them again."
	}
	return userLabel(x) + " is active: x disables them."
}

// checked goes on with a role change or a disabling that the model allows,
// or says why not.
func (s *usersScreen) checked(msg usersCheckedMsg) tea.Cmd {
	if msg.err != nil {
		return flashErr(errText(msg.err))
	}
	x, b := msg.row, s.c.b
	if msg.role != "" {
		return push(newUserPasswordScreen(s.c, x, "Change role",
			fmt.Sprintf("%s becomes %s.", userLabel(x), msg.role.WithArticle()),
			"To change the role, type your password.", fmt.Sprintf("%s is now %s.", userLabel(x), msg.role.WithArticle()),
			func(pw string) error { _, err := b.ChangeRole(x.ID, msg.role, pw); return err }))
	}
	s.impact = msg.impact.Summary()
	s.ask(usersDisableConfirm, fmt.Sprintf("Disable %s? These go with them: %s. They cannot sign in until an owner enables them again.",
		userLabel(x), s.impact), x)
	return nil
}

func (s *usersScreen) ask(id, question string, x *model.UserRow) {
	s.target = x
	s.confirm = components.NewConfirm(id, question, s.c.st)
	s.confirm.SetWidth(s.width)
}

// confirmed opens the password step of a confirmed disabling or
// cancellation.
func (s *usersScreen) confirmed(msg components.ConfirmedMsg) tea.Cmd {
	x, b := s.target, s.c.b
	s.confirm, s.target = nil, nil
	if !msg.Yes || x == nil {
		return nil
	}
	switch msg.ID {
	case usersDisableConfirm:
		return push(newUserPasswordScreen(s.c, x, "Disable user",
			fmt.Sprintf("Disabling %s ends %s, in one step.", userLabel(x), s.impact),
			"To disable "+userLabel(x)+", type your password.", userLabel(x)+" is disabled; their sessions ended and their API tokens were revoked.",
			func(pw string) error { _, err := b.DisableUser(x.ID, pw); return err }))
	case usersCancelConfirm:
		return push(newUserPasswordScreen(s.c, x, "Cancel invitation", "The invited user "+x.Email+" is removed.",
			"To cancel the invitation, type your password.", "The invitation of "+x.Email+" is cancelled.",
			func(pw string) error { return b.CancelInvitation(x.ID, pw) }))
	}
	return nil
}

// Reading windows. Every move reads at most one window through the
// backend, by keyset from the row at the window's edge.

func (s *usersScreen) read(c model.UserCursor, limit int) ([]*model.UserRow, error) {
	q := s.q
	q.Cursor, q.Limit = c, limit
	return s.c.b.ListUsers(q)
}

func (s *usersScreen) set(rows []*model.UserRow, err error) bool {
	s.err = err
	if err != nil {
		return false
	}
	s.rows = append(s.rows[:0], rows...)
	s.sel = min(s.sel, max(len(s.rows)-1, 0))
	return true
}

// first reads the first window.
func (s *usersScreen) first() {
	if s.set(s.read(model.UserCursor{}, s.page())) {
		s.sel, s.atStart = 0, true
	}
}

// last reads the last window and selects its last row.
func (s *usersScreen) last() {
	if s.set(s.read(model.UserCursor{Backward: true}, s.page())) {
		s.sel, s.atStart = max(len(s.rows)-1, 0), len(s.rows) < s.page()
	}
}

// reload reads the window again from its first row, keeping the selected
// user selected while they are in it.
func (s *usersScreen) reload() {
	if s.atStart || len(s.rows) == 0 {
		s.keepSelection(s.first)
		return
	}
	before, err := s.read(model.UserCursor{ID: s.rows[0].ID, Backward: true}, 1)
	if err != nil || len(before) == 0 {
		s.keepSelection(s.first)
		return
	}
	s.keepSelection(func() { s.set(s.read(model.UserCursor{ID: before[0].ID}, s.page())) })
}

func (s *usersScreen) keepSelection(read func()) {
	id := int64(0)
	if x, ok := s.selected(); ok {
		id = x.ID
	}
	read()
	for i, r := range s.rows {
		if r.ID == id {
			s.sel = i
		}
	}
}

// down moves the selection n rows down, sliding the window when it leaves
// it.
func (s *usersScreen) down(n int) {
	if len(s.rows) == 0 || s.sel+n < len(s.rows) {
		s.sel = min(s.sel+n, max(len(s.rows)-1, 0))
		return
	}
	got, err := s.read(model.UserCursor{ID: s.rows[len(s.rows)-1].ID}, n)
	if err != nil {
		s.err = err
		return
	}
	s.slide(got, len(s.rows)+len(got)-s.page(), s.sel+n)
}

// up moves the selection n rows up.
func (s *usersScreen) up(n int) {
	if len(s.rows) == 0 || s.sel-n >= 0 {
		s.sel = max(s.sel-n, 0)
		return
	}
	got, err := s.read(model.UserCursor{ID: s.rows[0].ID, Backward: true}, n)
	if err != nil {
		s.err = err
		return
	}
	if len(got) < n {
		s.atStart = true
	}
	s.scratch = append(append(s.scratch[:0], got...), s.rows...)
	s.rows, s.scratch = s.scratch, s.rows
	s.rows = s.rows[:min(len(s.rows), s.page())]
	s.sel = max(s.sel-n+len(got), 0)
}

// slide appends got to the window and drops drop rows from its top, then
// selects row want of the old window's numbering.
func (s *usersScreen) slide(got []*model.UserRow, drop, want int) {
	drop = max(drop, 0)
	s.scratch = append(append(s.scratch[:0], s.rows[drop:]...), got...)
	s.rows, s.scratch = s.scratch, s.rows
	if drop > 0 {
		s.atStart = false
	}
	s.sel = min(want-drop, len(s.rows)-1)
}

// Drawing.

// userColumns are the R-USR-2 columns; the narrowest terminals keep Name,
// Email and Status and show the rest below the list.
var userColumns = []column{{"Name", 18, 0}, {"Email", 24, 0}, {"Last login", 16, 3}, {"2FA", 4, 2}, {"Role", 8, 1}, {"Status", 9, 0}}

// sortColumn is the column of each sort.
var sortColumn = map[model.UserSort]int{model.SortByName: 0, model.SortByEmail: 1, model.SortByLastLogin: 2, model.SortBy2FA: 3, model.SortByRole: 4, model.SortByStatus: 5}

// layoutFor lays the columns out for width, the sorted one marked.
func (s *usersScreen) layoutFor(width int) layout {
	k := [3]int{width, int(s.q.Sort), 0}
	if s.q.Desc {
		k[2] = 1
	}
	if k != s.layKey || len(s.lay.cols) == 0 {
		cols := append([]column(nil), userColumns...)
		mark := " ▲"
		if s.q.Desc {
			mark = " ▼"
		}
		cols[sortColumn[s.q.Sort]].title += mark
		s.lay, s.layKey = newLayout(width, cols...), k
	}
	return s.lay
}

func (s *usersScreen) View() string {
	st := s.c.st
	listW, panelW := s.width, 0
	if s.wide() {
		panelW = 32
		listW = s.width - panelW - 2
	}
	var b strings.Builder
	b.Grow(s.width * (s.page() + 6))
	b.WriteString(st.Title.Render("Users"))
	b.WriteString("  ")
	b.WriteString(st.Muted.Render(s.filterLine()))
	b.WriteByte('\n')
	switch {
	case s.confirm != nil:
		b.WriteString("\n" + s.confirm.View())
		return b.String()
	case s.err != nil:
		b.WriteString(st.Error.Render(errText(s.err)))
		return b.String()
	case len(s.rows) == 0 && s.q.Filter != "":
		b.WriteString(st.Muted.Render(fmt.Sprintf("No user's name or email starts with %q. Press / and esc to clear the filter.", s.q.Filter)))
		return b.String()
	case len(s.rows) == 0:
		b.WriteString(st.Muted.Render("No users yet. Press i to invite one."))
		return b.String()
	}
	list := s.listView(listW)
	x := s.rows[s.sel]
	if panelW == 0 {
		b.WriteString(list)
		b.WriteString("\n")
		b.WriteString(st.Muted.Width(max(s.width, 10)).MaxHeight(3).Render(" " + s.detailText(x)))
		return b.String()
	}
	b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(listW+2).Render(list),
		st.Panel.Padding(0, 1).Width(panelW).Render(s.panel(x, panelW-4))))
	return b.String()
}

// filterLine says how the list is sorted and filtered.
func (s *usersScreen) filterLine() string {
	dir := "▲"
	if s.q.Desc {
		dir = "▼"
	}
	line := "by " + s.q.Sort.Title() + " " + dir
	switch {
	case s.filtering:
		line += " · filter: " + s.q.Filter + "█  (enter keeps, esc clears)"
	case s.q.Filter != "":
		line += " · filter: " + s.q.Filter + "  (/ to change)"
	}
	return common.CleanLine(line)
}

// listView draws the header and the window's rows in width cells.
func (s *usersScreen) listView(width int) string {
	st := s.c.st
	lay := s.layoutFor(width)
	var b strings.Builder
	b.WriteString(st.TableHeader.Render(lay.header()))
	b.WriteByte('\n')
	for i, x := range s.rows {
		s.line.Reset()
		lay.row(&s.line, nameOrDash(x), x.Email, timeOrNever(x.LastLoginAt), onOff(x.TOTPEnabled), x.Role.Title(), x.Status.Title())
		row := s.line.String()
		switch {
		case i == s.sel:
			row = st.SelectedRow.Render(row)
		case x.Status != model.UserActive:
			row = st.Muted.Render(row)
		}
		b.WriteString(row)
		b.WriteByte('\n')
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// detailText is the selected user in one paragraph, for narrow screens.
func (s *usersScreen) detailText(x *model.UserRow) string {
	return userLabel(x) + " · " + x.Role.Title() + " · " + x.Status.Title() + " · 2FA " + onOff(x.TOTPEnabled) + " · last login " + timeOrNever(x.LastLoginAt) +
		s.invitationText(x, " · ") + " · " + actionsText(x)
}

// panel is the selected user's side panel: who, the columns in full, and
// what the keys do to them.
func (s *usersScreen) panel(x *model.UserRow, w int) string {
	st := s.c.st
	row := func(label, value string) string {
		return st.Muted.Render(fmt.Sprintf("%-11s", label)) + truncate(value, w-11) + "\n"
	}
	var b strings.Builder
	b.WriteString(st.Title.Render(truncate(nameOrDash(x), w)) + "\n")
	b.WriteString(truncate(x.Email, w) + "\n\n")
	b.WriteString(row("Role", x.Role.Title()))
	b.WriteString(row("Status", x.Status.Title()))
	b.WriteString(row("2FA", onOff(x.TOTPEnabled)))
	b.WriteString(row("Last login", timeOrNever(x.LastLoginAt)))
	b.WriteString(row("Since", x.CreatedAt.Format("2006-01-02")))
	if inv := s.invitationText(x, ""); inv != "" {
		b.WriteString("\n" + st.Warning.Width(w).Render(inv) + "\n")
	}
	b.WriteString("\n" + st.Muted.Width(w).Render(actionsText(x)))
	return b.String()
}

// invitationText says when an invited user's invitation ends.
func (s *usersScreen) invitationText(x *model.UserRow, sep string) string {
	if x.Status != model.UserInvited {
		return ""
	}
	if x.InvitationExpiresAt == nil {
		return sep + "no invitation: s sends one"
	}
	left := x.InvitationExpiresAt.Sub(s.c.now())
	if left <= 0 {
		return sep + "invitation expired: s sends a new one"
	}
	return sep + "invitation valid " + daysOrLess(left) + " more"
}

// actionsText lists what the keys do to x.
func actionsText(x *model.UserRow) string {
	role := "c make Owner"
	if x.Role == model.RoleOwner {
		role = "c make Manager"
	}
	switch x.Status {
	case model.UserInvited:
		return role + " · s re-send · X cancel invitation"
	case model.UserDisabled:
		return role + " · e enable"
	}
	return role + " · x disable"
}

func nameOrDash(x *model.UserRow) string {
	if x.Name == "" {
		return "—"
	}
	return x.Name
}

// userLabel names x in sentences: their name, or their email while invited.
func userLabel(x *model.UserRow) string {
	if x.Name == "" {
		return x.Email
	}
	return x.Name
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

// newInviteUserScreen is "Invite user" (R-USR-1): email and role, then the
// password (R-PWD-4). An address already in use anywhere (R-ACC-2) comes
// back to the form with what was typed kept.
func newInviteUserScreen(c *screenCtx) *passwordActionScreen {
	b := c.b
	email, role := "", string(model.RoleManager)
	return newPasswordActionScreen(c, passwordAction{
		id:    "users.invite",
		title: "Invite user",
		intro: "They get an email with a code, valid for 7 days, and accept it from acctl's sign-in screen. ←/→ change the role.",
		fields: func() []huh.Field {
			return []huh.Field{
				textInput("Email", &email, func(v string) error { _, err := model.ValidateEmail(v); return fieldErr(err) }).
					Placeholder("name@example.com"),
				huh.NewSelect[string]().Title("Role").Value(&role).Inline(true).Options(
					huh.NewOption("Manager (everything but user management)", string(model.RoleManager)),
					huh.NewOption("Owner (full access)", string(model.RoleOwner))),
			}
		},
		reason: "To send the invitation, type your password.",
		run: func(pw string) (string, error) {
			_, err := b.InviteUser(email, model.Role(role), pw)
			return "", err
		},
		done: "Invitation sent. The code is only in the email; it is valid for 7 days.",
	})
}

// newUserPasswordScreen is one action on user x behind the password
// (R-PWD-4): intro says what it does, run does it.
func newUserPasswordScreen(c *screenCtx, x *model.UserRow, title, intro, reason, done string, run func(password string) error) *passwordActionScreen {
	return newPasswordActionScreen(c, passwordAction{
		id:     "users." + strings.ToLower(strings.ReplaceAll(title, " ", ".")),
		title:  title + " · " + userLabel(x),
		intro:  intro,
		reason: reason,
		run:    func(pw string) (string, error) { return "", run(pw) },
		done:   done,
	})
}
