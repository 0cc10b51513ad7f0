package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"acctl/model"
)

var _ model.PhoneStore = (*DB)(nil)

// errPhoneTaken is AddPhone's answer when the slot holds a verified
// number; model words it for the person.
var errPhoneTaken = model.Errorf(model.ECONFLICT, "That slot already holds a verified number. Remove it first.")

// errCodeGone is the answer when a code was spent, or expired, between its
// check and its use.
var errCodeGone = model.Errorf(model.ECONFLICT, "That code was used or expired meanwhile.")

const phoneColumns = `id, user_id, backup, number, created_at, verified_at`

// ListPhones returns a user's numbers, the mobile number first (R-2FA-9).
func (db *DB) ListPhones(ctx context.Context, userID int64) ([]*model.Phone, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+phoneColumns+` FROM phones WHERE user_id = ? ORDER BY backup`, userID)
	if err != nil {
		return nil, mapError("list phones", err)
	}
	defer rows.Close()
	var list []*model.Phone
	for rows.Next() {
		p, err := scanPhone(rows)
		if err != nil {
			return nil, mapError("list phones", err)
		}
		list = append(list, p)
	}
	return list, mapError("list phones", rows.Err())
}

// AddPhone stores p in its slot, replacing an unverified number there, with
// its first verification code and audit, in one write transaction; the
// send limit is decided inside it (R-2FA-9, R-AUD-1). A verified number in
// the slot gives ECONFLICT.
func (db *DB) AddPhone(ctx context.Context, p *model.Phone, code *model.SMSCode, allow func([]time.Time) error, audit *model.AuditEvent) error {
	return db.withTx(ctx, "add phone", func(tx *sql.Tx) error {
		if err := checkSMSLimit(ctx, tx, code, allow); err != nil {
			return err
		}
		var verified sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT verified_at FROM phones WHERE user_id = ? AND backup = ?`, p.UserID, p.Backup).Scan(&verified)
		switch {
		case err == nil && verified.Valid:
			return errPhoneTaken
		case err == nil:
			if _, err := tx.ExecContext(ctx, `DELETE FROM phones WHERE user_id = ? AND backup = ?`, p.UserID, p.Backup); err != nil {
				return err
			}
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO phones (user_id, backup, number, created_at) VALUES (?, ?, ?, ?)`,
			p.UserID, p.Backup, p.Number, nanos(orNow(p.CreatedAt)))
		if err != nil {
			return err
		}
		if p.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		code.PhoneID = p.ID
		if err := insertSMSCode(ctx, tx, code); err != nil {
			return err
		}
		return insertUserAudit(ctx, tx, p.UserID, audit)
	})
}

// AddSMSCode stores c when the send limit allows it, decided in the same
// write transaction (R-2FA-9).
func (db *DB) AddSMSCode(ctx context.Context, c *model.SMSCode, allow func([]time.Time) error) error {
	return db.withTx(ctx, "add sms code", func(tx *sql.Tx) error {
		if err := checkSMSLimit(ctx, tx, c, allow); err != nil {
			return err
		}
		return insertSMSCode(ctx, tx, c)
	})
}

// checkSMSLimit deletes the codes older than the send window, all users'
// (they count for nothing and protect nothing), and asks allow about the
// send times of c's user within it.
func checkSMSLimit(ctx context.Context, tx *sql.Tx, c *model.SMSCode, allow func([]time.Time) error) error {
	since := nanos(orNow(c.CreatedAt).Add(-model.SendWindow))
	if _, err := tx.ExecContext(ctx, `DELETE FROM sms_codes WHERE created_at <= ?`, since); err != nil {
		return err
	}
	sent, err := queryTimes(ctx, tx, `SELECT created_at FROM sms_codes WHERE user_id = ? AND created_at > ?`, c.UserID, since)
	if err != nil {
		return err
	}
	return allow(sent)
}

// queryTimes reads one column of stored times.
func queryTimes(ctx context.Context, q querier, query string, args ...any) ([]time.Time, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []time.Time
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		list = append(list, fromNanos(n))
	}
	return list, rows.Err()
}

