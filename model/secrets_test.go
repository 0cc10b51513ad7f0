package model_test

import (
	"bytes"
	"context"
	"encoding/base32"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/notify"
	"acctl/store"
)

// mailbox is a mail server that keeps what it is sent, in memory.
type mailbox struct {
	mu   sync.Mutex
	sent []*model.Notification
}

func (m *mailbox) Send(_ context.Context, n *model.Notification) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := *n
	m.sent = append(m.sent, &c)
	return nil
}

// last is the body of the newest message of kind that was delivered.
func (m *mailbox) last(t *testing.T, kind string) string {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := len(m.sent) - 1; i >= 0; i-- {
		if m.sent[i].Kind == kind {
			return m.sent[i].Body
		}
	}
	t.Fatalf("no %q message was delivered", kind)
	return ""
}

// secretSet is every secret a scenario made, with the forms it may take.
type secretSet struct {
	what  map[string]string // the secret → what it is
	short map[string]string // short secrets (SMS codes) matched as whole words only
}

func (s *secretSet) add(what string, forms ...string) {
	for _, f := range forms {
		if f != "" {
			s.what[f] = what
		}
	}
}

// code adds a grouped code in the forms people and the store write it.
func (s *secretSet) code(what, grouped string) {
	plain := strings.ReplaceAll(grouped, "-", "")
	s.add(what, grouped, plain, strings.ToUpper(plain))
}

// find returns where the files hold a secret: one line per finding.
func (s *secretSet) find(t *testing.T, files ...string) []string {
	t.Helper()
	var found []string
	for _, p := range files {
		b, err := os.ReadFile(p)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for secret, what := range s.what {
			if i := bytes.Index(b, []byte(secret)); i >= 0 {
				found = append(found, fmt.Sprintf("%s holds %s %q at byte %d", filepath.Base(p), what, secret, i))
			}
		}
		for secret, what := range s.short {
			if regexp.MustCompile(`(^|[^0-9A-Za-z])` + secret + `([^0-9A-Za-z]|$)`).Match(b) {
				found = append(found, fmt.Sprintf("%s holds %s %q", filepath.Base(p), what, secret))
			}
		}
	}
	return found
}

