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

// ResetCode is the stored reset code of an address: only its hash, and,
// until its email is queued, the code sealed (SPEC §7). Every request
// stores one, whether or not a user has the address (UserID 0), so that
// known and unknown addresses cost the same (R-PWD-5).
type ResetCode struct {
	Email  string // the normalised address it was asked for
	UserID int64  // the user who may reset with it; 0 for none
	Hash   []byte
	// SealedCode is the code, sealed, until QueueResetEmails queues its
	// email (or finds no one to send it to); nil after.
	SealedCode []byte
	Origin     Origin // where it was asked from, for the email
	Client     Client
	CreatedAt  time.Time
	ExpiresAt  time.Time
	UsedAt     *time.Time
}

// ResetRequest is what one call of RequestPasswordReset stores: the
// request, counted against the address's send limit, and its code, which
// replaces the address's earlier one. It is the same for every address.
type ResetRequest struct {
	Email string
	At    time.Time
	Code  *ResetCode
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

// RequestPasswordReset asks for a reset code for email (R-PWD-3). The
// answer is the same for every address (nil: show ResetCodeSent), and so
// is the work, hashing and store writes alike (R-PWD-5): a new code is
// drawn, hashed and sealed, and one write transaction counts the request
// against the address's limit (no new request within ResetCodeGap of the
// last, at most ResetCodesPerWindow in SendWindow; its ELOCKED refusal
// reads the same for every address) and stores the code as the address's
// code, with the user it is for, if an active user has the address. The
// email that carries the code, and its audit event, are queued later by
// QueueResetEmails, which a background loop runs apart from any request,
// so that no request's timing depends on whether the address is known.
func (s *Service) RequestPasswordReset(ctx context.Context, email string, origin Origin, client Client) error {
	email, err := ValidateEmail(email)
	if err != nil {
		return err
	}
	if err := s.needSealer(); err != nil {
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
	sealed, err := s.sealer.Seal([]byte(code), resetCodeLabel(email))
	if err != nil {
		return s.internal("seal reset code", err)
	}
	rc := &ResetCode{Email: email, Hash: hash, SealedCode: sealed, Origin: origin, Client: client, CreatedAt: now, ExpiresAt: now.Add(ResetCodeTTL)}
	if u != nil && u.Status == UserActive {
		rc.UserID = u.ID
	}
	err = s.store.RequestPasswordReset(ctx, &ResetRequest{Email: email, At: now, Code: rc}, func(sent []time.Time) error { return resetLimit.check(now, sent) })
	return s.internal("request password reset", err)
}

// resetCodeLabel binds a sealed reset code to its address.
func resetCodeLabel(email string) string { return "reset code:" + email }

// resetQueueBatch is how many reset codes QueueResetEmails reads at a time.
const resetQueueBatch = 50

// QueueResetEmails queues the email of every reset code asked for since
// the last call (R-PWD-3), with its audit event, and returns how many it
// queued. A code for an address no active user has gets no email: only its
// sealed copy is erased. It needs no session; main calls it every few
// seconds, apart from any request, so that asking for a code costs the
// same for every address (R-PWD-5). Several processes may call it at
// once: each code's email is queued once.
func (s *Service) QueueResetEmails(ctx context.Context) (int, error) {
	queued := 0
	for {
		list, err := s.store.PendingResetCodes(ctx, resetQueueBatch)
		if err != nil {
			return queued, s.internal("pending reset codes", err)
		}
		for _, rc := range list {
			n, audit := s.resetEmail(ctx, rc)
			done, err := s.store.QueueResetEmail(ctx, rc, n, audit)
			if err != nil {
				return queued, s.internal("queue reset email", err)
			}
			if done && n != nil {
				queued++
			}
		}
		if len(list) < resetQueueBatch {
			return queued, nil
		}
	}
}

// resetEmail is the email and audit event of reset code rc; nil, nil when
// no active user may use it (an unknown address, a user disabled or whose
// email changed since) or its sealed code cannot be opened.
func (s *Service) resetEmail(ctx context.Context, rc *ResetCode) (*Notification, *AuditEvent) {
	if rc.UserID == 0 || s.sealer == nil {
		return nil, nil
	}
	u, err := s.store.FindUserByID(ctx, rc.UserID)
	if err != nil || u.Status != UserActive || u.Email != rc.Email {
		return nil, nil
	}
	code, err := s.sealer.Open(rc.SealedCode, resetCodeLabel(rc.Email))
	if err != nil {
		s.log.Error("open reset code", "user", u.ID, "err", err)
		return nil, nil
	}
	subject, body := resetMessage(u, rc.ExpiresAt, rc.Origin, rc.Client)
	n, err := s.codeNotification(u, ChannelEmail, u.Email, NotifyPasswordReset, subject, body, string(code))
	if err != nil {
		s.log.Error("reset email", "user", u.ID, "err", err)
		return nil, nil
	}
	audit := &AuditEvent{AccountID: u.AccountID, Actor: "not signed in", Action: "user.password_reset_requested",
		Object: userObject(u), Detail: "reset code sent by email", Origin: rc.Origin, At: rc.CreatedAt}
	return n, audit
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
	fromOrigin, err := s.beginOriginAttempt(ctx, req.Origin)
	if err != nil {
		if ErrorCode(err) == ELOCKED {
			record(AuthLocked)
		}
		return nil, err
	}
	counted, err := s.beginAttempt(ctx, email)
	if err != nil {
		s.originSucceeded(ctx, req.Origin, fromOrigin) // no check was made
		if ErrorCode(err) == ELOCKED {
			record(AuthLocked)
		}
		return nil, err
	}
	rc, err := s.resetCodeOf(ctx, email, u)
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
	s.originSucceeded(ctx, req.Origin, fromOrigin) // the code was right
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
	err = s.store.ResetPassword(ctx, rc, hash, audit.At, audit)
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

// resetCodeOf returns the reset code of email when it is u's; nil when u
// is nil or the address has no code of theirs. The code is read by the
// address whoever has it: the same work for every address (R-PWD-5).
func (s *Service) resetCodeOf(ctx context.Context, email string, u *User) (*ResetCode, error) {
	rc, err := s.store.FindResetCode(ctx, email)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		return nil, nil
	case err != nil:
		return nil, s.internal("find reset code", err)
	case u == nil || rc.UserID != u.ID:
		return nil, nil
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

// CheckResetCode says whether typed has the form of a reset code, so that
// a form can say so as the field is left, before the new password is
// typed (R-PWD-3); only ResetPassword knows whether it is right. A
// malformed code is refused there too, before anything is counted.
func CheckResetCode(typed string) error {
	_, err := parseResetCode(typed)
	return err
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

// resetMessage is the reset email (NotifyPasswordReset), with CodeMarker
// where its code goes (see Notification).
func resetMessage(u *User, expires time.Time, origin Origin, client Client) (subject, body string) {
	var b strings.Builder
	fmt.Fprintf(&b, "Someone asked to reset the password of your acctl user %s.\n\n", u.Email)
	fmt.Fprintf(&b, "Your reset code: %s\n\n", CodeMarker)
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
