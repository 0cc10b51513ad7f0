package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"acctl/model"
)

// The staff console's reads and writes beyond the queues (SPEC §10):
// accounts under support access (R-STF-4) and the caller check (R-STF-5).

var _ model.StaffConsoleStore = (*DB)(nil)

// supportedQueue holds the queries of the Accounts list (R-STF-4): the
// open grants that still run at the first argument, soonest end first,
// from the index of open grants by expiry.
var supportedQueue = newQueueQueries(`SELECT `+grantColumns+`, a.company_name, a.status
	FROM support_grants g INDEXED BY support_grants_expiring JOIN users u ON u.id = g.granted_by JOIN accounts a ON a.id = g.account_id
	WHERE g.ended_at IS NULL AND g.expires_at > ?`, "g.expires_at", "g.id")

// SupportedAccounts reads one window of the accounts whose grant runs at
// now, soonest end first, by keyset on (expires_at, grant id).
func (db *DB) SupportedAccounts(ctx context.Context, now time.Time, p model.QueuePage) ([]*model.SupportedAccount, error) {
	list, err := readQueue(ctx, db.sql, supportedQueue, []any{nanos(now)}, p, func(s scanner) (*model.SupportedAccount, error) {
		var a model.SupportedAccount
		g, err := scanGrantWith(s, &a.Company, &a.Status)
		if err != nil {
			return nil, err
		}
		a.AccountID, a.Grant = g.AccountID, g
		return &a, nil
	})
	return list, mapError("supported accounts", err)
}

// OpenSupportedAccount checks g, reads the account's grant running at now
// (recording the end of one that ran out), records audit in the account's
// log and notes the actor's first opening under the grant, in one write
// transaction (R-STF-4); model.ErrNoSupportGrant when none runs.
func (db *DB) OpenSupportedAccount(ctx context.Context, g *model.Guard, accountID int64, now time.Time, audit *model.AuditEvent) (*model.SupportGrant, bool, error) {
	var grant *model.SupportGrant
	first := false
	err := db.withTx(ctx, "open supported account", func(tx *sql.Tx) error {
		if _, err := checkGuard(ctx, tx, g); err != nil {
			return err
		}
		var err error
		if grant, err = runningGrant(ctx, tx, accountID, now); err != nil {
			return err
		}
		if grant == nil {
			return model.ErrNoSupportGrant
		}
		audit.AccountID = accountID
		if err := insertAudit(ctx, tx, audit); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO support_views (grant_id, staff_id, first_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
			grant.ID, g.ActorID, nanos(now))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		first = n == 1
		return err
	})
	if err != nil {
		return nil, false, err
	}
	return grant, first, nil
}

// FindCustomerAccounts reads up to limit customer accounts whose company
// name starts with prefix, without case, from accounts_by_company.
func (db *DB) FindCustomerAccounts(ctx context.Context, prefix string, limit int) ([]*model.Account, error) {
	list, err := queryAll(ctx, db.sql, scanAccount, `SELECT `+accountColumns+` FROM accounts a INDEXED BY accounts_by_company
		LEFT JOIN support_grants g ON g.account_id = a.id AND g.ended_at IS NULL
		WHERE a.kind = 'customer' AND a.company_name COLLATE NOCASE >= ? AND a.company_name COLLATE NOCASE < ?
		ORDER BY a.company_name COLLATE NOCASE, a.id LIMIT ?`, prefix, prefix+prefixEnd, limit)
	return list, mapError("find customer accounts", err)
}

// RecordCallerCheck records a caller check with audit after checking g,
// keeping match, when there is one, as the actor's match of the account
// (R-STF-5).
func (db *DB) RecordCallerCheck(ctx context.Context, g *model.Guard, accountID int64, match *model.CallerMatch, audit *model.AuditEvent) error {
	return db.withTx(ctx, "record caller check", func(tx *sql.Tx) error {
		if _, err := checkGuard(ctx, tx, g); err != nil {
			return err
		}
		if match != nil {
			if _, err := tx.ExecContext(ctx, `INSERT INTO caller_matches (staff_id, account_id, matched_at) VALUES (?, ?, ?)
				ON CONFLICT (staff_id, account_id) DO UPDATE SET matched_at = excluded.matched_at`,
				match.StaffID, accountID, nanos(match.MatchedAt)); err != nil {
				return err
			}
		}
		audit.AccountID = accountID
		return insertAudit(ctx, tx, audit)
	})
}

// FindCallerMatch returns a staff member's last match of an account's PIN;
// model.ErrNotFound when there is none.
func (db *DB) FindCallerMatch(ctx context.Context, staffID, accountID int64) (*model.CallerMatch, error) {
	m, err := callerMatch(ctx, db.sql, staffID, accountID)
	return m, notFound("find caller match", err)
}

func callerMatch(ctx context.Context, q querier, staffID, accountID int64) (*model.CallerMatch, error) {
	m := &model.CallerMatch{StaffID: staffID, AccountID: accountID}
	var at int64
	err := q.QueryRowContext(ctx, `SELECT matched_at FROM caller_matches WHERE staff_id = ? AND account_id = ?`, staffID, accountID).Scan(&at)
	if err != nil {
		return nil, err
	}
	m.MatchedAt = fromNanos(at)
	return m, nil
}

// IssueCallerResetCode stores a reset code issued after a caller check
// (R-STF-5, R-PWD-7): after g, rule decides on the actor's match and the
// user as read inside the transaction; the match is spent with it.
func (db *DB) IssueCallerResetCode(ctx context.Context, g *model.Guard, accountID int64, rc *model.ResetCode, n *model.Notification,
	audit *model.AuditEvent, rule func(m *model.CallerMatch, target *model.User) error) error {
	return db.withTx(ctx, "issue caller reset code", func(tx *sql.Tx) error {
		if _, err := checkGuard(ctx, tx, g); err != nil {
			return err
		}
		m, err := callerMatch(ctx, tx, g.ActorID, accountID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		u, err := findUserByID(ctx, tx, rc.UserID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := rule(m, u); err != nil {
			return err
		}
		if u.Email != rc.Email {
			return model.ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM caller_matches WHERE staff_id = ? AND account_id = ?`, g.ActorID, accountID); err != nil {
			return err
		}
		if err := upsertResetCode(ctx, tx, rc); err != nil {
			return err
		}
		if err := insertNotification(ctx, tx, n); err != nil {
			return err
		}
		audit.AccountID = accountID
		return insertAudit(ctx, tx, audit)
	})
}
