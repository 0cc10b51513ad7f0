// Package sshserver is acctl's SSH front end (SPEC §9): `acctl serve`. It
// serves the same console as the local one (package tui), one Bubble Tea
// program per SSH session through wish v2, signed in by a registered SSH
// key (R-SRV-2, R-SSH-3) or the console's own sign-in screen. It owns what
// only the server has: the host key (R-SRV-1), the limits and timeouts
// (R-SRV-3), what a client says about itself (R-SRV-6) and the graceful
// stop (R-SRV-7). Every rule about who may do what stays in model.
package sshserver

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"

	"acctl/model"
	"acctl/tui/common"
)

// Limits are R-SRV-3's limits and timeouts; each is a flag of acctl serve.
type Limits struct {
	// MaxSessions caps the consoles, and the connections, open at once.
	MaxSessions int
	// MaxPerAddress caps them per remote address.
	MaxPerAddress int
	// MaxAuthTries caps the failed authentication attempts of one
	// connection (each unregistered key a client offers is one).
	MaxAuthTries int
	// HandshakeTimeout bounds the SSH handshake and authentication.
	HandshakeTimeout time.Duration
	// IdleTimeout ends a console that had no key for that long.
	IdleTimeout time.Duration
	// Lifetime ends a connection that long after it began: R-SES-1's hour.
	Lifetime time.Duration
	// UploadTime ends an scp or SFTP transfer still running that long
	// after it began: each holds one of the few upload places and up to
	// 10 MB of memory, and a client trickling bytes must not keep them.
	UploadTime time.Duration
}

// DefaultLimits are SPEC §9's defaults (R-SRV-3).
func DefaultLimits() Limits {
	return Limits{
		MaxSessions:      200,
		MaxPerAddress:    10,
		MaxAuthTries:     6,
		HandshakeTimeout: 30 * time.Second,
		IdleTimeout:      15 * time.Minute,
		Lifetime:         model.SessionTTL,
		UploadTime:       10 * time.Minute, // 10 MB at 17 kB/s
	}
}

// Config is what a server needs.
type Config struct {
	Service *model.Service
	HostKey gossh.Signer
	Limits  Limits
	Logger  *slog.Logger
	// Mail says emails are delivered (an SMTP server is configured).
	Mail bool
	// Demo is what --demo shows on the sign-in screen; zero otherwise.
	Demo common.Demo
	// FPS is the most frames a console draws a second (DefaultFPS when 0).
	// Each console's renderer wakes this often even when idle, and a key's
	// answer waits for the next frame: fewer frames cost less CPU with many
	// consoles, more answer keys sooner.
	FPS int
}

// DefaultFPS is Bubble Tea's own rate: a key's answer waits 8 ms for its
// frame on average. Lower rates measured no clearly lower idle CPU once
// the consoles' frames are aligned (onFrame), and answer keys later.
const DefaultFPS = 60

// stopGrace is how long the server waits, once told to stop, for the
// consoles to end themselves before it cuts what is left (R-SRV-7).
const stopGrace = 5 * time.Second

// Server serves the console over SSH.
type Server struct {
	cfg      Config
	log      *slog.Logger
	srv      *ssh.Server
	conns    *counter // connections, counted before the handshake
	sessions *counter // consoles
	stopping atomic.Bool

	chMu     sync.Mutex // channelCount's
	mu       sync.Mutex
	consoles map[*console]struct{}
	// listeners are Serve's, which Shutdown closes itself: charm.land/ssh's
	// own Shutdown waits on its connections' WaitGroup while a handshake
	// finishing at that moment adds to it, a data race (v0.4.2).
	listeners []net.Listener
	uploads   chan struct{}  // scp transfers under way (maxUploads)
	running   sync.WaitGroup // session handlers
	done      chan struct{}  // closed by Shutdown
	stopOnce  sync.Once
}

