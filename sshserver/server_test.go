package sshserver_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"acctl/model"
	"acctl/sshserver"
	"acctl/tui/tuitest"
)

// exitStatus is the exit status a finished session reported.
func exitStatus(err error) int {
	var ee *gossh.ExitError
	if errors.As(err, &ee) {
		return ee.ExitStatus()
	}
	if err != nil {
		return -1
	}
	return 0
}

// R-SRV-2: a registered key of an active user opens the shell at once; the
// session records where from, with what and with which key (R-SRV-6); the
// sign-in is in the history with the remote address.
func TestKeySignIn(t *testing.T) { // R-SRV-2, R-SSH-3, R-SRV-6, R-SES-3
	k := newKeyed(t, sshserver.Limits{})
	env, owner, key := k.env, k.owner, k.key
	tm, s := k.signIn(t)
	c := s.Client
	if c.KeyFingerprint != gossh.FingerprintSHA256(key.PublicKey()) || c.SSHVersion != "SSH-2.0-acctl-test_1.0" ||
		c.Term != "xterm-256color" || !strings.HasPrefix(s.Origin.Remote, "127.0.0.1:") {
		t.Fatalf("session origin %+v client %+v", s.Origin, c)
	}
	ev := history(t, env, owner)[0]
	if ev.Kind != model.AuthKeySignIn || ev.Result != model.AuthSucceeded || ev.Origin != s.Origin {
		t.Fatalf("auth event %+v", ev)
	}
	tm.typeText("2") // Sessions: the detail names the key
	tm.waitFor(c.KeyFingerprint[:20])
	tm.typeText("q")
	if err := tm.waitExit(5 * time.Second); exitStatus(err) != 0 {
		t.Fatalf("quit: %v", err)
	}
	if open(t, env, s) {
		t.Fatal("the session is still open after quit")
	}
}

