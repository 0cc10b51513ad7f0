package model_test

import (
	"context"
	"path/filepath"
	"testing"

	"acctl/model"
	"acctl/store"
	"acctl/store/storetest"
)

// tenThousandContacts is a service over an account of 10,000 contacts
// (storetest.SeedContacts) and its owner's session.
func tenThousandContacts(b *testing.B) (*model.Service, context.Context) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "acctl.db")
	db, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	svc := model.NewService(model.Config{Store: db, Hasher: model.NewHasher(testArgon2), Sealer: newSealer(b)})
	sess, err := svc.SignUp(ctx, model.SignUpRequest{CompanyName: "Acme", Name: "Wile Coyote", Email: "wile@acme.example", Password: strongPassword, Origin: model.LocalOrigin})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.SetMustEnableTwoFactor(ctx, sess.UserID, false); err != nil {
		b.Fatal(err)
	}
	storetest.SeedContacts(b, path, sess.AccountID, 10_000)
	return svc, model.WithSession(ctx, sess.Token)
}

// R-SET-2: what one key press on the Contacts screen costs at 10,000
// contacts: a window of 20 through the Service, with the caller's session
// checked, from the top and from the middle.
func BenchmarkServiceListContacts(b *testing.B) {
	svc, owner := tenThousandContacts(b)
	middle := model.ContactCursor{Name: "Contact 05000", Email: "contact05000@contacts.bench.example"}
	for name, cursor := range map[string]model.ContactCursor{"first": {}, "middle": middle} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			done := storetest.CPU(b)
			for b.Loop() {
				if list, err := svc.ListContacts(owner, model.ContactQuery{Cursor: cursor, Limit: 20}); err != nil || len(list) != 20 {
					b.Fatalf("%d, %v", len(list), err)
				}
			}
			done()
		})
	}
}

// R-SET-2: routing one account notification at 10,000 contacts, through
// the Service: the recipients of a billing notice (20), of a security
// notice's Primary copies (10) and of an emergency (200).
func BenchmarkServiceRouting(b *testing.B) {
	svc, owner := tenThousandContacts(b)
	for _, c := range []model.Category{model.CategorySecurity, model.CategoryBilling, model.CategoryEmergency} {
		b.Run(string(c), func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			done := storetest.CPU(b)
			for b.Loop() {
				list, err := svc.NotificationRecipients(owner, c)
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
