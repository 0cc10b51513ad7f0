package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"acctl/model"
)

// SMTP sends the outbox's emails through one SMTP server, with
// github.com/wneessen/go-mail: implicit TLS for smtps://, STARTTLS whenever
// the server offers it for smtp://, and SMTP AUTH when the URL carries
// credentials. It never writes the password anywhere: String, errors and
// logs show the URL without it.
type SMTP struct {
	host        string
	port        int
	username    string
	password    string
	from        string // the envelope and header sender
	implicitTLS bool   // smtps://
	auth        mail.SMTPAuthType
	tlsConfig   *tls.Config
	timeout     time.Duration
	redacted    string // the URL as it may be shown
}

// SMTPOption adjusts an SMTP sender.
type SMTPOption func(*SMTP)

// WithTLSConfig sets the TLS configuration of the connection (a private CA,
// a test server's certificate). Its ServerName defaults to the URL's host.
func WithTLSConfig(cfg *tls.Config) SMTPOption {
	return func(s *SMTP) { s.tlsConfig = cfg.Clone() }
}

// WithSMTPTimeout bounds one delivery: connecting, the SMTP dialogue and
// the message (default 30 seconds).
func WithSMTPTimeout(d time.Duration) SMTPOption {
	return func(s *SMTP) { s.timeout = d }
}

// Default ports: message submission (RFC 6409) and submission over implicit
// TLS (RFC 8314).
const (
	defaultSMTPPort  = 587
	defaultSMTPSPort = 465
)

// smtpURLHelp is how the URL is written, for error messages.
const smtpURLHelp = "Write it as smtp://user:password@host:port?from=sender@example.com (or smtps:// for implicit TLS)."

// NewSMTP returns a sender configured by rawURL, as given with --smtp-url or
// ACCTL_SMTP_URL (SPEC §8):
//
//	smtp://user:password@host:port?from=acctl@example.com   STARTTLS when offered (default port 587)
//	smtps://user:password@host:port?from=acctl@example.com  implicit TLS (default port 465)
//
// User and password are optional and percent-encoded; with them the
// sender authenticates with the best mechanism the server offers over an
// encrypted connection (SCRAM, CRAM-MD5, PLAIN or LOGIN), or with the one
// named by auth=plain or auth=login. PLAIN and LOGIN are refused on an
// unencrypted connection except to localhost, so a server that does not
// offer STARTTLS never sees the password in clear. The from parameter is
// required. A bad URL gives an EINVALID *model.Error whose message never
// repeats the URL (it would show the password).
func NewSMTP(rawURL string, opts ...SMTPOption) (*SMTP, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "The SMTP URL cannot be read. %s", smtpURLHelp)
	}
	s := &SMTP{timeout: 30 * time.Second, auth: mail.SMTPAuthAutoDiscover}
	switch u.Scheme {
	case "smtp":
		s.port = defaultSMTPPort
	case "smtps":
		s.port, s.implicitTLS = defaultSMTPSPort, true
	default:
		return nil, model.Errorf(model.EINVALID, "The SMTP URL must start with smtp:// or smtps://. %s", smtpURLHelp)
	}
	s.host = u.Hostname()
	if s.host == "" || u.Path != "" && u.Path != "/" || u.Opaque != "" {
		return nil, model.Errorf(model.EINVALID, "The SMTP URL has no server name. %s", smtpURLHelp)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, model.Errorf(model.EINVALID, "The SMTP URL's port must be a number from 1 to 65535. %s", smtpURLHelp)
		}
		s.port = n
	}
	if u.User != nil {
		s.username = u.User.Username()
		s.password, _ = u.User.Password()
	}
	q := u.Query()
	from, err := netmail.ParseAddress(q.Get("from"))
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "The SMTP URL needs a sender address: add ?from=acctl@your-domain. %s", smtpURLHelp)
	}
	s.from = from.String()
	switch strings.ToLower(q.Get("auth")) {
	case "":
	case "plain":
		s.auth = mail.SMTPAuthPlain
	case "login":
		s.auth = mail.SMTPAuthLogin
	default:
		return nil, model.Errorf(model.EINVALID, "The SMTP URL's auth must be plain or login, or left out to use the best the server offers.")
	}
	s.redacted = u.Redacted()
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// String is the URL without its password, for logs and screens.
func (s *SMTP) String() string { return s.redacted }

