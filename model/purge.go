package model

import (
	"context"
	"time"
)

// AuthEventsKept is how long the sign-in history keeps an attempt
// (R-SES-3): 400 days, then Purge deletes it.
const AuthEventsKept = 400 * 24 * time.Hour

// Purge forgets what acctl must not keep for ever: the throttles that no
// policy remembers any more (among them those of unknown emails once their
// wait ended and they stayed quiet, R-PWD-5) and the auth events older
// than AuthEventsKept. It needs no session; main calls it at start and
// every hour, and several processes may call it at once.
func (s *Service) Purge(ctx context.Context) error {
	now := s.now()
	if _, err := s.store.PurgeThrottles(ctx, now, max(PasswordThrottle.Memory, OriginThrottle.Memory)); err != nil {
		return s.internal("purge throttles", err)
	}
	if _, err := s.store.PurgeAuthEvents(ctx, now.Add(-AuthEventsKept)); err != nil {
		return s.internal("purge auth events", err)
	}
	return nil
}
