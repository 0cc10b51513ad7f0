package model

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"
)

// The second sign-in step (R-2FA-5) in the sign-in history (R-SES-3).
const (
	// AuthSecondFactor is the code step of a sign-in, and the code part of
	// a confirmation that asks for password and code.
	AuthSecondFactor AuthKind = "second factor"

	AuthCodeDue      AuthResult = "password correct, code requested"
	AuthWrongCode    AuthResult = "wrong code"
	AuthCodeReused   AuthResult = "refused: code already used"
	AuthSecretSealed AuthResult = "refused: two-factor secret cannot be opened"
)

// SignInChallengeTTL is how long the code step of a sign-in waits.
const SignInChallengeTTL = 5 * time.Minute

// Errors of the code step.
var (
	// ErrSignInStepEnded answers a token that is unknown, used or whose
	// user changed meanwhile.
	ErrSignInStepEnded = &Error{Code: EUNAUTHORIZED, Message: "This sign-in is no longer waiting for a code. Sign in again with your email and password."}
	// ErrSignInStepExpired answers a token older than SignInChallengeTTL.
	ErrSignInStepExpired = &Error{Code: EUNAUTHORIZED, Message: "The sign-in waited more than 5 minutes for the code. Sign in again with your email and password."}
)

// SignInResult is the outcome of a right password: a session, or, when the
// user has 2FA on, the code step that must come first (R-2FA-5). Exactly
// one of the two is set.
type SignInResult struct {
	Session   *Session
	Challenge *SignInChallenge
}

// SignInChallenge is the code step of a sign-in (R-2FA-5). No session
// exists until CompleteSignIn accepts a code with Token, which is random
// (256 bits from crypto/rand), kept by the store only as a hash, works once
// and expires at ExpiresAt (SignInChallengeTTL).
type SignInChallenge struct {
	Token     string
	ExpiresAt time.Time
	// Phones are the user's verified numbers, masked, to which
	// SendSignInSMS can send a code for this step (R-2FA-9).
	Phones []PhoneHint
}

// CompleteSignIn is the second sign-in step (R-2FA-5): with the token of a
// SignInChallenge and a code from the authenticator app (its time step used
// once, R-2FA-3) or an unused recovery code (spent), it opens the session
// with the origin and client of the first step; a code sent by SMS for
// this step (SendSignInSMS) is accepted too, once (R-2FA-9). A failed code
// is an auth event of kind AuthSecondFactor and counts towards R-PWD-5
// under the same key as the password, the normalised email; the token
// stays usable until it expires, so a mistyped code can be typed again. A
// malformed code is refused before anything is counted.
func (s *Service) CompleteSignIn(ctx context.Context, token, code string) (*Session, error) {
	hash := hashToken(token)
	p, err := s.store.FindPendingSignIn(ctx, hash)
	if ErrorCode(err) == ENOTFOUND {
		return nil, ErrSignInStepEnded
	}
	if err != nil {
		return nil, s.internal("find sign-in step", err)
	}
	if !s.now().Before(p.ExpiresAt) {
		_ = s.store.TakePendingSignIn(ctx, hash)
		return nil, ErrSignInStepExpired
	}
	u, err := s.store.FindUserByID(ctx, p.UserID)
	if err != nil {
		return nil, s.internal("load user", err)
	}
	if u.Status != UserActive {
		s.recordAuth(ctx, u, u.Email, AuthSecondFactor, AuthDisabled, p.Origin, p.Client)
		return nil, Errorf(EUNAUTHORIZED, "This user has been disabled. Ask an owner of your account to enable it again.")
	}
	if !u.TOTPEnabled { // turned off since the password step
		return nil, ErrSignInStepEnded
	}
	if err := s.accountOpen(ctx, u.AccountID); err != nil { // R-SET-5
		return nil, err
	}
	f, err := parseSecondFactor(code)
	if err != nil {
		return nil, err
	}
	fromOrigin, err := s.beginOriginAttempt(ctx, p.Origin)
	if err == nil {
		if _, err = s.beginAttempt(ctx, u.Email); err != nil {
			s.originSucceeded(ctx, p.Origin, fromOrigin) // no check was made
		}
	}
	if err != nil {
		if ErrorCode(err) == ELOCKED {
			s.recordAuth(ctx, u, u.Email, AuthSecondFactor, AuthLocked, p.Origin, p.Client)
		}
		return nil, err
	}
	if result, err := s.verifySignInCode(ctx, u, hash, f); err != nil {
		if result != "" {
			s.recordAuth(ctx, u, u.Email, AuthSecondFactor, result, p.Origin, p.Client)
		}
		return nil, err
	}
	s.originSucceeded(ctx, p.Origin, fromOrigin)
	err = s.store.TakePendingSignIn(ctx, hash)
	if ErrorCode(err) == ENOTFOUND { // completed in another console meanwhile
		return nil, ErrSignInStepEnded
	}
	if err != nil {
		return nil, s.internal("take sign-in step", err)
	}
	if err := s.resetAttempts(ctx, u.Email); err != nil {
		return nil, err
	}
	s.recordAuth(ctx, u, u.Email, AuthSecondFactor, AuthSucceeded, p.Origin, p.Client)
	if err := s.store.RecordLogin(ctx, u.ID, s.now()); err != nil {
		return nil, s.internal("record login", err)
	}
	return s.openSession(ctx, u, p.Origin, p.Client)
}

