package model

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Channel is how a notification reaches a person (SPEC §8).
type Channel string

// Channels. Email is delivered by package notify when SMTP is configured;
// SMS has no gateway yet and stays in the outbox.
const (
	ChannelEmail Channel = "email"
	ChannelSMS   Channel = "sms"
)

// NotificationStatus is where a notification is in its delivery.
type NotificationStatus string

// Notification statuses.
const (
	NotificationQueued NotificationStatus = "queued" // waiting for (another) delivery attempt
	NotificationSent   NotificationStatus = "sent"
	NotificationFailed NotificationStatus = "failed" // the deliverer gave up
)

// Kinds of notification: short machine names that front ends may show and
// tests match on. The two code kinds are the only notifications whose body
// may carry a secret (see Notification).
const (
	NotifySignInAttempt   = "sign-in attempt"  // R-SES-4
	NotifyPasswordChanged = "password changed" // R-PWD-2
	Notify2FAEnabled      = "2fa enabled"      // R-2FA-2
	Notify2FADisabled     = "2fa disabled"     // R-2FA-6
	NotifyRecoveryCodes   = "recovery codes"   // R-2FA-4: a new set replaced the old one
	Notify2FAEnforced     = "2fa enforced"     // R-2FA-7
	NotifyPasswordReset   = "password reset code"
	NotifySMSCode         = "sms code"             // R-2FA-9
	NotifyTokenExpiring   = "api key expires soon" // R-TOK-1
)

// Notification is one message in the outbox (SPEC §8): what was queued for
// whom, and what became of it.
//
// Secrets: Subject and Body never carry a secret (a password, a TOTP
// secret, a recovery code, an API token, a session ID, a one-time code).
// The messages whose purpose is to carry a one-time code — the
// password-reset email (NotifyPasswordReset, R-PWD-3), the invitation
// (NotifyInvitation, R-USR-1) and the SMS code (NotifySMSCode, or any SMS,
// R-2FA-9) — have CarriesCode set and hold CodeMarker in their Body where
// the code goes; the code itself is sealed in SealedCode until delivery
// (SPEC §7, notification_seal.go). The outbox shows their body to their own
// user only (Service.Outbox), and the store erases body and sealed code
// once the message is delivered or given up.
type Notification struct {
	ID        int64
	AccountID int64
	// UserID is the account's user the message is to; 0 for a contact who
	// is no user of the account (R-SET-2).
	UserID  int64
	Channel Channel
	To      string // an email address or a phone number
	Subject string // empty for SMS
	Body    string
	Kind    string
	// Category is what the message is about, which decided who receives
	// it; Reason is why it went to To: ReasonUser, "Billing contact",
	// "Primary contact"… (R-SET-2). The Outbox shows both.
	Category Category
	Reason   string
	// CarriesCode marks the one-time-code messages (see above).
	CarriesCode bool
	// SealedCode is the one-time code of a code message, sealed; its Body
	// holds CodeMarker in its place (SPEC §7, notification_seal.go). Nil
	// for other messages and once the message was delivered or given up.
	SealedCode []byte `json:"-"`
	Status     NotificationStatus
	// Attempts counts delivery attempts begun, failed or not.
	Attempts int
	// LastError is the last delivery failure, as the mail server or the
	// network said it; empty after a success. Never holds credentials.
	LastError     string
	CreatedAt     time.Time
	NextAttemptAt time.Time // when a queued notification is next due
	SentAt        *time.Time
}

// Texts shown in place of a body that carries a one-time code.
const (
	// CodeHiddenBody replaces the body of another user's code message.
	CodeHiddenBody = "This message carries a one-time code for its recipient; only they can read it."
	// CodeErasedBody replaces the body of a code message that was delivered
	// or given up: the store erased it.
	CodeErasedBody = "The one-time code in this message was erased from the outbox after delivery."
)

