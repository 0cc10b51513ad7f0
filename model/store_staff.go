package model

import (
	"context"
	"time"
)

// StaffConsoleStore persists what the staff console needs beyond the
// queues (SPEC §10): the accounts under support access (R-STF-4) and the
// caller check (R-STF-5). Every write takes the staff member's Guard and
// checks it inside its transaction (R-ACC-6).
type StaffConsoleStore interface {
	// SupportedAccounts reads one window of the customer accounts whose
	// support grant runs at now, the soonest to end first, by keyset on
	// (Grant.ExpiresAt, Grant.ID); one index range of at most p.Limit rows.
	SupportedAccounts(ctx context.Context, now time.Time, p QueuePage) ([]*SupportedAccount, error)
	// OpenSupportedAccount reads the account's grant running at now inside
	// one write transaction after checking g, records audit (in the
	// account's log) and notes the guard's actor's first opening under the
	// grant; first reports that this was it. ErrNoSupportGrant when no
	// grant runs.
	OpenSupportedAccount(ctx context.Context, g *Guard, accountID int64, now time.Time, audit *AuditEvent) (grant *SupportGrant, first bool, err error)

	// FindCustomerAccounts returns up to limit customer accounts whose
	// company name starts with prefix, without case, in that order.
	FindCustomerAccounts(ctx context.Context, prefix string, limit int) ([]*Account, error)
	// RecordCallerCheck records audit, a caller check of the account's
	// PIN by the guard's actor, after checking g; a non-nil match replaces
	// their earlier match of that account.
	RecordCallerCheck(ctx context.Context, g *Guard, accountID int64, match *CallerMatch, audit *AuditEvent) error
	// FindCallerMatch returns a staff member's last match of an account's
	// PIN; ENOTFOUND when there is none.
	FindCallerMatch(ctx context.Context, staffID, accountID int64) (*CallerMatch, error)
	// IssueCallerResetCode stores reset code rc with the notice n and
	// audit in one write transaction after checking g and rule on the
	// guard's actor's match of the account and the user rc.UserID as read
	// inside it (nil when missing), and spends the match; ENOTFOUND when
	// the user's email is no longer rc.Email.
	IssueCallerResetCode(ctx context.Context, g *Guard, accountID int64, rc *ResetCode, n *Notification, audit *AuditEvent,
		rule func(m *CallerMatch, target *User) error) error
}
