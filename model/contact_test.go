package model_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"acctl/model"
)

// R-SET-2, R-ACC-7: a contact is a plain address, a clean name and at
// least one role.
func TestValidateContact(t *testing.T) {
	ok := model.ContactInput{Email: " Billing@Acme.Example ", Name: " Accounts team ", Roles: model.ContactBilling | model.ContactPrimary}
	got, err := model.ValidateContact(ok)
	if err != nil || got.Email != "billing@acme.example" || got.Name != "Accounts team" {
		t.Fatalf("ValidateContact = %+v, %v", got, err)
	}
	for name, in := range map[string]model.ContactInput{
		"NotAnEmail":    {Email: "billing at acme", Name: "A", Roles: model.ContactBilling},
		"NoDomain":      {Email: "billing@", Name: "A", Roles: model.ContactBilling},
		"ZeroWidth":     {Email: "bill\u200bing@acme.example", Name: "A", Roles: model.ContactBilling},
		"NoName":        {Email: "b@acme.example", Name: " ", Roles: model.ContactBilling},
		"NameControl":   {Email: "b@acme.example", Name: "A\x1b]52;c;eA==\a", Roles: model.ContactBilling},
		"NameFormat":    {Email: "b@acme.example", Name: "Ac\u200dme", Roles: model.ContactBilling},
		"NoRole":        {Email: "b@acme.example", Name: "A", Roles: 0},
		"UnknownRole":   {Email: "b@acme.example", Name: "A", Roles: 64},
		"NameTooLong":   {Email: "b@acme.example", Name: strings.Repeat("n", model.MaxNameLen+1), Roles: model.ContactAbuse},
		"EmailNewlines": {Email: "b@acme.example\nBcc: x@y.example", Name: "A", Roles: model.ContactAbuse},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := model.ValidateContact(in)
			wantCode(t, err, model.EINVALID)
		})
	}
}

