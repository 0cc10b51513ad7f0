package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmts holds the prepared statements of the queries every console runs
// every second or so (the session poll, R-SES-2): parsing their SQL again
// each time is most of what an idle console costs, and the SSH server
// carries hundreds of them (issue 11).
type stmts struct {
	mu   sync.Mutex
	byID map[string]*sql.Stmt
}

// hot returns the prepared statement of query, preparing it on first use.
// database/sql prepares it again on each connection of the pool as needed.
func (db *DB) hot(ctx context.Context, query string) (*sql.Stmt, error) {
	db.stmts.mu.Lock()
	defer db.stmts.mu.Unlock()
	if st, ok := db.stmts.byID[query]; ok {
		return st, nil
	}
	st, err := db.sql.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if db.stmts.byID == nil {
		db.stmts.byID = map[string]*sql.Stmt{}
	}
	db.stmts.byID[query] = st
	return st, nil
}

// closeStmts closes the prepared statements before the pool.
func (db *DB) closeStmts() {
	db.stmts.mu.Lock()
	defer db.stmts.mu.Unlock()
	for _, st := range db.stmts.byID {
		st.Close()
	}
	db.stmts.byID = nil
}

// hotQuerier is a querier over the pool whose reads go through prepared
// statements: for the reads of every console's periodic reload of its
// caller (the session, the user, the account).
type hotQuerier struct{ db *DB }

func (h hotQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return h.db.sql.ExecContext(ctx, query, args...)
}

func (h hotQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := h.db.hot(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext reads one row through the prepared statement of query;
// a failure to prepare shows when the row is scanned, as sql.Row does.
func (h hotQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := h.db.hot(ctx, query)
	if err != nil {
		return h.db.sql.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}
