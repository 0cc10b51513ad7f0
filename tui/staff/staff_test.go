package staff_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/tui/tuitest"
)

const serverPassword = "Tr0ub4dor&3-sentinel-7fa1c9"

// R-STF-1, R-TKT-2, R-TKT-1: a staff reply, typed over two lines, reaches
// the customer's thread through the model; the server password is offered
// only while the staff member works the request, behind their own
// password, each reveal in the customer's log; closing erases it.
func TestReplyAndServerPassword(t *testing.T) {
	env := tuitest.NewEnv(t)
	cust := tuitest.Ctx(env.SignUp(t, "Acme", "Wile Coyote", "wile@acme.example"))
	tk, err := env.Svc.SubmitTicket(cust, model.TicketRequest{Subject: "Nginx returns 502", Description: "Since 9:00\nevery page returns 502.",
		Server: "web1.acme.example", Access: model.AccessFull, ServerPassword: serverPassword})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := staffConsole(t, env, 80, 24, "Requests queue")
	c.WaitFor("Nginx returns 502", "Acme")
	c.Keys("enter")
	screen := c.WaitFor("#1 Nginx returns 502", "Since 9:00", "every page returns 502.", "password kept: take the")
	if strings.Contains(screen, "server password ") && strings.Contains(screen, "p server password") {
		t.Fatal("the password is offered before the request is taken")
	}
	c.Keys("p")
	if strings.Contains(c.Settled(), "Confirm with your password") {
		t.Fatal("p asks for the password of a request nobody works")
	}
	c.Keys("r")
	c.WaitFor("Reply to #1")
	c.Type("Looking at it now.")
	c.Keys("enter")
	c.Type("Which PHP version?")
	c.Keys("ctrl+s")
	c.WaitFor("Reply sent", "worked by you", "p server password")
	msgs, err := env.Svc.TicketThread(cust, tk.ID, model.EventPage{Limit: 10})
	if err != nil || len(msgs) != 2 || msgs[0].Body != "Looking at it now.\nWhich PHP version?" || !msgs[0].Staff {
		t.Fatalf("the customer's thread: %+v, %v", msgs, err)
	}

	c.Keys("p")
	c.WaitFor("Confirm with your password")
	c.Type("wrong password")
	c.Keys("enter")
	c.WaitFor("password")
	c.Keys("ctrl+u")
	for range len("wrong password") {
		c.Keys("backspace")
	}
	c.Type(tuitest.Password)
	c.Keys("enter")
	c.WaitFor(serverPassword)
	c.Keys("d", "y")
	c.WaitGone(serverPassword)
	if n := auditCount(t, env, cust, model.SupportAction("ticket.server_password_revealed")); n != 1 {
		t.Errorf("%d reveals in the customer's log, want 1", n)
	}

	c.Keys("s")
	c.WaitFor("Set the status")
	c.Keys("down", "down", "down", "enter")
	c.WaitFor("Closing erases its server password")
	c.Keys("y")
	c.WaitFor("Status set to closed", "server password erased")
	if strings.Contains(c.Screen(), "p server password") {
		t.Fatal("the password is offered on a closed request")
	}
}

// waitAudit waits until the log of ctx's account holds n events of action.
func waitAudit(t *testing.T, env *tuitest.Env, ctx context.Context, action string, n int) {
	t.Helper()
	for deadline := time.Now().Add(tuitest.Patience); auditCount(t, env, ctx, action) < n; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the log never held %d %s", n, action)
		}
	}
}

// auditCount counts the events of action in the log of ctx's account.
func auditCount(t *testing.T, env *tuitest.Env, ctx context.Context, action string) int {
	t.Helper()
	a, err := env.Svc.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	list, err := env.DB.ListAudit(context.Background(), a.Account.ID, model.EventPage{Limit: model.MaxPage})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range list {
		if e.Action == action {
			n++
		}
	}
	return n
}

