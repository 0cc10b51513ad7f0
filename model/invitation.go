package model

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"strings"
	"time"
)

// InvitationTTL is how long an invitation can be accepted (R-USR-1).
const InvitationTTL = 7 * 24 * time.Hour

// NotifyInvitation is the kind of the invitation email, which carries the
// invitation's secret (R-USR-1): like the reset code, only its recipient
// may read it in the outbox, and the store erases it after delivery.
const NotifyInvitation = "invitation"

// Invitation is the pending invitation of an invited user (R-USR-1). Its
// secret exists only in the invitation email; the store keeps its SHA-256
// (SPEC §7), which is also what it is looked up by.
type Invitation struct {
	UserID     int64 // the invited user
	AccountID  int64
	InvitedBy  int64 // the owner who sent it last
	SecretHash []byte
	CreatedAt  time.Time
	ExpiresAt  time.Time
}

// Expired reports whether the invitation can no longer be accepted at now.
func (inv *Invitation) Expired(now time.Time) bool { return !now.Before(inv.ExpiresAt) }

// Invitation secrets: 160 random bits from crypto/rand, written like the
// recovery codes in Crockford's base32 (32 characters, in dash-separated
// groups of four). They are pasted from the email, so only case, spaces and
// dashes are forgiven.
const (
	invitationSecretBytes = 20
	invitationCodeLen     = invitationSecretBytes * 8 / 5
)

// Errors of invitations.
var (
	// ErrInvitationUnknown answers a code that matches no pending
	// invitation. It does not say whether one ever existed.
	ErrInvitationUnknown = &Error{Code: EUNAUTHORIZED, Message: "That invitation code is not valid: it may have been used, cancelled or replaced by a newer one. Paste the code from the latest invitation email, or ask an owner of the account to send it again."}
	// ErrInvitationExpired answers the right code after InvitationTTL.
	ErrInvitationExpired = &Error{Code: EUNAUTHORIZED, Message: "This invitation has expired: invitations are valid for 7 days. Ask an owner of the account to send it again."}
	// ErrNotInvited refuses to re-send or cancel the invitation of a user
	// who has accepted it meanwhile.
	ErrNotInvited = &Error{Code: ECONFLICT, Message: "That user has already accepted the invitation. Refresh the list."}
)

// newInvitationSecret returns a fresh secret as the email shows it and its
// stored hash.
func newInvitationSecret() (code string, hash []byte, err error) {
	b := make([]byte, invitationSecretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("invitation secret: %w", err)
	}
	canonical := crockford.EncodeToString(b)
	return groupRecoveryCode(canonical), hashToken(canonical), nil
}

// canonicalInvitationCode reads a pasted code; false for anything that is
// not one.
func canonicalInvitationCode(typed string) (string, bool) {
	stripped, ok := stripCode(typed)
	code := strings.ToLower(stripped)
	if !ok || len(code) != invitationCodeLen || !isCrockford(code) {
		return "", false
	}
	if _, err := crockford.DecodeString(code); err != nil {
		return "", false
	}
	return code, true
}

// errNotInvitationCode answers what cannot be an invitation code at all.
var errNotInvitationCode = Errorf(EINVALID, "That is not an invitation code. Paste the code from the invitation email: %d letters and digits, in groups of four.", invitationCodeLen)

// CheckInvitationCode says whether typed has the form of an invitation
// code, so that a form can say so before anything is sent; only
// AcceptInvitation knows whether it is valid.
func CheckInvitationCode(typed string) error {
	if _, ok := canonicalInvitationCode(typed); !ok {
		return errNotInvitationCode
	}
	return nil
}

