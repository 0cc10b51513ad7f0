package model_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"acctl/model"
)

var scpClient = model.Client{SSHVersion: "SSH-2.0-OpenSSH_9.2", Term: "xterm"}

// uploadDraft starts a passport verification for ctx's user and registers
// a key for them.
func uploadDraft(t *testing.T, e *env, ctx context.Context) ssh.PublicKey {
	t.Helper()
	pub := registeredKey(t, e, ctx)
	if _, err := e.svc.StartVerification(ctx, model.DocPassport); err != nil {
		t.Fatal(err)
	}
	return pub
}

// R-KYC-1, R-SRV-5: an scp by a registered key opens a session of its own,
// marked as an scp and recorded like a sign-in; the files it sends land in
// the draft; ending it closes it.
func TestSignInForUpload(t *testing.T) { // R-KYC-1, R-SRV-2, R-SRV-5, R-SES-3, R-SRV-6
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	pub := uploadDraft(t, e, owner)

	sess, err := e.svc.SignInForUpload(context.Background(), pub, sshOrigin, scpClient)
	if err != nil {
		t.Fatal(err)
	}
	fp := ssh.FingerprintSHA256(pub)
	if sess.Client.Term != model.UploadTerm || sess.Client.KeyFingerprint != fp || sess.Origin != sshOrigin {
		t.Fatalf("upload session %+v %+v", sess.Client, sess.Origin)
	}
	ev := history(t, e, owner)[0]
	if ev.Kind != model.AuthKeyUpload || ev.Result != model.AuthSucceeded || ev.Client.KeyFingerprint != fp {
		t.Fatalf("auth event %+v", ev)
	}
	up := model.WithSession(context.Background(), sess.Token)
	document, selfie := pngFile(t, 20, 10), pdfFile(1, 0)
	f, err := e.svc.UploadVerificationFile(up, model.KYCDocument, "passport.png", int64(len(document)), bytes.NewReader(document))
	if err != nil || f.Kind != model.KYCDocument || f.Name != "passport.png" {
		t.Fatalf("document: %+v, %v", f, err)
	}
	// An explicit slot wins over the name.
	f, err = e.svc.UploadVerificationFile(up, model.KYCSelfie, "scan.pdf", int64(len(selfie)), bytes.NewReader(selfie))
	if err != nil || f.Kind != model.KYCSelfie {
		t.Fatalf("selfie: %+v, %v", f, err)
	}
	if err := e.svc.EndSession(up, "scp finished"); err != nil {
		t.Fatal(err)
	}
	if open, _ := e.svc.SessionOpen(up); open {
		t.Fatal("the upload session is still open")
	}
	r, err := e.svc.Verification(owner)
	if err != nil || r.File(model.KYCDocument) == nil || r.File(model.KYCSelfie) == nil {
		t.Fatalf("draft after the scp: %+v, %v", r, err)
	}
}

