package iam

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

var userSessionKeys = struct{ End, EndAll key.Binding }{
	End:    key.NewBinding(key.WithKeys("d", "x"), key.WithHelp("d", "end session")),
	EndAll: key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "end all")),
}

// userSessionsAction tags the password prompts of the screen.
const userSessionsAction = "users.sessions"

// userSessions is the open sessions of one user of the account, opened
// from Users by an owner (R-SES-6, R-SES-2): started, last active, origin,
// client and the SSH key that signed it in. d ends the selected session
// and D every one of them (for the owner's own user, every other one),
// behind the password (R-PWD-4); the consoles of the sessions ended sign
// out within two seconds. This console's own session is marked ▸ and is
// not ended here: that is signing out.
type userSessions struct {
	*components.List[*model.Session]
	userID int64
	label  string
	width  int
}

func newUserSessions(env *common.Env, x *model.UserRow) *userSessions {
	id, label := x.ID, userLabel(x)
	fetch := components.SliceFetch(func(ctx context.Context, svc *model.Service) ([]*model.Session, error) {
		return svc.ListUserSessions(ctx, id)
	}, sessionKey)
	s := &userSessions{userID: id, label: label}
	s.List = &components.List[*model.Session]{
		Env: env, Win: components.NewWindow(env, fetch, sessionKey), Name: "Sessions of " + label, Reload: 5,
		Empty: label + " has no open session.",
		Table: components.Table[*model.Session]{
			Cols: []common.Column{{Title: "Started (UTC)", Width: 16}, {Title: "Last active", Width: 16}, {Title: "Origin", Width: 20},
				{Title: "Client", Width: 14, Drop: 1}, {Title: "SSH key", Width: 20, Drop: 2}},
			Row: func(l common.Layout, b *strings.Builder, x *model.Session) {
				l.Row(b, x.CreatedAt.UTC().Format(common.MinuteLayout), x.LastActiveAt.UTC().Format(common.MinuteLayout), s.origin(x),
					x.Client.String(), keyOrDash(x))
			},
		},
		Detail: func(x *model.Session) string {
			return "started " + x.CreatedAt.UTC().Format(common.SecondsLayout) + " · last active " + x.LastActiveAt.UTC().Format(common.MinuteLayout) +
				" · from " + x.Origin.String() + " · " + x.Client.String() + " · " + signedInWith(x)
		},
		Below: func() string {
			return env.Styles.Muted.Render(common.Wrap("Ending a session signs its console out within two seconds."+s.thisNote(), max(s.width, 10)))
		},
	}
	return s
}

// sessionKey is a number standing for a session's stored id, to keep the
// selection across reloads.
func sessionKey(x *model.Session) int64 {
	h := fnv.New64a()
	h.Write([]byte(x.ID))
	return int64(h.Sum64())
}

func keyOrDash(x *model.Session) string {
	if x.Client.KeyFingerprint == "" {
		return "—"
	}
	return x.Client.KeyFingerprint
}

// signedInWith says how the session was opened: with an SSH key (its
// fingerprint, R-SRV-6) or a password.
func signedInWith(x *model.Session) string {
	if x.Client.KeyFingerprint == "" {
		return "no SSH key"
	}
	return "SSH key " + x.Client.KeyFingerprint
}

func (s *userSessions) isThis(x *model.Session) bool { return x.ID == model.SessionIDFrom(s.Env.Ctx) }

func (s *userSessions) origin(x *model.Session) string {
	if s.isThis(x) {
		return "▸ " + x.Origin.String()
	}
	return x.Origin.String()
}

// thisNote explains the mark, on the owner's own sessions.
func (s *userSessions) thisNote() string {
	if s.userID != s.Env.Me.User.ID {
		return ""
	}
	return " ▸ marks this console: sign out (O) to end it."
}

func (s *userSessions) SetSize(w, h int) {
	s.width = w
	s.List.SetSize(w, h)
}

func (s *userSessions) Title() string { return "Sessions of " + common.CleanLine(s.label) }

// Keys are end and end all, each on only while it applies.
func (s *userSessions) Keys() []key.Binding {
	k := userSessionKeys
	x, ok := s.Selected()
	k.End.SetEnabled(ok && !s.isThis(x))
	k.EndAll.SetEnabled(s.Win.Loaded() && !s.Win.Empty())
	return append([]key.Binding{k.End, k.EndAll}, s.List.Keys()...)
}

func (s *userSessions) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case components.ActionDoneMsg:
		if msg.ID == userSessionsAction {
			return s, listDone(s.List, msg)
		}
		return s, nil
	case tea.KeyPressMsg:
		if s.onKey(msg) {
			return s, nil
		}
	}
	cmd, _ := s.List.Update(msg)
	return s, cmd
}

// onKey asks for the password to end one session or all; false for the
// list's keys.
func (s *userSessions) onKey(msg tea.KeyPressMsg) bool {
	k := userSessionKeys
	x, selected := s.Selected()
	switch {
	case key.Matches(msg, k.End) && selected && s.isThis(x):
		s.Env.FlashError(model.ErrThisSession)
	case key.Matches(msg, k.End) && selected:
		s.end(x)
	case key.Matches(msg, k.EndAll) && s.Win.Loaded() && s.Win.Empty():
		s.Env.FlashErr(s.label + " has no open session.")
	case key.Matches(msg, k.EndAll):
		s.endAll()
	default:
		return key.Matches(msg, k.End, k.EndAll)
	}
	return true
}

// end ends session x after the password (R-SES-6, R-PWD-4).
func (s *userSessions) end(x *model.Session) {
	user, id := s.userID, x.ID
	reason := fmt.Sprintf("The session of %s from %s, started %s UTC (%s), ends; its console signs out within two seconds. To end it, type your password.",
		s.label, x.Origin.String(), x.CreatedAt.UTC().Format(common.MinuteLayout), x.Client.String())
	components.RunWithPassword(s.Env, components.Action{ID: userSessionsAction, Reason: reason,
		Run: func(ctx context.Context, svc *model.Service, password string) (components.Result, error) {
			if err := svc.EndUserSession(ctx, user, id, password); err != nil {
				return components.Result{}, err
			}
			return components.Result{Value: "Session ended: its console signs out within two seconds."}, nil
		}})
}

// endAll ends every session of the user (for the owner's own user, every
// other one) after the password (R-SES-6, R-PWD-4).
func (s *userSessions) endAll() {
	user, label := s.userID, s.label
	reason := "Every session of " + label + " ends; their consoles sign out within two seconds. To end them, type your password."
	whose := " of " + label
	if user == s.Env.Me.User.ID {
		reason = "Every other session of yours ends; their consoles sign out within two seconds. This one stays. To end them, type your password."
		whose = ""
	}
	components.RunWithPassword(s.Env, components.Action{ID: userSessionsAction, Reason: reason,
		Run: func(ctx context.Context, svc *model.Service, password string) (components.Result, error) {
			n, err := svc.EndUserSessions(ctx, user, password)
			if err != nil {
				return components.Result{}, err
			}
			return components.Result{Value: common.Plural(n, "session") + whose + " ended; their consoles sign out within two seconds."}, nil
		}})
}
