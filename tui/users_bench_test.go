package tui

import (
	"context"
	"database/sql"
	"testing"

	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/store"
	"acctl/store/storetest"
	"acctl/tui/common"
)

// usersOn opens the Users screen of the owner email on the database at
// path, sized like an 80×24 terminal's body, with its first window read,
// sorted by email: in that order the big and the small team mix the same
// kinds of rows (by name, the nameless invited users come first, 5,000 of
// them in the big team and 50 in the small), so that a difference between
// them is the number of users, not what the rows drawn hold.
func usersOn(tb testing.TB, path, email string) *usersScreen {
	tb.Helper()
	db, err := store.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	svc := model.NewService(model.Config{Store: db, Hasher: model.NewHasher(testArgon2)})
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
	s := newUsersScreen(c)
	s.q.Sort = model.SortByEmail
	s.SetSize(80-menuWidth-1, 20)
	s.Init()
	return s
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

// BenchmarkUsersKeys measures one key of the Users screen (Update and
// View) with 1,000 users and with 100,000 (storetest's big team): opening
// the screen, moving, paging, jumping to the ends, and typing into the
// filter, alone (its query runs off the update loop) and with the query's
// answer drawn. Time and allocations per key must not grow with the users.
func BenchmarkUsersKeys(b *testing.B) {
	hashOf := func() string {
		h, _ := model.NewHasher(testArgon2).Hash(context.Background(), testPassword)
		return h
	}
	dbs := []struct {
		name string
		path func() string
	}{
		{"users=1k", func() string { return smallTeam(b, hashOf(), 1000) }},
		{"users=100k", func() string { p, _ := storetest.SeedBig(b, hashOf()); return p }},
	}
	typing := []tea.KeyPressMsg{keyPress("m"), keyPress("a"), keyPress("r"), keyPress("g"),
		keyPress("backspace"), keyPress("backspace"), keyPress("backspace"), keyPress("backspace")}
	for _, d := range dbs {
		path := d.path()
		b.Run(d.name+"/open", func(b *testing.B) {
			s := usersOn(b, path, storetest.BigTeamEmail)
			b.ReportAllocs()
			for b.Loop() {
				s.Init()
				_ = s.View()
			}
		})
		for _, k := range []struct {
			name  string
			msgs  []tea.KeyPressMsg
			every int // back to the first user so often, never reaching the last
		}{
			{"down", []tea.KeyPressMsg{keyPress("down")}, 500},
			{"pgdown", []tea.KeyPressMsg{keyPress("pgdown")}, 40},
			{"end+home", []tea.KeyPressMsg{keyPress("end"), keyPress("home")}, 1 << 30},
		} {
			b.Run(d.name+"/"+k.name, func(b *testing.B) {
				s := usersOn(b, path, storetest.BigTeamEmail)
				b.ReportAllocs()
				for i := 0; b.Loop(); i++ {
					if i%k.every == k.every-1 {
						s.first()
					}
					s.Update(k.msgs[i%len(k.msgs)])
					_ = s.View()
				}
			})
		}
		for _, answered := range []bool{false, true} {
			name := d.name + "/filter-key"
			if answered {
				name += "+query"
			}
			b.Run(name, func(b *testing.B) {
				s := usersOn(b, path, storetest.BigTeamEmail)
				s.filtering = true
				b.ReportAllocs()
				for i := 0; b.Loop(); i++ {
					_, cmd := s.Update(typing[i%len(typing)])
					if answered && cmd != nil {
						s.Update(cmd())
					}
					_ = s.View()
				}
			})
		}
	}
}
