package store

import (
	"strings"
	"testing"
)

// The requests lists, the thread and the staff queues each read one index
// range without a sort, whichever way they page (R-TKT-2, R-STF-1,
// R-STF-2): their cost does not grow with 100,000 tickets and a million
// messages.
func TestRequestQueriesUseTheIndex(t *testing.T) {
	db := openTemp(t, defaultOptions)
	type query struct {
		name, sql, index string
		args             []any
	}
	var queries []query
	for kind, q := range accountTicketPages {
		queries = append(queries, query{"account list", q, "tickets_account_updated", pageArgs(pageKind(kind), 1)})
	}
	for kind, q := range accountStatusTicketPages {
		queries = append(queries, query{"account list by status", q, "tickets_account_status_updated", pageArgs(pageKind(kind), 1, "open")})
	}
	for kind, q := range ticketMessagePages {
		queries = append(queries, query{"thread", q, "ticket_messages_ticket_at", pageArgs(pageKind(kind), 1)})
	}
	for kind, q := range needsStaffQueue {
		queries = append(queries, query{"queue of those waiting for staff", q, "tickets_needs_staff", queueArgs(queueKind(kind))})
	}
	for kind, q := range statusQueue {
		queries = append(queries, query{"queue by status", q, "tickets_status_since", queueArgs(queueKind(kind), "closed")})
	}
	for kind, q := range verificationQueue {
		queries = append(queries, query{"verification queue", q, "kyc_requests_pending", queueArgs(queueKind(kind))})
	}
	for _, q := range queries {
		p := queryPlan(t, db, q.sql, q.args...)
		if !strings.Contains(p, "USING INDEX "+q.index) || strings.Contains(p, "TEMP B-TREE") {
			t.Errorf("%s: plan %q, want a range of %s without a sort", q.name, p, q.index)
		}
		// With a cursor the range starts at it (SQLite may seek on the
		// time alone when the ID is the rowid); it is not filtered from
		// the whole list.
		cursor := strings.Contains(q.sql, "> (?, ?)") || strings.Contains(q.sql, "< (?, ?)")
		if cursor && !strings.Contains(p, "at<?") && !strings.Contains(p, "at>?") && !strings.Contains(p, "since<?") && !strings.Contains(p, "since>?") {
			t.Errorf("%s: plan %q does not start the range at the cursor", q.name, p)
		}
	}
}

// pageArgs are the arguments of a list query of kind: keys, the cursor
// when it has one, the limit.
func pageArgs(kind pageKind, keys ...any) []any {
	if kind == olderThan || kind == newerThan {
		keys = append(keys, 5, 5)
	}
	return append(keys, 10)
}

// queueArgs are pageArgs for a queue query.
func queueArgs(kind queueKind, keys ...any) []any {
	if kind == queueAfter || kind == queueBefore {
		keys = append(keys, 5, 5)
	}
	return append(keys, 10)
}
