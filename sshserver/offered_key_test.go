package sshserver_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"acctl/sshserver"
	"acctl/tui/tuitest"
)

// writeKeyPair writes a new ed25519 key pair as ssh-keygen does, and
// returns its signer.
func writeKeyPair(t *testing.T, dir, name string) gossh.Signer {
	t.Helper()
	out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", filepath.Join(dir, name)).CombinedOutput()
	if err != nil {
		t.Fatalf("ssh-keygen: %v: %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.ParsePrivateKey(b)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// CVE-2024-45337: a client offers the owner's public key — the server
// says it would accept it — then cannot sign with it and authenticates
// with its own key. It must be signed in as its own key's user (a manager
// here) or, with an unregistered key, reach the sign-in screen: never as
// the owner. The real OpenSSH client does exactly this with an identity
// whose private half is missing.
func TestOfferedKeyIsNotTheOneThatSignsIn(t *testing.T) { // R-SRV-2, CVE-2024-45337
	if _, err := exec.LookPath("ssh"); err != nil {
		t.Skip("needs the OpenSSH client")
	}
	for _, registered := range []bool{true, false} {
		name := map[bool]string{true: "own key registered", false: "own key unknown"}[registered]
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			env := tuitest.NewEnv(t)
			owner := env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
			mgr := addManager(t, env, owner, "rr@acme.example")
			ownerKey := writeKeyPair(t, dir, "owner")
			register(t, env, owner, ownerKey)
			os.Remove(filepath.Join(dir, "owner")) // the attacker has only the public half
			attacker := writeKeyPair(t, dir, "attacker")
			if registered {
				register(t, env, mgr, attacker)
			}
			ts := start(t, env, sshserver.Limits{})
			host, port, _ := strings.Cut(ts.addr, ":")

			stderr, stdout := &output{}, &output{}
			cmd := exec.Command("ssh", "-v", "-tt", "-F", "/dev/null", "-p", port,
				"-o", "IdentitiesOnly=yes", "-o", "IdentityFile="+filepath.Join(dir, "owner"),
				"-o", "IdentityFile="+filepath.Join(dir, "attacker"),
				"-o", "PasswordAuthentication=no", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
				"-o", "PreferredAuthentications=publickey,keyboard-interactive", host)
			cmd.Env = append(os.Environ(), "SSH_AUTH_SOCK=")
			cmd.Stdout, cmd.Stderr = stdout, stderr
			stdin, _ := cmd.StdinPipe()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() { stdin.Close(); cmd.Process.Kill(); cmd.Wait() }()

			want := "Password"
			if registered {
				want = "1 Profile"
			}
			deadline := time.Now().Add(10 * time.Second)
			for !strings.Contains(stdout.text(), want) {
				if time.Now().After(deadline) {
					t.Fatalf("never saw %q; ssh said:\n%s\nscreen:\n%s", want, stderr.raw(), stdout.text())
				}
				time.Sleep(20 * time.Millisecond)
			}
			if !strings.Contains(stderr.raw(), "Server accepts key: "+filepath.Join(dir, "owner")) {
				t.Fatalf("the owner's key was never offered and accepted, so this proves nothing; ssh said:\n%s", stderr.raw())
			}
			if s := newest(t, env, owner); s != nil {
				t.Fatalf("signed in as the owner by a key only offered: %+v", s)
			}
			s := newest(t, env, mgr)
			switch {
			case registered && (s == nil || s.Client.KeyFingerprint != gossh.FingerprintSHA256(attacker.PublicKey())):
				t.Fatalf("the manager's own key: session %+v", s)
			case !registered && s != nil:
				t.Fatalf("an unregistered key signed the manager in: %+v", s)
			}
		})
	}
}
