package notify_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/notify"
	"acctl/seal"
	"acctl/store"
)

var ctx = context.Background()

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// env is an outbox in a real SQLite file with one user, and a clock.
type env struct {
	path  string
	db    *store.DB
	user  *model.User
	clock *modeltest.Clock
	log   *bytes.Buffer
	logMu *sync.Mutex
}

func newEnv(t *testing.T) *env {
	t.Helper()
	path := filepath.Join(t.TempDir(), "acctl.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a := &model.Account{CompanyName: "Acme", Status: model.AccountActive, CreatedAt: t0}
	u := &model.User{Name: "Wile Coyote", Email: "wile@acme.example", Role: model.RoleOwner, Status: model.UserActive, PasswordHash: "x", CreatedAt: t0}
	if err := db.CreateAccount(ctx, a, u, &model.AuditEvent{Action: "account.created", At: t0}); err != nil {
		t.Fatal(err)
	}
	return &env{path: path, db: db, user: u, clock: modeltest.NewClock(t0), log: &bytes.Buffer{}, logMu: &sync.Mutex{}}
}

// queue adds a due notification to the outbox.
func (e *env) queue(t *testing.T, ch model.Channel, kind, subject, body string) *model.Notification {
	t.Helper()
	to := e.user.Email
	if ch == model.ChannelSMS {
		to = "+15550100"
	}
	n := &model.Notification{AccountID: e.user.AccountID, UserID: e.user.ID, Channel: ch, To: to, Subject: subject,
		Body: body, Kind: kind, CarriesCode: kind == model.NotifyPasswordReset || ch == model.ChannelSMS,
		Status: model.NotificationQueued, CreatedAt: e.clock.Now(), NextAttemptAt: e.clock.Now()}
	if err := e.db.AddNotification(ctx, n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (e *env) find(t *testing.T, id int64) *model.Notification {
	t.Helper()
	n, err := e.db.FindNotification(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// logWriter is a goroutine-safe log sink.
type logWriter struct{ e *env }

func (w logWriter) Write(p []byte) (int, error) {
	w.e.logMu.Lock()
	defer w.e.logMu.Unlock()
	return w.e.log.Write(p)
}

func (e *env) logged() string {
	e.logMu.Lock()
	defer e.logMu.Unlock()
	return e.log.String()
}

// deliverer sends through the SMTP URL with the test's clock and log.
func (e *env) deliverer(t *testing.T, url string, opts ...notify.SMTPOption) *notify.Deliverer {
	return e.delivererWith(t, nil, url, opts...)
}

// delivererWith is deliverer with sealer to open one-time codes.
func (e *env) delivererWith(t *testing.T, sealer *seal.Sealer, url string, opts ...notify.SMTPOption) *notify.Deliverer {
	t.Helper()
	sender, err := notify.NewSMTP(url, append([]notify.SMTPOption{notify.WithSMTPTimeout(5 * time.Second)}, opts...)...)
	if err != nil {
		t.Fatalf("NewSMTP: %v", err)
	}
	return notify.NewDeliverer(notify.Config{Store: e.db, Sender: sender, Sealer: sealer, Clock: e.clock.Now,
		Logger: slog.New(slog.NewTextHandler(logWriter{e}, &slog.HandlerOptions{Level: slog.LevelDebug})), Poll: 10 * time.Millisecond})
}

func deliver(t *testing.T, d *notify.Deliverer, want notify.Outcome) {
	t.Helper()
	got, err := d.DeliverDue(ctx)
	if err != nil {
		t.Fatalf("DeliverDue: %v", err)
	}
	if got != want {
		t.Fatalf("DeliverDue = %+v, want %+v", got, want)
	}
}

// parsed is a received message read back with net/mail.
type parsed struct {
	header netmail.Header
	body   string
}

func parse(t *testing.T, m received) parsed {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(m.data))
	if err != nil {
		t.Fatalf("received message does not parse: %v\n%s", err, m.data)
	}
	var r io.Reader = msg.Body
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		r = quotedprintable.NewReader(r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return parsed{header: msg.Header, body: strings.ReplaceAll(string(b), "\r\n", "\n")}
}

func smtpURL(srv *smtpServer, query string) string {
	return "smtp://" + srv.addr + "?from=" + query
}

// SPEC §8: due emails go out through a real SMTP server with the
// notification's recipient, subject and body and proper headers, and are
// marked sent; SMS stays in the outbox; nothing is sent twice.
func TestDeliversAndMarksSent(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t, serverOptions{})
	first := e.queue(t, model.ChannelEmail, model.NotifyPasswordChanged, "acctl: your password was changed", "Your password was changed.\nÇa va?\n")
	e.clock.Advance(time.Second)
	second := e.queue(t, model.ChannelEmail, model.NotifySignInAttempt, "acctl: sign-in to your account", "Result: success\n")
	sms := e.queue(t, model.ChannelSMS, model.NotifySMSCode, "", "Your acctl code is 123456")
	d := e.deliverer(t, smtpURL(srv, "acctl%40acme.example"))

	deliver(t, d, notify.Outcome{Sent: 2})
	msgs := srv.messages()
	if len(msgs) != 2 {
		t.Fatalf("server received %d messages, want 2", len(msgs))
	}
	for i, n := range []*model.Notification{first, second} {
		m := msgs[i]
		if m.from != "acctl@acme.example" || len(m.to) != 1 || m.to[0] != "wile@acme.example" {
			t.Errorf("message %d envelope: from %q to %q", i, m.from, m.to)
		}
		p := parse(t, m)
		subject, err := new(mime.WordDecoder).DecodeHeader(p.header.Get("Subject"))
		if err != nil || subject != n.Subject {
			t.Errorf("message %d Subject %q (%v), want %q", i, subject, err, n.Subject)
		}
		for h, want := range map[string]string{
			"From":           "<acctl@acme.example>",
			"To":             "<wile@acme.example>",
			"Auto-Submitted": "auto-generated",
			"Message-Id":     fmt.Sprintf("<acctl.notification.%d.%d@acme.example>", n.ID, n.CreatedAt.UnixNano()),
		} {
			if got := p.header.Get(h); got != want {
				t.Errorf("message %d %s: %q, want %q", i, h, got, want)
			}
		}
		if date, err := p.header.Date(); err != nil || !date.Equal(n.CreatedAt) {
			t.Errorf("message %d Date %v (%v), want %v", i, date, err, n.CreatedAt)
		}
		if !strings.HasPrefix(p.header.Get("Content-Type"), "text/plain") {
			t.Errorf("message %d Content-Type %q", i, p.header.Get("Content-Type"))
		}
		if strings.TrimRight(p.body, "\n") != strings.TrimRight(n.Body, "\n") {
			t.Errorf("message %d body %q, want %q", i, p.body, n.Body)
		}
		got := e.find(t, n.ID)
		if got.Status != model.NotificationSent || got.SentAt == nil || !got.SentAt.Equal(t0.Add(time.Second)) || got.Attempts != 1 || got.LastError != "" {
			t.Errorf("notification %d after delivery: %+v", n.ID, got)
		}
	}
	if got := e.find(t, sms.ID); got.Status != model.NotificationQueued || got.Attempts != 0 {
		t.Errorf("SMS left the outbox: %+v", got)
	}
	e.clock.Advance(time.Hour)
	deliver(t, d, notify.Outcome{})
	if n := len(srv.messages()); n != 2 {
		t.Fatalf("sent again: %d messages", n)
	}
}

// SPEC §8: on smtp:// the sender upgrades with STARTTLS when the server
// offers it, then authenticates (PLAIN by discovery, or LOGIN when asked);
// smtps:// is TLS from the first byte. The password, percent-encoded in
// the URL, is what the server checks.
func TestTLSAndAuth(t *testing.T) {
	const user, pass = "acctl", "p@ss:w/rd%ü"
	creds := "acctl:p%40ss%3Aw%2Frd%25%C3%BC@"
	for _, tc := range []struct {
		name   string
		opt    serverOptions
		scheme string
		query  string
	}{
		{"STARTTLS offered, PLAIN", serverOptions{startTLS: true, user: user, pass: pass}, "smtp", ""},
		{"STARTTLS offered, LOGIN", serverOptions{startTLS: true, user: user, pass: pass}, "smtp", "&auth=login"},
		{"implicit TLS", serverOptions{implicitTLS: true, user: user, pass: pass}, "smtps", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			srv := startSMTP(t, tc.opt)
			n := e.queue(t, model.ChannelEmail, model.NotifyPasswordChanged, "s", "b")
			d := e.deliverer(t, tc.scheme+"://"+creds+srv.addr+"?from=acctl@acme.example"+tc.query, notify.WithTLSConfig(clientTLS(t)))
			deliver(t, d, notify.Outcome{Sent: 1})
			m := srv.messages()[0]
			if !m.tls || m.user != user {
				t.Fatalf("received over TLS %v as %q, want TLS as %q", m.tls, m.user, user)
			}
			if got := e.find(t, n.ID); got.Status != model.NotificationSent {
				t.Fatalf("not marked sent: %+v", got)
			}
		})
	}
	t.Run("no STARTTLS offered, credentials kept back", func(t *testing.T) {
		// A server (or a man in the middle) that offers no STARTTLS
		// never gets PLAIN or LOGIN credentials in clear.
		e := newEnv(t)
		srv := startSMTP(t, serverOptions{user: user, pass: pass, insecureAuth: true})
		n := e.queue(t, model.ChannelEmail, "k", "s", "b")
		deliver(t, e.deliverer(t, "smtp://"+creds+srv.addr+"?from=acctl@acme.example"), notify.Outcome{Retried: 1})
		srv.mu.Lock()
		tries := srv.authTries
		srv.mu.Unlock()
		if tries != 0 || len(srv.messages()) != 0 {
			t.Fatalf("sent credentials over an unencrypted connection: %d AUTH, %d messages", tries, len(srv.messages()))
		}
		if got := e.find(t, n.ID); got.LastError == "" || strings.Contains(got.LastError, pass) {
			t.Fatalf("kept error %q", got.LastError)
		}
	})
	t.Run("no STARTTLS offered", func(t *testing.T) {
		e := newEnv(t)
		srv := startSMTP(t, serverOptions{})
		e.queue(t, model.ChannelEmail, "k", "s", "b")
		deliver(t, e.deliverer(t, smtpURL(srv, "acctl@acme.example")), notify.Outcome{Sent: 1})
		if m := srv.messages()[0]; m.tls {
			t.Fatal("TLS without the server offering it?")
		}
	})
}

// A wrong SMTP password is retried, not failed for good (it is the
// configuration, not the message), and the password shows nowhere: not in
// the error kept in the outbox, not in the log, not in the sender's String.
func TestPasswordNeverShown(t *testing.T) {
	const secret = "Sup3r-s3cret-smtp-pw"
	e := newEnv(t)
	srv := startSMTP(t, serverOptions{startTLS: true, user: "acctl", pass: "the right one"})
	n := e.queue(t, model.ChannelEmail, model.NotifyPasswordReset, "acctl: your reset code", "Code: 314159")
	url := "smtp://acctl:" + secret + "@" + srv.addr + "?from=acctl@acme.example&auth=plain"
	d := e.deliverer(t, url, notify.WithTLSConfig(clientTLS(t)))
	deliver(t, d, notify.Outcome{Retried: 1})
	got := e.find(t, n.ID)
	if got.Status != model.NotificationQueued || got.LastError == "" {
		t.Fatalf("after a refused login: %+v", got)
	}
	srv.mu.Lock()
	fails := srv.authFails
	srv.mu.Unlock()
	if fails != 1 {
		t.Fatalf("server saw %d failed logins, want 1", fails)
	}
	sender, _ := notify.NewSMTP(url)
	for what, text := range map[string]string{"kept error": got.LastError, "log": e.logged(), "String": sender.String()} {
		if strings.Contains(text, secret) {
			t.Errorf("%s shows the SMTP password: %s", what, text)
		}
		if strings.Contains(text, "314159") {
			t.Errorf("%s shows the message body: %s", what, text)
		}
	}
	if !strings.Contains(sender.String(), srv.addr) {
		t.Errorf("String %q does not name the server", sender.String())
	}
}

// A temporary refusal (4xx) keeps the error and tries again after the
// first wait, and then succeeds; the error is cleared when it is sent.
func TestRetriedAfterTemporaryRefusal(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t, serverOptions{})
	srv.rejectNext(&smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Mailbox busy, try later"})
	n := e.queue(t, model.ChannelEmail, model.NotifyPasswordChanged, "s", "b")
	d := e.deliverer(t, smtpURL(srv, "acctl@acme.example"))

	deliver(t, d, notify.Outcome{Retried: 1})
	got := e.find(t, n.ID)
	if got.Status != model.NotificationQueued || got.Attempts != 1 || !strings.Contains(got.LastError, "451") ||
		!strings.Contains(got.LastError, "Mailbox busy") || !got.NextAttemptAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("after the refusal: %+v", got)
	}
	e.clock.Advance(time.Minute - time.Second)
	deliver(t, d, notify.Outcome{}) // not due yet
	e.clock.Advance(time.Second)
	deliver(t, d, notify.Outcome{Sent: 1})
	got = e.find(t, n.ID)
	if got.Status != model.NotificationSent || got.Attempts != 2 || got.LastError != "" {
		t.Fatalf("after the retry: %+v", got)
	}
	if len(srv.messages()) != 1 {
		t.Fatalf("server has %d messages, want 1", len(srv.messages()))
	}
}

// An SMTP server that is down: the connection error is kept, and once the
// server is up the retry delivers.
func TestRetriedWhileServerIsDown(t *testing.T) {
	e := newEnv(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens here now
	n := e.queue(t, model.ChannelEmail, model.NotifyPasswordChanged, "s", "b")
	d := e.deliverer(t, "smtp://"+addr+"?from=acctl@acme.example")

	deliver(t, d, notify.Outcome{Retried: 1})
	got := e.find(t, n.ID)
	if got.Status != model.NotificationQueued || !strings.Contains(got.LastError, "refused") {
		t.Fatalf("with the server down: %+v", got)
	}
	srv := startSMTP(t, serverOptions{addr: addr})
	e.clock.Advance(time.Minute)
	deliver(t, d, notify.Outcome{Sent: 1})
	if got := e.find(t, n.ID); got.Status != model.NotificationSent || got.Attempts != 2 {
		t.Fatalf("after the server came up: %+v", got)
	}
	if len(srv.messages()) != 1 {
		t.Fatal("the server did not get the message")
	}
}

// The waits grow (Retry), and after the last one the email is failed for
// good with the last error kept; a code in its body is then erased.
func TestGivesUpAfterTheLastRetry(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t, serverOptions{})
	busy := &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}
	srv.rejectNext(busy, busy, busy)
	n := e.queue(t, model.ChannelEmail, model.NotifyPasswordReset, "acctl: your reset code", "Code: 271828")
	sender, err := notify.NewSMTP(smtpURL(srv, "acctl@acme.example"))
	if err != nil {
		t.Fatal(err)
	}
	d := notify.NewDeliverer(notify.Config{Store: e.db, Sender: sender, Clock: e.clock.Now, Retry: []time.Duration{time.Minute, 5 * time.Minute}})
	deliver(t, d, notify.Outcome{Retried: 1})
	if got := e.find(t, n.ID); !got.NextAttemptAt.Equal(e.clock.Now().Add(time.Minute)) || got.Body == "" {
		t.Fatalf("first wait: %+v", got)
	}
	e.clock.Advance(time.Minute)
	deliver(t, d, notify.Outcome{Retried: 1})
	if got := e.find(t, n.ID); !got.NextAttemptAt.Equal(e.clock.Now().Add(5 * time.Minute)) {
		t.Fatalf("second wait: %+v", got)
	}
	e.clock.Advance(5 * time.Minute)
	deliver(t, d, notify.Outcome{Failed: 1})
	got := e.find(t, n.ID)
	if got.Status != model.NotificationFailed || got.Attempts != 3 || !strings.Contains(got.LastError, "451") || got.Body != "" {
		t.Fatalf("after the last attempt: %+v", got)
	}
	e.clock.Advance(24 * time.Hour)
	deliver(t, d, notify.Outcome{})
}

// A permanent refusal of the recipient (5xx) fails the email at once:
// trying again cannot help.
func TestPermanentRefusalFailsAtOnce(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t, serverOptions{})
	srv.rejectNext(&smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"})
	n := e.queue(t, model.ChannelEmail, model.NotifyPasswordChanged, "s", "b")
	deliver(t, e.deliverer(t, smtpURL(srv, "acctl@acme.example")), notify.Outcome{Failed: 1})
	if got := e.find(t, n.ID); got.Status != model.NotificationFailed || !strings.Contains(got.LastError, "No such user") {
		t.Fatalf("after a 550: %+v", got)
	}
}

// Run delivers what is queued while it runs, and returns when its context
// ends.
func TestRunDeliversUntilCancelled(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t, serverOptions{})
	d := e.deliverer(t, smtpURL(srv, "acctl@acme.example"))
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- d.Run(runCtx) }()
	n := e.queue(t, model.ChannelEmail, model.NotifyPasswordChanged, "s", "b")
	deadline := time.Now().Add(10 * time.Second)
	for e.find(t, n.ID).Status != model.NotificationSent {
		if time.Now().After(deadline) {
			t.Fatal("Run did not deliver within 10 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run returned %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if len(srv.messages()) != 1 {
		t.Fatalf("server has %d messages", len(srv.messages()))
	}
}

// NewSMTP reads the URL of --smtp-url / ACCTL_SMTP_URL; a bad one is an
// EINVALID error that says how to write it and never repeats the password.
func TestNewSMTP(t *testing.T) {
	for _, tc := range []struct {
		name, url, want string // want: the redacted String, or "" for an error
	}{
		{"smtp default port", "smtp://mail.example.com?from=acctl@example.com", "smtp://mail.example.com?from=acctl@example.com"},
		{"smtps default port", "smtps://u:pw@mail.example.com?from=acctl@example.com", "smtps://u:xxxxx@mail.example.com?from=acctl@example.com"},
		{"port and name", "smtp://u:pw@mail.example.com:2525?from=Acctl%20%3Cacctl@example.com%3E", "smtp://u:xxxxx@mail.example.com:2525?from=Acctl%20%3Cacctl@example.com%3E"},
		{"http", "http://u:pw@mail.example.com?from=acctl@example.com", ""},
		{"no from", "smtp://u:pw@mail.example.com", ""},
		{"bad from", "smtp://u:pw@mail.example.com?from=nobody", ""},
		{"bad port", "smtp://u:pw@mail.example.com:99999?from=acctl@example.com", ""},
		{"port not a number", "smtp://u:pw@mail.example.com:x?from=acctl@example.com", ""},
		{"no host", "smtp://u:pw@?from=acctl@example.com", ""},
		{"a path", "smtp://u:pw@mail.example.com/x?from=acctl@example.com", ""},
		{"bad auth", "smtp://u:pw@mail.example.com?from=acctl@example.com&auth=xoauth", ""},
		{"unparsable", "smtp://u:pw@mail.example.com:port:x%zz?from=acctl@example.com", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := notify.NewSMTP(tc.url)
			if tc.want == "" {
				if model.ErrorCode(err) != model.EINVALID {
					t.Fatalf("NewSMTP(%q) = %v, %v; want EINVALID", tc.url, s, err)
				}
				if msg := model.ErrorMessage(err); strings.Contains(msg, "pw") || !strings.Contains(strings.ToLower(msg), "smtp") {
					t.Fatalf("message %q: want how to write the URL, without the password", msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.String() != tc.want {
				t.Fatalf("String = %q, want %q", s.String(), tc.want)
			}
		})
	}
}
