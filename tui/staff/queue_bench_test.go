package staff_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/store"
	"acctl/store/storetest"
	"acctl/tui/common"
	"acctl/tui/staff"
	"acctl/tui/tuitest"
)

// bigStaffDriver opens a screen as a staff member of the big requests
// database (100,000 tickets, 1,000,000 messages), in an 80×24 terminal's
// content area.
func bigStaffDriver(b *testing.B, open func(*common.Env) common.Screen) *tuitest.Driver {
	b.Helper()
	db, err := store.Open(storetest.SeedTickets(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	ctx := context.Background()
	token := "bench-staff-token"
	now := time.Now().UTC()
	sess := &model.Session{ID: model.SessionIDFrom(model.WithSession(ctx, token)), UserID: storetest.StaffUserID(0),
		AccountID: storetest.ProviderAccount, Origin: model.LocalOrigin, CreatedAt: now, LastActiveAt: now, AuthenticatedAt: now}
	if err := db.CreateSession(ctx, sess); err != nil {
		b.Fatal(err)
	}
	st := &tuitest.CountingStore{Store: db}
	svc := model.NewService(model.Config{Store: st, Hasher: model.NewHasher(modeltest.Argon2)})
	return tuitest.NewDriver(b, svc, st, token, 80, 21, open)
}

// R-STF-1, issue 13: a key press on the requests queue and on a thread of
// 100,000 messages costs Update and View only (under 1 ms, allocations
// flat); the reads run in commands, settled apart, none from Update.
func BenchmarkStaffKeys(b *testing.B) {
	screens := []struct {
		name string
		open func(*common.Env) common.Screen
	}{{"queue", staff.NewQueue}, {"thread", staff.OpenThread(storetest.LongThread)}}
	keys := []struct {
		name string
		msgs []tea.KeyPressMsg
	}{
		{"down", []tea.KeyPressMsg{tuitest.Key("down")}},
		{"pgdown", []tea.KeyPressMsg{tuitest.Key("pgdown")}},
		{"end+home", []tea.KeyPressMsg{tuitest.Key("end"), tuitest.Key("home")}},
	}
	for _, sc := range screens {
		d := bigStaffDriver(b, sc.open)
		for _, k := range keys {
			b.Run(fmt.Sprintf("%s/%s", sc.name, k.name), func(b *testing.B) {
				b.ReportAllocs()
				var update time.Duration
				n := 0
				for i := 0; b.Loop(); i++ {
					if i%2000 == 1999 {
						d.Press(tuitest.Key("home"))
						d.Settle()
					}
					start := time.Now()
					d.Press(k.msgs[i%len(k.msgs)])
					update += time.Since(start)
					n++
					d.Settle()
				}
				b.ReportMetric(float64(update.Nanoseconds())/float64(n), "ns/update+view")
				if calls := d.Store.Calls.Load(); calls != 0 {
					b.Fatalf("%d store reads were made from Update", calls)
				}
			})
		}
	}
}
