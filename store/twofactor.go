package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"time"

	"acctl/model"
)

var _ model.TwoFactorStore = (*DB)(nil)

// errSetupChanged is EnableTwoFactor's answer when the pending secret is
// not the one the code was checked against.
var errSetupChanged = model.Errorf(model.ECONFLICT, "The two-factor setup changed meanwhile. Start it again.")

// TwoFactor returns a user's two-factor state; a zero state with UserID set
// when none is stored.
func (db *DB) TwoFactor(ctx context.Context, userID int64) (*model.TwoFactorState, error) {
	st := &model.TwoFactorState{UserID: userID}
	err := db.sql.QueryRowContext(ctx, `SELECT secret, pending, last_step, must_enable FROM two_factor WHERE user_id = ?`, userID).
		Scan(&st.Secret, &st.Pending, &st.LastStep, &st.MustEnable)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return nil, mapError("read two-factor state", err)
	}
	return st, nil
}

// AnySealedSecret returns one sealed two-factor secret, an enabled one
// before a pending one, and its user; model.ErrNotFound when the database
// holds none. Start-up opens it to check the sealing key (SPEC §7).
func (db *DB) AnySealedSecret(ctx context.Context) (int64, []byte, error) {
	var userID int64
	var sealed []byte
	err := db.sql.QueryRowContext(ctx, `SELECT user_id, coalesce(secret, pending) FROM two_factor
		WHERE secret IS NOT NULL OR pending IS NOT NULL ORDER BY secret IS NULL LIMIT 1`).Scan(&userID, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, model.ErrNotFound
	}
	if err != nil {
		return 0, nil, mapError("find a sealed secret", err)
	}
	return userID, sealed, nil
}

// SavePendingTwoFactor stores the sealed secret of a setup under way,
// replacing an earlier one (R-2FA-2); model.ErrNotFound for an unknown user.
func (db *DB) SavePendingTwoFactor(ctx context.Context, userID int64, sealed []byte) error {
	return db.withTx(ctx, "save two-factor setup", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO two_factor (user_id, pending) VALUES (?, ?)
			ON CONFLICT (user_id) DO UPDATE SET pending = excluded.pending`, userID, sealed)
		return err
	})
}

// EnableTwoFactor turns 2FA on in one write transaction: the pending secret,
// if it still equals pending, becomes the secret; step becomes the last
// accepted step (R-2FA-3); the recovery codes are replaced (R-2FA-4); the
// newcomer mark is cleared (R-2FA-8); users.totp_enabled is set; audit is
// recorded. A pending secret that changed or vanished gives ECONFLICT.
func (db *DB) EnableTwoFactor(ctx context.Context, userID int64, pending []byte, step int64, codeHashes [][]byte, audit *model.AuditEvent) error {
	return db.withTx(ctx, "enable two-factor", func(tx *sql.Tx) error {
		var stored []byte
		err := tx.QueryRowContext(ctx, `SELECT pending FROM two_factor WHERE user_id = ?`, userID).Scan(&stored)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && (stored == nil || !bytes.Equal(stored, pending))) {
			return errSetupChanged
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE two_factor SET secret = pending, pending = NULL,
			last_step = max(last_step, ?), must_enable = 0 WHERE user_id = ?`, step, userID)
		if err != nil {
			return err
		}
		if err := setTOTPEnabled(ctx, tx, userID, true); err != nil {
			return err
		}
		if err := replaceRecoveryCodes(ctx, tx, userID, codeHashes, auditTime(audit)); err != nil {
			return err
		}
		return insertUserAudit(ctx, tx, userID, audit)
	})
}

