package model_test

import (
	"context"
	"testing"
	"time"

	"acctl/model"
)

// R-SET-4, R-PWD-4, R-ACC-4: owners and managers allow support access for
// 24 hours with the password; every user of the account sees the time left;
// extend moves the end to now + 24 h; it ends by itself on the clock, its
// end recorded and notified exactly once however often the sweep runs.
func TestSupportAccess(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	manager := e.member(t, owner, "road@acme.example", model.RoleManager)
	acct := e.actor(t, owner).Account
	e.addContact(t, owner, "ops@acme.example", "Ops", model.ContactTechnical)
	e.addContact(t, owner, "ceo@acme.example", "CEO", model.ContactPrimary)
	e.addContact(t, owner, "billing@acme.example", "Accounts", model.ContactBilling)
	start := e.clock.Now()

	if g, err := e.svc.SupportAccess(owner); g != nil || err != nil {
		t.Fatalf("before: %+v, %v", g, err)
	}
	if _, err := e.svc.ExtendSupportAccess(manager, strongPassword); err != model.ErrNoSupportAccess {
		t.Fatalf("extend nothing: %v", err)
	}
	if _, err := e.svc.AllowSupportAccess(manager, "wrong password"); err != model.ErrWrongPassword {
		t.Fatalf("wrong password: %v", err)
	}
	g, err := e.svc.AllowSupportAccess(manager, strongPassword)
	if err != nil || !g.ExpiresAt.Equal(start.Add(24*time.Hour)) || g.GrantedByEmail != "road@acme.example" {
		t.Fatalf("allow: %+v, %v", g, err)
	}
	if _, err := e.svc.AllowSupportAccess(owner, strongPassword); model.ErrorCode(err) != model.ECONFLICT {
		t.Fatalf("allow twice: %v", err)
	}
	e.advance(t, 10*time.Hour, owner, manager)
	for name, ctx := range map[string]context.Context{"owner": owner, "manager": manager} {
		if left := e.actor(t, ctx).Account.SupportAccessLeft(e.clock.Now()); left != 14*time.Hour {
			t.Errorf("the %s's header shows %v left, want 14h", name, left)
		}
	}
	g, err = e.svc.ExtendSupportAccess(owner, strongPassword)
	if err != nil || !g.ExpiresAt.Equal(e.clock.Now().Add(24*time.Hour)) {
		t.Fatalf("extend: %+v, %v", g, err)
	}
	if n, err := e.svc.EndExpiredSupportAccess(context.Background()); n != 0 || err != nil {
		t.Fatalf("a sweep while it runs ended %d, %v", n, err)
	}

	e.advance(t, 24*time.Hour-time.Second, owner, manager)
	if g, _ := e.svc.SupportAccess(owner); g == nil || g.Left(e.clock.Now()) != time.Second {
		t.Fatalf("a second before the end: %+v", g)
	}
	e.advance(t, time.Second)
	// Ended by itself: reads say so before any sweep.
	if g, err := e.svc.SupportAccess(owner); g != nil || err != nil {
		t.Fatalf("at the end: %+v, %v", g, err)
	}
	if left := e.actor(t, manager).Account.SupportAccessLeft(e.clock.Now()); left != 0 {
		t.Errorf("the header still shows %v", left)
	}
	if g, _ := e.db.RunningSupportGrant(context.Background(), acct.ID, e.clock.Now()); g != nil {
		t.Errorf("staff would still get in: %+v", g)
	}
	if err := e.svc.EndSupportAccess(owner); err != model.ErrNoSupportAccess {
		t.Fatalf("terminate an ended grant: %v", err)
	}
	for i, want := range []int{1, 0} {
		if n, err := e.svc.EndExpiredSupportAccess(context.Background()); n != want || err != nil {
			t.Fatalf("sweep %d ended %d, %v; want %d", i+1, n, err, want)
		}
	}
	if n := e.auditCount(t, acct.ID, "support_access.ended"); n != 1 {
		t.Errorf("%d end records, want 1", n)
	}
	ended := e.outboxOf(t, acct.ID, model.NotifySupportAccessEnded)
	if got := reasons(t, ended); len(got) != 2 || got["ops@acme.example"] != "Technical contact" || got["ceo@acme.example"] != "Primary contact" {
		t.Fatalf("the end was notified to %v", got)
	}
	for _, kind := range []string{model.NotifySupportAccessGiven, model.NotifySupportAccessLonger} {
		if got := reasons(t, e.outboxOf(t, acct.ID, kind)); len(got) != 2 || got["ops@acme.example"] == "" {
			t.Errorf("%s went to %v", kind, got)
		}
	}
	if a := e.lastAudit(t, acct.ID); a.Action != "support_access.ended" || a.Actor != "acctl" || !a.At.Equal(g.ExpiresAt) {
		t.Errorf("end record %+v, want by acctl at %v", a, g.ExpiresAt)
	}
}

