package sshserver_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"acctl/model"
	"acctl/sshserver"
	"acctl/tui/tuitest"
)

// testServer is a real server on 127.0.0.1:0 over a real SQLite file.
type testServer struct {
	env     *tuitest.Env
	srv     *sshserver.Server
	addr    string
	hostKey gossh.PublicKey
}

// start serves env's database with limits (DefaultLimits when zero).
func start(t *testing.T, env *tuitest.Env, limits sshserver.Limits) *testServer {
	t.Helper()
	if limits == (sshserver.Limits{}) {
		limits = sshserver.DefaultLimits()
	}
	host := newSigner(t)
	srv, err := sshserver.New(sshserver.Config{Service: env.Svc, HostKey: host, Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	return &testServer{env: env, srv: srv, addr: ln.Addr().String(), hostKey: host.PublicKey()}
}

func newSigner(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// register adds signer's public key to the user of session s (R-SSH-1).
func register(t *testing.T, env *tuitest.Env, s *model.Session, signer gossh.Signer) {
	t.Helper()
	line := string(gossh.MarshalAuthorizedKey(signer.PublicKey()))
	if _, err := env.Svc.AddSSHKey(tuitest.Ctx(s), "", line, tuitest.Password); err != nil {
		t.Fatal(err)
	}
}

// withKey authenticates with signer.
func withKey(signers ...gossh.Signer) gossh.AuthMethod { return gossh.PublicKeys(signers...) }

// noQuestions is keyboard-interactive answering whatever is asked with
// nothing: how a client without a registered key reaches the console.
var noQuestions = gossh.KeyboardInteractive(func(_, _ string, q []string, _ []bool) ([]string, error) {
	return make([]string, len(q)), nil
})

// dial opens a connection with the given auth methods.
func (ts *testServer) dial(auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{
		User: "anyone", Auth: auth, HostKeyCallback: gossh.FixedHostKey(ts.hostKey), Timeout: 5 * time.Second,
		ClientVersion: "SSH-2.0-acctl-test_1.0",
	})
}

// term is a client's terminal: a PTY session running the console.
type term struct {
	t      *testing.T
	client *gossh.Client
	sess   *gossh.Session
	stdin  io.WriteCloser
	out    *output
	exited chan error
}

type output struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(p)
}

// text is everything written so far, escape sequences removed.
func (o *output) text() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return ansi.Strip(o.buf.String())
}

func (o *output) len() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Len()
}

// connect dials and opens an 80×24 console.
func (ts *testServer) connect(t *testing.T, auth ...gossh.AuthMethod) *term {
	t.Helper()
	c, err := ts.dial(auth...)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	return openTerm(t, c, "xterm-256color", 80, 24)
}

// openTerm starts a console on an open connection.
func openTerm(t *testing.T, c *gossh.Client, termType string, w, h int) *term {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatalf("session: %v", err)
	}
	tm := &term{t: t, client: c, sess: sess, out: &output{}, exited: make(chan error, 1)}
	sess.Stdout, sess.Stderr = tm.out, tm.out
	if tm.stdin, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty(termType, h, w, gossh.TerminalModes{}); err != nil {
		t.Fatalf("pty: %v", err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatalf("shell: %v", err)
	}
	go func() { tm.exited <- sess.Wait() }()
	t.Cleanup(func() { c.Close() })
	return tm
}

// waitFor waits until the output shows text.
func (tm *term) waitFor(text string) string {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := tm.out.text()
		if strings.Contains(s, text) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the client never saw %q; it saw:\n%s", text, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// typeText sends keys as a person types them.
func (tm *term) typeText(s string) {
	tm.t.Helper()
	if _, err := io.WriteString(tm.stdin, s); err != nil {
		tm.t.Fatal(err)
	}
}

// waitExit waits for the console's session to end within d.
func (tm *term) waitExit(d time.Duration) error {
	tm.t.Helper()
	select {
	case err := <-tm.exited:
		return err
	case <-time.After(d):
		tm.t.Fatalf("the session did not end within %s; the client saw:\n%s", d, tm.out.text())
		return nil
	}
}

// sessionsOf lists the open sessions of the user of s.
func sessionsOf(t *testing.T, env *tuitest.Env, s *model.Session) []*model.Session {
	t.Helper()
	list, err := env.Svc.ListSessions(tuitest.Ctx(s))
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// newest is the newest open session of the user of s other than s.
func newest(t *testing.T, env *tuitest.Env, s *model.Session) *model.Session {
	t.Helper()
	for _, x := range sessionsOf(t, env, s) {
		if x.ID != s.ID {
			return x
		}
	}
	return nil
}

// eventually waits up to d for cond.
func eventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// raw is everything written so far, escape sequences included.
func (o *output) raw() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// addManager adds an active manager to the account of owner and returns a
// session of theirs.
func addManager(t *testing.T, env *tuitest.Env, owner *model.Session, email string) *model.Session {
	t.Helper()
	me, err := env.Svc.Caller(tuitest.Ctx(owner))
	if err != nil {
		t.Fatal(err)
	}
	m := &model.User{AccountID: me.Account.ID, Name: "Road Runner", Email: email, Role: model.RoleManager,
		Status: model.UserActive, PasswordHash: me.User.PasswordHash, CreatedAt: env.Clock.Now()}
	if err := env.DB.CreateUser(context.Background(), m, nil); err != nil {
		t.Fatal(err)
	}
	return env.SignIn(t, email)
}

// keyed is an account whose owner has a registered SSH key, served over
// SSH; owner is a local session of theirs.
type keyed struct {
	env   *tuitest.Env
	owner *model.Session
	key   gossh.Signer
	ts    *testServer
}

func newKeyed(t *testing.T, limits sshserver.Limits) *keyed {
	t.Helper()
	env := tuitest.NewEnv(t)
	owner := env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
	key := newSigner(t)
	register(t, env, owner, key)
	return &keyed{env: env, owner: owner, key: key, ts: start(t, env, limits)}
}

// signIn opens a console with the key and returns it, at the shell, with
// the session it opened.
func (k *keyed) signIn(t *testing.T) (*term, *model.Session) {
	t.Helper()
	tm := k.ts.connect(t, withKey(k.key))
	tm.waitFor("1 Profile")
	s := newest(t, k.env, k.owner)
	if s == nil {
		t.Fatal("no session was opened")
	}
	return tm, s
}
