package model

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"
)

// Throttle policy of R-PWD-5.
const (
	FreeAttempts = 5           // consecutive failures before waits begin
	FirstWait    = time.Minute // the first wait
	MaxWait      = time.Hour   // waits double up to this
)

// LockFor is R-PWD-5's wait after the given number of consecutive failures
// of a user's checks: nothing for the first four, then 1 minute, doubling
// up to 1 hour (PasswordThrottle).
func LockFor(failures int) time.Duration { return PasswordThrottle.LockFor(failures) }

// SignUpRequest is what the sign-up screen collects.
type SignUpRequest struct {
	CompanyName string
	Name        string
	Email       string
	Password    string
	Origin      Origin
	Client      Client
}

// SignUp creates an account and its first user, an active owner (R-ACC-3),
// and signs them in. The password must pass R-PWD-1; the email must be free
// in the whole store (R-ACC-2).
func (s *Service) SignUp(ctx context.Context, req SignUpRequest) (*Session, error) {
	company, err := ValidateCompanyName(req.CompanyName)
	if err != nil {
		return nil, err
	}
	name, err := ValidatePersonName(req.Name)
	if err != nil {
		return nil, err
	}
	email, err := ValidateEmail(req.Email)
	if err != nil {
		return nil, err
	}
	if err := CheckPasswordPolicy(req.Password, name, email, company); err != nil {
		return nil, err
	}
	hash, err := s.hasher.Hash(ctx, req.Password)
	if err != nil {
		return nil, s.internal("hash password", err)
	}
	now := s.now()
	acct := &Account{CompanyName: company, Status: AccountActive, CreatedAt: now}
	owner := &User{Name: name, Email: email, Role: RoleOwner, Status: UserActive, PasswordHash: hash, CreatedAt: now, LastLoginAt: &now}
	audit := &AuditEvent{Actor: email, Action: "account.created", Detail: "signed up as " + company, Origin: req.Origin, At: now}
	if err := s.store.CreateAccount(ctx, acct, owner, audit); err != nil {
		return nil, s.internal("create account", err)
	}
	// R-2FA-8: a newcomer sets up 2FA before anything else. The mark is
	// written before any session opens; should that write fail, sign-up
	// reports the error and opens none.
	if err := s.store.SetMustEnableTwoFactor(ctx, owner.ID, true); err != nil {
		return nil, s.internal("mark newcomer", err)
	}
	s.recordAuth(ctx, owner, email, AuthSignIn, AuthSucceeded, req.Origin, req.Client)
	return s.openSession(ctx, owner, req.Origin, req.Client)
}

// SignInRequest is what the sign-in screen collects.
type SignInRequest struct {
	Email    string
	Password string
	Origin   Origin
	Client   Client
}

