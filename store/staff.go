package store

import (
	"context"
	"database/sql"
	"errors"

	"acctl/model"
)

var _ model.ProviderStore = (*DB)(nil)

// EnsureProviderAccount returns the provider account, whose users are the
// staff (SPEC §10), inserting a as it when there is none yet, in one write
// transaction; the unique index accounts_one_provider keeps it one.
func (db *DB) EnsureProviderAccount(ctx context.Context, a *model.Account) (*model.Account, error) {
	var found *model.Account
	err := db.withTx(ctx, "provider account", func(tx *sql.Tx) error {
		var err error
		found, err = scanAccount(tx.QueryRowContext(ctx, `SELECT `+accountColumns+accountFrom+` WHERE a.kind = 'provider'`))
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		p := *a
		p.Kind, p.CreatedAt = model.AccountProvider, orNow(a.CreatedAt)
		res, err := tx.ExecContext(ctx, `INSERT INTO accounts (company_name, status, enforce_2fa, kind, created_at) VALUES (?, ?, ?, ?, ?)`,
			p.CompanyName, p.Status, p.Enforce2FA, p.Kind, nanos(p.CreatedAt))
		if err != nil {
			return err
		}
		p.ID, err = res.LastInsertId()
		found = &p
		return err
	})
	if err != nil {
		return nil, err
	}
	return found, nil
}
