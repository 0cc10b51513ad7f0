package entry_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"acctl/model"
	"acctl/tui/tuitest"
)

// Text that would drive a terminal if drawn raw: write the viewer's
// clipboard (OSC 52), clear the screen, reverse the text direction, hide a
// character (SPEC §5, R-ACC-7).
const (
	osc52  = "\x1b]52;c;aGk=\x07"
	title  = "\x1b]0;pwned\x07"
	bidi   = "\u202e"
	hidden = "\u200b"
)

// raw are the byte strings that must never reach the terminal.
var raw = []string{"\x1b]52;c;aGk=", "\x1b]0;pwned", bidi, hidden}

// hostileAccount stores an account whose company name and owner's name
// hold hostile text — straight into the store, where the model's checks
// cannot refuse it — with the owner's email, and 2FA on; it returns the
// secret.
func hostileAccount(t *testing.T, env *tuitest.Env, email string) string {
	t.Helper()
	ctx := context.Background()
	hash, err := env.Svc.Hasher().Hash(ctx, password)
	if err != nil {
		t.Fatal(err)
	}
	now := env.Clock.Now()
	acct := &model.Account{CompanyName: "Acme " + osc52 + bidi + hidden, Status: model.AccountActive, CreatedAt: now}
	u := &model.User{Name: "Wile " + title + bidi + hidden, Email: email, Role: model.RoleOwner, Status: model.UserActive, PasswordHash: hash, CreatedAt: now}
	if err := env.DB.CreateAccount(ctx, acct, u, &model.AuditEvent{Action: "account.created", At: now}); err != nil {
		t.Fatal(err)
	}
	secret, err := model.SeedTwoFactor(ctx, env.DB, env.Sealer, u, now)
	if err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(model.TOTPPeriod)
	return secret
}

// SPEC §5: names and company names from the database are drawn escaped —
// in the header, on the lock screen — and none of their controls reaches
// the terminal.
func TestHostileTextIsDrawnEscaped(t *testing.T) {
	env := tuitest.NewEnv(t)
	secret := hostileAccount(t, env, owner)
	c := tuitest.Run(t, env, 120, 40)
	signInAs(c, owner, password)
	c.WaitFor("Two-factor authentication is on.")
	c.Type(env.Code(t, secret))
	c.Keys("enter")
	c.WaitFor(`Acme \x1b]52;c;aGk=\x07\u202e\u200b │ Wile \x1b]0;pwned\x07\u202e\u200b (Owner)`) // the header
	env.Clock.Advance(time.Hour)
	c.WaitFor("Session locked", `Wile \x1b]0;pwned\x07\u202e\u200b, your session`)
	c.Keys("ctrl+c")
	c.TM.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	out, err := io.ReadAll(c.TM.FinalOutput(t, teatest.WithFinalTimeout(5*time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range raw {
		if i := bytes.Index(out, []byte(bad)); i >= 0 {
			t.Errorf("the terminal received %q: …%q…", bad, out[max(i-80, 0):min(i+80, len(out))])
		}
	}
}

// SPEC §5, R-ACC-7: an email stored with invisible and bidi characters
// (no form accepts one) is drawn escaped where sign-in echoes the address
// typed, the code step.
func TestHostileEmailAtTheCodeStep(t *testing.T) {
	env := tuitest.NewEnv(t)
	email := "wile" + hidden + bidi + "@acme.example" // a paste carries no escape
	hostileAccount(t, env, email)
	c := tuitest.Run(t, env, 120, 40)
	c.WaitFor("acctl — sign in", "Email")
	c.TM.Send(tea.PasteMsg{Content: email})
	c.Keys("enter")
	c.Type(password)
	c.Keys("enter")
	screen := c.WaitFor(`Signing in as wile\u200b\u202e@acme.example.`)
	intro := strings.Split(screen, "\n")[2]
	if strings.ContainsAny(intro, bidi+hidden) {
		t.Fatalf("the code step draws the address raw: %q", intro)
	}
}
