package model_test

import (
	"context"
	"testing"
	"time"

	"acctl/model"
	"acctl/store"
	"acctl/store/storetest"
)

// BenchmarkStaffQueuePage is what a staff console pays per screen of the
// requests queue and of a long thread at 100,000 tickets and 1,000,000
// messages (R-STF-1, R-TKT-2): the Service's checks of the caller (session,
// user, account, 2FA state) and one keyset window of 20 rows.
func BenchmarkStaffQueuePage(b *testing.B) {
	ctx := context.Background()
	db, err := store.Open(storetest.SeedTickets(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	now := time.Now().UTC()
	token := "bench-staff-session-0000000000000"
	sess := &model.Session{ID: model.SessionIDFrom(model.WithSession(ctx, token)), UserID: storetest.StaffUserID(0), AccountID: storetest.ProviderAccount,
		Origin: model.LocalOrigin, CreatedAt: now, LastActiveAt: now, AuthenticatedAt: now}
	if err := db.CreateSession(ctx, sess); err != nil {
		b.Fatal(err)
	}
	svc := model.NewService(model.Config{Store: db, Hasher: model.NewHasher(testArgon2)})
	staff := model.WithSession(ctx, token)
	if a, err := svc.Me(staff); err != nil || !a.IsStaff() {
		b.Fatalf("bench staff member: %v", err)
	}
	b.Run("queue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if list, err := svc.TicketQueue(staff, "", model.QueuePage{Limit: 20}); err != nil || len(list) != 20 {
				b.Fatalf("%d rows, %v", len(list), err)
			}
		}
	})
	b.Run("thread", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			p := model.EventPage{Direction: model.Newer, Limit: 20}
			if list, err := svc.TicketThread(staff, storetest.LongThread, p); err != nil || len(list) != 20 {
				b.Fatalf("%d rows, %v", len(list), err)
			}
		}
	})
}