// InviteUser invites a person into the caller's account with role
// (R-USR-1): owners only (R-ACC-4), after the password (R-PWD-4), whose
// failures count towards R-PWD-5, checked again at commit (R-ACC-6). The
// email must belong to no user anywhere in the store (R-ACC-2):
// ErrEmailTaken says so without saying where. The invited user exists at
// once, with status invited and no password; the invitation's secret goes
// into the email queued to them, sealed until delivery (SPEC §7). When no
// mail server is configured (Config.Mail false) the secret is returned
// too, for the console to show the inviter once, in the secret panel, to
// hand over (R-PWD-7); otherwise the returned code is "".
func (s *Service) InviteUser(ctx context.Context, email string, role Role, password string) (*User, string, error) {
	a, err := s.userManager(ctx)
	if err != nil {
		return nil, "", err
	}
	if err := s.needSealer(); err != nil {
		return nil, "", err
	}
	email, err = ValidateEmail(email)
	if err != nil {
		return nil, "", err
	}
	if err := validateRole(role); err != nil {
		return nil, "", err
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return nil, "", err
	}
	code, hash, err := newInvitationSecret()
	if err != nil {
		return nil, "", s.internal("invite user", err)
	}
	now := s.now()
	u := &User{AccountID: a.Account.ID, Email: email, Role: role, Status: UserInvited, CreatedAt: now}
	inv := &Invitation{AccountID: a.Account.ID, InvitedBy: a.User.ID, SecretHash: hash, CreatedAt: now, ExpiresAt: now.Add(InvitationTTL)}
	audit := s.audit(a, "user.invited", userObject(u), "as "+role.Title()+", valid 7 days")
	if err := s.store.CreateInvitation(ctx, a.Guard(ActionManageUsers), u, inv, audit); err != nil {
		return nil, "", s.internal("invite user", err)
	}
	s.notifyInvitation(ctx, a, u, code, inv.ExpiresAt)
	return u, s.handOver(code), nil
}

// handOver is a one-time code as the inviter or owner gets it back
// (R-PWD-7): the code itself when no mail server can deliver it, "" when
// one is configured and the email carries it.
func (s *Service) handOver(code string) string {
	if s.mail {
		return ""
	}
	return code
}

// ResendInvitation sends an invited user a new invitation, valid for
// another InvitationTTL, after the password (R-USR-1, R-PWD-4). The old
// secret stops working in the same transaction. Like InviteUser it returns
// the new code when no mail server is configured (R-PWD-7), "" otherwise.
func (s *Service) ResendInvitation(ctx context.Context, userID int64, password string) (*User, string, error) {
	if err := s.needSealer(); err != nil {
		return nil, "", err
	}
	a, u, err := s.confirmed(ctx, password)(s.invitedUser(ctx, userID))
	if err != nil {
		return nil, "", err
	}
	code, hash, err := newInvitationSecret()
	if err != nil {
		return nil, "", s.internal("re-send invitation", err)
	}
	now := s.now()
	inv := &Invitation{UserID: u.ID, AccountID: a.Account.ID, InvitedBy: a.User.ID, SecretHash: hash, CreatedAt: now, ExpiresAt: now.Add(InvitationTTL)}
	err = s.store.RenewInvitation(ctx, a.Guard(ActionManageUsers), inv, s.audit(a, "user.invitation_resent", userObject(u), "valid 7 days; the earlier code no longer works"))
	if ErrorCode(err) == ENOTFOUND {
		return nil, "", ErrNotInvited
	}
	if err != nil {
		return nil, "", s.internal("re-send invitation", err)
	}
	s.notifyInvitation(ctx, a, u, code, inv.ExpiresAt)
	return u, s.handOver(code), nil
}

// CancelInvitation withdraws an invitation after the password (R-USR-1,
// R-PWD-4): the invited user is removed, and their email is free again.
func (s *Service) CancelInvitation(ctx context.Context, userID int64, password string) error {
	a, u, err := s.confirmed(ctx, password)(s.invitedUser(ctx, userID))
	if err != nil {
		return err
	}
	err = s.store.CancelInvitation(ctx, a.Guard(ActionManageUsers), u.ID, s.audit(a, "user.invitation_cancelled", userObject(u), "the invited user was removed"))
	if ErrorCode(err) == ENOTFOUND {
		return ErrNotInvited
	}
	return s.internal("cancel invitation", err)
}

// invitedUser is the caller, allowed to manage users, and the invited user
// userID of their account.
func (s *Service) invitedUser(ctx context.Context, userID int64) (*Actor, *User, error) {
	a, u, err := s.managedUser(ctx, userID)
	if err != nil {
		return nil, nil, err
	}
	if u.Status != UserInvited {
		return nil, nil, ErrNotInvited
	}
	return a, u, nil
}

// AcceptInvitationRequest is what the "I have an invitation" screen
// collects.
type AcceptInvitationRequest struct {
	Secret   string
	Name     string
	Password string
	Origin   Origin
	Client   Client
}

