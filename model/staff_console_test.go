package model_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"acctl/model"
)

var cleared = model.DeactivationChecklist{Debts: model.ChecklistItem{Cleared: true, Note: "none"},
	ActiveServices: model.ChecklistItem{Cleared: true}, Balance: model.ChecklistItem{Cleared: true, Note: "0.00"}}

// R-STF-3, R-SET-5: the review queue holds every account's pending
// requests, oldest first; staff approve only with every point cleared,
// as themselves: the customer's log names them under "support: …", and
// every session of the account ends.
func TestDeactivationReview(t *testing.T) {
	e := newEnv(t)
	acme := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	other := e.signUp(t, "Other", "Bugs Bunny", "bugs@other.example")
	sam := e.staff(t, "sam@support.example")
	first, err := e.svc.RequestDeactivation(acme, strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	e.advance(t, time.Minute, acme, other, sam)
	second, err := e.svc.RequestDeactivation(other, strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	list, err := e.svc.DeactivationQueue(sam, model.QueuePage{Limit: 10})
	if err != nil || len(list) != 2 || list[0].ID != first.ID || list[1].ID != second.ID || list[0].Company != "Acme" {
		t.Fatalf("queue %v, %v", list, err)
	}
	back, err := e.svc.DeactivationQueue(sam, model.QueuePage{Backward: true, Limit: 1})
	if err != nil || len(back) != 1 || back[0].ID != second.ID {
		t.Fatalf("the back of the queue %v, %v", back, err)
	}
	if _, err := e.svc.DeactivationQueue(acme, model.QueuePage{Limit: 10}); err != model.ErrStaffOnly {
		t.Fatalf("a customer reads the queue: %v", err)
	}
	if _, err := e.svc.ApproveDeactivationReview(acme, first.ID, cleared); err != model.ErrStaffOnly {
		t.Fatalf("a customer approves: %v", err)
	}
	open := cleared
	open.Balance.Cleared = false
	if _, err := e.svc.ApproveDeactivationReview(sam, first.ID, open); err != model.ErrChecklistOpen {
		t.Fatalf("approve with the balance open: %v", err)
	}
	long := cleared
	long.Debts.Note = strings.Repeat("x", model.MaxChecklistNote+1)
	if _, err := e.svc.ApproveDeactivationReview(sam, first.ID, long); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("a long note: %v", err)
	}
	if _, err := e.svc.RejectDeactivationReview(sam, second.ID, " \n ", open); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("reject without a reason: %v", err)
	}
	r, err := e.svc.RejectDeactivationReview(sam, second.ID, "Invoice 1042 is open.\nPay it first.", open)
	if err != nil || r.Status != model.DeactivationRejected || r.DecidedBy != "sam@support.example" {
		t.Fatalf("reject %+v, %v", r, err)
	}
	if a := findAudit(e.auditOf(t, r.AccountID), model.SupportAction("account.deactivation_rejected")); a == nil || a.Actor != "sam@support.example" {
		t.Fatalf("the rejection in the log: %+v", a)
	}
	if _, err := e.svc.ApproveDeactivationReview(sam, first.ID, cleared); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Me(acme); err != model.ErrSessionEnded && err != model.ErrAccountDeactivated {
		t.Fatalf("the owner's session after approval: %v", err)
	}
	if a := findAudit(e.auditOf(t, first.AccountID), model.SupportAction("account.deactivated")); a == nil || a.Actor != "sam@support.example" {
		t.Fatalf("the approval in the log: %+v", a)
	}
	if list, _ := e.svc.DeactivationQueue(sam, model.QueuePage{Limit: 10}); len(list) != 0 {
		t.Fatalf("decided requests stay in the queue: %v", list)
	}
	if got, err := e.svc.DeactivationReview(sam, first.ID); err != nil || got.Status != model.DeactivationApproved {
		t.Fatalf("review %+v, %v", got, err)
	}
}

