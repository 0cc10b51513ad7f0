package staff

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

var threadKeys = struct{ Reply, Take, Status, Reveal, Read key.Binding }{
	Reply:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reply")),
	Take:   key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "take")),
	Status: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "status")),
	Reveal: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "server password")),
	Read:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "read message")),
}

// IDs of the thread's dialogs.
const (
	replyID       = "staff.reply"
	statusID      = "staff.status"
	closeID       = "staff.close"
	revealID      = "staff.reveal"
	threadHeadTop = 4 // lines above the messages
)

type (
	ticketLoadedMsg struct {
		s   *thread
		t   *model.Ticket
		err error
	}
	ticketChangedMsg struct {
		s    *thread
		t    *model.Ticket
		said string
		err  error
	}
)

// thread is one request as staff work it (R-STF-1): its header (company,
// status, server, who works it), the messages oldest first, read by keyset
// a window at a time (each body cleaned line by line, its line breaks
// kept), reply, take, change the status and — only for the one working
// it — reveal the server password behind their own password, each reveal
// audited in the customer's log by the model.
type thread struct {
	env    *common.Env
	id     int64
	t      *model.Ticket
	err    error
	win    *components.Window[*model.TicketMessage]
	status model.TicketStatus // chosen, waiting for the confirmation of closing
	ticks  int
	width  int
	height int
}

func newThread(env *common.Env, id int64) *thread {
	fetch := func(ctx context.Context, svc *model.Service, from **model.TicketMessage, dir components.Dir, limit int) ([]*model.TicketMessage, error) {
		p := model.EventPage{Direction: model.Newer, Limit: limit}
		if dir == components.Backward {
			p.Direction = model.Older
		}
		if from != nil {
			p.Cursor = model.EventCursor{At: (*from).At, ID: (*from).ID}
		}
		list, err := svc.TicketThread(ctx, id, p)
		slices.Reverse(list) // windows come newest first; the thread reads oldest first
		return list, err
	}
	return &thread{env: env, id: id, win: components.NewWindow(env, fetch, func(m *model.TicketMessage) int64 { return m.ID })}
}

func (s *thread) Init() tea.Cmd { return tea.Batch(s.load(), s.win.End()) }
func (s *thread) Title() string { return "#" + strconv.FormatInt(s.id, 10) }

// load reads the request's header again.
func (s *thread) load() tea.Cmd {
	id, me := s.id, s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		t, err := svc.Ticket(ctx, id)
		return ticketLoadedMsg{me, t, err}
	})
}

func (s *thread) SetSize(w, h int) {
	s.width, s.height = w, h
	s.win.SetHeight(max((h-threadHeadTop-2)/3, 1))
}

// working reports whether the caller works the request: only then is its
// server password offered (R-STF-1).
func (s *thread) working() bool {
	return s.t != nil && s.t.AssigneeID == s.env.Me.User.ID && s.t.Status != model.TicketClosed
}

func (s *thread) Keys() []key.Binding {
	keys := []key.Binding{threadKeys.Reply, threadKeys.Status}
	if s.t != nil && s.t.Status != model.TicketClosed && !s.working() {
		keys = append(keys, threadKeys.Take)
	}
	if s.working() && s.t.HasServerPassword {
		keys = append(keys, threadKeys.Reveal)
	}
	return append(append(keys, threadKeys.Read), s.win.Keys()...)
}

