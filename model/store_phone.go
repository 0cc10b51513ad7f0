package model

import (
	"context"
	"time"
)

// PhoneStore persists mobile numbers, SMS codes (R-2FA-9) and password-reset
// codes (R-PWD-3, R-PWD-7).
//
// The send limits of both kinds of code are decided inside the write
// transaction that stores the new code: the store reads the times the
// earlier codes were sent within SendWindow and hands them to allow, the
// model's rule, which refuses with an error or lets the code be stored.
// Two consoles asking at once cannot both slip past the limit.
type PhoneStore interface {
	// ListPhones returns a user's numbers, the mobile number first.
	ListPhones(ctx context.Context, userID int64) ([]*Phone, error)
	// AddPhone stores p in its slot (p.Backup) with its first verification
	// code, in one write transaction with audit: allow is given the send
	// times of the user's SMS codes within SendWindow before code.CreatedAt
	// and may refuse; an unverified number in the slot is replaced; a
	// verified one gives ECONFLICT. p.ID, code.ID and code.PhoneID are set.
	AddPhone(ctx context.Context, p *Phone, code *SMSCode, allow func(sent []time.Time) error, audit *AuditEvent) error
	// AddSMSCode stores c when allow, given the send times of the user's
	// codes within SendWindow before c.CreatedAt, returns nil; codes older
	// than SendWindow are deleted. c.ID is set.
	AddSMSCode(ctx context.Context, c *SMSCode, allow func(sent []time.Time) error) error
	// SMSCodes returns the codes that f selects, newest first, used and
	// expired ones included.
	SMSCodes(ctx context.Context, f SMSCodeFilter) ([]*SMSCode, error)
	// SpendSMSCode marks code id used at at when it is unused and has not
	// expired by at, atomically, and reports whether it was; false means
	// it was spent meanwhile (single use).
	SpendSMSCode(ctx context.Context, id int64, at time.Time) (bool, error)
	// VerifyPhone spends code codeID (as SpendSMSCode) and marks the
	// number phoneID verified at at, with audit, in one transaction;
	// ECONFLICT when the code was spent or expired meanwhile, ENOTFOUND
	// when the number was removed.
	VerifyPhone(ctx context.Context, phoneID, codeID int64, at time.Time, audit *AuditEvent) error
	// DeletePhone removes number phoneID of userID with audit; ENOTFOUND
	// when there is none. Its codes stay, without the number, for the send
	// limit.
	DeletePhone(ctx context.Context, userID, phoneID int64, audit *AuditEvent) error

	// RequestPasswordReset records a reset request for r.Email in one
	// write transaction, with the same statements for every address
	// (R-PWD-5): allow is given the times of the requests for that email
	// within SendWindow before r.At and may refuse; then the request is
	// counted and r.Code replaces the address's reset code. Requests older
	// than SendWindow, and codes of no user that expired, are deleted.
	RequestPasswordReset(ctx context.Context, r *ResetRequest, allow func(sent []time.Time) error) error
	// FindResetCode returns the reset code of an address, used or not;
	// ENOTFOUND when there is none.
	FindResetCode(ctx context.Context, email string) (*ResetCode, error)
	// PendingResetCodes returns up to limit reset codes whose sealed code
	// is still kept (their email not queued yet), oldest first.
	PendingResetCodes(ctx context.Context, limit int) ([]*ResetCode, error)
	// QueueResetEmail erases the sealed code of rc, the address's code as
	// long as it was not replaced meanwhile, and queues n and records audit
	// (either may be nil: nothing to send) in one transaction; false when
	// another caller did it first or a newer code replaced it (nothing
	// queued).
	QueueResetEmail(ctx context.Context, rc *ResetCode, n *Notification, audit *AuditEvent) (bool, error)
	// IssueResetCode stores rc as its address's reset code, replacing an
	// earlier one, queues n and records audit in one write transaction,
	// after checking g and CheckIssueResetCode on the actor and the user
	// rc.UserID as read inside it (R-PWD-7, R-ACC-6); ENOTFOUND when the
	// user's email is no longer rc.Email.
	IssueResetCode(ctx context.Context, g *Guard, rc *ResetCode, n *Notification, audit *AuditEvent) error
	// ResetPassword spends reset code rc of rc.UserID, which must still
	// have rc.Hash, be unused and not have expired by at (ECONFLICT
	// otherwise), sets passwordHash, closes every open session of the user
	// and deletes their pending sign-in steps, with audit, in one write
	// transaction (R-PWD-3).
	ResetPassword(ctx context.Context, rc *ResetCode, passwordHash string, at time.Time, audit *AuditEvent) error
}

// SMSCodeFilter selects the SMS codes of one user: those of one purpose,
// and either of one number (PhoneID, for SMSVerify) or of one sign-in step
// (PendingHash, for SMSSignIn), sent at or after Since.
type SMSCodeFilter struct {
	UserID      int64
	Purpose     SMSPurpose
	PhoneID     int64
	PendingHash []byte
	Since       time.Time
}