// SignIn checks an email and password and opens a session. Every attempt is
// an auth event (R-SES-3). After FreeAttempts consecutive failures for an
// email, further attempts wait (R-PWD-5); so do those from an origin with
// more than OriginFreeAttempts failures within OriginWindow, whatever
// emails it tries (OriginThrottle). Unknown emails are answered with
// the same message, the same waits and the same amount of hashing work as
// known ones. With 2FA on, a right password gives no session but the code
// step, a SignInChallenge for CompleteSignIn (R-2FA-5).
func (s *Service) SignIn(ctx context.Context, req SignInRequest) (*SignInResult, error) {
	email := NormalizeEmail(req.Email)
	if email == "" || req.Password == "" {
		return nil, Errorf(EINVALID, "Enter your email and password.")
	}
	if len(email) > MaxEmailLen || len(req.Password) > 4*MaxPasswordLen {
		return nil, ErrBadCredentials
	}
	u, err := s.store.FindUserByEmail(ctx, email)
	if err != nil && ErrorCode(err) != ENOTFOUND {
		return nil, s.internal("find user", err)
	}
	fromOrigin, err := s.beginOriginAttempt(ctx, req.Origin)
	if err != nil {
		if ErrorCode(err) == ELOCKED {
			s.recordAuth(ctx, u, email, AuthSignIn, AuthLocked, req.Origin, req.Client)
		}
		return nil, err
	}
	key := signInKey(email)
	if u != nil {
		key = u.Email
	}
	ok, err := s.checkFirstFactor(ctx, key, u, req.Password)
	if err != nil {
		s.originSucceeded(ctx, req.Origin, fromOrigin) // no check was made
		if ErrorCode(err) == ELOCKED {
			s.recordAuth(ctx, u, email, AuthSignIn, AuthLocked, req.Origin, req.Client)
		}
		return nil, err
	}
	if !ok {
		result := AuthWrongPassword
		if u == nil {
			result = AuthUnknownEmail
		}
		s.recordAuth(ctx, u, email, AuthSignIn, result, req.Origin, req.Client)
		return nil, ErrBadCredentials
	}
	s.originSucceeded(ctx, req.Origin, fromOrigin)
	if u.Status == UserDisabled {
		s.recordAuth(ctx, u, email, AuthSignIn, AuthDisabled, req.Origin, req.Client)
		return nil, Errorf(EUNAUTHORIZED, "This user has been disabled. Ask an owner of your account to enable it again.")
	}
	if err := s.accountOpen(ctx, u.AccountID); err != nil { // R-SET-5
		if err == ErrAccountDeactivated {
			s.recordAuth(ctx, u, email, AuthSignIn, AuthAccountDeactivated, req.Origin, req.Client)
		}
		return nil, err
	}
	if u.TOTPEnabled {
		return s.challenge(ctx, u, req)
	}
	s.recordAuth(ctx, u, email, AuthSignIn, AuthSucceeded, req.Origin, req.Client)
	if err := s.store.RecordLogin(ctx, u.ID, s.now()); err != nil {
		return nil, s.internal("record login", err)
	}
	sess, err := s.openSession(ctx, u, req.Origin, req.Client)
	if err != nil {
		return nil, err
	}
	return &SignInResult{Session: sess}, nil
}

// signInKey is the R-PWD-5 key of what was typed as an email: the
// address itself when it is well-formed, otherwise a hash of it, so that a
// password typed into the email field is never stored in the throttles
// either, while repeated tries of the same text still count together.
func signInKey(email string) string {
	if LooksLikeEmail(email) {
		return email
	}
	h := sha256.Sum256([]byte("acctl sign-in key:" + email))
	return "not an address " + hex.EncodeToString(h[:16])
}

// checkPassword runs one R-PWD-5 attempt for key (passwordAttempt) and
// resets the count on success.
func (s *Service) checkPassword(ctx context.Context, key string, u *User, password string) (bool, error) {
	ok, _, err := s.passwordAttempt(ctx, key, u, password)
	if err != nil || !ok {
		return false, err
	}
	return true, s.resetAttempts(ctx, key)
}

// lockedError says plainly how long to wait and until when (R-PWD-5).
func lockedError(now, until time.Time) error {
	wait := until.Sub(now).Round(time.Second)
	return &Error{
		Code:    ELOCKED,
		Message: fmt.Sprintf("Too many failed attempts. Wait %s: you can try again at %s UTC.", HumanDuration(wait), until.UTC().Format("15:04:05")),
		RetryAt: until.UnixNano(),
	}
}

