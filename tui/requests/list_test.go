package requests_test

import (
	"strings"
	"testing"
	"time"

	"acctl/model"
	"acctl/tui/tuitest"
)

// statusTickets files a request in each status, newest activity last:
// open, waiting for staff, waiting for the customer, closed.
func statusTickets(t *testing.T, a *account) {
	t.Helper()
	staff := a.staff(t)
	open := a.submit(t, model.TicketRequest{Subject: "Open one", Description: "x"})
	waitingStaff := a.submit(t, model.TicketRequest{Subject: "Waiting for staff one", Description: "x"})
	waitingYou := a.submit(t, model.TicketRequest{Subject: "Waiting for you one", Description: "x"})
	closed := a.submit(t, model.TicketRequest{Subject: "Closed one", Description: "x"})
	steps := []func() error{
		func() error { _, err := a.Svc.ReplyToTicket(staff, waitingStaff.ID, "Which server?"); return err },
		func() error { _, err := a.Svc.ReplyToTicket(a.ctx(), waitingStaff.ID, "web1."); return err },
		func() error { _, err := a.Svc.ReplyToTicket(staff, waitingYou.ID, "Done?"); return err },
		func() error { _, err := a.Svc.CloseTicket(a.ctx(), closed.ID); return err },
		func() error { _, err := a.Svc.ReplyToTicket(a.ctx(), open.ID, "Still there."); return err },
	}
	for _, step := range steps {
		a.Clock.Advance(time.Minute)
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
}

// The list (R-TKT-2): number, subject, status and last update, the most
// recently active first; / cycles the status filter, said in the title,
// through open, waiting for staff, waiting for you, closed and all.
func TestListFiltersByStatus(t *testing.T) { // R-TKT-2
	a := newAccount(t)
	statusTickets(t, a)
	c := a.open(t, "Requests", 80, 24)
	screen := c.WaitWords("Requests · all", "rows 1–4", "# Subject Status Updated (UTC)")
	fits(t, screen, 80, 24)
	order := []string{"Open one", "Closed one", "Waiting for you one", "Waiting for staff one"}
	last := -1
	for _, subject := range order {
		line, i := lineWith(screen, subject)
		if i <= last {
			t.Fatalf("%q is not after the request above it:\n%s", subject, screen)
		}
		last = i
		if !strings.Contains(line, "2026-11-23 09:0") {
			t.Fatalf("no update time on %q", line)
		}
	}
	for _, f := range []struct{ title, shows string }{
		{"Requests · open", "Open one"},
		{"Requests · waiting for staff", "Waiting for staff one"},
		{"Requests · waiting for you", "Waiting for you one"},
		{"Requests · closed", "Closed one"},
	} {
		c.Keys("/")
		screen := c.WaitWords(f.title, "rows 1–1", f.shows)
		for _, other := range order {
			if other != f.shows && strings.Contains(screen, other) {
				t.Fatalf("%s shows %q:\n%s", f.title, other, screen)
			}
		}
	}
	c.Keys("/")
	c.WaitWords("Requests · all", "rows 1–4")
}

// A customer never sees another account's requests (R-TKT-2): Contoso's
// request is in no list of Northwind's owner, whatever the filter.
func TestOtherAccountsRequestsAreNotListed(t *testing.T) { // R-TKT-2, R-ACC-4
	a := newAccount(t)
	olga := a.SignUp(t, "Contoso Cloud GmbH", "Olga Petrova", "olga@contoso.example")
	if _, err := a.Svc.SubmitTicket(tuitest.Ctx(olga), model.TicketRequest{Subject: "Contoso's own request", Description: "x"}); err != nil {
		t.Fatal(err)
	}
	a.submit(t, model.TicketRequest{Subject: "Northwind's request", Description: "x"})
	c := a.open(t, "Requests", 80, 24)
	for range filters {
		screen := c.WaitFor("Requests · ")
		if strings.Contains(screen, "Contoso") {
			t.Fatalf("another account's request is listed:\n%s", screen)
		}
		c.Keys("/")
	}
	c.WaitWords("Requests · all", "Northwind's request")
	if strings.Contains(c.Settled(), "Contoso") {
		t.Fatal("another account's request is listed")
	}
}

// filters is how many filters / cycles through.
var filters = make([]struct{}, 5)

// n opens the form; esc leaves it; the list is where it was.
func TestNewRequestAndBack(t *testing.T) { // R-TKT-1
	a := newAccount(t)
	c := a.open(t, "Requests", 80, 24)
	screen := c.WaitWords("No requests yet. Press n to submit one.")
	fits(t, screen, 80, 24)
	c.Keys("n")
	c.WaitFor("Step 1 of 2")
	c.Keys("esc")
	c.WaitWords("No requests yet")
}
