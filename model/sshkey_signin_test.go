package model_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/crypto/ssh"

	"acctl/model"
)

// registeredKey adds a new ed25519 key for the user of ctx and returns its
// public half as the SSH server sees it.
func registeredKey(t *testing.T, e *env, ctx context.Context) ssh.PublicKey {
	t.Helper()
	line, _ := ed25519Line(t, "laptop")
	if _, err := e.svc.AddSSHKey(ctx, "", line, strongPassword); err != nil {
		t.Fatal(err)
	}
	pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	return pub
}

// history is the sign-in history of the user of ctx, newest first.
func history(t *testing.T, e *env, ctx context.Context) []*model.AuthEvent {
	t.Helper()
	list, err := e.svc.SignInHistory(ctx, model.EventPage{Limit: model.MaxPage})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

var sshOrigin = model.Origin{Remote: "198.51.100.4:50022"}

// R-SRV-2: a registered key of an active user without 2FA opens a session
// that records the key's fingerprint; it is an auth event with the alert,
// it updates the key's last use and clears the R-PWD-5 failures.
func TestSignInWithKey(t *testing.T) { // R-SRV-2, R-SSH-3, R-SES-3, R-SES-4, R-PWD-5, R-SRV-6
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	pub := registeredKey(t, e, owner)
	if _, err := e.svc.SetSignInNotifications(owner, true); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		e.signIn("wile@acme.example", "not-the-password-at-all")
	}
	before := len(outbox(t, e, owner))

	res, err := e.svc.SignInWithKey(context.Background(), pub, sshOrigin, model.Client{SSHVersion: "SSH-2.0-OpenSSH_9.6", Term: "xterm-256color"})
	if err != nil || res.Session == nil || res.Challenge != nil {
		t.Fatalf("key sign-in: %+v, %v", res, err)
	}
	fp := ssh.FingerprintSHA256(pub)
	sess := res.Session
	if sess.Client.KeyFingerprint != fp || sess.Origin != sshOrigin {
		t.Fatalf("session client %+v origin %+v", sess.Client, sess.Origin)
	}
	ctx := model.WithSession(context.Background(), sess.Token)
	list, err := e.svc.ListSessions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if list[0].ID != sess.ID || list[0].Client.KeyFingerprint != fp || list[0].Client.SSHVersion != "SSH-2.0-OpenSSH_9.6" {
		t.Fatalf("stored session: %+v", list[0].Client)
	}
	ev := history(t, e, ctx)[0]
	if ev.Kind != model.AuthKeySignIn || ev.Result != model.AuthSucceeded || ev.Client.KeyFingerprint != fp || ev.Origin != sshOrigin {
		t.Fatalf("auth event %+v", ev)
	}
	if n := len(outbox(t, e, owner)); n != before+1 {
		t.Fatalf("%d alerts after the key sign-in, want %d (R-SES-4)", n, before+1)
	}
	if th := throttle(t, e, "wile@acme.example"); th.Failures != 0 {
		t.Fatalf("a key sign-in left %d failures", th.Failures)
	}
	k, err := e.db.FindSSHKeyByFingerprint(context.Background(), fp)
	if err != nil || k.LastUsedAt == nil || !k.LastUsedAt.Equal(e.clock.Now()) {
		t.Fatalf("last use %v, %v", k, err)
	}
}

// R-SRV-2: the public-key handler's question only reads. Unknown keys
// sign no one in and leave no trace.
func TestSSHKeyRegisteredOnlyReads(t *testing.T) { // R-SRV-2, CVE-2024-45337
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	pub := registeredKey(t, e, owner)
	line, _ := ed25519Line(t, "")
	unknown, _, _, _, _ := ssh.ParseAuthorizedKey([]byte(line))
	events := len(history(t, e, owner))

	if !e.svc.SSHKeyRegistered(context.Background(), pub) || e.svc.SSHKeyRegistered(context.Background(), unknown) ||
		e.svc.SSHKeyRegistered(context.Background(), nil) {
		t.Fatal("SSHKeyRegistered answers wrongly")
	}
	if k, _ := e.db.FindSSHKeyByFingerprint(context.Background(), ssh.FingerprintSHA256(pub)); k.LastUsedAt != nil {
		t.Fatalf("asking whether a key is registered used it at %v", k.LastUsedAt)
	}
	_, err := e.svc.SignInWithKey(context.Background(), unknown, sshOrigin, model.Client{})
	if !errors.Is(err, model.ErrSSHKeyNotAllowed) {
		t.Fatalf("unknown key: %v", err)
	}
	_, err = e.svc.SignInWithKey(context.Background(), nil, sshOrigin, model.Client{})
	wantCode(t, err, model.EUNAUTHORIZED)
	if n := len(history(t, e, owner)); n != events {
		t.Fatalf("%d events, want %d", n, events)
	}
}

