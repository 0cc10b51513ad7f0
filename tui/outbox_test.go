package tui

import (
	"context"
	"testing"

	"acctl/model"
)

// SPEC §8: the Outbox screen lists what acctl queued and opens a message;
// without a mail server it says why nothing was sent. A manager sees only
// their own messages (model.Service.Outbox).
func TestOutboxListsAndOpensAMessage(t *testing.T) {
	env := newTestEnv(t)
	sess := env.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	if err := env.svc.ChangePassword(model.WithSession(context.Background(), sess.ID), testPassword, "granite-pelican-sunrise-7"); err != nil {
		t.Fatal(err)
	}
	c := startConsole(t, env, 100, 30)
	c.signInAs("wile@acme.example", "granite-pelican-sunrise-7")
	c.waitFor("Wile Coyote (Owner)")
	c.openSection("Outbox")
	c.waitFor("wile@acme.example", "password", "waiting (no mail server)", "No mail server is configured")
	c.key("enter") // from the menu into the list
	c.key("enter") // open the selected message
	c.waitFor("State", "waiting (no mail server)", "password")
	c.key("esc")
	c.waitFor("No mail server is configured")
}
