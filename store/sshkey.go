package store

import (
	"context"
	"database/sql"
	"time"

	"acctl/model"
)

var _ model.SSHKeyStore = (*DB)(nil)

const sshKeyColumns = `k.id, k.account_id, k.user_id, k.name, k.type, k.fingerprint, k.public_key, k.created_at, k.last_used_at, u.name, u.email`

const sshKeyFrom = ` FROM ssh_keys k JOIN users u ON u.id = k.user_id`

// AddSSHKey inserts k with audit in one write transaction (R-SSH-1,
// R-AUD-1) and sets its ID. A key with the same fingerprint anywhere in the
// store gives model.ErrSSHKeyTaken (R-SSH-2), checked under the write lock.
func (db *DB) AddSSHKey(ctx context.Context, k *model.SSHKey, audit *model.AuditEvent) error {
	return db.withTx(ctx, "add ssh key", func(tx *sql.Tx) error {
		var taken bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM ssh_keys WHERE fingerprint = ?)`, k.Fingerprint).Scan(&taken); err != nil {
			return err
		}
		if taken {
			return model.ErrSSHKeyTaken
		}
		k.CreatedAt = orNow(k.CreatedAt)
		res, err := tx.ExecContext(ctx, `INSERT INTO ssh_keys (account_id, user_id, name, type, fingerprint, public_key, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, k.AccountID, k.UserID, k.Name, k.Type, k.Fingerprint, k.PublicKey, nanos(k.CreatedAt))
		if err != nil {
			return err
		}
		if k.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return insertTokenAudit(ctx, tx, audit, k.AccountID)
	})
}

// FindSSHKey returns a key; model.ErrNotFound if unknown.
func (db *DB) FindSSHKey(ctx context.Context, id int64) (*model.SSHKey, error) {
	k, err := scanSSHKey(db.sql.QueryRowContext(ctx, `SELECT `+sshKeyColumns+sshKeyFrom+` WHERE k.id = ?`, id))
	return k, notFound("find ssh key", err)
}

// FindSSHKeyByFingerprint returns the key with that fingerprint: one
// lookup in its UNIQUE index (R-SSH-3).
func (db *DB) FindSSHKeyByFingerprint(ctx context.Context, fingerprint string) (*model.SSHKey, error) {
	k, err := scanSSHKey(db.sql.QueryRowContext(ctx, `SELECT `+sshKeyColumns+sshKeyFrom+` WHERE k.fingerprint = ?`, fingerprint))
	return k, notFound("find ssh key by fingerprint", err)
}

// ListSSHKeys returns f's keys, newest first (R-SSH-2).
func (db *DB) ListSSHKeys(ctx context.Context, f model.SSHKeyFilter) ([]*model.SSHKey, error) {
	query := `SELECT ` + sshKeyColumns + sshKeyFrom + ` WHERE k.account_id = ?`
	args := []any{f.AccountID}
	if f.UserID != 0 {
		query += ` AND k.user_id = ?`
		args = append(args, f.UserID)
	}
	list, err := queryAll(ctx, db.sql, scanSSHKey, query+` ORDER BY k.created_at DESC, k.id DESC`, args...)
	return list, mapError("list ssh keys", err)
}

// DeleteSSHKey deletes a key with audit, so that the same key may be added
// again later, after reading the actor again (R-ACC-6) and checking with
// model's CanManageKeyOf that it is still theirs to delete;
// model.ErrNotFound if unknown or not theirs.
func (db *DB) DeleteSSHKey(ctx context.Context, g *model.Guard, id int64, audit *model.AuditEvent) error {
	return db.withTx(ctx, "delete ssh key", func(tx *sql.Tx) error {
		if err := checkKeyOf(ctx, tx, g, `SELECT account_id, user_id FROM ssh_keys WHERE id = ?`, id); err != nil {
			return err
		}
		var accountID int64
		err := tx.QueryRowContext(ctx, `DELETE FROM ssh_keys WHERE id = ? RETURNING account_id`, id).Scan(&accountID)
		if err == sql.ErrNoRows {
			return model.ErrNotFound
		}
		if err != nil {
			return err
		}
		return insertTokenAudit(ctx, tx, audit, accountID)
	})
}

// TouchSSHKey records the key's last use; model.ErrNotFound if unknown.
func (db *DB) TouchSSHKey(ctx context.Context, id int64, at time.Time) error {
	return db.withTx(ctx, "touch ssh key", func(tx *sql.Tx) error {
		return oneRow(tx.ExecContext(ctx, `UPDATE ssh_keys SET last_used_at = ? WHERE id = ?`, nanos(at), id))
	})
}

func scanSSHKey(s scanner) (*model.SSHKey, error) {
	var k model.SSHKey
	var created int64
	var used sql.NullInt64
	err := s.Scan(&k.ID, &k.AccountID, &k.UserID, &k.Name, &k.Type, &k.Fingerprint, &k.PublicKey, &created, &used, &k.OwnerName, &k.OwnerEmail)
	if err != nil {
		return nil, err
	}
	k.CreatedAt, k.LastUsedAt = fromNanos(created), fromNullNanos(used)
	return &k, nil
}