// HumanDuration writes d the way a person says it: "45 seconds", "2 minutes",
// "1 hour 5 minutes".
func HumanDuration(d time.Duration) string {
	plural := func(n int, unit string) string {
		if n == 1 {
			return fmt.Sprintf("1 %s", unit)
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	switch {
	case d < time.Minute:
		return plural(max(int(d.Round(time.Second)/time.Second), 1), "second")
	case d < time.Hour:
		m := int(d / time.Minute)
		if sec := int(d%time.Minute) / int(time.Second); sec > 0 && m < 5 {
			return plural(m, "minute") + " " + plural(sec, "second")
		}
		return plural(int(d.Round(time.Minute)/time.Minute), "minute")
	default:
		h := int(d / time.Hour)
		m := int(d%time.Hour) / int(time.Minute)
		if m == 0 {
			return plural(h, "hour")
		}
		return plural(h, "hour") + " " + plural(m, "minute")
	}
}

// ConfirmPassword checks the caller's password before a sensitive action
// (R-PWD-4). Failures count towards R-PWD-5 and are auth events.
func (s *Service) ConfirmPassword(ctx context.Context, password string) error {
	a, err := s.Me(ctx)
	if err != nil {
		return err
	}
	return s.confirm(ctx, a, AuthConfirm, password)
}

// confirm verifies a's password, recording the attempt as kind.
func (s *Service) confirm(ctx context.Context, a *Actor, kind AuthKind, password string) error {
	ok, err := s.checkPassword(ctx, a.User.Email, a.User, password)
	switch {
	case ErrorCode(err) == ELOCKED:
		s.recordAuth(ctx, a.User, a.User.Email, kind, AuthLocked, a.Session.Origin, a.Session.Client)
		return err
	case err != nil:
		return err
	case !ok:
		s.recordAuth(ctx, a.User, a.User.Email, kind, AuthWrongPassword, a.Session.Origin, a.Session.Client)
		return ErrWrongPassword
	}
	s.recordAuth(ctx, a.User, a.User.Email, kind, AuthSucceeded, a.Session.Origin, a.Session.Client)
	return nil
}

// Unlock restarts the caller's session hour after it expired (R-SES-1). It
// needs the password and, when 2FA is on, a code from the app or a recovery
// code (R-2FA-5); code is ignored otherwise. It counts towards R-PWD-5.
// The session gets a new token, which the returned Session carries: the
// console goes on with WithSession(ctx, sess.Token), and the old token
// stops working at once (R-SES-1).
func (s *Service) Unlock(ctx context.Context, password, code string) (*Session, error) {
	a, err := s.actorAllowExpired(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.confirmFactors(ctx, a, AuthUnlock, password, code); err != nil {
		return nil, err
	}
	token, err := newSessionToken()
	if err != nil {
		return nil, s.internal("session token", err)
	}
	now := s.now()
	err = s.store.ReauthenticateSession(ctx, a.Session.ID, sessionID(token), now)
	if ErrorCode(err) == ENOTFOUND { // closed meanwhile
		return nil, ErrSessionEnded
	}
	if err != nil {
		return nil, s.internal("reauthenticate session", err)
	}
	sess := *a.Session
	sess.ID, sess.Token, sess.AuthenticatedAt, sess.LastActiveAt = sessionID(token), token, now, now
	return &sess, nil
}

// SignOut closes the caller's own session.
func (s *Service) SignOut(ctx context.Context) error {
	a, err := s.actorAllowExpired(ctx)
	if err != nil {
		if ErrorCode(err) == EUNAUTHORIZED {
			return nil // already ended
		}
		return err
	}
	err = s.store.CloseSession(ctx, a.User.ID, a.Session.ID, s.now(), s.audit(a, "session.signed_out", "session "+shortID(a.Session.ID), ""))
	if ErrorCode(err) == ENOTFOUND {
		return nil
	}
	return s.internal("sign out", err)
}

// openSession starts a new session for u, under a new token (R-SES-1).
func (s *Service) openSession(ctx context.Context, u *User, origin Origin, client Client) (*Session, error) {
	client = client.Bounded() // R-SRV-6
	token, err := newSessionToken()
	if err != nil {
		return nil, s.internal("session token", err)
	}
	now := s.now()
	sess := &Session{ID: sessionID(token), Token: token, UserID: u.ID, AccountID: u.AccountID, Origin: origin, Client: client,
		CreatedAt: now, LastActiveAt: now, AuthenticatedAt: now}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return nil, s.internal("create session", err)
	}
	return sess, nil
}

// recordAuth writes an auth event (R-SES-3). A failure to record is logged,
// not shown: the attempt's own answer matters more to the person. The
// email is recorded only when it is a well-formed address, so that a
// password typed into the email field is never stored (R-PWD-5).
func (s *Service) recordAuth(ctx context.Context, u *User, email string, kind AuthKind, result AuthResult, origin Origin, client Client) {
	if !LooksLikeEmail(email) {
		email = ""
	}
	client = client.Bounded() // R-SRV-6
	e := &AuthEvent{Email: email, Kind: kind, Result: result, Origin: origin, Client: client, At: s.now()}
	if u != nil {
		e.UserID, e.AccountID = u.ID, u.AccountID
	}
	if err := s.addAuthEvent(ctx, u, e); err != nil { // and the R-SES-4 notification
		s.log.Error("record auth event", "err", err)
	}
}

// shortID is the first 8 characters of a session ID, enough to tell sessions apart.
func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
