package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
)

// session is the signed-in half of a console: which session it acts
// through, and the timers that watch it — the poll that notices within two
// seconds a session closed elsewhere or a user disabled (R-SES-2,
// R-USR-3), the hour after which it locks (R-SES-1), and the touch that
// records activity at most once a minute. It keeps the Env's context and
// user up to date; the root asks it what to do.
//
// The poll is one indexed read a second (with many consoles over SSH the
// reads add up); it reads the caller again only when the state's revision
// moved, which any change to the user, their two-factor state or their
// account does.
type session struct {
	env       *common.Env
	base      context.Context // the console's own context
	id        string          // "" while signed out
	lastTouch time.Time
	polling   bool
	locked    bool
	rev       int64 // the revision of the caller last read by a poll
	knowRev   bool  // false until a poll has read the caller
}

// Messages of the session, from commands it starts.
type (
	meLoadedMsg struct {
		id  string
		me  *model.Actor
		err error
	}
	pollMsg struct {
		id     string
		open   bool
		me     *model.Actor // read again: the revision moved
		rev    int64
		reason string
		err    error
	}
	touchedMsg struct {
		id string
		at time.Time
	}
)

func newSession(env *common.Env) *session {
	return &session{env: env, base: env.Ctx}
}

// begin acts through session id from now on and loads its user.
func (s *session) begin(id string) tea.Cmd {
	s.id, s.locked, s.polling, s.knowRev = id, false, false, false
	s.env.Ctx = model.WithSession(s.base, id)
	s.lastTouch = s.env.Now()
	return s.load()
}

// load reads the signed-in user again.
func (s *session) load() tea.Cmd {
	id := s.id
	if id == "" {
		return nil
	}
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		me, err := svc.Caller(ctx)
		return meLoadedMsg{id: id, me: me, err: err}
	})
}

// clear forgets the session: the console is signed out.
func (s *session) clear() {
	s.id, s.locked, s.polling, s.knowRev = "", false, false, false
	s.env.Ctx, s.env.Me = s.base, nil
}

// signedIn reports whether a session is open in this console.
func (s *session) signedIn() bool { return s.id != "" && s.env.Me != nil }

// tick runs every second: it locks an expired session and polls.
func (s *session) tick() (lock bool, cmd tea.Cmd) {
	if !s.signedIn() {
		return false, nil
	}
	if !s.locked && s.env.Me.Session.Expired(s.env.Now()) {
		s.locked = true
		lock = true
	}
	if s.polling {
		return lock, nil
	}
	s.polling = true
	id, rev, knowRev := s.id, s.rev, s.knowRev
	return lock, s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		st, err := svc.SessionState(ctx)
		if err != nil || !st.Open {
			reason := ""
			if err == nil {
				reason = svc.SessionEndReason(ctx)
			}
			return pollMsg{id: id, err: err, reason: reason}
		}
		if knowRev && st.Revision == rev {
			return pollMsg{id: id, open: true}
		}
		me, err := svc.Caller(ctx)
		if err != nil { // an expiry is the tick's to handle; try again next poll
			return pollMsg{id: id, open: true}
		}
		return pollMsg{id: id, open: true, me: me, rev: st.Revision}
	})
}

// touch records activity on a key press, at most once a minute.
func (s *session) touch() tea.Cmd {
	now := s.env.Now()
	if !s.signedIn() || now.Sub(s.lastTouch) < time.Minute {
		return nil
	}
	id, last := s.id, s.lastTouch
	s.lastTouch = now // no second write while this one runs
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		at, err := svc.Touch(ctx, last)
		if err != nil {
			return nil
		}
		return touchedMsg{id: id, at: at}
	})
}

// unlocked acts through the session's new id after the lock screen
// (R-SES-1: every authentication issues one).
func (s *session) unlocked(newID string) tea.Cmd {
	if newID != "" && newID != s.id {
		s.id, s.knowRev = newID, false
		s.env.Ctx = model.WithSession(s.base, newID)
	}
	s.locked = false
	return s.load()
}

// end closes the console's session with the reason the history shows
// (R-SES-5), off the update loop.
func (s *session) end(reason string) tea.Cmd {
	if s.id == "" {
		return nil
	}
	ctx := s.env.Ctx
	svc := s.env.Svc
	s.clear()
	return func() tea.Msg {
		_ = svc.EndSession(ctx, reason)
		return nil
	}
}
