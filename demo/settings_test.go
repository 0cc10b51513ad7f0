package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"acctl/demo"
	"acctl/model"
)

// The demo's Account settings show every contact role combination, a
// history of the details, a PIN, running support access, routed
// notifications and a GPG key (R-SET-1..4, R-SSH-4).
func TestSeedSettings(t *testing.T) {
	d := seedDemo(t)
	svc, ctx := d.svc, context.Background()
	res, err := svc.SignIn(ctx, model.SignInRequest{Email: demo.Logins[0].Email, Password: demo.Password})
	if err != nil {
		t.Fatal(err)
	}
	owner := model.WithSession(ctx, res.Session.Token)

	contacts, err := svc.ListContacts(owner, model.ContactQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	combos := map[model.ContactRoles]bool{}
	for _, c := range contacts {
		combos[c.Roles] = true
	}
	if len(contacts) != 31 || len(combos) != 31 {
		t.Errorf("%d contacts in %d role combinations, want all 31", len(contacts), len(combos))
	}

	s, err := svc.AccountSettings(owner)
	if err != nil {
		t.Fatal(err)
	}
	if s.Account.CompanyName != "Northwind Hosting Ltd" || s.Account.Billing.Street != "12 Harbour Lane" || s.Account.Billing.Country != "GB" {
		t.Errorf("account details %+v", s.Account)
	}
	if s.Support == nil || s.Support.GrantedByEmail != "grace@northwind.example" || s.Account.SupportAccessLeft(d.now) != 21*time.Hour {
		t.Errorf("support access %+v, %v left", s.Support, s.Account.SupportAccessLeft(d.now))
	}
	history, err := svc.AccountDetailsHistory(owner, model.EventPage{Limit: 10})
	if err != nil || len(history) != 2 || !strings.Contains(history[0].Detail, "Harbour Lane") {
		t.Errorf("details history %+v, %v", history, err)
	}
	pin, err := svc.SupportPIN(owner, demo.Password)
	if err != nil || len(pin) != 6 {
		t.Errorf("PIN %q, %v", pin, err)
	}
	keys, err := svc.ListGPGKeys(owner)
	if err != nil || len(keys) != 1 || keys[0].UserIDs[0] != "Ada Lovelace <ada@northwind.example>" || keys[0].ExpiresAt == nil {
		t.Errorf("GPG keys %+v, %v", keys, err)
	}
	outbox, err := svc.Outbox(owner, model.EventPage{Limit: model.MaxPage})
	if err != nil {
		t.Fatal(err)
	}
	why := map[string]bool{}
	for _, n := range outbox {
		why[n.Reason] = true
	}
	for _, want := range []string{"Billing contact", "Primary contact", "Technical contact", "Billing and Primary contact", "Technical and Primary contact"} {
		if !why[want] {
			t.Errorf("no outbox row went to a %s; reasons: %v", want, why)
		}
	}
}
