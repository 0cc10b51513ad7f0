package activity

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

var outboxKeys = struct{ Open key.Binding }{
	Open: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
}

// Outbox lists the notifications (SPEC §8): every email and SMS, newest
// first, with what became of it. Owners see the account's, managers their
// own; enter opens one.
type Outbox struct {
	*components.List[*model.Notification]
}

// NewOutbox opens the outbox.
func NewOutbox(env *common.Env) common.Screen {
	fetch := components.EventFetch(func(ctx context.Context, svc *model.Service, p model.EventPage) ([]*model.Notification, error) {
		return svc.Outbox(ctx, p)
	}, func(n *model.Notification) model.EventCursor { return model.EventCursor{At: n.CreatedAt, ID: n.ID} })
	w := components.NewWindow(env, fetch, func(n *model.Notification) int64 { return n.ID })
	s := &Outbox{&components.List[*model.Notification]{
		Env: env, Win: w, Name: "Outbox", Empty: "No email or SMS has been sent yet.", Reload: 2,
		Table: components.Table[*model.Notification]{
			Cols: []common.Column{{Title: "Time (UTC)", Width: 16}, {Title: "To", Width: 22}, {Title: "What", Width: 30},
				{Title: "State", Width: 12, Drop: 1}, {Title: "Via", Width: 5, Drop: 2}},
			Row: func(l common.Layout, b *strings.Builder, n *model.Notification) {
				l.Row(b, n.CreatedAt.UTC().Format(common.MinuteLayout), n.To, what(n), state(n, env.Mail), string(n.Channel))
			},
			Failed: func(n *model.Notification) bool { return n.Status == model.NotificationFailed },
		},
		Detail: func(n *model.Notification) string {
			d := string(n.Channel) + " to " + n.To + recipientWhy(n) + " · " + state(n, env.Mail)
			if n.LastError != "" {
				d += " · last error: " + n.LastError
			}
			return d
		},
	}}
	if !env.Mail {
		s.Below = func() string {
			return env.Styles.Muted.Render("No mail server is configured (--smtp-url or ACCTL_SMTP_URL), so email waits here.")
		}
	}
	return s
}

// recipientWhy says why a message went to its address (R-SET-2): "(the
// user)", "(Billing contact)".
func recipientWhy(n *model.Notification) string {
	if n.Reason == "" {
		return ""
	}
	return " (" + n.Reason + ")"
}

// what is a message's subject without the "acctl: " every subject starts
// with, or its kind for an SMS.
func what(n *model.Notification) string {
	if n.Subject == "" {
		return "SMS: " + n.Kind
	}
	return strings.TrimPrefix(n.Subject, "acctl: ")
}

// state says where a message is, in words.
func state(n *model.Notification, mail bool) string {
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

func (s *Outbox) Title() string { return "Outbox" }
func (s *Outbox) Keys() []key.Binding {
	return append([]key.Binding{outboxKeys.Open}, s.List.Keys()...)
}

func (s *Outbox) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, outboxKeys.Open) {
		if n, ok := s.Selected(); ok {
			m := newMessage(s.Env, n.ID)
			s.Env.Nav.Push(m)
		}
		return s, nil
	}
	cmd, _ := s.List.Update(msg)
	return s, cmd
}

type messageLoadedMsg struct {
	screen *message
	n      *model.Notification
	err    error
}

// message shows one notification in full; its body keeps its line breaks.
type message struct {
	env    *common.Env
	id     int64
	n      *model.Notification
	err    error
	body   *components.TextView
	width  int
	height int
}

func newMessage(env *common.Env, id int64) *message {
	return &message{env: env, id: id, body: components.NewTextView()}
}

func (s *message) Init() tea.Cmd {
	id, me := s.id, s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		n, err := svc.Notification(ctx, id)
		return messageLoadedMsg{me, n, err}
	})
}

func (s *message) Title() string       { return "Message" }
func (s *message) Keys() []key.Binding { return s.body.Keys() }
func (s *message) SetSize(w, h int) {
	s.width, s.height = w, h
	s.body.SetSize(min(w-1, 78), max(h-s.headLines(), 3))
}

func (s *message) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case messageLoadedMsg:
		if msg.screen == s {
			s.n, s.err = msg.n, msg.err
			if s.n != nil {
				s.body.SetText(s.n.Body)
				s.SetSize(s.width, s.height)
			}
		}
	case tea.KeyPressMsg:
		return s, s.body.Update(msg)
	}
	return s, nil
}

func (s *message) headLines() int {
	n := 6
	if s.n != nil && s.n.LastError != "" {
		n++
	}
	return n
}

func (s *message) View() string {
	st := s.env.Styles
	switch {
	case s.err != nil:
		return st.Error.Render(common.Wrap(common.ErrText(s.err), s.width))
	case s.n == nil:
		return st.Muted.Render("Loading…")
	}
	n := s.n
	field := func(label, value string) string {
		return common.Field(st, label, common.CleanLine(value), 8, s.width) + "\n"
	}
	var b strings.Builder
	title := n.Subject
	if title == "" {
		title = "SMS: " + n.Kind
	}
	b.WriteString(st.Title.Render(common.Truncate(common.CleanLine(title), s.width)) + "\n")
	b.WriteString(field("To", n.To+recipientWhy(n)+" by "+string(n.Channel)))
	if n.Category != "" {
		b.WriteString(field("Kind", n.Category.Title()+" notice"))
	}
	b.WriteString(field("Created", n.CreatedAt.UTC().Format(common.SecondsLayout)+" UTC"))
	st8 := state(n, s.env.Mail)
	if n.SentAt != nil {
		st8 += " at " + n.SentAt.UTC().Format(common.SecondsLayout) + " UTC"
	}
	if n.Attempts > 0 {
		st8 += fmt.Sprintf(" · %d tries", n.Attempts)
	}
	b.WriteString(field("State", st8))
	if n.LastError != "" {
		b.WriteString(field("Error", n.LastError))
	}
	b.WriteString("\n" + s.body.View())
	return b.String()
}
