package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"acctl/model"
	"acctl/tui/common"
)

// Sizes of the shell.
const (
	// MinWidth and MinHeight are the smallest terminal the shell draws in;
	// every screen, form and dialog fits 80×24 (SPEC §5).
	MinWidth  = 60
	MinHeight = 16
	menuWidth = 22
	// wideMenu is the width from which the menu stays beside the screen;
	// below it the menu shows while it has the focus, and the screen gets
	// the whole width while it has (a list then scrolls as whole lines,
	// which a slow link pays little for).
	wideMenu = 120
)

// shell is the frame around the framed screens: the header (account, user,
// role, the session's time left), the menu of sections, the status line and
// the footer of keys. It owns the menu's state and which pane has the
// focus.
type shell struct {
	env       *common.Env
	sections  []section
	idx       int
	menuFocus bool
	help      help.Model
}

// contentSize is the area of a framed screen in a w×h terminal.
func (s *shell) contentSize(w, h int) (int, int) {
	cw := w
	if s.menuShown(w) {
		cw = w - menuWidth - 1
	}
	return max(cw, 10), max(h-3, 3)
}

// menuShown reports whether the menu is drawn at width w.
func (s *shell) menuShown(w int) bool {
	return len(s.sections) > 0 && (s.menuFocus || w >= wideMenu)
}

func (s *shell) focusContent() { s.menuFocus = false }

// header draws the top line: who is signed in where, and the time left.
func (s *shell) header(w int, now func() string) string {
	me := s.env.Me
	st := s.env.Styles
	who := common.CleanLine(me.Account.CompanyName) + " │ " + common.CleanLine(me.User.Name) + " (" + me.User.Role.Title() + ")"
	right := now() + " "
	left := " acctl │ " + who
	if common.Width(left)+3+common.Width(right) > w {
		left = " " + who // the name of the program goes first
	}
	gap := w - common.Width(left) - common.Width(right)
	if gap < 3 {
		left = common.Truncate(left, max(w-common.Width(right)-3, 0))
		gap = max(w-common.Width(left)-common.Width(right), 0)
	}
	return st.Header.Width(w).MaxWidth(w).Render(left + strings.Repeat(" ", gap) + right)
}

// timeLeft is the header's right part: the account's state when it is not
// active (R-SET-5), support access while it runs (R-SET-4), and the
// session's time left (R-SES-1).
func (s *shell) timeLeft() string {
	me, now := s.env.Me, s.env.Now()
	var parts []string
	if me.Account.Status != model.AccountActive {
		parts = append(parts, me.Account.Status.Title())
	}
	if left := me.Account.SupportAccessLeft(now); left > 0 {
		parts = append(parts, "support "+shortDuration(left))
	}
	left := me.Session.ExpiresAt().Sub(now)
	parts = append(parts, "session "+shortDuration(max(left, 0)))
	return strings.Join(parts, " · ")
}

// shortDuration is a duration in the header's few cells: 20h, 59m. Hours
// are whole hours left, rounded down; minutes rounded up, so that "1m" is
// shown until the end.
func shortDuration(d time.Duration) string {
	if d >= time.Hour {
		return fmt.Sprintf("%dh", int(d/time.Hour))
	}
	m := int((d + time.Minute - 1) / time.Minute)
	if m == 60 { // 59m30s: "1h", as a second earlier
		return "1h"
	}
	return fmt.Sprintf("%dm", m)
}

// menuRow is a line of the menu: a group's heading (section -1) or a
// section.
type menuRow struct {
	text    string
	section int
}

// menuRows are the menu's lines for h rows: with the groups' headings when
// they fit, and a blank line before Sign out.
func (s *shell) menuRows(h int) []menuRow {
	var rows []menuRow
	headings := len(s.sections)+s.groups()+1 <= h
	group := ""
	for i, sec := range s.sections {
		switch {
		case sec.signOut && headings:
			rows = append(rows, menuRow{"", -1})
		case headings && sec.group != "" && sec.group != group:
			rows = append(rows, menuRow{sec.group, -1})
		}
		group = sec.group
		rows = append(rows, menuRow{" " + sec.key() + " " + sec.name, i})
	}
	return rows
}

// groups counts the headings of the menu.
func (s *shell) groups() int {
	n, group := 0, ""
	for _, sec := range s.sections {
		if sec.group != "" && sec.group != group {
			n++
		}
		group = sec.group
	}
	return n
}

// menuWindow is the first row of rows drawn in h lines: 0, or as far down
// as keeps the selected section in view.
func (s *shell) menuWindow(rows []menuRow, h int) int {
	if len(rows) <= h {
		return 0
	}
	for i, r := range rows {
		if r.section == s.idx {
			return min(max(i-h+1, 0), len(rows)-h)
		}
	}
	return 0
}

