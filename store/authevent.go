package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"acctl/model"
)

var _ model.AuthEventStore = (*DB)(nil)

const authEventColumns = `id, COALESCE(user_id, 0), COALESCE(account_id, 0), email, kind, result,
	origin_local, origin_remote, ssh_version, term, os, key_fingerprint, at`

// authEventPages are the keyset queries of one user's history; each is a
// range scan of auth_events_user_at.
var authEventPages = newPageQueries(`SELECT ` + authEventColumns + ` FROM auth_events WHERE user_id = ?`)

// AddAuthEvent records one authentication attempt (R-SES-3). A zero UserID
// (an unknown email) is stored as no user.
func (db *DB) AddAuthEvent(ctx context.Context, e *model.AuthEvent) error {
	return db.withTx(ctx, "add auth event", func(tx *sql.Tx) error {
		return insertAuthEvent(ctx, tx, e)
	})
}

// AddAuthEvents inserts many events in one write transaction, all or none,
// setting their IDs: for seeding history (--demo), where a transaction per
// row would cost most of the start-up.
func (db *DB) AddAuthEvents(ctx context.Context, events []*model.AuthEvent) error {
	return db.withTx(ctx, "add auth events", func(tx *sql.Tx) error {
		for _, e := range events {
			if err := insertAuthEvent(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// insertAuthEvent writes e in tx and sets its ID; a zero At is the current
// time.
func insertAuthEvent(ctx context.Context, tx *sql.Tx, e *model.AuthEvent) error {
	e.At = orNow(e.At)
	res, err := tx.ExecContext(ctx, `INSERT INTO auth_events (user_id, account_id, email, kind, result,
		origin_local, origin_remote, ssh_version, term, os, key_fingerprint, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		nullID(e.UserID), nullID(e.AccountID), e.Email, e.Kind, e.Result,
		e.Origin.Local, e.Origin.Remote, e.Client.SSHVersion, e.Client.Term, e.Client.OS, e.Client.KeyFingerprint, nanos(e.At))
	if err != nil {
		return err
	}
	e.ID, err = res.LastInsertId()
	return err
}

// ListAuthEvents reads one window of a user's history, newest first, by
// keyset pagination on (At, ID); it reads at most p.Limit rows (R-SES-3).
func (db *DB) ListAuthEvents(ctx context.Context, userID int64, p model.EventPage) ([]*model.AuthEvent, error) {
	list, err := readPage(ctx, db.sql, authEventPages, userID, p, scanAuthEvent)
	return list, mapError("list auth events", err)
}

// CountAuthEvents counts a user's events.
func (db *DB) CountAuthEvents(ctx context.Context, userID int64) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM auth_events WHERE user_id = ?`, userID).Scan(&n)
	return n, mapError("count auth events", err)
}

func scanAuthEvent(s scanner) (*model.AuthEvent, error) {
	var e model.AuthEvent
	var at int64
	err := s.Scan(&e.ID, &e.UserID, &e.AccountID, &e.Email, &e.Kind, &e.Result,
		&e.Origin.Local, &e.Origin.Remote, &e.Client.SSHVersion, &e.Client.Term, &e.Client.OS, &e.Client.KeyFingerprint, &at)
	if err != nil {
		return nil, err
	}
	e.At = fromNanos(at)
	return &e, nil
}

// Throttle returns the R-PWD-5 failure state of key; a zero Throttle when
// there is none.
func (db *DB) Throttle(ctx context.Context, key string) (model.Throttle, error) {
	t, err := findThrottle(ctx, db.sql, key)
	return t, mapError("read throttle", err)
}

// SaveThrottle stores the failure state of key; zero Failures deletes it
// (a success resets the count, R-PWD-5).
func (db *DB) SaveThrottle(ctx context.Context, key string, t model.Throttle) error {
	return db.withTx(ctx, "save throttle", func(tx *sql.Tx) error {
		return saveThrottle(ctx, tx, key, t)
	})
}

// BeginAttempt is R-PWD-5's gate, in one write transaction that holds the
// write lock from its start, so that parallel attempts on one key, from any
// process, are counted one after another: model's rule decides on the
// state read there, and when it allows the attempt the state it returns,
// which counts the attempt in advance, is saved.
func (db *DB) BeginAttempt(ctx context.Context, key string, now time.Time, rule model.ThrottleRule) (model.Throttle, bool, error) {
	var t model.Throttle
	var allowed bool
	err := db.withTx(ctx, "begin attempt", func(tx *sql.Tx) error {
		read, err := findThrottle(ctx, tx, key)
		if err != nil {
			return err
		}
		if t, allowed = rule(read, now); !allowed {
			t = read
			return nil
		}
		return saveThrottle(ctx, tx, key, t)
	})
	if err != nil {
		return model.Throttle{}, false, err
	}
	return t, allowed, nil
}

// PurgeThrottles deletes the throttles without a running wait whose last
// failure, and last wait, ended memory before now (R-PWD-5), and then
// checkpoints the write-ahead log, so that no purged email lingers in it.
func (db *DB) PurgeThrottles(ctx context.Context, now time.Time, memory time.Duration) (int, error) {
	var n int64
	err := db.withTx(ctx, "purge throttles", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM throttles WHERE locked_until <= ? AND last_at <= ?`,
			nanos(now.Add(-memory)), nanos(now.Add(-memory)))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if n > 0 {
		db.checkpoint(ctx)
	}
	return int(n), err
}

// purgeBatch bounds the rows one purge transaction deletes, so that the
// write lock is held briefly however much there is to purge.
const purgeBatch = 5000

// PurgeAuthEvents deletes the auth events before before, in batches of
// purgeBatch rows, each its own transaction, through auth_events_at, and
// then checkpoints the write-ahead log.
func (db *DB) PurgeAuthEvents(ctx context.Context, before time.Time) (int, error) {
	total := 0
	for {
		var n int64
		err := db.withTx(ctx, "purge auth events", func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `DELETE FROM auth_events WHERE id IN
				(SELECT id FROM auth_events WHERE at < ? ORDER BY at LIMIT ?)`, nanos(before), purgeBatch)
			if err != nil {
				return err
			}
			n, err = res.RowsAffected()
			return err
		})
		total += int(n)
		if err != nil || n < purgeBatch {
			if total > 0 {
				db.checkpoint(ctx) // no copy of a purged event lingers in the log
			}
			return total, err
		}
	}
}

func findThrottle(ctx context.Context, q querier, key string) (model.Throttle, error) {
	var t model.Throttle
	var until, last int64
	err := q.QueryRowContext(ctx, `SELECT failures, locked_until, last_at FROM throttles WHERE key = ?`, key).Scan(&t.Failures, &until, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Throttle{}, nil
	}
	t.LockedUntil, t.LastAt = fromNanos(until), fromNanos(last)
	return t, err
}

func saveThrottle(ctx context.Context, tx *sql.Tx, key string, t model.Throttle) error {
	if t.Failures == 0 {
		_, err := tx.ExecContext(ctx, `DELETE FROM throttles WHERE key = ?`, key)
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO throttles (key, failures, locked_until, last_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, last_at = excluded.last_at`,
		key, t.Failures, nanos(t.LockedUntil), nanos(t.LastAt))
	return err
}
