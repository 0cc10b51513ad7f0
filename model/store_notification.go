package model

import (
	"context"
	"time"
)

// NotificationStore persists the outbox (SPEC §8): every email and SMS is
// a row here before anything tries to deliver it.
type NotificationStore interface {
	// AddNotification inserts n and sets its ID. n.Status is normally
	// NotificationQueued with NextAttemptAt when it is first due.
	AddNotification(ctx context.Context, n *Notification) error
	// AddAuthEventAndNotification records an auth event and queues n in
	// one transaction (R-SES-4), as AddAuthEvent and AddNotification do
	// one by one: a sign-in that notifies costs one commit, as one that
	// does not (R-PWD-5).
	AddAuthEventAndNotification(ctx context.Context, e *AuthEvent, n *Notification) error
	// FindNotification returns one notification; ENOTFOUND if unknown.
	FindNotification(ctx context.Context, id int64) (*Notification, error)
	// ListNotifications reads one window of the outbox of f.AccountID (only
	// f.UserID's when that is set), newest first, by keyset pagination on
	// (CreatedAt, ID); it never reads more than p.Limit rows.
	ListNotifications(ctx context.Context, f NotificationFilter, p EventPage) ([]*Notification, error)
	// ClaimDue is the deliverer's pick, atomic in one write transaction: up
	// to limit queued emails whose NextAttemptAt is not after now, oldest
	// due first. Each claimed row gets Attempts+1 and NextAttemptAt =
	// now+lease, so that no other deliverer, in this process or another,
	// claims it while it is being sent, and a deliverer that dies
	// mid-send leaves it to be tried again after the lease. SMS rows are
	// never claimed (no gateway).
	ClaimDue(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]*Notification, error)
	// MarkSent records a delivery: status sent, SentAt = at, LastError
	// cleared. A notification with CarriesCode has its body and sealed code
	// erased, so that the one-time code does not outlive its delivery, and
	// the write-ahead log is then checkpointed (SPEC §7).
	MarkSent(ctx context.Context, id int64, at time.Time) error
	// MarkFailed records a failed attempt with the error as the server or
	// network said it. The notification stays queued until nextAttempt, or,
	// when final, becomes failed (and a CarriesCode message is erased as
	// MarkSent erases it).
	MarkFailed(ctx context.Context, id int64, errText string, nextAttempt time.Time, final bool) error
}

// NotificationFilter selects an outbox: an account's, or only one of its
// users' when UserID is set.
type NotificationFilter struct {
	AccountID int64
	UserID    int64 // 0: every user of the account
}
