package model

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// CallerMatchTTL is how long after a caller gave the right support PIN a
// staff member may issue a reset code for a user of that account (R-STF-5,
// R-PWD-7).
const CallerMatchTTL = 5 * time.Minute

// MaxCallerAccounts is how many accounts the caller check's search shows.
const MaxCallerAccounts = 20

// CallerMatch is a staff member's last match of an account's support PIN
// (R-STF-5): for CallerMatchTTL after it, and for that account only, they
// may issue one reset code for a user of the account.
type CallerMatch struct {
	StaffID   int64
	AccountID int64
	MatchedAt time.Time
}

// Until is when the match stops allowing a reset code.
func (m *CallerMatch) Until() time.Time { return m.MatchedAt.Add(CallerMatchTTL) }

// Fresh reports whether the match still allows a reset code at now.
func (m *CallerMatch) Fresh(now time.Time) bool {
	return m != nil && !now.Before(m.MatchedAt) && now.Before(m.Until())
}

// CallerCheck is the answer to a caller check: whether the PIN matched
// and, when it did, until when a reset code may be issued.
type CallerCheck struct {
	Match bool
	Until time.Time // zero when it did not match
}

// Errors of the caller check (R-STF-5).
var (
	// ErrNoCallerMatch refuses a reset code without a fresh match of the
	// account's PIN by the same staff member.
	ErrNoCallerMatch = &Error{Code: EFORBIDDEN, Message: "Check the caller's support PIN for this account first: a reset code can be issued once, within 5 minutes of a match."}
	// ErrNoCustomerAccount answers an account that does not exist or is
	// not a customer's.
	ErrNoCustomerAccount = &Error{Code: ENOTFOUND, Message: "There is no customer account with that number. Search by the company name instead."}
)

// CheckCallerReset is the rule of a reset code issued after a caller
// check (R-STF-5, R-PWD-7), on the match and the user as read inside the
// committing transaction: the staff member's match of accountID is fresh
// at now, and the user is an active user of that account.
func CheckCallerReset(m *CallerMatch, accountID int64, target *User, now time.Time) error {
	if m == nil || m.AccountID != accountID || !m.Fresh(now) {
		return ErrNoCallerMatch
	}
	if target == nil || target.AccountID != accountID {
		return ErrNotFound
	}
	switch target.Status {
	case UserActive:
		return nil
	case UserInvited:
		return Errorf(EINVALID, "%s has not accepted the invitation yet: an owner of the account can re-send it.", displayName(target))
	}
	return Errorf(EINVALID, "%s is disabled: an owner of the account must enable them first.", displayName(target))
}

// FindCallerAccounts looks up customer accounts for the caller check
// (R-STF-5): by number ("12" or "#12"), or by the start of the company
// name without case, at most MaxCallerAccounts in the order of their
// names. An empty filter lists the first ones. Staff only.
func (s *Service) FindCallerAccounts(ctx context.Context, filter string) ([]*Account, error) {
	if _, err := s.staff(ctx, ActionCheckCallers); err != nil {
		return nil, err
	}
	filter = strings.TrimSpace(filter)
	if !utf8.ValidString(filter) || utf8.RuneCountInString(filter) > 100 {
		return nil, Errorf(EINVALID, "Type the start of the company name, or the account's number.")
	}
	var out []*Account
	if id, err := strconv.ParseInt(strings.TrimPrefix(filter, "#"), 10, 64); err == nil && id > 0 {
		acct, err := s.store.FindAccountByID(ctx, id)
		switch {
		case err == nil && !acct.IsProvider():
			out = append(out, acct)
		case err != nil && ErrorCode(err) != ENOTFOUND:
			return nil, s.internal("find account", err)
		}
	}
	list, err := s.store.FindCustomerAccounts(ctx, filter, MaxCallerAccounts)
	if err != nil {
		return nil, s.internal("find accounts", err)
	}
	for _, a := range list {
		if len(out) < MaxCallerAccounts && (len(out) == 0 || a.ID != out[0].ID) {
			out = append(out, a)
		}
	}
	return out, nil
}

// CheckCaller tells the calling staff member whether pin is the support
// PIN of the account a caller names (R-STF-5, R-SET-3): match or no match,
// never the PIN. Checks are throttled per account by R-PWD-5's waits
// (ELOCKED with RetryAt), whoever checks. Each check is in the customer's
// log as "support: support_pin.checked" by the staff member; a match is
// recorded for them, so that for CallerMatchTTL they may issue one reset
// code for a user of that account (IssueCallerResetCode).
func (s *Service) CheckCaller(ctx context.Context, accountID int64, pin string) (*CallerCheck, error) {
	a, err := s.staff(ctx, ActionCheckCallers)
	if err != nil {
		return nil, err
	}
	acct, err := s.store.FindAccountByID(ctx, accountID)
	if ErrorCode(err) == ENOTFOUND || (err == nil && acct.IsProvider()) {
		return nil, ErrNoCustomerAccount
	}
	if err != nil {
		return nil, s.internal("find account", err)
	}
	match, err := s.checkPIN(ctx, accountID, pin)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out, result := &CallerCheck{Match: match}, "no match"
	var m *CallerMatch
	if match {
		m = &CallerMatch{StaffID: a.User.ID, AccountID: accountID, MatchedAt: now}
		out.Until, result = m.Until(), "match"
	}
	audit := s.supportAudit(a, accountID, "support_pin.checked", "support PIN", result)
	if err := s.store.RecordCallerCheck(ctx, a.Guard(ActionCheckCallers), accountID, m, audit); err != nil {
		return nil, s.internal("record caller check", err)
	}
	return out, nil
}

