package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"acctl/model"
)

const deactivationColumns = `r.id, r.account_id, r.requested_by, u.name, u.email, r.requested_at, r.status,
	r.debts_cleared, r.debts_note, r.services_cleared, r.services_note, r.balance_cleared, r.balance_note,
	r.decided_at, r.decided_by, r.reason, a.company_name`

const deactivationFrom = ` FROM deactivation_requests r JOIN users u ON u.id = r.requested_by JOIN accounts a ON a.id = r.account_id`

// RequestDeactivation files r with audit in one write transaction
// (R-SET-5): R-ACC-6's guard, then model.CheckOthersDisabled on the
// account's users as they are now, then the request, the account's status
// deactivation_requested and the audit event. An account that is not
// active gives model.ErrDeactivationPending.
func (db *DB) RequestDeactivation(ctx context.Context, g *model.Guard, r *model.DeactivationRequest, audit *model.AuditEvent) error {
	return db.withTx(ctx, "request deactivation", func(tx *sql.Tx) error {
		if _, err := checkGuard(ctx, tx, g); err != nil {
			return err
		}
		users, err := queryAll(ctx, tx, scanUser, `SELECT `+userColumns+` FROM users WHERE account_id = ?`, g.AccountID)
		if err != nil {
			return err
		}
		if err := model.CheckOthersDisabled(users, g.ActorID); err != nil {
			return err
		}
		if err := setAccountStatus(ctx, tx, g.AccountID, model.AccountActive, model.AccountDeactivationRequested); err != nil {
			if errors.Is(err, model.ErrNotFound) {
				return model.ErrDeactivationPending
			}
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO deactivation_requests (account_id, requested_by, requested_at, status) VALUES (?, ?, ?, ?)`,
			g.AccountID, r.RequestedBy, nanos(r.RequestedAt), model.DeactivationPending)
		if err != nil {
			return err
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return insertAudit(ctx, tx, audit)
	})
}

// WithdrawDeactivation marks the pending request of g's account withdrawn
// at at by the guard's actor, with audit, and makes the account active
// again, after R-ACC-6's guard (R-SET-5); model.ErrNoDeactivation when
// none is pending.
func (db *DB) WithdrawDeactivation(ctx context.Context, g *model.Guard, at time.Time, audit *model.AuditEvent) (*model.DeactivationRequest, error) {
	var withdrawn *model.DeactivationRequest
	err := db.withTx(ctx, "withdraw deactivation", func(tx *sql.Tx) error {
		if _, err := checkGuard(ctx, tx, g); err != nil {
			return err
		}
		r, err := pendingRequest(ctx, tx, `r.account_id = ?`, g.AccountID)
		if err != nil {
			return err
		}
		r.Status, r.DecidedAt, r.DecidedBy = model.DeactivationWithdrawn, &at, audit.Actor
		if err := closeRequest(ctx, tx, r, model.AccountActive); err != nil {
			return err
		}
		withdrawn = r
		return insertAudit(ctx, tx, audit)
	})
	return withdrawn, err
}

// DecideDeactivation records billing review's decision on pending request
// id with audit, in one write transaction (R-SET-5, R-STF-3), after
// R-ACC-6's guard of the staff member deciding (nil for a decision
// without one): approved, the account is deactivated and every open
// session of its users closed, each recorded; rejected, the account is
// active again with the reason kept. model.ErrNoDeactivation when the
// request is not pending.
func (db *DB) DecideDeactivation(ctx context.Context, g *model.Guard, id int64, d model.DeactivationDecision, audit *model.AuditEvent) (*model.DeactivationRequest, error) {
	var decided *model.DeactivationRequest
	err := db.withTx(ctx, "decide deactivation", func(tx *sql.Tx) error {
		if _, err := checkGuard(ctx, tx, g); err != nil {
			return err
		}
		r, err := pendingRequest(ctx, tx, `r.id = ?`, id)
		if err != nil {
			return err
		}
		r.Status, r.Checklist, r.DecidedAt, r.DecidedBy, r.Reason = model.DeactivationRejected, d.Checklist, &d.At, d.Reviewer, d.Reason
		status := model.AccountActive
		if d.Approve {
			r.Status, status = model.DeactivationApproved, model.AccountDeactivated
		}
		if err := closeRequest(ctx, tx, r, status); err != nil {
			return err
		}
		audit.AccountID = r.AccountID
		if err := insertAudit(ctx, tx, audit); err != nil {
			return err
		}
		decided = r
		if !d.Approve {
			return nil
		}
		return endAccountSessions(ctx, tx, r.AccountID, d.At, *audit)
	})
	return decided, err
}

// LatestDeactivation returns the account's newest request;
// model.ErrNotFound when there was none.
func (db *DB) LatestDeactivation(ctx context.Context, accountID int64) (*model.DeactivationRequest, error) {
	r, err := scanDeactivation(db.sql.QueryRowContext(ctx, `SELECT `+deactivationColumns+deactivationFrom+
		` WHERE r.account_id = ? ORDER BY r.requested_at DESC, r.id DESC LIMIT 1`, accountID))
	return r, notFound("find deactivation request", err)
}

// deactivationQueue holds the queries of the review queue (R-STF-3):
// every account's pending requests, oldest first, from their partial
// index.
var deactivationQueue = newQueueQueries(`SELECT `+deactivationColumns+` FROM deactivation_requests r INDEXED BY deactivation_requests_queue
	JOIN users u ON u.id = r.requested_by JOIN accounts a ON a.id = r.account_id WHERE r.status = 'pending'`, "r.requested_at", "r.id")

// DeactivationQueue reads one window of the pending requests of every
// account, oldest first, by keyset on (RequestedAt, ID) (R-STF-3).
func (db *DB) DeactivationQueue(ctx context.Context, p model.QueuePage) ([]*model.DeactivationRequest, error) {
	list, err := readQueue(ctx, db.sql, deactivationQueue, nil, p, scanDeactivation)
	return list, mapError("deactivation queue", err)
}

// FindDeactivation returns request id, pending or decided;
// model.ErrNotFound when there is none.
func (db *DB) FindDeactivation(ctx context.Context, id int64) (*model.DeactivationRequest, error) {
	r, err := scanDeactivation(db.sql.QueryRowContext(ctx, `SELECT `+deactivationColumns+deactivationFrom+` WHERE r.id = ?`, id))
	return r, notFound("find deactivation request", err)
}

// pendingRequest reads the pending request that where (on r) selects;
// model.ErrNoDeactivation when there is none.
func pendingRequest(ctx context.Context, tx *sql.Tx, where string, arg any) (*model.DeactivationRequest, error) {
	r, err := scanDeactivation(tx.QueryRowContext(ctx, `SELECT `+deactivationColumns+deactivationFrom+` WHERE `+where+` AND r.status = 'pending'`, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, model.ErrNoDeactivation
	}
	return r, err
}

// closeRequest saves the decision on r and sets its account's status from
// deactivation_requested to status.
func closeRequest(ctx context.Context, tx *sql.Tx, r *model.DeactivationRequest, status model.AccountStatus) error {
	c := r.Checklist
	_, err := tx.ExecContext(ctx, `UPDATE deactivation_requests SET status = ?, decided_at = ?, decided_by = ?, reason = ?,
		debts_cleared = ?, debts_note = ?, services_cleared = ?, services_note = ?, balance_cleared = ?, balance_note = ?
		WHERE id = ?`, r.Status, nullNanos(r.DecidedAt), r.DecidedBy, r.Reason,
		c.Debts.Cleared, c.Debts.Note, c.ActiveServices.Cleared, c.ActiveServices.Note, c.Balance.Cleared, c.Balance.Note, r.ID)
	if err != nil {
		return err
	}
	return setAccountStatus(ctx, tx, r.AccountID, model.AccountDeactivationRequested, status)
}

// setAccountStatus moves an account from status from to to;
// model.ErrNotFound when it is not in from.
func setAccountStatus(ctx context.Context, tx *sql.Tx, accountID int64, from, to model.AccountStatus) error {
	return oneRow(tx.ExecContext(ctx, `UPDATE accounts SET status = ? WHERE id = ? AND status = ?`, to, accountID, from))
}

// endAccountSessions closes every open session of every user of the
// account at at, each recorded as a copy of why (R-SET-5).
func endAccountSessions(ctx context.Context, tx *sql.Tx, accountID int64, at time.Time, why model.AuditEvent) error {
	users, err := queryAll(ctx, tx, scanUser, `SELECT `+userColumns+` FROM users WHERE account_id = ?`, accountID)
	if err != nil {
		return err
	}
	why.Detail = "account deactivated"
	for _, u := range users {
		if _, err := endUserSessions(ctx, tx, u, "", at, why); err != nil {
			return err
		}
	}
	return nil
}

func scanDeactivation(s scanner) (*model.DeactivationRequest, error) {
	var r model.DeactivationRequest
	var requested int64
	var decided sql.NullInt64
	c := &r.Checklist
	err := s.Scan(&r.ID, &r.AccountID, &r.RequestedBy, &r.RequestedByName, &r.RequestedByEmail, &requested, &r.Status,
		&c.Debts.Cleared, &c.Debts.Note, &c.ActiveServices.Cleared, &c.ActiveServices.Note, &c.Balance.Cleared, &c.Balance.Note,
		&decided, &r.DecidedBy, &r.Reason, &r.Company)
	if err != nil {
		return nil, err
	}
	r.RequestedAt, r.DecidedAt = fromNanos(requested), fromNullNanos(decided)
	return &r, nil
}
