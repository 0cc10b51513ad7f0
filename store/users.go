package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"acctl/model"
)

// SetUserRole gives user userID role and records audit in one write
// transaction, in which the actor is read again (R-ACC-6) and model's
// CheckRoleChange decides on the fresh rows under the write lock (R-ACC-5,
// R-ACC-1), so that concurrent changes cannot slip past it.
func (db *DB) SetUserRole(ctx context.Context, g *model.Guard, userID int64, role model.Role, audit *model.AuditEvent) (*model.User, error) {
	var changed *model.User
	err := db.withTx(ctx, "change role", func(tx *sql.Tx) error {
		actor, err := checkGuard(ctx, tx, g)
		if err != nil {
			return err
		}
		u, others, err := findUserAndOtherOwners(ctx, tx, userID)
		if err != nil {
			return err
		}
		if actor == nil {
			actor = u // seeding: the user changes their own role
		}
		if err := model.CheckRoleChange(actor, u, role, others); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET role = ? WHERE id = ?`, role, userID); err != nil {
			return err
		}
		if err := insertUserAudit(ctx, tx, userID, audit); err != nil {
			return err
		}
		u.Role = role
		changed = u
		return nil
	})
	if err != nil {
		return nil, notFound("change role", err)
	}
	return changed, nil
}

// DisableUser disables user userID in one write transaction (R-USR-3), in
// which the actor is read again (R-ACC-6) and model's CheckDisableUser
// decides on the fresh rows (R-ACC-1): their open sessions are closed and
// their active API tokens revoked at audit.At, each recorded as a copy of
// audit ("session.closed", "token.revoked"); then audit itself, whose
// Detail is set to what was ended. audit must not be nil.
func (db *DB) DisableUser(ctx context.Context, g *model.Guard, userID int64, audit *model.AuditEvent) (*model.User, error) {
	var disabled *model.User
	err := db.withTx(ctx, "disable user", func(tx *sql.Tx) error {
		actor, err := checkGuard(ctx, tx, g)
		if err != nil {
			return err
		}
		u, others, err := findUserAndOtherOwners(ctx, tx, userID)
		if err != nil {
			return err
		}
		if actor == nil {
			actor = u
		}
		if err := model.CheckDisableUser(actor, u, others); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET status = ? WHERE id = ?`, model.UserDisabled, userID); err != nil {
			return err
		}
		at := auditTime(audit)
		why := *audit
		why.Detail = "user " + u.Email + " disabled"
		sessions, err := endUserSessions(ctx, tx, u, "", at, why)
		if err != nil {
			return err
		}
		tokens, err := revokeUserTokens(ctx, tx, userID, at, why)
		if err != nil {
			return err
		}
		audit.At = at
		audit.Detail = fmt.Sprintf("%s ended, %s revoked", count(sessions, "session"), count(len(tokens), "API token"))
		if err := insertUserAudit(ctx, tx, userID, audit); err != nil {
			return err
		}
		u.Status = model.UserDisabled
		disabled = u
		return nil
	})
	if err != nil {
		return nil, notFound("disable user", err)
	}
	return disabled, nil
}

// EnableUser lets the disabled user userID sign in again, with audit, in
// one write transaction in which the actor is read again (R-ACC-6) and
// model's CheckEnableUser decides on the fresh row (R-USR-3).
func (db *DB) EnableUser(ctx context.Context, g *model.Guard, userID int64, audit *model.AuditEvent) (*model.User, error) {
	var enabled *model.User
	err := db.withTx(ctx, "enable user", func(tx *sql.Tx) error {
		u, err := guardedTarget(ctx, tx, g, userID, model.CheckEnableUser)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET status = ? WHERE id = ?`, model.UserActive, userID); err != nil {
			return err
		}
		if err := insertUserAudit(ctx, tx, userID, audit); err != nil {
			return err
		}
		u.Status = model.UserActive
		enabled = u
		return nil
	})
	if err != nil {
		return nil, notFound("enable user", err)
	}
	return enabled, nil
}

// findUserAndOtherOwners reads user id and counts the active owners of
// their account besides them, inside tx (R-ACC-1).
func findUserAndOtherOwners(ctx context.Context, tx *sql.Tx, id int64) (*model.User, int, error) {
	u, err := findUserByID(ctx, tx, id)
	if err != nil {
		return nil, 0, err
	}
	var others int
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE account_id = ? AND role = ? AND status = ? AND id <> ?`,
		u.AccountID, model.RoleOwner, model.UserActive, u.ID).Scan(&others)
	return u, others, err
}

// endUserSessions closes every open session of u but except ("" keeps
// none) at at, recording for each a copy of why as "session.closed", and
// returns how many it closed.
func endUserSessions(ctx context.Context, tx *sql.Tx, u *model.User, except string, at time.Time, why model.AuditEvent) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM sessions WHERE user_id = ? AND closed_at IS NULL AND id <> ? ORDER BY created_at, id`, u.ID, except)
	if err != nil {
		return 0, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if err := closeOtherSessions(ctx, tx, u.ID, except, at); err != nil {
		return 0, err
	}
	for _, id := range ids {
		e := why
		e.AccountID, e.Action, e.Object, e.At = u.AccountID, "session.closed", "session "+id[:min(len(id), 8)], at
		if err := insertAudit(ctx, tx, &e); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// CountOpenSessions counts a user's open sessions, through the index on
// (user_id, created_at).
func (db *DB) CountOpenSessions(ctx context.Context, userID int64) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE user_id = ? AND closed_at IS NULL`, userID).Scan(&n)
	return n, mapError("count sessions", err)
}

// CountActiveOwners counts an account's active owners (R-ACC-1), through
// the index on (account_id, role, status).
func (db *DB) CountActiveOwners(ctx context.Context, accountID int64) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE account_id = ? AND role = ? AND status = ?`,
		accountID, model.RoleOwner, model.UserActive).Scan(&n)
	return n, mapError("count owners", err)
}

// count writes n things: "1 session", "2 sessions", "no API tokens".
func count(n int, thing string) string {
	switch n {
	case 0:
		return "no " + thing + "s"
	case 1:
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