// R-SRV-2: scp never takes a password, an unknown key or a disabled user's
// key; a disabled user's attempt is in their history.
func TestSignInForUploadRefusals(t *testing.T) { // R-SRV-2, R-USR-3, R-KYC-1, SPEC §10
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	mu, mgr := addManager(t, e, owner, "rr@acme.example")
	mgrKey := uploadDraft(t, e, mgr)
	line, _ := ed25519Line(t, "")
	unknown, _, _, _, _ := ssh.ParseAuthorizedKey([]byte(line))
	ownerKey := registeredKey(t, e, owner) // the manager's draft is not the owner's to fill

	cases := []struct {
		name string
		pub  ssh.PublicKey
		want error
		code string
	}{
		{"no key (a password client)", nil, model.ErrUploadNeedsKey, model.EUNAUTHORIZED},
		{"unknown key", unknown, model.ErrSSHKeyNotAllowed, model.EUNAUTHORIZED},
		{"another user's draft", ownerKey, nil, model.EFORBIDDEN},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sess, err := e.svc.SignInForUpload(context.Background(), c.pub, sshOrigin, scpClient)
			if sess != nil || model.ErrorCode(err) != c.code || (c.want != nil && !errors.Is(err, c.want)) {
				t.Fatalf("= %v, %v; want %v", sess, err, c.code)
			}
		})
	}

	if _, err := e.db.UpdateUser(context.Background(), mu.ID, model.UserUpdate{Status: ptr(model.UserDisabled)}, nil); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.SignInForUpload(context.Background(), mgrKey, sshOrigin, scpClient)
	if !errors.Is(err, model.ErrUserDisabled) {
		t.Fatalf("disabled user's key: %v", err)
	}
	list, err := e.db.ListAuthEvents(context.Background(), mu.ID, model.EventPage{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if ev := list[0]; ev.Result != model.AuthDisabled {
		t.Fatalf("auth event %+v", ev)
	}
}

// R-2FA-7: a user held at the 2FA setup sends nothing, and no session
// opens for them.
func TestSignInForUploadHeldAtTwoFactorSetup(t *testing.T) { // R-2FA-7, R-2FA-8, R-KYC-1
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	pub := uploadDraft(t, e, owner)
	a, _ := e.svc.Caller(owner)
	if err := e.db.SetMustEnableTwoFactor(context.Background(), a.User.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SignInForUpload(context.Background(), pub, sshOrigin, scpClient); !errors.Is(err, model.ErrNeeds2FA) {
		t.Fatalf("held at the setup: %v", err)
	}
	if list, _ := e.db.ListOpenSessions(context.Background(), a.User.ID); len(list) != 1 {
		t.Fatalf("%d sessions open, want the owner's own", len(list))
	}
}

// R-KYC-1: without a draft the scp is refused before any session opens,
// with the sentence that says where to start.
func TestSignInForUploadNeedsADraft(t *testing.T) { // R-KYC-1
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	pub := registeredKey(t, e, owner)
	_, err := e.svc.SignInForUpload(context.Background(), pub, sshOrigin, scpClient)
	if !errors.Is(err, model.ErrNoVerificationDraft) {
		t.Fatalf("no draft: %v", err)
	}
	list, err := e.svc.ListSessions(owner)
	if err != nil || len(list) != 1 {
		t.Fatalf("%d sessions open, want the owner's own: %v", len(list), err)
	}
}

// R-2FA-5, R-SRV-2: scp cannot ask for a code, so with 2FA on only a
// console signed in with the same key and its code, open and within its
// hour, from the same address, lets the key send files. A password
// console, another address, an expired console or an earlier scp do not.
func TestSignInForUploadWithTwoFactor(t *testing.T) { // R-2FA-5, R-SRV-2, R-KYC-1, R-SES-1, R-SES-3
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	secret, _ := e.enable2FA(t, owner)
	pub := uploadDraft(t, e, owner)
	upload := func(origin model.Origin) (*model.Session, error) {
		return e.svc.SignInForUpload(context.Background(), pub, origin, scpClient)
	}

	_, err := upload(sshOrigin)
	if !errors.Is(err, model.ErrUploadNeedsConsole) {
		t.Fatalf("no console: %v", err)
	}
	if ev := history(t, e, owner)[0]; ev.Kind != model.AuthKeyUpload || ev.Result != model.AuthUploadNeedsConsole || !ev.Result.Failed() {
		t.Fatalf("auth event %+v", ev)
	}
	// A console by password from the same address vouches for nothing.
	if _, err := e.svc.SignIn(context.Background(), model.SignInRequest{Email: "wile@acme.example", Password: strongPassword, Origin: sshOrigin}); err != nil {
		t.Fatal(err)
	}
	if _, err := upload(sshOrigin); !errors.Is(err, model.ErrUploadNeedsConsole) {
		t.Fatalf("password console: %v", err)
	}

	res, err := e.svc.SignInWithKey(context.Background(), pub, sshOrigin, model.Client{Term: "xterm"})
	if err != nil {
		t.Fatal(err)
	}
	console, err := e.svc.CompleteSignIn(context.Background(), res.Challenge.Token, e.code(t, secret, 0))
	if err != nil {
		t.Fatal(err)
	}
	sess, err := upload(model.Origin{Remote: "198.51.100.4:50999"}) // the same computer, another port
	if err != nil {
		t.Fatalf("with the console open: %v", err)
	}
	if _, err := upload(model.Origin{Remote: "192.0.2.66:50022"}); !errors.Is(err, model.ErrUploadNeedsConsole) {
		t.Fatalf("another address: %v", err)
	}

	// The console ends; the scp session left open vouches for nothing.
	if err := e.svc.EndSession(model.WithSession(context.Background(), console.Token), "quit"); err != nil {
		t.Fatal(err)
	}
	if _, err := upload(sshOrigin); !errors.Is(err, model.ErrUploadNeedsConsole) {
		t.Fatalf("console closed, scp %s open: %v", sess.ID[:8], err)
	}

	// A console past its hour vouches for nothing either.
	res, _ = e.svc.SignInWithKey(context.Background(), pub, sshOrigin, model.Client{Term: "xterm"})
	e.clock.Advance(model.TOTPPeriod)
	if _, err := e.svc.CompleteSignIn(context.Background(), res.Challenge.Token, e.code(t, secret, 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := upload(sshOrigin); err != nil {
		t.Fatalf("second console: %v", err)
	}
	e.clock.Advance(model.SessionTTL + time.Second)
	if _, err := upload(sshOrigin); !errors.Is(err, model.ErrUploadNeedsConsole) {
		t.Fatalf("expired console: %v", err)
	}
}

// SPEC §10: staff have no verification of their own to send files to.
func TestSignInForUploadRefusesStaff(t *testing.T) { // SPEC §10, R-KYC-1
	e := newEnv(t)
	e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	staff := e.staff(t, "sam@provider.example")
	e.clock.Advance(model.TOTPPeriod)
	pub := registeredKey(t, e, staff)
	// Staff have 2FA on: vouch with a console first, so that the refusal
	// tested is the staff one.
	a, err := e.svc.Caller(staff)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.CreateSession(context.Background(), &model.Session{ID: "console-of-staff", UserID: a.User.ID, AccountID: a.Account.ID,
		Origin: sshOrigin, Client: model.Client{Term: "xterm", KeyFingerprint: ssh.FingerprintSHA256(pub)},
		CreatedAt: e.clock.Now(), LastActiveAt: e.clock.Now(), AuthenticatedAt: e.clock.Now()}); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.SignInForUpload(context.Background(), pub, sshOrigin, scpClient)
	if !errors.Is(err, model.ErrNotForStaff) {
		t.Fatalf("staff: %v", err)
	}
}
