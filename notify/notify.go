// Package notify delivers the notification outbox (SPEC §8). The model
// queues every email and SMS in the outbox; a Deliverer claims the due
// emails, hands each to a Sender (SMTP, configured by --smtp-url or
// ACCTL_SMTP_URL) and records the outcome: sent, or the error and the time
// of the next attempt, or failed for good. SMS stays in the outbox: there
// is no gateway yet. Without a Deliverer, emails stay queued too, and the
// console's outbox shows them (the offline-demo mode).
package notify

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"acctl/model"
	"acctl/seal"
)

// Sender delivers one notification. An error that sending again cannot
// cure is a *PermanentError; any other error is retried.
type Sender interface {
	Send(ctx context.Context, n *model.Notification) error
}

// PermanentError is a delivery failure that no retry can cure: the server
// refused the recipient or the message for good.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// DefaultRetry is the wait after each failed attempt: 1 minute, 5 minutes,
// 30 minutes, 2 hours; the attempt after the last wait is the last one, so
// an email is tried five times over about 2.5 hours before it is failed.
var DefaultRetry = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour}

// Config is what a Deliverer is built from. Zero fields get defaults.
type Config struct {
	Store  model.NotificationStore
	Sender Sender
	// Sealer opens the one-time codes that code messages keep sealed until
	// delivery (SPEC §7). Without it, such a message cannot be sent and is
	// failed.
	Sealer *seal.Sealer
	Clock  model.Clock  // default: model.SystemClock
	Logger *slog.Logger // default: discards
	// Poll is how often the outbox is checked for due emails (default 5
	// seconds).
	Poll time.Duration
	// Retry is the wait after each failed attempt (default DefaultRetry);
	// an email is tried len(Retry)+1 times.
	Retry []time.Duration
	// Lease is how long a claimed email is kept from other deliverers
	// while it is being sent (default 10 minutes); it must outlast the
	// sender's own timeout.
	Lease time.Duration
	// Batch is how many emails one claim takes (default 20).
	Batch int
}

// Deliverer sends the outbox's due emails. Several deliverers, in one
// process or in several sharing the database, never send one email twice
// at once: each claim is atomic and leased (NotificationStore.ClaimDue).
type Deliverer struct {
	store  model.NotificationStore
	sender Sender
	sealer *seal.Sealer
	now    model.Clock
	log    *slog.Logger
	poll   time.Duration
	retry  []time.Duration
	lease  time.Duration
	batch  int
}

// NewDeliverer returns a Deliverer over cfg.Store and cfg.Sender.
func NewDeliverer(cfg Config) *Deliverer {
	d := &Deliverer{store: cfg.Store, sender: cfg.Sender, sealer: cfg.Sealer, now: cfg.Clock, log: cfg.Logger,
		poll: cfg.Poll, retry: cfg.Retry, lease: cfg.Lease, batch: cfg.Batch}
	if d.now == nil {
		d.now = model.SystemClock
	}
	if d.log == nil {
		d.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if d.poll <= 0 {
		d.poll = 5 * time.Second
	}
	if d.retry == nil {
		d.retry = DefaultRetry
	}
	if d.lease <= 0 {
		d.lease = 10 * time.Minute
	}
	if d.batch <= 0 {
		d.batch = 20
	}
	return d
}

// Run delivers due emails until ctx ends, checking the outbox every Poll.
// A failure to read or write the outbox is logged and tried again at the
// next check. It returns nil when ctx ends.
func (d *Deliverer) Run(ctx context.Context) error {
	ticker := time.NewTicker(d.poll)
	defer ticker.Stop()
	for {
		if _, err := d.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			d.log.Error("deliver notifications", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		}
	}
}

// Outcome counts what one DeliverDue did.
type Outcome struct {
	Sent    int // delivered
	Retried int // failed, to be tried again
	Failed  int // failed for good
}

// DeliverDue claims the emails due now, batch by batch until none is left,
// and sends each. It stops early, with the error, when the outbox cannot be
// read or written, or when ctx ends; a claimed email it did not get to is
// due again when its lease ends.
func (d *Deliverer) DeliverDue(ctx context.Context) (Outcome, error) {
	var out Outcome
	for ctx.Err() == nil {
		list, err := d.store.ClaimDue(ctx, d.now(), d.batch, d.lease)
		if err != nil {
			return out, err
		}
		for _, n := range list {
			if err := d.deliver(ctx, n, &out); err != nil {
				return out, err
			}
		}
		if len(list) < d.batch {
			return out, nil
		}
	}
	return out, ctx.Err()
}

// deliver sends one claimed email and records the outcome. A code
// message's code is opened only here, into the copy that is sent (SPEC
// §7); one whose code does not open is failed for good.
func (d *Deliverer) deliver(ctx context.Context, n *model.Notification, out *Outcome) error {
	body, err := model.DeliveryBody(d.sealer, n)
	if err != nil {
		out.Failed++
		d.log.Error("notification not sent: its one-time code cannot be opened", "id", n.ID, "kind", n.Kind, "err", err)
		return d.store.MarkFailed(context.WithoutCancel(ctx), n.ID, "the one-time code could not be opened with this data directory's sealing key: ask for a new code", d.now(), true)
	}
	sent := *n
	sent.Body = body
	sendErr := d.sender.Send(ctx, &sent)
	if sendErr != nil && ctx.Err() != nil {
		return ctx.Err() // cut off, not failed: due again when the lease ends
	}
	// The outcome is recorded even when ctx ends meanwhile: the email went.
	record := context.WithoutCancel(ctx)
	now := d.now()
	if sendErr == nil {
		if err := d.store.MarkSent(record, n.ID, now); err != nil {
			return err
		}
		out.Sent++
		d.log.Info("notification sent", "id", n.ID, "kind", n.Kind, "attempt", n.Attempts)
		return nil
	}
	var perm *PermanentError
	final := errors.As(sendErr, &perm) || n.Attempts > len(d.retry)
	next := now
	if !final {
		next = now.Add(d.retry[max(n.Attempts, 1)-1])
	}
	text := errorText(sendErr)
	if err := d.store.MarkFailed(record, n.ID, text, next, final); err != nil {
		return err
	}
	if final {
		out.Failed++
		d.log.Warn("notification failed for good", "id", n.ID, "kind", n.Kind, "attempts", n.Attempts, "err", text)
	} else {
		out.Retried++
		d.log.Warn("notification not sent; will retry", "id", n.ID, "kind", n.Kind, "attempt", n.Attempts, "next", next, "err", text)
	}
	return nil
}

// maxErrorText bounds the error kept with a notification.
const maxErrorText = 500

// errorText is err as kept in the outbox: one line of printable text, at
// most maxErrorText bytes.
func errorText(err error) string {
	s := strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, err.Error())), " ")
	if len(s) > maxErrorText {
		cut := maxErrorText
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
