package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"acctl/model"
)

const grantColumns = `g.id, g.account_id, g.granted_by, u.name, u.email, g.granted_at, g.expires_at, g.extended_at,
	g.ended_at, g.end_reason, COALESCE(g.ended_by, 0)`

const grantFrom = ` FROM support_grants g JOIN users u ON u.id = g.granted_by`

// RunningSupportGrant returns the account's grant that runs at now
// (model.SupportGrant.Running); model.ErrNotFound when none does (R-SET-4).
// One lookup in the unique index of open grants.
func (db *DB) RunningSupportGrant(ctx context.Context, accountID int64, now time.Time) (*model.SupportGrant, error) {
	g, err := openGrant(ctx, db.sql, accountID)
	if err != nil {
		return nil, notFound("find support grant", err)
	}
	if !g.Running(now) {
		return nil, model.ErrNotFound
	}
	return g, nil
}

// openGrant reads the account's grant that has not ended; sql.ErrNoRows
// when there is none.
func openGrant(ctx context.Context, q querier, accountID int64) (*model.SupportGrant, error) {
	return scanGrant(q.QueryRowContext(ctx, `SELECT `+grantColumns+grantFrom+` WHERE g.account_id = ? AND g.ended_at IS NULL`, accountID))
}

// runningGrant reads the account's open grant inside tx, first recording
// the end of one that ran out by now (expireGrant); nil when none runs.
func runningGrant(ctx context.Context, tx *sql.Tx, accountID int64, now time.Time) (*model.SupportGrant, error) {
	g, err := openGrant(ctx, tx, accountID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if g.Running(now) {
		return g, nil
	}
	return nil, expireGrant(ctx, tx, g)
}

// StartSupportGrant inserts grant with audit after R-ACC-6's guard, in one
// write transaction, and sets its ID (R-SET-4). An open grant that ran out
// is ended first; one that runs gives model.ErrSupportAccessRunning.
func (db *DB) StartSupportGrant(ctx context.Context, g *model.Guard, grant *model.SupportGrant, audit *model.AuditEvent) error {
	return db.withTx(ctx, "start support grant", func(tx *sql.Tx) error {
		if _, err := checkGuard(ctx, tx, g); err != nil {
			return err
		}
		running, err := runningGrant(ctx, tx, guardAccount(g, audit), grant.GrantedAt)
		if err != nil {
			return err
		}
		if running != nil {
			return model.ErrSupportAccessRunning
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO support_grants (account_id, granted_by, granted_at, expires_at) VALUES (?, ?, ?, ?)`,
			guardAccount(g, audit), grant.GrantedBy, nanos(grant.GrantedAt), nanos(grant.ExpiresAt))
		if err != nil {
			return err
		}
		if grant.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return insertAudit(ctx, tx, audit)
	})
}

// ExtendSupportGrant moves the end of g's account's running grant to until
// with audit, after R-ACC-6's guard (R-SET-4), and returns it;
// model.ErrNoSupportAccess when none runs at now.
func (db *DB) ExtendSupportGrant(ctx context.Context, g *model.Guard, now, until time.Time, audit *model.AuditEvent) (*model.SupportGrant, error) {
	var extended *model.SupportGrant
	err := db.withTx(ctx, "extend support grant", func(tx *sql.Tx) error {
		running, err := guardedGrant(ctx, tx, g, now)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE support_grants SET expires_at = ?, extended_at = ? WHERE id = ?`, nanos(until), nanos(now), running.ID); err != nil {
			return err
		}
		running.ExpiresAt, running.ExtendedAt = until, &now
		extended = running
		return insertAudit(ctx, tx, audit)
	})
	return extended, err
}

// EndSupportGrant terminates g's account's running grant at now with
// audit, after R-ACC-6's guard (R-SET-4), and returns it;
// model.ErrNoSupportAccess when none runs. The notice of its end is left
// to MarkGrantEndNotified.
func (db *DB) EndSupportGrant(ctx context.Context, g *model.Guard, now time.Time, audit *model.AuditEvent) (*model.SupportGrant, error) {
	var ended *model.SupportGrant
	err := db.withTx(ctx, "end support grant", func(tx *sql.Tx) error {
		running, err := guardedGrant(ctx, tx, g, now)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE support_grants SET ended_at = ?, end_reason = ?, ended_by = ? WHERE id = ?`,
			nanos(now), model.GrantTerminated, g.ActorID, running.ID); err != nil {
			return err
		}
		running.EndedAt, running.EndReason, running.EndedBy = &now, model.GrantTerminated, g.ActorID
		ended = running
		return insertAudit(ctx, tx, audit)
	})
	return ended, err
}

// guardedGrant checks R-ACC-6's guard and reads g's account's running
// grant; model.ErrNoSupportAccess when none runs.
func guardedGrant(ctx context.Context, tx *sql.Tx, g *model.Guard, now time.Time) (*model.SupportGrant, error) {
	if _, err := checkGuard(ctx, tx, g); err != nil {
		return nil, err
	}
	running, err := runningGrant(ctx, tx, g.AccountID, now)
	if err != nil {
		return nil, err
	}
	if running == nil {
		return nil, model.ErrNoSupportAccess
	}
	return running, nil
}

// ExpireSupportGrants ends up to limit open grants that ran out by now,
// each at its ExpiresAt with model.GrantExpiredAudit, in one write
// transaction, and returns them (R-SET-4). Most sweeps find none: a read
// looks first, taking no write lock from the consoles sharing the file.
func (db *DB) ExpireSupportGrants(ctx context.Context, now time.Time, limit int) ([]*model.SupportGrant, error) {
	const due = ` WHERE g.ended_at IS NULL AND g.expires_at <= ? ORDER BY g.expires_at, g.id LIMIT ?`
	var found bool
	if err := db.sql.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM support_grants g`+due+`)`, nanos(now), limit).Scan(&found); err != nil {
		return nil, mapError("look for expired support grants", err)
	}
	if !found {
		return nil, nil
	}
	var list []*model.SupportGrant
	err := db.withTx(ctx, "expire support grants", func(tx *sql.Tx) error {
		var err error
		list, err = queryAll(ctx, tx, scanGrant, `SELECT `+grantColumns+grantFrom+due, nanos(now), limit)
		if err != nil {
			return err
		}
		for _, g := range list {
			if err := expireGrant(ctx, tx, g); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// expireGrant records the end of an open grant that ran out: at its
// ExpiresAt, by nobody, with model.GrantExpiredAudit.
func expireGrant(ctx context.Context, tx *sql.Tx, g *model.SupportGrant) error {
	if _, err := tx.ExecContext(ctx, `UPDATE support_grants SET ended_at = expires_at, end_reason = ? WHERE id = ? AND ended_at IS NULL`,
		model.GrantExpired, g.ID); err != nil {
		return err
	}
	at := g.ExpiresAt
	g.EndedAt, g.EndReason = &at, model.GrantExpired
	return insertAudit(ctx, tx, model.GrantExpiredAudit(g))
}

// UnnotifiedGrantEnds returns up to limit ended grants whose end is not
// notified yet, the oldest end first, from their partial index.
func (db *DB) UnnotifiedGrantEnds(ctx context.Context, limit int) ([]*model.SupportGrant, error) {
	list, err := queryAll(ctx, db.sql, scanGrant, `SELECT `+grantColumns+grantFrom+
		` WHERE g.ended_at IS NOT NULL AND g.end_notified_at IS NULL ORDER BY g.ended_at, g.id LIMIT ?`, limit)
	return list, mapError("unnotified support grant ends", err)
}

// MarkGrantEndNotified marks grant id's end notified at at and queues list
// in one write transaction, only when it was not marked before: false
// means another caller did it first, and nothing was queued (R-SET-4:
// each end notified once).
func (db *DB) MarkGrantEndNotified(ctx context.Context, id int64, at time.Time, list []*model.Notification) (bool, error) {
	marked := false
	err := db.withTx(ctx, "mark support grant end notified", func(tx *sql.Tx) error {
		err := oneRow(tx.ExecContext(ctx, `UPDATE support_grants SET end_notified_at = ? WHERE id = ? AND ended_at IS NOT NULL AND end_notified_at IS NULL`, nanos(at), id))
		if errors.Is(err, model.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		marked = true
		return insertNotifications(ctx, tx, list)
	})
	return marked, err
}

func scanGrant(s scanner) (*model.SupportGrant, error) { return scanGrantWith(s) }

// scanGrantWith scans a grant's columns and then extra, the columns that
// follow them.
func scanGrantWith(s scanner, extra ...any) (*model.SupportGrant, error) {
	var g model.SupportGrant
	var granted, expires int64
	var extended, ended sql.NullInt64
	err := s.Scan(append([]any{&g.ID, &g.AccountID, &g.GrantedBy, &g.GrantedByName, &g.GrantedByEmail, &granted, &expires, &extended,
		&ended, &g.EndReason, &g.EndedBy}, extra...)...)
	if err != nil {
		return nil, err
	}
	g.GrantedAt, g.ExpiresAt = fromNanos(granted), fromNanos(expires)
	g.ExtendedAt, g.EndedAt = fromNullNanos(extended), fromNullNanos(ended)
	return &g, nil
}