// CallerUsers lists the users of the account whose PIN the calling staff
// member matched within CallerMatchTTL (R-STF-5), to choose whom a reset
// code is for: names, emails, roles and statuses. The listing is in the
// customer's log as "support: users.listed". ErrNoCallerMatch without a
// fresh match.
func (s *Service) CallerUsers(ctx context.Context, accountID int64) ([]*User, error) {
	a, err := s.staff(ctx, ActionCheckCallers)
	if err != nil {
		return nil, err
	}
	if err := s.freshMatch(ctx, a, accountID); err != nil {
		return nil, err
	}
	users, err := s.store.ListUsers(ctx, accountID)
	if err != nil {
		return nil, s.internal("list users", err)
	}
	if err := s.store.AddAudit(ctx, s.supportAudit(a, accountID, "users.listed", fmt.Sprintf("account %d", accountID), "after a caller check")); err != nil {
		return nil, s.internal("audit", err)
	}
	return users, nil
}

// freshMatch is ErrNoCallerMatch unless a matched accountID's PIN within
// CallerMatchTTL: the friendly answer before the password; the store
// decides again at commit.
func (s *Service) freshMatch(ctx context.Context, a *Actor, accountID int64) error {
	m, err := s.store.FindCallerMatch(ctx, a.User.ID, accountID)
	if ErrorCode(err) == ENOTFOUND || (err == nil && !m.Fresh(s.now())) {
		return ErrNoCallerMatch
	}
	return s.internal("find caller match", err)
}

// IssueCallerResetCode gives the calling staff member, after their own
// password (as R-PWD-4; failures count towards R-PWD-5), a single-use
// reset code for an active user of the account whose support PIN they
// matched within CallerMatchTTL, to read to the caller (R-STF-5, R-PWD-7).
// It spends the match. The code is returned once, for the secret panel;
// it works for ResetCodeTTL on the sign-in screen's "Forgot password" and
// replaces the user's earlier code. It is in the customer's log as
// "support: user.reset_code_issued", and the user gets a notice without
// the code. The match and the user are decided again at commit
// (CheckCallerReset, R-ACC-6).
func (s *Service) IssueCallerResetCode(ctx context.Context, accountID, userID int64, password string) (string, error) {
	a, err := s.staff(ctx, ActionCheckCallers)
	if err != nil {
		return "", err
	}
	if err := s.freshMatch(ctx, a, accountID); err != nil {
		return "", err
	}
	u, err := s.store.FindUserByID(ctx, userID)
	if ErrorCode(err) == ENOTFOUND || (err == nil && u.AccountID != accountID) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", s.internal("find user", err)
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return "", err
	}
	code, hash, err := newResetCode()
	if err != nil {
		return "", s.internal("reset code", err)
	}
	now := s.now()
	rc := &ResetCode{Email: u.Email, UserID: u.ID, Hash: hash, Origin: a.Session.Origin, Client: a.Session.Client,
		CreatedAt: now, ExpiresAt: now.Add(ResetCodeTTL)}
	audit := s.supportAudit(a, accountID, "user.reset_code_issued", userObject(u), "after a caller check; valid 30 minutes")
	err = s.store.IssueCallerResetCode(ctx, a.Guard(ActionCheckCallers), accountID, rc, s.callerResetNotice(a, u, rc), audit,
		func(m *CallerMatch, target *User) error { return CheckCallerReset(m, accountID, target, now) })
	if err != nil {
		return "", s.internal("issue reset code", err)
	}
	return code, nil
}

// callerResetNotice tells u that a staff member issued a reset code for
// them after a caller check (R-PWD-7, R-PWD-6), never the code.
func (s *Service) callerResetNotice(a *Actor, u *User, rc *ResetCode) *Notification {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s) of the provider's support staff issued a password reset code for your acctl user %s, after a caller gave your account's support PIN, and read it to them.\n\n", plainText(displayName(a.User)), a.User.Email, u.Email)
	fmt.Fprintf(&b, "It works once, until %s. Using it sets a new password and ends every session of your user.\n\n", utcTime(rc.ExpiresAt))
	fmt.Fprintf(&b, "Time: %s\n", s.now().UTC().Format("2006-01-02 15:04:05 UTC"))
	b.WriteString("\nIf that caller was not you or someone you trust, change your password now and regenerate the support PIN under Account settings: anyone who has the code can set your password.\n")
	return s.newNotification(u, ChannelEmail, u.Email, NotifyResetCodeIssued, "acctl: support issued a reset code for you", b.String())
}
