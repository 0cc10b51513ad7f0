package store_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"acctl/model"
	"acctl/store"
	"acctl/store/storetest"
)

var ctx = context.Background()

// t0 is the tests' reference time; stored times keep their nanoseconds.
var t0 = time.Date(2026, 11, 23, 9, 0, 0, 123456789, time.UTC)

// newPath returns a database path in a fresh temporary directory.
func newPath(t testing.TB) string {
	return filepath.Join(t.TempDir(), "acctl.db")
}

// openDB opens a handle on path, closed when the test ends. Each handle has
// its own connection pool, as another process would. Its commits are not
// flushed to disk (Throwaway): durability is the subject of
// TestCommitSurvivesKill alone, whose writer opens the file as acctl does,
// and a flush per row made this package's tests take minutes.
func openDB(t testing.TB, path string) *store.DB {
	t.Helper()
	db, err := store.Open(path, store.Throwaway())
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// newDB opens a fresh database, copied from a template migrated once
// (storetest.Empty): the migrations' own tests use newPath.
func newDB(t testing.TB) (*store.DB, string) {
	path := storetest.Empty(t)
	return openDB(t, path), path
}

var seq atomic.Int64

// uniqueEmail returns an address no other call returns.
func uniqueEmail(prefix string) string {
	return fmt.Sprintf("%s%d@example.com", prefix, seq.Add(1))
}

// newAccount creates an account whose owner has email.
func newAccount(t testing.TB, db *store.DB, email string) (*model.Account, *model.User) {
	t.Helper()
	a := &model.Account{CompanyName: "Acme " + email, Status: model.AccountActive, CreatedAt: t0}
	u := &model.User{Name: "Owner " + email, Email: email, Role: model.RoleOwner, Status: model.UserActive, PasswordHash: "$argon2id$x", CreatedAt: t0}
	if err := db.CreateAccount(ctx, a, u, &model.AuditEvent{Actor: email, Action: "account.created", Origin: model.LocalOrigin, At: t0}); err != nil {
		t.Fatalf("create account %s: %v", email, err)
	}
	return a, u
}

// newUser adds a user to an account.
func newUser(t testing.TB, db *store.DB, accountID int64, email string, role model.Role, status model.UserStatus) *model.User {
	t.Helper()
	u := &model.User{AccountID: accountID, Name: "User " + email, Email: email, Role: role, Status: status, CreatedAt: t0}
	if err := db.CreateUser(ctx, u, &model.AuditEvent{Action: "user.invited", Object: "user " + email, At: t0}); err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	return u
}

func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := model.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

func sum(t testing.TB, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// dirNames lists the files of path's directory.
func dirNames(t testing.TB, path string) string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return strings.Join(names, ",")
}

// barrier releases n goroutines at once.
type barrier struct {
	ready chan struct{}
	start chan struct{}
}

func newBarrier(n int) *barrier {
	b := &barrier{ready: make(chan struct{}, n), start: make(chan struct{})}
	go func() {
		for range n {
			<-b.ready
		}
		close(b.start)
	}()
	return b
}

func (b *barrier) wait() {
	b.ready <- struct{}{}
	<-b.start
}

// guardOf opens a session for actor and returns the guard of a change
// they make from it that needs action (R-ACC-6).
func guardOf(t testing.TB, db *store.DB, actor *model.User, action model.Action) *model.Guard {
	t.Helper()
	id := fmt.Sprintf("guard-%d-%d", actor.ID, seq.Add(1))
	s := &model.Session{ID: id, UserID: actor.ID, AccountID: actor.AccountID, Origin: model.LocalOrigin, CreatedAt: t0, LastActiveAt: t0, AuthenticatedAt: t0}
	if err := db.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	return &model.Guard{ActorID: actor.ID, AccountID: actor.AccountID, SessionID: id, Action: action}
}