// challenge opens the code step for u, whose password was right (R-2FA-5).
func (s *Service) challenge(ctx context.Context, u *User, req SignInRequest) (*SignInResult, error) {
	return s.codeStep(ctx, u, AuthSignIn, AuthCodeDue, req.Origin, req.Client)
}

// codeStep opens the code step for u after a first factor (a password, an
// SSH key) and records it as kind with result (R-2FA-5).
func (s *Service) codeStep(ctx context.Context, u *User, kind AuthKind, result AuthResult, origin Origin, client Client) (*SignInResult, error) {
	client = client.Bounded() // R-SRV-6
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, s.internal("sign-in token", fmt.Errorf("random token: %w", err))
	}
	token := hex.EncodeToString(b)
	now := s.now()
	p := &PendingSignIn{TokenHash: hashToken(token), UserID: u.ID, Origin: origin, Client: client,
		CreatedAt: now, ExpiresAt: now.Add(SignInChallengeTTL)}
	if err := s.store.CreatePendingSignIn(ctx, p); err != nil {
		return nil, s.internal("create sign-in step", err)
	}
	s.recordAuth(ctx, u, u.Email, kind, result, origin, client)
	return &SignInResult{Challenge: &SignInChallenge{Token: token, ExpiresAt: p.ExpiresAt, Phones: s.signInPhones(ctx, u)}}, nil
}

// hashToken is the stored form of a sign-in step's token.
func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// checkFirstFactor is checkPassword for the sign-in screen. With 2FA on, a
// right password is only half a sign-in: its attempt is taken back instead
// of resetting the count, which only the code step does (R-PWD-5), so that
// knowing the password buys no fresh guesses at the code.
func (s *Service) checkFirstFactor(ctx context.Context, key string, u *User, password string) (bool, error) {
	if u == nil || !u.TOTPEnabled {
		return s.checkPassword(ctx, key, u, password)
	}
	ok, counted, err := s.passwordAttempt(ctx, key, u, password)
	if err != nil || !ok {
		return false, err
	}
	return true, s.internal("take back attempt", s.store.TakeBackAttempt(ctx, key, counted))
}

// beginAttempt counts one R-PWD-5 attempt for key in advance, or refuses
// while the key waits.
func (s *Service) beginAttempt(ctx context.Context, key string) (Throttle, error) {
	return s.beginAttemptWith(ctx, key, PasswordThrottle.Rule)
}

// passwordAttempt runs one R-PWD-5 attempt for key: it refuses while the
// key waits, counts the attempt in advance and verifies password against
// u's hash (a dummy hash when u is nil or has no password, so timing does
// not tell). It returns what was counted; the caller resets the count on
// success or takes the attempt back. Only active and disabled users can
// match.
func (s *Service) passwordAttempt(ctx context.Context, key string, u *User, password string) (bool, Throttle, error) {
	th, err := s.beginAttempt(ctx, key)
	if err != nil {
		return false, th, err
	}
	phc := ""
	if u != nil && u.Status != UserInvited {
		phc = u.PasswordHash
	}
	ok, err := s.hasher.Verify(ctx, phc, password)
	if err != nil {
		return false, th, s.internal("verify password", err)
	}
	return ok, th, nil
}

// resetAttempts clears key's failures after a full success (R-PWD-5).
func (s *Service) resetAttempts(ctx context.Context, key string) error {
	return s.internal("reset throttle", s.store.SaveThrottle(ctx, key, Throttle{}))
}
