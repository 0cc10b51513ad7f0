package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
)

type sessionsLoadedMsg struct {
	list []*model.Session
	err  error
}

type sessionClosedMsg struct {
	id  string
	err error
}

var sessionKeys = struct {
	Up, Down, Close, Refresh, Yes, No key.Binding
}{
	Up:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
	Down:    key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
	Close:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "close session")),
	Refresh: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
	Yes:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes, close it")),
	No:      key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "keep it")),
}

// sessionsScreen lists the user's open sessions (R-SES-2) and closes any
// other one; its console notices within two seconds and signs out.
type sessionsScreen struct {
	c       *screenCtx
	list    []*model.Session
	sel     int
	err     string
	loading bool
	confirm *model.Session // asking "close this one?"
	width   int
	height  int
	ticks   int
}

func newSessionsScreen(c *screenCtx) *sessionsScreen { return &sessionsScreen{c: c, loading: true} }

func (s *sessionsScreen) Init() tea.Cmd { return s.load() }

func (s *sessionsScreen) load() tea.Cmd {
	b := s.c.b
	return func() tea.Msg {
		list, err := b.ListSessions()
		return sessionsLoadedMsg{list, err}
	}
}

func (s *sessionsScreen) Title() string    { return "Sessions" }
func (s *sessionsScreen) Capturing() bool  { return s.confirm != nil }
func (s *sessionsScreen) SetSize(w, h int) { s.width, s.height = w, h }
func (s *sessionsScreen) Keys() []key.Binding {
	if s.confirm != nil {
		return []key.Binding{sessionKeys.Yes, sessionKeys.No}
	}
	return []key.Binding{sessionKeys.Down, sessionKeys.Up, sessionKeys.Close, sessionKeys.Refresh}
}

func (s *sessionsScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sessionsLoadedMsg:
		s.loading = false
		if msg.err != nil {
			s.err = errText(msg.err)
			return s, nil
		}
		s.err, s.list = "", msg.list
		s.sel = min(s.sel, max(len(s.list)-1, 0))
	case sessionClosedMsg:
		if msg.err != nil {
			return s, tea.Batch(flashErr(errText(msg.err)), s.load())
		}
		return s, tea.Batch(flash("Session "+shortSession(msg.id)+" closed. Its console signs out within two seconds."), s.load())
	case tickMsg:
		s.ticks++
		if s.ticks%5 == 0 && s.confirm == nil {
			return s, s.load()
		}
	case screenResumedMsg:
		return s, s.load()
	case tea.KeyPressMsg:
		return s, s.onKey(msg)
	}
	return s, nil
}

func (s *sessionsScreen) onKey(msg tea.KeyPressMsg) tea.Cmd {
	if s.confirm != nil {
		switch {
		case key.Matches(msg, sessionKeys.Yes):
			id := s.confirm.ID
			s.confirm = nil
			b := s.c.b
			return func() tea.Msg { return sessionClosedMsg{id, b.CloseSession(id)} }
		case key.Matches(msg, sessionKeys.No):
			s.confirm = nil
		}
		return nil
	}
	switch {
	case key.Matches(msg, sessionKeys.Down):
		s.sel = min(s.sel+1, max(len(s.list)-1, 0))
	case key.Matches(msg, sessionKeys.Up):
		s.sel = max(s.sel-1, 0)
	case key.Matches(msg, sessionKeys.Refresh):
		return s.load()
	case key.Matches(msg, sessionKeys.Close):
		if s.sel >= len(s.list) {
			return nil
		}
		if s.list[s.sel].ID == s.c.b.SessionID() {
			return flashErr("That is this console's session. To close it, sign out (O) or quit (q).")
		}
		s.confirm = s.list[s.sel]
	}
	return nil
}

func (s *sessionsScreen) View() string {
	st := s.c.st
	var b strings.Builder
	b.WriteString(st.Title.Render("Sessions") + "  " + st.Muted.Render(fmt.Sprintf("%d open", len(s.list))) + "\n")
	if s.loading {
		return b.String() + "Loading…"
	}
	if s.err != "" {
		return b.String() + st.Error.Render(s.err)
	}
	l := newLayout(s.width-2,
		column{"Session", 9, 0}, column{"Origin", 20, 0}, column{"Expires", 14, 0},
		column{"Last active", 16, 1}, column{"Created (UTC)", 16, 3}, column{"Client", 24, 2})
	b.WriteString(st.TableHeader.Render("  "+l.header()) + "\n")
	now := s.c.now()
	var line strings.Builder
	for i, x := range s.list {
		mark := "  "
		if x.ID == s.c.b.SessionID() {
			mark = "▸ "
		}
		expires := "in " + model.HumanDuration(x.ExpiresAt().Sub(now))
		if x.Expired(now) {
			expires = "locked"
		}
		line.Reset()
		line.WriteString(mark)
		l.row(&line, shortSession(x.ID), x.Origin.String(), expires,
			x.LastActiveAt.Format("2006-01-02 15:04"), x.CreatedAt.Format("2006-01-02 15:04"), x.Client.String())
		row := line.String()
		if i == s.sel {
			row = st.SelectedRow.Render(row)
		}
		b.WriteString(row + "\n")
	}
	if s.sel < len(s.list) {
		x := s.list[s.sel]
		b.WriteString("\n" + detailLines(st, " created "+x.CreatedAt.Format("2006-01-02 15:04")+" · last active "+
			x.LastActiveAt.Format("15:04")+" · "+x.Client.String(), s.width) + "\n")
	}
	b.WriteString("\n" + st.Muted.Render("▸ marks this console. Closing another session signs that console out."))
	if x := s.confirm; x != nil {
		b.WriteString("\n\n" + st.Warning.Render(fmt.Sprintf("Close session %s from %s (%s)? Its console will be signed out. y / n",
			shortSession(x.ID), x.Origin.String(), x.Client.String())))
	}
	return b.String()
}

func shortSession(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