func history(t *testing.T, env *tuitest.Env, s *model.Session) []*model.AuthEvent {
	t.Helper()
	list, err := env.Svc.SignInHistory(tuitest.Ctx(s), model.EventPage{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func open(t *testing.T, env *tuitest.Env, s *model.Session) bool {
	t.Helper()
	ok, err := env.Svc.SessionOpen(tuitest.Ctx(s))
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// R-SRV-2, R-2FA-5: with 2FA on, a key opens the code step, then the shell.
func TestKeySignInAsksForTheCode(t *testing.T) { // R-SRV-2, R-2FA-5
	env := tuitest.NewEnv(t)
	owner := env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
	secret := enable2FA(t, env, owner)
	key := newSigner(t)
	register(t, env, owner, key)
	ts := start(t, env, sshserver.Limits{})

	tm := ts.connect(t, withKey(key))
	tm.waitFor("Your SSH key is registered; two-factor authentication is on")
	if newest(t, env, owner) != nil {
		t.Fatal("a session opened before the code")
	}
	code, err := model.TOTPCode(secret, model.TOTPStep(env.Clock.Now()), model.TOTPDigits)
	if err != nil {
		t.Fatal(err)
	}
	tm.typeText(code + "\r")
	tm.waitFor("1 Profile")
	if s := newest(t, env, owner); s == nil || s.Client.KeyFingerprint != gossh.FingerprintSHA256(key.PublicKey()) {
		t.Fatalf("session after the code: %+v", s)
	}
}

// enable2FA turns 2FA on for the user of s and returns its secret; the
// clock moves a step on so the next code is fresh (R-2FA-3).
func enable2FA(t *testing.T, env *tuitest.Env, s *model.Session) string {
	t.Helper()
	ctx := tuitest.Ctx(s)
	setup, err := env.Svc.BeginTwoFactorSetup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := model.TOTPCode(setup.Secret, model.TOTPStep(env.Clock.Now()), model.TOTPDigits)
	if _, err := env.Svc.EnableTwoFactor(ctx, tuitest.Password, code); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(model.TOTPPeriod)
	return setup.Secret
}

// R-SRV-2: a client without a registered key gets the console's sign-in
// screen; a wrong password there counts towards R-PWD-5 and is in the
// history with the remote address, exactly as locally.
func TestUnknownKeyGetsTheSignInScreen(t *testing.T) { // R-SRV-2, R-PWD-5, R-SES-3
	env := tuitest.NewEnv(t)
	owner := env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
	ts := start(t, env, sshserver.Limits{})

	tm := ts.connect(t, withKey(newSigner(t)), noQuestions)
	tm.waitFor("Password")
	tm.typeText("wile@acme.example\r")
	time.Sleep(100 * time.Millisecond)
	tm.typeText("not-the-password-at-all\r")
	tm.waitFor("The email or password is incorrect")
	th, err := env.DB.Throttle(context.Background(), "wile@acme.example")
	if err != nil || th.Failures != 1 {
		t.Fatalf("throttle %+v, %v: a wrong password over SSH must count (R-PWD-5)", th, err)
	}
	ev := history(t, env, owner)[0]
	if ev.Result != model.AuthWrongPassword || !strings.HasPrefix(ev.Origin.Remote, "127.0.0.1:") || ev.Client.SSHVersion != "SSH-2.0-acctl-test_1.0" {
		t.Fatalf("auth event %+v", ev)
	}
	tm.typeText(strings.Repeat("\x7f", 30) + tuitest.Password + "\r")
	tm.waitFor("1 Profile")
	if s := newest(t, env, owner); s == nil || s.Client.KeyFingerprint != "" || !strings.HasPrefix(s.Origin.Remote, "127.0.0.1:") {
		t.Fatalf("password session %+v", s)
	}
}

// R-USR-3: a disabled user's key gets in nowhere; the client is told why
// and the attempt is in the user's history.
func TestDisabledUsersKeyIsRefused(t *testing.T) { // R-SRV-2, R-USR-3
	env := tuitest.NewEnv(t)
	owner := env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
	mgr := addManager(t, env, owner, "rr@acme.example")
	key := newSigner(t)
	register(t, env, mgr, key)
	if _, err := env.DB.UpdateUser(context.Background(), mgr.UserID, model.UserUpdate{Status: ptr(model.UserDisabled)}, nil); err != nil {
		t.Fatal(err)
	}
	ts := start(t, env, sshserver.Limits{})
	tm := ts.connect(t, withKey(key), noQuestions)
	if err := tm.waitExit(5 * time.Second); exitStatus(err) != 1 {
		t.Fatalf("exit %v", err)
	}
	if !strings.Contains(tm.out.text(), "This user has been disabled") {
		t.Fatalf("the client saw %q", tm.out.text())
	}
	list, err := env.DB.ListAuthEvents(context.Background(), mgr.UserID, model.EventPage{Limit: 5})
	if err != nil || list[0].Result != model.AuthDisabled || list[0].Kind != model.AuthKeySignIn {
		t.Fatalf("history %v, %v", list, err)
	}
}

func ptr[T any](v T) *T { return &v }

// R-SRV-4: over SSH an empty database never offers sign-up.
func TestEmptyDatabaseSaysWhereTheFirstOwnerIsMade(t *testing.T) { // R-SRV-4
	env := tuitest.NewEnv(t)
	ts := start(t, env, sshserver.Limits{})
	tm := ts.connect(t, noQuestions)
	tm.waitFor("This server has no account yet")
	if strings.Contains(tm.out.text(), "Company") {
		t.Fatal("sign-up was offered over SSH")
	}
}

// R-SRV-3: a client without a PTY gets a sentence, not a hang; a command
// is refused the same way.
func TestNoPTYGetsASentence(t *testing.T) { // R-SRV-3
	env := tuitest.NewEnv(t)
	ts := start(t, env, sshserver.Limits{})
	c, err := ts.dial(noQuestions)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, run := range []func(*gossh.Session) ([]byte, error){
		func(s *gossh.Session) ([]byte, error) {
			out := &output{}
			s.Stdout = out
			if err := s.Shell(); err != nil {
				return nil, err
			}
			err := s.Wait()
			return []byte(out.text()), err
		},
		func(s *gossh.Session) ([]byte, error) { return s.CombinedOutput("cat /etc/passwd") },
	} {
		sess, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		out, err := run(sess)
		if exitStatus(err) != 1 || !(strings.Contains(string(out), "needs a terminal") || strings.Contains(string(out), "without a command")) {
			t.Fatalf("exit %v, output %q", err, out)
		}
	}
}

// R-SRV-6, R-SES-2: closing an SSH console's session from another console
// ends its connection within two seconds, with the reason on the client's
// restored terminal.
func TestClosingTheSessionDisconnects(t *testing.T) { // R-SRV-6, R-SES-2
	k := newKeyed(t, sshserver.Limits{})
	tm, remote := k.signIn(t)
	if err := k.env.Svc.CloseSession(tuitest.Ctx(k.owner), remote.ID); err != nil {
		t.Fatal(err)
	}
	closed := time.Now()
	tm.waitExit(2 * time.Second)
	t.Logf("disconnected %s after the close", time.Since(closed).Round(time.Millisecond))
	raw := tm.out.raw()
	restored := strings.LastIndex(raw, "\x1b[?1049l")
	said := strings.LastIndex(raw, "closed from another console")
	if restored < 0 || said < restored {
		t.Fatalf("the reason must come after the alternate screen is left (restored at %d, said at %d)", restored, said)
	}
}

// R-SES-5: a client that goes away ends its session at once.
func TestDroppedClientEndsTheSession(t *testing.T) { // R-SES-5, R-SRV-6
	k := newKeyed(t, sshserver.Limits{})
	tm, remote := k.signIn(t)
	tm.client.Close()
	eventually(t, 2*time.Second, "the dropped client's session ends", func() bool { return !open(t, k.env, remote) })
}

// R-SRV-3: an idle console quits itself before the server would cut it:
// the terminal is restored, then the sentence.
func TestIdleConsoleQuitsCleanly(t *testing.T) { // R-SRV-3
	limits := sshserver.DefaultLimits()
	limits.IdleTimeout = 10 * time.Minute
	k := newKeyed(t, limits)
	env := k.env
	tm, remote := k.signIn(t)
	env.Clock.Advance(10 * time.Minute)
	if err := tm.waitExit(3 * time.Second); exitStatus(err) != 0 {
		t.Fatalf("exit %v", err)
	}
	raw := tm.out.raw()
	if r, s := strings.LastIndex(raw, "\x1b[?1049l"), strings.LastIndex(raw, "idle for 10 minutes"); r < 0 || s < r {
		t.Fatalf("restored at %d, said at %d:\n%q", r, s, raw[max(len(raw)-300, 0):])
	}
	if open(t, env, remote) {
		t.Fatal("the idle console's session is still open")
	}
}

// R-SRV-7: Shutdown tells every console, ends its session and returns.
func TestShutdownEndsEveryConsole(t *testing.T) { // R-SRV-7, R-SES-5
	k := newKeyed(t, sshserver.Limits{})
	env, ts := k.env, k.ts
	a, remote := k.signIn(t)
	b := ts.connect(t, noQuestions)
	b.waitFor("Password")

	begun := time.Now()
	if err := ts.srv.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(begun); d > 10*time.Second {
		t.Fatalf("shutdown took %s", d)
	}
	for _, tm := range []*term{a, b} {
		tm.waitExit(2 * time.Second)
		tm.waitFor("The server is stopping")
	}
	if open(t, env, remote) {
		t.Fatal("a session is open after shutdown")
	}
	if _, err := ts.dial(noQuestions); err == nil {
		t.Fatal("a new connection was accepted after shutdown")
	}
}

// R-SRV-3: connections over the per-address cap are refused before the
// handshake; a place frees when one closes.
func TestPerAddressCap(t *testing.T) { // R-SRV-3
	env := tuitest.NewEnv(t)
	env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
	limits := sshserver.DefaultLimits()
	limits.MaxPerAddress = 2
	ts := start(t, env, limits)
	a, err := ts.dial(noQuestions)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ts.dial(noQuestions)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if c, err := ts.dial(noQuestions); err == nil {
		c.Close()
		t.Fatal("a third connection from one address was accepted")
	}
	a.Close()
	eventually(t, 2*time.Second, "a place frees", func() bool {
		c, err := ts.dial(noQuestions)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
}

// R-SRV-3: a connection may fail to authenticate MaxAuthTries times; each
// unregistered key a client offers is one.
func TestMaxAuthTries(t *testing.T) { // R-SRV-3
	env := tuitest.NewEnv(t)
	env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
	limits := sshserver.DefaultLimits()
	limits.MaxAuthTries = 3
	ts := start(t, env, limits)
	keys := func(n int) gossh.AuthMethod {
		var s []gossh.Signer
		for range n {
			s = append(s, newSigner(t))
		}
		return withKey(s...)
	}
	c, err := ts.dial(keys(2), noQuestions)
	if err != nil {
		t.Fatalf("two unknown keys, then the sign-in screen: %v", err)
	}
	c.Close()
	if c, err := ts.dial(keys(3), noQuestions); err == nil {
		c.Close()
		t.Fatal("three failed keys and still let in")
	} else if !strings.Contains(err.Error(), "too many authentication failures") {
		t.Logf("refused with: %v", err)
	}
}

// R-SRV-6: what the client says about itself is bounded and cleaned
// before it is stored or drawn; a window of any claimed size is drawn.
func TestClientTextIsBounded(t *testing.T) { // R-SRV-6, SPEC §5
	k := newKeyed(t, sshserver.Limits{})
	env, owner := k.env, k.owner
	c, err := k.ts.dial(withKey(k.key))
	if err != nil {
		t.Fatal(err)
	}
	tm := openTerm(t, c, "xterm-\x1b]52;c;aGk=\x07"+strings.Repeat("x", 5000), 60000, 60000)
	tm.waitFor("1 Profile")
	s := newest(t, env, owner)
	if len([]rune(s.Client.Term)) > model.MaxClientText || strings.ContainsRune(s.Client.Term, 0x1b) {
		t.Fatalf("stored TERM %q", s.Client.Term)
	}
}

// R-SRV-3: what a client sends before its console starts is bounded: a
// flood of environment variables, which the ssh package would keep for
// the session's life, ends the connection.
func TestEnvFloodIsCut(t *testing.T) { // R-SRV-3
	env := tuitest.NewEnv(t)
	env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
	ts := start(t, env, sshserver.Limits{})
	c, err := ts.dial(noQuestions)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", 30000)
	for i := range 100 {
		if err := sess.Setenv(fmt.Sprintf("V%d", i), big); err != nil {
			t.Logf("cut after %d variables: %v", i, err)
			return
		}
	}
	t.Fatal("3 MB of environment was taken in")
}