// R-ACC-6, R-STF-3: a staff member signed out while the approval was in
// flight cannot complete it: the store checks the guard at commit.
func TestDeactivationReviewGuard(t *testing.T) {
	e := newEnv(t)
	acme := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	sam := e.staff(t, "sam@support.example")
	req, err := e.svc.RequestDeactivation(acme, strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	g := e.actor(t, sam).Guard(model.ActionReviewDeactivation)
	if err := e.svc.SignOut(sam); err != nil {
		t.Fatal(err)
	}
	d := model.DeactivationDecision{Approve: true, Checklist: cleared, At: e.clock.Now()}
	if _, err := e.db.DecideDeactivation(context.Background(), g, req.ID, d, &model.AuditEvent{Action: "x"}); err != model.ErrSessionEnded {
		t.Fatalf("a signed-out reviewer: %v", err)
	}
	customer := e.actor(t, acme).Guard(model.ActionReviewDeactivation)
	if _, err := e.db.DecideDeactivation(context.Background(), customer, req.ID, d, &model.AuditEvent{Action: "x"}); err != model.ErrActorChanged {
		t.Fatalf("a customer's guard: %v", err)
	}
}

// R-STF-4, R-SET-4: staff open an account only while its grant runs,
// checked at every read: the second the grant ends, by its 24 hours or by
// the customer, access ends. Every opening read is in the customer's log;
// the first under a grant is notified (technical) once.
func TestSupportAccountUnderGrant(t *testing.T) {
	e := newEnv(t)
	acme := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	other := e.signUp(t, "Other", "Bugs Bunny", "bugs@other.example")
	sam := e.staff(t, "sam@support.example")
	acct := e.accountOf(t, acme)
	e.addContact(t, acme, "ops@acme.example", "Ops", model.ContactTechnical)
	e.submit(t, acme, model.TicketRequest{Subject: "Mail bounces", Description: "Since Monday."})

	if _, err := e.svc.SupportAccount(sam, acct.ID); err != model.ErrNoSupportGrant {
		t.Fatalf("no grant: %v", err)
	}
	if list, err := e.svc.SupportedAccounts(sam, model.QueuePage{Limit: 10}); err != nil || len(list) != 0 {
		t.Fatalf("accounts without grants: %v, %v", list, err)
	}
	if _, err := e.svc.SupportTickets(sam, acct.ID, "", model.EventPage{Limit: 10}); err != model.ErrNoSupportGrant {
		t.Fatalf("requests without a grant: %v", err)
	}
	g, err := e.svc.AllowSupportAccess(acme, strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	list, err := e.svc.SupportedAccounts(sam, model.QueuePage{Limit: 10})
	if err != nil || len(list) != 1 || list[0].AccountID != acct.ID || list[0].Company != "Acme" || list[0].Grant.ExpiresAt != g.ExpiresAt {
		t.Fatalf("accounts with grants: %+v, %v", list, err)
	}
	if _, err := e.svc.SupportAccount(acme, acct.ID); err != model.ErrStaffOnly {
		t.Fatalf("a customer opens an account: %v", err)
	}
	if _, err := e.svc.SupportAccount(sam, e.accountOf(t, other).ID); err != model.ErrNoSupportGrant {
		t.Fatalf("another account without a grant: %v", err)
	}
	v, err := e.svc.SupportAccount(sam, acct.ID)
	if err != nil || v.Account.CompanyName != "Acme" || v.Grant.ID != g.ID {
		t.Fatalf("open: %+v, %v", v, err)
	}
	for range 2 {
		if _, err := e.svc.SupportAccount(sam, acct.ID); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := e.svc.SupportTickets(sam, acct.ID, "", model.EventPage{Limit: 10})
	if err != nil || len(rows) != 1 || rows[0].Subject != "Mail bounces" {
		t.Fatalf("requests: %v, %v", rows, err)
	}
	if _, err := e.svc.SupportTickets(sam, acct.ID, "", model.EventPage{Limit: 10, Cursor: model.EventCursor{At: rows[0].UpdatedAt, ID: rows[0].ID}}); err != nil {
		t.Fatal(err)
	}
	contacts, err := e.svc.SupportContacts(sam, acct.ID, model.ContactQuery{Limit: 10})
	if err != nil || len(contacts) != 1 {
		t.Fatalf("contacts: %v, %v", contacts, err)
	}
	if n := e.auditCount(t, acct.ID, model.SupportAction("account.viewed")); n != 3 {
		t.Errorf("%d openings in the log, want 3", n)
	}
	if n := e.auditCount(t, acct.ID, model.SupportAction("requests.viewed")); n != 1 {
		t.Errorf("%d readings of the requests in the log, want 1 (the next window continues it)", n)
	}
	if n := e.auditCount(t, acct.ID, model.SupportAction("contacts.viewed")); n != 1 {
		t.Errorf("%d readings of the contacts in the log, want 1", n)
	}
	if a := findAudit(e.auditOf(t, acct.ID), model.SupportAction("account.viewed")); a.Actor != "sam@support.example" {
		t.Errorf("the opening's actor: %+v", a)
	}
	opened := e.outboxOf(t, acct.ID, model.NotifySupportOpened)
	if got := reasons(t, opened); len(opened) != 1 || got["ops@acme.example"] != "Technical contact" {
		t.Fatalf("the first opening notified %v (%d rows); want the Technical contact once", got, len(opened))
	}

	e.advance(t, g.ExpiresAt.Sub(e.clock.Now())-time.Second, sam, acme)
	if _, err := e.svc.SupportAccount(sam, acct.ID); err != nil {
		t.Fatalf("a second before the end: %v", err)
	}
	e.clock.Advance(time.Second)
	if _, err := e.svc.SupportAccount(sam, acct.ID); err != model.ErrNoSupportGrant {
		t.Fatalf("at the end: %v", err)
	}
	if _, err := e.svc.SupportTickets(sam, acct.ID, "", model.EventPage{Limit: 10, Cursor: model.EventCursor{At: rows[0].UpdatedAt, ID: rows[0].ID}}); err != model.ErrNoSupportGrant {
		t.Fatalf("the next window at the end: %v", err)
	}
	if list, _ := e.svc.SupportedAccounts(sam, model.QueuePage{Limit: 10}); len(list) != 0 {
		t.Fatalf("an ended grant is listed: %v", list)
	}

	if _, err := e.svc.AllowSupportAccess(acme, strongPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SupportAccount(sam, acct.ID); err != nil {
		t.Fatal(err)
	}
	if n := len(e.outboxOf(t, acct.ID, model.NotifySupportOpened)); n != 2 {
		t.Errorf("%d opening notices after a new grant, want 2", n)
	}
	if err := e.svc.EndSupportAccess(acme); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SupportContacts(sam, acct.ID, model.ContactQuery{Limit: 10}); err != model.ErrNoSupportGrant {
		t.Fatalf("after the customer ended it: %v", err)
	}
}

// R-STF-5, R-PWD-5, R-PWD-7: staff check the PIN a caller gives, match or
// no match, throttled per account; after a match, and only for that
// account, within CallerMatchTTL and once, they issue a reset code (after
// their own password) that works on Forgot password; the user is told.
func TestCallerCheck(t *testing.T) {
	e := newEnv(t)
	acme := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	manager := e.member(t, acme, "road@acme.example", model.RoleManager)
	other := e.signUp(t, "Other", "Bugs Bunny", "bugs@other.example")
	sam := e.staff(t, "sam@support.example")
	kim := e.staff(t, "kim@support.example")
	acct, otherAcct := e.accountOf(t, acme), e.accountOf(t, other)
	road := e.actor(t, manager).User
	pin, err := e.svc.SupportPIN(acme, strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	otherPIN, err := e.svc.SupportPIN(other, strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	wrong := "000000"
	for wrong == pin || wrong == otherPIN {
		wrong = "9" + wrong[1:]
	}

	found, err := e.svc.FindCallerAccounts(sam, "ac")
	if err != nil || len(found) != 1 || found[0].ID != acct.ID {
		t.Fatalf("find by name: %v, %v", found, err)
	}
	found, err = e.svc.FindCallerAccounts(sam, "#"+strconv.FormatInt(otherAcct.ID, 10))
	if err != nil || len(found) != 1 || found[0].ID != otherAcct.ID {
		t.Fatalf("find by number: %v, %v", found, err)
	}
	if found, _ := e.svc.FindCallerAccounts(sam, "support"); len(found) != 0 {
		t.Fatalf("the provider's account is found: %v", found)
	}
	if _, err := e.svc.FindCallerAccounts(acme, "ac"); err != model.ErrStaffOnly {
		t.Fatalf("a customer looks up accounts: %v", err)
	}

	if c, err := e.svc.CheckCaller(sam, acct.ID, wrong); err != nil || c.Match {
		t.Fatalf("a wrong PIN: %+v, %v", c, err)
	}
	if _, err := e.svc.CallerUsers(sam, acct.ID); err != model.ErrNoCallerMatch {
		t.Fatalf("users without a match: %v", err)
	}
	if _, err := e.svc.IssueCallerResetCode(sam, acct.ID, road.ID, strongPassword); err != model.ErrNoCallerMatch {
		t.Fatalf("a code without a match: %v", err)
	}
	c, err := e.svc.CheckCaller(sam, acct.ID, pin)
	if err != nil || !c.Match || !c.Until.Equal(e.clock.Now().Add(model.CallerMatchTTL)) {
		t.Fatalf("the right PIN: %+v, %v", c, err)
	}
	if _, err := e.svc.CheckCaller(sam, otherAcct.ID, otherPIN); err != nil {
		t.Fatal(err)
	}
	users, err := e.svc.CallerUsers(sam, acct.ID)
	if err != nil || len(users) != 2 {
		t.Fatalf("users after a match: %v, %v", users, err)
	}
	if _, err := e.svc.CallerUsers(kim, acct.ID); err != model.ErrNoCallerMatch {
		t.Fatalf("another staff member rides on the match: %v", err)
	}
	otherOwner := e.actor(t, other).User
	if _, err := e.svc.IssueCallerResetCode(sam, acct.ID, otherOwner.ID, strongPassword); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("a user of another account: %v", err)
	}
	if _, err := e.svc.IssueCallerResetCode(sam, acct.ID, road.ID, "wrong password"); err != model.ErrWrongPassword {
		t.Fatalf("a wrong staff password: %v", err)
	}
	code, err := e.svc.IssueCallerResetCode(sam, acct.ID, road.ID, strongPassword)
	if err != nil || code == "" {
		t.Fatalf("issue: %q, %v", code, err)
	}
	if _, err := e.svc.IssueCallerResetCode(sam, acct.ID, road.ID, strongPassword); err != model.ErrNoCallerMatch {
		t.Fatalf("a second code on one match: %v", err)
	}
	if _, err := e.svc.ResetPassword(context.Background(), model.ResetPasswordRequest{Email: road.Email, Code: code,
		Password: "a-brand-new-passphrase-42", Origin: model.LocalOrigin}); err != nil {
		t.Fatalf("the code resets: %v", err)
	}
	a := findAudit(e.auditOf(t, acct.ID), model.SupportAction("user.reset_code_issued"))
	if a == nil || a.Actor != "sam@support.example" || strings.Contains(a.Detail, code) {
		t.Fatalf("the code in the log: %+v", a)
	}
	notices := e.notificationsTo(t, road.Email)
	if !containsKind(notices, model.NotifyResetCodeIssued) {
		t.Fatalf("the user is not told: %v", kindsOf(notices))
	}
	for _, n := range notices {
		if strings.Contains(n.Body, code) {
			t.Fatal("a notice carries the code")
		}
	}
	if n := e.auditCount(t, acct.ID, model.SupportAction("support_pin.checked")); n != 2 {
		t.Errorf("%d checks in the log, want 2", n)
	}

	// The match of the other account lapses after CallerMatchTTL.
	e.advance(t, model.CallerMatchTTL, sam)
	if _, err := e.svc.IssueCallerResetCode(sam, otherAcct.ID, otherOwner.ID, strongPassword); err != model.ErrNoCallerMatch {
		t.Fatalf("after %v: %v", model.CallerMatchTTL, err)
	}
	// R-PWD-5: five misses, then the account's checks wait, for any staff.
	for i := range model.FreeAttempts {
		if c, err := e.svc.CheckCaller(sam, otherAcct.ID, wrong); err != nil || c.Match {
			t.Fatalf("miss %d: %+v, %v", i+1, c, err)
		}
	}
	if _, err := e.svc.CheckCaller(kim, otherAcct.ID, otherPIN); model.ErrorCode(err) != model.ELOCKED {
		t.Fatalf("after five misses: %v", err)
	}
	if _, err := e.svc.CheckCaller(sam, acct.ID, "12a456"); err != model.ErrPINFormat {
		t.Fatalf("not six digits: %v", err)
	}
	if _, err := e.svc.CheckCaller(sam, e.actor(t, sam).Account.ID, pin); err != model.ErrNoCustomerAccount {
		t.Fatalf("the provider's account: %v", err)
	}
}

// R-STF-5, R-PWD-7: the rule of a reset code after a caller check, on the
// match and the user as read at commit.
func TestCheckCallerReset(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	m := &model.CallerMatch{StaffID: 9, AccountID: 1, MatchedAt: now}
	active := &model.User{ID: 2, AccountID: 1, Status: model.UserActive, Email: "a@x.example"}
	cases := []struct {
		name   string
		m      *model.CallerMatch
		target *model.User
		at     time.Time
		code   string
	}{
		{"fresh", m, active, now.Add(model.CallerMatchTTL - time.Second), ""},
		{"no match", nil, active, now, model.EFORBIDDEN},
		{"lapsed", m, active, now.Add(model.CallerMatchTTL), model.EFORBIDDEN},
		{"another account's match", &model.CallerMatch{AccountID: 3, MatchedAt: now}, active, now, model.EFORBIDDEN},
		{"a user of another account", m, &model.User{AccountID: 3, Status: model.UserActive}, now, model.ENOTFOUND},
		{"no such user", m, nil, now, model.ENOTFOUND},
		{"invited", m, &model.User{AccountID: 1, Status: model.UserInvited}, now, model.EINVALID},
		{"disabled", m, &model.User{AccountID: 1, Status: model.UserDisabled}, now, model.EINVALID},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := model.ErrorCode(model.CheckCallerReset(c.m, 1, c.target, c.at)); got != c.code {
				t.Fatalf("code %q, want %q", got, c.code)
			}
		})
	}
}

func containsKind(list []*model.Notification, kind string) bool {
	for _, n := range list {
		if n.Kind == kind {
			return true
		}
	}
	return false
}
