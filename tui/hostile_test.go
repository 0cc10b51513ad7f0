package tui

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"acctl/model"
)

// hostile are texts that would drive a terminal if drawn raw: write the
// viewer's clipboard (OSC 52), clear the screen, return the carriage, and
// reverse the text direction (SPEC §5).
var hostile = []string{"\x1b]52;c;aGk=\x07", "\x1b[2J", "\r", "\u202Eevil"}

// TestHostileTextIsDrawnHarmlessly puts hostile text, straight into the
// database where the model's own checks cannot refuse it, into every field
// the console lists — company, user name, session origin and client, history
// origin and client, security log actor, object and detail — and walks every
// screen: the terminal must never receive the sequences, and the screen must
// show them escaped.
func TestHostileTextIsDrawnHarmlessly(t *testing.T) {
	env := newTestEnv(t)
	ctx := context.Background()
	evil := strings.Join(hostile, "|")
	hash, err := env.svc.Hasher().Hash(ctx, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	now := env.clock.Now()
	acct := &model.Account{CompanyName: "Acme " + evil, Status: model.AccountActive, CreatedAt: now}
	owner := &model.User{Name: "Wile " + evil, Email: "wile@acme.example", Role: model.RoleOwner, Status: model.UserActive, PasswordHash: hash, CreatedAt: now}
	audit := &model.AuditEvent{Actor: evil, Action: "account.created", Object: "account " + evil, Detail: evil, Origin: model.Origin{Remote: evil}, At: now}
	if err := env.db.CreateAccount(ctx, acct, owner, audit); err != nil {
		t.Fatal(err)
	}
	client := model.Client{SSHVersion: evil, Term: evil, OS: evil}
	for i := range 3 {
		e := &model.AuthEvent{UserID: owner.ID, AccountID: acct.ID, Email: owner.Email, Kind: model.AuthSignIn, Result: model.AuthWrongPassword,
			Origin: model.Origin{Remote: evil}, Client: client, At: now.Add(-time.Duration(i+1) * time.Minute)}
		if err := env.db.AddAuthEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	other := &model.Session{ID: "0123456789abcdef0123456789abcdef", UserID: owner.ID, AccountID: acct.ID, Origin: model.Origin{Remote: evil}, Client: client,
		CreatedAt: now, LastActiveAt: now, AuthenticatedAt: now}
	if err := env.db.CreateSession(ctx, other); err != nil {
		t.Fatal(err)
	}

	c := startConsole(t, env, 200, 40)
	c.signInAs("wile@acme.example", testPassword)
	c.waitFor(`Wile \x1b]52;c;aGk=\x07|\x1b[2J|\x0d|\u202eevil`, `Acme \x1b]52`) // header
	c.waitFor("Member since")                                                    // profile
	// The header shows it once; each list must show it escaped again.
	const shown = `\x1b]52;c;aGk=\x07`
	c.key("2")
	c.waitFor("2 open")
	c.waitCount(shown, 3) // header, origin, client
	c.key("3")
	c.waitFor("wrong password")
	c.waitCount(shown, 7) // header, origin and client of three attempts
	c.openSection("Security log")
	c.waitFor("account.created", `account \x1b]52;c;aGk=`) // security log
	screen := c.f.get()
	if strings.ContainsRune(screen, '\u202e') {
		t.Error("a bidi override reached the screen")
	}
	c.key("ctrl+c")
	c.tm.WaitFinished(t, teatestTimeout)
	raw, err := io.ReadAll(c.tm.FinalOutput(t, teatestTimeout))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{[]byte("\x1b]52;c;aGk="), []byte("\u202e")} {
		if bytes.Contains(raw, bad) {
			t.Errorf("the terminal received %q", bad)
		}
	}
}
