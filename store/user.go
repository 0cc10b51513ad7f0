package store

import (
	"context"
	"database/sql"
	"time"

	"acctl/model"
)

var _ model.UserStore = (*DB)(nil)

// userColumns read a user. The role of a user of the provider account is
// read as staff (SPEC §10): users.role holds only owner or manager, which
// its CHECK cannot be changed from without rebuilding the table that every
// other references, so staff rows keep 'manager' there (storedRole).
const userColumns = `id, account_id, name, email, ` + roleColumn + `, status, password_hash, totp_enabled, notify_sign_in, last_login_at, created_at`

// roleColumn is the role as the model knows it. Its subquery is not
// correlated: SQLite evaluates it once per statement, through the
// accounts_one_provider index.
const roleColumn = `CASE WHEN account_id = (SELECT id FROM accounts WHERE kind = 'provider') THEN 'staff' ELSE role END`

// storedRole is r as users.role holds it: staff as manager (see
// userColumns).
func storedRole(r model.Role) model.Role {
	if r == model.RoleStaff {
		return model.RoleManager
	}
	return r
}

// FindUserByID returns a user; model.ErrNotFound if there is none.
func (db *DB) FindUserByID(ctx context.Context, id int64) (*model.User, error) {
	u, err := findUserByID(ctx, hotQuerier{db}, id)
	return u, notFound("find user", err)
}

// FindUserByEmail returns the user with that email, compared without case
// as the UNIQUE index does (R-ACC-2); model.ErrNotFound if there is none.
func (db *DB) FindUserByEmail(ctx context.Context, email string) (*model.User, error) {
	row := db.sql.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, email)
	u, err := scanUser(row)
	if err != nil {
		return nil, notFound("find user by email", err)
	}
	return u, nil
}

// ListUsers returns an account's users ordered by name (without case), then id.
func (db *DB) ListUsers(ctx context.Context, accountID int64) ([]*model.User, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE account_id = ? ORDER BY name COLLATE NOCASE, id`, accountID)
	if err != nil {
		return nil, mapError("list users", err)
	}
	defer rows.Close()
	var list []*model.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, mapError("list users", err)
		}
		list = append(list, u)
	}
	return list, mapError("list users", rows.Err())
}

// CreateUser inserts a user into an existing account with its audit event
// (R-AUD-1). An email taken in any case gives model.ErrEmailTaken (R-ACC-2);
// an account that does not exist, model.ErrNotFound.
func (db *DB) CreateUser(ctx context.Context, u *model.User, audit *model.AuditEvent) error {
	saved, savedAudit := *u, model.AuditEvent{}
	if audit != nil {
		savedAudit = *audit
	}
	err := db.withTx(ctx, "create user", func(tx *sql.Tx) error {
		if err := insertUser(ctx, tx, u); err != nil {
			return err
		}
		if audit == nil {
			return nil
		}
		if audit.AccountID == 0 {
			audit.AccountID = u.AccountID
		}
		return insertAudit(ctx, tx, audit)
	})
	if err != nil { // leave no IDs of rolled-back rows behind
		*u = saved
		if audit != nil {
			*audit = savedAudit
		}
	}
	return err
}

// UpdateUser applies upd to user id and records audit in the same write
// transaction. R-ACC-1: when the change takes an active owner's role or
// status away, the account's other active owners are counted under the
// write lock, and with none left it fails with model.ErrLastOwner, so two
// concurrent demotions cannot both pass. upd.EndSessionsExcept closes the
// user's other open sessions at the audit event's time (R-PWD-2).
func (db *DB) UpdateUser(ctx context.Context, id int64, upd model.UserUpdate, audit *model.AuditEvent) (*model.User, error) {
	var updated *model.User
	err := db.withTx(ctx, "update user", func(tx *sql.Tx) error {
		if _, err := checkGuard(ctx, tx, upd.Guard); err != nil {
			return err
		}
		before, others, err := findUserAndOtherOwners(ctx, tx, id)
		if err != nil {
			return err
		}
		u := *before
		applyUpdate(&u, upd)
		if err := model.CheckKeepsAnOwner(before, &u, others); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE users SET name = ?, email = ?, password_hash = ?, role = ?, status = ?, notify_sign_in = ? WHERE id = ?`,
			u.Name, u.Email, u.PasswordHash, storedRole(u.Role), u.Status, u.NotifySignIn, id)
		if err != nil {
			return err
		}
		if upd.EndSessionsExcept != nil {
			at := time.Now().UTC()
			if audit != nil && !audit.At.IsZero() {
				at = audit.At
			}
			if err := closeOtherSessions(ctx, tx, id, *upd.EndSessionsExcept, at); err != nil {
				return err
			}
		}
		if audit != nil {
			if audit.AccountID == 0 {
				audit.AccountID = u.AccountID
			}
			if err := insertAudit(ctx, tx, audit); err != nil {
				return err
			}
		}
		updated, err = findUserByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, notFound("update user", err)
	}
	return updated, nil
}

// RecordLogin sets the user's last login time; model.ErrNotFound if there
// is no such user.
func (db *DB) RecordLogin(ctx context.Context, id int64, at time.Time) error {
	return db.withTx(ctx, "record login", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET last_login_at = ? WHERE id = ?`, nanos(at), id)
		return oneRow(res, err)
	})
}

func applyUpdate(u *model.User, upd model.UserUpdate) {
	if upd.Name != nil {
		u.Name = *upd.Name
	}
	if upd.Email != nil {
		u.Email = *upd.Email
	}
	if upd.PasswordHash != nil {
		u.PasswordHash = *upd.PasswordHash
	}
	if upd.Role != nil {
		u.Role = *upd.Role
	}
	if upd.Status != nil {
		u.Status = *upd.Status
	}
	if upd.NotifySignIn != nil {
		u.NotifySignIn = *upd.NotifySignIn
	}
}

func findUserByID(ctx context.Context, q querier, id int64) (*model.User, error) {
	return scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
}

func insertUser(ctx context.Context, tx *sql.Tx, u *model.User) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO users (account_id, name, email, role, status, password_hash, totp_enabled, notify_sign_in, last_login_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.AccountID, u.Name, u.Email, storedRole(u.Role), u.Status, u.PasswordHash, u.TOTPEnabled, u.NotifySignIn,
		nullNanos(u.LastLoginAt), nanos(orNow(u.CreatedAt)))
	if err != nil {
		return err
	}
	u.ID, err = res.LastInsertId()
	return err
}

func scanUser(s scanner) (*model.User, error) {
	var u model.User
	var lastLogin sql.NullInt64
	var created int64
	err := s.Scan(&u.ID, &u.AccountID, &u.Name, &u.Email, &u.Role, &u.Status, &u.PasswordHash,
		&u.TOTPEnabled, &u.NotifySignIn, &lastLogin, &created)
	if err != nil {
		return nil, err
	}
	u.LastLoginAt = fromNullNanos(lastLogin)
	u.CreatedAt = fromNanos(created)
	return &u, nil
}

// oneRow turns an UPDATE that matched no row into model.ErrNotFound.
func oneRow(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return model.ErrNotFound
	}
	return nil
}
