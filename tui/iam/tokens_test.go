package iam_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/tui/tuitest"
)

var tokenOnScreen = regexp.MustCompile(`acctl_r[ow]_[0-9A-Za-z]{38}`)

// verifyRefusal is why VerifyToken refuses secret, or "" with its identity.
func verifyRefusal(tm *team, secret string) (model.TokenRefusal, *model.TokenIdentity) {
	id, err := tm.Svc.VerifyToken(context.Background(), secret)
	var te *model.TokenError
	if errors.As(err, &te) {
		return te.Reason, nil
	}
	return "", id
}

// Create an API key, see it once, read its details, revoke it (R-TOK-1,
// R-TOK-2, R-PWD-4), at 80×24: an empty name and a bad date are refused in
// their fields, a taken name before the password, all with what was typed
// kept; a wrong password keeps the prompt; "In 90 days" expires in 90 days.
func TestCreateSeeOnceRevoke(t *testing.T) { // R-TOK-1, R-TOK-2, R-PWD-4
	tm := newTeam(t)
	if _, _, err := tm.Svc.CreateToken(tm.ctx(), "backup", model.TokenReadOnly, model.TokenExpiry{}, tuitest.Password); err != nil {
		t.Fatal(err)
	}
	c := tm.open(t, "API keys", 80, 24)
	c.WaitFor("backup", "n new")
	c.Keys("n")
	c.WaitFor("New API key", "Name", "Access", "Expires")
	c.Type("   ")
	c.Keys("enter")
	c.WaitFor("Enter a name for the key")
	c.Keys("ctrl+u")
	c.Type("backup")
	c.Keys("enter", "right", "enter") // read-write
	c.Keys("right", "right", "enter") // on a date
	c.Type("2026-13-01")
	c.Keys("enter")
	c.WaitFor("Type the expiry date as YYYY-MM-DD", "> 2026-13-01")
	c.Keys("ctrl+u")
	c.Type("2027-01-01")
	c.Keys("enter")
	c.WaitWords("You already have an API key with that name", "> backup", "> 2027-01-01")
	if strings.Contains(c.Screen(), "Confirm with your password") {
		t.Fatal("a taken name asked for the password first")
	}

	c.Keys("ctrl+u") // the form starts again at the name
	c.Type("ci deploy")
	c.Keys("enter", "enter", "left", "enter") // in 90 days
	c.Keys("enter")
	c.WaitWords("Confirm with your password", "To create the API key")
	c.Type("not my password")
	c.Keys("enter")
	c.WaitWords("That password is not correct", "To create the API key")
	c.Type(tuitest.Password)
	c.Keys("enter")
	screen := c.WaitWords("Your new API key", "This key cannot be shown again")
	fits(t, screen, 80, 24)
	secret := tokenOnScreen.FindString(screen)
	if !strings.HasPrefix(secret, "acctl_rw_") {
		t.Fatalf("no read-write key on the panel:\n%s", screen)
	}
	if reason, id := verifyRefusal(tm, secret); reason != "" || id.Access != model.TokenReadWrite {
		t.Fatalf("the key shown does not verify: %q", reason)
	}
	c.Keys("esc")
	c.WaitFor("Store the secret first")
	c.Keys("d", "y")
	screen = c.WaitFor(`API key "ci deploy" created.`, "ci deploy", "read-write")
	fits(t, screen, 80, 24)
	tm.Clock.Advance(time.Minute) // the key was made a minute ago
	if strings.Contains(screen, secret[13:]) {
		t.Fatalf("the list shows the secret:\n%s", screen)
	}
	c.Keys("home", "enter")
	screen = c.WaitWords("API key ci deploy", "Read-write", secret[:13]+"…", "expires in 90 days")
	if strings.Contains(screen, secret[13:]) {
		t.Fatalf("the details show the secret:\n%s", screen)
	}
	c.Keys("esc")

	c.WaitFor("d revoke")
	c.Keys("d")
	c.WaitWords(`Revoke the API key "ci deploy"`, "refused at once")
	c.Keys("y")
	c.WaitWords("Confirm with your password", `To revoke the API key "ci deploy"`)
	c.Type(tuitest.Password)
	c.Keys("enter")
	screen = c.WaitFor(`API key "ci deploy" revoked.`, "REVOKED")
	fits(t, screen, 80, 24)
	if reason, _ := verifyRefusal(tm, secret); reason != model.TokenRevoked {
		t.Fatalf("the revoked key is refused as %q, want revoked", reason)
	}
	c.Keys("d")
	c.WaitFor("That key is revoked: create a new key with n instead.")
}

