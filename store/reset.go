package store

import (
	"context"
	"database/sql"
	"time"

	"acctl/model"
)

// RequestPasswordReset counts a reset request for r.Email and, for a user
// who may reset, replaces their code, queues the email and records audit,
// all in one write transaction whose send limit is decided inside it
// (R-PWD-3). An address without a user costs the same commit.
func (db *DB) RequestPasswordReset(ctx context.Context, r *model.ResetRequest, allow func([]time.Time) error) error {
	return db.withTx(ctx, "request password reset", func(tx *sql.Tx) error {
		at := orNow(r.At)
		since := nanos(at.Add(-model.SendWindow))
		if _, err := tx.ExecContext(ctx, `DELETE FROM reset_requests WHERE at <= ?`, since); err != nil {
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
		if r.Code == nil {
			return nil
		}
		c := r.Code
		_, err = tx.ExecContext(ctx, `INSERT INTO reset_codes (user_id, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET code_hash = excluded.code_hash, created_at = excluded.created_at,
			expires_at = excluded.expires_at, used_at = NULL`,
			c.UserID, c.Hash, nanos(orNow(c.CreatedAt)), nanos(c.ExpiresAt))
		if err != nil {
			return err
		}
		if r.Notification != nil {
			if err := insertNotification(ctx, tx, r.Notification); err != nil {
				return err
			}
		}
		return insertUserAudit(ctx, tx, c.UserID, r.Audit)
	})
}

// FindResetCode returns a user's reset code; model.ErrNotFound if none.
func (db *DB) FindResetCode(ctx context.Context, userID int64) (*model.ResetCode, error) {
	var c model.ResetCode
	var created, expires int64
	var used sql.NullInt64
	err := db.sql.QueryRowContext(ctx, `SELECT user_id, code_hash, created_at, expires_at, used_at FROM reset_codes WHERE user_id = ?`, userID).
		Scan(&c.UserID, &c.Hash, &created, &expires, &used)
	if err != nil {
		return nil, notFound("find reset code", err)
	}
	c.CreatedAt, c.ExpiresAt, c.UsedAt = fromNanos(created), fromNanos(expires), fromNullNanos(used)
	return &c, nil
}

// ResetPassword spends the reset code, sets the password, closes every
// open session of the user and deletes their pending sign-in steps, with
// audit, in one write transaction (R-PWD-3, R-AUD-1). A code that was
// replaced, spent or expired meanwhile gives ECONFLICT and changes
// nothing.
func (db *DB) ResetPassword(ctx context.Context, userID int64, codeHash []byte, passwordHash string, at time.Time, audit *model.AuditEvent) error {
	return db.withTx(ctx, "reset password", func(tx *sql.Tx) error {
		at := orNow(at)
		err := codeSpent(tx.ExecContext(ctx, `UPDATE reset_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL AND expires_at > ?`,
			nanos(at), userID, codeHash, nanos(at)))
		if err != nil {
			return err
		}
		if err := oneRow(tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, userID)); err != nil {
			return err
		}
		if err := closeOtherSessions(ctx, tx, userID, "", at); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pending_sign_ins WHERE user_id = ?`, userID); err != nil {
			return err
		}
		return insertUserAudit(ctx, tx, userID, audit)
	})
}
