package model

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"strings"
	"time"
)

// Forgot password (R-PWD-3): a single-use reset code by email, valid
// ResetCodeTTL; using it sets a new password and ends every session of the
// user. A reset never bypasses two-factor authentication: with 2FA on, the
// code step of a sign-in follows (R-2FA-5).
//
// A reset code has 120 random bits from crypto/rand, written like a
// recovery code (Crockford's base32, six groups of four: "k3jd-8fh2-…").
// With at least 112 bits it cannot be guessed nor found from its hash, so
// it is stored as a plain SHA-256 hash (SPEC §7) rather than with the
// argon2 hasher; the hash is domain-separated from recovery codes, so one
// can never be taken for the other.
const ResetCodeTTL = 30 * time.Minute

// AuthReset is the auth-event kind of a password reset with a code.
const AuthReset AuthKind = "password reset"

// ResetCode is the stored form of a user's reset code: only its hash.
type ResetCode struct {
	UserID    int64
	Hash      []byte
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

// ResetRequest is what one call of RequestPasswordReset stores. Code,
// Notification and Audit are nil when the address belongs to no user who
// may reset, so that the request is counted the same way either way.
type ResetRequest struct {
	Email        string
	At           time.Time
	Code         *ResetCode
	Notification *Notification
	Audit        *AuditEvent
}

// ResetPasswordRequest is what the second step of a reset collects.
type ResetPasswordRequest struct {
	Email    string
	Code     string
	Password string
	Origin   Origin
	Client   Client
}

// ResetCodeSent is the one answer to a reset request, whether or not an
// account uses the address (R-PWD-5).
const ResetCodeSent = "If an account uses that address, a reset code is on its way. It works once, for 30 minutes."

// Errors of the reset.
var (
	// ErrWrongResetCode answers a code that is not the address's live
	// code, and an address that has none: the two read the same.
	ErrWrongResetCode = &Error{Code: EUNAUTHORIZED, Message: "That reset code is not correct for that email address. Check both against the newest reset email, or ask for a new code."}
	// ErrResetCodeExpired answers the right code after its 30 minutes.
	ErrResetCodeExpired = &Error{Code: EUNAUTHORIZED, Message: "That reset code has expired: a code works for 30 minutes. Ask for a new one."}
	// ErrResetCodeUsed answers a code that already reset the password.
	ErrResetCodeUsed = &Error{Code: EUNAUTHORIZED, Message: "That reset code was already used. If you still cannot sign in, ask for a new one."}
)

// dummyResetHash is compared with when an address has no code, so that
// the check costs the same.
var dummyResetHash = make([]byte, sha256.Size)

// RequestPasswordReset asks for a reset code for email (R-PWD-3). For an
// active user it replaces their reset code with a new one, valid
// ResetCodeTTL, and queues the email that carries it; for any other
// address it does nothing more. Either way the answer is the same (nil:
// show ResetCodeSent), as is the work: one write transaction that counts
// the request against the address's limit (no new request within
// ResetCodeGap of the last, at most ResetCodesPerWindow in SendWindow),
// whose ELOCKED refusal says when to ask again and reads the same for
// every address. The rows a real user's request adds to that commit (the
// code, the email, the audit event) cost about 0.2 ms on a commit of about
// 0.8 ms (BenchmarkResetRequest); with five requests an hour per address,
// nobody gets the thousands of samples it would take to hear that through
// the network's jitter.
func (s *Service) RequestPasswordReset(ctx context.Context, email string, origin Origin, client Client) error {
	email, err := ValidateEmail(email)
	if err != nil {
		return err
	}
	u, err := s.store.FindUserByEmail(ctx, email)
	if err != nil && ErrorCode(err) != ENOTFOUND {
		return s.internal("find user", err)
	}
	now := s.now()
	code, hash, err := newResetCode()
	if err != nil {
		return s.internal("reset code", err)
	}
	req := &ResetRequest{Email: email, At: now}
	if u != nil && u.Status == UserActive {
		req.Code = &ResetCode{UserID: u.ID, Hash: hash, CreatedAt: now, ExpiresAt: now.Add(ResetCodeTTL)}
		subject, body := resetMessage(u, code, req.Code.ExpiresAt, origin, client)
		req.Notification = s.newNotification(u, ChannelEmail, u.Email, NotifyPasswordReset, subject, body)
		req.Audit = &AuditEvent{AccountID: u.AccountID, Actor: "not signed in", Action: "user.password_reset_requested",
			Object: userObject(u), Detail: "reset code sent by email", Origin: origin, At: now}
	}
	err = s.store.RequestPasswordReset(ctx, req, func(sent []time.Time) error { return resetLimit.check(now, sent) })
	return s.internal("request password reset", err)
}

// ResetPassword sets a new password with the code of the newest reset
// email (R-PWD-3). The code is checked as one R-PWD-5 attempt for the
// email: a wrong, expired or used code, or an address without a code, is
// an auth event and counts, with the same answer and the same work for an
// address no user has. A malformed code or a new password that breaks
// R-PWD-1 is refused before anything is counted. Disabled users cannot
// reset.
//
// Success spends the code, sets the password and ends every session and
// pending sign-in of the user in one transaction, with audit, and sends
// the "password changed" email. It then signs in: with 2FA off the result
// holds a session; with 2FA on, a challenge, as SignIn gives, whose code
// step still follows (R-2FA-5) and alone resets the R-PWD-5 count.
func (s *Service) ResetPassword(ctx context.Context, req ResetPasswordRequest) (*SignInResult, error) {
	email, err := ValidateEmail(req.Email)
	if err != nil {
		return nil, err
	}
	code, err := parseResetCode(req.Code)
	if err != nil {
		return nil, err
	}
	// Hints that need the user come after the code is right: before, a
	// refusal must not depend on whether the address has a user.
	if err := CheckPasswordPolicy(req.Password, email); err != nil {
		return nil, err
	}
	u, err := s.store.FindUserByEmail(ctx, email)
	if err != nil && ErrorCode(err) != ENOTFOUND {
		return nil, s.internal("find user", err)
	}
	record := func(result AuthResult) { s.recordAuth(ctx, u, email, AuthReset, result, req.Origin, req.Client) }
	counted, err := s.beginAttempt(ctx, email)
	if err != nil {
		if ErrorCode(err) == ELOCKED {
			record(AuthLocked)
		}
		return nil, err
	}
	rc, err := s.resetCodeOf(ctx, u)
	if err != nil {
		return nil, err
	}
	if result, err := s.checkResetCode(rc, code); err != nil {
		if u == nil {
			result = AuthUnknownEmail
		}
		record(result)
		return nil, err
	}
	if u.Status != UserActive {
		record(AuthDisabled)
		return nil, Errorf(EUNAUTHORIZED, "This user has been disabled, so its password cannot be reset. Ask an owner of your account to enable it again.")
	}
	hash, err := s.newPasswordHash(ctx, u, req.Password)
	if err != nil {
		_ = s.store.TakeBackAttempt(ctx, email, counted) // the code was right
		return nil, err
	}
	audit := &AuditEvent{AccountID: u.AccountID, ActorID: u.ID, Actor: u.Email, Action: "user.password_reset",
		Object: userObject(u), Detail: "with an emailed code; all sessions ended", Origin: req.Origin, At: s.now()}
	err = s.store.ResetPassword(ctx, u.ID, rc.Hash, hash, audit.At, audit)
	if ErrorCode(err) == ECONFLICT { // spent by another reset meanwhile
		record(AuthCodeReused)
		return nil, ErrResetCodeUsed
	}
	if err != nil {
		return nil, s.internal("reset password", err)
	}
	record(AuthSucceeded)
	s.notifyPasswordReset(ctx, u, req.Origin)
	if u.TOTPEnabled {
		// Half a sign-in, as a right password is (checkFirstFactor): the
		// code step alone resets the count.
		if err := s.internal("take back attempt", s.store.TakeBackAttempt(ctx, email, counted)); err != nil {
			return nil, err
		}
		return s.challenge(ctx, u, SignInRequest{Email: email, Origin: req.Origin, Client: req.Client})
	}
	if err := s.resetAttempts(ctx, email); err != nil {
		return nil, err
	}
	if err := s.store.RecordLogin(ctx, u.ID, s.now()); err != nil {
		return nil, s.internal("record login", err)
	}
	sess, err := s.openSession(ctx, u, req.Origin, req.Client)
	if err != nil {
		return nil, err
	}
	return &SignInResult{Session: sess}, nil
}

// resetCodeOf returns u's reset code; nil when u is nil or has none.
func (s *Service) resetCodeOf(ctx context.Context, u *User) (*ResetCode, error) {
	var id int64
	if u != nil {
		id = u.ID
	}
	rc, err := s.store.FindResetCode(ctx, id) // read even for no user: the same work
	switch {
	case ErrorCode(err) == ENOTFOUND || u == nil:
		return nil, nil
	case err != nil:
		return nil, s.internal("find reset code", err)
	}
	return rc, nil
}

// checkResetCode compares code with rc (nil: none) in constant time and
// says what to record and answer when it is not the live code.
func (s *Service) checkResetCode(rc *ResetCode, code string) (AuthResult, error) {
	want := dummyResetHash
	if rc != nil {
		want = rc.Hash
	}
	if subtle.ConstantTimeCompare(hashResetCode(code), want) != 1 || rc == nil {
		return AuthWrongCode, ErrWrongResetCode
	}
	switch {
	case rc.UsedAt != nil:
		return AuthCodeReused, ErrResetCodeUsed
	case !s.now().Before(rc.ExpiresAt):
		return AuthCodeExpired, ErrResetCodeExpired
	}
	return "", nil
}

// newPasswordHash checks a new password for u against R-PWD-1, with u's
// name, email and company as hints, and hashes it.
func (s *Service) newPasswordHash(ctx context.Context, u *User, password string) (string, error) {
	acct, err := s.store.FindAccountByID(ctx, u.AccountID)
	if err != nil {
		return "", s.internal("load account", err)
	}
	if err := CheckPasswordPolicy(password, u.Name, u.Email, acct.CompanyName); err != nil {
		return "", err
	}
	hash, err := s.hasher.Hash(ctx, password)
	return hash, s.internal("hash password", err)
}

// newResetCode returns a fresh code, grouped as the email shows it, and
// its stored hash.
func newResetCode() (string, []byte, error) {
	b := make([]byte, recoveryCodeBytes)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("reset code: %w", err)
	}
	code := crockford.EncodeToString(b)
	return groupRecoveryCode(code), hashResetCode(code), nil
}

