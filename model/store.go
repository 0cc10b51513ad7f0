package model

import (
	"context"
	"time"
)

// The interfaces below are what the Service needs from persistence; package
// store implements them on SQLite. Every mutating method runs in one write
// transaction and, where it takes an *AuditEvent, inserts that event in the
// same transaction (R-AUD-1), so a change and its record commit together.
// Methods return *Error values (ENOTFOUND, ECONFLICT, EBUSY) for the cases a
// person can act on; anything else is an internal error.

// AccountStore persists accounts and their first owner.
type AccountStore interface {
	// CreateAccount inserts the account and its first user, who must be an
	// active owner (R-ACC-3). A user with the same email in any case anywhere
	// in the store makes it fail with ErrEmailTaken (R-ACC-2). IDs are set on
	// the arguments.
	CreateAccount(ctx context.Context, a *Account, owner *User, audit *AuditEvent) error
	FindAccountByID(ctx context.Context, id int64) (*Account, error)
	// HasAccounts reports whether any account exists (first run offers sign-up).
	HasAccounts(ctx context.Context) (bool, error)
}

// UserStore persists users.
type UserStore interface {
	FindUserByID(ctx context.Context, id int64) (*User, error)
	// FindUserByEmail matches the normalised email exactly; ENOTFOUND if none.
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	// ListUsers returns an account's users, ordered by name then id.
	ListUsers(ctx context.Context, accountID int64) ([]*User, error)
	// CreateUser inserts a user into an existing account (ErrEmailTaken on
	// conflict, R-ACC-2).
	CreateUser(ctx context.Context, u *User, audit *AuditEvent) error
	// UpdateUser applies upd to user id. Email conflicts give ErrEmailTaken.
	// When upd would leave the account without an active owner (a role or
	// status change), it fails with ErrLastOwner, decided inside the write
	// transaction (R-ACC-1). When upd.EndSessionsExcept is set, every other
	// open session of the user is closed in the same transaction (R-PWD-2).
	UpdateUser(ctx context.Context, id int64, upd UserUpdate, audit *AuditEvent) (*User, error)
	// RecordLogin sets the user's last login time.
	RecordLogin(ctx context.Context, id int64, at time.Time) error
}

// UserUpdate lists the fields to change; nil fields stay as they are.
type UserUpdate struct {
	Name         *string
	Email        *string
	PasswordHash *string
	Role         *Role
	Status       *UserStatus
	NotifySignIn *bool
	// EndSessionsExcept, when non-nil, closes all the user's open sessions
	// whose ID differs from it ("" closes them all) in the same transaction.
	EndSessionsExcept *string
	// Guard, when set, is checked inside the transaction (R-ACC-6): the
	// user changing their own profile is still active and signed in.
	Guard *Guard
}

// SessionStore persists console sessions (R-SES-1, R-SES-2). A session is
// stored under its ID, the hash of its token (model's sessionID); the
// token itself never reaches the store.
type SessionStore interface {
	CreateSession(ctx context.Context, s *Session) error
	// FindSession returns a session, open or closed; ENOTFOUND if unknown.
	FindSession(ctx context.Context, id string) (*Session, error)
	// SessionState is the cheap read a console polls to notice that its
	// session was closed elsewhere or its caller changed; a session that
	// is not there is not open.
	SessionState(ctx context.Context, id string) (SessionState, error)
	// ListOpenSessions returns a user's open sessions, newest first.
	ListOpenSessions(ctx context.Context, userID int64) ([]*Session, error)
	// TouchSession records activity.
	TouchSession(ctx context.Context, id string, at time.Time) error
	// ReauthenticateSession restarts the open session id's hour at at and
	// renames it newID, the hash of its new token, so that the old token
	// stops working (R-SES-1); ENOTFOUND when it is closed or unknown.
	ReauthenticateSession(ctx context.Context, id, newID string, at time.Time) error
	// CloseSession closes one open session of userID; ENOTFOUND if it is not
	// theirs or is already closed.
	CloseSession(ctx context.Context, userID int64, id string, at time.Time, audit *AuditEvent) error
	// EndSessions closes, at at, the open sessions of userID named by ids,
	// or all of them when ids is nil, but never g's own session, after
	// checking g and CheckSessionsOf on the rows read inside the
	// transaction (R-SES-6, R-ACC-6); each is recorded as a copy of audit
	// with action "session.closed". It returns how many it closed;
	// ENOTFOUND when ids names one that is not an open session of the user.
	EndSessions(ctx context.Context, g *Guard, userID int64, ids []string, at time.Time, audit *AuditEvent) (int, error)
}

// AuthEventStore persists sign-in attempts (R-SES-3) and the failure counts
// of R-PWD-5.
type AuthEventStore interface {
	AddAuthEvent(ctx context.Context, e *AuthEvent) error
	// ListAuthEvents reads one window of a user's events, newest first, by
	// keyset pagination on (At, ID); it never reads more than p.Limit rows.
	ListAuthEvents(ctx context.Context, userID int64, p EventPage) ([]*AuthEvent, error)
	// CountAuthEvents counts a user's events.
	CountAuthEvents(ctx context.Context, userID int64) (int, error)

	// Throttle returns the failure state for a key (a normalised email); a
	// zero Throttle when there is none.
	Throttle(ctx context.Context, key string) (Throttle, error)
	// SaveThrottle stores the failure state for a key; a zero Failures
	// deletes it.
	SaveThrottle(ctx context.Context, key string, t Throttle) error
	// BeginAttempt is R-PWD-5's gate, atomic in one write transaction: it
	// reads the key's state (zero when none), applies rule, and when rule
	// allows the attempt saves the state it returns, which counts the
	// attempt as a failure in advance; it returns that state and true, or
	// the state read and false. A success then resets the key with
	// SaveThrottle(key, Throttle{}) or takes the attempt back. Counting
	// first means parallel guesses cannot slip past the count.
	BeginAttempt(ctx context.Context, key string, now time.Time, rule ThrottleRule) (Throttle, bool, error)
	// PurgeThrottles deletes the throttles that no policy remembers at
	// now: no wait runs and none has for memory since the last failure
	// (R-PWD-5; the rows of unknown emails among them). It returns how many.
	PurgeThrottles(ctx context.Context, now time.Time, memory time.Duration) (int, error)
	// PurgeAuthEvents deletes the auth events before before (R-SES-3
	// keeps AuthEventsKept) and returns how many.
	PurgeAuthEvents(ctx context.Context, before time.Time) (int, error)
}

// Throttle is the R-PWD-5 state of one key.
type Throttle struct {
	Failures    int       // consecutive failures, or within the policy's memory
	LockedUntil time.Time // zero when not waiting
	LastAt      time.Time // the last failure counted; zero when none
}

// AuditStore persists the security log (R-AUD-1).
type AuditStore interface {
	AddAudit(ctx context.Context, e *AuditEvent) error
	// ListAudit reads one window of an account's audit events, newest first,
	// by keyset pagination on (At, ID).
	ListAudit(ctx context.Context, accountID int64, p EventPage) ([]*AuditEvent, error)
}

// Store is everything the Service needs from persistence.
type Store interface {
	AccountStore
	UserStore
	SessionStore
	AuthEventStore
	AuditStore
	TwoFactorStore
	NotificationStore
	PhoneStore
	InvitationStore
	TokenStore
	SSHKeyStore
	SettingsStore
	ProviderStore
	TicketStore
	VerificationStore
	StaffConsoleStore
}
