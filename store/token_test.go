package store_test

import (
	"sync"
	"testing"
	"time"

	"acctl/model"
	"acctl/store"
)

func newToken(u *model.User, name, secret string, expires *time.Time) *model.APIToken {
	return &model.APIToken{AccountID: u.AccountID, UserID: u.ID, Name: name, Access: model.TokenReadOnly,
		Prefix: "acctl_ro_abcd", Hash: codeHash(secret), CreatedAt: t0, ExpiresAt: expires}
}

func addToken(t *testing.T, db *store.DB, tok *model.APIToken) *model.APIToken {
	t.Helper()
	if err := db.CreateToken(ctx, tok, audit("token.created")); err != nil {
		t.Fatalf("create token %s: %v", tok.Name, err)
	}
	return tok
}

// A name is unique among a user's active tokens, decided under the write
// lock: of concurrent creations one wins; expired and revoked tokens do
// not hold their name.
func TestTokenNameUniqueAmongActive(t *testing.T) { // R-TOK-1
	db, _ := newDB(t)
	_, u := newAccount(t, db, uniqueEmail("wile"))
	_, other := newAccount(t, db, uniqueEmail("bugs"))

	const n = 8
	b := newBarrier(n)
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.wait()
			errs[i] = db.CreateToken(ctx, newToken(u, "ci", string(rune('a'+i)), nil), audit("token.created"))
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch model.ErrorCode(err) {
		case "":
			won++
		case model.ECONFLICT:
		default:
			t.Fatalf("unexpected error %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d concurrent creations of one name succeeded, want 1", won)
	}
	addToken(t, db, newToken(other, "ci", "other user", nil)) // another user's name is free

	past := t0.Add(-time.Minute)
	expired := addToken(t, db, newToken(u, "old", "expired", &past))
	addToken(t, db, newToken(u, "old", "replaces expired", nil))
	if got, _ := db.FindToken(ctx, expired.ID); got.RevokedAt != nil {
		t.Fatal("the expired token was revoked")
	}
	gone := addToken(t, db, newToken(u, "gone", "revoked", nil))
	if err := db.RevokeToken(ctx, nil, gone.ID, audit("token.revoked")); err != nil {
		t.Fatal(err)
	}
	addToken(t, db, newToken(u, "gone", "replaces revoked", nil))
	wantCode(t, db.RevokeToken(ctx, nil, gone.ID, audit("token.revoked")), model.ENOTFOUND)
}

// Rotation revokes the old token and inserts the new one together; a
// token already revoked is not rotated and nothing is inserted.
func TestRotateTokenIsAtomic(t *testing.T) { // R-TOK-2
	db, _ := newDB(t)
	_, u := newAccount(t, db, uniqueEmail("wile"))
	old := addToken(t, db, newToken(u, "ci", "old", nil))
	next := newToken(u, "ci", "new", nil)
	if err := db.RotateToken(ctx, old.ID, next, audit("token.rotated")); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindTokenByHash(ctx, codeHash("old"))
	if err != nil || got.RevokedAt == nil || !got.RevokedAt.Equal(t0) {
		t.Fatalf("old token after rotation: %+v, %v", got, err)
	}
	if got, err := db.FindTokenByHash(ctx, codeHash("new")); err != nil || got.ID != next.ID || got.RevokedAt != nil || got.IssuerEmail != u.Email {
		t.Fatalf("new token: %+v, %v", got, err)
	}
	again := newToken(u, "ci", "newer", nil)
	wantCode(t, db.RotateToken(ctx, old.ID, again, audit("token.rotated")), model.ENOTFOUND)
	_, err = db.FindTokenByHash(ctx, codeHash("newer"))
	wantCode(t, err, model.ENOTFOUND)
}

// The expiry warning is recorded once, with its notification, even when
// two callers race.
func TestMarkTokenExpiryNotifiedOnce(t *testing.T) { // R-TOK-1
	db, _ := newDB(t)
	_, u := newAccount(t, db, uniqueEmail("wile"))
	expires := t0.Add(30 * 24 * time.Hour)
	tok := addToken(t, db, newToken(u, "ci", "s", &expires))
	now := expires.Add(-6 * 24 * time.Hour)
	list, err := db.ExpiringTokens(ctx, now, 7*24*time.Hour, 10)
	if err != nil || len(list) != 1 || list[0].ID != tok.ID {
		t.Fatalf("expiring: %v, %v", list, err)
	}
	const n = 4
	b := newBarrier(n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	marked := 0
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.wait()
			note := &model.Notification{AccountID: u.AccountID, UserID: u.ID, Channel: model.ChannelEmail, To: u.Email, Kind: model.NotifyTokenExpiring, CreatedAt: now}
			ok, err := db.MarkTokenExpiryNotified(ctx, tok.ID, note)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				marked++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if marked != 1 {
		t.Fatalf("marked %d times, want once", marked)
	}
	notes, err := db.ListNotifications(ctx, model.NotificationFilter{AccountID: u.AccountID}, model.EventPage{Limit: 10})
	if err != nil || len(notes) != 1 {
		t.Fatalf("%d notifications, want 1 (%v)", len(notes), err)
	}
	if list, _ := db.ExpiringTokens(ctx, now, 7*24*time.Hour, 10); len(list) != 0 {
		t.Fatal("a warned token is still listed as expiring")
	}
}
