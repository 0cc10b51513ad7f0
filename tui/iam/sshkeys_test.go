package iam_test

import (
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/crypto/ssh"

	"acctl/model"
	"acctl/tui/tuitest"
)

// privateKey is priv in OpenSSH PEM form.
func privateKey(t *testing.T, priv any, comment string) string {
	t.Helper()
	block, err := ssh.MarshalPrivateKey(priv, comment)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(block))
}

// R-SSH-1, R-SSH-2, R-PWD-4: a key arrives as a bracketed paste; a private
// key pasted by mistake is refused before the password, cleared from the
// field and never stored; a public key with stray whitespace is added under
// its comment after the password; the same key again is refused with the
// form kept; delete asks first.
func TestAddPastedKeyAndDelete(t *testing.T) { // R-SSH-1, R-SSH-2, R-PWD-4
	tm := newTeam(t)
	line, _, priv := sshKey(t, "laptop", "wile@laptop")
	private := privateKey(t, priv, "wile@laptop")

	c := tm.open(t, "SSH & GPG keys", 80, 24)
	c.WaitFor("No SSH keys yet")
	c.Keys("a")
	c.WaitFor("Add an SSH key", "Public key")
	c.Keys("enter") // no name: the comment will do
	c.TM.Send(tea.PasteMsg{Content: private})
	c.WaitFor("END OPENSSH PRIVATE KEY")
	c.Keys("enter")
	screen := c.WaitWords("That is a private key: it was not stored")
	if strings.Contains(screen, "OPENSSH PRIVATE KEY") || strings.Contains(screen, "b3BlbnNzaC1rZXktdjE") || strings.Contains(screen, "Confirm with your password") {
		t.Fatalf("the refused private key is still drawn, or the password asked for:\n%s", screen)
	}
	fits(t, screen, 80, 24)
	if raw, err := os.ReadFile(tm.Path); err != nil || strings.Contains(string(raw), strings.Split(private, "\n")[2]) {
		t.Fatalf("the private key is in the database file (%v)", err)
	}

	c.Keys("enter")
	c.TM.Send(tea.PasteMsg{Content: "\r\n   " + strings.Replace(line, " ", " \t ", 1) + "  \r\n"})
	c.Keys("enter")
	c.WaitWords("To add the SSH key, type your password.")
	c.Type("not my password")
	c.Keys("enter")
	c.WaitWords("That password is not correct", "To add the SSH key")
	c.Type(tuitest.Password)
	c.Keys("enter")
	screen = c.WaitFor(`SSH key "wile@laptop" added`, "ED25519")
	fits(t, screen, 80, 24)

	c.Keys("a")
	c.Type("again")
	c.Keys("enter")
	c.TM.Send(tea.PasteMsg{Content: line})
	c.Keys("enter")
	c.WaitFor("Confirm with your password")
	c.Type(tuitest.Password)
	c.Keys("enter")
	c.WaitWords("That key is already registered", "> again", strings.Fields(line)[1][:30])
	c.Keys("esc")

	c.WaitFor("d delete")
	c.Keys("d")
	c.WaitWords(`Delete the SSH key "wile@laptop"`, "no longer sign in")
	// No, then at once asked again and yes: the late "no" to the first
	// question must not answer the second.
	c.Burst("n", "d", "y")
	c.WaitFor(`SSH key "wile@laptop" deleted`, "No SSH keys yet")
	if keys := tm.sshKeys(t); len(keys) != 0 {
		t.Fatalf("%d keys after deleting", len(keys))
	}
}

