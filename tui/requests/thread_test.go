package requests_test

import (
	"strings"
	"testing"
	"time"

	"acctl/model"
)

// A reply round trip (R-TKT-2): the customer replies on two lines from
// the thread; a staff member's reply made through the model shows up in
// the open thread by itself, with its author marked as support, and the
// status follows.
func TestReplyRoundTrip(t *testing.T) { // R-TKT-2
	a := newAccount(t)
	tk := a.submit(t, model.TicketRequest{Subject: "Backup job fails", Description: "Every night at 02:00."})
	staff := a.staff(t)
	c := a.open(t, "Requests", 80, 24)
	c.WaitFor("Backup job fails")
	c.Keys("enter")
	c.WaitWords("Request #1 · Backup job fails", "Ada Lovelace · 2026-11-23 09:00 UTC", "Every night at 02:00.")
	c.Keys("r")
	c.WaitFor("Reply to request #1", "Your reply")
	c.Type("It failed again tonight.")
	c.Keys("ctrl+j")
	c.Type("The log says: disk quota exceeded.")
	c.Keys("enter")
	screen := c.WaitWords("Reply sent.", "It failed again tonight.", "The log says: disk quota exceeded.")
	if _, i := lineWith(screen, "It failed again tonight."); !strings.Contains(lineAfter(screen, i), "The log says") {
		t.Fatalf("the reply's line break was not kept:\n%s", screen)
	}

	if _, err := a.Svc.ReplyToTicket(staff, tk.ID, "We raised the quota.\nPlease check tomorrow."); err != nil {
		t.Fatal(err)
	}
	tick(c, 3)
	screen = c.WaitWords("Sam Rivera (Support) · 2026-11-23 09:00 UTC", "We raised the quota.", "Please check tomorrow.", "Status Waiting for you")
	fits(t, screen, 80, 24)
}

// A reply that the model refuses keeps what was typed (SPEC §5); esc
// leaves the reply and r brings it back as it was.
func TestReplyKeepsTheDraft(t *testing.T) { // R-TKT-2, SPEC §5
	a := newAccount(t)
	a.submit(t, model.TicketRequest{Subject: "Backup job fails", Description: "Every night."})
	c := a.open(t, "Requests", 80, 24)
	c.WaitFor("Backup job fails")
	c.Keys("enter", "r")
	c.WaitFor("Your reply")
	c.Keys("enter")
	c.WaitWords("The reply is empty")
	c.Type("Half a thought")
	c.Keys("esc")
	c.WaitGone("Your reply")
	c.Keys("r")
	c.WaitWords("Your reply", "Half a thought")
}

// Close, then reopen (R-TKT-2): closing asks first and says that the
// server password is erased; the thread then shows it erased and until
// when the request can be reopened; o reopens it, waiting for staff.
func TestCloseThenReopen(t *testing.T) { // R-TKT-1, R-TKT-2
	a := newAccount(t)
	a.submit(t, model.TicketRequest{Subject: "Nginx on web1 returns 502", Description: "Since the upgrade.",
		Server: "web1.northwind.example", Access: model.AccessFull, ServerPassword: serverPassword})
	c := a.open(t, "Requests", 80, 24)
	c.WaitFor("Nginx on web1")
	c.Keys("enter")
	c.WaitWords("administrator password kept, sealed", "c close request")
	c.Keys("c")
	c.WaitWords("Close request #1?", "administrator password kept with it is erased")
	c.Keys("n")
	c.WaitGone("Close request #1?")
	c.Keys("c")
	c.WaitFor("Close request #1?")
	c.Keys("y")
	screen := c.WaitWords("Request #1 closed. Its server password was erased.", "password erased 2026-11-23 09:00 UTC",
		"Closed 2026-11-23 09:00 UTC · o reopens it until 2026-12-07 09:00 UTC", "o reopen")
	if strings.Contains(screen, "r reply") || strings.Contains(screen, "c close") {
		t.Fatalf("a closed request offers reply or close:\n%s", screen)
	}
	fits(t, screen, 80, 24)
	if tk, _ := a.Svc.Ticket(a.ctx(), 1); tk.HasServerPassword || tk.PasswordPurgedAt == nil {
		t.Fatalf("the password was not purged: %+v", tk)
	}

	c.Keys("o")
	c.WaitWords("Request #1 reopened: it waits for staff.", "Status Waiting for staff", "r reply")
}

// Reopening is refused after 14 days (R-TKT-2): the thread says so and
// offers no reopen; o anyway gets the model's sentence.
func TestReopenAfterFourteenDays(t *testing.T) { // R-TKT-2
	a := newAccount(t)
	tk := a.submit(t, model.TicketRequest{Subject: "Upgrade to the 32 GB plan", Description: "Please."})
	if _, err := a.Svc.CloseTicket(a.ctx(), tk.ID); err != nil {
		t.Fatal(err)
	}
	a.Clock.Advance(model.ReopenWindow + time.Minute)
	a.owner = a.SignIn(t, adaEmail) // the first session has ended meanwhile
	c := a.open(t, "Requests", 80, 24)
	c.WaitFor("Upgrade to the 32 GB plan")
	c.Keys("enter")
	screen := c.WaitWords("Closed 2026-11-23 09:00 UTC · more than 14 days ago, so it cannot be reopened")
	if strings.Contains(screen, "o reopen") {
		t.Fatalf("reopen offered after 14 days:\n%s", screen)
	}
	c.Keys("o")
	c.WaitStatus("closed more than 14 days ago and cannot be reopened")
	if got, _ := a.Svc.Ticket(a.ctx(), tk.ID); got.Status != model.TicketClosed {
		t.Fatalf("status %s", got.Status)
	}
}

// On the smallest terminal (60×16) the thread opens at its end, the last
// line of the newest message drawn, once the request's header has taken
// its lines (SPEC §5).
func TestThreadOnASmallTerminal(t *testing.T) { // R-TKT-2, SPEC §5
	a := newAccount(t)
	goldenThread(t, a)
	if _, err := a.Svc.ReplyToTicket(a.ctx(), 1, "They do, thank you.\nYou can close it."); err != nil {
		t.Fatal(err)
	}
	c := a.open(t, "Requests", 60, 16)
	c.WaitFor("Nginx on web1")
	c.Keys("enter")
	screen := c.WaitWords("administrator password kept, sealed", "They do, thank you. You can close it.", "↑ older")
	fits(t, screen, 60, 16)
	c.Keys("g")
	c.WaitWords("Since the upgrade at 08:00 every page answers 502.", "↓ newer")
}
