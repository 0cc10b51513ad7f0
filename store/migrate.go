package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	sqlite3 "modernc.org/sqlite/lib"

	"acctl/model"
)

// R-STO-2: the schema is a numbered series of SQL files, 001_name.sql,
// 002_name.sql…, embedded in the binary. PRAGMA user_version holds the
// number of the last one applied; each runs in its own transaction that
// also bumps user_version, so a database is never half-migrated.

//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations is read once from the embedded files, which never change.
var migrations, migrationsErr = loadMigrations(migrationFiles)

// appID is PRAGMA application_id of acctl databases ("actl"), which tells
// them apart from other programs' SQLite files.
const appID = 0x6163746c

// SchemaVersion is the schema this build writes: the number of the newest
// embedded migration.
func SchemaVersion() int { return len(migrations) }

// SchemaDigest names what this build's migrations write: the start of the
// SHA-256 of their SQL, in hex. Test templates are named after it, so that
// a changed migration builds a new template instead of reusing a stale one.
func SchemaDigest() string {
	h := sha256.New()
	for _, m := range migrations {
		h.Write([]byte(m.sql))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:6])
}

// loadMigrations reads migrations/NNN_name.sql, which must be numbered from
// 1 without gaps.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var list []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || len(num) != 3 || v != len(list)+1 {
			return nil, fmt.Errorf("migration %s: want %03d_name.sql", e.Name(), len(list)+1)
		}
		body, err := fs.ReadFile(fsys, "migrations/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		list = append(list, migration{version: v, name: name, sql: string(body)})
	}
	return list, nil
}

// Errors of Open, written for the person who passed the path.
func errNotSQLite(path string) error {
	return model.Errorf(model.EINVALID, "%s is not an acctl database (it is not SQLite). Choose another file with --db.", path)
}

func errForeign(path string) error {
	return model.Errorf(model.EINVALID, "%s is not an acctl database (it is another program's SQLite database). Choose another file with --db.", path)
}

func errNewer(path string, version int) error {
	return model.Errorf(model.EINVALID, "%s was written by a newer acctl (schema %d, this build knows %d). Upgrade acctl to open it.", path, version, SchemaVersion())
}

// errDamaged says that the file at path is damaged; cause, SQLite's
// finding, goes to the log with it, not into the sentence.
func errDamaged(path string, cause error) error {
	return &detailed{
		msg:   model.Errorf(model.EINVALID, "%s is damaged and cannot be opened. Restore it from a backup, or choose another file with --db.", path),
		cause: fmt.Errorf("%s is damaged: %w", path, cause),
	}
}

// sqliteMagic opens every SQLite 3 file.
const sqliteMagic = "SQLite format 3\x00"

// prepareFile creates path (0600) when it does not exist. When it exists it
// reads the 100-byte SQLite header, touching nothing, and refuses a file that
// is not SQLite, whose header is damaged, another program's database, or one
// of a newer schema (R-STO-2). The header can lag behind a write-ahead log
// that another process has not checkpointed yet; migrate checks again
// through SQLite. It reports whether the whole file must be checked for
// damage before use (needsCheck).
func prepareFile(path string) (check bool, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		return false, f.Close()
	}
	if !errors.Is(err, fs.ErrExist) {
		return false, model.Errorf(model.EINVALID, "Cannot create %s: %v. Choose another file with --db.", path, unwrapPath(err))
	}
	f, err = os.Open(path)
	if err != nil {
		return false, model.Errorf(model.EINVALID, "Cannot read %s: %v. Choose another file with --db.", path, unwrapPath(err))
	}
	defer f.Close()
	var h [100]byte
	n, err := io.ReadFull(f, h[:])
	switch {
	case n == 0 && err == io.EOF:
		return false, nil // an empty file is a new database
	case err != nil && err != io.ErrUnexpectedEOF:
		return false, model.Errorf(model.EINVALID, "Cannot read %s: %v. Choose another file with --db.", path, unwrapPath(err))
	case n < len(h) || string(h[:16]) != sqliteMagic:
		return false, errNotSQLite(path)
	case !headerIntact(h):
		return false, errDamaged(path, errors.New("the file header is damaged"))
	}
	size := int64(0)
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	version := binary.BigEndian.Uint32(h[60:64])
	app := binary.BigEndian.Uint32(h[68:72])
	switch {
	case app == appID && version > uint32(SchemaVersion()):
		return false, errNewer(path, int(version))
	case app == appID:
		return needsCheck(path, size), nil
	case app != 0 || version != 0:
		return false, errForeign(path)
	}
	// Neither id nor version: acceptable only while the file holds nothing
	// but the empty schema page. Any table takes a second page.
	if size > pageSize(h) {
		return false, errForeign(path)
	}
	return false, nil
}

// smallDB is the size below which a database is checked for damage at
// every open: PRAGMA quick_check reads about 2 MB a millisecond from a warm
// cache and 0.2 from a cold one, so 8 MiB stays within 50 ms.
const smallDB = 8 << 20

