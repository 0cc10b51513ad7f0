// Package storetest builds databases for the tests and benchmarks of other
// packages. It is imported only from _test.go files.
package storetest

import (
	"crypto/sha256"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"acctl/store"
)

// The big database: the speed targets are measured on it.
const (
	BigAccounts = 10_000
	BigUsers    = 100_000 // 10 per account; the first of each is its owner
	BigEvents   = 1_000_000
	// BigEmail is the user who has all BigEvents sign-in attempts; their
	// account is the first one.
	BigEmail = "big@bench.example"
	// BigTeamUsers are the users of one more account, the big team, for
	// the Users screen (R-USR-2): people's names and emails, owners,
	// managers, invited and disabled users, some with 2FA, most with a
	// last login. BigTeamEmail is its first user, an active owner.
	BigTeamUsers = 100_000
	BigTeamEmail = "owner@team.bench.example"
)

// SeedBig returns a private copy, in tb.TempDir(), of the big database:
// BigAccounts accounts, BigUsers users whose password hash is hash, and
// BigEvents auth events of the user BigEmail, whose ID it returns too; and
// the big team, one more account with BigTeamUsers users (the same hash).
//
// The database is built once per schema and seed into
// os.TempDir()/acctl-big-<schema version>-<hash>.db (templateName; under
// a lock, to a temporary name renamed when complete, so parallel test
// processes build it once) and then copied: each caller may write to its
// copy, and set its own hash, without disturbing another.
func SeedBig(tb testing.TB, hash string) (path string, userID int64) {
	tb.Helper()
	path = copyTemplate(tb, "big", seedStatements())
	userID, err := setPasswords(path, hash)
	if err != nil {
		tb.Fatalf("%s: %v (delete its template to rebuild)", path, err)
	}
	return path, userID
}

// copyTemplate returns a private copy, in tb.TempDir(), of the template
// database that stmts fill, building the template first unless it exists
// (see SeedBig).
func copyTemplate(tb testing.TB, prefix string, stmts []statement) string {
	tb.Helper()
	template := filepath.Join(os.TempDir(), templateName(tb, prefix, stmts))
	if err := ensureTemplate(tb, template, stmts); err != nil {
		tb.Fatalf("build %s: %v", template, err)
	}
	path := filepath.Join(tb.TempDir(), prefix+".db")
	if err := copyFile(template, path); err != nil {
		tb.Fatalf("copy %s: %v", template, err)
	}
	return path
}

// ensureTemplate builds the template unless it exists (ensureBuilt).
func ensureTemplate(tb testing.TB, template string, stmts []statement) error {
	start := time.Now()
	built, err := ensureBuilt(template, func(path string) error { return build(path, stmts) })
	if built {
		tb.Logf("built %s in %v", template, time.Since(start).Round(time.Millisecond))
	}
	return err
}

// ensureBuilt makes template with fill unless it exists, under a lock and
// in a temporary folder renamed into place when complete, so that parallel
// test processes make it once and never copy half of one; built says it
// was made now.
func ensureBuilt(template string, fill func(path string) error) (built bool, err error) {
	unlock, err := lock(template + ".lock")
	if err != nil {
		return false, err
	}
	defer unlock()
	if _, err := os.Stat(template); err == nil {
		return false, nil
	}
	dir, err := os.MkdirTemp(filepath.Dir(template), "acctl-template-*.tmp")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "acctl.db")
	if err := fill(path); err != nil {
		return false, err
	}
	return true, os.Rename(path, template)
}

