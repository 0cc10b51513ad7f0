package settings

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// history lists the changes of the account's details (R-SET-1), newest
// first: when, who, from where and what changed from what to what.
type history struct {
	*components.List[*model.AuditEvent]
}

func newHistory(env *common.Env) *history {
	fetch := components.EventFetch(func(ctx context.Context, svc *model.Service, p model.EventPage) ([]*model.AuditEvent, error) {
		return svc.AccountDetailsHistory(ctx, p)
	}, func(e *model.AuditEvent) model.EventCursor { return model.EventCursor{At: e.At, ID: e.ID} })
	return &history{&components.List[*model.AuditEvent]{
		Env: env, Win: components.NewWindow(env, fetch, func(e *model.AuditEvent) int64 { return e.ID }),
		Name: "Account details history", Empty: "The details have not changed since the account was created.",
		Table: components.Table[*model.AuditEvent]{
			Cols: []common.Column{{Title: "Time (UTC)", Width: 16}, {Title: "Who", Width: 22}, {Title: "What changed", Width: 30}},
			Row: func(l common.Layout, b *strings.Builder, e *model.AuditEvent) {
				l.Row(b, e.At.UTC().Format(common.MinuteLayout), e.Actor, e.Detail)
			},
		},
		Detail: func(e *model.AuditEvent) string { return e.Detail + " · by " + e.Actor + " from " + e.Origin.String() },
	}}
}

func (s *history) Title() string       { return "History" }
func (s *history) Keys() []key.Binding { return s.List.Keys() }
func (s *history) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	cmd, _ := s.List.Update(msg)
	return s, cmd
}
