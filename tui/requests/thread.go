package requests

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

var threadKeys = struct{ Reply, Close, Reopen key.Binding }{
	Reply:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reply")),
	Close:  key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "close request")),
	Reopen: key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "reopen")),
}

// pollEvery is how many ticks (seconds) pass between reads of a thread's
// new messages and state.
const pollEvery = 3

// Messages of the thread screen.
type (
	// ticketMsg carries the request as read, or as a change left it.
	ticketMsg struct {
		screen *thread
		t      *model.Ticket
		err    error
		// done is the sentence of a change that succeeded ("" for a read).
		done string
	}
	// repliedMsg tells the thread that its reply was sent.
	repliedMsg struct{ screen *thread }
)

// thread is one support request (R-TKT-2): its number, subject and status,
// the server it concerns with the access support has and whether an
// administrator password is kept (never the password), and every message
// of its thread. r replies, c closes (after a question: closing erases
// the server password, R-TKT-1), o reopens within 14 days of closing.
type thread struct {
	env   *common.Env
	id    int64
	t     *model.Ticket
	err   error
	pane  *threadPane
	draft string // the reply being written, kept when the reply is left
	busy  string // what the change on its way does
	askID string

	width, height int
	ticks         int
}

func newThread(env *common.Env, id int64) *thread {
	return &thread{env: env, id: id, pane: newThreadPane(env, id), askID: "requests.close." + strconv.Itoa(env.NextSeq())}
}

func (s *thread) Init() tea.Cmd { return tea.Batch(s.load(), s.pane.Init()) }

// load reads the request.
func (s *thread) load() tea.Cmd {
	id, me := s.id, s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		t, err := svc.Ticket(ctx, id)
		return ticketMsg{screen: me, t: t, err: err}
	})
}

// change runs a change to the request; its answer is a ticketMsg saying
// done when it succeeded.
func (s *thread) change(doing, done string, do func(ctx context.Context, svc *model.Service, id int64) (*model.Ticket, error)) tea.Cmd {
	s.busy = doing
	id, me := s.id, s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		t, err := do(ctx, svc, id)
		return ticketMsg{screen: me, t: t, err: err, done: done}
	})
}

func (s *thread) Title() string { return "Request #" + strconv.FormatInt(s.id, 10) }

// closed reports whether the request is known to be closed.
func (s *thread) closed() bool { return s.t != nil && s.t.Status == model.TicketClosed }

// reopenUntil is the end of the 14 days in which a closed request can be
// reopened (R-TKT-2).
func (s *thread) reopenUntil() (until string, ok bool) {
	if !s.closed() || s.t.ClosedAt == nil {
		return "", false
	}
	end := s.t.ClosedAt.Add(model.ReopenWindow)
	return end.UTC().Format(common.MinuteLayout) + " UTC", s.env.Now().Before(end)
}

// Keys offer reply and close on an open request, reopen on one closed
// less than 14 days ago. The model decides: o on an older one says why
// not.
func (s *thread) Keys() []key.Binding {
	var keys []key.Binding
	switch _, canReopen := s.reopenUntil(); {
	case s.t == nil || s.busy != "":
	case !s.closed():
		keys = append(keys, threadKeys.Reply, threadKeys.Close)
	case canReopen:
		keys = append(keys, threadKeys.Reopen)
	}
	return append(keys, threadScrollKeys...)
}

func (s *thread) SetSize(w, h int) {
	s.width, s.height = w, h
	s.pane.SetSize(w, max(h-common.Lines(s.header())-1, 3))
}

func (s *thread) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if cmd, ok := s.pane.Update(msg); ok {
		return s, cmd
	}
	switch msg := msg.(type) {
	case ticketMsg:
		if msg.screen == s {
			return s, s.took(msg)
		}
	case repliedMsg:
		if msg.screen == s {
			return s, tea.Batch(s.load(), s.pane.End())
		}
	case components.AnsweredMsg:
		if msg.ID == s.askID && msg.Yes {
			return s, s.change("Closing…", "closed", func(ctx context.Context, svc *model.Service, id int64) (*model.Ticket, error) {
				return svc.CloseTicket(ctx, id)
			})
		}
	case common.TickMsg:
		if s.ticks++; s.ticks%pollEvery == 0 && s.busy == "" {
			return s, tea.Batch(s.load(), s.pane.Poll())
		}
	case common.ResumedMsg:
		return s, s.load()
	case tea.KeyPressMsg:
		return s, s.onKey(msg)
	}
	return s, nil
}

