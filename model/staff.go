package model

import (
	"context"
	"strings"
	"time"
)

// AccountKind tells a customer's account from the provider's (SPEC §10).
type AccountKind string

// Account kinds. There is one provider account at most: its users are the
// provider's support staff, who sign in, keep sessions, 2FA and R-PWD-5
// waits like everyone else, and whose role is RoleStaff.
const (
	AccountCustomer AccountKind = "customer"
	AccountProvider AccountKind = "provider"
)

// ProviderCompanyName is the name of the provider account, which the
// console's header shows to staff.
const ProviderCompanyName = "Support staff"

// IsProvider reports whether the account is the provider's, whose users are
// staff (SPEC §10).
func (a *Account) IsProvider() bool { return a.Kind == AccountProvider }

// IsStaff reports whether the caller is one of the provider's staff, so a
// front end shows the staff menu (the queues) instead of the customer's
// sections (SPEC §10).
func (a *Actor) IsStaff() bool { return a.User.Role == RoleStaff }

// Errors of the staff side.
var (
	// ErrStaffOnly refuses a staff action to a customer (SPEC §10).
	ErrStaffOnly = &Error{Code: EFORBIDDEN, Message: "Only the provider's support staff can do that."}
	// ErrNotForStaff refuses a customer's action to a staff member: staff
	// answer requests from the staff queues and have no account of their
	// own to act on (SPEC §10).
	ErrNotForStaff = &Error{Code: EFORBIDDEN, Message: "This is for the people of a customer's account. Staff work requests and verifications from the staff queues."}
	// ErrAlreadyStaff refuses to invite an active or disabled staff member
	// again.
	ErrAlreadyStaff = &Error{Code: ECONFLICT, Message: "That person is already a staff member. Nothing was changed."}
	// ErrStaffNeed2FA refuses to turn two-factor authentication off for a
	// staff member, for whom it is mandatory (SPEC §10).
	ErrStaffNeed2FA = &Error{Code: EFORBIDDEN, Message: "Two-factor authentication is mandatory for staff, so it cannot be turned off. Keep your recovery codes: they sign you in if you lose the app."}
)

// staff is the caller, a staff member allowed to do action (SPEC §10).
func (s *Service) staff(ctx context.Context, action Action) (*Actor, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	if !a.Can(action) {
		return nil, ErrStaffOnly
	}
	return a, nil
}

// customer is the caller, a person of a customer's account allowed to do
// action: staff get ErrNotForStaff, a role without it the R-ACC-4 answer.
func (s *Service) customer(ctx context.Context, action Action) (*Actor, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	if a.IsStaff() || a.Account.IsProvider() {
		return nil, ErrNotForStaff
	}
	if !a.Can(action) {
		return nil, authorize(a.User.Role, action)
	}
	return a, nil
}

// StaffInvitation is what `acctl staff add` prints on the server's
// terminal: who was invited and the invitation code, shown there once so
// that it reaches the person without a mail server (R-PWD-7). The code is
// never logged.
type StaffInvitation struct {
	User      *User
	Code      string
	ExpiresAt time.Time
	// Resent is set when the person was invited before and had not
	// accepted yet: the earlier code no longer works.
	Resent bool
}

// StaffInvitationOrigin is the origin recorded for `acctl staff add`,
// which runs on the server.
var StaffInvitationOrigin = LocalOrigin

// AddStaff invites email into the provider account as a staff member
// (SPEC §10), creating that account on first use. It is run on the server
// (`acctl staff add EMAIL`), by whoever can open the database and its
// data directory, so it takes no session. The invitation is the same as
// a customer's (R-USR-1): a single-use code valid 7 days, queued in the
// invitation email and returned once for the terminal; accepting it makes
// an active staff member who must set up 2FA before anything else, and
// always will (the provider account enforces it, R-2FA-7). Inviting
// someone who is still invited sends a new code; an address that is
// already a customer's user is taken (R-ACC-2), one that is already staff
// gives ErrAlreadyStaff.
func (s *Service) AddStaff(ctx context.Context, email string) (*StaffInvitation, error) {
	email, err := ValidateEmail(email)
	if err != nil {
		return nil, err
	}
	now := s.now()
	provider, err := s.providerAccount(ctx)
	if err != nil {
		return nil, err
	}
	existing, err := s.store.FindUserByEmail(ctx, email)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		existing = nil
	case err != nil:
		return nil, s.internal("find user", err)
	case existing.AccountID != provider.ID:
		return nil, ErrEmailTaken
	case existing.Status != UserInvited:
		return nil, ErrAlreadyStaff
	}
	code, hash, err := newInvitationSecret()
	if err != nil {
		return nil, s.internal("invite staff", err)
	}
	inv := &Invitation{AccountID: provider.ID, SecretHash: hash, CreatedAt: now, ExpiresAt: now.Add(InvitationTTL)}
	audit := &AuditEvent{AccountID: provider.ID, Actor: "acctl staff add", Origin: StaffInvitationOrigin, At: now}
	out := &StaffInvitation{Code: code, ExpiresAt: inv.ExpiresAt}
	if existing != nil {
		inv.UserID, out.User, out.Resent = existing.ID, existing, true
		audit.Action, audit.Object, audit.Detail = "staff.invitation_resent", userObject(existing), "valid 7 days; the earlier code no longer works"
		err = s.store.RenewInvitation(ctx, nil, inv, audit)
	} else {
		out.User = &User{AccountID: provider.ID, Email: email, Role: RoleStaff, Status: UserInvited, CreatedAt: now}
		audit.Action, audit.Object, audit.Detail = "staff.invited", userObject(out.User), "valid 7 days"
		err = s.store.CreateInvitation(ctx, nil, out.User, inv, audit)
	}
	if err != nil {
		return nil, s.internal("invite staff", err)
	}
	s.notifyStaffInvitation(ctx, out.User, code, inv.ExpiresAt)
	return out, nil
}

// notifyStaffInvitation queues the invitation email of a staff member,
// the only message that carries the code, sealed until delivery like a
// customer's invitation (SPEC §7).
func (s *Service) notifyStaffInvitation(ctx context.Context, u *User, code string, expires time.Time) {
	var b strings.Builder
	b.WriteString("You are invited to acctl as a member of the provider's support staff.\n\n")
	writeAcceptSteps(&b, expires, "Two-factor authentication is mandatory for staff: acctl asks you to set it up before anything else.")
	s.notifyCode(ctx, u, ChannelEmail, u.Email, NotifyInvitation, "acctl: you are invited to the support staff", b.String(), code)
}

// supportAudit builds the audit event of a staff member's action on a
// customer's data: it goes into that customer's security log, its action
// prefixed "support: " (R-STF-4), with the staff member as actor.
func (s *Service) supportAudit(staff *Actor, accountID int64, action, object, detail string) *AuditEvent {
	e := s.audit(staff, SupportAction(action), object, detail)
	e.AccountID = accountID
	return e
}

// SupportAction is how a staff member's action appears in a customer's
// security log: "support: ticket.replied" (R-STF-4).
func SupportAction(action string) string { return "support: " + action }
