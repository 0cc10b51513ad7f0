package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"reflect"
	"testing"
	"time"

	"acctl/model"
	"acctl/store"
)

func newSession(t *testing.T, db *store.DB, u *model.User, id string, at time.Time) *model.Session {
	t.Helper()
	s := &model.Session{ID: id, UserID: u.ID, AccountID: u.AccountID,
		Origin: model.Origin{Remote: "203.0.113.9:4000"}, Client: model.Client{SSHVersion: "SSH-2.0-OpenSSH_9.6", Term: "xterm", OS: "linux"},
		CreatedAt: at, LastActiveAt: at, AuthenticatedAt: at}
	if err := db.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	return s
}

func openIDs(t *testing.T, db *store.DB, userID int64) string {
	t.Helper()
	list, err := db.ListOpenSessions(ctx, userID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range list {
		ids = append(ids, s.ID)
	}
	return fmt.Sprint(ids)
}

// R-SES-2: sessions keep origin and client; the open ones list newest first
// (sessions created at one instant in reverse order of creation).
func TestSessionsRoundTripAndOrder(t *testing.T) {
	db, _ := newDB(t)
	_, u := newAccount(t, db, "sess@example.com")
	_, other := newAccount(t, db, "other@example.com")
	s1 := newSession(t, db, u, "s1", t0)
	newSession(t, db, u, "s2", t0.Add(time.Minute))
	newSession(t, db, u, "s3", t0.Add(time.Minute))
	newSession(t, db, other, "o1", t0.Add(time.Hour))
	got, err := db.FindSession(ctx, "s1")
	if err != nil || !reflect.DeepEqual(got, s1) {
		t.Fatalf("FindSession = %+v, %v; want %+v", got, err, s1)
	}
	if ids := openIDs(t, db, u.ID); ids != "[s3 s2 s1]" {
		t.Fatalf("open sessions %s, want [s3 s2 s1]", ids)
	}
}

// R-SES-2: a user closes only their own open sessions; the console's poll
// sees it; a closed session cannot be closed again. The closing is audited
// in the same transaction (R-AUD-1).
func TestCloseSession(t *testing.T) {
	db, _ := newDB(t)
	a, u := newAccount(t, db, "closer@example.com")
	_, other := newAccount(t, db, "victim@example.com")
	newSession(t, db, u, "mine", t0)
	newSession(t, db, other, "theirs", t0)
	audits := auditCount(t, db, a.ID)

	wantCode(t, db.CloseSession(ctx, u.ID, "theirs", t0, &model.AuditEvent{AccountID: a.ID, Action: "session.closed", At: t0}), model.ENOTFOUND)
	if open, _ := isOpen(ctx, db, "theirs"); !open {
		t.Fatal("closed someone else's session")
	}
	closedAt := t0.Add(time.Minute)
	if err := db.CloseSession(ctx, u.ID, "mine", closedAt, &model.AuditEvent{AccountID: a.ID, Action: "session.closed", At: closedAt}); err != nil {
		t.Fatal(err)
	}
	if open, err := isOpen(ctx, db, "mine"); err != nil || open {
		t.Fatalf("SessionState after close = %v, %v", open, err)
	}
	if s, _ := db.FindSession(ctx, "mine"); s.ClosedAt == nil || !s.ClosedAt.Equal(closedAt) {
		t.Fatalf("closed at %v, want %v", s.ClosedAt, closedAt)
	}
	wantCode(t, db.CloseSession(ctx, u.ID, "mine", t0, nil), model.ENOTFOUND)
	if n := auditCount(t, db, a.ID); n != audits+1 {
		t.Fatalf("%d audit events, want %d (only the successful close)", n, audits+1)
	}
	if open, err := isOpen(ctx, db, "unknown"); err != nil || open {
		t.Fatalf("SessionState(unknown) = %v, %v", open, err)
	}
	if ids := openIDs(t, db, u.ID); ids != "[]" {
		t.Fatalf("open sessions %s", ids)
	}
}

// R-SES-1: re-authenticating restarts an open session's hour; a closed
// session cannot be revived. Touching records activity.
func TestReauthenticateAndTouch(t *testing.T) {
	db, _ := newDB(t)
	_, u := newAccount(t, db, "reauth@example.com")
	newSession(t, db, u, "s", t0)
	later := t0.Add(70 * time.Minute)
	if err := db.ReauthenticateSession(ctx, "s", "s2", later); err != nil {
		t.Fatal(err)
	}
	wantCode(t, func() error { _, err := db.FindSession(ctx, "s"); return err }(), model.ENOTFOUND)
	s, _ := db.FindSession(ctx, "s2")
	if !s.AuthenticatedAt.Equal(later) || !s.LastActiveAt.Equal(later) || s.Expired(later.Add(59*time.Minute)) {
		t.Fatalf("after re-authentication: %+v", s)
	}
	if err := db.TouchSession(ctx, "s2", later.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if s, _ := db.FindSession(ctx, "s2"); !s.LastActiveAt.Equal(later.Add(time.Minute)) || !s.AuthenticatedAt.Equal(later) {
		t.Fatalf("after touch: %+v", s)
	}
	if err := db.CloseSession(ctx, u.ID, "s2", later, nil); err != nil {
		t.Fatal(err)
	}
	wantCode(t, db.ReauthenticateSession(ctx, "s2", "s3", later), model.ENOTFOUND)
}

// R-PWD-2: UpdateUser with EndSessionsExcept closes the user's other open
// sessions in the same transaction, at the audit event's time; "" closes
// them all; other users' sessions stay open.
func TestUpdateUserEndsSessions(t *testing.T) {
	db, _ := newDB(t)
	a, u := newAccount(t, db, "pwd@example.com")
	_, other := newAccount(t, db, "bystander@example.com")
	for _, id := range []string{"keep", "a", "b"} {
		newSession(t, db, u, id, t0)
	}
	newSession(t, db, other, "theirs", t0)
	at := t0.Add(time.Hour)
	if _, err := db.UpdateUser(ctx, u.ID, model.UserUpdate{PasswordHash: ptr("$new"), EndSessionsExcept: ptr("keep")},
		&model.AuditEvent{AccountID: a.ID, Action: "user.password_changed", At: at}); err != nil {
		t.Fatal(err)
	}
	if ids := openIDs(t, db, u.ID); ids != "[keep]" {
		t.Fatalf("open sessions %s, want [keep]", ids)
	}
	if s, _ := db.FindSession(ctx, "a"); s.ClosedAt == nil || !s.ClosedAt.Equal(at) {
		t.Fatalf("closed at %v, want %v", s.ClosedAt, at)
	}
	got, _ := db.FindUserByID(ctx, u.ID)
	if got.PasswordHash != "$new" {
		t.Fatalf("password hash %q", got.PasswordHash)
	}
	if _, err := db.UpdateUser(ctx, u.ID, model.UserUpdate{EndSessionsExcept: ptr("")}, nil); err != nil {
		t.Fatal(err)
	}
	if ids := openIDs(t, db, u.ID); ids != "[]" {
		t.Fatalf("open sessions %s, want none", ids)
	}
	if ids := openIDs(t, db, other.ID); ids != "[theirs]" {
		t.Fatalf("another user's sessions: %s", ids)
	}
}

// R-SES-1, SPEC §7: migrating a database whose sessions kept their token
// as id closes them and leaves no token behind.
func TestMigrationForgetsSessionTokens(t *testing.T) {
	path := olderDB(t, 6)
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	const token = "0123456789abcdef0123456789abcdef"
	for _, stmt := range []string{
		`INSERT INTO accounts (id, company_name, status, created_at) VALUES (1, 'Acme', 'active', 1)`,
		`INSERT INTO users (id, account_id, name, email, role, status, created_at) VALUES (1, 1, 'Ada', 'ada@acme.example', 'owner', 'active', 1)`,
		`INSERT INTO sessions (id, user_id, account_id, origin_local, created_at, last_active_at, authenticated_at) VALUES ('` + token + `', 1, 1, 1, 1, 1, 1)`,
	} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	db := openDB(t, path)
	if _, err := db.FindSession(ctx, token); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("the old token still finds its session: %v", err)
	}
	if n, _ := db.CountOpenSessions(ctx, 1); n != 0 {
		t.Fatalf("%d sessions stayed open", n)
	}
	db.Close()
	for _, p := range []string{path, path + "-wal"} {
		b, _ := os.ReadFile(p)
		if bytes.Contains(b, []byte(token)) {
			t.Fatalf("%s still holds the token", p)
		}
	}
}

// isOpen is the open half of the session's state.
func isOpen(ctx context.Context, db *store.DB, id string) (bool, error) {
	st, err := db.SessionState(ctx, id)
	return st.Open, err
}
