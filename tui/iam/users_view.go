package iam

import (
	"strings"

	"charm.land/lipgloss/v2"

	"acctl/model"
	"acctl/tui/common"
)

// Lines of the Users screen, from its top.
const (
	filterLine   = 1
	firstRowLine = 3 // after the title, the filter and the header
	// detailRows is the least room the detail below the list keeps, so
	// that the list does not jump as the selection moves.
	detailRows = 3
	// panelWidth is the side panel's width, from wideFrom columns on.
	panelWidth = 34
	wideFrom   = 96
)

// userColumns are the R-USR-2 columns; a narrow screen keeps Name, Email
// and Status, and the detail says the rest.
var userColumns = []common.Column{{Title: "Name", Width: 18}, {Title: "Email", Width: 24}, {Title: "Last login", Width: 16, Drop: 3},
	{Title: "2FA", Width: 5, Drop: 2}, {Title: "Role", Width: 8, Drop: 1}, {Title: "Status", Width: 9}}

// userCells writes a user's row.
func userCells(l common.Layout, b *strings.Builder, x *model.UserRow) {
	l.Row(b, nameOrDash(x), x.Email, orNever(x.LastLoginAt), common.OnOff(x.TOTPEnabled), x.Role.Title(), x.Status.Title())
}

// sortedColumns are the columns with the sorted one marked ▲ or ▼; made
// again only when the sort changes, so drawing a key allocates nothing for
// them.
func (s *Users) sortedColumns(q model.UserQuery) []common.Column {
	title := q.Sort.Title() + sortMark(q.Desc)
	for _, c := range s.table.Cols {
		if c.Title == title {
			return s.table.Cols
		}
	}
	cols := append([]common.Column(nil), userColumns...)
	cols[q.Sort].Title = title
	return cols
}

func sortMark(desc bool) string {
	if desc {
		return " ▼"
	}
	return " ▲"
}

// sidePanel reports whether the selected user goes in a side panel: on a
// wide screen, when the panel fits beside the list.
func (s *Users) sidePanel() bool {
	if s.width < wideFrom || s.win == nil {
		return false
	}
	x, ok := s.win.Selected()
	return !ok || lipgloss.Height(s.panel(x)) <= s.height-firstRowLine+1
}

func (s *Users) listWidth() int {
	if s.side {
		return s.width - panelWidth - 1
	}
	return s.width
}

// rows is how many users the list draws: the height less the title, the
// filter, the header and, below the list, the detail.
func (s *Users) rows() int {
	if s.side {
		return max(s.height-firstRowLine, 1)
	}
	return max(s.height-firstRowLine-s.detailHeight(), 1)
}

// detailHeight is the room the selected user's detail takes: all it needs.
func (s *Users) detailHeight() int {
	if s.win == nil {
		return detailRows
	}
	x, ok := s.win.Selected()
	if !ok {
		return detailRows
	}
	return max(detailRows, common.Lines(s.detail(x)))
}

// View draws the title with the sort and the position, the filter, then
// the list with the selected user below it or beside it.
func (s *Users) View() string {
	st, w := s.env.Styles, s.win
	var b strings.Builder
	b.WriteString(st.Title.Render("Users") + "  " + st.Muted.Render("by "+w.q.Sort.Title()+sortMark(w.q.Desc)))
	if pos := w.Position(); pos != "" {
		b.WriteString(st.Muted.Render(" · " + pos))
	}
	b.WriteString("\n" + s.filterView() + "\n")
	switch {
	case w.Err() != nil && !w.Loaded():
		return b.String() + st.Error.Render(common.Wrap(common.ErrText(w.Err()), s.width))
	case !w.Loaded():
		return b.String() + st.Muted.Render("Loading…")
	case w.Empty():
		return b.String() + st.Muted.Render(common.Wrap(s.emptyText(), s.width))
	}
	s.table.Cols = s.sortedColumns(w.q)
	list := s.table.View(st, w.Window, s.listWidth())
	x, _ := w.Selected()
	if s.side {
		b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(s.listWidth()+1).Render(list), s.panel(x)))
	} else {
		b.WriteString(list + "\n" + st.Muted.Render(s.detail(x)))
	}
	if err := w.Err(); err != nil {
		b.WriteString("\n" + st.Error.Render(common.Wrap(common.ErrText(err), s.width)))
	}
	return b.String()
}

