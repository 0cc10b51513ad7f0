package store_test

import (
	"testing"
	"time"

	"acctl/model"
	"acctl/store"
	"acctl/store/storetest"
)

// bigTickets opens a copy of the big requests database (100,000 tickets,
// 1,000,000 messages).
func bigTickets(b *testing.B) *store.DB {
	start := time.Now()
	path := storetest.SeedTickets(b)
	b.Logf("SeedTickets: %v", time.Since(start).Round(time.Millisecond))
	return openDB(b, path)
}

// pageLimit is one screenful of rows.
const pageLimit = 20

// BenchmarkTicketQueue reads one window of the staff's requests queue
// (R-STF-1) at 100,000 tickets: from the front, from a cursor in the
// middle either way, and of one status; keyset paging keeps each read to
// one index range of pageLimit rows.
func BenchmarkTicketQueue(b *testing.B) {
	db := bigTickets(b)
	for _, status := range []model.TicketStatus{"", model.TicketWaitingCustomer} {
		name := "status=" + string(status)
		if status == "" {
			name = "status=waiting-for-staff"
		}
		middle := queueMiddle(b, db, status)
		for _, tc := range []struct {
			name string
			page model.QueuePage
		}{
			{"front", model.QueuePage{Limit: pageLimit}},
			{"middle-forward", model.QueuePage{Cursor: middle, Limit: pageLimit}},
			{"middle-backward", model.QueuePage{Cursor: middle, Backward: true, Limit: pageLimit}},
		} {
			b.Run(name+"/"+tc.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					list, err := db.TicketQueue(ctx, status, tc.page)
					if err != nil || len(list) != pageLimit {
						b.Fatalf("%d rows, %v", len(list), err)
					}
				}
			})
		}
	}
}

// queueMiddle is a cursor halfway through a queue, found by its first and
// last rows.
func queueMiddle(b *testing.B, db *store.DB, status model.TicketStatus) model.EventCursor {
	first, err := db.TicketQueue(ctx, status, model.QueuePage{Limit: 1})
	if err != nil || len(first) != 1 {
		b.Fatal(first, err)
	}
	last, err := db.TicketQueue(ctx, status, model.QueuePage{Backward: true, Limit: 1})
	if err != nil || len(last) != 1 {
		b.Fatal(last, err)
	}
	span := last[0].StatusSince.Sub(first[0].StatusSince)
	return model.EventCursor{At: first[0].StatusSince.Add(span / 2), ID: 0}
}

// BenchmarkListTickets reads one window of a customer's requests list
// (R-TKT-2) in the account that holds 10,000 of the 100,000 tickets: all
// statuses or one, the newest and from the middle.
func BenchmarkListTickets(b *testing.B) {
	db := bigTickets(b)
	newest, err := db.ListTickets(ctx, storetest.BigCustomer, "", model.EventPage{Limit: 1})
	if err != nil || len(newest) != 1 {
		b.Fatal(newest, err)
	}
	oldest, err := db.ListTickets(ctx, storetest.BigCustomer, "", model.EventPage{Direction: model.Newer, Limit: 1})
	if err != nil || len(oldest) != 1 {
		b.Fatal(oldest, err)
	}
	middle := model.EventCursor{At: oldest[0].UpdatedAt.Add(newest[0].UpdatedAt.Sub(oldest[0].UpdatedAt) / 2)}
	for _, status := range []model.TicketStatus{"", model.TicketOpen} {
		for _, tc := range []struct {
			name string
			page model.EventPage
		}{
			{"newest", model.EventPage{Limit: pageLimit}},
			{"middle-older", model.EventPage{Cursor: middle, Direction: model.Older, Limit: pageLimit}},
			{"middle-newer", model.EventPage{Cursor: middle, Direction: model.Newer, Limit: pageLimit}},
		} {
			b.Run("status="+string(status)+"/"+tc.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					list, err := db.ListTickets(ctx, storetest.BigCustomer, status, tc.page)
					if err != nil || len(list) != pageLimit {
						b.Fatalf("%d rows, %v", len(list), err)
					}
				}
			})
		}
	}
}

// BenchmarkTicketThread reads one window of a thread (R-TKT-2) at
// 1,000,000 messages: of the thread of 100,000 messages, from its start
// and from its middle, and of a thread of ten.
func BenchmarkTicketThread(b *testing.B) {
	db := bigTickets(b)
	first, err := db.ListTicketMessages(ctx, storetest.LongThread, model.EventPage{Direction: model.Newer, Limit: 1})
	if err != nil || len(first) != 1 {
		b.Fatal(first, err)
	}
	middle := model.EventCursor{At: first[0].At.Add(storetest.LongThreadMessages / 2 * 10 * time.Second)}
	for _, tc := range []struct {
		name   string
		ticket int64
		page   model.EventPage
		rows   int
	}{
		{"long/first", storetest.LongThread, model.EventPage{Direction: model.Newer, Limit: pageLimit}, pageLimit},
		{"long/middle-newer", storetest.LongThread, model.EventPage{Cursor: middle, Direction: model.Newer, Limit: pageLimit}, pageLimit},
		{"long/middle-older", storetest.LongThread, model.EventPage{Cursor: middle, Direction: model.Older, Limit: pageLimit}, pageLimit},
		{"short/first", storetest.BigTickets / 2, model.EventPage{Direction: model.Newer, Limit: pageLimit}, 9},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				list, err := db.ListTicketMessages(ctx, tc.ticket, tc.page)
				if err != nil || len(list) != tc.rows {
					b.Fatalf("%d rows, %v", len(list), err)
				}
			}
		})
	}
}
