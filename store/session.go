package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"acctl/model"
)

var _ model.SessionStore = (*DB)(nil)

const sessionColumns = `id, user_id, account_id, origin_local, origin_remote, ssh_version, term, os,
	key_fingerprint, created_at, last_active_at, authenticated_at, closed_at`

// CreateSession inserts a session (R-SES-2 keeps its origin and client).
func (db *DB) CreateSession(ctx context.Context, s *model.Session) error {
	return db.withTx(ctx, "create session", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (`+sessionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			s.ID, s.UserID, s.AccountID, s.Origin.Local, s.Origin.Remote, s.Client.SSHVersion, s.Client.Term, s.Client.OS,
			s.Client.KeyFingerprint, nanos(s.CreatedAt), nanos(s.LastActiveAt), nanos(s.AuthenticatedAt), nullNanos(s.ClosedAt))
		return err
	})
}

// FindSession returns a session, open or closed; model.ErrNotFound if unknown.
func (db *DB) FindSession(ctx context.Context, id string) (*model.Session, error) {
	st, err := db.hot(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE id = ?`)
	if err != nil {
		return nil, mapError("find session", err)
	}
	s, err := scanSession(st.QueryRowContext(ctx, id))
	if err != nil {
		return nil, notFound("find session", err)
	}
	return s, nil
}

// SessionState reads what a console polls each second (R-SES-2): whether
// the session is open, and the revision of its user and account, which
// changes with any write to either (migration 013). One indexed read.
func (db *DB) SessionState(ctx context.Context, id string) (model.SessionState, error) {
	var st model.SessionState
	q, err := db.hot(ctx, `SELECT s.closed_at IS NULL, u.rev + a.rev FROM sessions s
		JOIN users u ON u.id = s.user_id JOIN accounts a ON a.id = u.account_id WHERE s.id = ?`)
	if err != nil {
		return st, mapError("check session", err)
	}
	err = q.QueryRowContext(ctx, id).Scan(&st.Open, &st.Revision)
	if errors.Is(err, sql.ErrNoRows) {
		return model.SessionState{}, nil
	}
	return st, mapError("check session", err)
}

// ListOpenSessions returns a user's open sessions, newest first; sessions
// created at the same instant come in reverse order of creation.
func (db *DB) ListOpenSessions(ctx context.Context, userID int64) ([]*model.Session, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+sessionColumns+` FROM sessions
		WHERE user_id = ? AND closed_at IS NULL ORDER BY created_at DESC, rowid DESC`, userID)
	if err != nil {
		return nil, mapError("list sessions", err)
	}
	defer rows.Close()
	var list []*model.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, mapError("list sessions", err)
		}
		list = append(list, s)
	}
	return list, mapError("list sessions", rows.Err())
}

// TouchSession records activity; model.ErrNotFound if the session is unknown.
func (db *DB) TouchSession(ctx context.Context, id string, at time.Time) error {
	return db.withTx(ctx, "touch session", func(tx *sql.Tx) error {
		return oneRow(tx.ExecContext(ctx, `UPDATE sessions SET last_active_at = ? WHERE id = ?`, nanos(at), id))
	})
}

// ReauthenticateSession restarts an open session's hour (R-SES-1) and
// renames it newID, the hash of its new token, so that the old token finds
// nothing; model.ErrNotFound if it is unknown or closed.
func (db *DB) ReauthenticateSession(ctx context.Context, id, newID string, at time.Time) error {
	return db.withTx(ctx, "reauthenticate session", func(tx *sql.Tx) error {
		return oneRow(tx.ExecContext(ctx, `UPDATE sessions SET id = ?, authenticated_at = ?, last_active_at = ?
			WHERE id = ? AND closed_at IS NULL`, newID, nanos(at), nanos(at), id))
	})
}

// CloseSession closes one open session of userID and records audit in the
// same transaction (R-SES-2, R-AUD-1); model.ErrNotFound if the session is
// not theirs or is already closed.
func (db *DB) CloseSession(ctx context.Context, userID int64, id string, at time.Time, audit *model.AuditEvent) error {
	return db.withTx(ctx, "close session", func(tx *sql.Tx) error {
		err := oneRow(tx.ExecContext(ctx, `UPDATE sessions SET closed_at = ? WHERE id = ? AND user_id = ? AND closed_at IS NULL`,
			nanos(at), id, userID))
		if err != nil || audit == nil {
			return err
		}
		return insertAudit(ctx, tx, audit)
	})
}

// closeOtherSessions closes every open session of userID but keep ("" keeps
// none).
func closeOtherSessions(ctx context.Context, tx *sql.Tx, userID int64, keep string, at time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE sessions SET closed_at = ? WHERE user_id = ? AND closed_at IS NULL AND id <> ?`,
		nanos(at), userID, keep)
	return err
}

func scanSession(s scanner) (*model.Session, error) {
	var ss model.Session
	var created, active, authed int64
	var closed sql.NullInt64
	err := s.Scan(&ss.ID, &ss.UserID, &ss.AccountID, &ss.Origin.Local, &ss.Origin.Remote,
		&ss.Client.SSHVersion, &ss.Client.Term, &ss.Client.OS, &ss.Client.KeyFingerprint, &created, &active, &authed, &closed)
	if err != nil {
		return nil, err
	}
	ss.CreatedAt, ss.LastActiveAt, ss.AuthenticatedAt = fromNanos(created), fromNanos(active), fromNanos(authed)
	ss.ClosedAt = fromNullNanos(closed)
	return &ss, nil
}
