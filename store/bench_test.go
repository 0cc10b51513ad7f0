package store_test

import (
	"math"
	"testing"
	"time"

	"acctl/model"
	"acctl/store"
	"acctl/store/storetest"
)

// BenchmarkListAuthEvents reads one window of 20 rows of a user's history
// from a cursor in the middle, towards older and towards newer rows, with
// 1,000 events and with 1,000,000 (storetest.SeedBig): keyset pagination
// keeps the time and the allocations the same for both.
func BenchmarkListAuthEvents(b *testing.B) {
	for _, size := range []struct {
		name string
		open func(b *testing.B) (*store.DB, int64)
	}{
		{"events=1k", smallHistory},
		{"events=1M", func(b *testing.B) (*store.DB, int64) {
			start := time.Now()
			path, userID := storetest.SeedBig(b, "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$a2V5")
			b.Logf("SeedBig: %v", time.Since(start).Round(time.Millisecond))
			return openDB(b, path), userID
		}},
	} {
		b.Run(size.name, func(b *testing.B) {
			db, userID := size.open(b)
			cursor := middle(b, db, userID)
			for _, dir := range []struct {
				name string
				d    model.PageDirection
			}{{"older", model.Older}, {"newer", model.Newer}} {
				b.Run(dir.name, func(b *testing.B) {
					p := model.EventPage{Cursor: cursor, Direction: dir.d, Limit: 20}
					b.ReportAllocs()
					for b.Loop() {
						list, err := db.ListAuthEvents(ctx, userID, p)
						if err != nil || len(list) != 20 {
							b.Fatalf("%d rows, %v", len(list), err)
						}
					}
				})
			}
		})
	}
}

// smallHistory is a database with 1,000 auth events of one user.
func smallHistory(b *testing.B) (*store.DB, int64) {
	db, _ := newDB(b)
	_, u := newAccount(b, db, uniqueEmail("small"))
	for i := range 1000 {
		e := &model.AuthEvent{UserID: u.ID, AccountID: u.AccountID, Email: u.Email, Kind: model.AuthSignIn, Result: model.AuthSucceeded,
			Origin: model.Origin{Remote: "203.0.113.1:40000"}, Client: model.Client{SSHVersion: "SSH-2.0-OpenSSH_9.6", Term: "xterm-256color", OS: "linux"},
			At: t0.Add(time.Duration(i/2) * 30 * time.Second)}
		if err := db.AddAuthEvent(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
	return db, u.ID
}

// middle is a cursor halfway in time between a user's oldest and newest
// events, found with two one-row windows.
func middle(b *testing.B, db *store.DB, userID int64) model.EventCursor {
	newest, err := db.ListAuthEvents(ctx, userID, model.EventPage{Direction: model.Older, Limit: 1})
	if err != nil || len(newest) != 1 {
		b.Fatal(newest, err)
	}
	oldest, err := db.ListAuthEvents(ctx, userID, model.EventPage{Direction: model.Newer, Limit: 1})
	if err != nil || len(oldest) != 1 {
		b.Fatal(oldest, err)
	}
	span := newest[0].At.Sub(oldest[0].At)
	return model.EventCursor{At: oldest[0].At.Add(span / 2), ID: math.MaxInt64}
}
