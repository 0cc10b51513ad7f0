package store

import (
	"context"
	"database/sql"
	"fmt"

	"acctl/model"
)

var _ model.TicketStore = (*DB)(nil)

// ticketColumns read a ticket with the names the screens show; the sealed
// server password is not among them, only whether there is one.
const ticketColumns = `t.id, t.account_id, t.requester_id, t.subject, t.status, t.server, t.access,
	t.server_password IS NOT NULL, t.password_purged_at, COALESCE(t.assignee_id, 0),
	t.created_at, t.updated_at, t.status_since, t.closed_at,
	a.company_name, r.name, COALESCE(s.name, '')`

const ticketFrom = ` FROM tickets t JOIN accounts a ON a.id = t.account_id JOIN users r ON r.id = t.requester_id
	LEFT JOIN users s ON s.id = t.assignee_id`

// ticketRowColumns read a row of a list or of the queue.
const ticketRowColumns = `t.id, t.account_id, a.company_name, t.subject, t.status, t.server_password IS NOT NULL,
	COALESCE(t.assignee_id, 0), COALESCE(s.name, ''), t.updated_at, t.status_since`

const ticketRowFrom = ` FROM tickets t JOIN accounts a ON a.id = t.account_id LEFT JOIN users s ON s.id = t.assignee_id`

// The keyset queries of the requests lists and the queue (R-TKT-2,
// R-STF-1); each is one range of the index named, which the tests check.
// The joins read one account and one user by their keys per row.
var (
	accountTicketPages = newPageQueriesOn(`SELECT `+ticketRowColumns+ticketRowFrom+
		` WHERE t.account_id = ?`, "t.updated_at", "t.id") // tickets_account_updated
	accountStatusTicketPages = newPageQueriesOn(`SELECT `+ticketRowColumns+ticketRowFrom+
		` WHERE t.account_id = ? AND t.status = ?`, "t.updated_at", "t.id") // tickets_account_status_updated
	needsStaffQueue = newQueueQueries(`SELECT `+ticketRowColumns+
		` FROM tickets t INDEXED BY tickets_needs_staff JOIN accounts a ON a.id = t.account_id LEFT JOIN users s ON s.id = t.assignee_id`+
		` WHERE t.status IN ('open', 'waiting_staff')`, "t.status_since", "t.id") // tickets_needs_staff, which SQLite would pass over for a sort
	statusQueue = newQueueQueries(`SELECT `+ticketRowColumns+ticketRowFrom+
		` WHERE t.status = ?`, "t.status_since", "t.id") // tickets_status_since
	ticketMessagePages = newPageQueries(`SELECT id, ticket_id, author_id, author, staff, body, at
		FROM ticket_messages WHERE ticket_id = ?`)  // ticket_messages_ticket_at
)