// AcceptInvitation spends an invitation (R-USR-1): with its secret, the
// invited person's name and a password that passes R-PWD-1, their user
// becomes active and is signed in, with the newcomer mark set, so that the
// console offers nothing but 2FA setup until it is on (R-2FA-8). The secret
// works once and only before it expires. Wrong codes are throttled as
// passwords are (R-PWD-5), keyed by where they come from: the local
// terminal, or the remote address without its port.
func (s *Service) AcceptInvitation(ctx context.Context, req AcceptInvitationRequest) (*SignInResult, error) {
	code, ok := canonicalInvitationCode(req.Secret)
	if !ok {
		return nil, errNotInvitationCode
	}
	name, err := ValidatePersonName(req.Name)
	if err != nil {
		return nil, err
	}
	inv, err := s.findInvitation(ctx, code, req.Origin)
	if err != nil {
		return nil, err
	}
	u, err := s.store.FindUserByID(ctx, inv.UserID)
	if err != nil {
		return nil, s.internal("load invited user", err)
	}
	acct, err := s.store.FindAccountByID(ctx, u.AccountID)
	if err != nil {
		return nil, s.internal("load account", err)
	}
	if err := CheckPasswordPolicy(req.Password, name, u.Email, acct.CompanyName); err != nil {
		return nil, err
	}
	hash, err := s.hasher.Hash(ctx, req.Password)
	if err != nil {
		return nil, s.internal("hash password", err)
	}
	audit := &AuditEvent{AccountID: u.AccountID, ActorID: u.ID, Actor: u.Email, Action: "user.invitation_accepted",
		Object: userObject(u), Detail: "joined as " + u.Role.Title(), Origin: req.Origin, At: s.now()}
	u, err = s.store.AcceptInvitation(ctx, inv.SecretHash, name, hash, audit)
	switch {
	case ErrorCode(err) == ENOTFOUND: // spent in another console meanwhile
		return nil, ErrInvitationUnknown
	case err != nil:
		return nil, s.internal("accept invitation", err)
	}
	s.recordAuth(ctx, u, u.Email, AuthSignIn, AuthSucceeded, req.Origin, req.Client)
	sess, err := s.openSession(ctx, u, req.Origin, req.Client)
	if err != nil {
		return nil, err
	}
	return &SignInResult{Session: sess}, nil
}

// findInvitation is one R-PWD-5 attempt at an invitation code from origin:
// refused while that origin waits, counted as a failure unless the code
// matches a pending invitation, which must not have expired.
func (s *Service) findInvitation(ctx context.Context, code string, origin Origin) (*Invitation, error) {
	key := invitationThrottleKey(origin)
	if _, err := s.beginAttempt(ctx, key); err != nil {
		return nil, err
	}
	hash := hashToken(code)
	inv, err := s.store.FindInvitation(ctx, hash)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		return nil, ErrInvitationUnknown
	case err != nil:
		return nil, s.internal("find invitation", err)
	case subtle.ConstantTimeCompare(inv.SecretHash, hash) != 1:
		return nil, ErrInvitationUnknown
	}
	if err := s.resetAttempts(ctx, key); err != nil {
		return nil, err
	}
	if inv.Expired(s.now()) {
		return nil, ErrInvitationExpired
	}
	return inv, nil
}

// invitationThrottleKey is the R-PWD-5 key of invitation codes typed at
// origin: per remote address, or per local OS user, so that one console's
// guesses do not lock out another's invitee.
func invitationThrottleKey(o Origin) string {
	return "invitation code from " + originKey(o)
}

// notifyInvitation queues the invitation email to u, sent by a: the only
// place the secret code ever appears, sealed until delivery (SPEC §7), and
// erased by the store after it.
func (s *Service) notifyInvitation(ctx context.Context, a *Actor, u *User, code string, expires time.Time) {
	company := plainText(a.Account.CompanyName)
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s) invited you to the account of %s in acctl, as %s.\n\n", plainText(a.User.Name), a.User.Email, company, u.Role.Title())
	writeAcceptSteps(&b, expires, "After you accept, acctl asks you to set up two-factor authentication before anything else.")
	s.notifyCode(ctx, u, ChannelEmail, u.Email, NotifyInvitation, "acctl: you are invited to "+company, b.String(), code)
}

// writeAcceptSteps writes how to accept an invitation, with the place of
// the code (sealed apart, SPEC §7), when it expires, then, what comes
// after accepting it.
func writeAcceptSteps(b *strings.Builder, expires time.Time, then string) {
	b.WriteString("To accept the invitation:\n")
	b.WriteString("  1. Open acctl (or connect to it over SSH).\n")
	b.WriteString("  2. On the sign-in screen, choose \"I have an invitation\".\n")
	fmt.Fprintf(b, "  3. Paste this code: %s\n", CodeMarker)
	b.WriteString("  4. Type your name and choose a password.\n\n")
	fmt.Fprintf(b, "The code works once and expires on %s. %s\n\n", expires.UTC().Format("2006-01-02 15:04 UTC"), then)
	b.WriteString("If you did not expect this invitation, ignore this email: nothing happens unless the code is used.\n")
}
