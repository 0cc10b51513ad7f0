package store_test

import (
	"testing"
	"time"

	"acctl/model"
	"acctl/store"
)

// providerAccount makes the provider account with one active staff member.
func providerAccount(t *testing.T, db *store.DB) (*model.Account, *model.User) {
	t.Helper()
	p, err := db.EnsureProviderAccount(ctx, &model.Account{CompanyName: "Support staff", Status: model.AccountActive, Enforce2FA: true, CreatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	u := &model.User{AccountID: p.ID, Name: "Sam", Email: uniqueEmail("staff"), Role: model.RoleStaff, Status: model.UserActive, CreatedAt: t0}
	if err := db.CreateUser(ctx, u, nil); err != nil {
		t.Fatal(err)
	}
	return p, u
}

// SPEC §10: one provider account, whose users read as staff; it does not
// count as a customer's account for the first run's sign-up.
func TestProviderAccount(t *testing.T) {
	db, _ := newDB(t)
	p, staff := providerAccount(t, db)
	again, err := db.EnsureProviderAccount(ctx, &model.Account{CompanyName: "Another", Status: model.AccountActive, CreatedAt: t0})
	if err != nil || again.ID != p.ID || again.CompanyName != "Support staff" || !again.IsProvider() || !again.Enforce2FA {
		t.Fatalf("EnsureProviderAccount again = %+v, %v", again, err)
	}
	if has, err := db.HasAccounts(ctx); has || err != nil {
		t.Fatalf("HasAccounts with only the provider = %v, %v", has, err)
	}
	got, err := db.FindUserByID(ctx, staff.ID)
	if err != nil || got.Role != model.RoleStaff {
		t.Fatalf("staff member = %+v, %v", got, err)
	}
	name := "Sam Support"
	updated, err := db.UpdateUser(ctx, staff.ID, model.UserUpdate{Name: &name}, nil)
	if err != nil || updated.Role != model.RoleStaff || updated.Name != name {
		t.Fatalf("UpdateUser on staff = %+v, %v", updated, err)
	}
	_, owner := newAccount(t, db, uniqueEmail("owner"))
	if got, _ := db.FindUserByID(ctx, owner.ID); got.Role != model.RoleOwner {
		t.Errorf("a customer's owner reads as %s", got.Role)
	}
	if err := db.CreateAccount(ctx, &model.Account{CompanyName: "x", Status: model.AccountActive, Kind: model.AccountProvider},
		&model.User{Email: uniqueEmail("x"), Role: model.RoleOwner, Status: model.UserActive}, nil); err == nil {
		t.Error("CreateAccount made a second provider account")
	}
}

// R-ACC-6: a change to a request checks its actor again inside the
// transaction that commits it.
func TestTicketChangesCheckTheActor(t *testing.T) {
	db, _ := newDB(t)
	acct, owner := newAccount(t, db, uniqueEmail("owner"))
	manager := newUser(t, db, acct.ID, uniqueEmail("manager"), model.RoleManager, model.UserActive)
	_, staff := providerAccount(t, db)
	newTicket := func(g *model.Guard) (*model.Ticket, error) {
		tk := &model.Ticket{AccountID: acct.ID, RequesterID: manager.ID, Subject: "s", Status: model.TicketOpen, Access: model.AccessNone,
			CreatedAt: t0, UpdatedAt: t0, StatusSince: t0}
		m := &model.TicketMessage{AuthorID: manager.ID, Author: "m", Body: "d", At: t0}
		return tk, db.CreateTicket(ctx, g, tk, m, nil, func(id int64) *model.AuditEvent {
			return &model.AuditEvent{AccountID: acct.ID, ActorID: manager.ID, Action: "ticket.submitted", At: t0}
		})
	}
	tk, err := newTicket(guardOf(t, db, manager, model.ActionUseRequests))
	if err != nil {
		t.Fatal(err)
	}
	reply := func(t *model.Ticket) (*model.TicketChange, error) {
		n := *t
		n.UpdatedAt = t0.Add(time.Minute)
		return &model.TicketChange{Ticket: &n}, nil
	}
	disabled := model.UserDisabled
	if _, err := db.UpdateUser(ctx, manager.ID, model.UserUpdate{Status: &disabled}, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		do   func() error
	}{
		{"a disabled customer submits", func() error {
			_, err := newTicket(guardOf(t, db, manager, model.ActionUseRequests))
			return err
		}},
		{"a disabled customer replies", func() error {
			_, err := db.ChangeTicket(ctx, guardOf(t, db, manager, model.ActionUseRequests), tk.ID, reply)
			return err
		}},
		{"staff act as a customer", func() error {
			_, err := db.ChangeTicket(ctx, guardOf(t, db, staff, model.ActionUseRequests), tk.ID, reply)
			return err
		}},
		{"a customer acts as staff", func() error {
			_, err := db.ChangeTicket(ctx, guardOf(t, db, owner, model.ActionWorkRequests), tk.ID, reply)
			return err
		}},
		{"a customer reveals", func() error {
			_, err := db.RevealTicketPassword(ctx, guardOf(t, db, owner, model.ActionWorkRequests), tk.ID,
				func(*model.Ticket) (*model.AuditEvent, error) {
					return &model.AuditEvent{AccountID: acct.ID, Action: "x"}, nil
				})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { wantCode(t, tc.do(), model.EFORBIDDEN) })
	}
	if _, err := db.ChangeTicket(ctx, guardOf(t, db, staff, model.ActionWorkRequests), tk.ID, reply); err != nil {
		t.Errorf("staff working the request: %v", err)
	}
}
