package model

import "context"

// MaxPage bounds one window of a paged list.
const MaxPage = 500

// SignInHistory returns one window of the caller's authentication attempts,
// newest first (R-SES-3).
func (s *Service) SignInHistory(ctx context.Context, p EventPage) ([]*AuthEvent, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	p.Limit = max(1, min(p.Limit, MaxPage))
	list, err := s.store.ListAuthEvents(ctx, a.User.ID, p)
	return list, s.internal("sign-in history", err)
}

// CountSignInHistory counts the caller's authentication attempts.
func (s *Service) CountSignInHistory(ctx context.Context) (int, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return 0, err
	}
	n, err := s.store.CountAuthEvents(ctx, a.User.ID)
	return n, s.internal("count sign-in history", err)
}

// SecurityLog returns one window of the account's audit log, newest first.
// Owners only (R-AUD-1, R-ACC-4).
func (s *Service) SecurityLog(ctx context.Context, p EventPage) ([]*AuditEvent, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(a.User.Role, ActionReadSecurityLog); err != nil {
		return nil, err
	}
	p.Limit = max(1, min(p.Limit, MaxPage))
	list, err := s.store.ListAudit(ctx, a.Account.ID, p)
	return list, s.internal("security log", err)
}