// R-2FA-5: with 2FA on the key is the first factor: the code step follows,
// its failures count towards R-PWD-5 and the session keeps the key.
func TestSignInWithKeyAsksForTheCode(t *testing.T) { // R-SRV-2, R-2FA-5, R-PWD-5, R-SRV-6
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	secret, _ := e.enable2FA(t, owner)
	pub := registeredKey(t, e, owner)

	res, err := e.svc.SignInWithKey(context.Background(), pub, sshOrigin, model.Client{Term: "xterm"})
	if err != nil || res.Session != nil || res.Challenge == nil {
		t.Fatalf("key step: %+v, %v", res, err)
	}
	if ev := history(t, e, owner)[0]; ev.Kind != model.AuthKeySignIn || ev.Result != model.AuthKeyCodeDue || ev.Result.Failed() {
		t.Fatalf("auth event %+v", ev)
	}
	if _, err := e.svc.CompleteSignIn(context.Background(), res.Challenge.Token, "000000"); err == nil {
		t.Fatal("a wrong code was accepted")
	}
	if th := throttle(t, e, "wile@acme.example"); th.Failures != 1 {
		t.Fatalf("a wrong code after a key left %d failures, want 1", th.Failures)
	}
	sess, err := e.svc.CompleteSignIn(context.Background(), res.Challenge.Token, e.code(t, secret, 0))
	if err != nil {
		t.Fatal(err)
	}
	if sess.Client.KeyFingerprint != ssh.FingerprintSHA256(pub) || sess.Origin != sshOrigin {
		t.Fatalf("session after the code: %+v %+v", sess.Client, sess.Origin)
	}
}

// R-USR-3: a disabled user's key opens nothing, and the attempt is in
// their history.
func TestSignInWithKeyOfDisabledUser(t *testing.T) { // R-SRV-2, R-USR-3, R-SES-3
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	mu, mgr := addManager(t, e, owner, "rr@acme.example")
	pub := registeredKey(t, e, mgr)
	if _, err := e.db.UpdateUser(context.Background(), mu.ID, model.UserUpdate{Status: ptr(model.UserDisabled)}, nil); err != nil {
		t.Fatal(err)
	}
	if !e.svc.SSHKeyRegistered(context.Background(), pub) {
		t.Fatal("a disabled user's key is not registered: its refusal would leave no trace")
	}
	_, err := e.svc.SignInWithKey(context.Background(), pub, sshOrigin, model.Client{})
	if !errors.Is(err, model.ErrUserDisabled) {
		t.Fatalf("disabled user's key: %v", err)
	}
	list, err := e.db.ListAuthEvents(context.Background(), mu.ID, model.EventPage{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if ev := list[0]; ev.Kind != model.AuthKeySignIn || ev.Result != model.AuthDisabled {
		t.Fatalf("auth event %+v", ev)
	}
}

// R-SRV-6: what a client says about itself is bounded and cleaned before
// it is stored, whichever way it signs in.
func TestClientTextIsBoundedAndCleaned(t *testing.T) { // R-SRV-6, SPEC §5
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	pub := registeredKey(t, e, owner)
	hostile := model.Client{
		SSHVersion: "SSH-2.0-\x1b]52;c;aGk=\x07evil\u202e",
		Term:       strings.Repeat("x", 5000),
		OS:         "linux\r\n\x00",
	}
	res, err := e.svc.SignInWithKey(context.Background(), pub, sshOrigin, hostile)
	if err != nil {
		t.Fatal(err)
	}
	res2, err := e.svc.SignIn(context.Background(), model.SignInRequest{Email: "wile@acme.example", Password: strongPassword, Origin: sshOrigin, Client: hostile})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{res.Session.ID, res2.Session.ID} {
		s, err := e.db.FindSession(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		c := s.Client
		if utf8.RuneCountInString(c.Term) > model.MaxClientText || !strings.HasSuffix(c.Term, "…") {
			t.Fatalf("TERM of %d characters stored", utf8.RuneCountInString(c.Term))
		}
		if c.SSHVersion != "SSH-2.0-]52;c;aGk=evil" || c.OS != "linux" {
			t.Fatalf("stored %q, %q", c.SSHVersion, c.OS)
		}
	}
	for _, ev := range history(t, e, owner)[:2] {
		if len(ev.Client.Term) > 4*model.MaxClientText {
			t.Fatalf("auth event TERM of %d bytes", len(ev.Client.Term))
		}
	}
}