// R-STF-2, R-KYC-1: staff view a document drawn in the terminal, approve
// one request and reject another with a reason the customer reads; an
// empty reason is refused and the editor stays.
func TestVerificationDecisions(t *testing.T) {
	env := tuitest.NewEnv(t)
	acme := tuitest.Ctx(env.SignUp(t, "Acme", "Wile Coyote", "wile@acme.example"))
	other := tuitest.Ctx(env.SignUp(t, "Other", "Bugs Bunny", "bugs@other.example"))
	verify(t, env, acme)
	verify(t, env, other)
	c, _ := staffConsole(t, env, 80, 24, "Verifications")
	c.WaitFor("Acme", "Other", "Passport")
	c.Keys("enter")
	c.WaitFor("Verification of Acme", "document.png", "160×100")
	c.Keys("enter")
	c.WaitFor("Document of Acme")
	c.WaitGone("Drawing the image…")
	screen := c.Screen()
	if !strings.ContainsAny(screen, "░▒▓█") {
		t.Fatalf("the image is not drawn:\n%s", screen)
	}
	c.Keys("esc")
	c.WaitFor("Verification of Acme")
	c.Keys("a")
	c.WaitFor("Approve the verification of Acme")
	c.Keys("y")
	c.WaitFor("Verification approved")
	if r, _ := env.Svc.Verification(acme); r.Status != model.KYCApproved {
		t.Fatalf("after approval: %s", r.Status)
	}

	c.WaitGone("Acme") // the queue read again
	c.WaitFor("Other")
	c.Keys("enter")
	c.WaitFor("Verification of Other")
	c.Keys("x")
	c.WaitFor("Reject the verification of Other")
	c.Keys("ctrl+s")
	c.WaitFor("empty")
	c.Type("The photo is blurred.")
	c.Keys("enter")
	c.Type("Send a sharper one.")
	c.Keys("ctrl+s")
	c.WaitFor("Verification rejected")
	if r, _ := env.Svc.Verification(other); r.Status != model.KYCRejected || r.Reason != "The photo is blurred.\nSend a sharper one." {
		t.Fatalf("after rejection: %s %q", r.Status, r.Reason)
	}
}

// R-STF-3, R-SET-5: approval needs every point of the checklist cleared;
// once approved, the customer's console signs out within two seconds and
// sign-in says why.
func TestDeactivationApprovalSignsOut(t *testing.T) {
	env := tuitest.NewEnv(t)
	s := env.SignUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	if _, err := env.Svc.RequestDeactivation(tuitest.Ctx(s), tuitest.Password); err != nil {
		t.Fatal(err)
	}
	customer := tuitest.Run(t, env, 80, 24, tuitest.SignedIn(env.SignIn(t, "wile@acme.example")))
	customer.WaitFor("Profile")
	c, _ := staffConsole(t, env, 80, 24, "Deactivations")
	c.WaitFor("Acme", "Wile Coyote")
	c.Keys("enter")
	c.WaitFor("Deactivate Acme?", "Billing checklist")
	c.Keys("a")
	c.WaitStatus("Approve only when")
	c.Keys("e")
	c.WaitFor("Note on debts")
	c.Type("All invoices paid.")
	c.Keys("ctrl+s")
	c.WaitGone("Note on debts")
	c.Keys("space", "down", "space", "down", "space", "a")
	c.WaitFor("Every session of its users ends")
	c.Keys("y")
	approved := time.Now()
	c.WaitStatus("is deactivated")
	customer.WaitFor("deactivated")
	if d := time.Since(approved); d > 2*time.Second {
		t.Fatalf("the customer's console left after %v", d)
	}
	if _, err := env.Svc.SignIn(context.Background(), model.SignInRequest{Email: "wile@acme.example", Password: tuitest.Password,
		Origin: model.LocalOrigin}); err != model.ErrAccountDeactivated {
		t.Fatalf("sign-in after approval: %v", err)
	}
}

