package model

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Title is the account status as the header and Account settings write
// it.
func (s AccountStatus) Title() string {
	switch s {
	case AccountActive:
		return "Active"
	case AccountDeactivationRequested:
		return "Deactivation requested"
	case AccountDeactivated:
		return "Deactivated"
	}
	return string(s)
}

// DeactivationStatus is where a deactivation request is (R-SET-5).
type DeactivationStatus string

// Statuses of a deactivation request.
const (
	DeactivationPending   DeactivationStatus = "pending"   // waiting for billing review
	DeactivationWithdrawn DeactivationStatus = "withdrawn" // the owner took it back
	DeactivationApproved  DeactivationStatus = "approved"  // the account is deactivated
	DeactivationRejected  DeactivationStatus = "rejected"  // staff gave a reason
)

// ChecklistItem is one point of the billing review: whether staff found it
// cleared, and their note.
type ChecklistItem struct {
	Cleared bool
	Note    string
}

// DeactivationChecklist is what billing review checks before an account is
// deactivated (R-SET-5, R-STF-3): outstanding debts, active services and a
// remaining balance.
type DeactivationChecklist struct {
	Debts          ChecklistItem
	ActiveServices ChecklistItem
	Balance        ChecklistItem
}

// DeactivationRequest is an owner's request to deactivate the account,
// filed for billing review (R-SET-5).
type DeactivationRequest struct {
	ID               int64
	AccountID        int64
	RequestedBy      int64
	RequestedByName  string
	RequestedByEmail string
	RequestedAt      time.Time
	Status           DeactivationStatus
	Checklist        DeactivationChecklist
	DecidedAt        *time.Time // when it was withdrawn, approved or rejected
	DecidedBy        string     // who did: the owner's email, or the staff member
	Reason           string     // why it was rejected
	Company          string     // the account's company name, read with it for display
}

// Errors of deactivation (R-SET-5).
var (
	ErrDeactivationPending = &Error{Code: ECONFLICT, Message: "A deactivation request is already waiting for billing review. Withdraw it under Account settings if you changed your mind."}
	ErrNoDeactivation      = &Error{Code: ECONFLICT, Message: "No deactivation request is waiting for review. Refresh Account settings."}
	// ErrAccountDeactivated answers every way in to a deactivated account:
	// sign-in, a session, an SSH key, an API key.
	ErrAccountDeactivated = &Error{Code: EUNAUTHORIZED, Message: "This account was deactivated at its owner's request, after billing review, and can no longer be used. If that is a mistake, contact support."}
)

// maxNamed is how many users a refusal names before it counts them.
const maxNamed = 3

// CheckOthersDisabled is R-SET-5's condition: every user of the account
// but the owner asking is disabled. An invited user counts as not
// disabled, since they could still accept. The refusal names the users
// still active or invited, or says how many when there are many. The
// Service asks it before the password; the store asks it again inside the
// transaction that files the request.
func CheckOthersDisabled(users []*User, ownerID int64) error {
	var left []string
	for _, u := range users {
		if u.ID == ownerID || u.Status == UserDisabled {
			continue
		}
		name := displayName(u)
		if u.Status == UserInvited {
			name += " (invited: cancel the invitation)"
		}
		left = append(left, name)
	}
	switch {
	case len(left) == 0:
		return nil
	case len(left) > maxNamed:
		return Errorf(ECONFLICT, "Disable every other user first: %d users are still active or invited, among them %s. Then request deactivation again.", len(left), strings.Join(left[:maxNamed], ", "))
	case len(left) == 1:
		return Errorf(ECONFLICT, "Disable every other user first: %s is still active. Then request deactivation again.", left[0])
	}
	return Errorf(ECONFLICT, "Disable every other user first: %s and %s are still active. Then request deactivation again.", strings.Join(left[:len(left)-1], ", "), left[len(left)-1])
}

// CheckDeactivation tells, without the password, whether
// RequestDeactivation would refuse and why, so that the screen can say so
// before it asks for confirmation and the password (R-SET-5).
func (s *Service) CheckDeactivation(ctx context.Context) error {
	_, err := s.deactivationCheck(ctx)
	return err
}

