package model_test

import (
	"context"
	"strings"
	"testing"

	"acctl/model"
)

var goodDetails = model.AccountDetails{
	CompanyName: "Acme Widgets Ltd",
	Billing:     model.Address{Street: " 3 Quay Street ", City: "Cork", PostalCode: "t12  x70a", Country: "ie"},
}

// R-SET-1, R-ACC-7: every field is checked with a sentence, and what was
// typed is trimmed, not otherwise changed.
func TestValidateAccountDetails(t *testing.T) {
	d, err := model.ValidateAccountDetails(goodDetails)
	if err != nil {
		t.Fatal(err)
	}
	want := model.Address{Street: "3 Quay Street", City: "Cork", PostalCode: "t12 x70a", Country: "IE"}
	if d.Billing != want || d.CompanyName != "Acme Widgets Ltd" {
		t.Fatalf("cleaned = %+v, want %+v", d, want)
	}
	noPostal := goodDetails
	noPostal.Billing.PostalCode = ""
	if _, err := model.ValidateAccountDetails(noPostal); err != nil {
		t.Fatalf("no postal code (Hong Kong has none): %v", err)
	}
	tests := map[string]func(d *model.AccountDetails){
		"EmptyCompany":           func(d *model.AccountDetails) { d.CompanyName = "  " },
		"EmptyStreet":            func(d *model.AccountDetails) { d.Billing.Street = " \t" },
		"EmptyCity":              func(d *model.AccountDetails) { d.Billing.City = "" },
		"EmptyCountry":           func(d *model.AccountDetails) { d.Billing.Country = "" },
		"UnknownCountry":         func(d *model.AccountDetails) { d.Billing.Country = "XX" },
		"CountryName":            func(d *model.AccountDetails) { d.Billing.Country = "Ireland" },
		"PostalCodeControl":      func(d *model.AccountDetails) { d.Billing.PostalCode = "T12\x1b[2JX70A" },
		"PostalCodeNewline":      func(d *model.AccountDetails) { d.Billing.PostalCode = "T12\nX70A" },
		"PostalCodePunctuation":  func(d *model.AccountDetails) { d.Billing.PostalCode = "T12;X70A" },
		"PostalCodeTooLong":      func(d *model.AccountDetails) { d.Billing.PostalCode = strings.Repeat("9", 17) },
		"StreetZeroWidthSpace":   func(d *model.AccountDetails) { d.Billing.Street = "3 Quay\u200b Street" },
		"StreetLineSeparator":    func(d *model.AccountDetails) { d.Billing.Street = "3 Quay\u2028Street" },
		"CitySoftHyphen":         func(d *model.AccountDetails) { d.Billing.City = "Co\u00adrk" },
		"CityBOM":                func(d *model.AccountDetails) { d.Billing.City = "\ufeffCork" },
		"CompanyZeroWidthJoiner": func(d *model.AccountDetails) { d.CompanyName = "Acme\u200dWidgets" },
		"CompanyBidiOverride":    func(d *model.AccountDetails) { d.CompanyName = "Acme \u202eLtd" },
		"StreetControl":          func(d *model.AccountDetails) { d.Billing.Street = "3 Quay\x07 Street" },
		"StreetTooLong":          func(d *model.AccountDetails) { d.Billing.Street = strings.Repeat("a", model.MaxStreetLen+1) },
		"CityInvalidUTF8":        func(d *model.AccountDetails) { d.Billing.City = "Co\xffrk" },
	}
	for name, spoil := range tests {
		t.Run(name, func(t *testing.T) {
			d := goodDetails
			spoil(&d)
			_, err := model.ValidateAccountDetails(d)
			wantCode(t, err, model.EINVALID)
			if msg := model.ErrorMessage(err); !strings.HasSuffix(msg, ".") || strings.ContainsAny(msg, "\x1b\u200b\n") {
				t.Errorf("message %q is not a clean sentence", msg)
			}
		})
	}
}

