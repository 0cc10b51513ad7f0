package model

import (
	"context"
	"time"
)

// TwoFactorState is a user's stored two-factor state. Secrets are sealed
// (SPEC §7): the store never sees them in the clear.
type TwoFactorState struct {
	UserID int64
	// Secret is the sealed TOTP secret while 2FA is on; nil when it is off.
	Secret []byte
	// Pending is the sealed secret of a setup not yet confirmed with a code
	// (R-2FA-2); nil when none is under way.
	Pending []byte
	// LastStep is the last TOTP time step accepted from this user; a code
	// of this step or an earlier one is refused (R-2FA-3).
	LastStep int64
	// MustEnable marks a newcomer who must turn 2FA on before anything
	// else (R-2FA-8); enabling clears it, disabling does not set it again.
	MustEnable bool
}

// PendingSignIn is the stored half of a SignInChallenge: a sign-in whose
// password was right and whose second factor is due (R-2FA-5). Only a
// SHA-256 hash of the token is kept.
type PendingSignIn struct {
	TokenHash []byte
	UserID    int64
	Origin    Origin
	Client    Client
	CreatedAt time.Time
	ExpiresAt time.Time
}

// TwoFactorStore persists two-factor authentication (R-2FA-1..8).
type TwoFactorStore interface {
	// TwoFactor returns a user's state; a zero state (with UserID set) when
	// none is stored.
	TwoFactor(ctx context.Context, userID int64) (*TwoFactorState, error)
	// AnySealedSecret returns one sealed secret, enabled before pending,
	// and its user; ENOTFOUND when none is stored. Start-up opens it to
	// check the sealing key (SPEC §7).
	AnySealedSecret(ctx context.Context) (userID int64, sealed []byte, err error)
	// SavePendingTwoFactor stores the sealed secret of a setup under way,
	// replacing an earlier one.
	SavePendingTwoFactor(ctx context.Context, userID int64, sealed []byte) error
	// EnableTwoFactor turns 2FA on in one write transaction: the pending
	// secret, which must still equal pending (ECONFLICT when a setup was
	// restarted meanwhile), becomes the secret; step becomes the last
	// accepted step; the recovery codes are replaced by codeHashes, created
	// at audit.At; the newcomer mark is cleared; the user's TOTPEnabled is
	// set.
	EnableTwoFactor(ctx context.Context, userID int64, pending []byte, step int64, codeHashes [][]byte, audit *AuditEvent) error
	// DisableTwoFactor turns 2FA off: secret, pending secret and recovery
	// codes are deleted and TOTPEnabled is cleared, with audit.
	DisableTwoFactor(ctx context.Context, userID int64, audit *AuditEvent) error
	// AcceptTOTPStep records step as the user's last accepted step when it
	// is later than the stored one, atomically, and reports whether it was;
	// false means the code was already used (R-2FA-3).
	AcceptTOTPStep(ctx context.Context, userID int64, step int64) (bool, error)
	// ReplaceRecoveryCodes deletes the user's recovery codes and stores
	// codeHashes, created at audit.At, with audit (R-2FA-4).
	ReplaceRecoveryCodes(ctx context.Context, userID int64, codeHashes [][]byte, audit *AuditEvent) error
	// SpendRecoveryCode marks the user's unused code with that hash as used
	// at at, atomically, and reports whether there was one (R-2FA-5).
	SpendRecoveryCode(ctx context.Context, userID int64, hash []byte, at time.Time) (bool, error)
	// RecoveryCodesLeft counts the user's unused recovery codes.
	RecoveryCodesLeft(ctx context.Context, userID int64) (int, error)
	// SetMustEnableTwoFactor sets or clears the newcomer mark (R-2FA-8).
	SetMustEnableTwoFactor(ctx context.Context, userID int64, on bool) error
	// SetEnforceTwoFactor sets the account's enforcement flag (R-2FA-7)
	// with audit, after checking g and CheckEnforcement on the actor read
	// inside the transaction (R-ACC-6), and returns, from the same
	// transaction, the account's active users who do not have 2FA on.
	SetEnforceTwoFactor(ctx context.Context, g *Guard, accountID int64, on bool, audit *AuditEvent) ([]*User, error)

	// CreatePendingSignIn stores a second sign-in step and deletes the
	// steps that expired before p.CreatedAt.
	CreatePendingSignIn(ctx context.Context, p *PendingSignIn) error
	// FindPendingSignIn returns the step with that token hash; ENOTFOUND
	// when there is none.
	FindPendingSignIn(ctx context.Context, tokenHash []byte) (*PendingSignIn, error)
	// TakePendingSignIn deletes the step, so that it is used once;
	// ENOTFOUND when it was already taken.
	TakePendingSignIn(ctx context.Context, tokenHash []byte) error

	// TakeBackAttempt undoes one attempt that BeginAttempt counted in
	// advance (counted is what it returned), atomically, for a check that
	// was neither a failure nor a full success: the right password of a
	// user whose code is still due (R-PWD-5). When nothing else was counted
	// meanwhile the key returns to its state before the attempt; otherwise
	// only the count goes down by one and any wait stays.
	TakeBackAttempt(ctx context.Context, key string, counted Throttle) error
}