// hashResetCode is the stored form of a canonical reset code.
func hashResetCode(code string) []byte {
	h := sha256.Sum256([]byte("acctl password reset:" + code))
	return h[:]
}

// parseResetCode reads a typed reset code as canonicalRecoveryCode reads
// recovery codes: spaces, dashes and case ignored.
func parseResetCode(s string) (string, error) {
	typed, ok := stripCode(s)
	if !ok {
		return "", Errorf(EINVALID, "A reset code has only letters and digits, in groups of four: type it on one line as the email shows it.")
	}
	if typed == "" {
		return "", Errorf(EINVALID, "Type the reset code from the email.")
	}
	code, ok := canonicalRecoveryCode(typed)
	if !ok {
		return "", Errorf(EINVALID, "A reset code has 24 letters and digits in six groups of four, like k3jd-8fh2-0q9m-…: type it as the email shows it.")
	}
	return code, nil
}

// resetMessage is the reset email (NotifyPasswordReset): the only email
// whose body carries a secret, the code (see Notification).
func resetMessage(u *User, code string, expires time.Time, origin Origin, client Client) (subject, body string) {
	var b strings.Builder
	fmt.Fprintf(&b, "Someone asked to reset the password of your acctl user %s.\n\n", u.Email)
	fmt.Fprintf(&b, "Your reset code: %s\n\n", code)
	fmt.Fprintf(&b, "It works once, until %s. On acctl's sign-in screen choose \"Forgot password\", then type this code and a new password. Using it ends every session of your user.\n\n",
		expires.UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "Asked from: %s\n", plainText(origin.String()))
	if c := plainText(client.String()); c != "" {
		fmt.Fprintf(&b, "Client:     %s\n", c)
	}
	b.WriteString("\nIf this was not you, ignore this email: your password stays as it is.\n")
	return "acctl: your password reset code", b.String()
}

// notifyPasswordReset is the "password changed" email after a reset
// (R-PWD-3, as R-PWD-2 after a change).
func (s *Service) notifyPasswordReset(ctx context.Context, u *User, origin Origin) {
	var b strings.Builder
	fmt.Fprintf(&b, "The password of your acctl user %s was reset with a code sent to this address.\n\n", u.Email)
	fmt.Fprintf(&b, "Time: %s\n", s.now().UTC().Format("2006-01-02 15:04:05 UTC"))
	fmt.Fprintf(&b, "From: %s\n", plainText(origin.String()))
	b.WriteString("\nEvery session of your user was ended. If this was not you, someone can read your email: secure it, then ask an owner of your account to disable your user at once.\n")
	s.notifyEmail(ctx, u, NotifyPasswordChanged, "acctl: your password was reset", b.String())
}
