package model

import "context"

// ProviderStore persists the provider account, whose users are the
// support staff (SPEC §10).
type ProviderStore interface {
	// EnsureProviderAccount returns the provider account, inserting a
	// (its Kind AccountProvider, with no user) when there is none yet,
	// in one write transaction; there is never more than one.
	EnsureProviderAccount(ctx context.Context, a *Account) (*Account, error)
}

// TicketStore persists support requests and their threads (R-TKT-1,
// R-TKT-2) and serves the staff queue (R-STF-1). Rows read for display
// carry the company, requester and assignee names. A ticket's sealed
// server password leaves the store only through RevealTicketPassword.
type TicketStore interface {
	// CreateTicket inserts t (Status open) and its first message m, the
	// description, in one write transaction, after checking g (R-ACC-6),
	// with the audit event that audit returns for the new request's ID.
	// When sealPassword is not nil it is called with that ID too, and
	// what it returns is stored as the sealed server password. IDs are
	// set on t and m.
	CreateTicket(ctx context.Context, g *Guard, t *Ticket, m *TicketMessage, sealPassword func(ticketID int64) ([]byte, error), audit func(ticketID int64) *AuditEvent) error
	// FindTicket returns one request; ENOTFOUND if there is none.
	FindTicket(ctx context.Context, id int64) (*Ticket, error)
	// ListTickets reads one window of an account's requests, of one
	// status or of all (""), most recently updated first by keyset on
	// (UpdatedAt, ID): p's cursor is a row's (UpdatedAt, ID). It reads at
	// most p.Limit rows, one index range.
	ListTickets(ctx context.Context, accountID int64, status TicketStatus, p EventPage) ([]*TicketRow, error)
	// TicketQueue reads one window of every account's requests, of one
	// status or, for "", of those waiting for staff (open or waiting for
	// staff), oldest StatusSince first (R-STF-1): p's cursor is a row's
	// (StatusSince, ID). It reads at most p.Limit rows, one index range.
	TicketQueue(ctx context.Context, status TicketStatus, p QueuePage) ([]*TicketRow, error)
	// ListTicketMessages reads one window of a request's thread, newest
	// first by keyset on (At, ID), at most p.Limit rows.
	ListTicketMessages(ctx context.Context, ticketID int64, p EventPage) ([]*TicketMessage, error)
	// ChangeTicket reads request id inside one write transaction after
	// checking g (R-ACC-6) and applies what decide returns for it (see
	// TicketChange); decide's error rolls everything back and is
	// returned. ENOTFOUND if there is no such request. It returns the
	// request as changed.
	ChangeTicket(ctx context.Context, g *Guard, id int64, decide func(t *Ticket) (*TicketChange, error)) (*Ticket, error)
	// RevealTicketPassword reads request id inside one write transaction
	// after checking g, asks decide for the audit event of the reveal,
	// records it and returns the sealed server password; decide's error
	// rolls back and is returned (R-TKT-1, R-STF-1).
	RevealTicketPassword(ctx context.Context, g *Guard, id int64, decide func(t *Ticket) (*AuditEvent, error)) ([]byte, error)
}
