package store

import (
	"context"
	"database/sql"

	"acctl/model"
)

var _ model.InvitationStore = (*DB)(nil)

const invitationColumns = `user_id, account_id, secret_hash, COALESCE(invited_by, 0), created_at, expires_at`

// CreateInvitation inserts the invited user u and its invitation inv in one
// write transaction with audit (R-USR-1, R-AUD-1), in which the actor is
// read again (R-ACC-6), and sets u.ID and inv.UserID. An email taken in any case gives model.ErrEmailTaken
// (R-ACC-2).
func (db *DB) CreateInvitation(ctx context.Context, g *model.Guard, u *model.User, inv *model.Invitation, audit *model.AuditEvent) error {
	saved := *u
	err := db.withTx(ctx, "invite user", func(tx *sql.Tx) error {
		if _, err := checkGuard(ctx, tx, g); err != nil {
			return err
		}
		if err := insertUser(ctx, tx, u); err != nil {
			return err
		}
		inv.UserID, inv.AccountID = u.ID, u.AccountID
		if err := upsertInvitation(ctx, tx, inv); err != nil {
			return err
		}
		return insertUserAudit(ctx, tx, u.ID, audit)
	})
	if err != nil { // leave no IDs of rolled-back rows behind
		*u, inv.UserID = saved, 0
	}
	return err
}

// FindInvitation returns the invitation whose secret hashes to secretHash,
// found by the UNIQUE index on secret_hash; model.ErrNotFound if none.
func (db *DB) FindInvitation(ctx context.Context, secretHash []byte) (*model.Invitation, error) {
	inv, err := scanInvitation(db.sql.QueryRowContext(ctx, `SELECT `+invitationColumns+` FROM invitations WHERE secret_hash = ?`, secretHash))
	return inv, notFound("find invitation", err)
}

// RenewInvitation replaces the invitation of the invited user inv.UserID
// with inv and records audit in the same transaction, in which the actor
// is read again (R-ACC-6), so that the old secret fails from the moment
// the new one exists; model.ErrNotFound when the user is no longer
// invited.
func (db *DB) RenewInvitation(ctx context.Context, g *model.Guard, inv *model.Invitation, audit *model.AuditEvent) error {
	return db.withTx(ctx, "re-send invitation", func(tx *sql.Tx) error {
		if err := checkInvited(ctx, tx, g, inv.UserID); err != nil {
			return err
		}
		if err := upsertInvitation(ctx, tx, inv); err != nil {
			return err
		}
		return insertUserAudit(ctx, tx, inv.UserID, audit)
	})
}

// CancelInvitation deletes the invited user userID, their invitation and
// what only an invited user can have: the invitation emails in the outbox
// (whose code dies with the invitation) and the reference of sign-in
// attempts on their email, which stay in the log as attempts on an unknown
// email. The audit event is recorded in the same transaction;
// model.ErrNotFound when the user is no longer invited.
func (db *DB) CancelInvitation(ctx context.Context, g *model.Guard, userID int64, audit *model.AuditEvent) error {
	return db.withTx(ctx, "cancel invitation", func(tx *sql.Tx) error {
		if err := checkInvited(ctx, tx, g, userID); err != nil {
			return err
		}
		if err := insertUserAudit(ctx, tx, userID, audit); err != nil {
			return err
		}
		for _, stmt := range []string{
			`DELETE FROM invitations WHERE user_id = ?`,
			`DELETE FROM notifications WHERE user_id = ?`,
			`DELETE FROM two_factor WHERE user_id = ?`,
			`UPDATE auth_events SET user_id = NULL WHERE user_id = ?`,
			`DELETE FROM users WHERE id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, stmt, userID); err != nil {
				return err
			}
		}
		return nil
	})
}

// AcceptInvitation spends the invitation whose secret hashes to secretHash
// in one write transaction: unless it expired at audit.At (then
// model.ErrInvitationExpired), it is deleted, its user becomes active with
// name and passwordHash and last login at audit.At, the R-2FA-8 newcomer
// mark is set, and audit is recorded. model.ErrNotFound when there is no
// such invitation, so that a secret works once even when two consoles race.
func (db *DB) AcceptInvitation(ctx context.Context, secretHash []byte, name, passwordHash string, audit *model.AuditEvent) (*model.User, error) {
	var accepted *model.User
	err := db.withTx(ctx, "accept invitation", func(tx *sql.Tx) error {
		inv, err := scanInvitation(tx.QueryRowContext(ctx, `SELECT `+invitationColumns+` FROM invitations WHERE secret_hash = ?`, secretHash))
		if err != nil {
			return err
		}
		at := auditTime(audit)
		if inv.Expired(at) {
			return model.ErrInvitationExpired
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM invitations WHERE user_id = ?`, inv.UserID); err != nil {
			return err
		}
		err = oneRow(tx.ExecContext(ctx, `UPDATE users SET name = ?, password_hash = ?, status = ?, last_login_at = ? WHERE id = ? AND status = ?`,
			name, passwordHash, model.UserActive, nanos(at), inv.UserID, model.UserInvited))
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO two_factor (user_id, must_enable) VALUES (?, 1)
			ON CONFLICT (user_id) DO UPDATE SET must_enable = 1`, inv.UserID)
		if err != nil {
			return err
		}
		if err := insertUserAudit(ctx, tx, inv.UserID, audit); err != nil {
			return err
		}
		accepted, err = findUserByID(ctx, tx, inv.UserID)
		return err
	})
	if err != nil {
		return nil, notFound("accept invitation", err)
	}
	return accepted, nil
}

// checkInvited checks g (R-ACC-6) and gives model.ErrNotFound unless user
// userID exists, is invited and, with a guard, is in its account.
func checkInvited(ctx context.Context, tx *sql.Tx, g *model.Guard, userID int64) error {
	if _, err := checkGuard(ctx, tx, g); err != nil {
		return err
	}
	var status model.UserStatus
	var account int64
	err := tx.QueryRowContext(ctx, `SELECT status, account_id FROM users WHERE id = ?`, userID).Scan(&status, &account)
	if err == sql.ErrNoRows || (err == nil && (status != model.UserInvited || (g != nil && account != g.AccountID))) {
		return model.ErrNotFound
	}
	return err
}

// upsertInvitation stores inv as its user's one invitation, replacing an
// earlier one.
func upsertInvitation(ctx context.Context, tx *sql.Tx, inv *model.Invitation) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO invitations (user_id, account_id, secret_hash, invited_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET secret_hash = excluded.secret_hash, invited_by = excluded.invited_by,
			created_at = excluded.created_at, expires_at = excluded.expires_at`,
		inv.UserID, inv.AccountID, inv.SecretHash, nullID(inv.InvitedBy), nanos(orNow(inv.CreatedAt)), nanos(inv.ExpiresAt))
	return err
}

func scanInvitation(s scanner) (*model.Invitation, error) {
	var inv model.Invitation
	var created, expires int64
	if err := s.Scan(&inv.UserID, &inv.AccountID, &inv.SecretHash, &inv.InvitedBy, &created, &expires); err != nil {
		return nil, err
	}
	inv.CreatedAt, inv.ExpiresAt = fromNanos(created), fromNanos(expires)
	return &inv, nil
}