func (s *thread) onKey(msg tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := s.pane.HandleKey(msg); ok {
		return cmd
	}
	if s.busy != "" {
		return nil
	}
	switch {
	case key.Matches(msg, threadKeys.Reply) && !s.closed():
		// Typed ahead of the request's first read, r still opens the
		// reply: the model refuses a reply to a closed request.
		s.env.Nav.Push(newReply(s.env, s))
	case s.t == nil:
	case key.Matches(msg, threadKeys.Close) && !s.closed():
		components.Ask(s.env, s.askID, s.closeQuestion())
	case key.Matches(msg, threadKeys.Reopen) && s.closed():
		return s.change("Reopening…", "reopened: it waits for staff", func(ctx context.Context, svc *model.Service, id int64) (*model.Ticket, error) {
			return svc.ReopenTicket(ctx, id)
		})
	}
	return nil
}

// closeQuestion asks before closing, saying what closing erases.
func (s *thread) closeQuestion() string {
	q := fmt.Sprintf("Close request #%d? You can reopen it within 14 days.", s.id)
	if s.t.HasServerPassword {
		q += " The server's administrator password kept with it is erased when it closes and does not come back."
	}
	return q
}

// took puts the request in place, after a read or a change; a refused
// change says why in the status line.
func (s *thread) took(msg ticketMsg) tea.Cmd {
	if msg.done != "" {
		s.busy = ""
		if msg.err != nil {
			s.env.FlashError(msg.err)
			return s.load()
		}
		sentence := fmt.Sprintf("Request #%d %s.", s.id, msg.done)
		if msg.t.Status == model.TicketClosed && s.t != nil && s.t.HasServerPassword {
			sentence += " Its server password was erased."
		}
		s.env.Flash(sentence)
	}
	switch {
	case msg.err == nil:
		s.t, s.err = msg.t, nil
	case s.t == nil:
		s.err = msg.err
	} // a poll that failed keeps the request as it was
	s.SetSize(s.width, s.height) // the header may take more or fewer lines
	return s.pane.Poll()
}

// header is the request's number and subject, its status and the server
// it concerns.
func (s *thread) header() string {
	st, w := s.env.Styles, s.width
	if s.t == nil {
		return st.Title.Render(s.Title())
	}
	t := s.t
	title := st.Title.Render(common.Truncate(common.CleanLine(fmt.Sprintf("Request #%d · %s", t.ID, t.Subject)), w))
	return title + "\n" + common.Field(st, "Status", s.status(), 6, w) + "\n" + common.Field(st, "Server", common.CleanLine(server(t)), 6, w)
}

// status says where the request stands and, once closed, until when it
// can be reopened.
func (s *thread) status() string {
	t := s.t
	if !s.closed() {
		return t.Status.Title() + " · updated " + t.UpdatedAt.UTC().Format(common.MinuteLayout) + " UTC"
	}
	closed := "Closed"
	if t.ClosedAt != nil {
		closed += " " + t.ClosedAt.UTC().Format(common.MinuteLayout) + " UTC"
	}
	switch until, ok := s.reopenUntil(); {
	case ok:
		return closed + " · o reopens it until " + until
	case until != "":
		return closed + " · more than 14 days ago, so it cannot be reopened: submit a new request"
	}
	return closed
}

// server says which server the request concerns, the access support has
// and whether its administrator password is kept — never the password
// (R-TKT-1).
func server(t *model.Ticket) string {
	if t.Server == "" {
		return "none given"
	}
	s := t.Server + " · access: " + strings.ToLower(t.Access.Title())
	switch {
	case t.HasServerPassword:
		return s + " · administrator password kept, sealed"
	case t.PasswordPurgedAt != nil:
		return s + " · password erased " + t.PasswordPurgedAt.UTC().Format(common.MinuteLayout) + " UTC"
	}
	return s + " · no password given"
}

func (s *thread) View() string {
	st := s.env.Styles
	if s.err != nil && s.t == nil {
		return st.Title.Render(s.Title()) + "\n\n" + st.Error.Render(common.Wrap(common.ErrText(s.err), s.width))
	}
	return s.header() + "\n" + s.rule() + "\n" + s.pane.View()
}

// rule parts the header from the thread, saying what runs or where more
// messages are.
func (s *thread) rule() string {
	st := s.env.Styles
	var hints []string
	switch {
	case s.busy != "":
		hints = append(hints, s.busy)
	default:
		if s.pane.Above() {
			hints = append(hints, "↑ older")
		}
		if s.pane.Below() {
			hints = append(hints, "↓ newer")
		}
	}
	label := "── Thread "
	if len(hints) > 0 {
		label += "(" + strings.Join(hints, " · ") + ") "
	}
	return st.Muted.Render(label + strings.Repeat("─", max(s.width-common.Width(label), 0)))
}