func insertSMSCode(ctx context.Context, tx *sql.Tx, c *model.SMSCode) error {
	c.CreatedAt = orNow(c.CreatedAt)
	res, err := tx.ExecContext(ctx, `INSERT INTO sms_codes (user_id, phone_id, purpose, pending_hash, salt, code_hash, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		c.UserID, nullID(c.PhoneID), c.Purpose, c.PendingHash, c.Salt, c.Hash, nanos(c.CreatedAt), nanos(c.ExpiresAt))
	if err != nil {
		return err
	}
	c.ID, err = res.LastInsertId()
	return err
}

// SMSCodes returns the codes f selects, newest first.
func (db *DB) SMSCodes(ctx context.Context, f model.SMSCodeFilter) ([]*model.SMSCode, error) {
	query := `SELECT id, user_id, COALESCE(phone_id, 0), purpose, pending_hash, salt, code_hash, created_at, expires_at, used_at
		FROM sms_codes WHERE user_id = ? AND purpose = ? AND created_at >= ?`
	args := []any{f.UserID, f.Purpose, nanos(f.Since)}
	if f.Purpose == model.SMSSignIn {
		query += ` AND pending_hash = ?`
		args = append(args, f.PendingHash)
	} else {
		query += ` AND phone_id = ?`
		args = append(args, f.PhoneID)
	}
	rows, err := db.sql.QueryContext(ctx, query+` ORDER BY created_at DESC, id DESC`, args...)
	if err != nil {
		return nil, mapError("find sms codes", err)
	}
	defer rows.Close()
	var list []*model.SMSCode
	for rows.Next() {
		var c model.SMSCode
		var created, expires int64
		var used sql.NullInt64
		if err := rows.Scan(&c.ID, &c.UserID, &c.PhoneID, &c.Purpose, &c.PendingHash, &c.Salt, &c.Hash, &created, &expires, &used); err != nil {
			return nil, mapError("find sms codes", err)
		}
		c.CreatedAt, c.ExpiresAt, c.UsedAt = fromNanos(created), fromNanos(expires), fromNullNanos(used)
		list = append(list, &c)
	}
	return list, mapError("find sms codes", rows.Err())
}

// SpendSMSCode marks a live code used in one statement, so that it works
// once even between consoles (R-2FA-9).
func (db *DB) SpendSMSCode(ctx context.Context, id int64, at time.Time) (bool, error) {
	err := db.withTx(ctx, "spend sms code", func(tx *sql.Tx) error {
		return spendSMSCode(ctx, tx, id, at)
	})
	if err == errCodeGone {
		return false, nil
	}
	return err == nil, err
}

// spendSMSCode marks code id used at at; errCodeGone when it was not live.
func spendSMSCode(ctx context.Context, tx *sql.Tx, id int64, at time.Time) error {
	return codeSpent(tx.ExecContext(ctx, `UPDATE sms_codes SET used_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?`,
		nanos(orNow(at)), id, nanos(orNow(at))))
}

// codeSpent turns an UPDATE that spent no code into errCodeGone.
func codeSpent(res sql.Result, err error) error {
	if err = oneRow(res, err); err == model.ErrNotFound {
		return errCodeGone
	}
	return err
}

// VerifyPhone spends the code and marks the number verified, with audit,
// in one write transaction (R-2FA-9, R-AUD-1).
func (db *DB) VerifyPhone(ctx context.Context, phoneID, codeID int64, at time.Time, audit *model.AuditEvent) error {
	return db.withTx(ctx, "verify phone", func(tx *sql.Tx) error {
		if err := spendSMSCode(ctx, tx, codeID, at); err != nil {
			return err
		}
		var userID int64
		err := tx.QueryRowContext(ctx, `UPDATE phones SET verified_at = ? WHERE id = ? AND verified_at IS NULL RETURNING user_id`,
			nanos(orNow(at)), phoneID).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return model.ErrNotFound
		}
		if err != nil {
			return err
		}
		return insertUserAudit(ctx, tx, userID, audit)
	})
}

// DeletePhone removes a user's number with audit (R-2FA-9, R-AUD-1); its
// codes keep counting towards the send limit, without the number.
func (db *DB) DeletePhone(ctx context.Context, userID, phoneID int64, audit *model.AuditEvent) error {
	return db.withTx(ctx, "delete phone", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM phones WHERE id = ? AND user_id = ?`, phoneID, userID)
		if err := oneRow(res, err); err != nil {
			return err
		}
		return insertUserAudit(ctx, tx, userID, audit)
	})
}

func scanPhone(s scanner) (*model.Phone, error) {
	var p model.Phone
	var created int64
	var verified sql.NullInt64
	if err := s.Scan(&p.ID, &p.UserID, &p.Backup, &p.Number, &created, &verified); err != nil {
		return nil, err
	}
	p.CreatedAt, p.VerifiedAt = fromNanos(created), fromNullNanos(verified)
	return &p, nil
}
