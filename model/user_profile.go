package model

import (
	"context"
	"fmt"
)

// ChangeName sets the caller's name.
func (s *Service) ChangeName(ctx context.Context, name string) (*User, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	name, err = ValidatePersonName(name)
	if err != nil {
		return nil, err
	}
	if name == a.User.Name {
		return a.User, nil
	}
	u, err := s.store.UpdateUser(ctx, a.User.ID, UserUpdate{Name: &name, Guard: a.Guard("")},
		s.audit(a, "user.name_changed", userObject(a.User), "to "+name))
	return u, s.internal("change name", err)
}

// ChangeEmail sets the caller's email after confirming their password
// (R-PWD-4). The address must be free in the whole store (R-ACC-2); the
// message on conflict does not say who has it. Every other session of the
// user ends in the same transaction, and both the old and the new address
// get the R-PWD-6 notice.
func (s *Service) ChangeEmail(ctx context.Context, email, password string) (*User, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	email, err = ValidateEmail(email)
	if err != nil {
		return nil, err
	}
	if email == a.User.Email {
		return nil, Errorf(EINVALID, "That is already your email address. Type a different one.")
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return nil, err
	}
	keep := a.Session.ID
	u, err := s.store.UpdateUser(ctx, a.User.ID, UserUpdate{Email: &email, EndSessionsExcept: &keep, Guard: a.Guard("")},
		s.audit(a, "user.email_changed", userObject(a.User), "from "+a.User.Email+" to "+email+"; other sessions ended"))
	if err != nil {
		return nil, s.internal("change email", err)
	}
	happened := fmt.Sprintf("The email address of your acctl user was changed from %s to %s. Your other sessions were ended.", a.User.Email, email)
	s.securityNotice(ctx, a, a.User.Email, NotifyEmailChanged, "your email address was changed", happened)
	s.securityNotice(ctx, a, email, NotifyEmailChanged, "your email address was changed", happened)
	return u, nil
}

// ChangePassword sets a new password after checking the current one
// (R-PWD-2); the new one must pass R-PWD-1. Every other session of the user
// ends in the same transaction.
func (s *Service) ChangePassword(ctx context.Context, current, next string) error {
	a, err := s.Me(ctx)
	if err != nil {
		return err
	}
	if err := CheckPasswordPolicy(next, a.User.Name, a.User.Email, a.Account.CompanyName); err != nil {
		return err
	}
	if current == next {
		return Errorf(EINVALID, "The new password is the same as the current one. Choose a different one.")
	}
	if err := s.confirm(ctx, a, AuthChange, current); err != nil {
		if err == ErrWrongPassword {
			return Errorf(EUNAUTHORIZED, "The current password is not correct. Type it again.")
		}
		return err
	}
	hash, err := s.hasher.Hash(ctx, next)
	if err != nil {
		return s.internal("hash password", err)
	}
	keep := a.Session.ID
	_, err = s.store.UpdateUser(ctx, a.User.ID, UserUpdate{PasswordHash: &hash, EndSessionsExcept: &keep, Guard: a.Guard("")},
		s.audit(a, "user.password_changed", userObject(a.User), "other sessions ended"))
	if err != nil {
		return s.internal("change password", err)
	}
	s.notifyPasswordChanged(ctx, a) // R-PWD-2
	return nil
}

// SetSignInNotifications opts the caller in or out of a notification for
// every sign-in attempt (R-SES-4).
func (s *Service) SetSignInNotifications(ctx context.Context, on bool) (*User, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	detail := "off"
	if on {
		detail = "on"
	}
	u, err := s.store.UpdateUser(ctx, a.User.ID, UserUpdate{NotifySignIn: &on, Guard: a.Guard("")},
		s.audit(a, "user.sign_in_notifications", userObject(a.User), detail))
	return u, s.internal("set sign-in notifications", err)
}

// userObject names a user in the audit log.
func userObject(u *User) string { return "user " + u.Email }