// carriesCode reports whether a notification of kind on ch may carry a
// one-time code: the password-reset email, the invitation email (its
// single-use secret, R-USR-1) and every SMS (SMS exists only for codes,
// R-2FA-9).
func carriesCode(ch Channel, kind string) bool {
	return ch == ChannelSMS || kind == NotifyPasswordReset || kind == NotifySMSCode || kind == NotifyInvitation
}

// notifyEmail queues an email to u. It never fails the caller's action: a
// failure to queue is logged and the action goes on. Subject and body must
// not carry a secret unless kind is NotifyPasswordReset, whose body carries
// the reset code (see Notification).
//
// It is a security notice (R-PWD-6): when u is an owner and kind a change
// to how they sign in, the account's Primary contacts get a copy
// (copyToPrimary, R-SET-2).
func (s *Service) notifyEmail(ctx context.Context, u *User, kind, subject, body string) {
	s.queueNotification(ctx, s.newNotification(u, ChannelEmail, u.Email, kind, subject, body))
	s.copyToPrimary(ctx, u, kind, subject, body)
}

// notifySMS queues an SMS to phone, a number of u. Like notifyEmail it never
// fails the caller's action. SMS has no gateway: it stays queued in the
// outbox, where its own user can read it. Its body may carry an SMS code
// (kind NotifySMSCode) and nothing else secret.
func (s *Service) notifySMS(ctx context.Context, u *User, phone, kind, body string) {
	s.queueNotification(ctx, s.newNotification(u, ChannelSMS, phone, kind, "", body))
}

// newNotification builds a notification to u, queued and due now: a
// security notice to the user it concerns until the caller says otherwise
// (R-SET-2).
func (s *Service) newNotification(u *User, ch Channel, to, kind, subject, body string) *Notification {
	now := s.now()
	return &Notification{
		AccountID:     u.AccountID,
		UserID:        u.ID,
		Channel:       ch,
		To:            to,
		Subject:       subject,
		Body:          body,
		Kind:          kind,
		Category:      CategorySecurity,
		Reason:        ReasonUser,
		CarriesCode:   carriesCode(ch, kind),
		Status:        NotificationQueued,
		CreatedAt:     now,
		NextAttemptAt: now,
	}
}

// queueNotification stores n. Errors are logged without the body, which
// may carry a one-time code. The write ignores the caller's cancellation:
// the notification belongs to an action that already happened.
func (s *Service) queueNotification(ctx context.Context, n *Notification) {
	if err := s.store.AddNotification(context.WithoutCancel(ctx), n); err != nil {
		s.log.Error("queue notification", "kind", n.Kind, "user", n.UserID, "channel", string(n.Channel), "err", err)
	}
}

// addAuthEvent writes the auth event e of u (nil for an unknown email).
// When u opted in to sign-in notifications (R-SES-4) and e is a sign-in
// attempt, the notification is queued in the same transaction as the
// event: one commit either way, so that a known email that opted in costs
// no measurable extra time over an unknown one (R-PWD-5).
func (s *Service) addAuthEvent(ctx context.Context, u *User, e *AuthEvent) error {
	if u == nil || !u.NotifySignIn || !isSignInAttempt(e.Kind) {
		return s.store.AddAuthEvent(ctx, e)
	}
	subject, body := signInAttemptMessage(u, e)
	return s.store.AddAuthEventAndNotification(ctx, e, s.newNotification(u, ChannelEmail, u.Email, NotifySignInAttempt, subject, body))
}

// isSignInAttempt reports whether an auth event of kind is a sign-in
// attempt for R-SES-4: the sign-in screen, its code step (R-2FA-5) and the
// lock screen (R-SES-1). Only the checks of a signed-in person's password
// inside their session, the confirmation modal (R-PWD-4) and the password
// change, are not; nor is the record of a session's end (R-SES-5).
func isSignInAttempt(kind AuthKind) bool {
	return kind != AuthConfirm && kind != AuthChange && kind != AuthSessionEnd
}