// SPEC §7, issue 10 defect 3: after a full scenario — sign-up, 2FA on,
// recovery codes, API keys, SSH keys, an invitation, a reset, SMS codes,
// sign-ins, an unlock — neither the database file, nor its write-ahead
// log, nor its shared memory, nor the log holds any secret the scenario
// created: passwords, TOTP secrets (base32 and raw), API keys, recovery,
// reset, invitation and SMS codes, sign-in step tokens, session tokens, a
// generated private key, or a password typed into the email field.
func TestNoSecretIsLeftOnDisk(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "acctl.db")
	logPath := filepath.Join(dir, "acctl.log")
	logFile, err := os.OpenFile(logPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	logger := slog.New(slog.NewTextHandler(logFile, &slog.HandlerOptions{Level: slog.LevelDebug}))
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	clock := modeltest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	sealer := newSealer(t)
	svc := model.NewService(model.Config{Store: db, Hasher: model.NewHasher(testArgon2), Clock: clock.Now, Sealer: sealer, Logger: logger})
	e := &env{svc: svc, db: db, clock: clock, path: path, sealer: sealer}
	mail := &mailbox{}
	deliverer := notify.NewDeliverer(notify.Config{Store: db, Sender: mail, Sealer: sealer, Clock: clock.Now, Logger: logger})
	deliver := func() {
		t.Helper()
		if _, err := svc.QueueResetEmails(context.Background()); err != nil {
			t.Fatal(err)
		}
		if _, err := deliverer.DeliverDue(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	secrets := &secretSet{what: map[string]string{}, short: map[string]string{}}
	session := func(s *model.Session) context.Context {
		secrets.add("a session token", s.Token)
		return model.WithSession(context.Background(), s.Token)
	}
	bg := context.Background()
	remote := model.Origin{Remote: "203.0.113.9:4000"}

	// Sign-up, 2FA with recovery codes, new recovery codes.
	const ownerPassword, memberPassword, memberReset = "velvet-otter-marble-91", "quartz-heron-lantern-58", "copper-fjord-meadow-26"
	secrets.add("a password", ownerPassword, memberPassword, memberReset)
	sess, err := svc.SignUp(bg, model.SignUpRequest{CompanyName: "Acme", Name: "Wile Coyote", Email: "wile@acme.example", Password: ownerPassword, Origin: model.LocalOrigin})
	if err != nil {
		t.Fatal(err)
	}
	owner := session(sess)
	setup, err := svc.BeginTwoFactorSetup(owner)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(setup.Secret)
	if err != nil {
		t.Fatal(err)
	}
	secrets.add("a TOTP secret", setup.Secret, strings.ToLower(setup.Secret), string(raw))
	codes, err := svc.EnableTwoFactor(owner, ownerPassword, e.code(t, setup.Secret, 0))
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(model.TOTPPeriod)
	more, err := svc.NewRecoveryCodes(owner, ownerPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(codes, more...) {
		secrets.code("a recovery code", c)
	}

	// API keys, created and rotated; SSH keys, added and generated.
	key, tok, err := svc.CreateToken(owner, "ci", model.TokenReadWrite, model.TokenExpiry{Days: 30}, ownerPassword)
	if err != nil {
		t.Fatal(err)
	}
	rotated, _, err := svc.RotateToken(owner, tok.ID, ownerPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{key, rotated} {
		secrets.add("an API key", k, k[len(tok.Prefix):])
		if _, err := svc.VerifyToken(bg, k); err != nil && k == rotated {
			t.Fatal(err)
		}
	}
	if _, err := svc.AddSSHKey(owner, "laptop", newKeyLine(t), ownerPassword); err != nil {
		t.Fatal(err)
	}
	private, _, err := svc.GenerateSSHKey(owner, "", ownerPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(private, "\n") {
		if len(line) >= 32 && !strings.HasPrefix(line, "-----") {
			secrets.add("a generated private key", line)
		}
	}

	// An invitation, handed over without mail, accepted.
	_, invitation, err := svc.InviteUser(owner, "road@acme.example", model.RoleManager, ownerPassword)
	if err != nil {
		t.Fatal(err)
	}
	secrets.code("an invitation code", invitation)
	res, err := svc.AcceptInvitation(bg, model.AcceptInvitationRequest{Secret: invitation, Name: "Road Runner", Password: memberPassword, Origin: remote})
	if err != nil {
		t.Fatal(err)
	}
	member := session(res.Session)
	if err := db.SetMustEnableTwoFactor(bg, res.Session.UserID, false); err != nil {
		t.Fatal(err)
	}

	// A forgotten password: the code by email, delivered, used; and one an
	// owner hands over.
	if err := svc.RequestPasswordReset(bg, "road@acme.example", remote, model.Client{}); err != nil {
		t.Fatal(err)
	}
	if err := svc.RequestPasswordReset(bg, "nobody@acme.example", remote, model.Client{}); err != nil {
		t.Fatal(err)
	}
	deliver()
	reset := resetCodeRE.FindString(mail.last(t, model.NotifyPasswordReset))
	secrets.code("a reset code", reset)
	res, err = svc.ResetPassword(bg, model.ResetPasswordRequest{Email: "road@acme.example", Code: reset, Password: memberReset, Origin: remote})
	if err != nil {
		t.Fatal(err)
	}
	member = session(res.Session)
	handed, err := svc.IssueResetCode(owner, res.Session.UserID, ownerPassword)
	if err != nil {
		t.Fatal(err)
	}
	secrets.code("a reset code an owner issued", handed)

	// SMS codes: the owner's number verified, then a sign-in with a code
	// by SMS; the member's number never verified.
	smsCode := func(email string) string {
		t.Helper()
		n := lastMessage(t, e, email, model.NotifySMSCode)
		c := smsCodeRE.FindString(n.Body)
		secrets.short[c] = "an SMS code"
		return c
	}
	if _, err := svc.AddPhone(owner, mobile, false, ownerPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.VerifyPhone(owner, false, smsCode("wile@acme.example")); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddPhone(member, backupNum, false, memberReset); err != nil {
		t.Fatal(err)
	}
	smsCode("road@acme.example")
	clock.Advance(model.SMSCodeGap)
	signIn, err := svc.SignIn(bg, model.SignInRequest{Email: "wile@acme.example", Password: ownerPassword, Origin: remote})
	if err != nil || signIn.Challenge == nil {
		t.Fatalf("password step: %+v, %v", signIn, err)
	}
	secrets.add("a sign-in step token", signIn.Challenge.Token)
	if _, err := svc.SendSignInSMS(bg, signIn.Challenge.Token, false); err != nil {
		t.Fatal(err)
	}
	s, err := svc.CompleteSignIn(bg, signIn.Challenge.Token, smsCode("wile@acme.example"))
	if err != nil {
		t.Fatal(err)
	}
	session(s)
	// Another sign-in with an app code, one with a recovery code, a
	// password typed into the email field, a wrong password.
	for _, code := range []string{e.code(t, setup.Secret, 0), more[0]} {
		step, err := svc.SignIn(bg, model.SignInRequest{Email: "wile@acme.example", Password: ownerPassword, Origin: remote})
		if err != nil {
			t.Fatal(err)
		}
		secrets.add("a sign-in step token", step.Challenge.Token)
		s, err := svc.CompleteSignIn(bg, step.Challenge.Token, code)
		if err != nil {
			t.Fatal(err)
		}
		session(s)
	}
	const typo = "harbour-quill-basalt-77"
	secrets.add("a password typed as an email", typo)
	svc.SignIn(bg, model.SignInRequest{Email: typo, Password: "x-" + typo, Origin: remote})
	svc.SignIn(bg, model.SignInRequest{Email: "wile@acme.example", Password: typo, Origin: remote})

	// The owner's hour runs out; unlocking gives a new token.
	clock.Advance(time.Hour)
	s, err = svc.Unlock(owner, ownerPassword, e.code(t, setup.Secret, 0))
	if err != nil {
		t.Fatal(err)
	}
	owner = session(s)
	if err := svc.ChangePassword(owner, ownerPassword, "granite-pelican-sunrise-7"); err != nil {
		t.Fatal(err)
	}
	secrets.add("a password", "granite-pelican-sunrise-7")
	deliver()

	if len(secrets.what) < 60 || len(secrets.short) < 3 {
		t.Fatalf("the scenario made only %d secrets and %d SMS codes", len(secrets.what), len(secrets.short))
	}
	t.Logf("scanning for %d secret strings and %d SMS codes", len(secrets.what), len(secrets.short))
	files := []string{path, path + "-wal", path + "-shm", logPath}
	// The scan sees what the files hold: a control that must be found.
	control := &secretSet{what: map[string]string{"wile@acme.example": "the owner's email", mobileNum: "the mobile number"}, short: map[string]string{}}
	if len(control.find(t, files...)) == 0 {
		t.Fatal("the scan does not find what the files hold")
	}
	for _, f := range secrets.find(t, files...) {
		t.Error(f)
	}
	// And once every connection is closed and the log folded in.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	for _, f := range secrets.find(t, files...) {
		t.Error("after closing:", f)
	}
}
