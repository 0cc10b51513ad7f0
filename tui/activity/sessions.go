package activity

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

var sessionKeys = struct{ Close, CloseAll key.Binding }{
	Close:    key.NewBinding(key.WithKeys("d", "x"), key.WithHelp("d", "close session")),
	CloseAll: key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "close all others")),
}

const closeAllID = "sessions.close-all"

const closeQuestion = "sessions.close"

type sessionClosedMsg struct {
	screen *Sessions
	id     string
	err    error
}

// Sessions lists the user's open sessions (R-SES-2) and closes any other
// one; its console notices within two seconds and signs out.
type Sessions struct {
	*components.List[*model.Session]
	asked components.Asked[*model.Session]
}

// NewSessions opens the sessions screen.
func NewSessions(env *common.Env) common.Screen {
	fetch := components.SliceFetch(func(ctx context.Context, svc *model.Service) ([]*model.Session, error) {
		return svc.ListSessions(ctx)
	}, func(x *model.Session) int64 { return sessionKey(x.ID) })
	s := &Sessions{}
	s.List = &components.List[*model.Session]{
		Env: env, Win: components.NewWindow(env, fetch, func(x *model.Session) int64 { return sessionKey(x.ID) }),
		Name: "Sessions", Empty: "No open session.", Reload: 5,
		Table: components.Table[*model.Session]{
			Cols: []common.Column{{Title: "Started (UTC)", Width: 19}, {Title: "Origin", Width: 21}, {Title: "Expires", Width: 12},
				{Title: "Last active", Width: 16, Drop: 1}, {Title: "Client", Width: 24, Drop: 2}},
			Row: func(l common.Layout, b *strings.Builder, x *model.Session) {
				l.Row(b, x.CreatedAt.UTC().Format(common.SecondsLayout), s.origin(x), expires(x, env.Now()),
					x.LastActiveAt.UTC().Format(common.MinuteLayout), x.Client.String())
			},
		},
		Detail: func(x *model.Session) string {
			return "started " + x.CreatedAt.UTC().Format(common.SecondsLayout) + " · last active " + x.LastActiveAt.UTC().Format(common.MinuteLayout) +
				" · " + x.Client.String() + signedInBy(x)
		},
		Below: func() string {
			return env.Styles.Muted.Render("▸ marks this console. Closing another session signs that console out.")
		},
	}
	return s
}

// signedInBy names the SSH key that signed the session in (R-SRV-6).
func signedInBy(x *model.Session) string {
	if x.Client.KeyFingerprint == "" {
		return ""
	}
	return " · key " + x.Client.KeyFingerprint
}

// sessionKey is a number standing for a session id, to keep the selection.
func sessionKey(id string) int64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return int64(h.Sum64())
}

func (s *Sessions) origin(x *model.Session) string {
	if s.isThis(x) {
		return "▸ " + x.Origin.String()
	}
	return x.Origin.String()
}

func (s *Sessions) isThis(x *model.Session) bool { return x.ID == model.SessionIDFrom(s.Env.Ctx) }

// expires says when the session locks, or that it is locked.
func expires(x *model.Session, now time.Time) string {
	if x.Expired(now) {
		return "locked"
	}
	left := x.ExpiresAt().Sub(now)
	if left < time.Hour {
		return fmt.Sprintf("in %d min", int((left+time.Minute-1)/time.Minute))
	}
	return "in " + model.HumanDuration(left.Round(time.Minute))
}

func (s *Sessions) Title() string { return "Sessions" }
func (s *Sessions) Keys() []key.Binding {
	return append([]key.Binding{sessionKeys.Close, sessionKeys.CloseAll}, s.List.Keys()...)
}

func (s *Sessions) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case components.AnsweredMsg:
		if kind, x, yes := s.asked.Answered(msg); kind != "" {
			return s, s.answered(x, yes)
		}
	case sessionClosedMsg:
		if msg.screen == s {
			return s, s.closed(msg.id, msg.err)
		}
	case components.ActionDoneMsg:
		if msg.ID == closeAllID && !msg.Cancelled {
			return s, s.closed("", msg.Err)
		}
	case tea.KeyPressMsg:
		if key.Matches(msg, sessionKeys.Close) {
			s.ask()
			return s, nil
		}
		if key.Matches(msg, sessionKeys.CloseAll) {
			s.closeAll()
			return s, nil
		}
	}
	cmd, _ := s.List.Update(msg)
	return s, cmd
}

func (s *Sessions) ask() {
	x, ok := s.Selected()
	switch {
	case !ok:
	case s.isThis(x):
		s.Env.FlashErr("That is this console's session. To close it, sign out (O) or quit (q).")
	default:
		s.asked.Ask(s.Env, closeQuestion, fmt.Sprintf("Close the session from %s started %s UTC (%s)? Its console will be signed out.",
			x.Origin.String(), x.CreatedAt.UTC().Format(common.MinuteLayout), x.Client.String()), x)
	}
}

// closeAll closes every other session of the user at once, after the
// password (R-SES-6, R-PWD-4).
func (s *Sessions) closeAll() {
	components.RunWithPassword(s.Env, components.Action{ID: closeAllID,
		Reason: "Every other session of yours ends; their consoles sign out within two seconds. To close them, type your password.",
		Run: func(ctx context.Context, svc *model.Service, pw string) (components.Result, error) {
			n, err := svc.CloseOtherSessions(ctx, pw)
			return components.Result{Value: n}, err
		},
		Flash: func(r components.Result) string {
			return common.Plural(r.Value.(int), "other session") + " closed; their consoles sign out within two seconds."
		}})
}

func (s *Sessions) answered(x *model.Session, yes bool) tea.Cmd {
	if !yes || x == nil {
		return nil
	}
	id, me := x.ID, s
	return s.Env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		return sessionClosedMsg{me, id, svc.CloseSession(ctx, id)}
	})
}

// closed reloads after one session (id) or all others ("") closed.
func (s *Sessions) closed(id string, err error) tea.Cmd {
	switch {
	case err != nil:
		s.Env.FlashError(err)
	case id != "":
		s.Env.Flash("Session closed. Its console signs out within two seconds.")
	}
	return s.Win.Reload()
}
