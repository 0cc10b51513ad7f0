package store

import (
	"context"
	"database/sql"
	"fmt"

	"acctl/model"
)

var _ model.AccountStore = (*DB)(nil)

// accountColumns are read with the end of the account's open
// support-access grant, if any (R-SET-4), which the header shows.
const accountColumns = `a.id, a.company_name, a.street, a.city, a.postal_code, a.country, a.status, a.enforce_2fa, a.kind, a.created_at,
	COALESCE(g.expires_at, 0)`

const accountFrom = ` FROM accounts a LEFT JOIN support_grants g ON g.account_id = a.id AND g.ended_at IS NULL`

// CreateAccount inserts the account, its first user and the audit event in
// one transaction. The user must be an active owner (R-ACC-3, so that
// R-ACC-1 holds from the start); an email taken in any case gives
// model.ErrEmailTaken (R-ACC-2). The audit event gets the new account's ID
// and, as actor, the owner's, where they are zero.
func (db *DB) CreateAccount(ctx context.Context, a *model.Account, owner *model.User, audit *model.AuditEvent) error {
	if owner.Role != model.RoleOwner || owner.Status != model.UserActive {
		return fmt.Errorf("create account: the first user must be an active owner, not %s %s", owner.Status, owner.Role)
	}
	if a.Kind == model.AccountProvider {
		return fmt.Errorf("create account: the provider account has no owner; EnsureProviderAccount creates it")
	}
	a.Kind = model.AccountCustomer
	saved := *a
	savedOwner, savedAudit := *owner, model.AuditEvent{}
	if audit != nil {
		savedAudit = *audit
	}
	err := db.withTx(ctx, "create account", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO accounts (company_name, street, city, postal_code, country, status, enforce_2fa, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			a.CompanyName, a.Billing.Street, a.Billing.City, a.Billing.PostalCode, a.Billing.Country,
			a.Status, a.Enforce2FA, nanos(orNow(a.CreatedAt)))
		if err != nil {
			return err
		}
		if a.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		owner.AccountID = a.ID
		if err := insertUser(ctx, tx, owner); err != nil {
			return err
		}
		if audit == nil {
			return nil
		}
		if audit.AccountID == 0 {
			audit.AccountID = a.ID
		}
		if audit.ActorID == 0 {
			audit.ActorID = owner.ID
		}
		return insertAudit(ctx, tx, audit)
	})
	if err != nil { // leave no IDs of rolled-back rows behind
		*a, *owner = saved, savedOwner
		if audit != nil {
			*audit = savedAudit
		}
	}
	return err
}

// FindAccountByID returns an account; model.ErrNotFound if there is none.
func (db *DB) FindAccountByID(ctx context.Context, id int64) (*model.Account, error) {
	a, err := findAccount(ctx, hotQuerier{db}, id)
	if err != nil {
		return nil, notFound("find account", err)
	}
	return a, nil
}

// HasAccounts reports whether any customer's account exists: the
// provider account of the staff (SPEC §10) does not count, so that a
// server whose staff were invited first still offers sign-up.
func (db *DB) HasAccounts(ctx context.Context) (bool, error) {
	var has bool
	err := db.sql.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM accounts WHERE kind = 'customer')`).Scan(&has)
	return has, mapError("has accounts", err)
}

// findAccount reads account id with q.
func findAccount(ctx context.Context, q querier, id int64) (*model.Account, error) {
	return scanAccount(q.QueryRowContext(ctx, `SELECT `+accountColumns+accountFrom+` WHERE a.id = ?`, id))
}

func scanAccount(s scanner) (*model.Account, error) {
	var a model.Account
	var created, support int64
	err := s.Scan(&a.ID, &a.CompanyName, &a.Billing.Street, &a.Billing.City, &a.Billing.PostalCode, &a.Billing.Country,
		&a.Status, &a.Enforce2FA, &a.Kind, &created, &support)
	if err != nil {
		return nil, err
	}
	a.CreatedAt, a.SupportAccessUntil = fromNanos(created), fromNanos(support)
	return &a, nil
}
