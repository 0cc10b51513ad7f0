package model

import (
	"context"
	"math"
	"time"
)

// previousSignInScan bounds how many of the caller's auth events
// PreviousSignIn reads: a flood of failed attempts between two sign-ins
// must not make the profile read the whole history.
const previousSignInScan = 10 * MaxPage

// PreviousSignIn returns the caller's sign-in before the one that opened
// this session: what Profile shows as the last sign-in, so that a user
// notices one that was not theirs (R-SES-3). LastLoginAt cannot say it: the
// sign-in that opened this session has already overwritten it. nil when
// there was none, or none among the newest attempts PreviousSignIn reads.
//
// Every way into a session records a successful auth event just before it
// opens the session: a sign-in (password, or its code step), an accepted
// invitation, sign-up, a password reset. So the newest success at or before
// the session's start is this session's own, and the next older one is the
// previous sign-in. A reset of a user with 2FA is followed by a code step
// rather than a session; its success is part of that sign-in.
func (s *Service) PreviousSignIn(ctx context.Context) (*AuthEvent, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	p := EventPage{Cursor: EventCursor{At: a.Session.CreatedAt, ID: math.MaxInt64}, Limit: MaxPage}
	var w signInWalk
	for read := 0; read < previousSignInScan; read += MaxPage {
		list, err := s.store.ListAuthEvents(ctx, a.User.ID, p)
		if err != nil {
			return nil, s.internal("previous sign-in", err)
		}
		for _, e := range list {
			if w.step(e) {
				return e, nil
			}
		}
		if len(list) < p.Limit {
			return nil, nil
		}
		last := list[len(list)-1]
		p.Cursor = EventCursor{At: last.At, ID: last.ID}
	}
	return nil, nil
}

// signInWalk reads a user's auth events newest first and finds the second
// sign-in that opened a session.
type signInWalk struct {
	seen       int       // sign-ins met so far
	challenged time.Time // the newest code step met since the last sign-in
}

// resetChallengeGap is how soon after a reset its code step is recorded:
// both are written by the one ResetPassword call.
const resetChallengeGap = time.Minute

// step takes the next older event and reports whether it is the sign-in
// before the current one.
func (w *signInWalk) step(e *AuthEvent) bool {
	if e.Kind == AuthSignIn && e.Result == AuthCodeDue {
		w.challenged = e.At
		return false
	}
	if e.Result != AuthSucceeded {
		return false
	}
	switch e.Kind {
	case AuthSignIn, AuthSecondFactor:
	case AuthReset:
		if !w.challenged.IsZero() && w.challenged.Sub(e.At) < resetChallengeGap {
			w.challenged = time.Time{}
			return false // the code step that followed opened the session
		}
	default:
		return false
	}
	w.challenged = time.Time{}
	w.seen++
	return w.seen == 2
}
