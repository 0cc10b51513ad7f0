package model

import (
	"context"
	"strings"
	"time"
)

// SessionTTL is how long a session lives after its last authentication (R-SES-1).
const SessionTTL = time.Hour

// Origin says where a console runs: the local terminal or a remote address.
type Origin struct {
	Local  bool
	Remote string // "203.0.113.7:51234" for SSH sessions
	// LocalUser is the OS user running a local console, which keys the
	// origin's throttle (R-PWD-5). It is not stored with sessions or
	// events.
	LocalUser string
}

// LocalOrigin is the origin of a console on this machine.
var LocalOrigin = Origin{Local: true}

// String is the origin as the sessions and history screens show it.
func (o Origin) String() string {
	if o.Local || o.Remote == "" {
		return "local terminal"
	}
	return o.Remote
}

// Client describes the program a session runs in (R-SES-2).
type Client struct {
	SSHVersion string // e.g. "SSH-2.0-OpenSSH_9.6"; empty for local consoles
	Term       string // $TERM
	OS         string // GOOS of the server for local consoles
	// KeyFingerprint is the SHA256 fingerprint of the SSH key that signed
	// the session in (R-SRV-6); empty after a password.
	KeyFingerprint string
}

// String is the client as the sessions screen shows it.
func (c Client) String() string {
	s := ""
	add := func(v string) {
		if v == "" {
			return
		}
		if s != "" {
			s += ", "
		}
		s += v
	}
	add(c.SSHVersion)
	add(c.Term)
	add(c.OS)
	if s == "" {
		return "unknown"
	}
	return s
}

// Session is one signed-in console (R-SES-1, R-SES-2).
type Session struct {
	// ID is the stored name of the session: the SHA-256 of its token.
	// Lists, CloseSession and the audit log use it; it opens nothing.
	ID string
	// Token is the session's bearer secret, for WithSession. It is set
	// only on the session that SignIn, CompleteSignIn, SignUp,
	// AcceptInvitation, ResetPassword or Unlock return, and never stored
	// (R-SES-1, SPEC §7).
	Token           string `json:"-"`
	UserID          int64
	AccountID       int64
	Origin          Origin
	Client          Client
	CreatedAt       time.Time
	LastActiveAt    time.Time
	AuthenticatedAt time.Time
	ClosedAt        *time.Time
}

// ExpiresAt is when the session locks unless the user authenticates again.
func (s *Session) ExpiresAt() time.Time { return s.AuthenticatedAt.Add(SessionTTL) }

// Expired reports whether the session needs a new authentication at now.
func (s *Session) Expired(now time.Time) bool { return !now.Before(s.ExpiresAt()) }

// Closed reports whether the session has been closed.
func (s *Session) Closed() bool { return s.ClosedAt != nil }

// touchEvery bounds how often activity is written to a session row.
const touchEvery = time.Minute

// Touch records activity on the caller's session, at most once a minute.
func (s *Service) Touch(ctx context.Context, lastTouched time.Time) (time.Time, error) {
	now := s.now()
	if now.Sub(lastTouched) < touchEvery {
		return lastTouched, nil
	}
	id := SessionIDFrom(ctx)
	if err := s.store.TouchSession(ctx, id, now); err != nil {
		return lastTouched, s.internal("touch session", err)
	}
	return now, nil
}

// SessionState is what a console polls each second: whether its session
// is still open, and a revision of its caller.
type SessionState struct {
	Open bool
	// Revision changes whenever the session's user, their two-factor
	// state or their account does: a console reads Caller again only then.
	Revision int64
}

// SessionState is the cheap check a console polls to notice that its
// session was closed from elsewhere (R-SES-2) or its user disabled
// (R-USR-3), and whether what Caller returns may have changed.
func (s *Service) SessionState(ctx context.Context) (SessionState, error) {
	st, err := s.store.SessionState(ctx, SessionIDFrom(ctx))
	if err != nil {
		return SessionState{}, s.internal("check session", err)
	}
	return st, nil
}

// SessionOpen reports whether the caller's session is open (R-SES-2).
func (s *Service) SessionOpen(ctx context.Context) (bool, error) {
	st, err := s.SessionState(ctx)
	return st.Open, err
}

// ListSessions returns the caller's open sessions, newest first (R-SES-2).
func (s *Service) ListSessions(ctx context.Context) ([]*Session, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.store.ListOpenSessions(ctx, a.User.ID)
	return list, s.internal("list sessions", err)
}

// CloseSession closes another of the caller's sessions; its console signs
// out within two seconds (R-SES-2). Closing the caller's own session is
// signing out, which has its own key.
func (s *Service) CloseSession(ctx context.Context, id string) error {
	a, err := s.Me(ctx)
	if err != nil {
		return err
	}
	if id == a.Session.ID {
		return ErrThisSession
	}
	err = s.store.CloseSession(ctx, a.User.ID, id, s.now(), s.audit(a, "session.closed", "session "+shortID(id), ""))
	if ErrorCode(err) == ENOTFOUND {
		return Errorf(ENOTFOUND, "That session is already closed. The list has been refreshed.")
	}
	return s.internal("close session", err)
}

// Why a console's session ends without its person signing out (R-SES-5).
// A console passes one of these, or its own short phrase, to EndSession;
// the Sign-in history shows it as "session ended: <reason>".
const (
	EndHangUp      = "the terminal hung up"
	EndTerminated  = "acctl was told to stop"
	EndInterrupted = "acctl was interrupted"
	EndQuit        = "the console was closed"
	EndFailed      = "the console stopped after an error"
)

// AuthSessionEnd is the kind of the auth event that records why a session
// ended (R-SES-5). It is not a sign-in attempt: it sends no R-SES-4 email.
const AuthSessionEnd AuthKind = "session end"

// sessionEndedPrefix starts the result of every AuthSessionEnd event.
const sessionEndedPrefix = "session ended: "

// maxEndReason bounds the reason a console gives.
const maxEndReason = 120

// EndSession closes the caller's own session because its console is going
// away (R-SES-5: a hang-up, a lost SSH client, SIGTERM, quitting), and
// records reason where its person sees it: an auth event in the Sign-in
// history ("session ended: the terminal hung up") and the detail of the
// security log's session.closed. A session already closed, or none, is
// not an error. It works on an expired (locked) session too.
func (s *Service) EndSession(ctx context.Context, reason string) error {
	a, err := s.actorAllowExpired(ctx)
	if ErrorCode(err) == EUNAUTHORIZED {
		return nil // nothing open to end
	}
	if err != nil {
		return err
	}
	reason = endReason(reason)
	err = s.store.CloseSession(ctx, a.User.ID, a.Session.ID, s.now(), s.audit(a, "session.closed", "session "+shortID(a.Session.ID), reason))
	if ErrorCode(err) == ENOTFOUND {
		return nil // closed meanwhile, from elsewhere
	}
	if err != nil {
		return s.internal("end session", err)
	}
	s.recordAuth(ctx, a.User, a.User.Email, AuthSessionEnd, AuthResult(sessionEndedPrefix+reason), a.Session.Origin, a.Session.Client)
	return nil
}

// endReason is reason as stored: one line of plain text, bounded, never
// empty.
func endReason(reason string) string {
	reason = strings.Join(strings.Fields(plainText(reason)), " ")
	if reason == "" {
		return EndQuit
	}
	if r := []rune(reason); len(r) > maxEndReason {
		reason = string(r[:maxEndReason])
	}
	return reason
}