// build migrates an empty file with store.Open, then fills it with stmts,
// one transaction of INSERT … SELECT statements, which SQLite runs without
// a round trip per row.
func build(path string, stmts []statement) error {
	db, err := store.Open(path)
	if err != nil {
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	// The file is private and thrown away if this fails: no journal, no
	// syncs. Rollback journal mode leaves one self-contained file to copy.
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)&_pragma=cache_size(-65536)")
	if err != nil {
		return err
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	for _, s := range stmts {
		if _, err := raw.Exec(s.sql, s.args...); err != nil {
			return fmt.Errorf("%.40s…: %w", s.sql, err)
		}
	}
	return nil
}

// templateName names the template after what it holds: the schema that
// this build's migrations create and the statements that fill it, so that
// changing either builds a new template instead of reusing a stale one
// (the schema version alone stays the same when a reserved migration is
// filled in).
func templateName(tb testing.TB, prefix string, stmts []statement) string {
	empty := filepath.Join(tb.TempDir(), "schema.db")
	db, err := store.Open(empty)
	if err != nil {
		tb.Fatalf("schema: %v", err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", "file:"+empty)
	if err != nil {
		tb.Fatalf("schema: %v", err)
	}
	defer raw.Close()
	var schema string
	if err := raw.QueryRow(`SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name)`).Scan(&schema); err != nil {
		tb.Fatalf("schema: %v", err)
	}
	h := sha256.New()
	h.Write([]byte(schema))
	fmt.Fprintf(h, "%v", stmts)
	return fmt.Sprintf("acctl-%s-%d-%x.db", prefix, store.SchemaVersion(), h.Sum(nil)[:6])
}

type statement struct {
	sql  string
	args []any
}

// seedStatements fill the big database in one transaction of INSERT …
// SELECT statements.
func seedStatements() []statement {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
	return []statement{
		{`BEGIN`, nil},
		{`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO accounts (id, company_name, street, city, postal_code, country, status, enforce_2fa, created_at)
		SELECT i, 'Company ' || i, i || ' Harbour Lane', 'Bristol', 'BS1 ' || (i % 10) || 'RN', 'GB',
			'active', 0, ? + i * 1000000000 FROM n`,
			[]any{BigAccounts, start}},
		{`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO users (id, account_id, name, email, role, status, password_hash, totp_enabled, notify_sign_in, last_login_at, created_at)
		SELECT i, (i - 1) / 10 + 1, 'User ' || i,
			CASE WHEN i = 1 THEN ? ELSE 'user' || i || '@bench.example' END,
			CASE WHEN (i - 1) % 10 = 0 THEN 'owner' ELSE 'manager' END,
			'active', '', 0, 0, NULL, ? + i * 1000000000 FROM n`,
			[]any{BigUsers, BigEmail, start}},
		// Two attempts share each timestamp, so that pagination meets ties.
		{`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO auth_events (id, user_id, account_id, email, kind, result, origin_local, origin_remote, ssh_version, term, os, at)
		SELECT i, 1, 1, ?,
			CASE i % 7 WHEN 0 THEN 'confirmation' WHEN 1 THEN 'unlock' ELSE 'sign-in' END,
			CASE WHEN i % 5 = 0 THEN 'wrong password' ELSE 'success' END,
			i % 3 = 0, CASE WHEN i % 3 = 0 THEN '' ELSE '203.0.113.' || (i % 250) || ':' || (40000 + i % 20000) END,
			CASE WHEN i % 3 = 0 THEN '' ELSE 'SSH-2.0-OpenSSH_9.6' END, 'xterm-256color', 'linux',
			? + (i / 2) * 30000000000 FROM n`,
			[]any{BigEvents, BigEmail, start}},
		// The big team: 53 first names by 47 surnames; one in 100 is an
		// owner, one in 20 invited (no name, no login, an invitation),
		// one in 20 disabled, one in 3 has 2FA, one in 7 never signed in.
		{`INSERT INTO accounts (id, company_name, status, created_at) VALUES (?, 'Big Team Ltd', 'active', ?)`,
			[]any{BigAccounts + 1, start}},
		{`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO users (id, account_id, name, email, role, status, password_hash, totp_enabled, notify_sign_in, last_login_at, created_at)
		SELECT ? + i, ?, CASE WHEN i % 20 = 7 THEN '' ELSE f || ' ' || l END,
			CASE WHEN i = 1 THEN ? ELSE lower(f) || '.' || lower(l) || i || '@team.example' END,
			CASE WHEN i % 100 = 1 THEN 'owner' ELSE 'manager' END,
			CASE i % 20 WHEN 7 THEN 'invited' WHEN 13 THEN 'disabled' ELSE 'active' END,
			'', i % 3 = 0 AND i % 20 <> 7, 0,
			CASE WHEN i % 7 = 0 OR i % 20 = 7 THEN NULL ELSE ? + (i * 7919 % 31536000) * 1000000000 END,
			? + i * 1000000000
		FROM (SELECT i, json_extract(?, '$[' || (i % 53) || ']') AS f, json_extract(?, '$[' || (i / 53 % 47) || ']') AS l FROM n)`,
			[]any{BigTeamUsers, BigUsers, BigAccounts + 1, BigTeamEmail, start, start, teamFirstNames, teamSurnames}},
		{`INSERT INTO invitations (user_id, account_id, secret_hash, created_at, expires_at)
		SELECT id, account_id, randomblob(32), created_at, created_at + 604800000000000 FROM users WHERE status = 'invited'`, nil},
		{`COMMIT`, nil},
	}
}

// The big team's names, as JSON arrays for json_extract.
const (
	teamFirstNames = `["Ada","Alan","Barbara","Brian","Carol","Charles","Dennis","Donald","Edsger","Ellen","Frances","Fred","Grace","Guido","Hedy","Ivan","Jean","John","Karen","Ken","Leslie","Linus","Margaret","Mary","Niklaus","Nora","Olga","Peter","Radia","Rob","Ruth","Sophie","Tim","Tony","Ursula","Vint","Whitfield","Xavier","Yukihiro","Zoe","Anita","Bjarne","Cynthia","Dorothy","Emil","Fernando","Gordon","Hal","Irene","James","Katherine","Larry","Marvin"]`
	teamSurnames   = `["Lovelace","Turing","Liskov","Kernighan","Shaw","Babbage","Ritchie","Knuth","Dijkstra","Ullman","Allen","Brooks","Hopper","Rossum","Lamarr","Sutherland","Bartik","McCarthy","Jones","Thompson","Lamport","Torvalds","Hamilton","Keller","Wirth","Moore","Ladyzhenskaya","Naur","Perlman","Pike","Teitelbaum","Wilson","Berners-Lee","Hoare","Martin","Cerf","Diffie","Leroy","Matsumoto","Kay","Borg","Stroustrup","Dwork","Vaughan","Post","Corbato","Bell"]`
)

// setPasswords gives every user of the database at path the password hash
// and returns the ID of BigEmail's user.
func setPasswords(path, hash string) (int64, error) {
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=synchronous(OFF)")
	if err != nil {
		return 0, err
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE users SET password_hash = ?`, hash); err != nil {
		return 0, err
	}
	var id int64
	if err := raw.QueryRow(`SELECT id FROM users WHERE email = ?`, BigEmail).Scan(&id); err != nil {
		return 0, fmt.Errorf("find %s: %w", BigEmail, err)
	}
	return id, nil
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
