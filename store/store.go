// Package store implements the persistence interfaces that package model
// declares (model.Store) on one SQLite file, through modernc.org/sqlite (pure
// Go, no cgo). Schema migrations are embedded under migrations/.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"acctl/model"
)

// DB is an open acctl database: a bounded pool of connections to one SQLite
// file. Several DBs, in one process or many, may share a file (R-STO-3).
type DB struct {
	sql   *sql.DB
	path  string
	opt   options
	stmts stmts
}

var _ model.Store = (*DB)(nil)

// options are the knobs of a DB; tests shorten the waits.
type options struct {
	busyTimeout time.Duration // SQLite's own wait for a lock, per statement
	retries     int           // further tries of a write transaction that stayed busy
	backoff     time.Duration // first pause between tries; it doubles
	maxConns    int           // pool size
	throwaway   bool          // nothing needs the file after exit: synchronous=OFF
}

var defaultOptions = options{
	busyTimeout: 5 * time.Second,
	retries:     2,
	backoff:     50 * time.Millisecond,
	maxConns:    8,
}

// Option changes how Open opens a database.
type Option func(*options)

// Throwaway opens a database that nothing needs once acctl exits — a
// --demo database in a temporary directory — without waiting for the disk
// at each commit (synchronous=OFF instead of R-STO-1's FULL): seeding the
// demo then costs no flush per row (issue 9: --demo start-up).
func Throwaway() Option { return func(o *options) { o.throwaway = true } }

// Open opens the acctl database at path, creating it (mode 0600) when it does
// not exist and migrating it to this build's schema (R-STO-2). A file that is
// not an acctl database, or that a newer acctl wrote, is refused with an
// EINVALID *model.Error and left untouched.
func Open(path string, opts ...Option) (*DB, error) {
	opt := defaultOptions
	for _, o := range opts {
		o(&opt)
	}
	return open(path, opt)
}

func open(path string, opt options) (*DB, error) {
	if migrationsErr != nil {
		return nil, migrationsErr
	}
	check, err := prepareFile(path)
	if err != nil {
		return nil, err
	}
	sqldb, err := sql.Open("sqlite", dsn(path, opt))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	sqldb.SetMaxOpenConns(opt.maxConns)
	sqldb.SetMaxIdleConns(opt.maxConns)
	db := &DB{sql: sqldb, path: path, opt: opt}
	if err := db.migrate(context.Background(), check); err != nil {
		sqldb.Close()
		return nil, err
	}
	return db, nil
}

// Close closes every connection. The last connection to the file checkpoints
// the write-ahead log into it.
func (db *DB) Close() error {
	db.closeStmts()
	return db.sql.Close()
}

// dsn is the connection string of path. Every connection of the pool runs
// the same PRAGMAs when it opens (R-STO-1): a busy timeout first (switching
// to WAL may wait for a lock), WAL, synchronous=FULL so that a commit
// survives a crash (OFF for a Throwaway file), foreign keys, secure_delete so that erased one-time codes
// (SPEC §7) are overwritten rather than left in free pages; and
// _txlock=immediate makes BeginTx issue
// BEGIN IMMEDIATE, so a write transaction holds the write lock from its start.
func dsn(path string, opt options) string {
	escaped := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	synchronous := "FULL"
	if opt.throwaway {
		synchronous = "OFF"
	}
	return fmt.Sprintf("file:%s?_pragma=busy_timeout(%d)&_pragma=journal_mode(WAL)&_pragma=synchronous(%s)&_pragma=foreign_keys(1)&_pragma=secure_delete(1)&_txlock=immediate",
		escaped, opt.busyTimeout.Milliseconds(), synchronous)
}

// querier is what *sql.DB and *sql.Tx have in common, so that private
// helpers serve both plain reads and transactions.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// withTx runs fn in one write transaction (BEGIN IMMEDIATE, R-STO-1) and
// commits it. When the database stays locked past the busy timeout, the
// whole transaction is tried again a few times with growing pauses, then
// it gives model.ErrBusy. Errors are mapped as in mapError; what names the
// operation in wrapped internal errors.
func (db *DB) withTx(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	pause := db.opt.backoff
	for try := 0; ; try++ {
		err := db.tryTx(ctx, fn)
		if err == nil {
			return nil
		}
		if !isBusy(err) || try == db.opt.retries {
			return mapError(what, err)
		}
		jitter := time.Duration(rand.Int64N(int64(pause)/2 + 1))
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: %w", what, ctx.Err())
		case <-time.After(pause + jitter):
		}
		pause *= 2
	}
}

func (db *DB) tryTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface {
	Scan(dest ...any) error
}

// nanos is t as stored: unix nanoseconds, 0 for the zero time.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// fromNanos reads a stored time, in UTC; 0 is the zero time.
func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// nullNanos stores an optional time; nil is NULL.
func nullNanos(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixNano()
}

// fromNullNanos reads an optional time.
func fromNullNanos(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := fromNanos(n.Int64)
	return &t
}

// nullID stores an optional reference; 0 is NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// orNow is t, or the current time when t is zero, for rows that must carry
// a time although the caller left it out.
func orNow(t time.Time) time.Time {
	if t.IsZero() {
		return time.Now().UTC()
	}
	return t
}
