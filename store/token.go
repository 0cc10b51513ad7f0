package store

import (
	"context"
	"database/sql"
	"time"

	"acctl/model"
)

var _ model.TokenStore = (*DB)(nil)

const tokenColumns = `t.id, t.account_id, t.user_id, t.name, t.access, t.prefix, t.secret_hash, t.created_at,
	t.expires_at, t.last_used_at, t.revoked_at, t.expiry_notified_at, u.name, u.email`

const tokenFrom = ` FROM api_tokens t JOIN users u ON u.id = t.user_id`

// activeToken is the condition of a token that is neither revoked nor
// expired at the time bound to its one parameter.
const activeToken = ` t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)`

// CreateToken inserts t with audit in one write transaction (R-TOK-1,
// R-AUD-1) and sets its ID. Another active token of the same user with the
// same name gives model.ErrTokenNameTaken.
func (db *DB) CreateToken(ctx context.Context, t *model.APIToken, audit *model.AuditEvent) error {
	return db.withTx(ctx, "create token", func(tx *sql.Tx) error {
		if err := insertToken(ctx, tx, t); err != nil {
			return err
		}
		return insertTokenAudit(ctx, tx, audit, t.AccountID)
	})
}

// FindToken returns a token in any state; model.ErrNotFound if unknown.
func (db *DB) FindToken(ctx context.Context, id int64) (*model.APIToken, error) {
	t, err := scanToken(db.sql.QueryRowContext(ctx, `SELECT `+tokenColumns+tokenFrom+` WHERE t.id = ?`, id))
	return t, notFound("find token", err)
}

// FindTokenByHash returns the token whose secret hashes to hash, in any
// state: one lookup in the UNIQUE index on secret_hash.
func (db *DB) FindTokenByHash(ctx context.Context, hash []byte) (*model.APIToken, error) {
	t, err := scanToken(db.sql.QueryRowContext(ctx, `SELECT `+tokenColumns+tokenFrom+` WHERE t.secret_hash = ?`, hash))
	return t, notFound("find token by hash", err)
}

// ListTokens returns f's tokens, newest first: those not revoked and those
// revoked at or after f.RevokedSince (R-TOK-2).
func (db *DB) ListTokens(ctx context.Context, f model.TokenFilter) ([]*model.APIToken, error) {
	query := `SELECT ` + tokenColumns + tokenFrom + ` WHERE t.account_id = ? AND (t.revoked_at IS NULL OR t.revoked_at >= ?)`
	args := []any{f.AccountID, nanos(f.RevokedSince)}
	if f.UserID != 0 {
		query += ` AND t.user_id = ?`
		args = append(args, f.UserID)
	}
	list, err := queryTokens(ctx, db.sql, query+` ORDER BY t.created_at DESC, t.id DESC`, args...)
	return list, mapError("list tokens", err)
}

// RevokeToken revokes an unrevoked token at audit.At with audit, after
// reading the actor again (R-ACC-6) and checking with model's
// CanManageKeyOf that it is still theirs to revoke; model.ErrNotFound when
// it is unknown, already revoked or not theirs.
func (db *DB) RevokeToken(ctx context.Context, g *model.Guard, id int64, audit *model.AuditEvent) error {
	return db.withTx(ctx, "revoke token", func(tx *sql.Tx) error {
		if err := checkKeyOf(ctx, tx, g, `SELECT account_id, user_id FROM api_tokens WHERE id = ?`, id); err != nil {
			return err
		}
		accountID, err := revokeToken(ctx, tx, id, orNow(audit.At))
		if err != nil {
			return err
		}
		return insertTokenAudit(ctx, tx, audit, accountID)
	})
}

// RotateToken revokes token oldID and inserts next in one transaction, so
// that the old secret fails from the moment the new one exists (R-TOK-2).
func (db *DB) RotateToken(ctx context.Context, oldID int64, next *model.APIToken, audit *model.AuditEvent) error {
	return db.withTx(ctx, "rotate token", func(tx *sql.Tx) error {
		if _, err := revokeToken(ctx, tx, oldID, orNow(audit.At)); err != nil {
			return err
		}
		if err := insertToken(ctx, tx, next); err != nil {
			return err
		}
		return insertTokenAudit(ctx, tx, audit, next.AccountID)
	})
}

// TouchToken records the token's last use; model.ErrNotFound if unknown.
func (db *DB) TouchToken(ctx context.Context, id int64, at time.Time) error {
	return db.withTx(ctx, "touch token", func(tx *sql.Tx) error {
		return oneRow(tx.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, nanos(at), id))
	})
}

// ExpiringTokens returns up to limit unrevoked tokens, soonest first, that
// expire in (now, now+within], were created more than within before their
// expiry, and whose issuer was not warned yet: a range scan of
// api_tokens_expiring.
func (db *DB) ExpiringTokens(ctx context.Context, now time.Time, within time.Duration, limit int) ([]*model.APIToken, error) {
	list, err := queryTokens(ctx, db.sql, `SELECT `+tokenColumns+tokenFrom+`
		WHERE t.revoked_at IS NULL AND t.expiry_notified_at IS NULL AND t.expires_at IS NOT NULL
		AND t.expires_at > ? AND t.expires_at <= ? AND t.created_at < t.expires_at - ?
		ORDER BY t.expires_at, t.id LIMIT ?`, nanos(now), nanos(now.Add(within)), within.Nanoseconds(), limit)
	return list, mapError("list expiring tokens", err)
}

