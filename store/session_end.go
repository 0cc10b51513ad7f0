package store

import (
	"context"
	"database/sql"
	"time"

	"acctl/model"
)

// EndSessions closes open sessions of user userID at at in one write
// transaction (R-SES-6): those in ids, or every one when ids is nil, but
// never the session of the guard, whose actor is read again inside the
// transaction (R-ACC-6) and must meet model's CheckSessionsOf for the
// user as read there. Each closed session is recorded as a copy of audit
// ("session.closed"). It returns how many it closed; model.ErrNotFound
// when ids names one that is not an open session of the user.
func (db *DB) EndSessions(ctx context.Context, g *model.Guard, userID int64, ids []string, at time.Time, audit *model.AuditEvent) (int, error) {
	var n int
	err := db.withTx(ctx, "end sessions", func(tx *sql.Tx) error {
		u, err := guardedTarget(ctx, tx, g, userID, model.CheckSessionsOf)
		if err != nil {
			return err
		}
		keep := ""
		if g != nil {
			keep = g.SessionID
		}
		if ids == nil {
			n, err = endUserSessions(ctx, tx, u, keep, at, *audit)
			return err
		}
		for _, id := range ids {
			if id == keep {
				return model.ErrNotFound
			}
			err := oneRow(tx.ExecContext(ctx, `UPDATE sessions SET closed_at = ? WHERE id = ? AND user_id = ? AND closed_at IS NULL`, nanos(at), id, userID))
			if err != nil {
				return err
			}
			e := *audit
			e.AccountID, e.Action, e.Object, e.At = u.AccountID, "session.closed", "session "+id[:min(len(id), 8)], at
			if err := insertAudit(ctx, tx, &e); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, notFound("end sessions", err)
	}
	return n, nil
}
