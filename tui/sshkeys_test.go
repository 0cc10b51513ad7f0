package tui

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/crypto/ssh"

	"acctl/model"
)

// listKeys reads the keys that the session sessionID may see.
func listKeys(t *testing.T, env *testEnv, sessionID string) []*model.SSHKey {
	t.Helper()
	list, err := env.svc.ListSSHKeys(model.WithSession(context.Background(), sessionID))
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// Issue 4's flow: generate a key pair and save the private key to a file
// (R-SSH-1): the file is 0600 and the real ssh-keygen derives the stored
// public key from it; the private key is shown once and never stored.
func TestGenerateKeySaveToFile(t *testing.T) {
	keygen, err := exec.LookPath("ssh-keygen")
	if err != nil {
		t.Skip("ssh-keygen is not installed; this test needs it to check the saved key")
	}
	env := newTestEnv(t)
	env.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	home := t.TempDir()
	if err := os.Mkdir(filepath.Join(home, ".ssh"), 0o700); err != nil {
		t.Fatal(err)
	}
	c := startConsole(t, env, 80, 24, func(o *Options) { o.HomeDir = home })
	c.signInAs("wile@acme.example", testPassword)
	c.waitFor("Wile Coyote (Owner)")
	c.goToSection(model.RoleOwner, "SSH keys")
	c.waitFor("No SSH keys yet")
	c.key("g")
	c.waitFor("Generate an SSH key", "Name")
	c.typeText("laptop")
	c.key("enter")
	screen := c.waitFor("Your new private SSH key", "This key cannot be shown again", "-----END OPENSSH PRIVATE KEY-----")
	c.fits(80, 24)
	shown := screen[strings.Index(screen, "-----BEGIN"):]
	c.key("s")
	c.waitFor("Save to a new file", "acctl_ed25519")
	c.key("enter")
	c.waitFor("Saved to", "readable only by you")

	file := filepath.Join(home, ".ssh", "acctl_ed25519")
	info, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Fatalf("the key file's mode is %o, want 600", mode)
	}
	out, err := exec.Command(keygen, "-y", "-f", file).CombinedOutput()
	if err != nil {
		t.Fatalf("ssh-keygen -y: %v: %s", err, out)
	}
	c.key("d")
	c.waitFor("y/n")
	c.key("y")
	screen = c.waitFor(`SSH key "laptop" added`, "laptop", "ED25519", "1 registered")
	if strings.Contains(screen, "PRIVATE KEY") {
		t.Fatalf("the private key is still on the screen:\n%s", screen)
	}
	keys := listKeys(t, env, mustSession(t, env, "wile@acme.example"))
	if len(keys) != 1 || strings.Join(strings.Fields(string(out))[:2], " ") != keys[0].PublicKey {
		t.Fatalf("ssh-keygen derives %q from the saved file; stored %+v", out, keys)
	}
	saved, _ := os.ReadFile(file)
	block, _ := pem.Decode(saved)
	if block == nil || !strings.Contains(shown, strings.Split(string(saved), "\n")[1]) {
		t.Fatal("the saved file is not the key that was shown")
	}
	raw, err := os.ReadFile(env.path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), strings.Split(string(saved), "\n")[2]) {
		t.Fatal("the private key is in the database file")
	}
}

// R-SSH-1, R-SSH-2: a key arrives as a bracketed paste; a private key
// pasted by mistake is refused and cleared from the field; a public key
// with stray whitespace is added under its comment; delete asks first.
func TestAddPastedKeyAndDelete(t *testing.T) {
	env := newTestEnv(t)
	env.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "wile@laptop")
	if err != nil {
		t.Fatal(err)
	}
	private := string(pem.EncodeToMemory(block))
	sshPub, _ := ssh.NewPublicKey(pub)
	line := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sshPub))) + " wile@laptop"

	c := startConsole(t, env, 80, 24)
	c.signInAs("wile@acme.example", testPassword)
	c.waitFor("Wile Coyote (Owner)")
	c.goToSection(model.RoleOwner, "SSH keys")
	c.waitFor("No SSH keys yet")
	c.key("a")
	c.waitFor("Add an SSH key", "Public key")
	c.key("enter") // no name: the comment will do
	c.tm.Send(tea.PasteMsg{Content: private})
	c.waitFor("END OPENSSH PRIVATE KEY")
	c.key("enter")
	screen := c.waitFor("That is a private key: it was not stored")
	if strings.Contains(screen, "OPENSSH PRIVATE KEY") || strings.Contains(screen, "b3BlbnNzaC1rZXktdjE") {
		t.Fatalf("the refused private key is still drawn:\n%s", screen)
	}
	c.fits(80, 24)
	c.key("enter")
	c.tm.Send(tea.PasteMsg{Content: "\r\n   " + strings.Replace(line, " ", " \t ", 1) + "  \r\n"})
	c.key("enter")
	c.waitFor(`SSH key "wile@laptop" added`, "ED25519", "1 registered")
	c.fits(80, 24)

	c.key("d")
	c.waitForWords("Delete the SSH key", "wile@laptop", "no longer sign in")
	c.key("n")
	c.waitGone("Delete the SSH key")
	c.key("d")
	c.key("y")
	c.waitFor(`SSH key "wile@laptop" deleted`, "No SSH keys yet")
	if keys := listKeys(t, env, mustSession(t, env, "wile@acme.example")); len(keys) != 0 {
		t.Fatalf("%d keys after deleting", len(keys))
	}
}
