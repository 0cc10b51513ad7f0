package store

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"acctl/model"
)

var _ model.NotificationStore = (*DB)(nil)

const notificationColumns = `id, account_id, COALESCE(user_id, 0), channel, recipient, subject, body, kind, carries_code,
	status, attempts, last_error, at, next_attempt_at, sent_at, category, reason, sealed_code`

// The keyset queries of an account's outbox and of one user's; each is a
// range scan of notifications_account_at or notifications_user_at.
var (
	accountNotificationPages = newPageQueries(`SELECT ` + notificationColumns + ` FROM notifications WHERE account_id = ?`)
	userNotificationPages    = newPageQueries(`SELECT ` + notificationColumns + ` FROM notifications WHERE user_id = ?`)
)

// AddNotification queues n in the outbox (SPEC §8) and sets its ID. A zero
// CreatedAt is the current time; a zero NextAttemptAt, CreatedAt; an empty
// Status, queued.
func (db *DB) AddNotification(ctx context.Context, n *model.Notification) error {
	return db.withTx(ctx, "add notification", func(tx *sql.Tx) error {
		return insertNotification(ctx, tx, n)
	})
}

// AddAuthEventAndNotification records the auth event e and queues n in one
// transaction (R-SES-4): both commit, or neither.
func (db *DB) AddAuthEventAndNotification(ctx context.Context, e *model.AuthEvent, n *model.Notification) error {
	return db.withTx(ctx, "add auth event and notification", func(tx *sql.Tx) error {
		if err := insertAuthEvent(ctx, tx, e); err != nil {
			return err
		}
		return insertNotification(ctx, tx, n)
	})
}

// AddNotifications queues every notification of list in one transaction
// (R-SET-2: the recipients of one account notification) and sets their
// IDs, with the defaults of AddNotification.
func (db *DB) AddNotifications(ctx context.Context, list []*model.Notification) error {
	return db.withTx(ctx, "add notifications", func(tx *sql.Tx) error {
		return insertNotifications(ctx, tx, list)
	})
}

// insertNotifications writes every notification of list in tx.
func insertNotifications(ctx context.Context, tx *sql.Tx, list []*model.Notification) error {
	for _, n := range list {
		if err := insertNotification(ctx, tx, n); err != nil {
			return err
		}
	}
	return nil
}

// insertNotification writes n in tx and sets its ID, with the defaults of
// AddNotification: and a security notice to the user (R-SET-2) when its
// category and reason are empty. A zero UserID (a contact who is no user)
// is stored as none.
func insertNotification(ctx context.Context, tx *sql.Tx, n *model.Notification) error {
	n.CreatedAt = orNow(n.CreatedAt)
	if n.NextAttemptAt.IsZero() {
		n.NextAttemptAt = n.CreatedAt
	}
	if n.Status == "" {
		n.Status = model.NotificationQueued
	}
	if n.Category == "" {
		n.Category = model.CategorySecurity
	}
	if n.Reason == "" {
		n.Reason = model.ReasonUser
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO notifications (account_id, user_id, channel, recipient, subject, body, kind,
		carries_code, status, attempts, last_error, at, next_attempt_at, sent_at, category, reason, sealed_code)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		n.AccountID, nullID(n.UserID), n.Channel, n.To, n.Subject, n.Body, n.Kind,
		n.CarriesCode, n.Status, n.Attempts, n.LastError, nanos(n.CreatedAt), nanos(n.NextAttemptAt), nullNanos(n.SentAt),
		n.Category, n.Reason, n.SealedCode)
	if err != nil {
		return err
	}
	n.ID, err = res.LastInsertId()
	return err
}

// FindNotification returns one notification; model.ErrNotFound if there is
// none.
func (db *DB) FindNotification(ctx context.Context, id int64) (*model.Notification, error) {
	n, err := scanNotification(db.sql.QueryRowContext(ctx, `SELECT `+notificationColumns+` FROM notifications WHERE id = ?`, id))
	if err != nil {
		return nil, notFound("find notification", err)
	}
	return n, nil
}

// ListNotifications reads one window of an outbox, newest first, by keyset
// pagination on (CreatedAt, ID); it reads at most p.Limit rows. With
// f.UserID set it reads that user's rows only (a user is in one account,
// R-ACC-2); otherwise the rows of f.AccountID.
func (db *DB) ListNotifications(ctx context.Context, f model.NotificationFilter, p model.EventPage) ([]*model.Notification, error) {
	qs, owner := accountNotificationPages, f.AccountID
	if f.UserID != 0 {
		qs, owner = userNotificationPages, f.UserID
	}
	list, err := readPage(ctx, db.sql, qs, owner, p, scanNotification)
	return list, mapError("list notifications", err)
}

