package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"acctl/demo"
	"acctl/model"
)

// The demo account is what `make demo` shows: it must look like a real
// company and its logins must work with the password the screen shows.
func TestSeedBuildsARealisticAccount(t *testing.T) {
	d := seedDemo(t)
	db, svc, ctx, now := d.db, d.svc, context.Background(), d.now
	res, err := svc.SignIn(ctx, model.SignInRequest{Email: demo.Logins[0].Email, Password: demo.Password})
	if err != nil {
		t.Fatalf("demo owner cannot sign in: %v", err)
	}
	sess := res.Session
	me, err := svc.Me(model.WithSession(ctx, sess.Token))
	if err != nil {
		t.Fatal(err)
	}
	if me.Account.Billing.Street == "" || me.Account.Billing.Country == "" {
		t.Error("the demo company has no billing address")
	}
	users, err := db.ListUsers(ctx, me.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, u := range users {
		count[string(u.Role)+"/"+string(u.Status)]++
	}
	if len(users) < 5 || len(users) > 8 || count["owner/active"] != 2 || count["manager/invited"] != 1 || count["manager/disabled"] != 1 {
		t.Errorf("demo users = %d %v, want 5–8 with two owners, one invited, one disabled", len(users), count)
	}
	history, _ := svc.SignInHistory(model.WithSession(ctx, sess.Token), model.EventPage{Limit: model.MaxPage})
	failures, origins := 0, map[string]bool{}
	for _, e := range history {
		if e.Result.Failed() {
			failures++
		}
		origins[e.Origin.String()] = true
	}
	if len(history) < 40 || failures == 0 || len(origins) < 3 || history[len(history)-1].At.After(now.Add(-28*24*time.Hour)) {
		t.Errorf("history: %d events, %d failures, %d origins; want weeks of it from several addresses with failures", len(history), failures, len(origins))
	}
	if list, _ := svc.ListSessions(model.WithSession(ctx, sess.Token)); len(list) < 2 {
		t.Errorf("the demo owner has %d sessions, want other sessions to look at", len(list))
	}
	if _, err := svc.SignIn(ctx, model.SignInRequest{Email: demo.Logins[1].Email, Password: demo.Password}); err != nil {
		t.Errorf("demo manager cannot sign in: %v", err)
	}
}

// The demo users' shared hash is Password's, at the cost every new
// password gets (R-PWD-1): precomputing it once saves every --demo start
// an argon2 run without weakening it.
func TestPasswordHash(t *testing.T) {
	h := model.NewHasher(model.DefaultArgon2)
	ok, err := h.Verify(context.Background(), demo.PasswordHash, demo.Password)
	if err != nil || !ok {
		t.Fatalf("PasswordHash does not verify Password: %v, %v", ok, err)
	}
	fresh, err := h.Hash(context.Background(), "anything")
	if err != nil {
		t.Fatal(err)
	}
	params := func(phc string) string { return strings.Join(strings.Split(phc, "$")[:4], "$") }
	if params(demo.PasswordHash) != params(fresh) {
		t.Fatalf("PasswordHash is %s, new hashes %s", params(demo.PasswordHash), params(fresh))
	}
}
