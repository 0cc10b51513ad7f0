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
	origin_local, origin_remote, ssh_version, term, os, at`

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
		origin_local, origin_remote, ssh_version, term, os, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		nullID(e.UserID), nullID(e.AccountID), e.Email, e.Kind, e.Result,
		e.Origin.Local, e.Origin.Remote, e.Client.SSHVersion, e.Client.Term, e.Client.OS, nanos(e.At))
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
		&e.Origin.Local, &e.Origin.Remote, &e.Client.SSHVersion, &e.Client.Term, &e.Client.OS, &at)
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
// process, are counted one after another. While the key waits (LockedUntil
// after now) it returns the state and false, changing nothing. Otherwise it
// counts this attempt as a failure in advance, with
// LockedUntil = now + lockFor(new count) when that is positive (else zero),
// saves it and returns it with true.
func (db *DB) BeginAttempt(ctx context.Context, key string, now time.Time, lockFor func(failures int) time.Duration) (model.Throttle, bool, error) {
	var t model.Throttle
	var allowed bool
	err := db.withTx(ctx, "begin attempt", func(tx *sql.Tx) error {
		var err error
		if t, err = findThrottle(ctx, tx, key); err != nil {
			return err
		}
		if allowed = !t.LockedUntil.After(now); !allowed {
			return nil
		}
		t.Failures++
		t.LockedUntil = time.Time{}
		if wait := lockFor(t.Failures); wait > 0 {
			t.LockedUntil = now.Add(wait).UTC()
		}
		return saveThrottle(ctx, tx, key, t)
	})
	if err != nil {
		return model.Throttle{}, false, err
	}
	return t, allowed, nil
}

func findThrottle(ctx context.Context, q querier, key string) (model.Throttle, error) {
	var t model.Throttle
	var until int64
	err := q.QueryRowContext(ctx, `SELECT failures, locked_until FROM throttles WHERE key = ?`, key).Scan(&t.Failures, &until)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Throttle{}, nil
	}
	t.LockedUntil = fromNanos(until)
	return t, err
}

func saveThrottle(ctx context.Context, tx *sql.Tx, key string, t model.Throttle) error {
	if t.Failures == 0 {
		_, err := tx.ExecContext(ctx, `DELETE FROM throttles WHERE key = ?`, key)
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO throttles (key, failures, locked_until) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`,
		key, t.Failures, nanos(t.LockedUntil))
	return err
}
