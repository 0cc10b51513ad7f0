package store_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"acctl/model"
	"acctl/store"
)

// event is what the keyset tests need of an auth or audit event.
type event struct {
	at time.Time
	id int64
}

type lister func(p model.EventPage) ([]event, error)

// seedEvents writes n events of one owner (a user or an account) in random
// order over few distinct timestamps, so that many share one, and IDs do
// not follow time; and some of another owner between them. It returns the
// owner's events newest first and the lister of that owner's windows.
func seedEvents(t *testing.T, db *store.DB, n int, kind string) ([]event, lister) {
	t.Helper()
	_, u := newAccount(t, db, uniqueEmail("keyset"))
	_, other := newAccount(t, db, uniqueEmail("noise"))
	rng := rand.New(rand.NewPCG(1, 2))
	var want []event
	if kind == "audit" { // the sign-up's own event
		signup, err := db.ListAudit(ctx, u.AccountID, model.EventPage{Limit: 10})
		if err != nil || len(signup) != 1 {
			t.Fatalf("sign-up audit: %v, %v", signup, err)
		}
		want = append(want, event{signup[0].At, signup[0].ID})
		n--
	}
	for i := range n + n/4 {
		at := t0.Add(time.Duration(rng.IntN(n/8)) * time.Second)
		owner := u
		if i%5 == 4 {
			owner = other
		}
		var id int64
		switch kind {
		case "auth":
			e := &model.AuthEvent{UserID: owner.ID, AccountID: owner.AccountID, Email: owner.Email, Kind: model.AuthSignIn, Result: model.AuthSucceeded, At: at}
			if err := db.AddAuthEvent(ctx, e); err != nil {
				t.Fatal(err)
			}
			id = e.ID
		case "audit":
			e := &model.AuditEvent{AccountID: owner.AccountID, Action: "x", At: at}
			if err := db.AddAudit(ctx, e); err != nil {
				t.Fatal(err)
			}
			id = e.ID
		}
		if owner == u {
			want = append(want, event{at, id})
		}
	}
	sort.Slice(want, func(i, j int) bool {
		if !want[i].at.Equal(want[j].at) {
			return want[i].at.After(want[j].at)
		}
		return want[i].id > want[j].id
	})
	list := func(p model.EventPage) ([]event, error) {
		var out []event
		switch kind {
		case "auth":
			l, err := db.ListAuthEvents(ctx, u.ID, p)
			for _, e := range l {
				out = append(out, event{e.At, e.ID})
			}
			return out, err
		default:
			l, err := db.ListAudit(ctx, u.AccountID, p)
			for _, e := range l {
				out = append(out, event{e.At, e.ID})
			}
			return out, err
		}
	}
	return want, list
}

// R-SES-3, R-AUD-1: keyset pagination on (at, id), newest first. Walking
// towards older rows and back towards newer ones, with any window size,
// meets every row once, in order, with timestamps shared by many rows.
func TestKeysetWalk(t *testing.T) {
	for _, kind := range []string{"auth", "audit"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			db, _ := newDB(t)
			want, list := seedEvents(t, db, 1000, kind)
			if len(want) != 1000 {
				t.Fatalf("seeded %d events", len(want))
			}
			for _, limit := range []int{1, 7, 20, 999, 1000, 1001} {
				t.Run(fmt.Sprint("limit ", limit), func(t *testing.T) {
					walk(t, list, want, limit)
				})
			}
		})
	}
}

func walk(t *testing.T, list lister, want []event, limit int) {
	t.Helper()
	// Older, from the newest.
	var got []event
	p := model.EventPage{Direction: model.Older, Limit: limit}
	for {
		w, err := list(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(w) > limit {
			t.Fatalf("window of %d rows, limit %d", len(w), limit)
		}
		if len(w) == 0 {
			break
		}
		got = append(got, w...)
		last := w[len(w)-1]
		p.Cursor = model.EventCursor{At: last.at, ID: last.id}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("older walk: %d rows, first difference at %d", len(got), firstDiff(got, want))
	}
	// Newer, from the oldest: windows come newest first, so prepend.
	got = nil
	p = model.EventPage{Direction: model.Newer, Limit: limit}
	for {
		w, err := list(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(w) > limit {
			t.Fatalf("window of %d rows, limit %d", len(w), limit)
		}
		if len(w) == 0 {
			break
		}
		got = append(slices.Clone(w), got...)
		p.Cursor = model.EventCursor{At: w[0].at, ID: w[0].id}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("newer walk: %d rows, first difference at %d", len(got), firstDiff(got, want))
	}
}

func firstDiff(a, b []event) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// The windows next to a cursor in the middle are the rows closest to it,
// newest first; a zero cursor reads from either end.
func TestKeysetWindows(t *testing.T) {
	db, _ := newDB(t)
	want, list := seedEvents(t, db, 200, "auth")
	mid := want[100]
	cursor := model.EventCursor{At: mid.at, ID: mid.id}
	for _, tc := range []struct {
		name string
		p    model.EventPage
		want []event
	}{
		{"newest", model.EventPage{Direction: model.Older, Limit: 10}, want[:10]},
		{"oldest", model.EventPage{Direction: model.Newer, Limit: 10}, want[190:]},
		{"older than the middle", model.EventPage{Cursor: cursor, Direction: model.Older, Limit: 10}, want[101:111]},
		{"newer than the middle", model.EventPage{Cursor: cursor, Direction: model.Newer, Limit: 10}, want[90:100]},
		{"newer near the end", model.EventPage{Cursor: model.EventCursor{At: want[3].at, ID: want[3].id}, Direction: model.Newer, Limit: 10}, want[:3]},
		{"no limit", model.EventPage{Limit: 0}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := list(tc.p)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v\nwant %v", got, tc.want)
			}
		})
	}
}