// R-TOK-2: rotation says the seed's sentence before asking for the
// password, then shows the new key once; the old one fails at once. Only
// the issuer may rotate.
func TestRotate(t *testing.T) { // R-TOK-2, R-PWD-4
	tm := newTeam(t)
	old, _, err := tm.Svc.CreateToken(tm.ctx(), "backup", model.TokenReadOnly, model.TokenExpiry{}, tuitest.Password)
	if err != nil {
		t.Fatal(err)
	}
	road := tm.member(t, "road@acme.example", "Road Runner", model.RoleManager)
	if _, _, err := tm.Svc.CreateToken(tuitest.Ctx(road), "road's", model.TokenReadOnly, model.TokenExpiry{}, tuitest.Password); err != nil {
		t.Fatal(err)
	}
	c := tm.open(t, "API keys", 80, 24)
	c.WaitFor("road's", "backup")
	c.Keys("home") // the newest first: Road's
	c.Keys("r")
	c.WaitFor("Only the user who created an API key can rotate it")
	c.Keys("down", "r")
	c.WaitWords("Generating a new key will replace the existing one; calls with the old key will fail.", "Confirm with your password")
	c.Type(tuitest.Password)
	c.Keys("enter")
	screen := c.WaitWords(`The new key for "backup"`, "This key cannot be shown again")
	fresh := tokenOnScreen.FindString(screen)
	if fresh == "" || fresh == old {
		t.Fatalf("no new key on the panel:\n%s", screen)
	}
	if reason, _ := verifyRefusal(tm, old); reason != model.TokenRevoked {
		t.Fatalf("the old key is refused as %q, want revoked", reason)
	}
	if reason, id := verifyRefusal(tm, fresh); reason != "" || id.Access != model.TokenReadOnly {
		t.Fatalf("the new key: %q", reason)
	}
	c.Keys("d", "y")
	c.WaitFor(`API key "backup" rotated: the old key no longer works.`)
}

// holdingStore holds CreateToken back until its context is cancelled, so
// that esc reaches the prompt while the key is being made.
type holdingStore struct {
	model.Store
	entered chan struct{}
}

func (h *holdingStore) CreateToken(ctx context.Context, tok *model.APIToken, audit *model.AuditEvent) error {
	close(h.entered)
	<-ctx.Done()
	return ctx.Err()
}

// esc on the password prompt cancels the action's context: a key whose
// prompt was cancelled while it was being made is never created, and the
// form keeps what was typed (issue 9).
func TestCancelledPromptCreatesNoKey(t *testing.T) { // R-PWD-4, R-TOK-1
	base := newTeam(t)
	hold := &holdingStore{entered: make(chan struct{})}
	env := tuitest.OpenEnv(t, base.Path, modeltest.NewClock(tuitest.Start), func(st model.Store) model.Store {
		hold.Store = st
		return hold
	})
	c := openAs(t, env, base.owner, "API keys", 80, 24)
	c.WaitFor("No API keys yet")
	c.Keys("n")
	c.WaitFor("New API key")
	c.Type("ci deploy")
	c.Keys("enter", "enter", "enter", "enter")
	c.WaitFor("Confirm with your password")
	c.Type(tuitest.Password)
	c.Keys("enter")
	<-hold.entered // the password was right; the key is being stored
	c.Keys("esc")
	c.WaitWords("Cancelled: nothing was changed", "> ci deploy")
	if list := base.tokens(t); len(list) != 0 {
		t.Fatalf("a cancelled key exists: %+v", list[0])
	}
}

// A manager sees only their own keys; an owner sees every key of the
// account with its issuer (R-TOK-2, R-ACC-4); a click selects the row
// under the pointer.
func TestTokensByRoleAndClick(t *testing.T) { // R-TOK-2, R-TOK-3, R-ACC-4
	tm := newTeam(t)
	road := tm.member(t, "road@acme.example", "Road Runner", model.RoleManager)
	for _, k := range []struct {
		ctx  context.Context
		name string
	}{{tm.ctx(), "wile's key"}, {tuitest.Ctx(road), "road's key"}} {
		if _, _, err := tm.Svc.CreateToken(k.ctx, k.name, model.TokenReadOnly, model.TokenExpiry{Days: 7}, tuitest.Password); err != nil {
			t.Fatal(err)
		}
	}
	m := openAs(t, tm.Env, road, "API keys", 80, 24)
	screen := m.WaitFor("road's key")
	if strings.Contains(screen, "wile's key") {
		t.Fatalf("a manager sees the owner's key:\n%s", screen)
	}

	c := tm.open(t, "API keys", 120, 40)
	screen = c.WaitFor("wile's key", "road's key", "road@acme.example")
	line, y := lineWith(screen, "wile's key")
	c.Click(strings.Index(line, "wile's key")+1, y)
	c.WaitWords("wile's key · acctl_ro_", "expires in 7 days", "issued by Wile Coyote <wile@acme.example>")
}

// At 60×16 the new-key form scrolls to the field being filled in, and a
// field's error is in view (SPEC §5).
func TestNewKeyFormFitsSmallTerminal(t *testing.T) { // R-TOK-1
	tm := newTeam(t)
	c := tm.open(t, "API keys", 60, 16)
	c.WaitFor("No API keys yet")
	c.Keys("n")
	c.WaitFor("New API key")
	c.Keys("enter")
	fits(t, c.WaitWords("Enter a name for the key"), 60, 16)
	c.Type("ci")
	c.Keys("enter", "enter", "right", "right", "enter") // on a date
	c.Type("someday")
	c.Keys("enter")
	fits(t, c.WaitWords("Expiry date", "> someday", "Type the expiry date as YYYY-MM-DD"), 60, 16)
}
