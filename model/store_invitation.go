package model

import "context"

// InvitationStore persists invitations and the user management of the Users
// screen (R-USR-1..3, R-ACC-5).
type InvitationStore interface {
	// CreateInvitation inserts the invited user u (status UserInvited, no
	// password) and its invitation inv in one transaction with audit,
	// after checking g (R-ACC-6), and sets u.ID and inv.UserID. An email
	// taken in any case anywhere in the store gives ErrEmailTaken
	// (R-ACC-2).
	CreateInvitation(ctx context.Context, g *Guard, u *User, inv *Invitation, audit *AuditEvent) error
	// FindInvitation returns the invitation whose secret hashes to
	// secretHash, expired or not; ENOTFOUND when there is none.
	FindInvitation(ctx context.Context, secretHash []byte) (*Invitation, error)
	// RenewInvitation replaces the invitation of the invited user
	// inv.UserID with inv (a new secret and expiry), with audit, after
	// checking g (R-ACC-6), so that the old secret stops working;
	// ENOTFOUND when the user is no longer invited or is in another
	// account than g's.
	RenewInvitation(ctx context.Context, g *Guard, inv *Invitation, audit *AuditEvent) error
	// CancelInvitation deletes the invited user userID with its invitation
	// and its queued notifications (the invitation emails), with audit,
	// after checking g (R-ACC-6); ENOTFOUND when the user is no longer
	// invited or is in another account than g's.
	CancelInvitation(ctx context.Context, g *Guard, userID int64, audit *AuditEvent) error
	// AcceptInvitation spends the invitation whose secret hashes to
	// secretHash, atomically: unless it expired at audit.At, it is deleted
	// and its user becomes active with name and passwordHash, last login
	// at audit.At and the R-2FA-8 newcomer mark set, with audit.
	// ENOTFOUND when there is no such invitation (used, replaced,
	// cancelled), ErrInvitationExpired when it expired.
	AcceptInvitation(ctx context.Context, secretHash []byte, name, passwordHash string, audit *AuditEvent) (*User, error)

	// SetUserRole gives user userID role with audit. Inside the write
	// transaction it checks g (R-ACC-6) and applies CheckRoleChange to the
	// actor and the user as read there (R-ACC-5, R-ACC-1).
	SetUserRole(ctx context.Context, g *Guard, userID int64, role Role, audit *AuditEvent) (*User, error)
	// DisableUser disables user userID in one transaction (R-USR-3) after
	// checking g and CheckDisableUser on the rows read there (R-ACC-6,
	// R-ACC-1): their open sessions are closed and their active API tokens
	// revoked, each with an audit event copied from audit, which is
	// recorded too.
	DisableUser(ctx context.Context, g *Guard, userID int64, audit *AuditEvent) (*User, error)
	// EnableUser makes the disabled user userID active again with audit,
	// after checking g and CheckEnableUser on the rows read inside the
	// transaction (R-USR-3, R-ACC-6).
	EnableUser(ctx context.Context, g *Guard, userID int64, audit *AuditEvent) (*User, error)
	// CountOpenSessions counts a user's open sessions.
	CountOpenSessions(ctx context.Context, userID int64) (int, error)
	// CountActiveOwners counts an account's active owners (R-ACC-1).
	CountActiveOwners(ctx context.Context, accountID int64) (int, error)
	// QueryUsers reads one window of an account's users for the Users
	// screen (R-USR-2): filtered, sorted and paged by keyset inside
	// SQLite, reading a bounded number of index entries however many
	// users the account has. q is already checked by the Service.
	QueryUsers(ctx context.Context, accountID int64, q UserQuery) ([]*UserRow, error)
}
