package activity_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/store"
	"acctl/store/storetest"
	"acctl/tui/activity"
	"acctl/tui/tuitest"
)

// historyDriver opens the sign-in history of the big user on a copy of the
// big database (1,000,000 events), in an 80×24 terminal's content area.
func historyDriver(tb testing.TB) *tuitest.Driver {
	tb.Helper()
	h := model.NewHasher(modeltest.Argon2)
	hash, err := h.Hash(context.Background(), tuitest.Password)
	if err != nil {
		tb.Fatal(err)
	}
	path, _ := storetest.SeedBig(tb, hash)
	db, err := store.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	st := &tuitest.CountingStore{Store: db}
	svc := model.NewService(model.Config{Store: st, Hasher: h})
	res, err := svc.SignIn(context.Background(), model.SignInRequest{Email: storetest.BigEmail, Password: tuitest.Password})
	if err != nil {
		tb.Fatal(err)
	}
	return tuitest.NewDriver(tb, svc, st, res.Session.Token, 80, 21, activity.NewHistory)
}

// Issue 9: a key press on the sign-in history costs Update and View only
// (≤ 0.3 ms, allocations flat at a million events); the reads run in
// commands, timed apart, and none is made from Update.
func BenchmarkHistoryKeys(b *testing.B) {
	d := historyDriver(b)
	keys := []struct {
		name string
		msgs []tea.KeyPressMsg
	}{
		{"down", []tea.KeyPressMsg{tuitest.Key("down")}},
		{"pgdown", []tea.KeyPressMsg{tuitest.Key("pgdown")}},
		{"end+home", []tea.KeyPressMsg{tuitest.Key("end"), tuitest.Key("home")}},
	}
	for _, k := range keys {
		b.Run(fmt.Sprintf("events=1M/%s", k.name), func(b *testing.B) {
			b.ReportAllocs()
			var update time.Duration
			n := 0
			for i := 0; b.Loop(); i++ {
				if i%2000 == 1999 { // stay away from the oldest end
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

// The same guard as a test: moving through a million events never reads
// from Update.
func TestHistoryNeverReadsInUpdate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the big database")
	}
	d := historyDriver(t)
	for _, k := range []string{"down", "pgdown", "pgdown", "end", "up", "pgup", "home", "down"} {
		d.Press(tuitest.Key(k))
		d.Settle()
	}
	if n := d.Store.Calls.Load(); n != 0 {
		t.Fatalf("%d store reads were made from Update", n)
	}
	if !strings.Contains(d.Screen.View(), "of 1,000,0") {
		t.Fatalf("no count of a million rows:\n%s", d.Screen.View())
	}
}