// DisableTwoFactor turns 2FA off (R-2FA-6): secret, pending secret and
// recovery codes are deleted and users.totp_enabled cleared, with audit.
// The last accepted step stays, so no old code can be replayed later.
func (db *DB) DisableTwoFactor(ctx context.Context, userID int64, audit *model.AuditEvent) error {
	return db.withTx(ctx, "disable two-factor", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE two_factor SET secret = NULL, pending = NULL WHERE user_id = ?`, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
			return err
		}
		if err := setTOTPEnabled(ctx, tx, userID, false); err != nil {
			return err
		}
		return insertUserAudit(ctx, tx, userID, audit)
	})
}

// AcceptTOTPStep records step as the last accepted one when it is later
// than the stored one, in one statement, so that two consoles racing with
// the same code cannot both pass (R-2FA-3).
func (db *DB) AcceptTOTPStep(ctx context.Context, userID int64, step int64) (bool, error) {
	var accepted bool
	err := db.withTx(ctx, "accept code", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE two_factor SET last_step = ? WHERE user_id = ? AND last_step < ?`, step, userID, step)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		accepted = n == 1
		return err
	})
	return accepted, err
}

// ReplaceRecoveryCodes deletes the user's recovery codes and stores the new
// hashes, with audit, in one transaction (R-2FA-4).
func (db *DB) ReplaceRecoveryCodes(ctx context.Context, userID int64, codeHashes [][]byte, audit *model.AuditEvent) error {
	return db.withTx(ctx, "replace recovery codes", func(tx *sql.Tx) error {
		if err := replaceRecoveryCodes(ctx, tx, userID, codeHashes, auditTime(audit)); err != nil {
			return err
		}
		return insertUserAudit(ctx, tx, userID, audit)
	})
}

// SpendRecoveryCode marks the user's unused code with that hash as used, in
// one statement, so that a code works once even between consoles (R-2FA-5).
func (db *DB) SpendRecoveryCode(ctx context.Context, userID int64, hash []byte, at time.Time) (bool, error) {
	var spent bool
	err := db.withTx(ctx, "spend recovery code", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL`,
			nanos(orNow(at)), userID, hash)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		spent = n == 1
		return err
	})
	return spent, err
}

// RecoveryCodesLeft counts the user's unused recovery codes.
func (db *DB) RecoveryCodesLeft(ctx context.Context, userID int64) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL`, userID).Scan(&n)
	return n, mapError("count recovery codes", err)
}

// SetMustEnableTwoFactor sets or clears the newcomer mark (R-2FA-8);
// model.ErrNotFound for an unknown user.
func (db *DB) SetMustEnableTwoFactor(ctx context.Context, userID int64, on bool) error {
	return db.withTx(ctx, "mark newcomer", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO two_factor (user_id, must_enable) VALUES (?, ?)
			ON CONFLICT (user_id) DO UPDATE SET must_enable = excluded.must_enable`, userID, on)
		return err
	})
}

// SetEnforceTwoFactor sets the account's enforcement flag with audit and
// returns, read in the same transaction, its active users without 2FA
// (R-2FA-7), ordered by id. The actor is read again inside it (R-ACC-6)
// and must meet model's CheckEnforcement.
func (db *DB) SetEnforceTwoFactor(ctx context.Context, g *model.Guard, accountID int64, on bool, audit *model.AuditEvent) ([]*model.User, error) {
	var without []*model.User
	err := db.withTx(ctx, "set two-factor enforcement", func(tx *sql.Tx) error {
		actor, err := checkGuard(ctx, tx, g)
		if err != nil {
			return err
		}
		if err := guardedRule(actor, func(actor *model.User) error { return model.CheckEnforcement(actor, on) }); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE accounts SET enforce_2fa = ? WHERE id = ?`, on, accountID)
		if err := oneRow(res, err); err != nil {
			return err
		}
		if audit != nil {
			if audit.AccountID == 0 {
				audit.AccountID = accountID
			}
			if err := insertAudit(ctx, tx, audit); err != nil {
				return err
			}
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+userColumns+` FROM users
			WHERE account_id = ? AND status = ? AND totp_enabled = 0 ORDER BY id`, accountID, model.UserActive)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			without = append(without, u)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return without, nil
}

