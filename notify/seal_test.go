package notify_test

import (
	"bytes"
	"crypto/rand"
	"os"
	"regexp"
	"testing"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/notify"
	"acctl/seal"
)

func newSealer(t *testing.T) *seal.Sealer {
	t.Helper()
	key := make([]byte, seal.KeySize)
	rand.Read(key)
	s, err := seal.New(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var resetCode = regexp.MustCompile(`\b[0-9a-z]{4}(?:-[0-9a-z]{4}){5}\b`)

// SPEC §7: a reset code waits in the outbox sealed, is opened only into
// the email that goes out, and once sent no copy of it is left in the
// database file or its write-ahead log, which is checkpointed and
// truncated.
func TestSealedCodeIsOpenedOnlyToDeliver(t *testing.T) {
	e := newEnv(t)
	sealer := newSealer(t)
	svc := model.NewService(model.Config{Store: e.db, Hasher: model.NewHasher(modeltest.Argon2), Clock: e.clock.Now, Sealer: sealer})
	if err := svc.RequestPasswordReset(ctx, e.user.Email, model.LocalOrigin, model.Client{}); err != nil {
		t.Fatal(err)
	}
	if n, err := svc.QueueResetEmails(ctx); err != nil || n != 1 {
		t.Fatalf("queued %d reset emails, %v", n, err)
	}
	list, _ := e.db.ListNotifications(ctx, model.NotificationFilter{AccountID: e.user.AccountID}, model.EventPage{Limit: 5})
	if len(list) != 1 || len(list[0].SealedCode) == 0 || resetCode.MatchString(list[0].Body) {
		t.Fatalf("the queued reset email: %+v", list)
	}
	srv := startSMTP(t, serverOptions{})
	// Under another key the code does not open: the email is failed, not
	// sent without its code.
	deliver(t, e.delivererWith(t, newSealer(t), smtpURL(srv, "acctl%40acme.example")), notify.Outcome{Failed: 1})
	if len(srv.messages()) != 0 {
		t.Fatal("an email went out without its code")
	}
	if err := svc.RequestPasswordReset(ctx, e.user.Email, model.LocalOrigin, model.Client{}); err == nil {
		t.Fatal("the send limit let a second request through")
	}
	e.clock.Advance(model.ResetCodeGap)
	if err := svc.RequestPasswordReset(ctx, e.user.Email, model.LocalOrigin, model.Client{}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.QueueResetEmails(ctx); err != nil {
		t.Fatal(err)
	}
	deliver(t, e.delivererWith(t, sealer, smtpURL(srv, "acctl%40acme.example")), notify.Outcome{Sent: 1})
	msgs := srv.messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages sent", len(msgs))
	}
	code := resetCode.FindString(parse(t, msgs[0]).body)
	if code == "" {
		t.Fatalf("the email carries no code:\n%s", parse(t, msgs[0]).body)
	}
	list, _ = e.db.ListNotifications(ctx, model.NotificationFilter{AccountID: e.user.AccountID}, model.EventPage{Limit: 5})
	for _, n := range list {
		if n.Body != "" || n.SealedCode != nil {
			t.Fatalf("a delivered or failed code message kept its code: %+v", n)
		}
	}
	if fi, err := os.Stat(e.path + "-wal"); err == nil && fi.Size() != 0 {
		t.Fatalf("the write-ahead log holds %d bytes after the code was erased", fi.Size())
	}
	for _, p := range []string{e.path, e.path + "-wal"} {
		if b, _ := os.ReadFile(p); bytes.Contains(b, []byte(code)) {
			t.Fatalf("%s holds the delivered code", p)
		}
	}
}
