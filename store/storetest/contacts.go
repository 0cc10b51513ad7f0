package storetest

import (
	"database/sql"
	"testing"
	"time"
)

// SeedContacts adds n contacts to the account in the database at path in
// one statement, for the Contacts list and routing benchmarks (R-SET-2):
// names "Contact 00001"…, emails "contact00001@contacts.bench.example"…,
// and the roles of contact i (from 1): every second is Technical and every
// third Abuse, every 50th Emergency, every 500th Billing and every 1000th
// Primary; one that would hold none is Technical. Of 10,000 contacts, a
// billing notification reaches 20 (Billing or Primary), an emergency 200,
// a technical one 8,333. The file stays usable by open handles.
func SeedContacts(tb testing.TB, path string, accountID int64, n int) {
	tb.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		tb.Fatal(err)
	}
	defer raw.Close()
	case_ := `CASE WHEN (i % 1000 = 0) + (i % 2 = 0) * 2 + (i % 500 = 0) * 4 + (i % 3 = 0) * 8 + (i % 50 = 0) * 16 = 0 THEN 2
		ELSE (i % 1000 = 0) + (i % 2 = 0) * 2 + (i % 500 = 0) * 4 + (i % 3 = 0) * 8 + (i % 50 = 0) * 16 END`
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
	_, err = raw.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO contacts (account_id, email, name, roles, created_at, updated_at)
		SELECT ?, printf('contact%05d@contacts.bench.example', i), printf('Contact %05d', i), `+case_+`, ?, ? FROM n`,
		n, accountID, at, at)
	if err != nil {
		tb.Fatalf("seed contacts: %v", err)
	}
}