// CreatePendingSignIn stores a second sign-in step (R-2FA-5) and deletes
// the steps that had expired by p.CreatedAt.
func (db *DB) CreatePendingSignIn(ctx context.Context, p *model.PendingSignIn) error {
	return db.withTx(ctx, "create sign-in step", func(tx *sql.Tx) error {
		created := orNow(p.CreatedAt)
		if _, err := tx.ExecContext(ctx, `DELETE FROM pending_sign_ins WHERE expires_at <= ?`, nanos(created)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO pending_sign_ins (token_hash, user_id, origin_local, origin_remote,
			ssh_version, term, os, key_fingerprint, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.TokenHash, p.UserID, p.Origin.Local, p.Origin.Remote, p.Client.SSHVersion, p.Client.Term, p.Client.OS,
			p.Client.KeyFingerprint, nanos(created), nanos(p.ExpiresAt))
		return err
	})
}

// FindPendingSignIn returns the second sign-in step with that token hash;
// model.ErrNotFound when there is none.
func (db *DB) FindPendingSignIn(ctx context.Context, tokenHash []byte) (*model.PendingSignIn, error) {
	var p model.PendingSignIn
	var created, expires int64
	err := db.sql.QueryRowContext(ctx, `SELECT token_hash, user_id, origin_local, origin_remote, ssh_version, term, os,
		key_fingerprint, created_at, expires_at FROM pending_sign_ins WHERE token_hash = ?`, tokenHash).
		Scan(&p.TokenHash, &p.UserID, &p.Origin.Local, &p.Origin.Remote, &p.Client.SSHVersion, &p.Client.Term, &p.Client.OS,
			&p.Client.KeyFingerprint, &created, &expires)
	if err != nil {
		return nil, notFound("find sign-in step", err)
	}
	p.CreatedAt, p.ExpiresAt = fromNanos(created), fromNanos(expires)
	return &p, nil
}

// TakePendingSignIn deletes the step, so that its token works once;
// model.ErrNotFound when it was already taken.
func (db *DB) TakePendingSignIn(ctx context.Context, tokenHash []byte) error {
	return db.withTx(ctx, "take sign-in step", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM pending_sign_ins WHERE token_hash = ?`, tokenHash)
		return oneRow(res, err)
	})
}

// TakeBackAttempt undoes one attempt that BeginAttempt counted (counted is
// what it returned), in one write transaction (R-PWD-5). When the key is
// still as that attempt left it, the attempt's wait goes too; when others
// were counted meanwhile, only the count goes down and their wait stays.
func (db *DB) TakeBackAttempt(ctx context.Context, key string, counted model.Throttle) error {
	return db.withTx(ctx, "take back attempt", func(tx *sql.Tx) error {
		t, err := findThrottle(ctx, tx, key)
		if err != nil || t.Failures == 0 {
			return err
		}
		if t.Failures == counted.Failures && t.LockedUntil.Equal(counted.LockedUntil) {
			t.LockedUntil = time.Time{}
		}
		t.Failures--
		return saveThrottle(ctx, tx, key, t)
	})
}

// setTOTPEnabled sets users.totp_enabled; model.ErrNotFound for an unknown
// user.
func setTOTPEnabled(ctx context.Context, tx *sql.Tx, userID int64, on bool) error {
	res, err := tx.ExecContext(ctx, `UPDATE users SET totp_enabled = ? WHERE id = ?`, on, userID)
	return oneRow(res, err)
}

// replaceRecoveryCodes deletes the user's codes and inserts the new hashes.
func replaceRecoveryCodes(ctx context.Context, tx *sql.Tx, userID int64, hashes [][]byte, at time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
		return err
	}
	for _, h := range hashes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)`,
			userID, h, nanos(at)); err != nil {
			return err
		}
	}
	return nil
}

// insertUserAudit records audit, when given, in the user's account.
func insertUserAudit(ctx context.Context, tx *sql.Tx, userID int64, audit *model.AuditEvent) error {
	if audit == nil {
		return nil
	}
	if audit.AccountID == 0 {
		if err := tx.QueryRowContext(ctx, `SELECT account_id FROM users WHERE id = ?`, userID).Scan(&audit.AccountID); err != nil {
			return err
		}
	}
	return insertAudit(ctx, tx, audit)
}

// auditTime is when a change with audit happened: its time, or now.
func auditTime(audit *model.AuditEvent) time.Time {
	if audit == nil {
		return orNow(time.Time{})
	}
	return orNow(audit.At)
}