// R-SET-1, R-ACC-4, R-AUD-1, R-SET-2: owners and managers edit the details;
// each change is audited with what it replaced, readable as the history,
// and notified to Billing and Primary contacts only.
func TestUpdateAccountDetails(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	manager := e.member(t, owner, "road@acme.example", model.RoleManager)
	acct := e.actor(t, owner).Account
	e.addContact(t, owner, "billing@acme.example", "Accounts", model.ContactBilling)
	e.addContact(t, owner, "ceo@acme.example", "CEO", model.ContactPrimary)
	e.addContact(t, owner, "ops@acme.example", "Ops", model.ContactTechnical|model.ContactEmergency)

	got, err := e.svc.UpdateAccountDetails(manager, goodDetails)
	if err != nil {
		t.Fatalf("a manager edits the details: %v", err)
	}
	if got.Billing.Country != "IE" || got.Billing.Street != "3 Quay Street" || got.CompanyName != "Acme Widgets Ltd" {
		t.Fatalf("saved %+v", got)
	}
	if me := e.actor(t, owner); me.Account.Billing != got.Billing || me.Account.CompanyName != "Acme Widgets Ltd" {
		t.Fatalf("the account reads %+v", me.Account)
	}
	sent := e.outboxOf(t, acct.ID, model.NotifyDetailsChanged)
	want := map[string]string{"billing@acme.example": "Billing contact", "ceo@acme.example": "Primary contact"}
	if r := reasons(t, sent); len(r) != len(want) || r["billing@acme.example"] != want["billing@acme.example"] || r["ceo@acme.example"] != want["ceo@acme.example"] {
		t.Fatalf("notified %v, want %v", r, want)
	}
	for _, n := range sent {
		if n.Category != model.CategoryBilling || n.UserID != 0 || !strings.Contains(n.Body, "Cork") {
			t.Errorf("notice %+v", n)
		}
	}

	// Saving the same details again changes, records and sends nothing.
	if _, err := e.svc.UpdateAccountDetails(owner, goodDetails); err != nil {
		t.Fatal(err)
	}
	second := goodDetails
	second.Billing.Country = "GB"
	second.Billing.City = "Bristol"
	if _, err := e.svc.UpdateAccountDetails(owner, second); err != nil {
		t.Fatal(err)
	}
	if n := len(e.outboxOf(t, acct.ID, model.NotifyDetailsChanged)); n != 4 {
		t.Errorf("%d notices after two changes, want 4", n)
	}
	history, err := e.svc.AccountDetailsHistory(manager, model.EventPage{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(history) != 2 {
		t.Fatalf("history = %d entries, want 2: %+v", len(history), history)
	}
	if h := history[0]; h.Actor != "wile@acme.example" || h.Detail != `City: “Cork” → “Bristol”; Country: Ireland (IE) → United Kingdom (GB)` {
		t.Errorf("newest change %+v", h)
	}
	if h := history[1]; h.Actor != "road@acme.example" || !strings.Contains(h.Detail, `Street: (empty) → “3 Quay Street”`) {
		t.Errorf("first change %+v", h)
	}

	// A bad field changes nothing.
	bad := second
	bad.Billing.Street = ""
	if _, err := e.svc.UpdateAccountDetails(owner, bad); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("empty street: %v", err)
	}
	if me := e.actor(t, owner); me.Account.Billing.Street != "3 Quay Street" {
		t.Fatalf("a refused change was saved: %+v", me.Account.Billing)
	}
}

// R-ACC-6: the store decides with the actor as they are at commit.
func TestUpdateAccountDetailsGuard(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	manager := e.member(t, owner, "road@acme.example", model.RoleManager)
	m := e.actor(t, manager)
	e.setStatus(t, m.User.ID, model.UserDisabled) // disabled while the form was open
	_, err := e.db.UpdateAccountDetails(context.Background(), m.Guard(model.ActionEditAccountDetails), goodDetails, &model.AuditEvent{AccountID: m.Account.ID, Action: model.ActionDetailsChanged})
	if err != model.ErrActorChanged {
		t.Fatalf("a disabled manager's change: %v", err)
	}
	if a, _ := e.db.FindAccountByID(context.Background(), m.Account.ID); a.Billing.Street != "" {
		t.Fatalf("saved %+v", a.Billing)
	}
}