// needsCheck reports whether the database at path, of size bytes, gets a
// full PRAGMA quick_check before use: always when it is small, and when
// its last user did not close it cleanly — a write-ahead log is left
// beside it that no live process holds — whatever its size. (A clean
// close of the last connection checkpoints and deletes the log.)
func needsCheck(path string, size int64) bool {
	if size <= smallDB {
		return true
	}
	fi, err := os.Stat(path + "-wal")
	if err != nil || fi.Size() == 0 {
		return false
	}
	return !inUseElsewhere(path)
}

// pageSize is the page size a SQLite header declares.
func pageSize(h [100]byte) int64 {
	size := int64(binary.BigEndian.Uint16(h[16:18]))
	if size == 1 {
		return 65536
	}
	return size
}

// headerIntact checks the fields of a SQLite header that have fixed or
// few legal values (sqlite.org/fileformat2.html, 1.3), so that bytes
// overwritten there read as damage, not as another program's file.
func headerIntact(h [100]byte) bool {
	size := pageSize(h)
	encoding := binary.BigEndian.Uint32(h[56:60])
	schemaFormat := binary.BigEndian.Uint32(h[44:48])
	switch {
	case size < 512 || size > 65536 || size&(size-1) != 0:
		return false
	case h[18] < 1 || h[18] > 2 || h[19] < 1 || h[19] > 2:
		return false
	case h[21] != 64 || h[22] != 32 || h[23] != 32: // payload fractions
		return false
	case encoding > 3 || schemaFormat > 4:
		return false
	}
	for _, b := range h[72:92] { // reserved for expansion: zero
		if b != 0 {
			return false
		}
	}
	return true
}

// unwrapPath drops the *fs.PathError wrapper, whose path the message
// already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// migrate checks what the file is, through SQLite this time, and applies
// the migrations it lacks. check asks for a full check for damage first
// (needsCheck).
func (db *DB) migrate(ctx context.Context, check bool) error {
	version, err := db.identify(ctx, db.sql)
	if err != nil {
		return err
	}
	if err := db.probe(ctx, version, check); err != nil {
		return err
	}
	for _, m := range migrations[min(version, len(migrations)):] {
		err := db.withTx(ctx, "migrate", func(tx *sql.Tx) error {
			// Another process may have migrated since: look again under
			// the write lock.
			current, err := db.identify(ctx, tx)
			if err != nil || current >= m.version {
				return err
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %03d_%s: %w", m.version, m.name, err)
			}
			_, err = tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d; PRAGMA application_id = %d", m.version, appID))
			return err
		})
		if err != nil {
			return db.openError(err)
		}
	}
	// A newer acctl may have migrated past us meanwhile.
	_, err = db.identify(ctx, db.sql)
	return err
}

// identify returns the schema version of the file, or the error that
// refuses it: another program's database, a newer schema, damage.
func (db *DB) identify(ctx context.Context, q querier) (int, error) {
	var version, app, objects int
	err := q.QueryRowContext(ctx, `SELECT
		(SELECT user_version FROM pragma_user_version),
		(SELECT application_id FROM pragma_application_id),
		(SELECT count(*) FROM sqlite_schema)`).Scan(&version, &app, &objects)
	if err != nil {
		return 0, db.openError(err)
	}
	switch {
	case version == 0 && app == 0 && objects > 0, version > 0 && app != appID, version == 0 && app != 0 && app != appID:
		return 0, errForeign(db.path)
	case version > SchemaVersion():
		return 0, errNewer(db.path, version)
	}
	return version, nil
}

// probe looks for damage before the file is used. Every open reads the
// schema and the root page of each table, which costs little. A full
// PRAGMA quick_check reads the whole file (half a second for a million
// events), so it runs when check asks for it (a small file, or one not
// closed cleanly: needsCheck) and before a migration changes an existing
// database. Damage met later is reported by mapError.
func (db *DB) probe(ctx context.Context, version int, check bool) error {
	rows, err := db.sql.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		return db.openError(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return db.openError(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return db.openError(err)
	}
	for _, t := range tables {
		var n int
		q := `SELECT count(*) FROM (SELECT 1 FROM "` + strings.ReplaceAll(t, `"`, `""`) + `" LIMIT 1)`
		if err := db.sql.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return db.openError(err)
		}
	}
	if version == 0 || (version >= SchemaVersion() && !check) {
		return nil
	}
	var result string
	if err := db.sql.QueryRowContext(ctx, `PRAGMA quick_check(1)`).Scan(&result); err != nil {
		return db.openError(err)
	}
	if result != "ok" {
		return errDamaged(db.path, errors.New(result))
	}
	return nil
}

// openError explains a failure to read or migrate the file.
func (db *DB) openError(err error) error {
	var me *model.Error
	if errors.As(err, &me) {
		return err
	}
	switch sqliteCode(err) & 0xff {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return errDamaged(db.path, err)
	case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_AUTH:
		return model.Errorf(model.EINVALID, "Cannot open %s for writing. Check its permissions, or choose another file with --db.", db.path)
	}
	return mapError("open "+db.path, err)
}