// deactivationCheck is the caller, allowed to request deactivation now.
func (s *Service) deactivationCheck(ctx context.Context) (*Actor, error) {
	a, err := s.allowedTo(ctx, ActionDeactivateAccount)
	if err != nil {
		return nil, err
	}
	if a.Account.Status == AccountDeactivationRequested {
		return nil, ErrDeactivationPending
	}
	users, err := s.store.ListUsers(ctx, a.Account.ID)
	if err != nil {
		return nil, s.internal("list users", err)
	}
	return a, CheckOthersDisabled(users, a.User.ID)
}

// RequestDeactivation files the caller's request to deactivate the
// account, after confirmation and the password (R-SET-5, R-PWD-4): owners
// only (R-ACC-4), and only when every other user is disabled
// (CheckOthersDisabled), both decided again when it commits (R-ACC-6).
// The account becomes deactivation_requested until billing review decides
// (ApproveDeactivation, RejectDeactivation) or the owner withdraws it.
// Audited and notified to the owner and the Billing and Primary contacts.
func (s *Service) RequestDeactivation(ctx context.Context, password string) (*DeactivationRequest, error) {
	a, err := s.deactivationCheck(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return nil, err
	}
	r := &DeactivationRequest{AccountID: a.Account.ID, RequestedBy: a.User.ID, RequestedByName: a.User.Name, RequestedByEmail: a.User.Email,
		RequestedAt: s.now(), Status: DeactivationPending}
	if err := s.store.RequestDeactivation(ctx, a.Guard(ActionDeactivateAccount), r, s.audit(a, "account.deactivation_requested", "account", "for billing review")); err != nil {
		return nil, s.internal("request deactivation", err)
	}
	s.notifyAccount(ctx, a.Account.ID, s.deactivationMessage(a.Account, NotifyDeactivation, "requested",
		displayName(a.User)+" asked to deactivate the account. Billing will check it for outstanding debts, active services and a remaining balance; once these are settled, the account is deactivated and nobody can sign in to it any more. Any owner can withdraw the request under Account settings until then."), a.User)
	return r, nil
}

// WithdrawDeactivation takes back the account's pending request (R-SET-5):
// owners only (R-ACC-4, R-ACC-6), without the password, since it keeps
// things as they are. The account is active again; audited and notified.
func (s *Service) WithdrawDeactivation(ctx context.Context) error {
	a, err := s.allowedTo(ctx, ActionDeactivateAccount)
	if err != nil {
		return err
	}
	_, err = s.store.WithdrawDeactivation(ctx, a.Guard(ActionDeactivateAccount), s.now(), s.audit(a, "account.deactivation_withdrawn", "account", ""))
	if err != nil {
		return s.internal("withdraw deactivation", err)
	}
	s.notifyAccount(ctx, a.Account.ID, s.deactivationMessage(a.Account, NotifyDeactivationUndone, "withdrawn",
		displayName(a.User)+" withdrew the request to deactivate the account. It stays active."), a.User)
	return nil
}

// LatestDeactivation returns the account's newest deactivation request,
// pending or decided, or nil when there was none: Account settings shows a
// pending one, or the outcome of the last, with the rejection's reason
// (R-SET-5). Every user of the account may read it.
func (s *Service) LatestDeactivation(ctx context.Context) (*DeactivationRequest, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	r, err := s.store.LatestDeactivation(ctx, a.Account.ID)
	if ErrorCode(err) == ENOTFOUND {
		return nil, nil
	}
	return r, s.internal("find deactivation request", err)
}

// DeactivationDecision is billing review's decision on a request (R-STF-3).
type DeactivationDecision struct {
	Approve   bool
	Reviewer  string // the staff member who decided
	Checklist DeactivationChecklist
	Reason    string // required to reject; shown to the account and notified
	At        time.Time
}

// ApproveDeactivation deactivates the account of a pending request after
// billing review (R-SET-5, R-STF-3): in one transaction the request is
// approved with the checklist, the account becomes deactivated and every
// session of its users ends; from then on sign-in, SSH keys and API keys
// are refused with ErrAccountDeactivated. Audited as "support: reviewer"
// and notified (billing) to the requesting owner and the contacts. It
// takes no session, like AddStaff: the staff console calls
// ApproveDeactivationReview, which names the staff member as reviewer.
func (s *Service) ApproveDeactivation(ctx context.Context, requestID int64, reviewer string, checklist DeactivationChecklist) (*DeactivationRequest, error) {
	return s.decideDeactivation(ctx, nil, requestID, DeactivationDecision{Approve: true, Reviewer: reviewer, Checklist: checklist})
}

