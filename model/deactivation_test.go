package model_test

import (
	"context"
	"strings"
	"testing"

	"acctl/model"
)

// R-SET-5, R-ACC-4: only an owner requests deactivation, only when every
// other user is disabled (the refusal names who is not), with the
// password; the account is then deactivation_requested until the owner
// withdraws it.
func TestRequestAndWithdrawDeactivation(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	manager := e.member(t, owner, "road@acme.example", model.RoleManager)
	second := e.member(t, owner, "coyote@acme.example", model.RoleOwner)
	if _, _, err := e.svc.InviteUser(owner, "pending@acme.example", model.RoleManager, strongPassword); err != nil {
		t.Fatal(err)
	}
	acct := e.actor(t, owner).Account
	e.addContact(t, owner, "billing@acme.example", "Accounts", model.ContactBilling)

	if _, err := e.svc.RequestDeactivation(manager, strongPassword); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Fatalf("a manager: %v", err)
	}
	err := e.svc.CheckDeactivation(owner)
	wantCode(t, err, model.ECONFLICT)
	msg := model.ErrorMessage(err)
	for _, who := range []string{"Member road@acme.example", "Member coyote@acme.example", "pending@acme.example (invited: cancel the invitation)"} {
		if !strings.Contains(msg, who) {
			t.Errorf("the refusal %q does not name %s", msg, who)
		}
	}
	if _, err := e.svc.RequestDeactivation(owner, strongPassword); model.ErrorMessage(err) != msg {
		t.Fatalf("request: %v", err)
	}
	r, c := e.actor(t, manager), e.actor(t, second)
	invited, _ := e.db.FindUserByEmail(context.Background(), "pending@acme.example")
	if err := e.svc.CancelInvitation(owner, invited.ID, strongPassword); err != nil {
		t.Fatal(err)
	}
	e.setStatus(t, r.User.ID, model.UserDisabled)
	if err := e.svc.CheckDeactivation(owner); err == nil || !strings.Contains(model.ErrorMessage(err), "Member coyote@acme.example is still active") {
		t.Fatalf("one left: %v", err)
	}
	e.setStatus(t, c.User.ID, model.UserDisabled)
	if err := e.svc.CheckDeactivation(owner); err != nil {
		t.Fatalf("all others disabled: %v", err)
	}
	if _, err := e.svc.RequestDeactivation(owner, "wrong password"); err != model.ErrWrongPassword {
		t.Fatalf("wrong password: %v", err)
	}
	req, err := e.svc.RequestDeactivation(owner, strongPassword)
	if err != nil || req.Status != model.DeactivationPending {
		t.Fatalf("request: %+v, %v", req, err)
	}
	settings, err := e.svc.AccountSettings(owner)
	if err != nil || settings.Account.Status != model.AccountDeactivationRequested || settings.Deactivation == nil || settings.Deactivation.ID != req.ID {
		t.Fatalf("settings after the request: %+v, %v", settings, err)
	}
	if e.actor(t, owner).Account.Status.Title() != "Deactivation requested" {
		t.Error("the header's status")
	}
	if _, err := e.svc.RequestDeactivation(owner, strongPassword); err != model.ErrDeactivationPending {
		t.Fatalf("a second request: %v", err)
	}
	got := reasons(t, e.outboxOf(t, acct.ID, model.NotifyDeactivation))
	if len(got) != 2 || got["wile@acme.example"] != model.ReasonUser || got["billing@acme.example"] != "Billing contact" {
		t.Fatalf("request notified %v", got)
	}

	if err := e.svc.WithdrawDeactivation(owner); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.WithdrawDeactivation(owner); err != model.ErrNoDeactivation {
		t.Fatalf("withdraw twice: %v", err)
	}
	latest, err := e.svc.LatestDeactivation(owner)
	if err != nil || latest.Status != model.DeactivationWithdrawn || latest.DecidedBy != "wile@acme.example" || e.actor(t, owner).Account.Status != model.AccountActive {
		t.Fatalf("after withdrawing: %+v, %v", latest, err)
	}
	if n := len(e.outboxOf(t, acct.ID, model.NotifyDeactivationUndone)); n != 2 {
		t.Errorf("%d withdrawal notices, want 2", n)
	}
	for _, action := range []string{"account.deactivation_requested", "account.deactivation_withdrawn"} {
		if e.auditCount(t, acct.ID, action) != 1 {
			t.Errorf("%s not audited once", action)
		}
	}
}

// R-SET-5: many users still active are counted, not all named.
func TestDeactivationRefusalCounts(t *testing.T) {
	users := []*model.User{{ID: 1, Name: "Me", Status: model.UserActive}}
	for i, name := range []string{"Ann", "Bob", "Cid", "Dee", "Eve"} {
		users = append(users, &model.User{ID: int64(i + 2), Name: name, Status: model.UserActive})
	}
	err := model.CheckOthersDisabled(users, 1)
	if msg := model.ErrorMessage(err); !strings.Contains(msg, "5 users are still active or invited, among them Ann, Bob, Cid") || strings.Contains(msg, "Dee") {
		t.Fatalf("refusal %q", msg)
	}
	if err := model.CheckOthersDisabled(users[:1], 1); err != nil {
		t.Fatalf("alone: %v", err)
	}
}