// menu draws the sections under their groups, the selected one filled
// while the menu has the focus and outlined while the screen has it.
func (s *shell) menu(h int) string {
	st := s.env.Styles
	rows := s.menuRows(h)
	from := s.menuWindow(rows, h)
	var b strings.Builder
	for i := from; i < min(from+h, len(rows)); i++ {
		r := rows[i]
		if i > from {
			b.WriteByte('\n')
		}
		if r.section < 0 {
			b.WriteString(st.Muted.Render(common.Truncate(r.text, menuWidth-1)))
			continue
		}
		style := st.MenuItem
		if r.section == s.idx {
			style = st.MenuSelectedBlurred
			if s.menuFocus {
				style = st.MenuSelected
			}
		}
		b.WriteString(style.Width(menuWidth - 1).Render(common.Truncate(r.text, menuWidth-2)))
	}
	return st.Menu.Width(menuWidth).Height(h).MaxHeight(h).Render(common.FitHeight(b.String(), h))
}

// byKey is the index of the section whose number key is k; -1 for none.
func (s *shell) byKey(k string) int {
	for i, sec := range s.sections {
		if sec.n > 0 && sec.key() == k {
			return i
		}
	}
	return -1
}

// status is the line above the footer: a flash, or where the user is. A
// flash too long for one line takes a second, from the bottom of the
// content, until the next key: a sentence that says what to do is never
// cut short.
func (s *shell) status(w int, path []string) string {
	st := s.env.Styles
	if f := s.env.CurrentFlash(); f.Text != "" {
		style := st.Success
		if f.Err {
			style = st.Error
		}
		lines := strings.Split(common.Wrap(common.CleanLine(f.Text), w-2), "\n")
		if len(lines) > 2 {
			lines = []string{lines[0], common.Truncate(strings.Join(lines[1:], " "), w-2)}
		}
		for i, l := range lines {
			lines[i] = style.Render(" " + l)
		}
		return strings.Join(lines, "\n")
	}
	return st.Muted.Render(" " + common.Truncate(common.CleanLine(strings.Join(path, " › ")), w-2))
}

// footer draws the keys that work now: the screen's, as many as fit, then
// the shell's own (esc, ?), which always show; ? lists them all.
func (s *shell) footer(w int, keys []key.Binding) string {
	keys = fitKeys(keys, w-2)
	st := s.env.Styles
	s.help.SetWidth(w - 1)
	s.help.Styles = help.Styles{
		ShortKey: st.FooterKey, ShortDesc: st.Footer, ShortSeparator: st.Footer,
		Ellipsis: st.Footer, FullKey: st.FooterKey, FullDesc: st.Footer, FullSeparator: st.Footer,
	}
	if s.help.ShortSeparator == "" {
		s.help.ShortSeparator, s.help.Ellipsis = " • ", "…"
	}
	return " " + s.help.ShortHelpView(keys)
}

// fitKeys keeps the keys that fit w cells in one line: the last two (the
// way back and ? help, where the shell put them) always, the others in
// order while they fit; ? lists the rest.
func fitKeys(keys []key.Binding, w int) []key.Binding {
	var on []key.Binding
	for _, k := range keys {
		if k.Enabled() && k.Help().Key != "" {
			on = append(on, k)
		}
	}
	width := func(k key.Binding) int { return common.Width(k.Help().Key) + 1 + common.Width(k.Help().Desc) + 3 }
	tail := on[max(len(on)-2, 0):]
	used := 0
	for _, k := range tail {
		used += width(k)
	}
	var fit []key.Binding
	for _, k := range on[:len(on)-len(tail)] {
		if used+width(k) > w {
			break
		}
		fit = append(fit, k)
		used += width(k)
	}
	return append(fit, tail...)
}

// menuKeys are the footer while the menu has the focus.
func menuKeys() []key.Binding {
	g := common.GlobalKeys
	return []key.Binding{g.Up, g.Open, g.Sections, g.SignOut, g.Help, g.Quit}
}

// frame joins the shell around content (already sized to the content area).
func (s *shell) frame(w, h int, content string, path []string, keys []key.Binding) string {
	_, ch := s.contentSize(w, h)
	body := lipgloss.NewStyle().MaxWidth(w).Render(common.FitHeight(content, ch))
	if s.menuShown(w) {
		// A line wider than the area wraps; the height is held all the
		// same, so that the footer stays on the last row.
		cw, _ := s.contentSize(w, h)
		body = lipgloss.JoinHorizontal(lipgloss.Top, s.menu(ch), " ",
			lipgloss.NewStyle().Width(cw).MaxWidth(cw).MaxHeight(ch).Render(common.FitHeight(content, ch)))
	}
	status := s.status(w, path)
	if extra := strings.Count(status, "\n"); extra > 0 { // a long flash's second line
		body = common.FitHeight(body, ch-extra)
	}
	return s.header(w, s.timeLeft) + "\n" + body + "\n" + status + "\n" + s.footer(w, keys)
}

// hit says what a click at x, y of a w×h terminal is on: a menu row
// (section index), the content (local coordinates), or nothing.
func (s *shell) hit(x, y, w, h int) (sectionIdx int, cx, cy int, inContent bool) {
	_, ch := s.contentSize(w, h)
	if y < 1 || y > ch {
		return -1, 0, 0, false
	}
	if s.menuShown(w) {
		if x < menuWidth {
			rows := s.menuRows(ch)
			if i := s.menuWindow(rows, ch) + y - 1; i < len(rows) && rows[i].section >= 0 {
				return rows[i].section, 0, 0, false
			}
			return -1, 0, 0, false
		}
		return -1, x - menuWidth - 1, y - 1, true
	}
	return -1, x, y - 1, true
}
