package notify_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// received is one message as the test SMTP server got it.
type received struct {
	from string
	to   []string
	data []byte
	tls  bool   // the session was encrypted (STARTTLS or implicit TLS)
	user string // who authenticated, if anyone
}

// serverOptions shape a test SMTP server.
type serverOptions struct {
	addr        string // default 127.0.0.1:0
	startTLS    bool   // offer STARTTLS
	implicitTLS bool   // TLS from the first byte (smtps)
	user, pass  string // require AUTH (PLAIN or LOGIN) with these
	// insecureAuth offers AUTH on an unencrypted connection.
	insecureAuth bool
}

// smtpServer is a real SMTP server (github.com/emersion/go-smtp) on
// 127.0.0.1 that records what it receives and answers RCPT TO with the
// errors queued in rcptErrors, one per attempt.
type smtpServer struct {
	addr string
	opt  serverOptions

	mu         sync.Mutex
	msgs       []received
	rcptErrors []error
	authFails  int
	authTries  int // AUTH commands begun
}

// startSMTP starts a server, stopped when the test ends.
func startSMTP(t *testing.T, opt serverOptions) *smtpServer {
	t.Helper()
	if opt.addr == "" {
		opt.addr = "127.0.0.1:0"
	}
	l, err := net.Listen("tcp", opt.addr)
	if err != nil {
		t.Fatal(err)
	}
	srv := &smtpServer{addr: l.Addr().String(), opt: opt}
	s := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &smtpSession{srv: srv, conn: c}, nil
	}))
	s.Domain = "localhost"
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	s.ErrorLog = discardLogger{}
	s.AllowInsecureAuth = opt.insecureAuth
	if opt.startTLS {
		s.TLSConfig = serverTLS(t)
	}
	if opt.implicitTLS {
		l = tls.NewListener(l, serverTLS(t))
	}
	go s.Serve(l)
	t.Cleanup(func() { s.Close() })
	return srv
}

// rejectNext makes the next RCPT TO commands fail with errs, in order.
func (s *smtpServer) rejectNext(errs ...error) {
	s.mu.Lock()
	s.rcptErrors = append(s.rcptErrors, errs...)
	s.mu.Unlock()
}

// messages returns what the server received so far.
func (s *smtpServer) messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.msgs...)
}

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}
func (discardLogger) Println(...any)        {}

type smtpSession struct {
	srv  *smtpServer
	conn *smtp.Conn
	user string
	msg  received
}

func (s *smtpSession) AuthMechanisms() []string {
	if s.srv.opt.user == "" {
		return nil
	}
	return []string{sasl.Plain, sasl.Login}
}

func (s *smtpSession) Auth(mech string) (sasl.Server, error) {
	s.srv.mu.Lock()
	s.srv.authTries++
	s.srv.mu.Unlock()
	check := func(user, pass string) error {
		if user != s.srv.opt.user || pass != s.srv.opt.pass {
			s.srv.mu.Lock()
			s.srv.authFails++
			s.srv.mu.Unlock()
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		s.user = user
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, user, pass string) error { return check(user, pass) }), nil
	case sasl.Login:
		return &loginServer{check: check}, nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.srv.opt.user != "" && s.user == "" {
		return smtp.ErrAuthRequired
	}
	s.msg = received{from: from}
	return nil
}

func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.srv.mu.Lock()
	defer s.srv.mu.Unlock()
	if len(s.srv.rcptErrors) > 0 {
		err := s.srv.rcptErrors[0]
		s.srv.rcptErrors = s.srv.rcptErrors[1:]
		if err != nil {
			return err
		}
	}
	s.msg.to = append(s.msg.to, to)
	return nil
}

func (s *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.msg.data = b
	_, s.msg.tls = s.conn.TLSConnectionState()
	s.msg.user = s.user
	s.srv.mu.Lock()
	s.srv.msgs = append(s.srv.msgs, s.msg)
	s.srv.mu.Unlock()
	return nil
}

func (s *smtpSession) Reset()        { s.msg = received{} }
func (s *smtpSession) Logout() error { return nil }

// loginServer is the server side of AUTH LOGIN, which go-sasl leaves out.
type loginServer struct {
	check func(user, pass string) error
	step  int
	user  string
}

func (l *loginServer) Next(response []byte) ([]byte, bool, error) {
	l.step++
	switch l.step {
	case 1:
		if response != nil { // initial response: the username
			l.user = string(response)
			l.step++
			return []byte("Password:"), false, nil
		}
		return []byte("Username:"), false, nil
	case 2:
		l.user = string(response)
		return []byte("Password:"), false, nil
	case 3:
		return nil, true, l.check(l.user, string(response))
	}
	return nil, false, errors.New("unexpected LOGIN step")
}

// testCert is a self-signed certificate for 127.0.0.1, made once.
var testCert = sync.OnceValues(func() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "acctl test SMTP"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
})

func serverTLS(t *testing.T) *tls.Config {
	t.Helper()
	cert, err := testCert()
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
}

// clientTLS trusts the test certificate only.
func clientTLS(t *testing.T) *tls.Config {
	t.Helper()
	cert, err := testCert()
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(cert.Leaf)
	return &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
}