// New builds a server; Serve starts it.
func New(cfg Config) (*Server, error) {
	if cfg.Service == nil || cfg.HostKey == nil {
		return nil, errors.New("sshserver: a service and a host key are required")
	}
	if cfg.FPS <= 0 {
		cfg.FPS = DefaultFPS
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	l := cfg.Limits
	s := &Server{
		cfg: cfg, log: cfg.Logger,
		conns:    newCounter(l.MaxSessions, l.MaxPerAddress),
		sessions: newCounter(l.MaxSessions, l.MaxPerAddress),
		consoles: map[*console]struct{}{},
		uploads:  make(chan struct{}, maxUploads),
		done:     make(chan struct{}),
	}
	// The host key is given, so wish never writes one into the working
	// directory (R-SRV-1).
	srv, err := wish.NewServer(
		func(srv *ssh.Server) error { srv.AddHostKey(cfg.HostKey); return nil },
		wish.WithVersion("acctl"),
		// R-SRV-2: only a yes or no about an offered key; who signs in is
		// decided from the key that authenticated, after the handshake.
		wish.WithPublicKeyAuth(func(ctx ssh.Context, key ssh.PublicKey) bool {
			return cfg.Service.SSHKeyRegistered(ctx, key)
		}),
		// Any other client is let in to the console's own sign-in screen:
		// keyboard-interactive with no question, so nothing typed before
		// the console ever reaches the server (no WithPasswordAuth).
		wish.WithKeyboardInteractiveAuth(func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true }),
		ssh.WrapConn(s.admit),
		s.limits,
		wish.WithMiddleware(s.handle),
	)
	if err != nil {
		return nil, err
	}
	s.srv = srv
	return s, nil
}

// limits applies R-SRV-3 to the ssh server: the auth tries and the
// bounded session channels. The timeouts are limitedConn's.
func (s *Server) limits(srv *ssh.Server) error {
	l := s.cfg.Limits
	srv.ServerConfigCallback = func(ssh.Context) *gossh.ServerConfig {
		return &gossh.ServerConfig{MaxAuthTries: l.MaxAuthTries}
	}
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
	// OpenSSH's scp sends files by SFTP (R-KYC-1): the only subsystem.
	srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{
		"sftp": func(sess ssh.Session) { s.upload(sess, &sftpSink{sess: sess}) },
	}
	return nil
}

// backstop is how much later than the console the server cuts a
// connection (R-SRV-3).
const backstop = 30 * time.Second

// Serve accepts connections on l until Shutdown.
func (s *Server) Serve(l net.Listener) error {
	s.mu.Lock()
	if s.stopping.Load() {
		s.mu.Unlock()
		return l.Close()
	}
	s.listeners = append(s.listeners, l)
	s.mu.Unlock()
	go s.tickConsoles()
	err := s.srv.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) || (s.stopping.Load() && errors.Is(err, net.ErrClosed)) {
		return nil
	}
	return err
}

// Shutdown stops the server gracefully (R-SRV-7): new connections are
// refused, every console says the server is stopping and ends its session,
// and what has not ended within stopGrace, or by ctx, is cut.
func (s *Server) Shutdown(ctx context.Context) error {
	s.stopOnce.Do(func() { close(s.done) })
	s.mu.Lock()
	s.stopping.Store(true) // under mu: no console is tracked after this
	for c := range s.consoles {
		go c.stop() // a program about to run takes the quit when it does
	}
	for _, l := range s.listeners { // new connections are refused at once
		_ = l.Close()
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.running.Wait(); close(done) }()
	grace := time.NewTimer(stopGrace)
	defer grace.Stop()
	select {
	case <-done:
	case <-grace.C:
	case <-ctx.Done():
	}
	err := s.srv.Close()
	select { // the handlers end once their connections are cut
	case <-done:
	case <-ctx.Done():
		return ctx.Err()
	}
	return err
}

// Consoles is how many consoles are open.
func (s *Server) Consoles() int { return s.sessions.open() }

// tickConsoles gives every console its one-second tick from one timer,
// instead of a timer and two goroutines in each (tui.Options.Ticked).
func (s *Server) tickConsoles() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	var list []*console
	for {
		select {
		case <-s.done:
			return
		case <-t.C:
		}
		list = list[:0]
		s.mu.Lock()
		for c := range s.consoles {
			list = append(list, c)
		}
		s.mu.Unlock()
		for _, c := range list {
			c.tick()
		}
		clear(list) // hold no console past its end
	}
}