// R-SSH-1: generate a pair behind the password; the panel shows the
// private key once with the public key and its fingerprint; saved to a
// file, it is 0600, its comment is the name given and the real ssh-keygen
// derives the stored public key from it; enter on the list shows the
// stored public key line and fingerprint.
func TestGenerateKey(t *testing.T) { // R-SSH-1, R-SSH-2, R-PWD-4
	tm := newTeam(t)
	c := tm.open(t, "SSH & GPG keys", 80, 24)
	c.WaitFor("No SSH keys yet")
	c.Keys("n")
	c.WaitFor("Generate an SSH key", "Name")
	c.Type("laptop")
	c.Keys("enter")
	c.WaitWords("To generate the SSH key, type your password.")
	c.Type(tuitest.Password)
	c.Keys("enter")
	screen := c.WaitWords("Your new private SSH key", "-----END OPENSSH PRIVATE KEY-----", "Fingerprint SHA256:", "Public key ssh-ed25519 AAAA")
	fits(t, screen, 80, 24)
	keys := tm.sshKeys(t)
	if len(keys) != 1 || keys[0].Name != "laptop" {
		t.Fatalf("stored %+v", keys)
	}
	k := keys[0]
	said := tuitest.Words(screen)
	if !strings.Contains(said, "Fingerprint "+k.Fingerprint) || !strings.Contains(said, k.PublicKey+" laptop") {
		t.Fatalf("the panel does not show the stored key %s %s:\n%s", k.Fingerprint, k.PublicKey, screen)
	}
	c.Keys("s")
	c.WaitFor("Save to a new file", "acctl_ed25519")
	c.Keys("ctrl+u")
	file := filepath.Join(t.TempDir(), "acctl_ed25519")
	c.Type(file)
	c.Keys("enter")
	c.WaitWords("readable only by you")
	c.Keys("d", "y")
	screen = c.WaitFor(`SSH key "laptop" added`, "laptop", "ED25519")
	if strings.Contains(screen, "PRIVATE KEY") {
		t.Fatalf("the private key is still on the screen:\n%s", screen)
	}

	info, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Fatalf("the key file's mode is %o, want 600", mode)
	}
	saved, _ := os.ReadFile(file)
	signer, err := ssh.ParsePrivateKey(saved)
	if err != nil || strings.TrimSpace(string(ssh.MarshalAuthorizedKey(signer.PublicKey()))) != k.PublicKey {
		t.Fatalf("the saved file is not the stored key's private half: %v", err)
	}
	if keygen, err := exec.LookPath("ssh-keygen"); err == nil {
		out, err := exec.Command(keygen, "-l", "-f", file).CombinedOutput()
		if err != nil || !strings.Contains(string(out), k.Fingerprint+" laptop") {
			t.Fatalf("ssh-keygen -l: %s (%v); want %s and the comment laptop", out, err, k.Fingerprint)
		}
	}
	raw, _ := os.ReadFile(tm.Path)
	if strings.Contains(string(raw), strings.Split(string(saved), "\n")[2]) {
		t.Fatal("the private key is in the database file")
	}

	c.Keys("enter")
	screen = c.WaitWords("SSH key laptop", "Fingerprint "+k.Fingerprint, k.PublicKey)
	fits(t, screen, 80, 24)
}

// Owners see every key with its owner (R-SSH-2, R-ACC-4), managers their
// own without the column; at 60×16 the owner is still said in full below
// the list.
func TestSSHKeysByRole(t *testing.T) { // R-SSH-2, R-ACC-4
	tm := newTeam(t)
	road := tm.member(t, "road@acme.example", "Road Runner", model.RoleManager)
	wileLine, _, _ := sshKey(t, "wile", "wile@desk")
	roadLine, _, _ := sshKey(t, "road", "road@laptop")
	if _, err := tm.Svc.AddSSHKey(tm.ctx(), "", wileLine, tuitest.Password); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.Svc.AddSSHKey(tuitest.Ctx(road), "", roadLine, tuitest.Password); err != nil {
		t.Fatal(err)
	}
	m := openAs(t, tm.Env, road, "SSH & GPG keys", 80, 24)
	screen := m.WaitFor("road@laptop", "Fingerprint")
	if strings.Contains(screen, "wile@desk") || strings.Contains(screen, "Owner") {
		t.Fatalf("a manager sees others' keys or their owners:\n%s", screen)
	}

	c := tm.open(t, "SSH & GPG keys", 60, 16)
	c.WaitFor("road@laptop", "wile@desk")
	c.Keys("home")
	screen = c.WaitWords("road@laptop · ED25519 · SHA256:", "owner Road Runner <road@acme.example>")
	fits(t, screen, 60, 16)
	if !regexp.MustCompile(`SHA256:[A-Za-z0-9+/]{43} `).MatchString(tuitest.Words(screen)) {
		t.Fatalf("the fingerprint is not in full:\n%s", screen)
	}
}