// Send delivers one email notification: a plain-text message from the
// configured sender to n.To, with n.Subject and n.Body. Its Message-ID is
// derived from the notification, so that a copy sent twice (a deliverer
// that died after sending) can be recognised. A rejection of the recipient
// or of the message with a permanent (5xx) reply is a *PermanentError;
// anything else is worth trying again.
func (s *SMTP) Send(ctx context.Context, n *model.Notification) error {
	msg, err := s.message(n)
	if err != nil {
		return &PermanentError{Err: err}
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	client, err := mail.NewClient(s.host, s.clientOptions()...)
	if err != nil {
		return s.scrub(fmt.Errorf("smtp client: %w", err))
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		if permanent(err) {
			return &PermanentError{Err: s.scrub(err)}
		}
		return s.scrub(err)
	}
	return nil
}

// clientOptions are the go-mail settings of one connection.
func (s *SMTP) clientOptions() []mail.Option {
	tlsConfig := s.tlsConfig
	if tlsConfig == nil {
		tlsConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if tlsConfig.ServerName == "" {
		tlsConfig = tlsConfig.Clone()
		tlsConfig.ServerName = s.host
	}
	opts := []mail.Option{
		mail.WithPort(s.port),
		mail.WithTimeout(s.timeout),
		mail.WithTLSConfig(tlsConfig),
	}
	if s.implicitTLS {
		opts = append(opts, mail.WithSSL())
	} else {
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	}
	if s.username != "" || s.password != "" {
		opts = append(opts, mail.WithSMTPAuth(s.auth), mail.WithUsername(s.username), mail.WithPassword(s.password))
	}
	return opts
}

// message builds the email of n.
func (s *SMTP) message(n *model.Notification) (*mail.Msg, error) {
	m := mail.NewMsg()
	if err := m.From(s.from); err != nil {
		return nil, fmt.Errorf("sender %q: %w", s.from, err)
	}
	if err := m.To(n.To); err != nil {
		return nil, fmt.Errorf("recipient %q: %w", n.To, err)
	}
	m.Subject(n.Subject)
	m.SetDateWithValue(n.CreatedAt)
	m.SetMessageIDWithValue(fmt.Sprintf("acctl.notification.%d.%d@%s", n.ID, n.CreatedAt.UnixNano(), domainOf(s.from)))
	// RFC 3834: an automatic message, to which no auto-reply is due.
	m.SetGenHeader(mail.Header("Auto-Submitted"), "auto-generated")
	m.SetBodyString(mail.TypeTextPlain, n.Body)
	return m, nil
}

// domainOf is the domain of a "Name <user@domain>" or "user@domain" address.
func domainOf(addr string) string {
	if a, err := netmail.ParseAddress(addr); err == nil {
		addr = a.Address
	}
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return "localhost"
}

// permanent reports whether the server refused the recipient or the
// message for good (a 5xx reply to RCPT TO or DATA): sending it again
// cannot help. A refused sender, a failed login or TLS, and 4xx replies
// are left to retry, since they come from the configuration or the
// moment, not from this message.
func permanent(err error) bool {
	var se *mail.SendError
	if !errors.As(err, &se) || se.IsTemp() {
		return false
	}
	switch se.Reason {
	case mail.ErrSMTPRcptTo, mail.ErrSMTPData, mail.ErrSMTPDataClose:
		return se.ErrorCode() >= 500 && se.ErrorCode() < 600
	}
	return false
}

// scrub keeps the password out of an error whose text may end up in the
// outbox or a log: no library error should repeat it, and this makes sure.
func (s *SMTP) scrub(err error) error {
	if err == nil || s.password == "" || !strings.Contains(err.Error(), s.password) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), s.password, "xxxxx"))
}
