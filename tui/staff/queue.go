package staff

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

// queueFetch reads a staff queue, oldest first, through a model method
// that pages by QueuePage (R-STF-1..3): the window's Backward is the
// queue's, and rows come in queue order either way.
func queueFetch[T any](list func(ctx context.Context, svc *model.Service, p model.QueuePage) ([]T, error),
	cursor func(T) model.EventCursor) components.Fetch[T] {
	return func(ctx context.Context, svc *model.Service, from *T, dir components.Dir, limit int) ([]T, error) {
		p := model.QueuePage{Limit: limit, Backward: dir == components.Backward}
		if from != nil {
			p.Cursor = cursor(*from)
		}
		return list(ctx, svc, p)
	}
}

var queueKeys = struct{ Open, Filter key.Binding }{
	Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
	Filter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
}

// queueFilters are the views of the requests queue, in the order / shows
// them: what waits for staff (open or waiting for staff), then each status.
var queueFilters = append([]model.TicketStatus{""}, model.TicketStatuses...)

// filterTitle names a view of the queue.
func filterTitle(st model.TicketStatus) string {
	if st == "" {
		return "waiting for staff"
	}
	return strings.ToLower(st.StaffTitle())
}

// Queue is the requests queue (R-STF-1): every account's requests, the
// one waiting longest first; / filters by status, enter opens the thread.
type Queue struct {
	*components.List[*model.TicketRow]
	filter int // index in queueFilters
}

// NewQueue opens the requests queue.
func NewQueue(env *common.Env) common.Screen {
	s := &Queue{}
	s.List = &components.List[*model.TicketRow]{
		Env: env, Win: queueWindow(env, ""),
		Name: s.name(), Empty: "No request waits here. / shows the other statuses.", Reload: 5,
		Table: components.Table[*model.TicketRow]{
			Cols: []common.Column{{Title: "#", Width: 6}, {Title: "Company", Width: 18}, {Title: "Subject", Width: 26},
				{Title: "Status", Width: 20, Drop: 2}, {Title: "Since (UTC)", Width: 16, Drop: 1}, {Title: "Working it", Width: 14, Drop: 3}},
			Row: func(l common.Layout, b *strings.Builder, r *model.TicketRow) {
				l.Row(b, "#"+strconv.FormatInt(r.ID, 10), r.Company, r.Subject, r.Status.StaffTitle(),
					r.StatusSince.UTC().Format(common.MinuteLayout), r.Assignee)
			},
		},
		Detail: func(r *model.TicketRow) string {
			d := "#" + strconv.FormatInt(r.ID, 10) + " · " + r.Company + " · " + r.Status.StaffTitle() + " since " + r.StatusSince.UTC().Format(common.MinuteLayout)
			if r.Assignee != "" {
				d += " · worked by " + r.Assignee
			}
			if r.HasServerPassword {
				d += " · a server password is kept"
			}
			return d
		},
	}
	return s
}

// queueWindow reads the queue of one filter: a new filter is a new
// window, so that no command reads the screen's filter.
func queueWindow(env *common.Env, status model.TicketStatus) *components.Window[*model.TicketRow] {
	fetch := queueFetch(func(ctx context.Context, svc *model.Service, p model.QueuePage) ([]*model.TicketRow, error) {
		return svc.TicketQueue(ctx, status, p)
	}, func(r *model.TicketRow) model.EventCursor { return model.EventCursor{At: r.StatusSince, ID: r.ID} })
	return components.NewWindow(env, fetch, func(r *model.TicketRow) int64 { return r.ID })
}

func (s *Queue) name() string { return "Requests queue · " + filterTitle(queueFilters[s.filter]) }

func (s *Queue) Title() string { return "Requests queue" }
func (s *Queue) Keys() []key.Binding {
	return append([]key.Binding{queueKeys.Open, queueKeys.Filter}, s.List.Keys()...)
}

func (s *Queue) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, queueKeys.Open):
			if r, ok := s.Selected(); ok {
				s.Env.Nav.Push(newThread(s.Env, r.ID))
			}
			return s, nil
		case key.Matches(k, queueKeys.Filter):
			s.filter = (s.filter + 1) % len(queueFilters)
			s.Name = s.name()
			h := s.Win.Height()
			s.Win = queueWindow(s.Env, queueFilters[s.filter])
			s.Win.SetHeight(h)
			return s, s.Win.Reset()
		}
	}
	cmd, _ := s.List.Update(msg)
	return s, cmd
}
