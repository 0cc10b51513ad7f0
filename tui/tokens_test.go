package tui

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"acctl/model"
)

var tokenOnScreen = regexp.MustCompile(`acctl_r[ow]_[0-9A-Za-z]{38}`)

// goToSection opens the menu section named name, as a person pressing its
// number in the menu, and moves the focus into it.
func (c *console) goToSection(role model.Role, name string) {
	c.t.Helper()
	for i, s := range sectionsFor(&model.Actor{User: &model.User{Role: role}}) {
		if s.name == name {
			if !strings.Contains(c.f.get(), "O sign out") { // the menu has not the focus
				c.key("tab")
				c.waitFor("O sign out")
			}
			c.key(strconv.Itoa(i + 1))
			c.key("enter")
			return
		}
	}
	c.t.Fatalf("no section %q for a %s", name, role)
}

// fits fails unless the last frame fits w×h cells.
func (c *console) fits(w, h int) {
	c.t.Helper()
	screen := c.f.get()
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if len(lines) > h {
		c.t.Fatalf("%d lines, want at most %d:\n%s", len(lines), h, screen)
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > w {
			c.t.Fatalf("a line is %d cells wide, want at most %d:\n%s", ansi.StringWidth(l), w, l)
		}
	}
}

// verifyRefusal is why VerifyToken refuses secret, or "" if it accepts it.
func verifyRefusal(env *testEnv, secret string) (model.TokenRefusal, *model.TokenIdentity) {
	id, err := env.svc.VerifyToken(context.Background(), secret)
	var te *model.TokenError
	if errors.As(err, &te) {
		return te.Reason, nil
	}
	return "", id
}

// Issue 4's flow: create an API key, see it once, revoke it (R-TOK-1,
// R-TOK-2, R-PWD-4), at 80×24.
func TestCreateTokenSeeOnceRevoke(t *testing.T) {
	env := newTestEnv(t)
	env.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	c := startConsole(t, env, 80, 24)
	c.signInAs("wile@acme.example", testPassword)
	c.waitFor("Wile Coyote (Owner)")
	c.goToSection(model.RoleOwner, "API keys")
	c.waitFor("No API keys yet", "n new")

	c.key("n")
	c.waitFor("New API key", "Name", "Access", "Expires")
	c.typeText("   ")
	c.key("enter")
	c.waitFor("Enter a name for the key")
	c.typeText("ci deploy")
	c.key("enter")
	c.key("l") // read-write
	c.key("enter")
	c.key("enter") // in 30 days
	c.key("enter") // no date
	c.waitFor("Confirm with your password", "To create the API key")
	c.typeText("not my password")
	c.key("enter")
	c.waitFor("That password is not correct")
	c.typeText(testPassword)
	c.key("enter")
	screen := c.waitFor("Your new API key", "This key cannot be shown again")
	c.fits(80, 24)
	secret := tokenOnScreen.FindString(screen)
	if secret == "" || !strings.HasPrefix(secret, "acctl_rw_") {
		t.Fatalf("no read-write key on the panel:\n%s", screen)
	}
	if reason, id := verifyRefusal(env, secret); reason != "" || id.Access != model.TokenReadWrite {
		t.Fatalf("the key shown does not verify: %q", reason)
	}
	c.key("esc") // the panel closes only when the user says it is stored
	c.waitFor("Store the secret first")
	c.key("d")
	c.waitFor("y/n")
	c.key("y")
	screen = c.waitFor("API key created", "ci deploy", "read-write", "1 active")
	c.fits(80, 24)
	if strings.Contains(screen, secret[13:]) {
		t.Fatalf("the list shows the secret:\n%s", screen)
	}
	c.key("enter")
	screen = c.waitFor("API key ci deploy", "Read-write", secret[:13]+"…", "expires in 30 days")
	if strings.Contains(screen, secret[13:]) {
		t.Fatalf("the details show the secret:\n%s", screen)
	}
	c.key("esc")

	c.waitFor("1 active")
	c.key("x")
	c.waitFor("Revoke the API key", "ci deploy", "refused at once")
	c.key("y")
	c.waitFor("Confirm with your password", "To revoke the API key")
	c.typeText(testPassword)
	c.key("enter")
	c.waitFor(`API key "ci deploy" revoked.`, "REVOKED", "0 active, 1 expired or revoked")
	c.fits(80, 24)
	if reason, _ := verifyRefusal(env, secret); reason != model.TokenRevoked {
		t.Fatalf("the revoked key is refused as %q, want revoked", reason)
	}
}

// R-TOK-2: rotation says exactly what it does before asking for the
// password, then shows the new key once; the old one fails at once.
func TestRotateTokenOnScreen(t *testing.T) {
	env := newTestEnv(t)
	s := env.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	old, _, err := env.svc.CreateToken(model.WithSession(context.Background(), s.ID), "backup", model.TokenReadOnly, model.TokenExpiry{}, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	c := startConsole(t, env, 80, 24)
	c.signInAs("wile@acme.example", testPassword)
	c.waitFor("Wile Coyote (Owner)")
	c.goToSection(model.RoleOwner, "API keys")
	c.waitFor("backup", "read-only", "never")
	c.key("r")
	c.waitForWords(rotateWarning)
	c.key("y")
	c.waitForWords(rotateWarning, "Confirm with your password")
	c.typeText(testPassword)
	c.key("enter")
	screen := c.waitFor(`The new key for "backup"`, "This key cannot be shown again")
	fresh := tokenOnScreen.FindString(screen)
	if fresh == "" || fresh == old {
		t.Fatalf("no new key on the panel:\n%s", screen)
	}
	if reason, _ := verifyRefusal(env, old); reason != model.TokenRevoked {
		t.Fatalf("the old key is refused as %q, want revoked", reason)
	}
	if reason, id := verifyRefusal(env, fresh); reason != "" || id.Access != model.TokenReadOnly {
		t.Fatalf("the new key: %q", reason)
	}
	c.key("d")
	c.key("y")
	c.waitFor(`API key "backup" rotated`, "1 active, 1 expired or revoked")
}

// R-ACC-4: managers see the API keys and SSH keys sections.
func TestKeySectionsForBothRoles(t *testing.T) {
	for _, role := range []model.Role{model.RoleOwner, model.RoleManager} {
		var names []string
		for _, s := range sectionsFor(&model.Actor{User: &model.User{Role: role}}) {
			names = append(names, s.name)
		}
		got := strings.Join(names, ",")
		if !strings.Contains(got, "API keys") || !strings.Contains(got, "SSH keys") {
			t.Fatalf("a %s's menu: %s", role, got)
		}
	}
}

// waitForWords waits until the screen's body, right of the menu, says
// every one of texts, however it is wrapped and boxed.
func (c *console) waitForWords(texts ...string) {
	c.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		body := bodyWords(c.f.get())
		ok := true
		for _, s := range texts {
			ok = ok && strings.Contains(body, s)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("the screen never said %q; last frame:\n%s", texts, c.f.get())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// bodyWords is the text of a frame right of the menu, without box
// borders, its words joined by single spaces.
func bodyWords(frame string) string {
	var words []string
	for _, line := range strings.Split(frame, "\n") {
		r := []rune(line)
		if len(r) > menuWidth+1 {
			line = string(r[menuWidth+1:])
		}
		line = strings.Map(func(r rune) rune {
			if r >= 0x2500 && r <= 0x257F { // box drawing
				return ' '
			}
			return r
		}, line)
		words = append(words, strings.Fields(line)...)
	}
	return strings.Join(words, " ")
}
