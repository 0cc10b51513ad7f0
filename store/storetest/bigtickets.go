package storetest

import (
	"testing"
	"time"
)

// The big requests database: the speed targets of the Requests screens
// and the staff queue (issue 13) are measured on it.
const (
	TicketAccounts = 1_000
	BigTickets     = 100_000
	BigMessages    = 1_000_000
	// BigCustomer is the account that holds BigCustomerTickets of the
	// tickets, for the customer's list; the others share the rest.
	BigCustomer        = 1
	BigCustomerTickets = 10_000
	// LongThread is the ticket with LongThreadMessages of the messages;
	// the others have about nine each.
	LongThread         = 1
	LongThreadMessages = 100_000
	// ProviderAccount holds StaffUsers staff members, with 2FA on and no
	// password: a benchmark opens their sessions itself.
	ProviderAccount = TicketAccounts + 1
	StaffUsers      = 10
)

// SeedTickets returns a private copy, in tb.TempDir(), of the big requests
// database: TicketAccounts customer accounts of two users each, the
// provider account with StaffUsers staff members, BigTickets tickets in
// every status (half of them waiting for staff, one in seven with a
// stand-in sealed password) and BigMessages messages. It is built once per
// schema and seed, and cached, as SeedBig's is.
func SeedTickets(tb testing.TB) string {
	tb.Helper()
	return copyTemplate(tb, "tickets", ticketStatements())
}

// StaffUserID is the ID of the n-th staff member (from 0) of SeedTickets.
func StaffUserID(n int) int64 { return int64(2*TicketAccounts + 1 + n) }

// ticketStatements fill the big requests database. Ticket i was created at
// start + i minutes and took its status up to a day later; its status
// cycles through open (3 in 10), waiting for staff (2), waiting for the
// customer (3) and closed (2). Message j belongs to the long thread up to
// LongThreadMessages, then to the other tickets in turn, ten minutes
// apart.
func ticketStatements() []statement {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
	const minute, sec = int64(time.Minute), int64(time.Second)
	others := BigTickets - 1
	return []statement{
		{`BEGIN`, nil},
		{`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO accounts (id, company_name, status, kind, created_at)
		SELECT i, 'Customer ' || i, 'active', 'customer', ? FROM n`, []any{TicketAccounts, start}},
		{`INSERT INTO accounts (id, company_name, status, enforce_2fa, kind, created_at) VALUES (?, 'Support staff', 'active', 1, 'provider', ?)`,
			[]any{ProviderAccount, start}},
		{`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO users (id, account_id, name, email, role, status, created_at)
		SELECT i, (i + 1) / 2, 'Customer user ' || i, 'user' || i || '@tickets.bench.example',
			CASE WHEN i % 2 = 1 THEN 'owner' ELSE 'manager' END, 'active', ? FROM n`, []any{2 * TicketAccounts, start}},
		{`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
		INSERT INTO users (id, account_id, name, email, role, status, totp_enabled, created_at)
		SELECT ? + i, ?, 'Staff ' || i, 'staff' || i || '@support.bench.example', 'manager', 'active', 1, ? FROM n`,
			[]any{StaffUsers, StaffUserID(0), ProviderAccount, start}},
		{`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO tickets (id, account_id, requester_id, subject, status, server, access, server_password,
			assignee_id, created_at, updated_at, status_since, closed_at)
		SELECT i, a, a * 2 - (i % 2), 'Request ' || i || ' about server ' || (i % 97),
			CASE i % 10 WHEN 0 THEN 'open' WHEN 1 THEN 'open' WHEN 2 THEN 'open'
				WHEN 3 THEN 'waiting_staff' WHEN 4 THEN 'waiting_staff'
				WHEN 8 THEN 'closed' WHEN 9 THEN 'closed' ELSE 'waiting_customer' END,
			CASE WHEN i % 3 = 0 THEN 'web' || (i % 97) || '.bench.example' ELSE '' END,
			CASE WHEN i % 3 = 0 THEN 'full' ELSE 'none' END,
			CASE WHEN i % 7 = 0 AND i % 10 < 8 THEN randomblob(60) END,
			CASE WHEN i % 10 BETWEEN 3 AND 9 THEN ? + i % ? END,
			? + i * ?, ? + i * ? + s + 60 * ?, ? + i * ? + s,
			CASE WHEN i % 10 >= 8 THEN ? + i * ? + s END
		FROM (SELECT i, CASE WHEN i <= ? THEN ? ELSE 2 + i % (? - 1) END AS a, (i * 7919 % 86400) * ? AS s FROM n)`,
			[]any{BigTickets, StaffUserID(0), StaffUsers,
				start, minute, start, minute, sec, start, minute,
				start, minute,
				BigCustomerTickets, BigCustomer, TicketAccounts, sec}},
		{`WITH RECURSIVE n(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM n WHERE j < ?)
		INSERT INTO ticket_messages (id, ticket_id, author_id, author, staff, body, at)
		SELECT j, t, CASE WHEN j % 2 = 0 THEN ? ELSE 1 END, CASE WHEN j % 2 = 0 THEN 'Staff 0' ELSE 'Customer user 1' END,
			j % 2 = 0, 'Message ' || j || ': the server answers again after the restart.',
			CASE WHEN t = ? THEN ? + j * ? ELSE ? + t * ? + k * ? END
		FROM (SELECT j, CASE WHEN j <= ? THEN ? ELSE 2 + (j - ? - 1) % ? END AS t, (j - ? - 1) / ? AS k FROM n)`,
			[]any{BigMessages, StaffUserID(0), LongThread, start, 10 * sec, start, minute, 10 * minute,
				LongThreadMessages, LongThread, LongThreadMessages, others, LongThreadMessages, others}},
		{`COMMIT`, nil},
	}
}