// filterView is the filter's line: the field while it has the keyboard,
// else what it holds and how to change it.
func (s *Users) filterView() string {
	st := s.env.Styles
	switch {
	case s.filter.Focused():
		return s.filter.View()
	case s.filter.Value() != "":
		return st.Muted.Render("Filter: ") + common.Truncate(common.CleanLine(s.filter.Value()), max(s.width-26, 10)) +
			st.Muted.Render("  (/ to change)")
	}
	return st.Muted.Render(common.Truncate("Filter: none  (/ filters by name or email)", s.width))
}

func (s *Users) emptyText() string {
	f := s.win.q.Filter
	switch {
	case f != "" && s.filter.Focused():
		return "No user's name or email starts with \"" + common.CleanLine(f) + "\". Press esc to clear the filter."
	case f != "":
		return "No user's name or email starts with \"" + common.CleanLine(f) + "\". Press / then esc to clear the filter."
	}
	return "No users yet. Press i to invite one."
}

// selectedText is what is drawn of the selected user, made again only when
// the user, the width or the minute changes: Update sizes the list by it
// and View draws it, on every key.
type selectedText struct {
	x             *model.UserRow
	width, minute int64
	detail, panel string
}

func (s *Users) drawn(x *model.UserRow) *selectedText {
	minute := s.env.Now().Unix() / 60
	if d := &s.text; d.x != x || d.width != int64(s.width) || d.minute != minute {
		*d = selectedText{x: x, width: int64(s.width), minute: minute, detail: s.detailText(x)}
		if s.width >= wideFrom {
			d.panel = s.panelText(x)
		}
	}
	return &s.text
}

func (s *Users) detail(x *model.UserRow) string { return s.drawn(x).detail }
func (s *Users) panel(x *model.UserRow) string  { return s.drawn(x).panel }

// detailText is the selected user in full, wrapped below the list: what the
// columns leave out, the invitation's state and what the keys do.
func (s *Users) detailText(x *model.UserRow) string {
	parts := []string{userLabel(x)}
	if x.Name != "" {
		parts = append(parts, x.Email)
	}
	parts = append(parts, x.Role.Title(), x.Status.Title(), "2FA "+common.OnOff(x.TOTPEnabled), "last login "+orNever(x.LastLoginAt))
	if inv := s.invitationText(x); inv != "" {
		parts = append(parts, inv)
	}
	parts = append(parts, s.actionsText(x))
	return " " + common.Hanging(common.CleanLine(strings.Join(parts, " · ")), 1, s.width)
}

// panelText is the selected user in a side panel: who, every column in
// full, the invitation and what the keys do.
func (s *Users) panelText(x *model.UserRow) string {
	st := s.env.Styles
	style := st.Panel.Padding(0, 1).Width(panelWidth)
	w := panelWidth - style.GetHorizontalFrameSize()
	field := func(label, value string) string {
		return common.Field(st, label, common.CleanLine(value), 10, w) + "\n"
	}
	var b strings.Builder
	b.WriteString(st.Title.Render(common.Wrap(common.CleanLine(nameOrDash(x)), w)) + "\n")
	b.WriteString(common.Wrap(common.CleanLine(x.Email), w) + "\n\n")
	b.WriteString(field("Role", x.Role.Title()))
	b.WriteString(field("Status", x.Status.Title()))
	b.WriteString(field("2FA", common.OnOff(x.TOTPEnabled)))
	b.WriteString(field("Last login", orNever(x.LastLoginAt)))
	b.WriteString(field("Since", x.CreatedAt.UTC().Format(common.DateLayout)))
	if inv := s.invitationText(x); inv != "" {
		b.WriteString("\n" + st.Warning.Render(common.Wrap(inv, w)) + "\n")
	}
	b.WriteString("\n" + st.Muted.Render(common.Wrap(s.actionsText(x), w)))
	return style.Render(b.String())
}

// invitationText says how long an invited user's invitation lasts.
func (s *Users) invitationText(x *model.UserRow) string {
	switch {
	case x.Status != model.UserInvited:
		return ""
	case x.InvitationExpiresAt == nil:
		return "no invitation: s sends one"
	}
	left := x.InvitationExpiresAt.Sub(s.env.Now())
	if left <= 0 {
		return "invitation expired: s sends a new one"
	}
	return "invitation valid for " + moreTime(left)
}

// actionsText says what the keys do to x.
func (s *Users) actionsText(x *model.UserRow) string {
	role := "c make Owner"
	if x.Role == model.RoleOwner {
		role = "c make Manager"
	}
	switch x.Status {
	case model.UserInvited:
		return role + " · s re-send invitation · X cancel invitation"
	case model.UserDisabled:
		return role + " · e enable"
	}
	if s.resetRefusal(x) == nil {
		return role + " · x disable · S sessions · p reset code"
	}
	return role + " · x disable · S sessions"
}
