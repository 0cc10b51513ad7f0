package store

import (
	"strings"
	"testing"
)

// queryPlan is SQLite's plan of q with args, its details joined.
func queryPlan(t *testing.T, db *DB, q string, args ...any) string {
	t.Helper()
	rows, err := db.sql.Query("EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "; ")
}

// The outbox lists read one index range without a sort, as the other event
// lists do; the deliverer's pick searches the partial index of due emails
// instead of scanning the table, which is mostly sent rows.
func TestNotificationQueriesUseTheIndex(t *testing.T) {
	db := openTemp(t, defaultOptions)
	for _, tc := range []struct {
		name  string
		qs    pageQueries
		index string
	}{
		{"account outbox", accountNotificationPages, "notifications_account_at"},
		{"user outbox", userNotificationPages, "notifications_user_at"},
	} {
		for kind, q := range tc.qs {
			args := []any{1, 10}
			if pageKind(kind) == olderThan || pageKind(kind) == newerThan {
				args = []any{1, 5, 5, 10}
			}
			p := queryPlan(t, db, q, args...)
			if !strings.Contains(p, "SEARCH") || !strings.Contains(p, tc.index) || strings.Contains(p, "TEMP B-TREE") {
				t.Errorf("%s, kind %d: plan %q, want a search of %s without a sort", tc.name, kind, p, tc.index)
			}
		}
	}
	p := queryPlan(t, db, `SELECT id FROM notifications
		WHERE status = 'queued' AND channel = 'email' AND next_attempt_at <= ?
		ORDER BY next_attempt_at, id LIMIT ?`, 5, 10)
	if !strings.Contains(p, "notifications_due") || strings.Contains(p, "TEMP B-TREE") {
		t.Errorf("claim: plan %q, want the notifications_due index without a sort", p)
	}
}
