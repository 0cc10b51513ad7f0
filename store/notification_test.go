package store_test

import (
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"acctl/model"
	"acctl/store"
)

// queue adds a notification for u and fails the test on error.
func queue(t *testing.T, db *store.DB, u *model.User, ch model.Channel, kind string, at time.Time) *model.Notification {
	t.Helper()
	n := &model.Notification{AccountID: u.AccountID, UserID: u.ID, Channel: ch, To: u.Email,
		Subject: "Subject " + kind, Body: "Body of " + kind, Kind: kind, Status: model.NotificationQueued,
		CreatedAt: at, NextAttemptAt: at}
	if ch == model.ChannelSMS {
		n.To, n.Subject, n.CarriesCode = "+15550100", "", true
	}
	if err := db.AddNotification(ctx, n); err != nil {
		t.Fatalf("add notification %s: %v", kind, err)
	}
	return n
}

func find(t *testing.T, db *store.DB, id int64) *model.Notification {
	t.Helper()
	n, err := db.FindNotification(ctx, id)
	if err != nil {
		t.Fatalf("find notification %d: %v", id, err)
	}
	return n
}

func ids(list []*model.Notification) []int64 {
	out := []int64{}
	for _, n := range list {
		out = append(out, n.ID)
	}
	return out
}

// SPEC §8: what is queued is read back as it was, times to the nanosecond.
func TestNotificationRoundTrip(t *testing.T) {
	db, _ := newDB(t)
	_, u := newAccount(t, db, uniqueEmail("owner"))
	sent := t0.Add(time.Minute)
	n := &model.Notification{AccountID: u.AccountID, UserID: u.ID, Channel: model.ChannelEmail, To: u.Email,
		Subject: "Sujet é", Body: "line 1\nline 2", Kind: model.NotifyPasswordReset, CarriesCode: true,
		Status: model.NotificationSent, Attempts: 2, LastError: "", CreatedAt: t0, NextAttemptAt: t0.Add(time.Second), SentAt: &sent}
	if err := db.AddNotification(ctx, n); err != nil {
		t.Fatal(err)
	}
	if n.ID == 0 {
		t.Fatal("ID not set")
	}
	if got := find(t, db, n.ID); !reflect.DeepEqual(got, n) {
		t.Fatalf("read back\n%+v\nwant\n%+v", got, n)
	}
	t.Run("defaults", func(t *testing.T) {
		d := &model.Notification{AccountID: u.AccountID, UserID: u.ID, Channel: model.ChannelEmail, To: u.Email, Kind: "x", CreatedAt: t0}
		if err := db.AddNotification(ctx, d); err != nil {
			t.Fatal(err)
		}
		got := find(t, db, d.ID)
		if got.Status != model.NotificationQueued || !got.NextAttemptAt.Equal(t0) || got.SentAt != nil {
			t.Fatalf("defaults: %+v", got)
		}
	})
	t.Run("ENOTFOUND", func(t *testing.T) {
		_, err := db.FindNotification(ctx, 999999)
		wantCode(t, err, model.ENOTFOUND)
		wantCode(t, db.MarkSent(ctx, 999999, t0), model.ENOTFOUND)
		wantCode(t, db.MarkFailed(ctx, 999999, "x", t0, false), model.ENOTFOUND)
	})
	t.Run("unknown user", func(t *testing.T) {
		bad := &model.Notification{AccountID: u.AccountID, UserID: 999999, Channel: model.ChannelEmail, To: "x@example.com", Kind: "x", CreatedAt: t0}
		wantCode(t, db.AddNotification(ctx, bad), model.ENOTFOUND)
	})
}

