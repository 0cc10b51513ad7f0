// Package activity holds the screens of what happened and what is open:
// the sessions (R-SES-2), the sign-in history (R-SES-3), the security log
// (R-AUD-1) and the outbox of every email and SMS (SPEC §8).
package activity

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// History is the sign-in history (R-SES-3): every attempt, failed ones
// included, with time, origin and result, newest first, read a chunk at a
// time from however many millions of rows there are.
type History struct {
	*components.List[*model.AuthEvent]
}

// NewHistory opens the sign-in history.
func NewHistory(env *common.Env) common.Screen {
	fetch := components.EventFetch(func(ctx context.Context, svc *model.Service, p model.EventPage) ([]*model.AuthEvent, error) {
		return svc.SignInHistory(ctx, p)
	}, func(e *model.AuthEvent) model.EventCursor { return model.EventCursor{At: e.At, ID: e.ID} })
	w := components.NewWindow(env, fetch, func(e *model.AuthEvent) int64 { return e.ID })
	w.Count = func(ctx context.Context, svc *model.Service) (int, error) { return svc.CountSignInHistory(ctx) }
	return &History{&components.List[*model.AuthEvent]{
		Env: env, Win: w, Name: "Sign-in history", Empty: "No sign-in attempts yet.", Reload: 5,
		Table: components.Table[*model.AuthEvent]{
			Cols: []common.Column{{Title: "Time (UTC)", Width: 19}, {Title: "Result", Width: 16}, {Title: "Origin", Width: 20},
				{Title: "Kind", Width: 13, Drop: 2}, {Title: "Client", Width: 17, Drop: 1}},
			Row: func(l common.Layout, b *strings.Builder, e *model.AuthEvent) {
				l.Row(b, e.At.UTC().Format(common.SecondsLayout), string(e.Result), e.Origin.String(), string(e.Kind), e.Client.String())
			},
			Failed: func(e *model.AuthEvent) bool { return e.Result.Failed() },
		},
		Detail: func(e *model.AuthEvent) string {
			return string(e.Kind) + " · " + string(e.Result) + " · " + e.Origin.String() + " · " + e.Client.String()
		},
	}}
}

func (s *History) Title() string       { return "Sign-in history" }
func (s *History) Keys() []key.Binding { return s.List.Keys() }
func (s *History) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	cmd, _ := s.List.Update(msg)
	return s, cmd
}

// SecurityLog is the account's audit log (R-AUD-1), owners only: who
// changed what, which object, when and from where, newest first.
type SecurityLog struct {
	*components.List[*model.AuditEvent]
}

// NewSecurityLog opens the security log.
func NewSecurityLog(env *common.Env) common.Screen {
	fetch := components.EventFetch(func(ctx context.Context, svc *model.Service, p model.EventPage) ([]*model.AuditEvent, error) {
		return svc.SecurityLog(ctx, p)
	}, func(e *model.AuditEvent) model.EventCursor { return model.EventCursor{At: e.At, ID: e.ID} })
	w := components.NewWindow(env, fetch, func(e *model.AuditEvent) int64 { return e.ID })
	return &SecurityLog{&components.List[*model.AuditEvent]{
		Env: env, Win: w, Name: "Security log", Empty: "Nothing has been recorded yet.", Reload: 5,
		Table: components.Table[*model.AuditEvent]{
			Cols: []common.Column{{Title: "Time (UTC)", Width: 16}, {Title: "What", Width: 26}, {Title: "Who", Width: 18},
				{Title: "Object", Width: 22, Drop: 1}, {Title: "From · detail", Width: 24, Drop: 2}},
			Row: func(l common.Layout, b *strings.Builder, e *model.AuditEvent) {
				l.Row(b, e.At.UTC().Format(common.MinuteLayout), e.Action, e.Actor, e.Object, fromDetail(e))
			},
		},
		Detail: func(e *model.AuditEvent) string {
			return e.Action + " · " + e.Object + " · by " + e.Actor + " · from " + fromDetail(e)
		},
	}}
}

func fromDetail(e *model.AuditEvent) string {
	if e.Detail == "" {
		return e.Origin.String()
	}
	return e.Origin.String() + " · " + e.Detail
}

func (s *SecurityLog) Title() string       { return "Security log" }
func (s *SecurityLog) Keys() []key.Binding { return s.List.Keys() }
func (s *SecurityLog) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	cmd, _ := s.List.Update(msg)
	return s, cmd
}
