package store_test

import (
	"bufio"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"acctl/model"
	"acctl/store"
)

// TestMain lets a test run this binary again as a second process (R-STO-1,
// R-STO-3): with ACCTL_STORE_CHILD set it does that child's work and exits.
func TestMain(m *testing.M) {
	if mode := os.Getenv("ACCTL_STORE_CHILD"); mode != "" {
		os.Exit(child(mode, os.Getenv("ACCTL_STORE_PATH")))
	}
	os.Exit(m.Run())
}

func child(mode, path string) int {
	db, err := store.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	switch mode {
	case "commit-then-hang":
		a := &model.Account{CompanyName: "Survivor", Status: model.AccountActive, CreatedAt: t0}
		u := &model.User{Name: "S", Email: "survivor@example.com", Role: model.RoleOwner, Status: model.UserActive, CreatedAt: t0}
		if err := db.CreateAccount(ctx, a, u, nil); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Println("committed")
		time.Sleep(time.Minute) // killed before this ends; never closes db
		return 1
	case "write":
		account, _ := strconv.ParseInt(os.Getenv("ACCTL_STORE_ACCOUNT"), 10, 64)
		for i := range 50 {
			u := &model.User{AccountID: account, Name: "Child", Email: fmt.Sprintf("child%d-%d@example.com", os.Getpid(), i),
				Role: model.RoleManager, Status: model.UserActive, CreatedAt: t0}
			if err := db.CreateUser(ctx, u, &model.AuditEvent{Action: "user.invited", At: t0}); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
			e := &model.AuthEvent{UserID: u.ID, AccountID: account, Email: u.Email, Kind: model.AuthSignIn, Result: model.AuthSucceeded, At: t0}
			if err := db.AddAuthEvent(ctx, e); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
		}
		db.Close()
		return 0
	}
	return 2
}

func childCmd(t *testing.T, mode, path string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), append(env, "ACCTL_STORE_CHILD="+mode, "ACCTL_STORE_PATH="+path)...)
	cmd.Stderr = os.Stderr
	return cmd
}

// SPEC §2: the database file is created 0600, and so are SQLite's
// write-ahead log and shared-memory files beside it.
func TestCreatesFilesPrivate(t *testing.T) {
	db, path := newDB(t)
	newAccount(t, db, "mode@example.com")
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", filepath.Base(p), fi.Mode().Perm())
		}
	}
}

