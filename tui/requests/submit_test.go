package requests_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/tui/tuitest"
)

const serverPassword = "Kx4!pQ-root-on-web1"

// Submit a request with a server at 80×24 (R-TKT-1): the two steps, the
// description's line breaks kept, the host name normalised, full access,
// and the administrator password typed but never drawn: no frame and no
// byte the console wrote holds it. The request opens in its thread,
// which says a password is kept, and the model has it sealed.
func TestSubmitWithServer(t *testing.T) { // R-TKT-1, R-TKT-2, SPEC §7
	a := newAccount(t)
	c := a.open(t, "Requests", 80, 24)
	w := watchFor(t, c, serverPassword)
	c.WaitFor("No requests yet")
	c.Keys("n")
	c.WaitFor("Step 1 of 2", "Subject", "Description")
	c.Type("Nginx on web1 returns 502")
	c.Keys("enter")
	c.Type("Since the upgrade at 08:00.")
	c.Keys("ctrl+j")
	c.Type("The error log is empty.")
	c.Keys("enter")
	c.WaitFor("Step 2 of 2", "Server", "Access for support", "Administrator password")
	c.Type("WEB1.Northwind.example")
	c.Keys("enter", "right", "right", "enter")
	c.Type(serverPassword)
	c.Keys("enter")
	screen := c.WaitWords("Request #1 · Nginx on web1 returns 502", "Request #1 submitted",
		"web1.northwind.example · access: full administrator · administrator password kept, sealed",
		"Ada Lovelace · 2026-11-23 09:00 UTC", "The error log is empty.")
	fits(t, screen, 80, 24)
	if _, i := lineWith(screen, "Since the upgrade at 08:00."); i < 0 || !strings.Contains(lineAfter(screen, i), "The error log is empty.") {
		t.Fatalf("the description's line break was not kept:\n%s", screen)
	}
	w.stop()

	tk, err := a.Svc.Ticket(a.ctx(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Server != "web1.northwind.example" || tk.Access != model.AccessFull || !tk.HasServerPassword {
		t.Fatalf("submitted %+v", tk)
	}
	msgs, err := a.Svc.TicketThread(a.ctx(), 1, model.EventPage{Limit: 5})
	if err != nil || len(msgs) != 1 || msgs[0].Body != "Since the upgrade at 08:00.\nThe error log is empty." {
		t.Fatalf("thread %v, %v", msgs, err)
	}
}

// Submit without a server (R-TKT-1): ctrl+s skips the second step, as the
// portal's Skip; the request keeps no server and no password.
func TestSubmitSkippingTheServer(t *testing.T) { // R-TKT-1
	a := newAccount(t)
	c := a.open(t, "Requests", 80, 24)
	c.Keys("n")
	c.WaitFor("Step 1 of 2")
	c.Type("Invoice 2026-10 shows our old VAT number")
	c.Keys("enter")
	c.Type("Please send a corrected invoice.")
	c.Keys("enter")
	c.WaitFor("Step 2 of 2", "ctrl+s skip")
	c.Type("typed then skipped")
	c.Keys("ctrl+s")
	c.WaitWords("Request #1 · Invoice 2026-10", "Server none given", "Status Open")
	tk, err := a.Svc.Ticket(a.ctx(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Server != "" || tk.Access != model.AccessNone || tk.HasServerPassword {
		t.Fatalf("a skipped server step kept %+v", tk)
	}
}

// Bad input in either step (R-TKT-1, SPEC §5): each refusal is the
// model's sentence, with what was typed still in its field — a host name
// with a port, a host name that is not one, access without a server, a
// password with no access (the password stays, as it never left the
// form), an empty subject.
func TestSubmitRefusalsKeepWhatWasTyped(t *testing.T) { // R-TKT-1, SPEC §5
	a := newAccount(t)
	c := a.open(t, "Requests", 80, 24)
	c.Keys("n")
	c.WaitFor("Step 1 of 2")
	c.Keys("enter")
	c.WaitWords("Enter a subject")
	c.Type("Disk full on storage2")
	c.Keys("enter")
	c.Type("  ")
	c.Keys("enter")
	c.WaitWords("The description is empty", "> Disk full on storage2")
	c.Type("The backup volume is full.")
	c.Keys("enter")
	c.WaitFor("Step 2 of 2")

	c.Type("storage2.northwind.example:22")
	c.Keys("enter")
	c.WaitWords("Give the server without a port", "> storage2.northwind.example:22")
	c.Keys("ctrl+u")
	c.Type("storage 2!")
	c.Keys("enter")
	screen := c.WaitWords("That is not a host name or IP address", "> storage 2!")
	fits(t, screen, 80, 24)

	c.Keys("ctrl+u", "enter", "right", "enter", "enter") // no server, read-only access
	c.WaitWords("Enter the server's host name or IP address too")
	c.Type("storage2.northwind.example")
	c.Keys("enter", "left", "enter") // no access, with a password
	c.Type("pw-that-stays")
	c.Keys("enter")
	screen = c.WaitWords("With no access for support, leave the administrator password empty", "> storage2.northwind.example")
	if !strings.Contains(screen, "> "+strings.Repeat("*", len("pw-that-stays"))) {
		t.Fatalf("the password typed was lost:\n%s", screen)
	}
	if strings.Contains(screen, "pw-that-stays") {
		t.Fatalf("the password is drawn:\n%s", screen)
	}

	c.Keys("esc") // back to step 1, as typed
	c.WaitWords("Step 1 of 2", "> Disk full on storage2", "The backup volume is full.")
	if n := len(a.tickets(t, "")); n != 0 {
		t.Fatalf("%d requests were filed", n)
	}
}

// tickets lists the owner's requests of status through the model.
func (a *account) tickets(t *testing.T, status model.TicketStatus) []*model.TicketRow {
	t.Helper()
	list, err := a.Svc.Tickets(a.ctx(), status, model.EventPage{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// lineWith is the first line of frame holding s, and its index; -1 if none.
func lineWith(frame, s string) (string, int) {
	for i, l := range strings.Split(frame, "\n") {
		if strings.Contains(l, s) {
			return l, i
		}
	}
	return "", -1
}

// lineAfter is the line after line i of frame.
func lineAfter(frame string, i int) string {
	lines := strings.Split(frame, "\n")
	if i+1 < len(lines) {
		return lines[i+1]
	}
	return ""
}

// flakyStore refuses the first request filed: a refusal that comes back
// after the request, with its password, left the form.
type flakyStore struct {
	model.Store
	failed atomic.Bool
}

func (f *flakyStore) CreateTicket(ctx context.Context, g *model.Guard, t *model.Ticket, m *model.TicketMessage,
	seal func(int64) ([]byte, error), audit func(int64) *model.AuditEvent) error {
	if f.failed.CompareAndSwap(false, true) {
		return errors.New("disk I/O error")
	}
	return f.Store.CreateTicket(ctx, g, t, m, seal, audit)
}

// A refusal after sending (R-TKT-1, SPEC §5) comes back to the second step
// with the server and access as typed, the password field empty, and a
// sentence saying so; typed again, the request goes.
func TestRefusalAfterSendingClearsOnlyThePassword(t *testing.T) { // R-TKT-1, SPEC §5
	env := tuitest.OpenEnv(t, filepath.Join(t.TempDir(), "acctl.db"), modeltest.NewClock(tuitest.Start), func(st model.Store) model.Store {
		return &flakyStore{Store: st}
	})
	a := &account{Env: env, owner: env.SignUp(t, "Northwind Traders", "Ada Lovelace", adaEmail)}
	c := a.open(t, "Requests", 80, 24)
	w := watchFor(t, c, serverPassword)
	c.Keys("n")
	c.WaitFor("Step 1 of 2")
	c.Type("Nginx on web1 returns 502")
	c.Keys("enter")
	c.Type("Since the upgrade.")
	c.Keys("enter")
	c.WaitFor("Step 2 of 2")
	c.Type("web1.northwind.example")
	c.Keys("enter", "right", "enter")
	c.Type(serverPassword)
	c.Keys("enter")
	screen := c.WaitWords("The administrator password was cleared when the request was sent", "> web1.northwind.example", "Read-only")
	if _, i := lineWith(screen, "Empty: none."); i < 0 || strings.TrimSpace(lineAfter(screen, i)) != ">" {
		t.Fatalf("the password field is not empty:\n%s", screen)
	}
	c.Keys("enter", "enter")
	c.Type(serverPassword)
	c.Keys("enter")
	c.WaitWords("Request #1 submitted", "access: read-only · administrator password kept, sealed")
	w.stop()
}
