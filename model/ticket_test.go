package model_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"acctl/model"
)

// notificationsTo returns the notifications queued for the user with
// email, newest first.
func (e *env) notificationsTo(t *testing.T, email string) []*model.Notification {
	t.Helper()
	u, err := e.db.FindUserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	list, err := e.db.ListNotifications(context.Background(), model.NotificationFilter{AccountID: u.AccountID, UserID: u.ID}, model.EventPage{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// kindsOf lists the notifications' kinds.
func kindsOf(list []*model.Notification) []string {
	var kinds []string
	for _, n := range list {
		kinds = append(kinds, n.Kind)
	}
	return kinds
}

// auditOf returns an account's security log, newest first.
func (e *env) auditOf(t *testing.T, accountID int64) []*model.AuditEvent {
	t.Helper()
	list, err := e.db.ListAudit(context.Background(), accountID, model.EventPage{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// findAudit returns the newest event of action in list, or nil.
func findAudit(list []*model.AuditEvent, action string) *model.AuditEvent {
	for _, a := range list {
		if a.Action == action {
			return a
		}
	}
	return nil
}

// accountOf is the account of the caller of ctx.
func (e *env) accountOf(t *testing.T, ctx context.Context) *model.Account {
	t.Helper()
	a, err := e.svc.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return a.Account
}

// advance moves the clock on and restarts the hour of the sessions of
// ctxs, as their users would by unlocking (R-SES-1).
func (e *env) advance(t *testing.T, d time.Duration, ctxs ...context.Context) {
	t.Helper()
	e.clock.Advance(d)
	for _, ctx := range ctxs {
		if err := e.db.ReauthenticateSession(context.Background(), model.SessionIDFrom(ctx), model.SessionIDFrom(ctx), e.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
}

// submit files a request and fails the test on error.
func (e *env) submit(t *testing.T, ctx context.Context, req model.TicketRequest) *model.Ticket {
	t.Helper()
	tk, err := e.svc.SubmitTicket(ctx, req)
	if err != nil {
		t.Fatalf("submit %q: %v", req.Subject, err)
	}
	return tk
}

const serverPassword = "Tr0ub4dor&3-sentinel-7fa1c9"

var withPassword = model.TicketRequest{Subject: "Nginx returns 502", Description: "Since 9:00 every page\nreturns 502.",
	Server: "web1.northwind.example", Access: model.AccessFull, ServerPassword: serverPassword}

func TestSubmitTicket(t *testing.T) { // R-TKT-1
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	long := strings.Repeat("x", model.MaxTicketMessage+1)
	for _, tc := range []struct {
		name   string
		req    model.TicketRequest
		code   string
		server string
	}{
		{"subject and description only", model.TicketRequest{Subject: " Invoice question ", Description: "Line one\r\nline two"}, "", ""},
		{"server, access and password", withPassword, "", "web1.northwind.example"},
		{"IPv6 address in brackets", model.TicketRequest{Subject: "s", Description: "d", Server: "[2001:DB8::1]", Access: model.AccessReadOnly}, "", "2001:db8::1"},
		{"IPv4 address", model.TicketRequest{Subject: "s", Description: "d", Server: "203.0.113.7"}, "", "203.0.113.7"},
		{"host name with a final dot", model.TicketRequest{Subject: "s", Description: "d", Server: "DB1.Example.COM."}, "", "db1.example.com"},
		{"no subject", model.TicketRequest{Subject: "  ", Description: "d"}, model.EINVALID, ""},
		{"control character in the subject", model.TicketRequest{Subject: "a\x1b]52;c;x\a", Description: "d"}, model.EINVALID, ""},
		{"no description", model.TicketRequest{Subject: "s", Description: "\n \n"}, model.EINVALID, ""},
		{"escape in the description", model.TicketRequest{Subject: "s", Description: "a\x1b[2Jb"}, model.EINVALID, ""},
		{"description too long", model.TicketRequest{Subject: "s", Description: long}, model.EINVALID, ""},
		{"not a host name", model.TicketRequest{Subject: "s", Description: "d", Server: "web one!"}, model.EINVALID, ""},
		{"host name with a port", model.TicketRequest{Subject: "s", Description: "d", Server: "web1.example.com:22"}, model.EINVALID, ""},
		{"international name not in xn-- form", model.TicketRequest{Subject: "s", Description: "d", Server: "bücher.example"}, model.EINVALID, ""},
		{"IPv4 address out of range", model.TicketRequest{Subject: "s", Description: "d", Server: "10.0.0.300"}, model.EINVALID, ""},
		{"a single numeric label", model.TicketRequest{Subject: "s", Description: "d", Server: "12345"}, model.EINVALID, ""},
		{"host name with digits", model.TicketRequest{Subject: "s", Description: "d", Server: "10-0-0-3.example"}, "", "10-0-0-3.example"},
		{"label starting with a hyphen", model.TicketRequest{Subject: "s", Description: "d", Server: "-web.example"}, model.EINVALID, ""},
		{"access without a server", model.TicketRequest{Subject: "s", Description: "d", Access: model.AccessFull}, model.EINVALID, ""},
		{"password without a server", model.TicketRequest{Subject: "s", Description: "d", ServerPassword: "pw"}, model.EINVALID, ""},
		{"password with no access", model.TicketRequest{Subject: "s", Description: "d", Server: "web1.example", ServerPassword: "pw"}, model.EINVALID, ""},
		{"unknown access", model.TicketRequest{Subject: "s", Description: "d", Server: "web1.example", Access: "root"}, model.EINVALID, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tk, err := e.svc.SubmitTicket(owner, tc.req)
			wantCode(t, err, tc.code)
			if tc.code != "" {
				return
			}
			if tk.Status != model.TicketOpen || tk.Server != tc.server || tk.HasServerPassword != (tc.req.ServerPassword != "") || tk.ID == 0 {
				t.Fatalf("ticket = %+v", tk)
			}
			thread, err := e.svc.TicketThread(owner, tk.ID, model.EventPage{Limit: 10})
			if err != nil || len(thread) != 1 || thread[0].Staff || thread[0].Author != "Wile Coyote" || strings.Contains(thread[0].Body, "\r") {
				t.Fatalf("thread = %+v, %v; want the description by its author", thread, err)
			}
		})
	}
	t.Run("audited, never with the password", func(t *testing.T) {
		tk := e.submit(t, owner, withPassword)
		a := findAudit(e.auditOf(t, tk.AccountID), "ticket.submitted")
		if a == nil || a.Object != fmt.Sprintf("request #%d", tk.ID) || !strings.Contains(a.Detail, "sealed administrator password") {
			t.Fatalf("audit = %+v", a)
		}
		e.noPasswordAnywhere(t, tk.AccountID)
	})
	t.Run("managers too", func(t *testing.T) {
		manager := e.member(t, owner, "road@acme.example", model.RoleManager)
		e.submit(t, manager, model.TicketRequest{Subject: "s", Description: "d"})
	})
}

// noPasswordAnywhere checks that the server password is in no audit
// event, notification or ticket message of the account (R-TKT-1).
func (e *env) noPasswordAnywhere(t *testing.T, accountID int64) {
	t.Helper()
	for _, a := range e.auditOf(t, accountID) {
		if strings.Contains(a.Detail+a.Object+a.Action, serverPassword) {
			t.Fatalf("the password is in the audit event %+v", a)
		}
	}
	list, err := e.db.ListNotifications(context.Background(), model.NotificationFilter{AccountID: accountID}, model.EventPage{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range list {
		if strings.Contains(n.Subject+n.Body, serverPassword) {
			t.Fatalf("the password is in the notification %+v", n)
		}
	}
}

// A customer never sees, nor acts on, another account's requests.
func TestTicketsStayInTheirAccount(t *testing.T) { // R-TKT-2, R-ACC-2
	e := newEnv(t)
	acme := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	other := e.signUp(t, "Globex", "Hank Scorpio", "hank@globex.example")
	mine := e.submit(t, acme, withPassword)
	theirs := e.submit(t, other, model.TicketRequest{Subject: "Globex request", Description: "d"})
	list, err := e.svc.Tickets(other, "", model.EventPage{Limit: 50})
	if err != nil || len(list) != 1 || list[0].ID != theirs.ID {
		t.Fatalf("Globex's list = %+v, %v; want only its own request", list, err)
	}
	for name, call := range map[string]func() error{
		"Ticket":       func() error { _, err := e.svc.Ticket(other, mine.ID); return err },
		"TicketThread": func() error { _, err := e.svc.TicketThread(other, mine.ID, model.EventPage{Limit: 5}); return err },
		"ReplyToTicket": func() error {
			_, err := e.svc.ReplyToTicket(other, mine.ID, "hello")
			return err
		},
		"CloseTicket":  func() error { _, err := e.svc.CloseTicket(other, mine.ID); return err },
		"ReopenTicket": func() error { _, err := e.svc.ReopenTicket(other, mine.ID); return err },
	} {
		t.Run(name, func(t *testing.T) { wantCode(t, call(), model.ENOTFOUND) })
	}
	if tk, err := e.svc.Ticket(acme, mine.ID); err != nil || tk.Status != model.TicketOpen || !tk.HasServerPassword {
		t.Fatalf("Acme's own request: %+v, %v", tk, err)
	}
}

func TestTicketConversation(t *testing.T) { // R-TKT-2, R-STF-1, R-STF-4
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	manager := e.member(t, owner, "road@acme.example", model.RoleManager)
	staff := e.staff(t, "sam@provider.example")
	tk := e.submit(t, owner, model.TicketRequest{Subject: "Backup failed", Description: "Last night's backup failed."})
	step := func(ctx context.Context, body string, want model.TicketStatus) *model.Ticket {
		t.Helper()
		e.clock.Advance(time.Minute)
		got, err := e.svc.ReplyToTicket(ctx, tk.ID, body)
		if err != nil || got.Status != want {
			t.Fatalf("reply %q: %+v, %v; want %s", body, got, err, want)
		}
		return got
	}
	step(owner, "It failed again.", model.TicketOpen)
	got := step(staff, "We are looking at it.\nPlease wait.", model.TicketWaitingCustomer)
	if a, _ := e.svc.Caller(staff); got.AssigneeID != a.User.ID || got.Assignee != "Staff sam@provider.example" {
		t.Errorf("a staff reply did not assign the request: %+v", got)
	}
	step(manager, "Thanks, waiting.", model.TicketWaitingStaff)
	step(staff, "Fixed.", model.TicketWaitingCustomer)

	thread, err := e.svc.TicketThread(owner, tk.ID, model.EventPage{Direction: model.Newer, Limit: 10})
	if err != nil || len(thread) != 5 {
		t.Fatalf("thread = %d messages, %v", len(thread), err)
	}
	wantStaff := []bool{true, false, true, false, false} // newest first
	for i, m := range thread {
		if m.Staff != wantStaff[i] || (i > 0 && !m.At.Before(thread[i-1].At)) {
			t.Errorf("message %d = %+v", i, m)
		}
	}
	if thread[1].Body != "Thanks, waiting." || thread[2].Body != "We are looking at it.\nPlease wait." {
		t.Errorf("thread bodies: %q, %q", thread[1].Body, thread[2].Body)
	}

	t.Run("staff reads every account's thread", func(t *testing.T) {
		if list, err := e.svc.TicketThread(staff, tk.ID, model.EventPage{Limit: 2}); err != nil || len(list) != 2 || list[0].Body != "Fixed." {
			t.Fatalf("staff thread = %+v, %v", list, err)
		}
	})
	t.Run("replies are notified to the requester, not to their author", func(t *testing.T) {
		kinds := kindsOf(e.notificationsTo(t, "wile@acme.example"))
		replies := 0
		for _, k := range kinds {
			if k == model.NotifyTicketReply {
				replies++
			}
		}
		if replies != 3 { // two staff replies and the manager's
			t.Errorf("the requester got %d reply notifications (%v), want 3", replies, kinds)
		}
		n := e.notificationsTo(t, "wile@acme.example")[0]
		if !strings.Contains(n.Body, "Fixed.") || !strings.Contains(n.Subject, "request #") || !strings.Contains(n.Body, "Support (") {
			t.Errorf("reply notification = %q / %q", n.Subject, n.Body)
		}
		for _, n := range e.notificationsTo(t, "sam@provider.example") {
			if n.Kind == model.NotifyTicketReply {
				t.Errorf("the staff member was notified of a reply: %+v", n)
			}
		}
	})
	t.Run("staff actions are support: in the customer's log", func(t *testing.T) {
		a := findAudit(e.auditOf(t, tk.AccountID), model.SupportAction("ticket.replied"))
		if a == nil || a.Actor != "sam@provider.example" || a.Object != fmt.Sprintf("request #%d", tk.ID) {
			t.Fatalf("support audit = %+v", a)
		}
	})
	t.Run("staff change the status", func(t *testing.T) {
		for _, to := range []model.TicketStatus{model.TicketWaitingStaff, model.TicketOpen, model.TicketClosed, model.TicketWaitingStaff} {
			got, err := e.svc.SetTicketStatus(staff, tk.ID, to)
			if err != nil || got.Status != to {
				t.Fatalf("SetTicketStatus(%s) = %+v, %v", to, got, err)
			}
		}
		_, err := e.svc.SetTicketStatus(staff, tk.ID, model.TicketWaitingStaff)
		wantCode(t, err, model.EINVALID)
		_, err = e.svc.SetTicketStatus(staff, tk.ID, "pending")
		wantCode(t, err, model.EINVALID)
		if a := findAudit(e.auditOf(t, tk.AccountID), model.SupportAction("ticket.status_changed")); a == nil {
			t.Error("no support: ticket.status_changed in the customer's log")
		}
		if kinds := kindsOf(e.notificationsTo(t, "wile@acme.example")); kinds[0] != model.NotifyTicketStatus {
			t.Errorf("newest notification kinds = %v", kinds)
		}
	})
	t.Run("closed takes no reply", func(t *testing.T) {
		if _, err := e.svc.CloseTicket(owner, tk.ID); err != nil {
			t.Fatal(err)
		}
		_, err := e.svc.CloseTicket(owner, tk.ID)
		wantCode(t, err, model.ECONFLICT)
		_, err = e.svc.ReplyToTicket(owner, tk.ID, "one more thing")
		wantCode(t, err, model.ECONFLICT)
		_, err = e.svc.ReplyToTicket(staff, tk.ID, "one more thing")
		wantCode(t, err, model.ECONFLICT)
	})
}

func TestReopenWithin14Days(t *testing.T) { // R-TKT-2
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	staff := e.staff(t, "sam@provider.example")
	tk := e.submit(t, owner, model.TicketRequest{Subject: "s", Description: "d"})
	_, err := e.svc.ReopenTicket(owner, tk.ID)
	wantCode(t, err, model.ECONFLICT) // not closed
	if _, err := e.svc.CloseTicket(owner, tk.ID); err != nil {
		t.Fatal(err)
	}
	e.advance(t, model.ReopenWindow-time.Second, owner, staff)
	got, err := e.svc.ReopenTicket(owner, tk.ID)
	if err != nil || got.Status != model.TicketWaitingStaff || got.ClosedAt != nil {
		t.Fatalf("reopen within 14 days: %+v, %v", got, err)
	}
	if _, err := e.svc.CloseTicket(staff, tk.ID); err != nil {
		t.Fatal(err)
	}
	e.advance(t, model.ReopenWindow+time.Second, owner, staff)
	for name, ctx := range map[string]context.Context{"customer": owner, "staff": staff} {
		t.Run(name+" after 14 days", func(t *testing.T) {
			var err error
			if name == "staff" {
				_, err = e.svc.SetTicketStatus(ctx, tk.ID, model.TicketOpen)
			} else {
				_, err = e.svc.ReopenTicket(ctx, tk.ID)
			}
			wantCode(t, err, model.ECONFLICT)
		})
	}
}

func TestTicketQueue(t *testing.T) { // R-STF-1
	e := newEnv(t)
	acme := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	globex := e.signUp(t, "Globex", "Hank Scorpio", "hank@globex.example")
	staff := e.staff(t, "sam@provider.example")
	var ids []int64
	for i, ctx := range []context.Context{acme, globex, acme, globex, acme} {
		e.clock.Advance(time.Minute)
		ids = append(ids, e.submit(t, ctx, model.TicketRequest{Subject: fmt.Sprintf("request %d", i), Description: "d"}).ID)
	}
	// ids[1] is answered (waits for the customer), ids[3] closed; ids[0]
	// gets a customer's reply after the answer: it waits for staff since
	// then, so it goes to the back of the queue.
	e.clock.Advance(time.Minute)
	for _, step := range []func() error{
		func() error { _, err := e.svc.ReplyToTicket(staff, ids[1], "answer"); return err },
		func() error { _, err := e.svc.CloseTicket(globex, ids[3]); return err },
		func() error { _, err := e.svc.ReplyToTicket(staff, ids[0], "answer"); return err },
		func() error {
			e.clock.Advance(time.Minute)
			_, err := e.svc.ReplyToTicket(acme, ids[0], "still broken")
			return err
		},
		// A customer's reply to an open request updates it but keeps
		// its place: it has waited since it was submitted.
		func() error {
			e.clock.Advance(time.Minute)
			_, err := e.svc.ReplyToTicket(acme, ids[2], "any news?")
			return err
		},
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	queue := func(status model.TicketStatus, p model.QueuePage) []int64 {
		t.Helper()
		list, err := e.svc.TicketQueue(staff, status, p)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, r := range list {
			got = append(got, r.ID)
		}
		return got
	}
	for _, tc := range []struct {
		name   string
		status model.TicketStatus
		page   model.QueuePage
		want   []int64
	}{
		{"waiting for staff, oldest first", "", model.QueuePage{Limit: 10}, []int64{ids[2], ids[4], ids[0]}},
		{"first two", "", model.QueuePage{Limit: 2}, []int64{ids[2], ids[4]}},
		{"from the back", "", model.QueuePage{Backward: true, Limit: 2}, []int64{ids[4], ids[0]}},
		{"waiting for the customer", model.TicketWaitingCustomer, model.QueuePage{Limit: 10}, []int64{ids[1]}},
		{"closed", model.TicketClosed, model.QueuePage{Limit: 10}, []int64{ids[3]}},
		{"open only", model.TicketOpen, model.QueuePage{Limit: 10}, []int64{ids[2], ids[4]}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := queue(tc.status, tc.page); !equalIDs(got, tc.want) {
				t.Errorf("queue = %v, want %v", got, tc.want)
			}
		})
	}
	t.Run("paging by cursor", func(t *testing.T) {
		first, err := e.svc.TicketQueue(staff, "", model.QueuePage{Limit: 1})
		if err != nil || len(first) != 1 {
			t.Fatal(first, err)
		}
		cur := model.EventCursor{At: first[0].StatusSince, ID: first[0].ID}
		if got := queue("", model.QueuePage{Cursor: cur, Limit: 5}); !equalIDs(got, []int64{ids[4], ids[0]}) {
			t.Errorf("after the first: %v", got)
		}
		last, _ := e.svc.TicketQueue(staff, "", model.QueuePage{Backward: true, Limit: 1})
		cur = model.EventCursor{At: last[0].StatusSince, ID: last[0].ID}
		if got := queue("", model.QueuePage{Cursor: cur, Backward: true, Limit: 5}); !equalIDs(got, []int64{ids[2], ids[4]}) {
			t.Errorf("before the last: %v", got)
		}
	})
	t.Run("rows name the company", func(t *testing.T) {
		list, _ := e.svc.TicketQueue(staff, model.TicketWaitingCustomer, model.QueuePage{Limit: 1})
		if len(list) != 1 || list[0].Company != "Globex" || list[0].Assignee != "Staff sam@provider.example" {
			t.Errorf("row = %+v", list[0])
		}
	})
	t.Run("the customer's list, by status", func(t *testing.T) {
		list, err := e.svc.Tickets(acme, model.TicketWaitingStaff, model.EventPage{Limit: 10})
		if err != nil || len(list) != 1 || list[0].ID != ids[0] {
			t.Fatalf("Acme waiting for staff = %+v, %v", list, err)
		}
		all, _ := e.svc.Tickets(acme, "", model.EventPage{Limit: 10})
		if len(all) != 3 || all[0].ID != ids[2] || all[1].ID != ids[0] { // most recently updated first
			t.Errorf("Acme's list = %+v", all)
		}
		_, err = e.svc.Tickets(acme, "pending", model.EventPage{Limit: 10})
		wantCode(t, err, model.EINVALID)
	})
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The server password is sealed at rest, shown only to the staff member
// working the request, each time audited and notified, and purged on
// closing, after which no file of the database holds it (R-TKT-1, §7).
func TestServerPassword(t *testing.T) { // R-TKT-1, R-STF-1, R-STF-4, SPEC §7
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	sam := e.staff(t, "sam@provider.example")
	kim := e.staff(t, "kim@provider.example")
	tk := e.submit(t, owner, withPassword)
	sealed := e.sealedPassword(t, tk.ID)
	if len(sealed) == 0 || bytes.Contains(sealed, []byte(serverPassword)) {
		t.Fatalf("stored password = %q, want it sealed", sealed)
	}
	if files := e.filesHolding(t, []byte(serverPassword)); files != "" {
		t.Fatalf("the plain password is in %s", files)
	}
	if files := e.filesHolding(t, sealed); files == "" {
		t.Fatal("the scan does not find the sealed password before closing: it cannot prove it gone after")
	}

	reveal := func(ctx context.Context, password string) (string, error) {
		return e.svc.RevealServerPassword(ctx, tk.ID, password)
	}
	_, err := reveal(owner, strongPassword)
	wantCode(t, err, model.EFORBIDDEN)
	_, err = reveal(sam, strongPassword)
	wantCode(t, err, model.EFORBIDDEN) // not working it
	if _, err := e.svc.TakeTicket(sam, tk.ID); err != nil {
		t.Fatal(err)
	}
	_, err = reveal(sam, "not-my-password-at-all")
	wantCode(t, err, model.EUNAUTHORIZED)
	got, err := reveal(sam, strongPassword)
	if err != nil || got != serverPassword {
		t.Fatalf("reveal = %q, %v", got, err)
	}
	if a := findAudit(e.auditOf(t, tk.AccountID), model.SupportAction("ticket.server_password_revealed")); a == nil || a.Actor != "sam@provider.example" {
		t.Fatalf("reveal audit = %+v", a)
	}
	if kinds := kindsOf(e.notificationsTo(t, "wile@acme.example")); len(kinds) == 0 || kinds[0] != model.NotifyTicketPasswordSeen {
		t.Errorf("the requester was not told of the reveal: %v", kinds)
	}
	_, err = reveal(kim, strongPassword)
	wantCode(t, err, model.EFORBIDDEN)
	if _, err := e.svc.TakeTicket(kim, tk.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := reveal(kim, strongPassword); err != nil {
		t.Fatalf("kim took the request over: %v", err)
	}
	_, err = reveal(sam, strongPassword)
	wantCode(t, err, model.EFORBIDDEN) // no longer working it

	closed, err := e.svc.CloseTicket(owner, tk.ID)
	if err != nil || closed.HasServerPassword || closed.PasswordPurgedAt == nil {
		t.Fatalf("closed = %+v, %v", closed, err)
	}
	if got := e.sealedPassword(t, tk.ID); got != nil {
		t.Fatalf("after closing the row holds %q", got)
	}
	log := e.auditOf(t, tk.AccountID)
	if a := findAudit(log, "ticket.server_password_purged"); a == nil || a.Object != fmt.Sprintf("request #%d", tk.ID) {
		t.Fatalf("purge audit = %+v", a)
	}
	_, err = reveal(kim, strongPassword)
	wantCode(t, err, model.ECONFLICT)
	if _, err := e.svc.ReopenTicket(owner, tk.ID); err != nil {
		t.Fatal(err)
	}
	_, err = reveal(kim, strongPassword)
	wantCode(t, err, model.ENOTFOUND) // purged for good
	if files := e.filesHolding(t, sealed); files != "" {
		t.Errorf("after closing, the sealed password is still in %s", files)
	}
	if files := e.filesHolding(t, []byte(serverPassword)); files != "" {
		t.Errorf("the plain password is in %s", files)
	}
	e.noPasswordAnywhere(t, tk.AccountID)
}

// sealedPassword reads a request's stored password straight from the
// database file, as someone holding a copy of it would.
func (e *env) sealedPassword(t *testing.T, id int64) []byte {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+e.path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var sealed []byte
	if err := raw.QueryRow(`SELECT server_password FROM tickets WHERE id = ?`, id).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	return sealed
}

// filesHolding names the database files (the main file, its write-ahead
// log and shared memory) that contain b.
func (e *env) filesHolding(t *testing.T, b []byte) string {
	t.Helper()
	var in []string
	for _, p := range []string{e.path, e.path + "-wal", e.path + "-shm"} {
		data, err := os.ReadFile(p)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, b) {
			in = append(in, p)
		}
	}
	return strings.Join(in, ", ")
}
