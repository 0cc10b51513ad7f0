package store

import (
	"context"
	"database/sql"
	"strings"

	"acctl/model"
)

const gpgKeyColumns = `k.id, k.account_id, k.user_id, k.key_id, k.fingerprint, k.algorithm, k.user_ids, k.key_created_at,
	k.expires_at, k.public_key, k.created_at, u.name, u.email`

const gpgKeyFrom = ` FROM gpg_keys k JOIN users u ON u.id = k.user_id`

// AddGPGKey inserts k with audit after R-ACC-6's guard, in one write
// transaction, and sets its ID (R-SSH-4). A key its user has already gives
// model.ErrGPGKeyTaken.
func (db *DB) AddGPGKey(ctx context.Context, g *model.Guard, k *model.GPGKey, audit *model.AuditEvent) error {
	return db.withTx(ctx, "add gpg key", func(tx *sql.Tx) error {
		if _, err := checkGuard(ctx, tx, g); err != nil {
			return err
		}
		k.CreatedAt = orNow(k.CreatedAt)
		res, err := tx.ExecContext(ctx, `INSERT INTO gpg_keys (account_id, user_id, key_id, fingerprint, algorithm, user_ids, key_created_at,
			expires_at, public_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			k.AccountID, k.UserID, k.KeyID, k.Fingerprint, k.Algorithm, strings.Join(k.UserIDs, "\n"), nanos(k.KeyCreatedAt),
			nullNanos(k.ExpiresAt), k.PublicKey, nanos(k.CreatedAt))
		if err != nil {
			return err
		}
		if k.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return insertAudit(ctx, tx, audit)
	})
}

// FindGPGKey returns a key; model.ErrNotFound if unknown.
func (db *DB) FindGPGKey(ctx context.Context, id int64) (*model.GPGKey, error) {
	k, err := scanGPGKey(db.sql.QueryRowContext(ctx, `SELECT `+gpgKeyColumns+gpgKeyFrom+` WHERE k.id = ?`, id))
	return k, notFound("find gpg key", err)
}

// ListGPGKeys returns f's keys, newest first (R-SSH-4).
func (db *DB) ListGPGKeys(ctx context.Context, f model.SSHKeyFilter) ([]*model.GPGKey, error) {
	query := `SELECT ` + gpgKeyColumns + gpgKeyFrom + ` WHERE k.account_id = ?`
	args := []any{f.AccountID}
	if f.UserID != 0 {
		query += ` AND k.user_id = ?`
		args = append(args, f.UserID)
	}
	list, err := queryAll(ctx, db.sql, scanGPGKey, query+` ORDER BY k.created_at DESC, k.id DESC`, args...)
	return list, mapError("list gpg keys", err)
}

// DeleteGPGKey deletes a key of g's account with audit after R-ACC-6's
// guard; model.ErrNotFound if unknown.
func (db *DB) DeleteGPGKey(ctx context.Context, g *model.Guard, id int64, audit *model.AuditEvent) error {
	return db.withTx(ctx, "delete gpg key", func(tx *sql.Tx) error {
		if _, err := checkGuard(ctx, tx, g); err != nil {
			return err
		}
		if err := oneRow(tx.ExecContext(ctx, `DELETE FROM gpg_keys WHERE id = ? AND account_id = ?`, id, g.AccountID)); err != nil {
			return err
		}
		return insertAudit(ctx, tx, audit)
	})
}

func scanGPGKey(s scanner) (*model.GPGKey, error) {
	var k model.GPGKey
	var ids string
	var keyCreated, created int64
	var expires sql.NullInt64
	err := s.Scan(&k.ID, &k.AccountID, &k.UserID, &k.KeyID, &k.Fingerprint, &k.Algorithm, &ids, &keyCreated,
		&expires, &k.PublicKey, &created, &k.OwnerName, &k.OwnerEmail)
	if err != nil {
		return nil, err
	}
	if ids != "" {
		k.UserIDs = strings.Split(ids, "\n")
	}
	k.KeyCreatedAt, k.ExpiresAt, k.CreatedAt = fromNanos(keyCreated), fromNullNanos(expires), fromNanos(created)
	return &k, nil
}