func (s *thread) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if cmd, ok := s.win.Update(msg); ok {
		return s, cmd
	}
	switch msg := msg.(type) {
	case ticketLoadedMsg:
		if msg.s == s {
			s.t, s.err = msg.t, msg.err
		}
	case ticketChangedMsg:
		if msg.s == s {
			return s, s.changed(msg)
		}
	case editedMsg:
		if msg.id == replyID && !msg.cancelled {
			s.t = msg.value.(*model.Ticket)
			s.env.Flash("Reply sent; the customer is notified.")
			return s, s.win.End()
		}
	case choiceMsg:
		if msg.id == statusID {
			return s, s.chose(model.TicketStatuses[msg.index])
		}
	case components.AnsweredMsg:
		if msg.ID == closeID && msg.Yes {
			return s, s.setStatus(model.TicketClosed)
		}
	case components.ActionDoneMsg:
		if msg.ID == revealID && msg.Err != nil {
			s.env.FlashError(msg.Err)
		}
	case common.TickMsg:
		if s.ticks++; s.ticks%5 == 0 {
			return s, tea.Batch(s.load(), s.win.Reload())
		}
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *thread) key(msg tea.KeyPressMsg) tea.Cmd {
	k := threadKeys
	switch {
	case key.Matches(msg, k.Reply):
		s.reply()
	case key.Matches(msg, k.Status):
		s.env.Nav.Push(newChoice(s.env, statusID, "Set the status", staffTitles()))
	case key.Matches(msg, k.Take) && s.t != nil:
		return s.change(func(ctx context.Context, svc *model.Service) (*model.Ticket, error) { return svc.TakeTicket(ctx, s.id) }, "You work this request now.")
	case key.Matches(msg, k.Reveal) && s.working() && s.t.HasServerPassword:
		s.reveal()
	case key.Matches(msg, k.Read):
		if m, ok := s.win.Selected(); ok {
			s.env.Nav.Push(newMessageView(s.env, m))
		}
	default:
		cmd, _ := s.win.HandleKey(msg)
		return cmd
	}
	return nil
}

// staffTitles are the statuses as the picker lists them.
func staffTitles() []string {
	out := make([]string, len(model.TicketStatuses))
	for i, st := range model.TicketStatuses {
		out[i] = st.StaffTitle()
	}
	return out
}

func (s *thread) reply() {
	id := s.id
	s.env.Nav.Push(newEditor(s.env, replyID, fmt.Sprintf("Reply to #%d", id),
		"The customer reads it in their Requests and is notified. Enter starts a new line.",
		func(ctx context.Context, svc *model.Service, text string) (any, error) {
			return svc.ReplyToTicket(ctx, id, text)
		}))
}

// chose asks before closing (which erases the server password), and sets
// any other status at once.
func (s *thread) chose(st model.TicketStatus) tea.Cmd {
	if st == model.TicketClosed {
		components.Ask(s.env, closeID, fmt.Sprintf("Close request #%d? Closing erases its server password for good.", s.id))
		return nil
	}
	return s.setStatus(st)
}

func (s *thread) setStatus(st model.TicketStatus) tea.Cmd {
	id := s.id
	return s.change(func(ctx context.Context, svc *model.Service) (*model.Ticket, error) {
		return svc.SetTicketStatus(ctx, id, st)
	},
		"Status set to "+strings.ToLower(st.StaffTitle())+"; the customer is notified.")
}

// change runs a change of the request off the update loop.
func (s *thread) change(do func(ctx context.Context, svc *model.Service) (*model.Ticket, error), said string) tea.Cmd {
	me := s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		t, err := do(ctx, svc)
		return ticketChangedMsg{me, t, said, err}
	})
}

func (s *thread) changed(msg ticketChangedMsg) tea.Cmd {
	if msg.err != nil {
		s.env.FlashError(msg.err)
		return s.load()
	}
	s.t = msg.t
	s.env.Flash(msg.said)
	return s.win.Reload()
}

// reveal shows the server password in the secret panel after the staff
// member's own password (R-TKT-1, R-STF-1); the model audits each reveal.
func (s *thread) reveal() {
	id, server := s.id, s.t.Server
	components.RunWithPassword(s.env, components.Action{ID: revealID,
		Reason: fmt.Sprintf("The administrator password of %s is shown to you while you work request #%d, and the reveal is in the customer's security log. To see it, type your own password.", server, id),
		Run: func(ctx context.Context, svc *model.Service, password string) (components.Result, error) {
			pw, err := svc.RevealServerPassword(ctx, id, password)
			if err != nil {
				return components.Result{}, err
			}
			return components.Result{Secret: &components.Secret{Title: "Server password of " + server, Value: pw,
				Note: fmt.Sprintf("The administrator password of %s for request #%d. It is erased when the request closes.", server, id),
				File: "server-password.txt"}}, nil
		}})
}