// R-SET-2, R-ACC-4: owners and managers create, edit, list and delete
// contacts; an address is a contact of an account once; another
// account's contacts do not exist for them.
func TestContacts(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	manager := e.member(t, owner, "road@acme.example", model.RoleManager)
	stranger := e.signUp(t, "Other", "Bugs Bunny", "bugs@other.example")
	acct := e.actor(t, owner).Account

	c := e.addContact(t, manager, "billing@acme.example", "Accounts", model.ContactBilling)
	if c.ID == 0 || c.AccountID != acct.ID || c.Roles != model.ContactBilling {
		t.Fatalf("created %+v", c)
	}
	_, err := e.svc.CreateContact(owner, model.ContactInput{Email: "BILLING@acme.example", Name: "Again", Roles: model.ContactAbuse})
	if err != model.ErrContactTaken {
		t.Fatalf("the same address again, in capitals: %v", err)
	}
	// Another account may have the same address as a contact.
	e.addContact(t, stranger, "billing@acme.example", "Their copy", model.ContactPrimary)

	all := model.ContactPrimary | model.ContactTechnical | model.ContactBilling | model.ContactAbuse | model.ContactEmergency
	edited, err := e.svc.UpdateContact(owner, c.ID, model.ContactInput{Email: "finance@acme.example", Name: "Finance", Roles: all})
	if err != nil || edited.Email != "finance@acme.example" || edited.Roles.Title() != "Primary, Technical, Billing, Abuse, Emergency" {
		t.Fatalf("edit: %+v, %v", edited, err)
	}
	if a := e.lastAudit(t, acct.ID); a.Action != "contact.changed" || !strings.Contains(a.Detail, "roles Billing → Primary, Technical, Billing, Abuse, Emergency") {
		t.Errorf("audit %+v", a)
	}
	other := e.addContact(t, owner, "ops@acme.example", "Ops", model.ContactTechnical)
	if _, err := e.svc.UpdateContact(owner, other.ID, model.ContactInput{Email: "finance@acme.example", Name: "Ops", Roles: model.ContactTechnical}); err != model.ErrContactTaken {
		t.Fatalf("editing onto another contact's address: %v", err)
	}

	theirs, _ := e.svc.ListContacts(stranger, model.ContactQuery{Limit: 10})
	for name, call := range map[string]func() error{
		"get": func() error { _, err := e.svc.Contact(owner, theirs[0].ID); return err },
		"edit": func() error {
			_, err := e.svc.UpdateContact(owner, theirs[0].ID, model.ContactInput{Email: "x@y.example", Name: "X", Roles: 1})
			return err
		},
		"delete": func() error { return e.svc.DeleteContact(owner, theirs[0].ID) },
	} {
		if err := call(); err != model.ErrContactNotFound {
			t.Errorf("%s another account's contact: %v", name, err)
		}
	}

	if err := e.svc.DeleteContact(manager, other.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.DeleteContact(manager, other.ID); err != model.ErrContactNotFound {
		t.Fatalf("delete twice: %v", err)
	}
	list, err := e.svc.ListContacts(manager, model.ContactQuery{Limit: 10})
	if err != nil || len(list) != 1 || list[0].Email != "finance@acme.example" {
		t.Fatalf("list = %+v, %v", list, err)
	}
	if n := e.auditCount(t, acct.ID, "contact.created") + e.auditCount(t, acct.ID, "contact.changed") + e.auditCount(t, acct.ID, "contact.deleted"); n != 4 {
		t.Errorf("%d contact audit events, want 4", n)
	}
}

// R-SET-2: the list pages by keyset in the order of names, then emails,
// forwards and backwards, and a cursor whose contact was deleted still
// reads on.
func TestListContactsPages(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	var want []string
	for i := range 25 {
		name := fmt.Sprintf("contact %02d", 24-i)
		if i%5 == 0 {
			name = strings.ToUpper(name) // case does not order
		}
		e.addContact(t, owner, fmt.Sprintf("c%02d@acme.example", i), name, model.ContactRoles(1+i%31))
	}
	for i := range 25 {
		want = append(want, fmt.Sprintf("c%02d@acme.example", 24-i))
	}
	var got []string
	q := model.ContactQuery{Limit: 10}
	for {
		page, err := e.svc.ListContacts(owner, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page {
			got = append(got, c.Email)
		}
		if len(page) < q.Limit {
			break
		}
		q.Cursor = page[len(page)-1].At(false)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("forward\n%v, want\n%v", got, want)
	}
	last, err := e.svc.ListContacts(owner, model.ContactQuery{Cursor: model.ContactCursor{Backward: true}, Limit: 10})
	if err != nil || len(last) != 10 || last[9].Email != want[24] || last[0].Email != want[15] {
		t.Fatalf("last window %v, %v", emails(last), err)
	}
	before, err := e.svc.ListContacts(owner, model.ContactQuery{Cursor: last[0].At(true), Limit: 10})
	if err != nil || len(before) != 10 || before[0].Email != want[5] || before[9].Email != want[14] {
		t.Fatalf("window before %v, %v", emails(before), err)
	}
	if err := e.svc.DeleteContact(owner, before[9].ID); err != nil {
		t.Fatal(err)
	}
	after, err := e.svc.ListContacts(owner, model.ContactQuery{Cursor: before[9].At(false), Limit: 3})
	if err != nil || len(after) != 3 || after[0].Email != want[15] {
		t.Fatalf("after a deleted cursor %v, %v", emails(after), err)
	}
}

func emails(list []*model.Contact) []string {
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = c.Email
	}
	return out
}

// R-ACC-6: a contact change by a manager demoted to nothing, or disabled,
// while the form was open does not commit.
func TestContactGuard(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	manager := e.member(t, owner, "road@acme.example", model.RoleManager)
	m := e.actor(t, manager)
	c := e.addContact(t, manager, "ops@acme.example", "Ops", model.ContactTechnical)
	e.setStatus(t, m.User.ID, model.UserDisabled)
	g := m.Guard(model.ActionManageContacts)
	audit := &model.AuditEvent{AccountID: m.Account.ID, Action: "contact.x"}
	ctx := context.Background()
	if err := e.db.CreateContact(ctx, g, &model.Contact{Email: "x@acme.example", Name: "X", Roles: 1}, audit); err != model.ErrActorChanged {
		t.Errorf("create: %v", err)
	}
	if err := e.db.UpdateContact(ctx, g, &model.Contact{ID: c.ID, Email: "y@acme.example", Name: "Y", Roles: 1}, audit); err != model.ErrActorChanged {
		t.Errorf("update: %v", err)
	}
	if err := e.db.DeleteContact(ctx, g, c, audit); err != model.ErrActorChanged {
		t.Errorf("delete: %v", err)
	}
	if got, err := e.db.FindContact(ctx, c.ID); err != nil || got.Email != "ops@acme.example" {
		t.Fatalf("contact after refused changes: %+v, %v", got, err)
	}
}
