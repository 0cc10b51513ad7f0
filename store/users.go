package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"acctl/model"
)

// SetUserRole gives user userID role and records audit in one write
// transaction, deciding under the write lock R-ACC-5 (an owner's role is
// changed only by that owner: model.ErrOtherOwner) and R-ACC-1 (an active
// owner who stops being one leaves another: model.ErrLastOwner), so that
// concurrent changes cannot slip past either.
func (db *DB) SetUserRole(ctx context.Context, actorID, userID int64, role model.Role, audit *model.AuditEvent) (*model.User, error) {
	var changed *model.User
	err := db.withTx(ctx, "change role", func(tx *sql.Tx) error {
		u, err := findUserByID(ctx, tx, userID)
		if err != nil {
			return err
		}
		if u.Role == model.RoleOwner && u.ID != actorID {
			return model.ErrOtherOwner
		}
		wasOwner := isActiveOwner(u)
		u.Role = role
		if wasOwner && !isActiveOwner(u) {
			if err := checkOtherOwner(ctx, tx, u); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET role = ? WHERE id = ?`, role, userID); err != nil {
			return err
		}
		if err := insertUserAudit(ctx, tx, userID, audit); err != nil {
			return err
		}
		changed = u
		return nil
	})
	if err != nil {
		return nil, notFound("change role", err)
	}
	return changed, nil
}

// DisableUser disables the active user userID in one write transaction
// (R-USR-3): their open sessions are closed and their active API tokens
// revoked at audit.At, each recorded as a copy of audit ("session.closed",
// "token.revoked"); then audit itself, whose Detail is set to what was
// ended. The last active owner cannot be disabled (model.ErrLastOwner,
// R-ACC-1); a user who is not active gives model.ErrUserNotActive. audit
// must not be nil.
func (db *DB) DisableUser(ctx context.Context, userID int64, audit *model.AuditEvent) (*model.User, error) {
	var disabled *model.User
	err := db.withTx(ctx, "disable user", func(tx *sql.Tx) error {
		u, err := findUserByID(ctx, tx, userID)
		if err != nil {
			return err
		}
		if u.Status != model.UserActive {
			return model.ErrUserNotActive
		}
		if isActiveOwner(u) {
			if err := checkOtherOwner(ctx, tx, u); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET status = ? WHERE id = ?`, model.UserDisabled, userID); err != nil {
			return err
		}
		at := auditTime(audit)
		why := *audit
		why.Detail = "user " + u.Email + " disabled"
		sessions, err := endUserSessions(ctx, tx, u, at, why)
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

// endUserSessions closes every open session of u at at, recording for each
// a copy of why as "session.closed", and returns how many it closed.
func endUserSessions(ctx context.Context, tx *sql.Tx, u *model.User, at time.Time, why model.AuditEvent) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM sessions WHERE user_id = ? AND closed_at IS NULL ORDER BY created_at, id`, u.ID)
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
	if err := closeOtherSessions(ctx, tx, u.ID, "", at); err != nil {
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
