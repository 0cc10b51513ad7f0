package requests

import (
	"context"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

var listKeys = struct{ Open, New, Filter key.Binding }{
	Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
	New:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new request")),
	Filter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "next status")),
}

// filters are the statuses the list cycles through with /, all first
// (R-TKT-2).
var filters = append([]model.TicketStatus{""}, model.TicketStatuses...)

// filterTitle names a filter in the list's title.
func filterTitle(st model.TicketStatus) string {
	if st == "" {
		return "all"
	}
	return strings.ToLower(st.Title())
}

// list is the account's support requests (R-TKT-2): number, subject,
// status and last update, the most recently active first, read by keyset
// a window at a time, of one status or of all.
type list struct {
	*components.List[*model.TicketRow]
	filter        int // index in filters
	width, height int
}

func newList(env *common.Env) *list {
	s := &list{List: &components.List[*model.TicketRow]{Env: env, Reload: 5,
		Table: components.Table[*model.TicketRow]{
			Row: func(l common.Layout, b *strings.Builder, t *model.TicketRow) {
				l.Row(b, "#"+strconv.FormatInt(t.ID, 10), t.Subject, t.Status.Title(), t.UpdatedAt.UTC().Format(common.MinuteLayout))
			},
			Faded: func(t *model.TicketRow) bool { return t.Status == model.TicketClosed },
		},
		Detail: func(t *model.TicketRow) string {
			return "#" + strconv.FormatInt(t.ID, 10) + " " + t.Subject + " · " + t.Status.Title() +
				" · updated " + t.UpdatedAt.UTC().Format(common.MinuteLayout) + " UTC"
		},
	}}
	s.setFilter(0)
	return s
}

// ticketFetch reads the requests of status st by keyset on (updated, id),
// newest activity first.
func ticketFetch(st model.TicketStatus) components.Fetch[*model.TicketRow] {
	return components.EventFetch(func(ctx context.Context, svc *model.Service, p model.EventPage) ([]*model.TicketRow, error) {
		return svc.Tickets(ctx, st, p)
	}, func(t *model.TicketRow) model.EventCursor { return model.EventCursor{At: t.UpdatedAt, ID: t.ID} })
}

// setFilter shows the requests of filter i in a new window: the window's
// reads carry their status, so no read ever looks at the screen.
func (s *list) setFilter(i int) {
	s.filter = i
	st := filters[i]
	s.Win = components.NewWindow(s.Env, ticketFetch(st), func(t *model.TicketRow) int64 { return t.ID })
	s.Name = "Requests · " + filterTitle(st)
	s.Empty = "No requests yet. Press n to submit one."
	if st != "" {
		s.Empty = "No request is " + filterTitle(st) + ". Press / for the next status, or n to submit a request."
	}
	if s.width > 0 {
		s.SetSize(s.width, s.height)
	}
}

func (s *list) Title() string { return "Requests" }
func (s *list) Keys() []key.Binding {
	return append([]key.Binding{listKeys.Open, listKeys.New, listKeys.Filter}, s.List.Keys()...)
}

// SetSize gives the subject the width the other columns leave: the
// table's layout is one cell narrower than the area and starts with a
// space.
func (s *list) SetSize(w, h int) {
	s.width, s.height = w, h
	subject := w - 47
	if subject < 24 { // the update time is left out: the subject gets its room
		subject = max(w-29, 12)
	}
	s.Table.Cols = []common.Column{{Title: "#", Width: 6}, {Title: "Subject", Width: subject},
		{Title: "Status", Width: 17}, {Title: "Updated (UTC)", Width: 16, Drop: 1}}
	s.List.SetSize(w, h)
}

func (s *list) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, listKeys.Open):
			if t, ok := s.Selected(); ok {
				s.Env.Nav.Push(newThread(s.Env, t.ID))
			}
			return s, nil
		case key.Matches(k, listKeys.New):
			s.Env.Nav.Push(newSubmit(s.Env))
			return s, nil
		case key.Matches(k, listKeys.Filter):
			s.setFilter((s.filter + 1) % len(filters))
			return s, s.Win.Reset()
		}
	}
	cmd, _ := s.List.Update(msg)
	return s, cmd
}
