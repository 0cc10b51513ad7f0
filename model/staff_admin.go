package model

import "context"

// The provider's own administration of its staff, run on the server by
// whoever can open the database (`acctl staff list|disable|enable`, SPEC
// §10), as `acctl staff add` is: it takes no session.

// ErrNoSuchStaff refuses a staff command for an address that is not a
// staff member's.
var ErrNoSuchStaff = &Error{Code: ENOTFOUND, Message: "No staff member has that email. `acctl staff list` shows them."}

// Staff lists the provider's staff members, active, disabled and invited,
// by name.
func (s *Service) Staff(ctx context.Context) ([]*User, error) {
	provider, err := s.providerAccount(ctx)
	if err != nil {
		return nil, err
	}
	users, err := s.store.ListUsers(ctx, provider.ID)
	if err != nil {
		return nil, s.internal("list staff", err)
	}
	return users, nil
}

// DisableStaff ends a staff member's access at once, for someone who left:
// in one transaction their sessions end (their consoles sign out within
// two seconds, R-SES-2) and their API keys are revoked (R-USR-3); they
// cannot sign in, nor send files by scp, until enabled again. An invitation
// not accepted yet is cancelled instead, so that its code no longer works
// (cancelled reports it). Recorded in the provider's log.
func (s *Service) DisableStaff(ctx context.Context, email string) (u *User, cancelled bool, err error) {
	u, err = s.staffMember(ctx, email)
	if err != nil {
		return nil, false, err
	}
	if u.Status == UserInvited {
		audit := s.staffAudit(u, "acctl staff disable", "staff.invitation_cancelled", "the invitation code no longer works")
		if err := s.store.CancelInvitation(ctx, nil, u.ID, audit); err != nil {
			return nil, false, s.internal("cancel staff invitation", err)
		}
		return u, true, nil
	}
	disabled, err := s.store.DisableUser(ctx, nil, u.ID, s.staffAudit(u, "acctl staff disable", "staff.disabled", ""))
	if err != nil {
		return nil, false, s.internal("disable staff", err)
	}
	return disabled, false, nil
}

// EnableStaff lets a disabled staff member sign in again (R-USR-3); their
// revoked API keys stay revoked.
func (s *Service) EnableStaff(ctx context.Context, email string) (*User, error) {
	u, err := s.staffMember(ctx, email)
	if err != nil {
		return nil, err
	}
	if err := CheckEnableUser(u, u); err != nil {
		return nil, err
	}
	enabled, err := s.store.EnableUser(ctx, nil, u.ID, s.staffAudit(u, "acctl staff enable", "staff.enabled", ""))
	if err != nil {
		return nil, s.internal("enable staff", err)
	}
	return enabled, nil
}

// staffMember is the staff member whose email is email.
func (s *Service) staffMember(ctx context.Context, email string) (*User, error) {
	email, err := ValidateEmail(email)
	if err != nil {
		return nil, err
	}
	u, err := s.store.FindUserByEmail(ctx, email)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		return nil, ErrNoSuchStaff
	case err != nil:
		return nil, s.internal("find staff", err)
	case u.Role != RoleStaff:
		return nil, ErrNoSuchStaff
	}
	return u, nil
}

// providerAccount is the provider account, made on first use.
func (s *Service) providerAccount(ctx context.Context) (*Account, error) {
	provider, err := s.store.EnsureProviderAccount(ctx, &Account{CompanyName: ProviderCompanyName, Status: AccountActive,
		Enforce2FA: true, Kind: AccountProvider, CreatedAt: s.now()})
	if err != nil {
		return nil, s.internal("provider account", err)
	}
	return provider, nil
}

// staffAudit is the provider log's record of a staff command run on the
// server.
func (s *Service) staffAudit(u *User, command, action, detail string) *AuditEvent {
	return &AuditEvent{AccountID: u.AccountID, Actor: command, Action: action, Object: userObject(u), Detail: detail,
		Origin: StaffInvitationOrigin, At: s.now()}
}
