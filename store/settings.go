package store

import (
	"context"
	"database/sql"

	"acctl/model"
)

var _ model.SettingsStore = (*DB)(nil)

// detailsPages are the keyset queries of an account's details history: its
// audit events of model.ActionDetailsChanged, each a range scan of the
// partial index audit_events_details.
var detailsPages = newPageQueries(`SELECT ` + auditColumns + ` FROM audit_events WHERE account_id = ? AND action = 'account.details_changed'`)

// UpdateAccountDetails saves d on g's account in one write transaction
// (R-SET-1): R-ACC-6's guard, then the details it replaces, described by
// model.DescribeDetailsChange into audit.Detail; nothing is written when
// nothing changed. It returns the account as it is then.
func (db *DB) UpdateAccountDetails(ctx context.Context, g *model.Guard, d model.AccountDetails, audit *model.AuditEvent) (*model.Account, error) {
	var saved *model.Account
	err := db.withTx(ctx, "update account details", func(tx *sql.Tx) error {
		if _, err := checkGuard(ctx, tx, g); err != nil {
			return err
		}
		a, err := findAccount(ctx, tx, guardAccount(g, audit))
		if err != nil {
			return err
		}
		saved = a
		audit.Detail = model.DescribeDetailsChange(a.Details(), d)
		if audit.Detail == "" {
			return nil
		}
		b := d.Billing
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET company_name = ?, street = ?, city = ?, postal_code = ?, country = ? WHERE id = ?`,
			d.CompanyName, b.Street, b.City, b.PostalCode, b.Country, guardAccount(g, audit)); err != nil {
			return err
		}
		a.CompanyName, a.Billing = d.CompanyName, b
		return insertAudit(ctx, tx, audit)
	})
	if err != nil {
		return nil, notFound("update account details", err)
	}
	return saved, nil
}

// ListAccountDetailsHistory reads one window of an account's details
// history, newest first, by keyset on (At, ID); it reads at most p.Limit
// rows.
func (db *DB) ListAccountDetailsHistory(ctx context.Context, accountID int64, p model.EventPage) ([]*model.AuditEvent, error) {
	list, err := readPage(ctx, db.sql, detailsPages, accountID, p, scanAudit)
	return list, mapError("list account details history", err)
}

// SupportPIN returns the account's sealed support PIN, nil when it has
// none (R-SET-3).
func (db *DB) SupportPIN(ctx context.Context, accountID int64) ([]byte, error) {
	var sealed []byte
	err := db.sql.QueryRowContext(ctx, `SELECT support_pin_sealed FROM accounts WHERE id = ?`, accountID).Scan(&sealed)
	if err != nil {
		return nil, notFound("read support pin", err)
	}
	return sealed, nil
}

// SetSupportPIN replaces the sealed PIN of g's account with audit, after
// R-ACC-6's guard, in one write transaction (R-SET-3).
func (db *DB) SetSupportPIN(ctx context.Context, g *model.Guard, sealed []byte, audit *model.AuditEvent) error {
	return db.withTx(ctx, "set support pin", func(tx *sql.Tx) error {
		if _, err := checkGuard(ctx, tx, g); err != nil {
			return err
		}
		if err := oneRow(tx.ExecContext(ctx, `UPDATE accounts SET support_pin_sealed = ? WHERE id = ?`, sealed, guardAccount(g, audit))); err != nil {
			return err
		}
		return insertAudit(ctx, tx, audit)
	})
}
