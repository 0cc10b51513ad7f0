package iam_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/tui/tuitest"
)

// Secrets and what is drawn from them change on every run: they are
// blanked in the golden files.
var (
	tokenText   = regexp.MustCompile(`acctl_r[ow]_[0-9A-Za-z]+`)
	fingerprint = regexp.MustCompile(`SHA256:[0-9A-Za-z+/]{43}`)
	keyBase64   = regexp.MustCompile(`[0-9A-Za-z+/]{16,}={0,2}|[0-9A-Za-z+/]+={1,2}`) // public key and PEM lines
	// armorText is an armoured GPG key's body and checksum: the model
	// writes its user IDs in no fixed order. Key IDs (16 digits) stay.
	armorText = regexp.MustCompile(`[0-9A-Za-z+/]{24,}={0,2}|[0-9A-Za-z+/]+={1,2}|=[0-9A-Za-z+/]{4}`)
)

// goldenTeam is an account with one of everything the section draws: a
// manager with an API key and an SSH key, an invited and a disabled user,
// the owner's keys in every state.
func goldenTeam(t *testing.T) *team {
	t.Helper()
	tm := newTeam(t)
	road := tm.member(t, "road@acme.example", "Road Runner", model.RoleManager)
	daffy := tm.member(t, "daffy@acme.example", "Daffy Duck", model.RoleManager)
	if _, err := tm.Svc.DisableUser(tm.ctx(), daffy.UserID, tuitest.Password); err != nil {
		t.Fatal(err)
	}
	tm.invite(t, "bugs@acme.example", model.RoleOwner)
	for _, k := range []struct {
		s      *model.Session
		name   string
		access model.TokenAccess
		expiry model.TokenExpiry
	}{
		{tm.owner, "backup", model.TokenReadOnly, model.TokenExpiry{}},
		{tm.owner, "ci deploy", model.TokenReadWrite, model.TokenExpiry{Days: 30}},
		{tm.owner, "old script", model.TokenReadOnly, model.TokenExpiry{Days: 90}},
		{road, "deploy-bot", model.TokenReadWrite, model.TokenExpiry{Date: "2027-06-30"}},
	} {
		if _, _, err := tm.Svc.CreateToken(tuitest.Ctx(k.s), k.name, k.access, k.expiry, tuitest.Password); err != nil {
			t.Fatal(err)
		}
	}
	for _, tok := range tm.tokens(t) {
		if tok.Name == "old script" {
			if err := tm.Svc.RevokeToken(tm.ctx(), tok.ID, tuitest.Password); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, k := range []struct {
		s    *model.Session
		seed string
	}{{tm.owner, "wile@desk"}, {road, "road@laptop"}} {
		line, _, _ := sshKey(t, k.seed, k.seed)
		if _, err := tm.Svc.AddSSHKey(tuitest.Ctx(k.s), "", line, tuitest.Password); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range []struct {
		s   *model.Session
		key string
	}{
		{tm.owner, modeltest.ArmoredGPGKey(t, wileGPG(t), false)},
		{road, modeltest.ArmoredGPGKey(t, gpgKey(t, "road", gpgAt, 0, [2]string{"Road Runner", "road@acme.example"}, [2]string{"Road at Home", "beep@home.example"}), false)},
	} {
		if _, err := tm.Svc.AddGPGKey(tuitest.Ctx(k.s), k.key, tuitest.Password); err != nil {
			t.Fatal(err)
		}
	}
	return tm
}

// The section's main screens and dialogs at 80×24 and 120×40, on dark and
// light backgrounds (issue 9); go test ./tui/iam -update rewrites them.
func TestGoldens(t *testing.T) {
	screens := []struct {
		name, section string
		steps         func(t *testing.T, tm *team, c *tuitest.Console)
		want          string
		volatile      []*regexp.Regexp
	}{
		{"users", "Users", nil, "Road Runner", nil},
		{"invite", "Users", func(t *testing.T, tm *team, c *tuitest.Console) { c.Keys("i") }, "Invite user", nil},
		{"disable", "Users", func(t *testing.T, tm *team, c *tuitest.Console) {
			selectUser(t, c, "road", "Road Runner")
			c.Keys("x")
		}, "[ No ]", nil},
		{"tokens", "API keys", nil, "deploy-bot", []*regexp.Regexp{tokenText}},
		{"token-new", "API keys", func(t *testing.T, tm *team, c *tuitest.Console) { c.Keys("n") }, "New API key", nil},
		{"token-details", "API keys", func(t *testing.T, tm *team, c *tuitest.Console) {
			c.WaitFor("ci deploy")
			c.Keys("down", "down", "enter")
		}, "API key ci deploy", []*regexp.Regexp{tokenText}},
		{"token-secret", "API keys", func(t *testing.T, tm *team, c *tuitest.Console) {
			c.Keys("n")
			c.Type("monitoring")
			c.Keys("enter", "enter", "enter", "enter")
			c.WaitFor("Confirm with your password")
			c.Type(tuitest.Password)
			c.Keys("enter")
		}, "Your new API key", []*regexp.Regexp{tokenText}},
		{"sshkeys", "SSH & GPG keys", nil, "road@laptop", nil},
		{"sshkey", "SSH & GPG keys", func(t *testing.T, tm *team, c *tuitest.Console) {
			c.WaitFor("road@laptop")
			c.Keys("enter")
		}, "Public key, as acctl stores it", nil},
		{"sshkey-generated", "SSH & GPG keys", func(t *testing.T, tm *team, c *tuitest.Console) {
			c.Keys("n")
			c.Type("laptop")
			c.Keys("enter")
			c.WaitFor("Confirm with your password")
			c.Type(tuitest.Password)
			c.Keys("enter")
		}, "END OPENSSH PRIVATE KEY", []*regexp.Regexp{fingerprint, keyBase64}},
		{"gpgkeys", "SSH & GPG keys", func(t *testing.T, tm *team, c *tuitest.Console) { c.Keys("right") }, "Algorithm", nil},
		{"gpgkey", "SSH & GPG keys", func(t *testing.T, tm *team, c *tuitest.Console) {
			c.Keys("right")
			// The SSH keys tab names Road Runner too: wait for the GPG
			// keys' own column.
			c.WaitFor("Algorithm", "Road Runner <road@")
			c.Keys("enter")
		}, "BEGIN PGP PUBLIC KEY BLOCK", []*regexp.Regexp{armorText}},
		{"gpgkey-add", "SSH & GPG keys", func(t *testing.T, tm *team, c *tuitest.Console) {
			c.Keys("right", "a")
			c.WaitFor("Add a GPG key")
			c.TM.Send(tea.PasteMsg{Content: modeltest.ArmoredGPGKey(t, gpgKey(t, "wile laptop", gpgAt, 2*365*24*time.Hour,
				[2]string{"Wile E. Coyote", ownerEmail}, [2]string{"Wile on the Road", "wile@road.example"}), false)})
			c.Keys("enter")
		}, "enter add this key", nil},
		{"user-sessions", "Users", func(t *testing.T, tm *team, c *tuitest.Console) {
			tm.keySignIn(t, "road@laptop")
			selectUser(t, c, "road", "Road Runner")
			c.Keys("S")
		}, "198.51.100.7:40022", nil},
		{"reset-code", "Users", func(t *testing.T, tm *team, c *tuitest.Console) {
			selectUser(t, c, "road", "Road Runner")
			c.Keys("p")
			confirm(c)
		}, "Reset code for Road Runner", []*regexp.Regexp{resetCode}},
	}
	for _, sc := range screens {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			for _, bg := range []struct {
				name string
				msg  tea.BackgroundColorMsg
			}{{"dark", tuitest.Dark}, {"light", tuitest.Light}} {
				name := fmt.Sprintf("%s-%dx%d-%s", sc.name, size[0], size[1], bg.name)
				t.Run(name, func(t *testing.T) {
					tm := goldenTeam(t)
					c := tm.open(t, sc.section, size[0], size[1])
					c.TM.Send(bg.msg)
					if sc.steps != nil {
						sc.steps(t, tm, c)
					}
					c.Golden(name, sc.want, append(sc.volatile, tuitest.Clock)...)
				})
			}
		}
	}
}
