package model

import (
	"context"
	"net"
	"time"
)

// Throttles (R-PWD-5). A key — a user's normalised email, an origin, an
// origin's invitation codes — counts failed checks. Each kind of key has a
// policy: how many failures are free, and how long a key stays quiet
// before its count is forgotten. Past the free failures every further
// attempt waits FirstWait, doubling up to MaxWait.

// ThrottlePolicy is one kind of R-PWD-5 gate.
type ThrottlePolicy struct {
	// Free is how many failures come before the first wait.
	Free int
	// Memory is how long a key must stay quiet, after any wait ended,
	// for its count to be forgotten.
	Memory time.Duration
}

// Policies of R-PWD-5.
var (
	// PasswordThrottle counts a user's consecutive failed checks of their
	// password or codes, and those of an unknown email alike: after five,
	// attempts wait. A day without failures forgets them, for known and
	// unknown emails the same, so that Purge can drop the rows of
	// unknown emails without telling them apart.
	PasswordThrottle = ThrottlePolicy{Free: FreeAttempts, Memory: 24 * time.Hour}
	// OriginThrottle counts the failed checks from one origin whatever
	// emails it tries (spraying): more than 20 within 10 minutes, and the
	// origin waits like a user does.
	OriginThrottle = ThrottlePolicy{Free: OriginFreeAttempts + 1, Memory: OriginWindow}
)

// Limits of the origin throttle.
const (
	OriginFreeAttempts = 20
	OriginWindow       = 10 * time.Minute
)

// ThrottleRule decides one attempt at a key from its state at now: false
// while it waits (the state unchanged); otherwise the state that counts
// the attempt as a failure in advance, which a success then undoes. The
// store applies it inside its write transaction.
type ThrottleRule func(t Throttle, now time.Time) (next Throttle, allowed bool)

// Rule is p's ThrottleRule.
func (p ThrottlePolicy) Rule(t Throttle, now time.Time) (Throttle, bool) {
	if t.LockedUntil.After(now) {
		return t, false
	}
	if p.Forgets(t, now) {
		t = Throttle{}
	}
	t.Failures++
	t.LastAt = now
	t.LockedUntil = time.Time{}
	if wait := p.LockFor(t.Failures); wait > 0 {
		t.LockedUntil = now.Add(wait).UTC()
	}
	return t, true
}

// Forgets reports whether t's count is forgotten at now: no wait runs, and
// none has for Memory since the last failure or the end of the last wait.
func (p ThrottlePolicy) Forgets(t Throttle, now time.Time) bool {
	quietSince := t.LastAt
	if t.LockedUntil.After(quietSince) {
		quietSince = t.LockedUntil
	}
	return t.Failures > 0 && !now.Before(quietSince.Add(p.Memory))
}

// LockFor is the wait after the given number of consecutive failures:
// nothing for the first Free-1, then FirstWait, doubling up to MaxWait.
func (p ThrottlePolicy) LockFor(failures int) time.Duration {
	if failures < p.Free {
		return 0
	}
	wait := FirstWait
	for i := p.Free; i < failures && wait < MaxWait; i++ {
		wait *= 2
	}
	return min(wait, MaxWait)
}

// originKey is the R-PWD-5 key of an origin: the remote address without
// its port over SSH, the OS user of a local console. It holds a space,
// which no normalised email does, so it never meets a user's key.
func originKey(o Origin) string {
	if o.Local || o.Remote == "" {
		return "origin local user " + o.LocalUser
	}
	host, _, err := net.SplitHostPort(o.Remote)
	if err != nil {
		host = o.Remote
	}
	return "origin " + host
}

// beginOriginAttempt counts one check from origin in advance (spraying,
// R-PWD-5), or refuses while the origin waits.
func (s *Service) beginOriginAttempt(ctx context.Context, origin Origin) (Throttle, error) {
	return s.beginAttemptWith(ctx, originKey(origin), OriginThrottle.Rule)
}

// originSucceeded takes back the origin's count of a check that did not
// fail, or was not made: a right password must not clear what others from
// the same origin got wrong, so the count is only taken back, never reset.
func (s *Service) originSucceeded(ctx context.Context, origin Origin, counted Throttle) {
	if err := s.store.TakeBackAttempt(ctx, originKey(origin), counted); err != nil {
		s.log.Error("take back origin attempt", "err", err)
	}
}

// beginAttemptWith counts one attempt for key under rule in advance, or
// refuses with lockedError while the key waits.
func (s *Service) beginAttemptWith(ctx context.Context, key string, rule ThrottleRule) (Throttle, error) {
	now := s.now()
	th, allowed, err := s.store.BeginAttempt(ctx, key, now, rule)
	if err != nil {
		return th, s.internal("throttle", err)
	}
	if !allowed {
		return th, lockedError(now, th.LockedUntil)
	}
	return th, nil
}
