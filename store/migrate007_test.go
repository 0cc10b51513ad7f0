package store_test

import (
	"bytes"
	"database/sql"
	"os"
	"testing"

	"acctl/model"
)

// SPEC §7: migrating a database whose undelivered code messages held
// their code in plain text erases the code and gives the message up,
// with a sentence; the file keeps no copy.
func TestMigrationErasesPlainCodes(t *testing.T) {
	path := olderDB(t, 6)
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	const code = "k3jd-8fh2-0q9m-abcd-efgh-jkmn"
	for _, stmt := range []string{
		`INSERT INTO accounts (id, company_name, status, created_at) VALUES (1, 'Acme', 'active', 1)`,
		`INSERT INTO users (id, account_id, name, email, role, status, created_at) VALUES (1, 1, 'Ada', 'ada@acme.example', 'owner', 'active', 1)`,
		`INSERT INTO notifications (account_id, user_id, channel, recipient, body, kind, carries_code, status, at, next_attempt_at)
			VALUES (1, 1, 'email', 'ada@acme.example', 'Your reset code: ` + code + `', 'password reset code', 1, 'queued', 1, 1)`,
		`INSERT INTO notifications (account_id, user_id, channel, recipient, body, kind, carries_code, status, at, next_attempt_at)
			VALUES (1, 1, 'email', 'ada@acme.example', 'Your password was changed.', 'password changed', 0, 'queued', 2, 2)`,
		`INSERT INTO reset_codes (user_id, code_hash, created_at, expires_at) VALUES (1, x'00', 1, 2)`,
	} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	db := openDB(t, path)
	list, err := db.ListNotifications(ctx, model.NotificationFilter{AccountID: 1}, model.EventPage{Limit: 5})
	if err != nil || len(list) != 2 {
		t.Fatalf("%d notifications, %v", len(list), err)
	}
	for _, n := range list {
		switch {
		case n.CarriesCode && (n.Body != "" || n.Status != model.NotificationFailed || n.LastError == ""):
			t.Fatalf("the code message after the migration: %+v", n)
		case !n.CarriesCode && (n.Body == "" || n.Status != model.NotificationQueued):
			t.Fatalf("another message was touched: %+v", n)
		}
	}
	db.Close()
	for _, p := range []string{path, path + "-wal"} {
		if b, _ := os.ReadFile(p); bytes.Contains(b, []byte(code)) {
			t.Fatalf("%s still holds the code", p)
		}
	}
}
