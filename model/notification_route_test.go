package model_test

import (
	"strings"
	"testing"

	"acctl/model"
)

// R-SET-2: an account notification goes to the contacts with its
// category's role and to the Primary contacts, each address once, with why;
// never to the other contacts. A contact who is also the user concerned
// gets one copy, whose reason says both.
func TestRouting(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	manager := e.member(t, owner, "road@acme.example", model.RoleManager)
	acct := e.actor(t, owner).Account
	e.addContact(t, owner, "billing@acme.example", "Accounts", model.ContactBilling)
	e.addContact(t, owner, "ceo@acme.example", "CEO", model.ContactPrimary)
	e.addContact(t, owner, "cfo@acme.example", "CFO", model.ContactBilling|model.ContactPrimary)
	e.addContact(t, owner, "ops@acme.example", "Ops", model.ContactTechnical|model.ContactAbuse|model.ContactEmergency)
	e.addContact(t, owner, "road@acme.example", "Road Runner", model.ContactPrimary|model.ContactTechnical)

	t.Run("Billing", func(t *testing.T) {
		if _, err := e.svc.UpdateAccountDetails(owner, goodDetails); err != nil {
			t.Fatal(err)
		}
		got := reasons(t, e.outboxOf(t, acct.ID, model.NotifyDetailsChanged))
		want := map[string]string{
			"billing@acme.example": "Billing contact",
			"ceo@acme.example":     "Primary contact",
			"cfo@acme.example":     "Billing and Primary contact",
			"road@acme.example":    "Primary contact",
		}
		if len(got) != len(want) {
			t.Fatalf("recipients %v, want %v", got, want)
		}
		for to, why := range want {
			if got[to] != why {
				t.Errorf("%s: %q, want %q", to, got[to], why)
			}
		}
	})

	t.Run("UserWhoIsAContact", func(t *testing.T) {
		// The manager regenerates the PIN: a security notice to them and
		// the Primary contacts, one of whom they are.
		if _, err := e.svc.RegenerateSupportPIN(manager, strongPassword); err != nil {
			t.Fatal(err)
		}
		sent := e.outboxOf(t, acct.ID, model.NotifySupportPIN)
		got := reasons(t, sent)
		if len(got) != 3 || got["road@acme.example"] != "the user and Primary contact" || got["ceo@acme.example"] != "Primary contact" || got["cfo@acme.example"] != "Primary contact" {
			t.Fatalf("recipients %v", got)
		}
		m := e.actor(t, manager)
		for _, n := range sent {
			if n.To == "road@acme.example" && n.UserID != m.User.ID {
				t.Errorf("the manager's copy is not theirs: %+v", n)
			}
		}
		// and the manager reads it in their own outbox, with the reason.
		mine, err := e.svc.Outbox(manager, model.EventPage{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, n := range mine {
			found = found || (n.Kind == model.NotifySupportPIN && n.Reason == "the user and Primary contact" && n.Category == model.CategorySecurity)
		}
		if !found {
			t.Errorf("the manager's outbox lacks the PIN notice")
		}
	})

	t.Run("Recipients", func(t *testing.T) {
		got, err := e.svc.NotificationRecipients(manager, model.CategoryEmergency)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, r := range got {
			lines = append(lines, r.Email+": "+r.Reason)
		}
		want := "ceo@acme.example: Primary contact; cfo@acme.example: Primary contact; ops@acme.example: Emergency contact; road@acme.example: Primary contact"
		if strings.Join(lines, "; ") != want {
			t.Errorf("emergency recipients\n%s, want\n%s", strings.Join(lines, "; "), want)
		}
	})
}

// R-SET-2: security notices go to the user concerned; when they are an
// owner, the Primary contacts get a copy that says whose it is, and an
// owner who is a Primary contact gets only their own.
func TestSecurityNoticeCopies(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	manager := e.member(t, owner, "road@acme.example", model.RoleManager)
	acct := e.actor(t, owner).Account
	e.addContact(t, owner, "ceo@acme.example", "CEO", model.ContactPrimary)
	e.addContact(t, owner, "wile@acme.example", "Wile", model.ContactPrimary)
	e.addContact(t, owner, "billing@acme.example", "Accounts", model.ContactBilling)

	if err := e.svc.ChangePassword(owner, strongPassword, "another-sturdy-kettle-77"); err != nil {
		t.Fatal(err)
	}
	sent := e.outboxOf(t, acct.ID, model.NotifyPasswordChanged)
	got := reasons(t, sent)
	if len(got) != 2 || got["wile@acme.example"] != model.ReasonUser || got["ceo@acme.example"] != "Primary contact" {
		t.Fatalf("owner's password change went to %v", got)
	}
	for _, n := range sent {
		if n.To == "ceo@acme.example" && (!strings.Contains(n.Body, "Wile Coyote (wile@acme.example), an owner") || n.UserID != 0 || n.Category != model.CategorySecurity) {
			t.Errorf("the copy %+v", n)
		}
	}
	if err := e.svc.ChangePassword(manager, strongPassword, "another-sturdy-kettle-77"); err != nil {
		t.Fatal(err)
	}
	if got := reasons(t, e.outboxOf(t, acct.ID, model.NotifyPasswordChanged)); len(got) != 3 || got["road@acme.example"] != model.ReasonUser {
		t.Fatalf("a manager's change is copied: %v", got)
	}
}

// R-SET-2: the emergencies acctl already knows of reach the Emergency and
// Primary contacts: 2FA enforcement changed, an owner disabled, the
// owners changed; a manager disabled is no emergency.
func TestEmergencies(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	second := e.member(t, owner, "road@acme.example", model.RoleManager)
	third := e.member(t, owner, "coyote@acme.example", model.RoleManager)
	acct := e.actor(t, owner).Account
	e.addContact(t, owner, "ops@acme.example", "Ops", model.ContactEmergency)
	e.addContact(t, owner, "ceo@acme.example", "CEO", model.ContactPrimary)
	e.addContact(t, owner, "billing@acme.example", "Accounts", model.ContactBilling|model.ContactTechnical)
	want := map[string]string{"ops@acme.example": "Emergency contact", "ceo@acme.example": "Primary contact"}
	check := func(t *testing.T, kind string, n int) {
		t.Helper()
		sent := e.outboxOf(t, acct.ID, kind)
		if len(sent) != n*len(want) {
			t.Fatalf("%d %q notices, want %d", len(sent), kind, n*len(want))
		}
		for _, s := range sent {
			if want[s.To] != s.Reason || s.Category != model.CategoryEmergency {
				t.Errorf("%s to %s (%s, %s)", kind, s.To, s.Reason, s.Category)
			}
		}
	}
	secret, _ := e.enable2FA(t, owner)
	_ = secret
	if err := e.svc.SetTwoFactorEnforcement(owner, true, strongPassword); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.SetTwoFactorEnforcement(owner, false, strongPassword); err != nil {
		t.Fatal(err)
	}
	check(t, model.NotifyEnforcementChanged, 2)

	r, c := e.actor(t, second), e.actor(t, third)
	if _, err := e.svc.ChangeRole(owner, r.User.ID, model.RoleOwner, strongPassword); err != nil {
		t.Fatal(err)
	}
	check(t, model.NotifyOwnersChanged, 1)
	if _, err := e.svc.DisableUser(owner, c.User.ID, strongPassword); err != nil {
		t.Fatal(err)
	}
	check(t, model.NotifyOwnerDisabled, 0) // a manager
	if _, err := e.svc.DisableUser(owner, r.User.ID, strongPassword); err != nil {
		t.Fatal(err)
	}
	check(t, model.NotifyOwnerDisabled, 1)
	if _, err := e.svc.EnableUser(owner, r.User.ID, strongPassword); err != nil {
		t.Fatal(err)
	}
	check(t, model.NotifyOwnersChanged, 2)
	body := e.outboxOf(t, acct.ID, model.NotifyOwnerDisabled)[0].Body
	if !strings.Contains(body, "road@acme.example") || !strings.Contains(body, "wile@acme.example") {
		t.Errorf("the notice does not say who disabled whom:\n%s", body)
	}
}
