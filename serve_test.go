package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"acctl/model/modeltest"
	"acctl/sshserver"
	"acctl/tui/tuitest"
)

// TestServeChild is not a test: TestServeStopsOnSIGTERM runs the test
// binary again with ACCTL_SERVE_CHILD set, and this runs acctl with those
// arguments in that child process.
func TestServeChild(t *testing.T) {
	args := os.Getenv("ACCTL_SERVE_CHILD")
	if args == "" {
		t.Skip("runs only as the child of TestServeStopsOnSIGTERM")
	}
	os.Exit(run(strings.Fields(args), os.Stdout, os.Stderr))
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ansi.Strip(s.b.String())
}

// R-SRV-7: SIGTERM to acctl serve refuses new connections, tells every
// console, ends the sessions and exits within 10 s. R-SRV-1: the host key
// is made in the data directory, 0600, and nothing in the working
// directory.
func TestServeStopsOnSIGTERM(t *testing.T) { // R-SRV-7, R-SRV-1, R-SES-5
	if testing.Short() {
		t.Skip("starts a server process")
	}
	dir := t.TempDir()
	xdg := filepath.Join(dir, "xdg")
	work := filepath.Join(dir, "work")
	os.MkdirAll(work, 0o700)
	dbPath := filepath.Join(dir, "acctl.db")
	env := tuitest.OpenEnv(t, dbPath, modeltest.NewClock(time.Now()), nil)
	owner := env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	key, _ := gossh.NewSignerFromKey(priv)
	if _, err := env.Svc.AddSSHKey(tuitest.Ctx(owner), "", string(gossh.MarshalAuthorizedKey(key.PublicKey())), tuitest.Password); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestServeChild$")
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "XDG_DATA_HOME="+xdg, "ACCTL_SERVE_CHILD=serve --db "+dbPath+" --listen 127.0.0.1:0")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stdout)
	var addr string
	for addr == "" && lines.Scan() {
		if a, ok := strings.CutPrefix(lines.Text(), "acctl serve: listening on "); ok {
			addr = a
		}
	}
	if addr == "" {
		t.Fatal("the server never said where it listens")
	}
	go io.Copy(io.Discard, stdout)

	hostKey := filepath.Join(xdg, "acctl", sshserver.HostKeyFile)
	if fi, err := os.Stat(hostKey); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("host key %s: %v, %v", hostKey, fi, err)
	}
	if entries, _ := os.ReadDir(work); len(entries) != 0 {
		t.Fatalf("the server wrote %s into its working directory", entries[0].Name())
	}

	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "wile", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sess, _ := client.NewSession()
	out := &syncBuffer{}
	sess.Stdout = out
	sess.StdinPipe()
	sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{})
	sess.Shell()
	exited := make(chan error, 1)
	go func() { exited <- sess.Wait() }()
	waitOut(t, out, "1 Profile")
	list, err := env.Svc.ListSessions(tuitest.Ctx(owner))
	if err != nil || len(list) != 2 {
		t.Fatalf("sessions %v, %v", list, err)
	}

	begun := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the server exited with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not exit within 10 s of SIGTERM")
	}
	t.Logf("stopped %s after SIGTERM", time.Since(begun).Round(time.Millisecond))
	select {
	case <-exited:
	case <-time.After(2 * time.Second):
		t.Fatal("the client's session did not end")
	}
	waitOut(t, out, "The server is stopping")
	list, err = env.Svc.ListSessions(tuitest.Ctx(owner))
	if err != nil || len(list) != 1 {
		t.Fatalf("after SIGTERM %d sessions are open, want only the local one (%v)", len(list), err)
	}
}

func waitOut(t *testing.T, out *syncBuffer, text string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.text(), text) {
		if time.Now().After(deadline) {
			t.Fatalf("the client never saw %q:\n%s", text, out.text())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
