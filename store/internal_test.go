package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"acctl/model"
)

func openTemp(t *testing.T, opt options) *DB {
	t.Helper()
	db, err := open(filepath.Join(t.TempDir(), "acctl.db"), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// R-STO-1: every connection of the pool, not only the first, runs in WAL
// with synchronous=FULL, foreign keys on and a busy timeout; and the pool is
// bounded.
func TestPragmasOnEveryPooledConnection(t *testing.T) {
	db := openTemp(t, defaultOptions)
	ctx := context.Background()
	conns := make([]*sql.Conn, defaultOptions.maxConns)
	var wg sync.WaitGroup
	errs := make([]error, len(conns))
	for i := range conns {
		wg.Go(func() {
			c, err := db.sql.Conn(ctx)
			if err != nil {
				errs[i] = err
				return
			}
			conns[i] = c
			var journal string
			var sync, fk, busy int
			err = c.QueryRowContext(ctx, `SELECT
				(SELECT journal_mode FROM pragma_journal_mode),
				(SELECT synchronous FROM pragma_synchronous),
				(SELECT foreign_keys FROM pragma_foreign_keys),
				(SELECT timeout FROM pragma_busy_timeout)`).Scan(&journal, &sync, &fk, &busy)
			switch {
			case err != nil:
				errs[i] = err
			case journal != "wal" || sync != 2 || fk != 1 || busy != 5000:
				errs[i] = fmt.Errorf("journal_mode=%s synchronous=%d foreign_keys=%d busy_timeout=%d", journal, sync, fk, busy)
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("connection %d: %v (want wal, 2, 1, 5000)", i, err)
		}
	}
	if st := db.sql.Stats(); st.OpenConnections != defaultOptions.maxConns {
		t.Errorf("%d connections open, want %d distinct ones", st.OpenConnections, defaultOptions.maxConns)
	}
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if c, err := db.sql.Conn(short); err == nil {
		c.Close()
		t.Errorf("a connection beyond the pool's %d was opened", defaultOptions.maxConns)
	}
	for _, c := range conns {
		if c != nil {
			c.Close()
		}
	}
}

// R-STO-1: a write transaction holds the write lock from BEGIN (IMMEDIATE),
// before its first statement, so a check-then-write inside it cannot be
// overtaken by another writer.
func TestWriteTransactionsLockAtBegin(t *testing.T) {
	db := openTemp(t, defaultOptions)
	ctx := context.Background()
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	other, err := sql.Open("sqlite", "file:"+db.path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, err = other.ExecContext(ctx, `BEGIN IMMEDIATE; ROLLBACK`)
	if !isBusy(err) {
		t.Fatalf("another writer began while a transaction was open without writing: err = %v, want SQLITE_BUSY", err)
	}
}

// R-STO-1, R-STO-3: a write that stays locked out past the busy timeout and
// the retries gives model.ErrBusy, which tells the person to try again.
func TestLockedOutWriteGivesErrBusy(t *testing.T) {
	db := openTemp(t, options{busyTimeout: 20 * time.Millisecond, retries: 2, backoff: 10 * time.Millisecond, maxConns: 2})
	ctx := context.Background()
	holder, err := sql.Open("sqlite", "file:"+db.path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	conn, err := holder.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = db.SaveThrottle(ctx, "a@example.com", model.Throttle{Failures: 1})
	if err != model.ErrBusy {
		t.Fatalf("err = %v, want ErrBusy", err)
	}
	if d := time.Since(start); d < 3*20*time.Millisecond {
		t.Errorf("gave up after %v: the busy timeout and the retries were not used", d)
	}
	if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveThrottle(ctx, "a@example.com", model.Throttle{Failures: 1}); err != nil {
		t.Fatalf("after the lock was released: %v", err)
	}
}

// Keyset pagination reads one index range and no more than Limit rows: the
// plan of every window query searches the index and needs no sort.
func TestKeysetQueriesUseTheIndex(t *testing.T) {
	db := openTemp(t, defaultOptions)
	for _, tc := range []struct {
		name  string
		qs    pageQueries
		index string
	}{
		{"auth events", authEventPages, "auth_events_user_at"},
		{"audit", auditPages, "audit_events_account_at"},
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
			// SQLite seeks on at alone when id is the rowid (it then skips
			// the few rows that tie with the cursor's at); either way the
			// range must be bounded, not filtered from the whole list.
			bounded := strings.Contains(p, "at<?") || strings.Contains(p, "at>?") || strings.Contains(p, "(at,id)")
			if (pageKind(kind) == olderThan || pageKind(kind) == newerThan) && !bounded {
				t.Errorf("%s, kind %d: plan %q does not bound the range by the cursor", tc.name, kind, p)
			}
		}
	}
}

// R-STO-2: migrations are numbered from 001 without gaps.
func TestMigrationNumbering(t *testing.T) {
	if migrationsErr != nil || SchemaVersion() < 1 {
		t.Fatalf("embedded migrations: %v, %d", migrationsErr, SchemaVersion())
	}
	for name, fsys := range map[string]fstest.MapFS{
		"gap":       {"migrations/001_a.sql": {}, "migrations/003_c.sql": {}},
		"unpadded":  {"migrations/1_a.sql": {}},
		"no name":   {"migrations/001.sql": {}},
		"duplicate": {"migrations/001_a.sql": {}, "migrations/001_b.sql": {}},
	} {
		if _, err := loadMigrations(fsys); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	list, err := loadMigrations(fstest.MapFS{"migrations/001_a.sql": {Data: []byte("x")}, "migrations/002_b.sql": {}})
	if err != nil || len(list) != 2 || list[1].version != 2 || list[0].sql != "x" {
		t.Fatalf("loadMigrations = %+v, %v", list, err)
	}
}

// R-STO-1: a file opened as Throwaway (--demo's) skips the flush at each
// commit; every other file keeps synchronous=FULL.
func TestThrowawaySkipsTheFlush(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []Option
		want int
	}{
		{"default", nil, 2},
		{"throwaway", []Option{Throwaway()}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := Open(filepath.Join(t.TempDir(), "acctl.db"), tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var sync int
			if err := db.sql.QueryRow(`PRAGMA synchronous`).Scan(&sync); err != nil || sync != tc.want {
				t.Fatalf("synchronous = %d, %v; want %d", sync, err, tc.want)
			}
		})
	}
}
