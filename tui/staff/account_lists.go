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

// accountList is a list of a customer's account read under its support
// grant (R-STF-4); the model checks the grant at every window.
type accountList[T any] struct {
	*components.List[T]
	title string
	open  func(T)
}

func (s *accountList[T]) Title() string { return s.title }
func (s *accountList[T]) Keys() []key.Binding {
	if s.open == nil {
		return s.List.Keys()
	}
	return append([]key.Binding{queueKeys.Open}, s.List.Keys()...)
}

func (s *accountList[T]) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && s.open != nil && key.Matches(k, queueKeys.Open) {
		if x, ok := s.Selected(); ok {
			s.open(x)
		}
		return s, nil
	}
	cmd, _ := s.List.Update(msg)
	return s, cmd
}

// newSupportContacts lists a customer's contacts, as a manager reads them.
func newSupportContacts(env *common.Env, accountID int64, company string) common.Screen {
	fetch := func(ctx context.Context, svc *model.Service, from **model.Contact, dir components.Dir, limit int) ([]*model.Contact, error) {
		q := model.ContactQuery{Limit: limit, Cursor: model.ContactCursor{Backward: dir == components.Backward}}
		if from != nil {
			q.Cursor = (*from).At(dir == components.Backward)
		}
		return svc.SupportContacts(ctx, accountID, q)
	}
	return &accountList[*model.Contact]{title: "Contacts", List: &components.List[*model.Contact]{
		Env: env, Win: components.NewWindow(env, fetch, func(c *model.Contact) int64 { return c.ID }),
		Name: "Contacts of " + common.CleanLine(company), Empty: "The account has no contacts.",
		Table: components.Table[*model.Contact]{
			Cols: []common.Column{{Title: "Name", Width: 20}, {Title: "Email", Width: 28}, {Title: "Roles", Width: 30, Drop: 1}},
			Row: func(l common.Layout, b *strings.Builder, c *model.Contact) {
				l.Row(b, c.Name, c.Email, c.Roles.Title())
			},
		},
		Detail: func(c *model.Contact) string { return c.Name + " <" + c.Email + "> · " + c.Roles.Title() },
	}}
}

// newSupportRequests lists a customer's requests, newest updated first;
// enter opens the thread as the requests queue does.
func newSupportRequests(env *common.Env, accountID int64, company string) common.Screen {
	fetch := components.EventFetch(func(ctx context.Context, svc *model.Service, p model.EventPage) ([]*model.TicketRow, error) {
		return svc.SupportTickets(ctx, accountID, "", p)
	}, func(r *model.TicketRow) model.EventCursor { return model.EventCursor{At: r.UpdatedAt, ID: r.ID} })
	return &accountList[*model.TicketRow]{title: "Requests", open: func(r *model.TicketRow) { env.Nav.Push(newThread(env, r.ID)) },
		List: &components.List[*model.TicketRow]{
			Env: env, Win: components.NewWindow(env, fetch, func(r *model.TicketRow) int64 { return r.ID }),
			Name: "Requests of " + common.CleanLine(company), Empty: "The account has no requests.",
			Table: components.Table[*model.TicketRow]{
				Cols: []common.Column{{Title: "#", Width: 6}, {Title: "Subject", Width: 30}, {Title: "Status", Width: 20}, {Title: "Updated (UTC)", Width: 16, Drop: 1}},
				Row: func(l common.Layout, b *strings.Builder, r *model.TicketRow) {
					l.Row(b, "#"+strconv.FormatInt(r.ID, 10), r.Subject, r.Status.StaffTitle(), r.UpdatedAt.UTC().Format(common.MinuteLayout))
				},
			},
			Detail: func(r *model.TicketRow) string { return "#" + strconv.FormatInt(r.ID, 10) + " " + r.Subject },
		}}
}
