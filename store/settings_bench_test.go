package store_test

import (
	"testing"

	"acctl/model"
	"acctl/store"
	"acctl/store/storetest"
)

// contactsAt10k is a database with one account of 10,000 contacts
// (storetest.SeedContacts) besides a few of another account.
func contactsAt10k(b *testing.B) (*store.DB, int64) {
	db, path := newDB(b)
	a, _ := newAccount(b, db, uniqueEmail("ten"))
	other, _ := newAccount(b, db, uniqueEmail("other"))
	storetest.SeedContacts(b, path, a.ID, 10_000)
	storetest.SeedContacts(b, path, other.ID, 100)
	return db, a.ID
}

// BenchmarkListContacts reads one window of 20 contacts of an account of
// 10,000 (R-SET-2): the first, the last, and either way from the middle.
// Keyset reads keep it the same wherever the window is.
func BenchmarkListContacts(b *testing.B) {
	db, accountID := contactsAt10k(b)
	middle := model.ContactCursor{Name: "Contact 05000", Email: "contact05000@contacts.bench.example"}
	for _, tc := range []struct {
		name   string
		cursor model.ContactCursor
	}{
		{"first", model.ContactCursor{}},
		{"last", model.ContactCursor{Backward: true}},
		{"after-middle", middle},
		{"before-middle", model.ContactCursor{Name: middle.Name, Email: middle.Email, Backward: true}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			q := model.ContactQuery{Cursor: tc.cursor, Limit: 20}
			b.ReportAllocs()
			done := storetest.CPU(b)
			for b.Loop() {
				list, err := db.ListContacts(ctx, accountID, q)
				if err != nil || len(list) != 20 {
					b.Fatalf("%d contacts, %v", len(list), err)
				}
			}
			done()
		})
	}
}

// BenchmarkContactRecipients routes a notification of each category in an
// account of 10,000 contacts (R-SET-2): its cost follows the recipients
// (20 for billing, 10 for security's Primary copies, 200 for an
// emergency, 8,333 for technical), not the contacts.
func BenchmarkContactRecipients(b *testing.B) {
	db, accountID := contactsAt10k(b)
	for _, c := range []model.Category{model.CategorySecurity, model.CategoryBilling, model.CategoryEmergency, model.CategoryTechnical} {
		b.Run(string(c), func(b *testing.B) {
			roles := c.ContactRole() | model.ContactPrimary
			b.ReportAllocs()
			n := 0
			done := storetest.CPU(b)
			for b.Loop() {
				list, err := db.ContactRecipients(ctx, accountID, roles)
				if err != nil {
					b.Fatal(err)
				}
				n = len(list)
			}
			done()
			b.ReportMetric(float64(n), "recipients")
		})
	}
}