// R-STF-4, R-SET-4: only accounts whose grant runs are listed; an opened
// account closes the second its grant runs out on the console's clock.
func TestAccountUnderGrant(t *testing.T) {
	env := tuitest.NewEnv(t)
	acme := tuitest.Ctx(env.SignUp(t, "Acme", "Wile Coyote", "wile@acme.example"))
	env.SignUp(t, "Other", "Bugs Bunny", "bugs@other.example")
	if _, err := env.Svc.AllowSupportAccess(acme, tuitest.Password); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(model.SupportAccessTTL - 2*time.Minute) // the staff session starts now
	c, sam := staffConsole(t, env, 80, 24, "Accounts")
	screen := c.WaitFor("Acme", "2 minutes")
	if strings.Contains(screen, "Other") {
		t.Fatalf("an account without a grant is listed:\n%s", screen)
	}
	c.Keys("enter")
	c.WaitFor("Support access", "Billing address", "allowed by Wile")
	c.Keys("r")
	c.WaitFor("Requests of Acme")
	env.Clock.Advance(2 * time.Minute)
	c.WaitFor("Support access to this account ended")
	if _, err := env.Svc.SupportAccount(tuitest.Ctx(sam), 1); err != model.ErrNoSupportGrant {
		t.Fatalf("the model still opens it: %v", err)
	}
}

// R-STF-5, R-PWD-5, R-PWD-7: no match, match, then a reset code shown
// once; five misses make the account's checks wait.
func TestCallerCheck(t *testing.T) {
	env := tuitest.NewEnv(t)
	acme := tuitest.Ctx(env.SignUp(t, "Acme", "Wile Coyote", "wile@acme.example"))
	pin, err := env.Svc.SupportPIN(acme, tuitest.Password)
	if err != nil {
		t.Fatal(err)
	}
	wrong := "000000"
	if pin == wrong {
		wrong = "999999"
	}
	c, _ := staffConsole(t, env, 80, 24, "Caller check")
	c.Keys("/")
	c.Type("ac")
	c.WaitFor("Acme")
	c.Keys("enter")
	c.WaitFor("PIN")
	c.Type(wrong)
	c.Keys("enter")
	c.WaitFor("No match")
	if strings.Contains(c.Screen(), pin) {
		t.Fatal("the PIN is on the screen")
	}
	c.Type(pin)
	c.Keys("enter")
	c.WaitFor("Match: the caller knows", "wile@acme.example")
	c.Keys("enter")
	c.WaitFor("Confirm with your password")
	c.Type(tuitest.Password)
	c.Keys("enter")
	c.WaitFor("Reset code for wile@acme.example")
	c.Keys("d", "y")
	c.WaitFor("Reset code issued")
	if n := auditCount(t, env, acme, model.SupportAction("user.reset_code_issued")); n != 1 {
		t.Fatalf("%d codes in the log, want 1", n)
	}

	c.Keys("/")
	c.Type("ac")
	c.WaitFor("Acme")
	c.Keys("enter")
	for i := range model.FreeAttempts {
		c.Type(wrong)
		c.Keys("enter")
		waitAudit(t, env, acme, model.SupportAction("support_pin.checked"), 3+i)
	}
	c.Type(pin)
	c.Keys("enter")
	c.WaitFor("Too many misses", "until 09:01:00 UTC")
}

// R-STF-2: a PDF is not drawn; enter says what it is and where to look at
// it, the whole sentence on two status lines of an 80×24 frame.
func TestPDFIsDescribed(t *testing.T) {
	env := tuitest.NewEnv(t)
	acme := tuitest.Ctx(env.SignUp(t, "Acme", "Wile Coyote", "wile@acme.example"))
	if _, err := env.Svc.StartVerification(acme, model.DocIDCard); err != nil {
		t.Fatal(err)
	}
	files := map[model.KYCFileKind][]byte{model.KYCDocument: modeltest.PDF(2, 4000), model.KYCSelfie: pngOf(t, 80, 80)}
	for kind, data := range files {
		if _, err := env.Svc.AttachVerificationFile(acme, kind, string(kind)+".bin", bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := env.Svc.SubmitVerification(acme); err != nil {
		t.Fatal(err)
	}
	c, _ := staffConsole(t, env, 80, 24, "Verifications")
	c.WaitFor("Acme", "ID card")
	c.Keys("enter")
	c.WaitFor("Verification of Acme", "2 pages")
	c.Keys("enter")
	screen := c.WaitFor("and open it there.")
	if lines := strings.Split(screen, "\n"); len(lines) != 24 || !strings.Contains(lines[21], "Document: a PDF of 2 pages") {
		t.Fatalf("the sentence is not on the two lines above the footer:\n%s", screen)
	}
	c.Keys("down")
	c.WaitGone("open it there")
	c.WaitFor("Verifications › Verification")
}
