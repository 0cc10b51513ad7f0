package requests_test

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
	"acctl/tui/requests"
	"acctl/tui/tuitest"
)

// benchScreen drives one screen as the program would: a key's Update and
// View on the loop (timed, allocations counted), the commands it starts
// run off the loop and their answers given back.
type benchScreen struct {
	env    *common.Env
	s      common.Screen
	loop   time.Duration
	allocs uint64
	keys   int
}

// key delivers msg on the loop and runs what it starts.
func (d *benchScreen) key(msg tea.Msg) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	next, cmd := d.s.Update(msg)
	_ = next.View()
	d.loop += time.Since(start)
	runtime.ReadMemStats(&after)
	d.allocs += after.Mallocs - before.Mallocs
	d.keys++
	d.run(cmd)
}

// run runs cmd and gives the screen its answers, untimed.
func (d *benchScreen) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
	default:
		_, next := d.s.Update(msg)
		d.run(next)
	}
}

// open makes s the screen driven, sized as an 80×24 terminal's content.
func (d *benchScreen) open(s common.Screen) {
	d.s = s
	s.SetSize(80, 21)
	d.run(s.Init())
	d.run(func() tea.Msg { return common.ResizedMsg{} })
}

func (d *benchScreen) report(b *testing.B) {
	b.ReportMetric(float64(d.loop.Microseconds())/float64(d.keys), "loop-µs/key")
	b.ReportMetric(float64(d.allocs)/float64(d.keys), "loop-allocs/key")
}

// openBigThread signs in the owner of the account with 10,000 of the
// 100,000 tickets, whose first request holds 100,000 of the 1,000,000
// messages (storetest.SeedTickets) and is made the most recently active,
// and opens Requests.
func openBigThread(b *testing.B) *benchScreen {
	b.Helper()
	path := storetest.SeedTickets(b)
	hash, err := model.NewHasher(modeltest.Argon2).Hash(context.Background(), tuitest.Password)
	if err != nil {
		b.Fatal(err)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE users SET password_hash = ? WHERE id = 1`, hash); err != nil {
		b.Fatal(err)
	}
	// The long thread is the most recently active request: the list's first.
	if _, err := raw.Exec(`UPDATE tickets SET updated_at = (SELECT max(updated_at) FROM tickets) + 1 WHERE id = ?`, storetest.LongThread); err != nil {
		b.Fatal(err)
	}
	raw.Close()
	env := tuitest.OpenEnv(b, path, modeltest.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), nil)
	res, err := env.Svc.SignIn(context.Background(), model.SignInRequest{Email: "user1@tickets.bench.example", Password: tuitest.Password, Origin: model.LocalOrigin})
	if err != nil || res.Session == nil {
		b.Fatalf("sign in: %v", err)
	}
	ctx := model.WithSession(context.Background(), res.Session.Token)
	me, err := env.Svc.Caller(ctx)
	if err != nil {
		b.Fatal(err)
	}
	cenv := &common.Env{Svc: env.Svc, Ctx: ctx, Me: me, Styles: common.NewStyles(true, false), IsDark: true, Now: env.Svc.Now}
	d := &benchScreen{env: cenv}
	d.open(requests.New(cenv))
	return d
}

// Requests at 100,000 tickets and 1,000,000 messages (issue 13, R-TKT-2):
// what a key costs on the update loop in the list of the account's 10,000
// requests and in the thread of 100,000 messages, paging towards older
// rows; the reads run in commands, off the loop, between the keys.
func BenchmarkRequestsAtScale(b *testing.B) {
	d := openBigThread(b)
	b.Run("list", func(b *testing.B) {
		d.loop, d.allocs, d.keys = 0, 0, 0
		for b.Loop() {
			d.key(tuitest.Key("pgdown"))
		}
		d.report(b)
	})
	d.key(tuitest.Key("g"))
	d.key(tuitest.Key("enter"))
	ops := d.env.Nav.Drain()
	if len(ops) != 1 || ops[0].Screen.Title() != "Request #1" {
		b.Fatalf("enter opened %v, want request #1's thread", ops)
	}
	d.open(ops[0].Screen)
	b.Run("thread", func(b *testing.B) {
		d.loop, d.allocs, d.keys = 0, 0, 0
		for b.Loop() {
			d.key(tuitest.Key("pgup"))
		}
		d.report(b)
	})
}
