package store_test

import (
	"sync"
	"testing"
	"time"

	"acctl/model"
	"acctl/store"
)

// grantFor starts a grant of u's account at at.
func grantFor(t *testing.T, db *store.DB, u *model.User, at time.Time) *model.SupportGrant {
	t.Helper()
	g := &model.SupportGrant{AccountID: u.AccountID, GrantedBy: u.ID, GrantedAt: at, ExpiresAt: at.Add(model.SupportAccessTTL)}
	guard := guardOf(t, db, u, model.ActionSupportAccess)
	if err := db.StartSupportGrant(ctx, guard, g, &model.AuditEvent{AccountID: u.AccountID, Action: "support_access.allowed", At: at}); err != nil {
		t.Fatal(err)
	}
	return g
}

// R-SET-4: however many processes sweep at once, an expired grant's end is
// recorded once and notified once.
func TestGrantEndRecordedAndNotifiedOnce(t *testing.T) {
	path := newPath(t)
	db := openDB(t, path)
	_, u := newAccount(t, db, uniqueEmail("wile"))
	g := grantFor(t, db, u, t0)
	if r, err := db.RunningSupportGrant(ctx, u.AccountID, t0.Add(time.Hour)); err != nil || r.ID != g.ID || r.GrantedByEmail != u.Email {
		t.Fatalf("running: %+v, %v", r, err)
	}
	if a, _ := db.FindAccountByID(ctx, u.AccountID); !a.SupportAccessUntil.Equal(g.ExpiresAt) {
		t.Fatalf("the account reads support access until %v", a.SupportAccessUntil)
	}
	after := g.ExpiresAt
	if _, err := db.RunningSupportGrant(ctx, u.AccountID, after); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("at its end: %v", err)
	}
	const n = 4
	handles := make([]*store.DB, n)
	for i := range handles {
		handles[i] = openDB(t, path)
	}
	var mu sync.Mutex
	ended, marked := 0, 0
	var wg sync.WaitGroup
	b := newBarrier(n)
	for _, h := range handles {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.wait()
			list, err := h.ExpireSupportGrants(ctx, after, 10)
			if err != nil {
				t.Error(err)
			}
			note := &model.Notification{AccountID: u.AccountID, Channel: model.ChannelEmail, To: "ops@example.com", Kind: model.NotifySupportAccessEnded,
				Category: model.CategoryTechnical, Reason: "Technical contact", CreatedAt: after}
			ok, err := h.MarkGrantEndNotified(ctx, g.ID, after, []*model.Notification{note})
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			ended += len(list)
			if ok {
				marked++
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if ended != 1 || marked != 1 {
		t.Fatalf("ended %d times, notified %d times; want once each", ended, marked)
	}
	notes, err := db.ListNotifications(ctx, model.NotificationFilter{AccountID: u.AccountID}, model.EventPage{Limit: 10})
	if err != nil || len(notes) != 1 || notes[0].UserID != 0 || notes[0].Reason != "Technical contact" || notes[0].Category != model.CategoryTechnical {
		t.Fatalf("notifications %+v, %v", notes, err)
	}
	if list, _ := db.UnnotifiedGrantEnds(ctx, 10); len(list) != 0 {
		t.Fatalf("still to notify: %+v", list)
	}
	if a, _ := db.FindAccountByID(ctx, u.AccountID); !a.SupportAccessUntil.IsZero() {
		t.Fatalf("an ended grant still shows: %v", a.SupportAccessUntil)
	}
}

// R-SET-2: routing reads the holders of the roles asked, each once, with
// the account's user of the same address; a user of another account with
// that address is not this account's.
func TestContactRecipients(t *testing.T) {
	db, _ := newDB(t)
	a, owner := newAccount(t, db, "ann@example.com")
	_, stranger := newAccount(t, db, "bob@example.com")
	guard := guardOf(t, db, owner, model.ActionManageContacts)
	for _, c := range []*model.Contact{
		{Email: "ann@example.com", Name: "Ann", Roles: model.ContactPrimary | model.ContactBilling},
		{Email: "bob@example.com", Name: "Bob", Roles: model.ContactBilling},
		{Email: "ops@example.com", Name: "Ops", Roles: model.ContactTechnical},
		{Email: "cfo@example.com", Name: "CFO", Roles: model.ContactPrimary},
	} {
		if err := db.CreateContact(ctx, guard, c, &model.AuditEvent{AccountID: a.ID, Action: "contact.created", At: t0}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.ContactRecipients(ctx, a.ID, model.ContactPrimary|model.ContactBilling)
	if err != nil || len(got) != 3 {
		t.Fatalf("recipients %+v, %v", got, err)
	}
	want := []struct {
		email  string
		userID int64
	}{{"ann@example.com", owner.ID}, {"bob@example.com", 0}, {"cfo@example.com", 0}}
	for i, w := range want {
		if got[i].Email != w.email || got[i].UserID != w.userID {
			t.Errorf("recipient %d = %+v, want %s (user %d)", i, got[i], w.email, w.userID)
		}
	}
	_ = stranger
	if none, err := db.ContactRecipients(ctx, a.ID, 0); err != nil || len(none) != 0 {
		t.Fatalf("no roles: %+v, %v", none, err)
	}
}

// R-SET-1: the details history pages by keyset through the audit log's
// other events.
func TestAccountDetailsHistory(t *testing.T) {
	db, _ := newDB(t)
	a, owner := newAccount(t, db, uniqueEmail("ann"))
	guard := guardOf(t, db, owner, model.ActionEditAccountDetails)
	for i, city := range []string{"Bristol", "Bath", "Cork", "Cork", "Leeds"} {
		d := model.AccountDetails{CompanyName: a.CompanyName, Billing: model.Address{Street: "1 High St", City: city, Country: "GB"}}
		audit := &model.AuditEvent{AccountID: a.ID, Action: model.ActionDetailsChanged, At: t0.Add(time.Duration(i) * time.Minute)}
		if _, err := db.UpdateAccountDetails(ctx, guard, d, audit); err != nil {
			t.Fatal(err)
		}
		if err := db.AddAudit(ctx, &model.AuditEvent{AccountID: a.ID, Action: "session.closed", At: audit.At}); err != nil {
			t.Fatal(err)
		}
	}
	first, err := db.ListAccountDetailsHistory(ctx, a.ID, model.EventPage{Limit: 2})
	if err != nil || len(first) != 2 || first[0].Detail != `City: “Cork” → “Leeds”` {
		t.Fatalf("first window %+v, %v", first, err)
	}
	rest, err := db.ListAccountDetailsHistory(ctx, a.ID, model.EventPage{Cursor: model.EventCursor{At: first[1].At, ID: first[1].ID}, Limit: 10})
	if err != nil || len(rest) != 2 || rest[1].Detail == "" {
		t.Fatalf("the rest %+v, %v (the same details twice make no entry)", rest, err)
	}
}