// R-SES-3: an attempt keeps its time, kind, result, origin and client; an
// attempt on an unknown email belongs to no user.
func TestAuthEventRoundTrip(t *testing.T) {
	db, _ := newDB(t)
	_, u := newAccount(t, db, "history@example.com")
	e := &model.AuthEvent{UserID: u.ID, AccountID: u.AccountID, Email: u.Email, Kind: model.AuthConfirm, Result: model.AuthWrongPassword,
		Origin: model.Origin{Remote: "198.51.100.4:2222"}, Client: model.Client{SSHVersion: "SSH-2.0-PuTTY", Term: "xterm", OS: "linux"}, At: t0}
	unknown := &model.AuthEvent{Email: "ghost@example.com", Kind: model.AuthSignIn, Result: model.AuthUnknownEmail, Origin: model.LocalOrigin, At: t0}
	for _, ev := range []*model.AuthEvent{e, unknown} {
		if err := db.AddAuthEvent(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	list, err := db.ListAuthEvents(ctx, u.ID, model.EventPage{Limit: 10})
	if err != nil || len(list) != 1 || !reflect.DeepEqual(list[0], e) {
		t.Fatalf("ListAuthEvents = %+v, %v; want [%+v]", list, err, e)
	}
	if n, err := db.CountAuthEvents(ctx, u.ID); n != 1 || err != nil {
		t.Fatalf("CountAuthEvents = %d, %v", n, err)
	}
	if unknown.ID == 0 || unknown.ID == e.ID {
		t.Fatalf("unknown-email event ID %d", unknown.ID)
	}
}

// R-PWD-5: 20 attempts on one key at one instant, from two handles (as two
// processes): each is counted before it is checked, one after another, so
// exactly the first five pass (with counts 1…5) and the other fifteen see
// the five-failure wait; nothing slips past the count.
func TestBeginAttemptCountsParallelGuesses(t *testing.T) {
	path := newPath(t)
	handles := []*store.DB{openDB(t, path), openDB(t, path)}
	const key = "target@example.com"
	type result struct {
		th      model.Throttle
		allowed bool
		err     error
	}
	results := make([]result, 20)
	var wg sync.WaitGroup
	start := newBarrier(len(results))
	for i := range results {
		wg.Go(func() {
			start.wait()
			th, ok, err := handles[i%2].BeginAttempt(ctx, key, t0, model.PasswordThrottle.Rule)
			results[i] = result{th, ok, err}
		})
	}
	wg.Wait()
	var counts []int
	until := t0.Add(time.Minute)
	for _, r := range results {
		switch {
		case r.err != nil:
			t.Fatal(r.err)
		case r.allowed:
			counts = append(counts, r.th.Failures)
		case r.th.Failures != 5 || !r.th.LockedUntil.Equal(until):
			t.Errorf("refused with %+v, want 5 failures until %v", r.th, until)
		}
	}
	sort.Ints(counts)
	if !slices.Equal(counts, []int{1, 2, 3, 4, 5}) {
		t.Fatalf("allowed attempts counted %v, want [1 2 3 4 5]", counts)
	}
	th, err := handles[0].Throttle(ctx, key)
	if err != nil || th.Failures != 5 || !th.LockedUntil.Equal(until) {
		t.Fatalf("Throttle = %+v, %v; want 5 failures until %v", th, err, until)
	}
}

// R-PWD-5: the wait ends at LockedUntil; the next attempt is counted and
// waits again per lockFor; a success (SaveThrottle zero) resets the key;
// other keys are untouched.
func TestBeginAttemptSequence(t *testing.T) {
	db, _ := newDB(t)
	const key = "seq@example.com"
	for i := 1; i <= 5; i++ {
		th, ok, err := db.BeginAttempt(ctx, key, t0, model.PasswordThrottle.Rule)
		if err != nil || !ok || th.Failures != i {
			t.Fatalf("attempt %d: %+v, %v, %v", i, th, ok, err)
		}
		if i < 5 && !th.LockedUntil.IsZero() {
			t.Fatalf("attempt %d set a wait: %+v", i, th)
		}
	}
	if _, ok, _ := db.BeginAttempt(ctx, key, t0.Add(59*time.Second), model.PasswordThrottle.Rule); ok {
		t.Fatal("allowed during the first minute's wait")
	}
	th, ok, err := db.BeginAttempt(ctx, key, t0.Add(time.Minute), model.PasswordThrottle.Rule)
	if err != nil || !ok || th.Failures != 6 || !th.LockedUntil.Equal(t0.Add(3*time.Minute)) {
		t.Fatalf("after the wait: %+v, %v, %v; want 6 failures until +3m", th, ok, err)
	}
	if other, _ := db.Throttle(ctx, "other@example.com"); other != (model.Throttle{}) {
		t.Fatalf("another key: %+v", other)
	}
	if err := db.SaveThrottle(ctx, key, model.Throttle{}); err != nil {
		t.Fatal(err)
	}
	if th, err := db.Throttle(ctx, key); err != nil || th != (model.Throttle{}) {
		t.Fatalf("after a success: %+v, %v", th, err)
	}
	saved := model.Throttle{Failures: 3, LockedUntil: t0}
	if err := db.SaveThrottle(ctx, key, saved); err != nil {
		t.Fatal(err)
	}
	if th, _ := db.Throttle(ctx, key); th.Failures != 3 || !th.LockedUntil.Equal(t0) {
		t.Fatalf("SaveThrottle round trip: %+v", th)
	}
}

// R-PWD-5, R-SES-3: the purges delete what is past its keeping, and
// nothing else.
func TestPurges(t *testing.T) {
	db, _ := newDB(t)
	quiet, waiting, recent := "quiet@example.com", "waiting@example.com", "recent@example.com"
	for key, th := range map[string]model.Throttle{
		quiet:   {Failures: 5, LockedUntil: t0.Add(-25 * time.Hour), LastAt: t0.Add(-26 * time.Hour)},
		waiting: {Failures: 9, LockedUntil: t0.Add(time.Hour), LastAt: t0.Add(-48 * time.Hour)},
		recent:  {Failures: 2, LastAt: t0.Add(-time.Hour)},
	} {
		if err := db.SaveThrottle(ctx, key, th); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := db.PurgeThrottles(ctx, t0, 24*time.Hour); err != nil || n != 1 {
		t.Fatalf("purged %d throttles, %v; want the quiet one", n, err)
	}
	for key, kept := range map[string]bool{quiet: false, waiting: true, recent: true} {
		if th, _ := db.Throttle(ctx, key); (th.Failures > 0) != kept {
			t.Errorf("%s: %+v, kept %v", key, th, kept)
		}
	}
	for _, at := range []time.Time{t0.Add(-401 * 24 * time.Hour), t0.Add(-400 * 24 * time.Hour), t0} {
		if err := db.AddAuthEvent(ctx, &model.AuthEvent{Email: "x@example.com", Kind: model.AuthSignIn, Result: model.AuthUnknownEmail, At: at}); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := db.PurgeAuthEvents(ctx, t0.Add(-400*24*time.Hour)); err != nil || n != 1 {
		t.Fatalf("purged %d events, %v; want the one older than 400 days", n, err)
	}
}

// lockAfterFive is R-PWD-5's shape: no wait for the first four failures,
// a minute from the fifth.
func lockAfterFive(failures int) time.Duration {
	if failures < 5 {
		return 0
	}
	return time.Minute
}

// R-SES-3: a batch of history (the demo's) lands whole, with IDs, or not
// at all.
func TestAddAuthEventsAllOrNone(t *testing.T) {
	db, _ := newDB(t)
	a, owner := newAccount(t, db, "batch@example.com")
	event := func(userID int64) *model.AuthEvent {
		return &model.AuthEvent{UserID: userID, AccountID: a.ID, Email: owner.Email, Kind: model.AuthSignIn, Result: model.AuthSucceeded, At: t0}
	}
	good := []*model.AuthEvent{event(owner.ID), event(owner.ID), event(owner.ID)}
	if err := db.AddAuthEvents(ctx, good); err != nil {
		t.Fatal(err)
	}
	for _, e := range good {
		if e.ID == 0 {
			t.Fatal("an event got no ID")
		}
	}
	bad := []*model.AuthEvent{event(owner.ID), event(owner.ID + 1000)} // no such user
	if err := db.AddAuthEvents(ctx, bad); err == nil {
		t.Fatal("a batch with an unknown user was stored")
	}
	if n, err := db.CountAuthEvents(ctx, owner.ID); err != nil || n != len(good) {
		t.Fatalf("%d events, %v; want the first batch's %d only", n, err, len(good))
	}
}