// signInAttemptMessage is the R-SES-4 email: time, origin, client and
// result of the attempt, never what was typed.
func signInAttemptMessage(u *User, e *AuthEvent) (subject, body string) {
	subject = "acctl: sign-in to your account"
	if e.Result.Failed() {
		subject = "acctl: failed sign-in attempt on your account"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Someone tried to sign in to acctl as %s.\n\n", u.Email)
	fmt.Fprintf(&b, "Result: %s\n", e.Result)
	fmt.Fprintf(&b, "Step:   %s\n", e.Kind)
	fmt.Fprintf(&b, "Time:   %s\n", e.At.UTC().Format("2006-01-02 15:04:05 UTC"))
	fmt.Fprintf(&b, "From:   %s\n", plainText(e.Origin.String()))
	if c := plainText(e.Client.String()); c != "" {
		fmt.Fprintf(&b, "Client: %s\n", c)
	}
	b.WriteString("\nIf this was not you, change your password and turn on two-factor authentication.\n")
	b.WriteString("You get this email because sign-in notifications are on in your profile; you can turn them off there.\n")
	return subject, b.String()
}

// notifyPasswordChanged is the R-PWD-2 email to the caller after a
// password change.
func (s *Service) notifyPasswordChanged(ctx context.Context, a *Actor) {
	var b strings.Builder
	fmt.Fprintf(&b, "The password of your acctl user %s was changed.\n\n", a.User.Email)
	fmt.Fprintf(&b, "Time: %s\n", s.now().UTC().Format("2006-01-02 15:04:05 UTC"))
	fmt.Fprintf(&b, "From: %s\n", plainText(a.Session.Origin.String()))
	b.WriteString("\nYour other sessions were ended. If this was not you, ask an owner of your account to disable your user at once.\n")
	s.notifyEmail(ctx, a.User, NotifyPasswordChanged, "acctl: your password was changed", b.String())
}

// plainText drops control characters (a client's terminal type or SSH
// version string is chosen by the client) so that they cannot shape the
// email.
func plainText(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, s)
}

// Outbox returns one window of the notifications the caller may read,
// newest first (SPEC §8). Owners read the whole account's outbox; managers
// only their own notifications, because the outbox holds other users'
// password-reset codes and sign-in reports, which are not theirs to read
// even with the manager's otherwise full access (R-ACC-4). Even an owner
// does not see the body of another user's code message (CodeHiddenBody).
func (s *Service) Outbox(ctx context.Context, p EventPage) ([]*Notification, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	f := NotificationFilter{AccountID: a.Account.ID}
	if a.User.Role != RoleOwner {
		f.UserID = a.User.ID
	}
	p.Limit = max(1, min(p.Limit, MaxPage))
	list, err := s.store.ListNotifications(ctx, f, p)
	if err != nil {
		return nil, s.internal("outbox", err)
	}
	for _, n := range list {
		redactFor(a, n)
	}
	return list, nil
}

// Notification returns one notification of the caller's outbox, with the
// permissions of Outbox; ErrNotFound for one they may not read.
func (s *Service) Notification(ctx context.Context, id int64) (*Notification, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	n, err := s.store.FindNotification(ctx, id)
	if err != nil {
		return nil, s.internal("find notification", err)
	}
	if n.AccountID != a.Account.ID || (a.User.Role != RoleOwner && n.UserID != a.User.ID) {
		return nil, ErrNotFound
	}
	redactFor(a, n)
	return n, nil
}

// redactFor hides a one-time code from anyone but its recipient, and says
// so where the store erased it.
func redactFor(a *Actor, n *Notification) {
	switch {
	case !n.CarriesCode:
	case n.UserID != a.User.ID:
		n.Body = CodeHiddenBody
	case n.Body == "" && n.Status != NotificationQueued:
		n.Body = CodeErasedBody
	}
}
