package store

import (
	"context"
	"database/sql"

	"acctl/model"
)

var _ model.AuditStore = (*DB)(nil)

const auditColumns = `id, account_id, COALESCE(actor_id, 0), actor, action, object, detail, origin_local, origin_remote, at`

// auditPages are the keyset queries of one account's security log; each is
// a range scan of audit_events_account_at.
var auditPages = newPageQueries(`SELECT ` + auditColumns + ` FROM audit_events WHERE account_id = ?`)

// AddAudit records a change of state on its own (R-AUD-1). Changes made
// through this package record theirs in their own transaction instead.
func (db *DB) AddAudit(ctx context.Context, e *model.AuditEvent) error {
	return db.withTx(ctx, "add audit event", func(tx *sql.Tx) error {
		return insertAudit(ctx, tx, e)
	})
}

// ListAudit reads one window of an account's security log, newest first,
// by keyset pagination on (At, ID); it reads at most p.Limit rows.
func (db *DB) ListAudit(ctx context.Context, accountID int64, p model.EventPage) ([]*model.AuditEvent, error) {
	list, err := readPage(ctx, db.sql, auditPages, accountID, p, scanAudit)
	return list, mapError("list audit events", err)
}

// insertAudit writes e in tx and sets its ID. A zero ActorID (the system)
// is stored as no user; a zero At as the current time.
func insertAudit(ctx context.Context, tx *sql.Tx, e *model.AuditEvent) error {
	e.At = orNow(e.At)
	res, err := tx.ExecContext(ctx, `INSERT INTO audit_events (account_id, actor_id, actor, action, object, detail, origin_local, origin_remote, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.AccountID, nullID(e.ActorID), e.Actor, e.Action, e.Object, e.Detail, e.Origin.Local, e.Origin.Remote, nanos(e.At))
	if err != nil {
		return err
	}
	e.ID, err = res.LastInsertId()
	return err
}

func scanAudit(s scanner) (*model.AuditEvent, error) {
	var e model.AuditEvent
	var at int64
	err := s.Scan(&e.ID, &e.AccountID, &e.ActorID, &e.Actor, &e.Action, &e.Object, &e.Detail, &e.Origin.Local, &e.Origin.Remote, &at)
	if err != nil {
		return nil, err
	}
	e.At = fromNanos(at)
	return &e, nil
}