// MarkTokenExpiryNotified sets the token's warning time and queues n in one
// transaction, once: false when the warning was already recorded.
func (db *DB) MarkTokenExpiryNotified(ctx context.Context, id int64, n *model.Notification) (bool, error) {
	var marked bool
	err := db.withTx(ctx, "mark token expiry notified", func(tx *sql.Tx) error {
		n.CreatedAt = orNow(n.CreatedAt)
		err := oneRow(tx.ExecContext(ctx, `UPDATE api_tokens SET expiry_notified_at = ? WHERE id = ? AND expiry_notified_at IS NULL`,
			nanos(n.CreatedAt), id))
		if err == model.ErrNotFound {
			return nil
		}
		if err != nil {
			return err
		}
		marked = true
		return insertNotification(ctx, tx, n)
	})
	return marked, err
}

// ListActiveTokens returns a user's tokens that are neither revoked nor
// expired at now, oldest first (R-USR-3).
func (db *DB) ListActiveTokens(ctx context.Context, userID int64, now time.Time) ([]*model.APIToken, error) {
	list, err := activeTokens(ctx, db.sql, userID, now)
	return list, mapError("list active tokens", err)
}

// revokeUserTokens revokes, inside tx, every token of userID that is
// neither revoked nor expired at at, and records one audit event per token,
// a copy of actor with Action "token.revoked" and Object naming the token
// (R-USR-3, R-TOK-3, R-AUD-1). actor says who and from where, and its
// Detail why ("user disabled"); its At becomes at. It returns the names of
// the revoked tokens, oldest first.
func revokeUserTokens(ctx context.Context, tx *sql.Tx, userID int64, at time.Time, actor model.AuditEvent) ([]string, error) {
	list, err := activeTokens(ctx, tx, userID, at)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(list))
	for _, t := range list {
		if _, err := revokeToken(ctx, tx, t.ID, at); err != nil {
			return nil, err
		}
		e := actor
		e.AccountID, e.Action, e.Object, e.At = t.AccountID, "token.revoked", model.TokenObject(t), at
		if err := insertAudit(ctx, tx, &e); err != nil {
			return nil, err
		}
		names = append(names, t.Name)
	}
	return names, nil
}

func activeTokens(ctx context.Context, q querier, userID int64, now time.Time) ([]*model.APIToken, error) {
	return queryTokens(ctx, q, `SELECT `+tokenColumns+tokenFrom+` WHERE t.user_id = ? AND`+activeToken+` ORDER BY t.created_at, t.id`,
		userID, nanos(now))
}

// insertToken writes t in tx and sets its ID, after checking under the
// write lock that its user has no other active token of that name.
func insertToken(ctx context.Context, tx *sql.Tx, t *model.APIToken) error {
	t.CreatedAt = orNow(t.CreatedAt)
	var taken bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM api_tokens t WHERE t.user_id = ? AND t.name = ? AND`+activeToken+`)`,
		t.UserID, t.Name, nanos(t.CreatedAt)).Scan(&taken)
	if err != nil {
		return err
	}
	if taken {
		return model.ErrTokenNameTaken
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (account_id, user_id, name, access, prefix, secret_hash, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		t.AccountID, t.UserID, t.Name, t.Access, t.Prefix, t.Hash, nanos(t.CreatedAt), nullNanos(t.ExpiresAt))
	if err != nil {
		return err
	}
	t.ID, err = res.LastInsertId()
	return err
}

// revokeToken sets a token's revoked_at unless it is already set and
// returns its account; model.ErrNotFound when there is no unrevoked token
// with that id.
func revokeToken(ctx context.Context, tx *sql.Tx, id int64, at time.Time) (int64, error) {
	var accountID int64
	err := tx.QueryRowContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING account_id`,
		nanos(at), id).Scan(&accountID)
	if err == sql.ErrNoRows {
		return 0, model.ErrNotFound
	}
	return accountID, err
}

// checkKeyOf checks g (R-ACC-6) and that the key that query reads
// (account_id, user_id) by id is one its actor may manage
// (model.CanManageKeyOf); model.ErrNotFound otherwise.
func checkKeyOf(ctx context.Context, tx *sql.Tx, g *model.Guard, query string, id int64) error {
	actor, err := checkGuard(ctx, tx, g)
	if err != nil || actor == nil {
		return err
	}
	var account, owner int64
	err = tx.QueryRowContext(ctx, query, id).Scan(&account, &owner)
	if err == sql.ErrNoRows || (err == nil && !model.CanManageKeyOf(actor, account, owner)) {
		return model.ErrNotFound
	}
	return err
}

// insertTokenAudit records audit, in accountID unless it names its account:
// the audit of a token or SSH key change.
func insertTokenAudit(ctx context.Context, tx *sql.Tx, audit *model.AuditEvent, accountID int64) error {
	if audit.AccountID == 0 {
		audit.AccountID = accountID
	}
	return insertAudit(ctx, tx, audit)
}

func queryTokens(ctx context.Context, q querier, query string, args ...any) ([]*model.APIToken, error) {
	return queryAll(ctx, q, scanToken, query, args...)
}

// queryAll runs query and scans every row with scan.
func queryAll[T any](ctx context.Context, q querier, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	return list, rows.Err()
}

func scanToken(s scanner) (*model.APIToken, error) {
	var t model.APIToken
	var created int64
	var expires, used, revoked, notified sql.NullInt64
	err := s.Scan(&t.ID, &t.AccountID, &t.UserID, &t.Name, &t.Access, &t.Prefix, &t.Hash, &created,
		&expires, &used, &revoked, &notified, &t.IssuerName, &t.IssuerEmail)
	if err != nil {
		return nil, err
	}
	t.CreatedAt = fromNanos(created)
	t.ExpiresAt, t.LastUsedAt = fromNullNanos(expires), fromNullNanos(used)
	t.RevokedAt, t.ExpiryNotifiedAt = fromNullNanos(revoked), fromNullNanos(notified)
	return &t, nil
}
