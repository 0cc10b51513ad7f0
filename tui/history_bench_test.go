package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/store"
	"acctl/store/storetest"
	"acctl/tui/common"
)

// historyOn opens the history screen of a signed-in user on the database at
// path, sized like an 80×24 terminal's body.
func historyOn(tb testing.TB, path string) *historyScreen {
	tb.Helper()
	db, err := store.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	svc := model.NewService(model.Config{Store: db, Hasher: model.NewHasher(testArgon2)})
	return historyFor(tb, svc, storetest.BigEmail)
}

func historyFor(tb testing.TB, svc *model.Service, email string) *historyScreen {
	tb.Helper()
	res, err := svc.SignIn(context.Background(), model.SignInRequest{Email: email, Password: testPassword})
	if err != nil {
		tb.Fatal(err)
	}
	b := (&backend{svc: svc}).signedIn(res.Session.ID)
	me, err := b.Me()
	if err != nil {
		tb.Fatal(err)
	}
	c := &screenCtx{b: b, me: me, st: common.NewStyles(true, false), isDark: true, now: svc.Now}
	s := newHistoryScreen(c)
	s.SetSize(80-menuWidth-1, 20)
	s.Init()
	return s
}

// smallHistory builds a database like the big one with only n events.
func smallHistory(tb testing.TB, n int) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "small.db")
	db, err := store.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	h := model.NewHasher(testArgon2)
	hash, _ := h.Hash(ctx, testPassword)
	acct := &model.Account{CompanyName: "Small", Status: model.AccountActive, CreatedAt: time.Now()}
	u := &model.User{Name: "Big User", Email: storetest.BigEmail, Role: model.RoleOwner, Status: model.UserActive, PasswordHash: hash, CreatedAt: time.Now()}
	if err := db.CreateAccount(ctx, acct, u, &model.AuditEvent{Action: "account.created", At: time.Now()}); err != nil {
		tb.Fatal(err)
	}
	// The same rows as storetest's big database, so that the two differ
	// only in how many there are.
	start := time.Now().Add(-time.Duration(n) * time.Minute)
	for i := 1; i <= n; i++ {
		e := &model.AuthEvent{UserID: u.ID, AccountID: acct.ID, Email: u.Email, Kind: model.AuthSignIn, Result: model.AuthSucceeded,
			Client: model.Client{Term: "xterm-256color", OS: "linux"}, At: start.Add(time.Duration(i/2) * 30 * time.Second)}
		switch i % 7 {
		case 0:
			e.Kind = model.AuthConfirm
		case 1:
			e.Kind = model.AuthUnlock
		}
		if i%5 == 0 {
			e.Result = model.AuthWrongPassword
		}
		if i%3 == 0 {
			e.Origin = model.LocalOrigin
		} else {
			e.Origin = model.Origin{Remote: fmt.Sprintf("203.0.113.%d:%d", i%250, 40000+i%20000)}
			e.Client.SSHVersion = "SSH-2.0-OpenSSH_9.6"
		}
		if err := db.AddAuthEvent(ctx, e); err != nil {
			tb.Fatal(err)
		}
	}
	return path
}

// BenchmarkHistoryKeys measures one key press (Update and View) on the
// sign-in history, on 1,000 events and on 1,000,000: the time and the
// allocations per key must not grow with the number of events.
func BenchmarkHistoryKeys(b *testing.B) {
	hashOf := func() string {
		h, _ := model.NewHasher(testArgon2).Hash(context.Background(), testPassword)
		return h
	}
	dbs := []struct {
		name string
		path func() string
	}{
		{"events=1k", func() string { return smallHistory(b, 1000) }},
		{"events=1M", func() string { p, _ := storetest.SeedBig(b, hashOf()); return p }},
	}
	keys := []struct {
		name string
		msgs []tea.KeyPressMsg
	}{
		{"down", []tea.KeyPressMsg{keyPress("down")}},
		{"pgdown", []tea.KeyPressMsg{keyPress("pgdown")}},
		{"end+home", []tea.KeyPressMsg{keyPress("end"), keyPress("home")}},
	}
	for _, d := range dbs {
		path := d.path()
		for _, k := range keys {
			b.Run(fmt.Sprintf("%s/%s", d.name, k.name), func(b *testing.B) {
				s := historyOn(b, path)
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; b.Loop(); i++ {
					msg := k.msgs[i%len(k.msgs)]
					if i%2000 == 1999 { // stay away from the oldest end
						s.p.home()
					}
					s.Update(msg)
					_ = s.View()
				}
			})
		}
	}
}
