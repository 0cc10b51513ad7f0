package iam_test

import (
	"context"
	"database/sql"
	"runtime"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/store/storetest"
	"acctl/tui/common"
	"acctl/tui/iam"
	"acctl/tui/tuitest"
)

// usersBench is the Users screen of the big team's owner on a database,
// sized like an 80×24 terminal's content with the screen focused, and the
// store it reads through, counting.
type usersBench struct {
	s     common.Screen
	store *countingStore
	query time.Duration // time spent in commands (the store's reads)
	cpu   time.Duration // CPU time of the thread in Update and View
}

// key delivers msg as the program would, Update and View on the loop, and
// returns what Update asked to run.
func (u *usersBench) key(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	before, _ := threadCPU()
	u.store.during(func() {
		_, cmd = u.s.Update(msg)
		_ = u.s.View()
	})
	after, _ := threadCPU()
	u.cpu += after - before
	return cmd
}

// run runs cmd off the loop, as the program's goroutines do, and delivers
// what it returns; commands that only wait (the spinner, the cursor) are
// not there: the screen starts none.
func (u *usersBench) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	start := time.Now()
	msg := cmd()
	u.query += time.Since(start)
	if batch, ok := msg.(tea.BatchMsg); ok {
		for _, c := range batch {
			u.run(c)
		}
		return
	}
	u.run(u.key(msg))
}

func openUsersBench(tb testing.TB, path string) *usersBench {
	tb.Helper()
	u := &usersBench{store: &countingStore{}}
	env := tuitest.OpenEnv(tb, path, modeltest.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), func(st model.Store) model.Store {
		u.store.Store = st
		return u.store
	})
	res, err := env.Svc.SignIn(context.Background(), model.SignInRequest{Email: storetest.BigTeamEmail, Password: tuitest.Password, Origin: model.LocalOrigin})
	if err != nil || res.Session == nil {
		tb.Fatalf("sign in: %v", err)
	}
	ctx := model.WithSession(context.Background(), res.Session.Token)
	me, err := env.Svc.Caller(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	cenv := &common.Env{Svc: env.Svc, Ctx: ctx, Me: me, Styles: common.NewStyles(true, false), IsDark: true, Now: env.Svc.Now}
	u.s = iam.NewUsers(cenv)
	u.s.SetSize(80, 21)
	u.run(u.s.Init())
	// Sorted by email, the big and the small team mix the same kinds of
	// rows (by name, the nameless invited users come first).
	u.run(u.key(tuitest.Key("o")))
	return u
}

// smallTeam is a copy of the big database whose big team keeps only its
// first n users, so that the two differ in how many users there are and
// not in what a row holds.
func smallTeam(tb testing.TB, hash string, n int) string {
	tb.Helper()
	path, _ := storetest.SeedBig(tb, hash)
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		tb.Fatal(err)
	}
	defer raw.Close()
	var accountID, first int64
	if err := raw.QueryRow(`SELECT account_id, id FROM users WHERE email = ?`, storetest.BigTeamEmail).Scan(&accountID, &first); err != nil {
		tb.Fatal(err)
	}
	for _, stmt := range []string{`DELETE FROM invitations WHERE account_id = ? AND user_id >= ?`, `DELETE FROM users WHERE account_id = ? AND id >= ?`} {
		if _, err := raw.Exec(stmt, accountID, first+int64(n)); err != nil {
			tb.Fatal(err)
		}
	}
	return path
}

// BenchmarkUsersKeys measures one key of the Users screen, its Update and
// View as the program runs them, with 1,000 users and with 100,000
// (storetest's big team): moving, paging, jumping to the ends, and typing
// into the filter. Reads run in commands, off the loop and off the clock;
// query-ms/key is their time, and db-calls-in-update/key counts the store
// calls made from Update or View: 0. Time and allocations per key must not
// grow with the users (issue 9: ≤ 0.3 ms). On a shared machine ns/op
// follows the load; cpu-ms/key is the CPU time of the keys alone (Linux).
func BenchmarkUsersKeys(b *testing.B) {
	hash, err := model.NewHasher(modeltest.Argon2).Hash(context.Background(), tuitest.Password)
	if err != nil {
		b.Fatal(err)
	}
	dbs := []struct {
		name string
		path func() string
	}{
		{"users=1k", func() string { return smallTeam(b, hash, 1000) }},
		{"users=100k", func() string { p, _ := storetest.SeedBig(b, hash); return p }},
	}
	typing := []string{"m", "a", "r", "g", "backspace", "backspace", "backspace", "backspace"}
	keys := []struct {
		name  string
		keys  []string
		every int // back to the first user so often, never reaching the last
	}{
		{"down", []string{"down"}, 500},
		{"pgdown", []string{"pgdown"}, 40},
		{"end+home", []string{"end", "home"}, 1 << 30},
		{"filter-key", typing, 1 << 30},
	}
	for _, d := range dbs {
		path := d.path()
		for _, k := range keys {
			b.Run(d.name+"/"+k.name, func(b *testing.B) {
				runtime.LockOSThread() // for threadCPU
				defer runtime.UnlockOSThread()
				u := openUsersBench(b, path)
				if k.name == "filter-key" {
					u.run(u.key(tuitest.Key("/")))
				}
				u.query, u.cpu = 0, 0
				b.ReportAllocs()
				n := 0
				for ; b.Loop(); n++ {
					if n%k.every == k.every-1 {
						b.StopTimer()
						u.run(u.key(tuitest.Key("home")))
						b.StartTimer()
					}
					if cmd := u.key(tuitest.Key(k.keys[n%len(k.keys)])); cmd != nil {
						b.StopTimer()
						u.run(cmd)
						b.StartTimer()
					}
				}
				b.ReportMetric(float64(u.query.Microseconds())/1000/float64(n), "query-ms/key")
				if _, ok := threadCPU(); ok {
					b.ReportMetric(float64(u.cpu.Microseconds())/1000/float64(n), "cpu-ms/key")
				}
				b.ReportMetric(float64(len(u.store.fromUpdate()))/float64(n), "db-calls-in-update/key")
				if calls := u.store.fromUpdate(); len(calls) > 0 {
					b.Fatalf("store calls from Update or View: %v", calls[:min(len(calls), 10)])
				}
			})
		}
	}
}