func (s *thread) View() string {
	st := s.env.Styles
	switch {
	case s.err != nil:
		return st.Error.Render(common.Wrap(common.ErrText(s.err), s.width))
	case s.t == nil:
		return st.Muted.Render("Loading…")
	}
	head := st.Title.Render(common.Truncate(common.CleanLine(fmt.Sprintf("#%d %s", s.t.ID, s.t.Subject)), s.width)) + "\n" +
		common.Wrap(common.CleanLine(s.who()), s.width) + "\n" +
		st.Muted.Render(common.Wrap(common.CleanLine(s.server()), s.width)) + "\n"
	return head + "\n" + s.messages(max(s.height-common.Lines(head)-1, 1))
}

// who is the header's second line: company, status, requester, worker.
func (s *thread) who() string {
	t := s.t
	w := t.Company + " · " + t.Status.StaffTitle() + " · from " + t.Requester
	switch {
	case t.AssigneeID == s.env.Me.User.ID:
		w += " · worked by you"
	case t.Assignee != "":
		w += " · worked by " + t.Assignee
	default:
		w += " · nobody works it (t takes it)"
	}
	return w
}

// server is the header's third line: the server, access and password.
func (s *thread) server() string {
	t := s.t
	if t.Server == "" {
		return "No server given."
	}
	line := "Server " + t.Server + " · access " + t.Access.Title()
	switch {
	case t.HasServerPassword && s.working():
		line += " · password kept: p shows it"
	case t.HasServerPassword:
		line += " · password kept: take the request (t) to see it"
	case t.PasswordPurgedAt != nil:
		line += " · server password erased " + t.PasswordPurgedAt.UTC().Format(common.MinuteLayout)
	}
	return line
}

// messages draws the messages of the window in h lines, the selected one
// marked and in view.
func (s *thread) messages(h int) string {
	st := s.env.Styles
	switch {
	case s.win.Err() != nil && !s.win.Loaded():
		return st.Error.Render(common.Wrap(common.ErrText(s.win.Err()), s.width))
	case !s.win.Loaded():
		return st.Muted.Render("Loading…")
	case s.win.Empty():
		return st.Muted.Render("No message yet.")
	}
	var lines []string
	selStart, selEnd := 0, 0
	s.win.Visible(func(m *model.TicketMessage, selected bool) {
		if selected {
			selStart = len(lines)
		}
		lines = append(lines, s.messageLines(m, selected)...)
		if selected {
			selEnd = len(lines)
		}
	})
	start := 0
	if selEnd > h {
		start = min(selStart, selEnd-h)
	}
	return common.FitHeight(strings.Join(lines[start:], "\n"), h)
}

// messageLines is one message: who and when, then its body, each line
// cleaned on its own and wrapped (SPEC §5).
func (s *thread) messageLines(m *model.TicketMessage, selected bool) []string {
	st := s.env.Styles
	mark := " "
	if selected {
		mark = st.CursorMark
	}
	who := m.Author
	if m.Staff {
		who += " (support)"
	}
	out := []string{mark + st.Title.Render(common.Truncate(common.CleanLine(who), max(s.width-24, 10))) + "  " + st.Muted.Render(m.At.UTC().Format(common.MinuteLayout))}
	for _, l := range strings.Split(m.Body, "\n") {
		wrapped := common.Wrap(common.CleanLine(strings.TrimRight(l, "\r")), max(s.width-3, 10))
		for _, w := range strings.Split(wrapped, "\n") {
			out = append(out, "   "+w)
		}
	}
	return append(out, "")
}