// ClaimDue picks up to limit queued emails due at now, oldest due first, in
// one write transaction, taken only when a read finds any due (BEGIN IMMEDIATE, so two deliverers in two
// processes claim one after the other). Each claimed row gets Attempts+1
// and NextAttemptAt = now+lease; the rows are returned as updated.
func (db *DB) ClaimDue(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]*model.Notification, error) {
	if limit <= 0 {
		return nil, nil
	}
	// Most polls find nothing due: look first with a read, which takes no
	// write lock from the consoles sharing the file (R-STO-3).
	var due bool
	if err := db.sql.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM notifications
		WHERE status = 'queued' AND channel = 'email' AND next_attempt_at <= ?)`, nanos(now)).Scan(&due); err != nil {
		return nil, mapError("look for due notifications", err)
	}
	if !due {
		return nil, nil
	}
	var list []*model.Notification
	err := db.withTx(ctx, "claim due notifications", func(tx *sql.Tx) error {
		list = list[:0]
		rows, err := tx.QueryContext(ctx, `UPDATE notifications SET attempts = attempts + 1, next_attempt_at = ?
			WHERE id IN (SELECT id FROM notifications
				WHERE status = 'queued' AND channel = 'email' AND next_attempt_at <= ?
				ORDER BY next_attempt_at, id LIMIT ?)
			RETURNING `+notificationColumns,
			nanos(now.Add(lease)), nanos(now), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			n, err := scanNotification(rows)
			if err != nil {
				return err
			}
			list = append(list, n)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	// RETURNING gives no order: queue order is creation order.
	slices.SortFunc(list, func(a, b *model.Notification) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	return list, nil
}

// MarkSent records a delivery at at. A notification that carries a
// one-time code has its body and sealed code erased, and the write-ahead
// log is then checkpointed so that no copy lingers in it (SPEC §7).
func (db *DB) MarkSent(ctx context.Context, id int64, at time.Time) error {
	return db.updateNotification(ctx, "mark notification sent", `UPDATE notifications SET status = 'sent', sent_at = ?, last_error = '',
		body = CASE WHEN carries_code = 1 THEN '' ELSE body END,
		sealed_code = NULL WHERE id = ? RETURNING carries_code`, nanos(orNow(at)), id)
}

// MarkFailed records a failed attempt: errText is kept, and the row stays
// queued until nextAttempt or, when final, becomes failed and a one-time
// code in it is erased, as MarkSent erases it.
func (db *DB) MarkFailed(ctx context.Context, id int64, errText string, nextAttempt time.Time, final bool) error {
	status := model.NotificationQueued
	if final {
		status = model.NotificationFailed
	}
	return db.updateNotification(ctx, "mark notification failed", `UPDATE notifications SET status = ?, last_error = ?, next_attempt_at = ?,
		body = CASE WHEN ? AND carries_code = 1 THEN '' ELSE body END,
		sealed_code = CASE WHEN ? THEN NULL ELSE sealed_code END WHERE id = ? RETURNING ? AND carries_code`,
		status, errText, nanos(nextAttempt), final, final, id, final)
}

// updateNotification runs an UPDATE … RETURNING whether it erased a
// one-time code, which must change exactly one row (none is
// model.ErrNotFound), and checkpoints the write-ahead log after an erasure.
func (db *DB) updateNotification(ctx context.Context, what, query string, args ...any) error {
	var erased bool
	err := db.withTx(ctx, what, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, query, args...).Scan(&erased)
		if err == sql.ErrNoRows {
			return model.ErrNotFound
		}
		return err
	})
	if err != nil || !erased {
		return err
	}
	db.checkpoint(ctx)
	return nil
}

// checkpoint copies the write-ahead log into the database file and
// truncates it (SPEC §7), so that a page that held an erased secret does
// not outlive the erasure in the log. It waits for readers up to the busy
// timeout; a checkpoint that could not finish is done by a later one.
func (db *DB) checkpoint(ctx context.Context) {
	var busy, logged, done int
	_ = db.sql.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logged, &done)
}

func scanNotification(s scanner) (*model.Notification, error) {
	var n model.Notification
	var at, next int64
	var sent sql.NullInt64
	err := s.Scan(&n.ID, &n.AccountID, &n.UserID, &n.Channel, &n.To, &n.Subject, &n.Body, &n.Kind, &n.CarriesCode,
		&n.Status, &n.Attempts, &n.LastError, &at, &next, &sent, &n.Category, &n.Reason, &n.SealedCode)
	if err != nil {
		return nil, err
	}
	n.CreatedAt, n.NextAttemptAt, n.SentAt = fromNanos(at), fromNanos(next), fromNullNanos(sent)
	return &n, nil
}