// R-STO-1: a committed change survives a kill -9 of the process that made
// it, which never closed its database.
func TestCommitSurvivesKill(t *testing.T) {
	path := newPath(t)
	cmd := childCmd(t, "commit-then-hang", path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	cmd.Process.Kill() // SIGKILL
	cmd.Wait()
	if line != "committed\n" {
		t.Fatalf("child said %q", line)
	}
	db := openDB(t, path)
	u, err := db.FindUserByEmail(ctx, "survivor@example.com")
	if err != nil {
		t.Fatalf("the committed user was lost: %v", err)
	}
	if a, err := db.FindAccountByID(ctx, u.AccountID); err != nil || a.CompanyName != "Survivor" {
		t.Fatalf("the committed account was lost: %v, %v", a, err)
	}
}

// R-STO-3: two processes and this one write to one file at once; no write is
// lost.
func TestProcessesShareOneFile(t *testing.T) {
	db, path := newDB(t)
	a, _ := newAccount(t, db, "shared@example.com")
	var cmds []*exec.Cmd
	for range 2 {
		cmd := childCmd(t, "write", path, "ACCTL_STORE_ACCOUNT="+strconv.FormatInt(a.ID, 10))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for i := range 50 {
		newUser(t, db, a.ID, fmt.Sprintf("parent%d@example.com", i), model.RoleManager, model.UserActive)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("child: %v", err)
		}
	}
	users, err := db.ListUsers(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 1+50+2*50 {
		t.Fatalf("%d users, want %d", len(users), 1+50+2*50)
	}
	events := 0
	for _, u := range users {
		n, err := db.CountAuthEvents(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		events += n
	}
	if events != 2*50 {
		t.Fatalf("%d auth events, want %d", events, 2*50)
	}
}

// R-STO-3: several handles on one file (each its own pool, as processes
// have) write at once from many goroutines; every write lands, IDs are
// unique.
func TestConcurrentHandlesLoseNoWrites(t *testing.T) {
	path := newPath(t)
	handles := []*store.DB{openDB(t, path), openDB(t, path), openDB(t, path)}
	a, owner := newAccount(t, handles[0], "many@example.com")
	const perWorker = 30
	var wg sync.WaitGroup
	var mu sync.Mutex
	ids := map[int64]bool{}
	errs := make(chan error, 100)
	start := newBarrier(2 * len(handles))
	for w := range 2 * len(handles) {
		db := handles[w%len(handles)]
		wg.Go(func() {
			start.wait()
			for range perWorker {
				e := &model.AuthEvent{UserID: owner.ID, AccountID: a.ID, Email: owner.Email, Kind: model.AuthSignIn, Result: model.AuthWrongPassword, At: t0}
				if err := db.AddAuthEvent(ctx, e); err != nil {
					errs <- err
					return
				}
				if _, err := db.ListAuthEvents(ctx, owner.ID, model.EventPage{Limit: 5}); err != nil {
					errs <- err
					return
				}
				mu.Lock()
				if ids[e.ID] {
					errs <- fmt.Errorf("ID %d given twice", e.ID)
				}
				ids[e.ID] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	n, err := openDB(t, path).CountAuthEvents(ctx, owner.ID)
	if err != nil || n != 2*len(handles)*perWorker {
		t.Fatalf("count = %d, %v; want %d", n, err, 2*len(handles)*perWorker)
	}
}

// schemaOf dumps a database's schema, to compare migrated and fresh files.
func schemaOf(t *testing.T, path string) (int, string) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var version int
	if err := raw.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	rows, err := raw.Query(`SELECT type, name, COALESCE(sql, '') FROM sqlite_schema ORDER BY type, name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var typ, name, sql string
		rows.Scan(&typ, &name, &sql)
		fmt.Fprintf(&b, "%s %s: %s\n", typ, name, sql)
	}
	return version, b.String()
}

// setUserVersion writes PRAGMA user_version straight into the header.
func setUserVersion(t *testing.T, path string, v uint32) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], v)
	if _, err := f.WriteAt(b[:], 60); err != nil {
		t.Fatal(err)
	}
}

// R-STO-2: a new file gets the whole schema; opening again changes
// nothing; a file at any older version is brought to the same schema as a
// fresh one, keeping its data.
func TestMigrations(t *testing.T) {
	t.Run("fresh", func(t *testing.T) {
		db, path := newDB(t)
		db.Close()
		version, schema := schemaOf(t, path)
		if version != store.SchemaVersion() {
			t.Fatalf("user_version = %d, want %d", version, store.SchemaVersion())
		}
		for _, table := range []string{"accounts", "users", "sessions", "auth_events", "throttles", "audit_events"} {
			if !strings.Contains(schema, "table "+table+":") {
				t.Errorf("no table %s in\n%s", table, schema)
			}
		}
	})
	t.Run("reopen", func(t *testing.T) {
		db, path := newDB(t)
		newAccount(t, db, "keep@example.com")
		db.Close()
		_, before := schemaOf(t, path)
		db = openDB(t, path)
		if _, err := db.FindUserByEmail(ctx, "keep@example.com"); err != nil {
			t.Fatalf("data lost on reopen: %v", err)
		}
		db.Close()
		version, after := schemaOf(t, path)
		if version != store.SchemaVersion() || after != before {
			t.Fatalf("reopening changed the schema: version %d\n%s\nwas\n%s", version, after, before)
		}
	})
	_, fresh := schemaOf(t, func() string { db, p := newDB(t); db.Close(); return p }())
	for from := range store.SchemaVersion() {
		t.Run(fmt.Sprintf("from %d", from), func(t *testing.T) {
			path := olderDB(t, from)
			db := openDB(t, path)
			if _, err := db.HasAccounts(ctx); err != nil {
				t.Fatal(err)
			}
			db.Close()
			version, schema := schemaOf(t, path)
			if version != store.SchemaVersion() || schema != fresh {
				t.Fatalf("migrated from %d: version %d, schema\n%s\nwant\n%s", from, version, schema, fresh)
			}
		})
	}
}

// olderDB writes a database as a build that knew only the first version
// migrations would have left it.
func olderDB(t *testing.T, version int) string {
	t.Helper()
	path := newPath(t)
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	files, _ := filepath.Glob("migrations/*.sql")
	sort.Strings(files)
	for _, f := range files[:version] {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	if version > 0 {
		if _, err := raw.Exec(fmt.Sprintf("PRAGMA user_version = %d; PRAGMA application_id = %d", version, 0x6163746c)); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// R-STO-2: files that are not this build's to open are refused with an
// EINVALID message that says what to do, and left byte for byte as they
// were, with no file added beside them.
func TestRefusesFilesUntouched(t *testing.T) {
	newer := func(t *testing.T) string {
		db, path := newDB(t)
		newAccount(t, db, "future@example.com")
		db.Close()
		setUserVersion(t, path, uint32(store.SchemaVersion()+1))
		return path
	}
	text := func(content string) func(t *testing.T) string {
		return func(t *testing.T) string {
			path := newPath(t)
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			return path
		}
	}
	foreign := func(t *testing.T) string {
		path := newPath(t)
		raw, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(`CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup')`); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		return path
	}
	foreignWithID := func(t *testing.T) string {
		path := foreign(t)
		raw, _ := sql.Open("sqlite", path)
		raw.Exec(`PRAGMA user_version = 3; PRAGMA application_id = 42`)
		raw.Close()
		return path
	}
	damaged := func(t *testing.T) string {
		db, path := newDB(t)
		newAccount(t, db, "damaged@example.com")
		db.Close()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i := 100; i < len(b); i++ {
			b[i] = byte(i*7 + 3)
		}
		os.WriteFile(path, b, 0o600)
		return path
	}
	for _, tc := range []struct {
		name string
		make func(t *testing.T) string
		want string
	}{
		{"newer schema", newer, fmt.Sprintf("was written by a newer acctl (schema %d, this build knows %d). Upgrade acctl", store.SchemaVersion()+1, store.SchemaVersion())},
		{"text file", text("my shopping list, definitely not SQLite\n"), "is not an acctl database (it is not SQLite). Choose another file with --db."},
		{"short file with the magic", text("SQLite format 3\x00abc"), "is not an acctl database (it is not SQLite)"},
		{"another program's SQLite file", foreign, "is not an acctl database"},
		{"another program's SQLite file with ids", foreignWithID, "is not an acctl database"},
		{"damaged", damaged, "is damaged and cannot be opened"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.make(t)
			before, files := sum(t, path), dirNames(t, path)
			db, err := store.Open(path)
			if err == nil {
				db.Close()
				t.Fatal("opened")
			}
			wantCode(t, err, model.EINVALID)
			if msg := model.ErrorMessage(err); !strings.Contains(msg, tc.want) || !strings.HasPrefix(msg, path) {
				t.Fatalf("message %q, want %q about %s", msg, tc.want, path)
			}
			if sum(t, path) != before {
				t.Fatal("the file was changed")
			}
			if after := dirNames(t, path); after != files {
				t.Fatalf("files beside it: %s, were %s", after, files)
			}
		})
	}
}

// R-STO-2: the header of a file in WAL mode can lag behind its log; a newer
// schema committed to the log by a process still running is refused too.
func TestRefusesNewerSchemaInTheLog(t *testing.T) {
	db, path := newDB(t)
	db.Close()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	if _, err := raw.Exec(`PRAGMA wal_autocheckpoint = 0; PRAGMA user_version = 999`); err != nil {
		t.Fatal(err)
	}
	_, err = store.Open(path)
	wantCode(t, err, model.EINVALID)
	if !strings.Contains(model.ErrorMessage(err), "newer acctl (schema 999") {
		t.Fatalf("message %q", model.ErrorMessage(err))
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	for name, path := range map[string]string{
		"directory":          dir,
		"missing directory":  filepath.Join(dir, "no", "such", "acctl.db"),
		"odd characters ?#%": filepath.Join(dir, "a?b#c%20.db"),
	} {
		t.Run(name, func(t *testing.T) {
			db, err := store.Open(path)
			if name == "odd characters ?#%" {
				if err != nil {
					t.Fatal(err)
				}
				db.Close()
				if _, err := os.Stat(path); err != nil {
					t.Fatalf("the file was not created under its own name: %v", err)
				}
				return
			}
			if err == nil {
				db.Close()
				t.Fatal("opened")
			}
			wantCode(t, err, model.EINVALID)
			if !strings.Contains(model.ErrorMessage(err), path) {
				t.Fatalf("message %q does not name %s", model.ErrorMessage(err), path)
			}
		})
	}
}

// An empty file, as another program may have created for acctl, is a new
// database; its mode is left alone.
func TestOpensEmptyFile(t *testing.T) {
	path := newPath(t)
	if err := os.WriteFile(path, nil, 0o640); err != nil {
		t.Fatal(err)
	}
	db := openDB(t, path)
	if has, err := db.HasAccounts(ctx); err != nil || has {
		t.Fatalf("HasAccounts = %v, %v", has, err)
	}
}

// damagePage overwrites the start of page pageno (1-based) with noise.
func damagePage(t *testing.T, path string, pageno int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	noise := make([]byte, 64)
	for i := range noise {
		noise[i] = byte(i*37 + 11)
	}
	if _, err := f.WriteAt(noise, (pageno-1)*4096+8); err != nil {
		t.Fatal(err)
	}
}

// lastLeaf is the last leaf page of a table, which an open's cheap probe
// (the root and the first row) never reads.
func lastLeaf(t *testing.T, path, table string) int64 {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var pageno int64
	if err := raw.QueryRow(`SELECT max(pageno) FROM dbstat WHERE name = ? AND pagetype = 'leaf'`, table).Scan(&pageno); err != nil {
		t.Fatal(err)
	}
	var pageSize int64
	raw.QueryRow(`PRAGMA page_size`).Scan(&pageSize)
	if pageSize != 4096 || pageno < 3 {
		t.Fatalf("page size %d, last leaf %d: the test needs 4096 and a table of several pages", pageSize, pageno)
	}
	return pageno
}

// withHistory is a database whose owner has n sign-in attempts, closed
// cleanly; pad adds that many MiB of security log, to pass the size below
// which every open checks the whole file.
func withHistory(t *testing.T, n, padMiB int) (string, *model.User) {
	t.Helper()
	db, path := newDB(t)
	a, owner := newAccount(t, db, uniqueEmail("history"))
	for range n {
		e := &model.AuthEvent{UserID: owner.ID, AccountID: a.ID, Email: owner.Email, Kind: model.AuthSignIn, Result: model.AuthSucceeded, At: t0}
		if err := db.AddAuthEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	for range padMiB {
		e := &model.AuditEvent{AccountID: a.ID, Action: "padding", Detail: strings.Repeat("x", 1<<20), At: t0}
		if err := db.AddAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	return path, owner
}

// crashImage copies the database at path as a crash would leave it: with
// a write-ahead log holding a commit, and no process holding the file.
func crashImage(t *testing.T, path string) string {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	if _, err := raw.Exec(`PRAGMA wal_autocheckpoint = 0; INSERT INTO throttles (key, failures) VALUES ('crash', 1)`); err != nil {
		t.Fatal(err)
	}
	crashed := newPath(t)
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(path + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(crashed+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return crashed
}

// R-STO-2: damage is named as damage at open, before anyone signs in: a
// header overwritten past its magic, and a damaged page inside a table
// where every open checks the whole file (a small one) or where the last
// user did not close it cleanly. The message says what to do; SQLite's
// finding goes to the log, not to the sentence.
func TestOpenFindsDamage(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(t *testing.T) string
	}{
		{"header bytes 16-100 overwritten", func(t *testing.T) string {
			db, path := newDB(t)
			newAccount(t, db, "header@example.com")
			db.Close()
			f, _ := os.OpenFile(path, os.O_RDWR, 0)
			defer f.Close()
			noise := make([]byte, 84)
			for i := range noise {
				noise[i] = byte(i*53 + 7)
			}
			f.WriteAt(noise, 16)
			return path
		}},
		{"a page inside a table of a small file", func(t *testing.T) string {
			path, _ := withHistory(t, 2000, 0)
			damagePage(t, path, lastLeaf(t, path, "auth_events"))
			return path
		}},
		{"a page inside a table of a big file not closed cleanly", func(t *testing.T) string {
			path, _ := withHistory(t, 2000, 9)
			crashed := crashImage(t, path)
			damagePage(t, crashed, lastLeaf(t, path, "auth_events"))
			return crashed
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.make(t)
			db, err := store.Open(path)
			if err == nil {
				db.Close()
				t.Fatal("opened")
			}
			wantCode(t, err, model.EINVALID)
			msg := model.ErrorMessage(err)
			if !strings.HasPrefix(msg, path+" is damaged") || !strings.Contains(msg, "Restore it from a backup") {
				t.Fatalf("message %q", msg)
			}
			if strings.Contains(err.Error(), "Restore it") || !strings.Contains(err.Error(), "damaged") {
				t.Fatalf("the log would read %q: the cause, without the sentence", err.Error())
			}
		})
	}
}

// R-STO-2: a big file that its last user closed cleanly is not read whole
// at each open, and its damage is met, and named, when it is read.
func TestDamageMetAfterOpenIsNamed(t *testing.T) {
	path, owner := withHistory(t, 2000, 9)
	damagePage(t, path, lastLeaf(t, path, "auth_events"))
	db := openDB(t, path)
	_, err := db.ListAuthEvents(ctx, owner.ID, model.EventPage{Limit: 5000})
	if !errors.Is(err, store.ErrDamaged) || model.ErrorMessage(err) != store.ErrDamaged.Message {
		t.Fatalf("reading a damaged page: %v", err)
	}
	if strings.Contains(err.Error(), store.ErrDamaged.Message) {
		t.Fatalf("the log would repeat the sentence: %q", err.Error())
	}
}
