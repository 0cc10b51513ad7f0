package store

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"

	"acctl/model"
)

const contactColumns = `id, account_id, email, name, roles, created_at, updated_at`

// The Contacts list is read by keyset along contacts_by_name, whose keys
// (name without case, then the email, unique in the account) order every
// contact: each window is one range of that index. The name's collation
// goes on the right-hand side of the row-value comparison, where it still
// decides it but leaves the left plain columns, which the range needs.
const (
	contactsHead     = `SELECT ` + contactColumns + ` FROM contacts WHERE account_id = ?`
	contactsAfter    = ` AND (name, email) > (? COLLATE NOCASE, ?)`
	contactsBefore   = ` AND (name, email) < (? COLLATE NOCASE, ?)`
	contactsForward  = ` ORDER BY name COLLATE NOCASE, email LIMIT ?`
	contactsBackward = ` ORDER BY name COLLATE NOCASE DESC, email DESC LIMIT ?`
)

// ListContacts reads one window of an account's contacts in the order of
// (name without case, email) from q.Cursor, in that order whichever way it
// reads (R-SET-2). It reads at most q.Limit index entries and rows.
func (db *DB) ListContacts(ctx context.Context, accountID int64, q model.ContactQuery) ([]*model.Contact, error) {
	query, args := contactsHead, []any{accountID}
	atEnd := q.Cursor.Name == "" && q.Cursor.Email == ""
	switch {
	case !atEnd && q.Cursor.Backward:
		query += contactsBefore
		args = append(args, q.Cursor.Name, q.Cursor.Email)
	case !atEnd:
		query += contactsAfter
		args = append(args, q.Cursor.Name, q.Cursor.Email)
	}
	if q.Cursor.Backward {
		query += contactsBackward
	} else {
		query += contactsForward
	}
	list, err := queryAll(ctx, db.sql, scanContact, query, append(args, q.Limit)...)
	if err != nil {
		return nil, mapError("list contacts", err)
	}
	if q.Cursor.Backward {
		slices.Reverse(list)
	}
	return list, nil
}

// FindContact returns a contact; model.ErrNotFound if unknown.
func (db *DB) FindContact(ctx context.Context, id int64) (*model.Contact, error) {
	c, err := scanContact(db.sql.QueryRowContext(ctx, `SELECT `+contactColumns+` FROM contacts WHERE id = ?`, id))
	return c, notFound("find contact", err)
}

// CreateContact inserts c with audit after R-ACC-6's guard, in one write
// transaction, and sets its ID (R-SET-2). An email that is a contact of
// the account already gives model.ErrContactTaken.
func (db *DB) CreateContact(ctx context.Context, g *model.Guard, c *model.Contact, audit *model.AuditEvent) error {
	return db.withTx(ctx, "create contact", func(tx *sql.Tx) error {
		if _, err := checkGuard(ctx, tx, g); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO contacts (account_id, email, name, roles, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			guardAccount(g, audit), c.Email, c.Name, c.Roles, nanos(orNow(c.CreatedAt)), nanos(orNow(c.UpdatedAt)))
		if err != nil {
			return err
		}
		if c.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return insertAudit(ctx, tx, audit)
	})
}

// UpdateContact saves c, a contact of g's account, with audit after
// R-ACC-6's guard (R-SET-2); model.ErrNotFound when it is gone.
func (db *DB) UpdateContact(ctx context.Context, g *model.Guard, c *model.Contact, audit *model.AuditEvent) error {
	return db.withTx(ctx, "update contact", func(tx *sql.Tx) error {
		if _, err := checkGuard(ctx, tx, g); err != nil {
			return err
		}
		err := oneRow(tx.ExecContext(ctx, `UPDATE contacts SET email = ?, name = ?, roles = ?, updated_at = ? WHERE id = ? AND account_id = ?`,
			c.Email, c.Name, c.Roles, nanos(orNow(c.UpdatedAt)), c.ID, guardAccount(g, audit)))
		if err != nil {
			return err
		}
		return insertAudit(ctx, tx, audit)
	})
}

// DeleteContact deletes c, a contact of g's account, with audit after
// R-ACC-6's guard (R-SET-2); model.ErrNotFound when it is gone.
func (db *DB) DeleteContact(ctx context.Context, g *model.Guard, c *model.Contact, audit *model.AuditEvent) error {
	return db.withTx(ctx, "delete contact", func(tx *sql.Tx) error {
		if _, err := checkGuard(ctx, tx, g); err != nil {
			return err
		}
		if err := oneRow(tx.ExecContext(ctx, `DELETE FROM contacts WHERE id = ? AND account_id = ?`, c.ID, guardAccount(g, audit))); err != nil {
			return err
		}
		return insertAudit(ctx, tx, audit)
	})
}

// ContactRecipients returns the account's contacts holding any of roles,
// by email, each once, with the ID of the account's user of the same
// email (R-SET-2). Each role is read from its partial index
// (contacts_primary…), so the cost grows with the recipients, not with
// the account's contacts.
func (db *DB) ContactRecipients(ctx context.Context, accountID int64, roles model.ContactRoles) ([]*model.ContactRecipient, error) {
	query, n := recipientQuery(roles)
	if n == 0 {
		return nil, nil
	}
	args := make([]any, n)
	for i := range args {
		args[i] = accountID
	}
	list, err := queryAll(ctx, db.sql, scanRecipient, query, args...)
	if err != nil {
		return nil, mapError("contact recipients", err)
	}
	// A contact holding two of the roles comes twice, side by side.
	return slices.CompactFunc(list, func(a, b *model.ContactRecipient) bool { return a.ContactID == b.ContactID }), nil
}

// recipientQuery is the UNION ALL, in email order, of one SELECT per role of roles, each from
// its role's partial index (INDEXED BY, so that the planner cannot prefer
// reading every contact in email order), whose condition it names
// literally, and how many account IDs it takes.
func recipientQuery(roles model.ContactRoles) (string, int) {
	var parts []string
	for _, r := range model.AllContactRoles {
		if roles&r == 0 {
			continue
		}
		bit := strconv.Itoa(int(r))
		parts = append(parts, `SELECT c.id, c.email, c.roles, COALESCE(u.id, 0) AS user_id
			FROM contacts c INDEXED BY contacts_`+strings.ToLower(r.Title())+`
			LEFT JOIN users u ON u.email = c.email AND u.account_id = c.account_id
			WHERE c.account_id = ? AND c.roles & `+bit)
	}
	return strings.Join(parts, " UNION ALL ") + ` ORDER BY 2`, len(parts)
}

func scanRecipient(s scanner) (*model.ContactRecipient, error) {
	var r model.ContactRecipient
	err := s.Scan(&r.ContactID, &r.Email, &r.Roles, &r.UserID)
	return &r, err
}

func scanContact(s scanner) (*model.Contact, error) {
	var c model.Contact
	var created, updated int64
	if err := s.Scan(&c.ID, &c.AccountID, &c.Email, &c.Name, &c.Roles, &created, &updated); err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt = fromNanos(created), fromNanos(updated)
	return &c, nil
}
