package model

import "context"

// SessionEndReason says, for a console whose session is no longer open, why
// it ended, in a sentence for the sign-in screen: the user was disabled,
// the account was deactivated, or the session was closed from elsewhere
// (R-SES-2, R-USR-3, R-SET-5).
func (s *Service) SessionEndReason(ctx context.Context) string {
	const closed = "This session was closed from another console. Sign in again."
	sess, err := s.store.FindSession(ctx, SessionIDFrom(ctx))
	if err != nil {
		return closed
	}
	u, err := s.store.FindUserByID(ctx, sess.UserID)
	if err != nil {
		return closed
	}
	if u.Status == UserDisabled {
		return "An owner of your account disabled your user, so this session has ended."
	}
	if acct, err := s.store.FindAccountByID(ctx, u.AccountID); err == nil && acct.Status == AccountDeactivated { // R-SET-5, R-STF-3
		return ErrAccountDeactivated.Message
	}
	return closed
}
