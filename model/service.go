package model

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"time"

	"acctl/seal"
)

// Service is the one entry point of every front end (the console, the SSH
// server, a future HTTP API). It checks permissions and invariants; the
// calling session travels in the context (WithSession).
type Service struct {
	store  Store
	hasher *Hasher
	now    Clock
	log    *slog.Logger
	sealer *seal.Sealer
	mail   bool
}

// Config holds what a Service is built from. Zero fields get defaults.
type Config struct {
	Store  Store
	Hasher *Hasher      // default: NewHasher(DefaultArgon2)
	Clock  Clock        // default: SystemClock
	Logger *slog.Logger // default: discards
	// Sealer seals TOTP secrets and the one-time codes of undelivered
	// messages at rest (SPEC §7). Without it two-factor setup and code
	// checks, and every action that sends a code, fail closed with
	// ErrNoSealer.
	Sealer *seal.Sealer
	// Mail says that a mail server delivers the outbox's emails. Without
	// one, InviteUser and ResendInvitation return the invitation code for
	// the inviter to hand over (R-PWD-7).
	Mail bool
}

// NewService returns a Service over cfg.Store.
func NewService(cfg Config) *Service {
	s := &Service{store: cfg.Store, hasher: cfg.Hasher, now: cfg.Clock, log: cfg.Logger, sealer: cfg.Sealer, mail: cfg.Mail}
	if s.hasher == nil {
		s.hasher = NewHasher(DefaultArgon2)
	}
	if s.now == nil {
		s.now = SystemClock
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return s
}

// Now returns the service clock's current time.
func (s *Service) Now() time.Time { return s.now() }

type sessionKey struct{}

// WithSession returns a context that carries the caller's session token:
// Session.Token as SignIn, CompleteSignIn, SignUp, AcceptInvitation,
// ResetPassword and Unlock return it (R-SES-1). Nothing else opens a
// session: the stored Session.ID is only its hash.
func WithSession(ctx context.Context, token string) context.Context {
	return context.WithValue(ctx, sessionKey{}, token)
}

// sessionTokenFrom returns the session token carried by ctx, or "".
func sessionTokenFrom(ctx context.Context) string {
	token, _ := ctx.Value(sessionKey{}).(string)
	return token
}

// SessionIDFrom returns the stored ID of the session whose token ctx
// carries (what Session.ID and ListSessions show), or "" when it carries
// none. A console compares it with a list's IDs to mark its own session.
func SessionIDFrom(ctx context.Context) string {
	token := sessionTokenFrom(ctx)
	if token == "" {
		return ""
	}
	return sessionID(token)
}

// Actor is the signed-in caller: their session, user and account.
type Actor struct {
	Session *Session
	User    *User
	Account *Account
	// MustEnable2FA is set while the caller may do nothing but set up
	// two-factor authentication or sign out: the account enforces it
	// (R-2FA-7) or the user is new (R-2FA-8). Me refuses such a caller with
	// ErrNeeds2FA; Caller returns them, so a front end can take them to the
	// setup.
	MustEnable2FA bool
}

// Can reports whether the actor's role allows action (R-ACC-4).
func (a *Actor) Can(action Action) bool { return Can(a.User.Role, action) }

// ErrSessionExpired asks the caller to authenticate again (R-SES-1).
var ErrSessionExpired = &Error{Code: EEXPIRED, Message: "Your session has been idle past its hour. Type your password to go on."}

// EEXPIRED is the code of ErrSessionExpired: the session is open but its hour
// since the last authentication has passed (R-SES-1).
const EEXPIRED = "expired"

// Me returns the caller, allowed to act. A closed session or a disabled
// user gives ErrSessionEnded; a session past its hour gives
// ErrSessionExpired; a caller who must set up two-factor authentication
// first gives ErrNeeds2FA (R-2FA-7, R-2FA-8), so every method that starts
// with Me is closed to them.
func (s *Service) Me(ctx context.Context) (*Actor, error) {
	a, err := s.Caller(ctx)
	if err != nil {
		return nil, err
	}
	if a.MustEnable2FA {
		return nil, ErrNeeds2FA
	}
	return a, nil
}

// Caller is Me without the two-factor gate: the signed-in caller with
// Actor.MustEnable2FA set when they may only set up 2FA or sign out. Front
// ends use it to show who is signed in and where to go; the 2FA setup
// methods use it.
func (s *Service) Caller(ctx context.Context) (*Actor, error) {
	a, err := s.actorAllowExpired(ctx)
	if err != nil {
		return nil, err
	}
	if a.Session.Expired(s.now()) {
		return nil, ErrSessionExpired
	}
	return a, nil
}

// actorAllowExpired loads the caller even when the session's hour is over,
// for the lock screen.
func (s *Service) actorAllowExpired(ctx context.Context) (*Actor, error) {
	id := SessionIDFrom(ctx)
	if id == "" {
		return nil, ErrSessionEnded
	}
	sess, err := s.store.FindSession(ctx, id)
	if ErrorCode(err) == ENOTFOUND {
		return nil, ErrSessionEnded
	}
	if err != nil {
		return nil, s.internal("load session", err)
	}
	if sess.Closed() {
		return nil, ErrSessionEnded
	}
	u, err := s.store.FindUserByID(ctx, sess.UserID)
	if err != nil {
		return nil, s.internal("load user", err)
	}
	if u.Status != UserActive {
		return nil, ErrSessionEnded
	}
	acct, err := s.store.FindAccountByID(ctx, u.AccountID)
	if err != nil {
		return nil, s.internal("load account", err)
	}
	if acct.Status == AccountDeactivated { // R-SET-5
		return nil, ErrAccountDeactivated
	}
	must, err := s.mustEnable2FA(ctx, u, acct)
	if err != nil {
		return nil, s.internal("load two-factor state", err)
	}
	return &Actor{Session: sess, User: u, Account: acct, MustEnable2FA: must}, nil
}

// audit builds the audit event of a change made by a (R-AUD-1).
func (s *Service) audit(a *Actor, action, object, detail string) *AuditEvent {
	return &AuditEvent{
		AccountID: a.Account.ID,
		ActorID:   a.User.ID,
		Actor:     a.User.Email,
		Action:    action,
		Object:    object,
		Detail:    detail,
		Origin:    a.Session.Origin,
		At:        s.now(),
	}
}

// internal passes *Error values through and logs anything else, returning
// it wrapped so that ErrorMessage shows "Internal error" and the cause stays
// in the log.
func (s *Service) internal(what string, err error) error {
	if err == nil {
		return nil
	}
	if ErrorCode(err) != EINTERNAL {
		return err
	}
	s.log.Error(what, "err", err)
	return fmt.Errorf("%s: %w", what, err)
}

// newSessionToken returns a session token: 128 random bits in hex
// (R-SES-1). It is the bearer secret of a console; the store keeps only
// sessionID(token).
func newSessionToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random session token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// sessionID is the stored form of a session token (SPEC §7, R-SES-1): its
// SHA-256 in hex. With 128 random bits a token cannot be found from it,
// so a plain hash is enough; it is also what lists, the audit log and
// CloseSession name a session by.
func sessionID(token string) string {
	h := sha256.Sum256([]byte("acctl session:" + token))
	return hex.EncodeToString(h[:])
}

// NeedsSignUp reports whether the store holds no account yet, so the
// console opens sign-up instead of sign-in.
func (s *Service) NeedsSignUp(ctx context.Context) (bool, error) {
	has, err := s.store.HasAccounts(ctx)
	if err != nil {
		return false, s.internal("check accounts", err)
	}
	return !has, nil
}

// MailConfigured reports whether a mail server delivers emails (Config.Mail):
// without one, a console says so where a code would go by email (R-PWD-7).
func (s *Service) MailConfigured() bool { return s.mail }

// Hasher returns the service's password hasher (for seeding demo data).
func (s *Service) Hasher() *Hasher { return s.hasher }