// The outbox of an account or of one user, newest first, by keyset windows;
// another account's rows never show.
func TestListNotifications(t *testing.T) {
	db, _ := newDB(t)
	a, owner := newAccount(t, db, uniqueEmail("owner"))
	manager := newUser(t, db, a.ID, uniqueEmail("manager"), model.RoleManager, model.UserActive)
	_, stranger := newAccount(t, db, uniqueEmail("stranger"))
	var all, mine []int64 // oldest first
	for i := range 9 {
		u := owner
		if i%3 == 1 {
			u = manager
		}
		at := t0.Add(time.Duration(i/2) * time.Second) // pairs share a time
		n := queue(t, db, u, model.ChannelEmail, fmt.Sprint("k", i), at)
		all = append([]int64{n.ID}, all...)
		if u == manager {
			mine = append([]int64{n.ID}, mine...)
		}
		queue(t, db, stranger, model.ChannelEmail, "noise", at)
	}
	walk := func(f model.NotificationFilter, limit int) []int64 {
		var got []int64
		p := model.EventPage{Limit: limit}
		for {
			list, err := db.ListNotifications(ctx, f, p)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) > limit {
				t.Fatalf("window of %d rows, limit %d", len(list), limit)
			}
			if len(list) == 0 {
				return got
			}
			got = append(got, ids(list)...)
			last := list[len(list)-1]
			p.Cursor = model.EventCursor{At: last.CreatedAt, ID: last.ID}
		}
	}
	for _, tc := range []struct {
		name string
		f    model.NotificationFilter
		want []int64
	}{
		{"account", model.NotificationFilter{AccountID: a.ID}, all},
		{"user", model.NotificationFilter{AccountID: a.ID, UserID: manager.ID}, mine},
	} {
		for _, limit := range []int{1, 2, 4, 100} {
			t.Run(fmt.Sprint(tc.name, " limit ", limit), func(t *testing.T) {
				if got := walk(tc.f, limit); !reflect.DeepEqual(got, tc.want) {
					t.Fatalf("walked %v, want %v", got, tc.want)
				}
			})
		}
	}
	t.Run("towards newer", func(t *testing.T) {
		oldest, err := db.ListNotifications(ctx, model.NotificationFilter{AccountID: a.ID}, model.EventPage{Direction: model.Newer, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := ids(oldest), all[len(all)-2:]; !reflect.DeepEqual(got, want) {
			t.Fatalf("oldest window %v, want %v (newest first)", got, want)
		}
	})
}

// The deliverer's claim: queued emails due at now, oldest due first, up to
// limit; leased so that a second claim does not take them again until the
// lease ends; SMS, future, sent and failed rows are never claimed.
func TestClaimDue(t *testing.T) {
	db, _ := newDB(t)
	_, u := newAccount(t, db, uniqueEmail("owner"))
	const lease = 10 * time.Minute
	due1 := queue(t, db, u, model.ChannelEmail, "due1", t0)
	due2 := queue(t, db, u, model.ChannelEmail, "due2", t0.Add(time.Second))
	due3 := queue(t, db, u, model.ChannelEmail, "due3", t0.Add(2*time.Second))
	later := queue(t, db, u, model.ChannelEmail, "later", t0.Add(time.Hour))
	queue(t, db, u, model.ChannelSMS, "sms", t0)
	sent := queue(t, db, u, model.ChannelEmail, "sent", t0)
	if err := db.MarkSent(ctx, sent.ID, t0); err != nil {
		t.Fatal(err)
	}
	failed := queue(t, db, u, model.ChannelEmail, "failed", t0)
	if err := db.MarkFailed(ctx, failed.ID, "550 no", t0, true); err != nil {
		t.Fatal(err)
	}

	now := t0.Add(time.Minute)
	got, err := db.ClaimDue(ctx, now, 2, lease)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{due1.ID, due2.ID}; !reflect.DeepEqual(ids(got), want) {
		t.Fatalf("claimed %v, want %v", ids(got), want)
	}
	for _, n := range got {
		if n.Attempts != 1 || !n.NextAttemptAt.Equal(now.Add(lease)) || n.Status != model.NotificationQueued {
			t.Errorf("claimed row: attempts %d, next %v, status %s", n.Attempts, n.NextAttemptAt, n.Status)
		}
		if stored := find(t, db, n.ID); !reflect.DeepEqual(stored, n) {
			t.Errorf("returned %+v, stored %+v", n, stored)
		}
	}
	got, err = db.ClaimDue(ctx, now, 10, lease)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{due3.ID}; !reflect.DeepEqual(ids(got), want) {
		t.Fatalf("second claim %v, want %v: leased rows must not be taken again", ids(got), want)
	}
	got, _ = db.ClaimDue(ctx, now.Add(lease-time.Nanosecond), 10, lease)
	if len(got) != 0 {
		t.Fatalf("claimed %v before the lease ended", ids(got))
	}
	got, _ = db.ClaimDue(ctx, now.Add(lease), 10, lease)
	if want := []int64{due1.ID, due2.ID, due3.ID}; !reflect.DeepEqual(ids(got), want) {
		t.Fatalf("after the lease: %v, want %v (a deliverer that died leaves them due)", ids(got), want)
	}
	if got[0].Attempts != 2 {
		t.Errorf("attempts after the second claim = %d, want 2", got[0].Attempts)
	}
	got, _ = db.ClaimDue(ctx, t0.Add(time.Hour), 1, lease)
	if want := []int64{due1.ID}; !reflect.DeepEqual(ids(got), want) {
		t.Fatalf("oldest due first: %v, want %v", ids(got), want)
	}
	got, _ = db.ClaimDue(ctx, t0.Add(time.Hour), 10, lease)
	if want := []int64{due2.ID, due3.ID, later.ID}; !reflect.DeepEqual(ids(got), want) {
		t.Fatalf("at its time: %v, want %v", ids(got), want)
	}
	if got, _ := db.ClaimDue(ctx, t0.Add(1000*time.Hour), 0, lease); len(got) != 0 {
		t.Fatalf("limit 0 claimed %v", ids(got))
	}
}

// R-STO-3: deliverers in several processes (here, several handles with
// their own pools) claim each due email exactly once.
func TestClaimDueOnceAcrossProcesses(t *testing.T) {
	path := newPath(t)
	db := openDB(t, path)
	_, u := newAccount(t, db, uniqueEmail("owner"))
	const n = 60
	for i := range n {
		queue(t, db, u, model.ChannelEmail, fmt.Sprint("m", i), t0)
	}
	const workers = 4
	handles := make([]*store.DB, workers)
	for i := range handles {
		handles[i] = openDB(t, path)
	}
	var mu sync.Mutex
	claimed := map[int64]int{}
	var wg sync.WaitGroup
	b := newBarrier(workers)
	for _, h := range handles {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.wait()
			for {
				list, err := h.ClaimDue(ctx, t0.Add(time.Minute), 3, time.Hour)
				if err != nil {
					t.Error(err)
					return
				}
				if len(list) == 0 {
					return
				}
				mu.Lock()
				for _, m := range list {
					claimed[m.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(claimed) != n {
		t.Fatalf("claimed %d distinct emails, want %d", len(claimed), n)
	}
	for id, c := range claimed {
		if c != 1 {
			t.Errorf("email %d claimed %d times", id, c)
		}
	}
}

// MarkSent and MarkFailed: the state, the kept error, the next attempt, and
// SPEC §7: a one-time code's body is erased once delivered or given up,
// other bodies are kept.
func TestMarkSentAndFailed(t *testing.T) {
	db, _ := newDB(t)
	_, u := newAccount(t, db, uniqueEmail("owner"))
	code := func(kind string) *model.Notification {
		n := &model.Notification{AccountID: u.AccountID, UserID: u.ID, Channel: model.ChannelEmail, To: u.Email,
			Subject: "Your reset code", Body: "Code: 123456", Kind: kind, CarriesCode: true, CreatedAt: t0}
		if err := db.AddNotification(ctx, n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	at := t0.Add(time.Minute)

	t.Run("sent", func(t *testing.T) {
		n := queue(t, db, u, model.ChannelEmail, "plain", t0)
		if err := db.MarkFailed(ctx, n.ID, "421 try later", t0.Add(time.Second), false); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkSent(ctx, n.ID, at); err != nil {
			t.Fatal(err)
		}
		got := find(t, db, n.ID)
		if got.Status != model.NotificationSent || got.SentAt == nil || !got.SentAt.Equal(at) || got.LastError != "" || got.Body != n.Body {
			t.Fatalf("after MarkSent: %+v", got)
		}
		if list, _ := db.ClaimDue(ctx, at.Add(time.Hour), 10, time.Minute); slices.Contains(ids(list), n.ID) {
			t.Fatalf("a sent email was claimed again: %v", ids(list))
		}
	})
	t.Run("retry", func(t *testing.T) {
		n := queue(t, db, u, model.ChannelEmail, "retry", t0)
		next := at.Add(5 * time.Minute)
		if err := db.MarkFailed(ctx, n.ID, "dial tcp: connection refused", next, false); err != nil {
			t.Fatal(err)
		}
		got := find(t, db, n.ID)
		if got.Status != model.NotificationQueued || got.LastError != "dial tcp: connection refused" || !got.NextAttemptAt.Equal(next) || got.Body != n.Body {
			t.Fatalf("after a failed attempt: %+v", got)
		}
		if list, _ := db.ClaimDue(ctx, next.Add(-time.Nanosecond), 10, time.Minute); len(list) != 0 {
			t.Fatalf("claimed before its next attempt: %v", ids(list))
		}
		if list, _ := db.ClaimDue(ctx, next, 10, time.Minute); !reflect.DeepEqual(ids(list), []int64{n.ID}) {
			t.Fatalf("at its next attempt claimed %v, want %d", ids(list), n.ID)
		}
	})
	t.Run("failed for good", func(t *testing.T) {
		n := queue(t, db, u, model.ChannelEmail, "final", t0)
		if err := db.MarkFailed(ctx, n.ID, "550 mailbox unavailable", at, true); err != nil {
			t.Fatal(err)
		}
		got := find(t, db, n.ID)
		if got.Status != model.NotificationFailed || got.LastError != "550 mailbox unavailable" || got.Body != n.Body {
			t.Fatalf("after the last attempt: %+v", got)
		}
		if list, _ := db.ClaimDue(ctx, at.Add(time.Hour), 10, time.Minute); slices.Contains(ids(list), n.ID) {
			t.Fatalf("a failed email was claimed again: %v", ids(list))
		}
	})
	for _, tc := range []struct {
		name string
		mark func(id int64) error
	}{
		{"code erased when sent", func(id int64) error { return db.MarkSent(ctx, id, at) }},
		{"code erased when given up", func(id int64) error { return db.MarkFailed(ctx, id, "550", at, true) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := code(model.NotifyPasswordReset)
			if err := tc.mark(n.ID); err != nil {
				t.Fatal(err)
			}
			if got := find(t, db, n.ID); got.Body != "" || got.Subject != n.Subject {
				t.Fatalf("body %q, subject %q: want the body erased and the subject kept", got.Body, got.Subject)
			}
		})
	}
	t.Run("code kept while retrying", func(t *testing.T) {
		n := code(model.NotifyPasswordReset)
		if err := db.MarkFailed(ctx, n.ID, "421", at, false); err != nil {
			t.Fatal(err)
		}
		if got := find(t, db, n.ID); got.Body != n.Body {
			t.Fatalf("body %q erased before delivery", got.Body)
		}
	})
}

// R-SES-4: the auth event and its notification commit together, or
// neither does.
func TestAddAuthEventAndNotification(t *testing.T) {
	db, _ := newDB(t)
	_, u := newAccount(t, db, uniqueEmail("owner"))
	e := &model.AuthEvent{UserID: u.ID, AccountID: u.AccountID, Email: u.Email, Kind: model.AuthSignIn, Result: model.AuthWrongPassword, Origin: model.LocalOrigin, At: t0}
	n := &model.Notification{AccountID: u.AccountID, UserID: u.ID, Channel: model.ChannelEmail, To: u.Email, Kind: model.NotifySignInAttempt, Body: "b", CreatedAt: t0}
	if err := db.AddAuthEventAndNotification(ctx, e, n); err != nil {
		t.Fatal(err)
	}
	if e.ID == 0 || n.ID == 0 {
		t.Fatalf("IDs not set: event %d, notification %d", e.ID, n.ID)
	}
	if c, _ := db.CountAuthEvents(ctx, u.ID); c != 1 {
		t.Fatalf("%d auth events, want 1", c)
	}
	find(t, db, n.ID)

	bad := &model.Notification{AccountID: u.AccountID, UserID: 999999, Channel: model.ChannelEmail, To: "x", Kind: "x", CreatedAt: t0}
	e2 := &model.AuthEvent{UserID: u.ID, AccountID: u.AccountID, Email: u.Email, Kind: model.AuthSignIn, Result: model.AuthSucceeded, Origin: model.LocalOrigin, At: t0}
	wantCode(t, db.AddAuthEventAndNotification(ctx, e2, bad), model.ENOTFOUND)
	if c, _ := db.CountAuthEvents(ctx, u.ID); c != 1 {
		t.Fatalf("%d auth events after a failed pair, want 1: the event must roll back with its notification", c)
	}
}