// R-SET-5: billing review approves: the account is deactivated, every
// session ends, and sign-in says why; or it rejects with a reason that the
// account reads and is notified of.
func TestDecideDeactivation(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	other := mustSignIn(t, e, "wile@acme.example", strongPassword)
	acct := e.actor(t, owner).Account
	e.addContact(t, owner, "billing@acme.example", "Accounts", model.ContactBilling)
	ctx := context.Background()

	req, err := e.svc.RequestDeactivation(owner, strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.RejectDeactivation(ctx, req.ID, "sam", "  ", model.DeactivationChecklist{}); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("reject without a reason: %v", err)
	}
	list := model.DeactivationChecklist{Debts: model.ChecklistItem{Cleared: false, Note: "invoice 1042 open"}}
	if _, err := e.svc.RejectDeactivation(ctx, req.ID, "sam", "Invoice 1042 is still open.", list); err != nil {
		t.Fatal(err)
	}
	latest, _ := e.svc.LatestDeactivation(owner)
	if latest.Status != model.DeactivationRejected || latest.Reason != "Invoice 1042 is still open." || latest.Checklist.Debts.Note != "invoice 1042 open" || latest.DecidedBy != "sam" {
		t.Fatalf("after rejection: %+v", latest)
	}
	if e.actor(t, owner).Account.Status != model.AccountActive {
		t.Fatal("a rejected request leaves the account active")
	}
	decided := e.outboxOf(t, acct.ID, model.NotifyDeactivationDecided)
	if len(decided) != 2 || !strings.Contains(decided[0].Body, "Invoice 1042 is still open.") {
		t.Fatalf("rejection notices %+v", decided)
	}
	allCleared := model.DeactivationChecklist{Debts: model.ChecklistItem{Cleared: true}, ActiveServices: model.ChecklistItem{Cleared: true}, Balance: model.ChecklistItem{Cleared: true}}
	if _, err := e.svc.ApproveDeactivation(ctx, req.ID, "sam", allCleared); err != model.ErrNoDeactivation {
		t.Fatalf("approve a decided request: %v", err)
	}

	req, err = e.svc.RequestDeactivation(owner, strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	cleared := model.DeactivationChecklist{Debts: model.ChecklistItem{Cleared: true, Note: "paid"}, ActiveServices: model.ChecklistItem{Cleared: true}, Balance: model.ChecklistItem{Cleared: true, Note: "refunded 12.40"}}
	if _, err := e.svc.ApproveDeactivation(ctx, req.ID, "sam", cleared); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]context.Context{"this": owner, "another": other} {
		if _, err := e.svc.Me(c); err != model.ErrSessionEnded && err != model.ErrAccountDeactivated {
			t.Errorf("%s session after approval: %v", name, err)
		}
		if open, _ := e.svc.SessionOpen(c); open {
			t.Errorf("%s session is still open", name)
		}
	}
	_, err = e.signIn("wile@acme.example", strongPassword)
	if err != model.ErrAccountDeactivated {
		t.Fatalf("sign-in after approval: %v", err)
	}
	if _, err := e.signIn("wile@acme.example", "wrong password"); err != model.ErrBadCredentials {
		t.Fatalf("a wrong password says nothing of the account: %v", err)
	}
	if n := e.auditCount(t, acct.ID, "session.closed"); n != 2 {
		t.Errorf("%d sessions closed in the log, want 2", n)
	}
	if a := e.auditCount(t, acct.ID, "account.deactivated"); a != 1 {
		t.Error("the approval is not audited")
	}
	if n := len(e.outboxOf(t, acct.ID, model.NotifyDeactivationDecided)); n != 4 {
		t.Errorf("%d decision notices, want 4", n)
	}
}

// R-ACC-6, R-SET-5: the store asks again at commit: a request while
// another user is active, or by an actor disabled meanwhile, does not
// commit.
func TestRequestDeactivationGuard(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	manager := e.member(t, owner, "road@acme.example", model.RoleManager)
	o, m := e.actor(t, owner), e.actor(t, manager)
	ctx := context.Background()
	req := &model.DeactivationRequest{RequestedBy: o.User.ID, RequestedAt: e.clock.Now(), Status: model.DeactivationPending}
	audit := &model.AuditEvent{AccountID: o.Account.ID, Action: "x"}
	// The manager is active: the store refuses, as the model does.
	if err := e.db.RequestDeactivation(ctx, o.Guard(model.ActionDeactivateAccount), req, audit); model.ErrorCode(err) != model.ECONFLICT {
		t.Fatalf("with an active manager: %v", err)
	}
	e.setStatus(t, m.User.ID, model.UserDisabled)
	stale := o.Guard(model.ActionDeactivateAccount)
	stale.ActorID = m.User.ID // a disabled user's guard
	if err := e.db.RequestDeactivation(ctx, stale, req, audit); err != model.ErrActorChanged {
		t.Fatalf("a disabled actor: %v", err)
	}
	if a, _ := e.db.FindAccountByID(ctx, o.Account.ID); a.Status != model.AccountActive {
		t.Fatalf("status %s", a.Status)
	}
}