// RejectDeactivation turns a pending request down with a reason after
// billing review (R-SET-5, R-STF-3): the account is active again, and the
// reason is shown on Account settings and notified (billing). As
// ApproveDeactivation; the staff console calls RejectDeactivationReview.
func (s *Service) RejectDeactivation(ctx context.Context, requestID int64, reviewer, reason string, checklist DeactivationChecklist) (*DeactivationRequest, error) {
	reason, err := ValidateRejectionReason(reason)
	if err != nil {
		return nil, err
	}
	return s.decideDeactivation(ctx, nil, requestID, DeactivationDecision{Reviewer: reviewer, Checklist: checklist, Reason: reason})
}

// ValidateRejectionReason trims the reason a deactivation request is
// rejected with and checks it: required, at most 1000 characters, line
// breaks kept (R-SET-5, R-STF-3).
func ValidateRejectionReason(reason string) (string, error) {
	reason = strings.TrimSpace(strings.ReplaceAll(reason, "\r\n", "\n"))
	if reason == "" {
		return "", Errorf(EINVALID, "Write why the request is rejected: the account's owners read it.")
	}
	return reason, checkMultiline("The reason", reason, MaxRejectionReason)
}

// decideDeactivation records d on request id, with its audit event and
// notice; staff is the staff member deciding, nil for a decision without
// a session. The checklist is checked first (CheckChecklist).
func (s *Service) decideDeactivation(ctx context.Context, staff *Actor, id int64, d DeactivationDecision) (*DeactivationRequest, error) {
	if err := CheckChecklist(d.Checklist, d.Approve); err != nil {
		return nil, err
	}
	d.Reviewer = strings.TrimSpace(d.Reviewer)
	if d.Reviewer == "" {
		d.Reviewer = "billing"
	}
	d.At = s.now()
	action, detail := "account.deactivation_rejected", clip(plainText(d.Reason), 200)
	if d.Approve {
		action, detail = "account.deactivated", "after billing review"
	}
	audit := &AuditEvent{Actor: "support: " + d.Reviewer, Action: action, Object: "account", Detail: detail, Origin: LocalOrigin, At: d.At}
	var g *Guard
	if staff != nil {
		d.Reviewer = staff.User.Email
		audit = s.supportAudit(staff, 0, action, "account", detail) // the store sets the account
		g = staff.Guard(ActionReviewDeactivation)
	}
	r, err := s.store.DecideDeactivation(ctx, g, id, d, audit)
	if err != nil {
		return nil, s.internal("decide deactivation", err)
	}
	acct, err := s.store.FindAccountByID(ctx, r.AccountID)
	if err != nil {
		return r, s.internal("find account", err)
	}
	owner := &User{ID: r.RequestedBy, AccountID: r.AccountID, Email: r.RequestedByEmail, Name: r.RequestedByName}
	text := "Billing reviewed the request to deactivate the account and approved it: the account is deactivated, every session ended, and nobody can sign in to it any more."
	status := "approved"
	if !d.Approve {
		status = "rejected"
		text = "Billing reviewed the request to deactivate the account and rejected it, so the account stays active. The reason:\n\n  " + d.Reason
	}
	s.notifyAccount(ctx, r.AccountID, s.deactivationMessage(acct, NotifyDeactivationDecided, status, text), owner)
	return r, nil
}

// deactivationMessage is the billing notice of a step of R-SET-5.
func (s *Service) deactivationMessage(acct *Account, kind, status, text string) Message {
	company := plainText(acct.CompanyName)
	return Message{Category: CategoryBilling, Kind: kind,
		Subject: "acctl: deactivation of " + oneLine(company) + " " + status,
		Body:    fmt.Sprintf("%s\n\nAccount: %s\nTime:    %s\n", text, company, utcTime(s.now()))}
}

// accountOpen is R-SET-5 at every way in: ErrAccountDeactivated when the
// account was deactivated.
func (s *Service) accountOpen(ctx context.Context, accountID int64) error {
	acct, err := s.store.FindAccountByID(ctx, accountID)
	if err != nil {
		return s.internal("find account", err)
	}
	if acct.Status == AccountDeactivated {
		return ErrAccountDeactivated
	}
	return nil
}

// AuthAccountDeactivated is the result of a right password for a user of a
// deactivated account (R-SET-5, R-SES-3).
const AuthAccountDeactivated AuthResult = "refused: account deactivated"
