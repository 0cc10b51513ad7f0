package model

import (
	"context"
	"time"
)

// SettingsStore persists Account settings (R-SET-1..5) and GPG keys
// (R-SSH-4). Every write that a permission depends on takes the Guard of
// its actor and checks it inside its transaction (R-ACC-6).
type SettingsStore interface {
	// UpdateAccountDetails saves d on the guard's account with audit, in
	// one transaction that reads the details it replaces and sets
	// audit.Detail to DescribeDetailsChange(old, d); when that is "",
	// nothing is written. It returns the account as saved.
	UpdateAccountDetails(ctx context.Context, g *Guard, d AccountDetails, audit *AuditEvent) (*Account, error)
	// ListAccountDetailsHistory reads one window of an account's audit
	// events of ActionDetailsChanged, newest first, by keyset on (At, ID).
	ListAccountDetailsHistory(ctx context.Context, accountID int64, p EventPage) ([]*AuditEvent, error)

	// ListContacts reads one window of an account's contacts in the order
	// of (Name without case, Email), by keyset from q.Cursor; rows come in
	// that order whichever way the cursor reads.
	ListContacts(ctx context.Context, accountID int64, q ContactQuery) ([]*Contact, error)
	// FindContact returns a contact; ENOTFOUND if unknown.
	FindContact(ctx context.Context, id int64) (*Contact, error)
	// CreateContact inserts c with audit and sets its ID;
	// ErrContactTaken when its email is a contact of the account already.
	CreateContact(ctx context.Context, g *Guard, c *Contact, audit *AuditEvent) error
	// UpdateContact saves c (by c.ID, in c.AccountID) with audit;
	// ENOTFOUND if it is gone, ErrContactTaken as CreateContact.
	UpdateContact(ctx context.Context, g *Guard, c *Contact, audit *AuditEvent) error
	// DeleteContact deletes c (by c.ID, in c.AccountID) with audit;
	// ENOTFOUND if it is gone.
	DeleteContact(ctx context.Context, g *Guard, c *Contact, audit *AuditEvent) error
	// ContactRecipients returns the account's contacts holding any of
	// roles, ordered by email, each once, with the account's user of the
	// same email, if any (R-SET-2). It reads only those contacts.
	ContactRecipients(ctx context.Context, accountID int64, roles ContactRoles) ([]*ContactRecipient, error)
	// AddNotifications queues every notification of list in one
	// transaction and sets their IDs.
	AddNotifications(ctx context.Context, list []*Notification) error

	// SupportPIN returns the account's sealed support PIN; nil when it has
	// none yet.
	SupportPIN(ctx context.Context, accountID int64) ([]byte, error)
	// SetSupportPIN replaces the sealed PIN of g's account with audit.
	SetSupportPIN(ctx context.Context, g *Guard, sealed []byte, audit *AuditEvent) error

	// RunningSupportGrant returns the account's grant that is Running at
	// now; ENOTFOUND when none is.
	RunningSupportGrant(ctx context.Context, accountID int64, now time.Time) (*SupportGrant, error)
	// StartSupportGrant inserts grant with audit and sets its ID. An open
	// grant of the account that ran out by grant.GrantedAt is ended first
	// (GrantExpiredAudit); one still running gives
	// ErrSupportAccessRunning.
	StartSupportGrant(ctx context.Context, g *Guard, grant *SupportGrant, audit *AuditEvent) error
	// ExtendSupportGrant moves the end of the grant of g's account running
	// at now to until, with audit, and returns it; ErrNoSupportAccess when
	// none runs.
	ExtendSupportGrant(ctx context.Context, g *Guard, now, until time.Time, audit *AuditEvent) (*SupportGrant, error)
	// EndSupportGrant terminates the grant of g's account running at now,
	// with audit, and returns it; ErrNoSupportAccess when none runs.
	EndSupportGrant(ctx context.Context, g *Guard, now time.Time, audit *AuditEvent) (*SupportGrant, error)
	// ExpireSupportGrants ends up to limit open grants that ran out by
	// now, each at its ExpiresAt with GrantExpiredAudit, and returns them.
	ExpireSupportGrants(ctx context.Context, now time.Time, limit int) ([]*SupportGrant, error)
	// UnnotifiedGrantEnds returns up to limit ended grants whose end was
	// not notified yet, oldest first.
	UnnotifiedGrantEnds(ctx context.Context, limit int) ([]*SupportGrant, error)
	// MarkGrantEndNotified marks the end of grant id notified at at and
	// queues list in one transaction, only when it was not marked before;
	// false means another caller did it first (nothing queued).
	MarkGrantEndNotified(ctx context.Context, id int64, at time.Time, list []*Notification) (bool, error)

	// RequestDeactivation files r with audit and makes its account
	// deactivation_requested, in one transaction that asks
	// CheckOthersDisabled again; ErrDeactivationPending when the account
	// is not active.
	RequestDeactivation(ctx context.Context, g *Guard, r *DeactivationRequest, audit *AuditEvent) error
	// WithdrawDeactivation marks the pending request of g's account
	// withdrawn at at with audit and makes the account active;
	// ErrNoDeactivation when none is pending.
	WithdrawDeactivation(ctx context.Context, g *Guard, at time.Time, audit *AuditEvent) (*DeactivationRequest, error)
	// DecideDeactivation records d on pending request id with audit, after
	// checking g (nil for a decision without a staff member): when
	// approved the account is deactivated and every open session of its
	// users is closed (each recorded), when rejected it is active again.
	// ErrNoDeactivation when the request is not pending.
	DecideDeactivation(ctx context.Context, g *Guard, id int64, d DeactivationDecision, audit *AuditEvent) (*DeactivationRequest, error)
	// DeactivationQueue reads one window of every account's pending
	// requests, oldest first (R-STF-3): p's cursor is a row's
	// (RequestedAt, ID). One index range of at most p.Limit rows.
	DeactivationQueue(ctx context.Context, p QueuePage) ([]*DeactivationRequest, error)
	// FindDeactivation returns request id, pending or decided; ENOTFOUND
	// when there is none.
	FindDeactivation(ctx context.Context, id int64) (*DeactivationRequest, error)
	// LatestDeactivation returns the account's newest request;
	// ENOTFOUND when there was none.
	LatestDeactivation(ctx context.Context, accountID int64) (*DeactivationRequest, error)

	// AddGPGKey inserts k with audit and sets its ID; ErrGPGKeyTaken when
	// its user has that fingerprint already.
	AddGPGKey(ctx context.Context, g *Guard, k *GPGKey, audit *AuditEvent) error
	// FindGPGKey returns a key; ENOTFOUND if unknown.
	FindGPGKey(ctx context.Context, id int64) (*GPGKey, error)
	// ListGPGKeys returns f's keys, newest first.
	ListGPGKeys(ctx context.Context, f SSHKeyFilter) ([]*GPGKey, error)
	// DeleteGPGKey deletes a key with audit; ENOTFOUND if unknown.
	DeleteGPGKey(ctx context.Context, g *Guard, id int64, audit *AuditEvent) error
}
