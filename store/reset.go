package store

import (
	"context"
	"database/sql"
	"time"

	"acctl/model"
)

const resetCodeColumns = `email, COALESCE(user_id, 0), code_hash, sealed_code, origin_local, origin_remote, ssh_version, term, os,
	created_at, expires_at, used_at`

// RequestPasswordReset counts a reset request for r.Email and stores its
// code as the address's code, in one write transaction whose send limit is
// decided inside it (R-PWD-3). Its statements and rows are the same
// whether or not a user has the address (R-PWD-5).
func (db *DB) RequestPasswordReset(ctx context.Context, r *model.ResetRequest, allow func([]time.Time) error) error {
	return db.withTx(ctx, "request password reset", func(tx *sql.Tx) error {
		at := orNow(r.At)
		since := nanos(at.Add(-model.SendWindow))
		if _, err := tx.ExecContext(ctx, `DELETE FROM reset_requests WHERE at <= ?`, since); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM reset_codes WHERE expires_at <= ? AND user_id IS NULL`, nanos(at)); err != nil {
			return err
		}
		sent, err := queryTimes(ctx, tx, `SELECT at FROM reset_requests WHERE email = ? AND at > ?`, r.Email, since)
		if err != nil {
			return err
		}
		if err := allow(sent); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO reset_requests (email, at) VALUES (?, ?)`, r.Email, nanos(at)); err != nil {
			return err
		}
		return upsertResetCode(ctx, tx, r.Code)
	})
}

// upsertResetCode stores c as its address's reset code, replacing an
// earlier one.
func upsertResetCode(ctx context.Context, tx *sql.Tx, c *model.ResetCode) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO reset_codes (email, user_id, code_hash, sealed_code, origin_local, origin_remote,
		ssh_version, term, os, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
		ON CONFLICT (email) DO UPDATE SET user_id = excluded.user_id, code_hash = excluded.code_hash,
			sealed_code = excluded.sealed_code, origin_local = excluded.origin_local, origin_remote = excluded.origin_remote,
			ssh_version = excluded.ssh_version, term = excluded.term, os = excluded.os,
			created_at = excluded.created_at, expires_at = excluded.expires_at, used_at = NULL`,
		c.Email, nullID(c.UserID), c.Hash, c.SealedCode, c.Origin.Local, c.Origin.Remote,
		c.Client.SSHVersion, c.Client.Term, c.Client.OS, nanos(orNow(c.CreatedAt)), nanos(c.ExpiresAt))
	return err
}

// FindResetCode returns an address's reset code; model.ErrNotFound if none.
func (db *DB) FindResetCode(ctx context.Context, email string) (*model.ResetCode, error) {
	c, err := scanResetCode(db.sql.QueryRowContext(ctx, `SELECT `+resetCodeColumns+` FROM reset_codes WHERE email = ?`, email))
	if err != nil {
		return nil, notFound("find reset code", err)
	}
	return c, nil
}

// PendingResetCodes returns up to limit codes whose sealed code is kept,
// oldest first, through reset_codes_pending.
func (db *DB) PendingResetCodes(ctx context.Context, limit int) ([]*model.ResetCode, error) {
	list, err := queryAll(ctx, db.sql, scanResetCode, `SELECT `+resetCodeColumns+` FROM reset_codes
		WHERE sealed_code IS NOT NULL ORDER BY created_at LIMIT ?`, limit)
	return list, mapError("pending reset codes", err)
}

// QueueResetEmail erases rc's sealed code and queues n with audit in one
// write transaction, unless rc was replaced or queued meanwhile.
func (db *DB) QueueResetEmail(ctx context.Context, rc *model.ResetCode, n *model.Notification, audit *model.AuditEvent) (bool, error) {
	var done bool
	err := db.withTx(ctx, "queue reset email", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE reset_codes SET sealed_code = NULL
			WHERE email = ? AND created_at = ? AND code_hash = ? AND sealed_code IS NOT NULL`, rc.Email, nanos(rc.CreatedAt), rc.Hash)
		if err != nil {
			return err
		}
		if changed, err := res.RowsAffected(); err != nil || changed == 0 {
			return err
		}
		done = true
		if n != nil {
			if err := insertNotification(ctx, tx, n); err != nil {
				return err
			}
		}
		if audit != nil {
			return insertUserAudit(ctx, tx, rc.UserID, audit)
		}
		return nil
	})
	return done, err
}

// IssueResetCode stores rc as its address's reset code, with the notice n
// and audit, in one write transaction in which the actor is read again
// (R-ACC-6) and model's CheckIssueResetCode decides on the fresh rows
// (R-PWD-7).
func (db *DB) IssueResetCode(ctx context.Context, g *model.Guard, rc *model.ResetCode, n *model.Notification, audit *model.AuditEvent) error {
	return db.withTx(ctx, "issue reset code", func(tx *sql.Tx) error {
		u, err := guardedTarget(ctx, tx, g, rc.UserID, model.CheckIssueResetCode)
		if err != nil {
			return err
		}
		if u.Email != rc.Email {
			return model.ErrNotFound
		}
		if err := upsertResetCode(ctx, tx, rc); err != nil {
			return err
		}
		if err := insertNotification(ctx, tx, n); err != nil {
			return err
		}
		return insertUserAudit(ctx, tx, rc.UserID, audit)
	})
}

// ResetPassword spends the reset code, sets the password, closes every
// open session of the user and deletes their pending sign-in steps, with
// audit, in one write transaction (R-PWD-3, R-AUD-1). A code that was
// replaced, spent or expired meanwhile gives ECONFLICT and changes
// nothing.
func (db *DB) ResetPassword(ctx context.Context, rc *model.ResetCode, passwordHash string, at time.Time, audit *model.AuditEvent) error {
	return db.withTx(ctx, "reset password", func(tx *sql.Tx) error {
		at := orNow(at)
		err := codeSpent(tx.ExecContext(ctx, `UPDATE reset_codes SET used_at = ?, sealed_code = NULL
			WHERE email = ? AND user_id = ? AND code_hash = ? AND used_at IS NULL AND expires_at > ?`,
			nanos(at), rc.Email, rc.UserID, rc.Hash, nanos(at)))
		if err != nil {
			return err
		}
		if err := oneRow(tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, rc.UserID)); err != nil {
			return err
		}
		if err := closeOtherSessions(ctx, tx, rc.UserID, "", at); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pending_sign_ins WHERE user_id = ?`, rc.UserID); err != nil {
			return err
		}
		return insertUserAudit(ctx, tx, rc.UserID, audit)
	})
}

func scanResetCode(s scanner) (*model.ResetCode, error) {
	var c model.ResetCode
	var created, expires int64
	var used sql.NullInt64
	err := s.Scan(&c.Email, &c.UserID, &c.Hash, &c.SealedCode, &c.Origin.Local, &c.Origin.Remote,
		&c.Client.SSHVersion, &c.Client.Term, &c.Client.OS, &created, &expires, &used)
	if err != nil {
		return nil, err
	}
	c.CreatedAt, c.ExpiresAt, c.UsedAt = fromNanos(created), fromNanos(expires), fromNullNanos(used)
	return &c, nil
}