// R-SET-4: terminating ends access at once, recorded and notified once;
// the sweep that follows sends nothing more. Allowing again after a grant
// ran out unswept records the old grant's end first.
func TestTerminateSupportAccess(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	acct := e.actor(t, owner).Account
	e.addContact(t, owner, "ops@acme.example", "Ops", model.ContactTechnical)
	if _, err := e.svc.AllowSupportAccess(owner, strongPassword); err != nil {
		t.Fatal(err)
	}
	e.advance(t, time.Hour, owner)
	if err := e.svc.EndSupportAccess(owner); err != nil {
		t.Fatal(err)
	}
	if g, _ := e.svc.SupportAccess(owner); g != nil {
		t.Fatalf("still running: %+v", g)
	}
	if n, err := e.svc.EndExpiredSupportAccess(context.Background()); n != 0 || err != nil {
		t.Fatalf("sweep after terminate: %d, %v", n, err)
	}
	if n := len(e.outboxOf(t, acct.ID, model.NotifySupportAccessEnded)); n != 1 {
		t.Fatalf("%d end notices, want 1", n)
	}
	if a := e.lastAudit(t, acct.ID); a.Action != "support_access.ended" || a.Detail != "terminated" || a.Actor != "wile@acme.example" {
		t.Errorf("audit %+v", a)
	}

	if _, err := e.svc.AllowSupportAccess(owner, strongPassword); err != nil {
		t.Fatal(err)
	}
	e.advance(t, 25*time.Hour, owner) // ran out; nobody swept
	if _, err := e.svc.AllowSupportAccess(owner, strongPassword); err != nil {
		t.Fatalf("allow after an unswept end: %v", err)
	}
	if n := e.auditCount(t, acct.ID, "support_access.ended"); n != 2 {
		t.Errorf("%d end records, want 2", n)
	}
	if n := len(e.outboxOf(t, acct.ID, model.NotifySupportAccessEnded)); n != 2 {
		t.Errorf("%d end notices, want 2", n)
	}
	if n, _ := e.svc.EndExpiredSupportAccess(context.Background()); n != 0 {
		t.Errorf("the sweep ended %d more", n)
	}
}

// R-ACC-6: support access changed by a user disabled meanwhile does not
// commit.
func TestSupportAccessGuard(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	manager := e.member(t, owner, "road@acme.example", model.RoleManager)
	m := e.actor(t, manager)
	if _, err := e.svc.AllowSupportAccess(owner, strongPassword); err != nil {
		t.Fatal(err)
	}
	e.setStatus(t, m.User.ID, model.UserDisabled)
	ctx, now := context.Background(), e.clock.Now()
	g := m.Guard(model.ActionSupportAccess)
	audit := &model.AuditEvent{AccountID: m.Account.ID, Action: "x"}
	if _, err := e.db.ExtendSupportGrant(ctx, g, now, now.Add(48*time.Hour), audit); err != model.ErrActorChanged {
		t.Errorf("extend: %v", err)
	}
	if _, err := e.db.EndSupportGrant(ctx, g, now, audit); err != model.ErrActorChanged {
		t.Errorf("end: %v", err)
	}
	if err := e.db.SetSupportPIN(ctx, m.Guard(model.ActionSupportPIN), []byte("x"), audit); err != model.ErrActorChanged {
		t.Errorf("PIN: %v", err)
	}
	if g, _ := e.svc.SupportAccess(owner); g == nil || !g.ExpiresAt.Equal(now.Add(24*time.Hour)) {
		t.Fatalf("the grant changed: %+v", g)
	}
}
