package model

import "context"

// ErrThisSession refuses to end the caller's own current session from a
// list of sessions (R-SES-6): that is signing out. A console may say it
// before asking for the password, for the row it marks as its own.
var ErrThisSession = &Error{Code: EINVALID, Message: "That is this session. To close it, sign out."}

// ListUserSessions returns the open sessions of user userID, newest first
// (R-SES-6, R-SES-2): the caller's own, or for an owner those of any user
// of their account, as the Users screen shows them.
func (s *Service) ListUserSessions(ctx context.Context, userID int64) ([]*Session, error) {
	_, u, err := s.sessionsOf(ctx, userID)
	if err != nil {
		return nil, err
	}
	list, err := s.store.ListOpenSessions(ctx, u.ID)
	return list, s.internal("list sessions", err)
}

// EndUserSession ends one session of user userID after the caller's
// password (R-SES-6, R-PWD-4): another user's for an owner, or another of
// the caller's own. The caller's own current session is ended by signing
// out, not here. Its console signs out within two seconds (R-SES-2).
func (s *Service) EndUserSession(ctx context.Context, userID int64, sessionID, password string) error {
	a, u, err := s.sessionsOf(ctx, userID)
	if err != nil {
		return err
	}
	if sessionID == a.Session.ID {
		return ErrThisSession
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return err
	}
	_, err = s.store.EndSessions(ctx, s.sessionsGuard(a, u), u.ID, []string{sessionID}, s.now(), s.endSessionsAudit(a, u))
	if ErrorCode(err) == ENOTFOUND {
		return Errorf(ENOTFOUND, "That session is already closed. The list has been refreshed.")
	}
	return s.internal("end session", err)
}

// EndUserSessions ends every open session of user userID after the
// caller's password (R-SES-6, R-PWD-4), but never the caller's own current
// session: for an owner, all of another user's; for the caller themself,
// every other one of theirs. It returns how many it ended.
func (s *Service) EndUserSessions(ctx context.Context, userID int64, password string) (int, error) {
	a, u, err := s.sessionsOf(ctx, userID)
	if err != nil {
		return 0, err
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return 0, err
	}
	n, err := s.store.EndSessions(ctx, s.sessionsGuard(a, u), u.ID, nil, s.now(), s.endSessionsAudit(a, u))
	return n, s.internal("end sessions", err)
}

// CloseOtherSessions closes every session of the caller but this one,
// after the password (R-SES-6, R-PWD-4), and returns how many it closed.
// A console offers it after every change of R-PWD-6: a password change,
// 2FA turned on or off, new recovery codes, a new mobile number.
func (s *Service) CloseOtherSessions(ctx context.Context, password string) (int, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return 0, err
	}
	return s.EndUserSessions(ctx, a.User.ID, password)
}

// sessionsOf is the caller and user userID, whose sessions the caller may
// see and end (CheckSessionsOf).
func (s *Service) sessionsOf(ctx context.Context, userID int64) (*Actor, *User, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, nil, err
	}
	u, err := s.accountUser(ctx, a, userID)
	if err != nil {
		return nil, nil, err
	}
	if err := CheckSessionsOf(a.User, u); err != nil {
		return nil, nil, err
	}
	return a, u, nil
}

// sessionsGuard is the guard of ending u's sessions: ending another
// user's needs an owner (R-ACC-4, R-ACC-6).
func (s *Service) sessionsGuard(a *Actor, u *User) *Guard {
	if u.ID == a.User.ID {
		return a.Guard("")
	}
	return a.Guard(ActionManageUsers)
}

// endSessionsAudit is the audit event of each session a ends of u.
func (s *Service) endSessionsAudit(a *Actor, u *User) *AuditEvent {
	detail := "ended by its user"
	if u.ID != a.User.ID {
		detail = "session of " + u.Email + " ended by an owner"
	}
	return s.audit(a, "session.closed", "", detail)
}
