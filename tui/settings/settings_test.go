package settings_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/tuitest"
)

func owner(t *testing.T, w, h int) (*tuitest.Env, *model.Session, *tuitest.Console) {
	t.Helper()
	env := tuitest.NewEnv(t)
	s := env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
	c := tuitest.Run(t, env, w, h, tuitest.SignedIn(s))
	c.OpenSection("Account settings")
	c.WaitFor("Billing address")
	return env, s, c
}

// R-SET-1: a refused field says what to fix and keeps what was typed; the
// country is picked by any of its names; the change is in the history.
func TestEditDetails(t *testing.T) {
	env, s, c := owner(t, 80, 24)
	c.Keys("e")
	c.WaitFor("Edit account details", "Company name")
	c.Keys("enter") // company stays
	c.Type("1 Road Runner Way")
	c.Keys("enter")
	c.Type("Phoenix")
	c.Keys("enter")
	c.TM.Send(tea.PasteMsg{Content: "85\u200b01"}) // an invisible character in the postal code
	c.Keys("enter")
	c.Type("uk")
	c.WaitFor("GB  United Kingdom")
	c.Keys("enter")
	c.WaitFor("postal code", "1 Road Runner Way", "Phoenix") // refused, everything kept
	acct, _ := env.Svc.AccountSettings(tuitest.Ctx(s))
	if acct.Account.Billing.City == "Phoenix" {
		t.Fatal("a postal code with an invisible character was saved")
	}
	c.Keys("enter", "enter", "enter")
	for range 7 {
		c.Keys("backspace")
	}
	c.Type("85001")
	c.Keys("enter")
	c.Type("uk")
	c.WaitFor("GB  United Kingdom")
	c.Keys("enter")
	c.WaitFor("Account details saved.", "1 Road Runner Way, 85001 Phoenix, United Kingdom")
	c.Keys("h")
	c.WaitFor("Account details history", "Phoenix")
}

// R-SET-2: a contact needs a real address and a role; it is listed with
// its roles; delete asks first.
func TestContacts(t *testing.T) {
	env, s, c := owner(t, 80, 24)
	c.Keys("c")
	c.WaitFor("No contacts yet")
	c.Keys("n")
	c.WaitFor("New contact")
	c.Type("not-an-email")
	c.Keys("enter")
	c.WaitFor("not-an-email") // the field keeps it with its sentence
	for range len("not-an-email") {
		c.Keys("backspace")
	}
	c.Type("billing@acme.example")
	c.Keys("enter")
	c.Type("Accounts payable")
	c.Keys("enter", "enter") // no role chosen
	c.WaitFor("Choose at least one role", "billing@acme.example", "Accounts payable")
	c.Keys("enter", "enter", "down", "down", "space", "enter")
	c.WaitFor("Contact saved.", "Accounts payable", "· · B · ·")
	list, _ := env.Svc.ListContacts(tuitest.Ctx(s), model.ContactQuery{Limit: 10})
	if len(list) != 1 || list[0].Roles != model.ContactBilling {
		t.Fatalf("stored %+v", list)
	}
	c.Keys("d")
	c.WaitFor("Delete the contact Accounts payable")
	c.Burst("n", "d", "y") // the late "no" does not swallow the second question
	c.WaitFor("Contact deleted.", "No contacts yet")
}

// R-SET-3: the PIN shows only after the password; a wrong one stays in the
// prompt.
func TestSupportPINAfterThePassword(t *testing.T) {
	_, _, c := owner(t, 80, 24)
	c.Keys("p")
	c.WaitFor("Confirm with your password")
	c.Type("wrong password here")
	c.Keys("enter")
	c.WaitFor("Confirm with your password", "not correct")
	c.Type(tuitest.Password)
	c.Keys("enter")
	screen := c.WaitFor("Support PIN", "They never see it")
	var a, b int
	if _, err := fmt.Sscanf(screen[strings.Index(screen, "They never")-40:], "%d %d", &a, &b); err != nil && !strings.ContainsAny(screen, "0123456789") {
		t.Fatalf("no PIN shown:\n%s", screen)
	}
	c.Keys("esc")
	c.WaitGone("They never see it")
}

// R-SET-4: support access runs 24 hours, shown in the header, and ends on t.
func TestSupportAccess(t *testing.T) {
	env, s, c := owner(t, 80, 24)
	c.Keys("a")
	c.WaitFor("Confirm with your password")
	c.Type(tuitest.Password)
	c.Keys("enter")
	c.WaitFor("Support access is allowed for 24 hours.", "support 24h")
	if g, _ := env.Svc.SupportAccess(tuitest.Ctx(s)); g == nil {
		t.Fatal("no grant")
	}
	c.Keys("t")
	c.WaitFor("End support access now?")
	c.Keys("y")
	c.WaitFor("Support access has ended.")
	c.WaitGone("support 2")
}

// R-SET-5: refused while another user is active, with their name; then
// requested with the password, shown in the header, and withdrawn.
func TestDeactivation(t *testing.T) {
	env, s, c := owner(t, 80, 24)
	if _, _, err := env.Svc.InviteUser(tuitest.Ctx(s), "road@acme.example", model.RoleManager, tuitest.Password); err != nil {
		t.Fatal(err)
	}
	c.Keys("D")
	c.WaitFor("road@acme.example")
	users, _ := env.Svc.ListUsers(tuitest.Ctx(s), model.UserQuery{Limit: 10})
	for _, u := range users {
		if u.Email == "road@acme.example" {
			if err := env.Svc.CancelInvitation(tuitest.Ctx(s), u.ID, tuitest.Password); err != nil {
				t.Fatal(err)
			}
		}
	}
	c.Keys("D")
	c.WaitFor("Deactivate Acme?")
	c.Keys("y")
	c.WaitFor("Confirm with your password")
	c.Type(tuitest.Password)
	c.Keys("enter")
	c.WaitFor("Deactivation requested: billing reviews it", "waiting for", "Deactivation requested ·")
	c.Keys("w")
	c.WaitFor("Withdraw the deactivation request?")
	c.Keys("y")
	c.WaitFor("The deactivation request is withdrawn.")
	c.WaitGone("Deactivation requested ·")
}

// Golden files of the section at 80×24 and 120×40, dark and light.
func TestSettingsGoldens(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, bg := range []struct {
			name string
			msg  tea.BackgroundColorMsg
		}{{"dark", tuitest.Dark}, {"light", tuitest.Light}} {
			name := fmt.Sprintf("%dx%d-%s", size[0], size[1], bg.name)
			t.Run(name, func(t *testing.T) {
				env, s, c := owner(t, size[0], size[1])
				ctx := tuitest.Ctx(s)
				_, _ = env.Svc.CreateContact(ctx, model.ContactInput{Email: "ops@acme.example", Name: "Operations", Roles: model.ContactTechnical | model.ContactEmergency})
				_, _ = env.Svc.CreateContact(ctx, model.ContactInput{Email: "ap@acme.example", Name: "Accounts payable", Roles: model.ContactBilling})
				c.TM.Send(bg.msg)
				c.Keys("enter")
				c.Golden("settings-"+name, "Support PIN")
				c.Keys("e")
				c.Golden("details-"+name, "Postal code")
				c.Keys("esc", "c")
				c.Golden("contacts-"+name, "Operations")
				c.Keys("n")
				c.Golden("contact-form-"+name, "Roles")
				c.Keys("esc", "esc", "p")
				c.Golden("pin-prompt-"+name, "Confirm with your password")
				c.Keys("esc")
			})
		}
	}
}

var _ = context.Background
