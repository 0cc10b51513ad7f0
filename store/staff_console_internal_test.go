package store

import (
	"strings"
	"testing"
)

// The staff console's lists each read one index range without a sort,
// whichever way they page (R-STF-3, R-STF-4, R-STF-5): the review queue,
// the accounts under support access and the caller check's search.
func TestStaffConsoleQueriesUseTheIndex(t *testing.T) {
	db := openTemp(t, defaultOptions)
	type query struct {
		name, sql, index string
		args             []any
	}
	var queries []query
	for kind, q := range deactivationQueue {
		queries = append(queries, query{"deactivation queue", q, "deactivation_requests_queue", queueArgs(queueKind(kind))})
	}
	for kind, q := range supportedQueue {
		queries = append(queries, query{"accounts under support access", q, "support_grants_expiring", queueArgs(queueKind(kind), 7)})
	}
	for _, q := range queries {
		p := queryPlan(t, db, q.sql, q.args...)
		if !strings.Contains(p, "USING INDEX "+q.index) || strings.Contains(p, "TEMP B-TREE") {
			t.Errorf("%s: plan %q, want a range of %s without a sort", q.name, p, q.index)
		}
		cursor := strings.Contains(q.sql, "> (?, ?)") || strings.Contains(q.sql, "< (?, ?)")
		if cursor && !strings.Contains(p, "at<?") && !strings.Contains(p, "at>?") {
			t.Errorf("%s: plan %q does not start the range at the cursor", q.name, p)
		}
	}
}
