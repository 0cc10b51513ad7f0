package iam_test

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/crypto/ssh"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/tui/tuitest"
)

const ownerEmail = "wile@acme.example"

// team is an account with an owner, Wile, signed in, for the tests of the
// section.
type team struct {
	*tuitest.Env
	owner *model.Session
}

func newTeam(t *testing.T) *team {
	t.Helper()
	env := tuitest.NewEnv(t)
	return &team{Env: env, owner: env.SignUp(t, "Acme", "Wile Coyote", ownerEmail)}
}

// ctx acts as the owner.
func (tm *team) ctx() context.Context { return tuitest.Ctx(tm.owner) }

// invite invites email with role through the service.
func (tm *team) invite(t *testing.T, email string, role model.Role) {
	t.Helper()
	if _, _, err := tm.Svc.InviteUser(tm.ctx(), email, role, tuitest.Password); err != nil {
		t.Fatal(err)
	}
}

// member invites email and accepts for them, past the newcomer's 2FA step.
func (tm *team) member(t *testing.T, email, name string, role model.Role) *model.Session {
	t.Helper()
	tm.invite(t, email, role)
	res, err := tm.Svc.AcceptInvitation(context.Background(), model.AcceptInvitationRequest{
		Secret: modeltest.InvitationCode(t, tm.DB, tm.Sealer, email), Name: name, Password: tuitest.Password, Origin: model.LocalOrigin})
	if err != nil {
		t.Fatal(err)
	}
	tm.Settle(t, res.Session.UserID)
	return res.Session
}

// user reads a user by email.
func (tm *team) user(t *testing.T, email string) *model.User {
	t.Helper()
	u, err := tm.DB.FindUserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// tokens lists the API keys the owner sees.
func (tm *team) tokens(t *testing.T) []*model.APIToken {
	t.Helper()
	list, err := tm.Svc.ListTokens(tm.ctx())
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// sshKeys lists the SSH keys the owner sees.
func (tm *team) sshKeys(t *testing.T) []*model.SSHKey {
	t.Helper()
	list, err := tm.Svc.ListSSHKeys(tm.ctx())
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// open starts a w×h console signed in as the owner, opens section and gives
// it the focus.
func (tm *team) open(t *testing.T, section string, w, h int) *tuitest.Console {
	t.Helper()
	return openAs(t, tm.Env, tm.owner, section, w, h)
}

func openAs(t *testing.T, env *tuitest.Env, s *model.Session, section string, w, h int) *tuitest.Console {
	t.Helper()
	c := tuitest.Run(t, env, w, h, tuitest.SignedIn(s))
	c.OpenSection(section)
	c.Keys("enter")          // from the menu into the screen
	c.WaitGone("enter open") // the menu's footer
	return c
}

// confirm types the password into the prompt once it is open.
func confirm(c *tuitest.Console) {
	c.WaitFor("Confirm with your password")
	c.Type(tuitest.Password)
	c.Keys("enter")
}

// waitBox waits until the modal box drawn over the screen (a question, the
// password prompt) says every one of texts, however they are wrapped: only
// the text between its ║ borders counts, not the screen around it.
func waitBox(t *testing.T, c *tuitest.Console, texts ...string) string {
	t.Helper()
	return c.WaitUntil(fmt.Sprintf("asked %q", texts), func(frame string) bool {
		var box []string
		for _, l := range strings.Split(frame, "\n") {
			if i, j := strings.Index(l, "║"), strings.LastIndex(l, "║"); i >= 0 && j > i {
				box = append(box, l[i+len("║"):j])
			}
		}
		said := strings.Join(strings.Fields(strings.Join(box, " ")), " ")
		for _, s := range texts {
			if !strings.Contains(said, s) {
				return false
			}
		}
		return true
	})
}

// fits fails unless frame fits w×h cells. The footer, the last line, is
// the root's and left out: bubbles' help adds every key left once the room
// is too small for its ellipsis, and the renderer crops it.
func fits(t *testing.T, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(frame, "\n"), "\n")
	if len(lines) > h {
		t.Fatalf("%d lines, want at most %d:\n%s", len(lines), h, frame)
	}
	for _, l := range lines[:len(lines)-1] {
		if n := ansi.StringWidth(l); n > w {
			t.Fatalf("a line is %d cells wide, want at most %d:\n%s", n, w, frame)
		}
	}
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

// sshKey is a fixed ed25519 key, the same on every run: its public line
// with comment, the key and its private half.
func sshKey(t *testing.T, seed, comment string) (line string, pub ssh.PublicKey, priv ed25519.PrivateKey) {
	t.Helper()
	s := sha256.Sum256([]byte(seed))
	priv = ed25519.NewKeyFromSeed(s[:])
	pub, err := ssh.NewPublicKey(priv.Public())
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pub))) + " " + comment, pub, priv
}