// CreateTicket inserts a request, its description and its audit event in
// one write transaction after checking g (R-TKT-1, R-ACC-6); the server
// password, when there is one, is sealed by sealPassword for the new ID
// and stored in the same transaction.
func (db *DB) CreateTicket(ctx context.Context, g *model.Guard, t *model.Ticket, m *model.TicketMessage, sealPassword func(int64) ([]byte, error), audit func(int64) *model.AuditEvent) error {
	savedT, savedM := *t, *m
	err := db.withTx(ctx, "submit request", func(tx *sql.Tx) error {
		if _, err := checkGuard(ctx, tx, g); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO tickets (account_id, requester_id, subject, status, server, access,
			created_at, updated_at, status_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t.AccountID, t.RequesterID, t.Subject, t.Status, t.Server, t.Access,
			nanos(t.CreatedAt), nanos(t.UpdatedAt), nanos(t.StatusSince))
		if err != nil {
			return err
		}
		if t.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if sealPassword != nil {
			sealed, err := sealPassword(t.ID)
			if err != nil {
				return fmt.Errorf("seal server password: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE tickets SET server_password = ? WHERE id = ?`, sealed, t.ID); err != nil {
				return err
			}
		}
		m.TicketID = t.ID
		if err := insertTicketMessage(ctx, tx, m); err != nil {
			return err
		}
		return insertAudit(ctx, tx, audit(t.ID))
	})
	if err != nil { // leave no IDs of rolled-back rows behind
		*t, *m = savedT, savedM
		return mapError("submit request", err)
	}
	return nil
}

// FindTicket returns one request; model.ErrNotFound if there is none.
func (db *DB) FindTicket(ctx context.Context, id int64) (*model.Ticket, error) {
	t, err := findTicket(ctx, db.sql, id)
	return t, notFound("find request", err)
}

func findTicket(ctx context.Context, q querier, id int64) (*model.Ticket, error) {
	return scanTicket(q.QueryRowContext(ctx, `SELECT `+ticketColumns+ticketFrom+` WHERE t.id = ?`, id))
}

// ListTickets reads one window of an account's requests, most recently
// updated first, of one status or all (""), from one index range.
func (db *DB) ListTickets(ctx context.Context, accountID int64, status model.TicketStatus, p model.EventPage) ([]*model.TicketRow, error) {
	qs, keys := accountTicketPages, []any{accountID}
	if status != "" {
		qs, keys = accountStatusTicketPages, []any{accountID, status}
	}
	list, err := readPageOf(ctx, db.sql, qs, keys, p, scanTicketRow)
	return list, mapError("list requests", err)
}

// TicketQueue reads one window of every account's requests of one status,
// or ("") of those waiting for staff, oldest status first (R-STF-1).
func (db *DB) TicketQueue(ctx context.Context, status model.TicketStatus, p model.QueuePage) ([]*model.TicketRow, error) {
	qs, keys := needsStaffQueue, []any(nil)
	if status != "" {
		qs, keys = statusQueue, []any{status}
	}
	list, err := readQueue(ctx, db.sql, qs, keys, p, scanTicketRow)
	return list, mapError("requests queue", err)
}

// ListTicketMessages reads one window of a request's thread, newest first.
func (db *DB) ListTicketMessages(ctx context.Context, ticketID int64, p model.EventPage) ([]*model.TicketMessage, error) {
	list, err := readPage(ctx, db.sql, ticketMessagePages, ticketID, p, scanTicketMessage)
	return list, mapError("read request thread", err)
}

// ChangeTicket reads request id in one write transaction after checking g
// and writes what decide returns (model.TicketChange): the new state, a
// message, the purge of the server password, the audit events.
func (db *DB) ChangeTicket(ctx context.Context, g *model.Guard, id int64, decide func(*model.Ticket) (*model.TicketChange, error)) (*model.Ticket, error) {
	var c *model.TicketChange
	err := db.guardedTicket(ctx, "change request", g, id, func(tx *sql.Tx, t *model.Ticket) error {
		var err error
		if c, err = decide(t); err != nil {
			return err
		}
		return applyTicketChange(ctx, tx, c)
	})
	if err != nil {
		return nil, notFound("change request", err)
	}
	if c.PurgePassword {
		db.checkpoint(ctx)
	}
	return c.Ticket, nil
}

// guardedTicket runs fn on request id as read in one write transaction,
// after checking g (R-ACC-6).
func (db *DB) guardedTicket(ctx context.Context, what string, g *model.Guard, id int64, fn func(tx *sql.Tx, t *model.Ticket) error) error {
	return db.withTx(ctx, what, func(tx *sql.Tx) error {
		if _, err := checkGuard(ctx, tx, g); err != nil {
			return err
		}
		t, err := findTicket(ctx, tx, id)
		if err != nil {
			return err
		}
		return fn(tx, t)
	})
}

// applyTicketChange writes c in tx. Purging sets the sealed password to
// NULL; secure_delete (see dsn) overwrites the freed bytes in the page.
func applyTicketChange(ctx context.Context, tx *sql.Tx, c *model.TicketChange) error {
	t := c.Ticket
	_, err := tx.ExecContext(ctx, `UPDATE tickets SET status = ?, status_since = ?, updated_at = ?, closed_at = ?,
		assignee_id = ?, password_purged_at = ? WHERE id = ?`,
		t.Status, nanos(t.StatusSince), nanos(t.UpdatedAt), nullNanos(t.ClosedAt), nullID(t.AssigneeID), nullNanos(t.PasswordPurgedAt), t.ID)
	if err != nil {
		return err
	}
	if c.PurgePassword {
		if _, err := tx.ExecContext(ctx, `UPDATE tickets SET server_password = NULL WHERE id = ?`, t.ID); err != nil {
			return err
		}
	}
	if c.Message != nil {
		if err := insertTicketMessage(ctx, tx, c.Message); err != nil {
			return err
		}
	}
	for _, e := range c.Audit {
		if err := insertAudit(ctx, tx, e); err != nil {
			return err
		}
	}
	return nil
}

// RevealTicketPassword records the audit event that decide returns for
// request id and returns its sealed server password, in one write
// transaction after checking g (R-TKT-1, R-STF-1).
func (db *DB) RevealTicketPassword(ctx context.Context, g *model.Guard, id int64, decide func(*model.Ticket) (*model.AuditEvent, error)) ([]byte, error) {
	var sealed []byte
	err := db.guardedTicket(ctx, "reveal server password", g, id, func(tx *sql.Tx, t *model.Ticket) error {
		audit, err := decide(t)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT server_password FROM tickets WHERE id = ? AND server_password IS NOT NULL`, id).Scan(&sealed); err != nil {
			return err
		}
		return insertAudit(ctx, tx, audit)
	})
	if err != nil {
		return nil, notFound("reveal server password", err)
	}
	return sealed, nil
}

func insertTicketMessage(ctx context.Context, tx *sql.Tx, m *model.TicketMessage) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO ticket_messages (ticket_id, author_id, author, staff, body, at) VALUES (?, ?, ?, ?, ?, ?)`,
		m.TicketID, m.AuthorID, m.Author, m.Staff, m.Body, nanos(orNow(m.At)))
	if err != nil {
		return err
	}
	m.ID, err = res.LastInsertId()
	return err
}

func scanTicket(s scanner) (*model.Ticket, error) {
	var t model.Ticket
	var purged, closed sql.NullInt64
	var created, updated, since int64
	err := s.Scan(&t.ID, &t.AccountID, &t.RequesterID, &t.Subject, &t.Status, &t.Server, &t.Access,
		&t.HasServerPassword, &purged, &t.AssigneeID, &created, &updated, &since, &closed,
		&t.Company, &t.Requester, &t.Assignee)
	if err != nil {
		return nil, err
	}
	t.PasswordPurgedAt, t.ClosedAt = fromNullNanos(purged), fromNullNanos(closed)
	t.CreatedAt, t.UpdatedAt, t.StatusSince = fromNanos(created), fromNanos(updated), fromNanos(since)
	return &t, nil
}

func scanTicketRow(s scanner) (*model.TicketRow, error) {
	var r model.TicketRow
	var updated, since int64
	err := s.Scan(&r.ID, &r.AccountID, &r.Company, &r.Subject, &r.Status, &r.HasServerPassword,
		&r.AssigneeID, &r.Assignee, &updated, &since)
	if err != nil {
		return nil, err
	}
	r.UpdatedAt, r.StatusSince = fromNanos(updated), fromNanos(since)
	return &r, nil
}

func scanTicketMessage(s scanner) (*model.TicketMessage, error) {
	var m model.TicketMessage
	var at int64
	if err := s.Scan(&m.ID, &m.TicketID, &m.AuthorID, &m.Author, &m.Staff, &m.Body, &at); err != nil {
		return nil, err
	}
	m.At = fromNanos(at)
	return &m, nil
}
