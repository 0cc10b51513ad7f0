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
type session struct {
	env       *common.Env
	base      context.Context // the console's own context
	id        string          // "" while signed out
	lastTouch time.Time
	polling   bool
	locked    bool
	polls     int // polls made, to read the user only every meEvery
}

// meEvery is how many polls apart the user is read again for a role or
// enforcement change; every poll checks that the session is open (one
// indexed read, R-SES-2), which a console runs each second: with many
// consoles over SSH the reads add up.
const meEvery = 5

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
		me     *model.Actor
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
	s.id, s.locked, s.polling = id, false, false
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
	s.id, s.locked, s.polling = "", false, false
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
	s.polls++
	id, withMe := s.id, s.polls%meEvery == 0
	return lock, s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		open, err := svc.SessionOpen(ctx)
		if err != nil || !open {
			reason := ""
			if err == nil {
				reason = svc.SessionEndReason(ctx)
			}
			return pollMsg{id: id, open: open, err: err, reason: reason}
		}
		if !withMe {
			return pollMsg{id: id, open: true}
		}
		me, _ := svc.Caller(ctx) // an expiry here is the tick's to handle
		return pollMsg{id: id, open: true, me: me}
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
		s.id = newID
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
