package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"acctl/model"
)

// outboxScreen lists the notifications (SPEC §8): every email and SMS,
// newest first, with what became of it. Owners see the account's, managers
// their own (model.Service.Outbox); enter opens one.
type outboxScreen struct {
	c      *screenCtx
	p      *pager[*model.Notification]
	width  int
	height int
}

var outboxKeys = struct{ Open key.Binding }{
	Open: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
}

func newOutboxScreen(c *screenCtx) *outboxScreen {
	p := newPager(c.b.Outbox, func(n *model.Notification) model.EventCursor { return model.EventCursor{At: n.CreatedAt, ID: n.ID} })
	return &outboxScreen{c: c, p: p}
}

func (s *outboxScreen) Init() tea.Cmd   { s.p.home(); return nil }
func (s *outboxScreen) Title() string   { return "Outbox" }
func (s *outboxScreen) Capturing() bool { return false }

func (s *outboxScreen) Keys() []key.Binding {
	return append([]key.Binding{outboxKeys.Open}, s.p.keys()...)
}

func (s *outboxScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.p.setHeight(h - 6)
}

func (s *outboxScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case screenResumedMsg:
		s.p.reload()
	case tickMsg:
		s.p.reload() // the deliverer marks messages sent in the background
	case tea.KeyPressMsg:
		if key.Matches(msg, outboxKeys.Open) && s.p.sel < len(s.p.rows) {
			return s, push(newMessageScreen(s.c, s.p.rows[s.p.sel].ID))
		}
		s.p.handleKey(msg)
	}
	return s, nil
}

// deliveryState says where a message is, in words.
func deliveryState(n *model.Notification, mail bool) string {
	switch {
	case n.Status == model.NotificationSent:
		return "sent"
	case n.Status == model.NotificationFailed:
		return "failed"
	case n.Channel == model.ChannelSMS:
		return "waiting (no SMS gateway)"
	case !mail:
		return "waiting (no mail server)"
	case n.LastError != "":
		return fmt.Sprintf("retrying (%d tries)", n.Attempts)
	}
	return "queued"
}

func (s *outboxScreen) list() listView[*model.Notification] {
	mail := s.c.mail
	return listView[*model.Notification]{
		title: "Outbox",
		empty: "No email or SMS has been sent yet.",
		cols:  []column{{"Time (UTC)", 16, 0}, {"To", 24, 0}, {"What", 34, 0}, {"State", 14, 1}, {"Via", 5, 2}},
		cells: func(l layout, b *strings.Builder, n *model.Notification) {
			what := n.Subject
			if what == "" {
				what = n.Kind
			}
			l.row(b, n.CreatedAt.Format("2006-01-02 15:04"), n.To, what, deliveryState(n, mail), string(n.Channel))
		},
		failed: func(n *model.Notification) bool { return n.Status == model.NotificationFailed },
		detail: func(n *model.Notification) string {
			d := " " + string(n.Channel) + " to " + n.To + " · " + deliveryState(n, mail)
			if n.LastError != "" {
				d += " · last error: " + n.LastError
			}
			return d
		},
	}
}

func (s *outboxScreen) View() string {
	v := s.p.view(s.c.st, s.width, s.list())
	if !s.c.mail {
		v += "\n" + s.c.st.Muted.Render("No mail server is configured (--smtp-url or ACCTL_SMTP_URL), so email waits here.")
	}
	return v
}

type messageLoadedMsg struct {
	n   *model.Notification
	err error
}

// messageScreen shows one notification in full.
type messageScreen struct {
	c      *screenCtx
	id     int64
	n      *model.Notification
	err    string
	width  int
	height int
}

func newMessageScreen(c *screenCtx, id int64) *messageScreen { return &messageScreen{c: c, id: id} }

func (s *messageScreen) Init() tea.Cmd {
	b, id := s.c.b, s.id
	return func() tea.Msg {
		n, err := b.Notification(id)
		return messageLoadedMsg{n, err}
	}
}

func (s *messageScreen) Title() string       { return "Message" }
func (s *messageScreen) Capturing() bool     { return false }
func (s *messageScreen) Keys() []key.Binding { return nil }
func (s *messageScreen) SetSize(w, h int)    { s.width, s.height = w, h }

func (s *messageScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if m, ok := msg.(messageLoadedMsg); ok {
		s.n = m.n
		if m.err != nil {
			s.err = errText(m.err)
		}
	}
	return s, nil
}

func (s *messageScreen) View() string {
	st := s.c.st
	if s.err != "" {
		return st.Error.Render(s.err)
	}
	n := s.n
	if n == nil {
		return "Loading…"
	}
	row := func(label, value string) string { return fmt.Sprintf("%-10s %s\n", label, value) }
	var b strings.Builder
	title := n.Subject
	if title == "" {
		title = "SMS: " + n.Kind
	}
	b.WriteString(st.Title.Render(truncate(title, s.width)) + "\n\n")
	b.WriteString(row("To", n.To))
	b.WriteString(row("Via", string(n.Channel)))
	b.WriteString(row("Created", n.CreatedAt.Format("2006-01-02 15:04:05 UTC")))
	state := deliveryState(n, s.c.mail)
	if n.SentAt != nil {
		state += " at " + n.SentAt.Format("2006-01-02 15:04:05 UTC")
	}
	b.WriteString(row("State", state))
	if n.Attempts > 0 {
		b.WriteString(row("Tries", fmt.Sprint(n.Attempts)))
	}
	if n.LastError != "" {
		b.WriteString(row("Error", st.Error.Render(n.LastError)))
	}
	b.WriteString("\n" + lipgloss.NewStyle().Width(min(s.width, 76)).Render(n.Body))
	return b.String()
}
