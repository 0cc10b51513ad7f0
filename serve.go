package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"acctl/demo"
	"acctl/model"
	"acctl/notify"
	"acctl/seal"
	"acctl/sshserver"
	"acctl/store"
	"acctl/tui/common"
	"acctl/upkeep"
)

const serveUsage = `acctl serve — the console over SSH (SPEC §9)

Usage:
  acctl serve [--listen :2222] [--db PATH] [--demo] [limits]

  --listen ADDR             address to listen on (default :2222)
  --db PATH                 database file (default: the data directory's)
  --demo                    serve a throwaway demo database
  --smtp-url URL            deliver emails (as for acctl; prefer ACCTL_SMTP_URL)

Limits (R-SRV-3):
  --max-sessions N          consoles open at once in all (default 200)
  --max-per-address N       consoles open at once per remote address (default 10)
  --max-auth-tries N        failed authentications per connection (default 6)
  --handshake-timeout D     time to finish the SSH handshake (default 30s)
  --idle-timeout D          a console without a key for this long ends (default 15m)
  --lifetime D              a connection ends this long after it began (default 1h)
  --upload-time D           an scp of verification files ends this long after it began (default 10m)
  --fps N                   frames a second a console may draw (default 60): fewer
                            cost less idle CPU with many consoles, more answer keys sooner

A user with an SSH key registered under Identity and Access → SSH & GPG
keys signs in with it (then the 2FA code, when on); anyone else gets the
sign-in screen. Verification files go in with scp and that key:
scp -P 2222 FILE host:kyc/. The host key is ssh_host_ed25519_key in the
data directory, made on the first start; its fingerprint is printed at
start for users to check.

Connect:  ssh -p 2222 host
SIGTERM or SIGINT stops the server: every console is told and signed out.
`

// serveFlags are acctl serve's flags.
type serveFlags struct {
	listen  string
	dbPath  string
	demo    bool
	smtpURL string
	limits  sshserver.Limits
	fps     int
}

// serveCommand parses acctl serve's flags, which may repeat the global
// --db, --demo and --smtp-url, and runs the server.
func serveCommand(args []string, global serveFlags, stdout, stderr io.Writer) int {
	f := global
	f.limits = sshserver.DefaultLimits()
	fs := flag.NewFlagSet("acctl serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&f.listen, "listen", ":2222", "")
	fs.StringVar(&f.dbPath, "db", f.dbPath, "")
	fs.BoolVar(&f.demo, "demo", f.demo, "")
	fs.StringVar(&f.smtpURL, "smtp-url", f.smtpURL, "")
	fs.IntVar(&f.limits.MaxSessions, "max-sessions", f.limits.MaxSessions, "")
	fs.IntVar(&f.limits.MaxPerAddress, "max-per-address", f.limits.MaxPerAddress, "")
	fs.IntVar(&f.limits.MaxAuthTries, "max-auth-tries", f.limits.MaxAuthTries, "")
	fs.DurationVar(&f.limits.HandshakeTimeout, "handshake-timeout", f.limits.HandshakeTimeout, "")
	fs.DurationVar(&f.limits.IdleTimeout, "idle-timeout", f.limits.IdleTimeout, "")
	fs.DurationVar(&f.limits.Lifetime, "lifetime", f.limits.Lifetime, "")
	fs.DurationVar(&f.limits.UploadTime, "upload-time", f.limits.UploadTime, "")
	fs.IntVar(&f.fps, "fps", sshserver.DefaultFPS, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, serveUsage)
			return 0
		}
		fmt.Fprintf(stderr, "acctl serve: %v\nRun acctl serve --help for usage.\n", err)
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "acctl serve: unexpected %q.\nRun acctl serve --help for usage.\n", fs.Arg(0))
		return 2
	}
	if err := f.check(); err != nil {
		fmt.Fprintf(stderr, "acctl serve: %v\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, f, stdout); err != nil {
		fmt.Fprintf(stderr, "acctl serve: %s\n", startErrorText(err))
		return 1
	}
	return 0
}

// check refuses limits that would make the server useless.
func (f serveFlags) check() error {
	l := f.limits
	switch {
	case l.MaxSessions < 1 || l.MaxPerAddress < 1:
		return errors.New("--max-sessions and --max-per-address must be at least 1")
	case l.MaxAuthTries < 1:
		return errors.New("--max-auth-tries must be at least 1")
	case l.HandshakeTimeout < time.Second || l.IdleTimeout < time.Minute || l.Lifetime < time.Minute:
		return errors.New("--handshake-timeout must be at least 1s, --idle-timeout and --lifetime at least 1m")
	case f.fps < 1 || f.fps > 120:
		return errors.New("--fps must be between 1 and 120")
	}
	return nil
}

// serve runs the SSH server until ctx ends (SIGTERM or SIGINT), then stops
// it gracefully within 10 s (R-SRV-7).
func serve(ctx context.Context, f serveFlags, stdout io.Writer) error {
	b, err := openBackend(f.dbPath, f.demo, f.smtpURL)
	if err != nil {
		return err
	}
	defer b.Close()
	hostKey, err := sshserver.LoadHostKey(filepath.Join(hostKeyDir(b.dir, b.throwaway), sshserver.HostKeyFile))
	if err != nil {
		return err
	}
	cfg := sshserver.Config{Service: b.svc, HostKey: hostKey, Limits: f.limits, Logger: b.logger, Mail: b.sender != nil, FPS: f.fps}
	if f.demo {
		if cfg.Demo, err = b.seedDemo(ctx); err != nil {
			return err
		}
	}
	srv, err := sshserver.New(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", f.listen, err)
	}
	b.background(ctx) // once per server process, not per console

	b.logger.Info("ssh server started", "listen", ln.Addr().String(), "db", b.dbPath, "demo", f.demo, "host_key", sshserver.Fingerprint(hostKey))
	fmt.Fprintf(stdout, "acctl serve: listening on %s\nhost key %s (ED25519)\nconnect with: ssh -p %s HOST\n",
		ln.Addr(), sshserver.Fingerprint(hostKey), portOf(ln.Addr()))
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(stdout, "acctl serve: stopping; telling every console")
	stopCtx, cancel := context.WithTimeout(context.Background(), 9*time.Second)
	defer cancel()
	err = srv.Shutdown(stopCtx)
	b.logger.Info("ssh server stopped", "err", err)
	fmt.Fprintln(stdout, "acctl serve: stopped")
	return nil
}

// backend is what a console or the server runs on: the data directory,
// the database and the service over it, the log and the mail sender.
// (The local console opens the same in main.go's console; the two can
// share this.)
type backend struct {
	dir, dbPath string
	throwaway   bool // --demo alone: a temporary directory, removed at Close
	db          *store.DB
	svc         *model.Service
	sealer      *seal.Sealer
	logger      *slog.Logger
	sender      *notify.SMTP // nil without --smtp-url
	closers     []func()
}

// openBackend opens the data directory (a temporary one for --demo alone,
// whose seeded file is thrown away), its sealing key and log, and the
// database.
func openBackend(dbPath string, demoMode bool, smtpURL string) (*backend, error) {
	b := &backend{dbPath: dbPath, throwaway: demoMode && dbPath == ""}
	if smtpURL != "" {
		var err error
		if b.sender, err = notify.NewSMTP(smtpURL); err != nil {
			return nil, err
		}
	}
	if err := b.open(); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

func (b *backend) open() error {
	var err error
	if b.dir, err = dataDir(b.throwaway); err != nil {
		return err
	}
	if b.throwaway {
		dir := b.dir
		b.closers = append(b.closers, func() { os.RemoveAll(dir) })
	}
	if b.dbPath == "" {
		b.dbPath = filepath.Join(b.dir, "acctl.db")
	}
	key, err := seal.LoadOrCreateKey(filepath.Join(b.dir, seal.KeyFile))
	if err != nil {
		return fmt.Errorf("cannot read or create the sealing key in %s: %w", b.dir, err)
	}
	if b.sealer, err = seal.New(key); err != nil {
		return fmt.Errorf("the sealing key in %s cannot be used: %w", b.dir, err)
	}
	logFile, err := os.OpenFile(filepath.Join(b.dir, "acctl.log"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("cannot open the log in %s: %w", b.dir, err)
	}
	b.closers = append(b.closers, func() { logFile.Close() })
	b.logger = slog.New(slog.NewTextHandler(logFile, nil))
	if b.db, err = store.Open(b.dbPath); err != nil {
		return err
	}
	b.closers = append(b.closers, func() { b.db.Close() })
	b.svc = model.NewService(model.Config{Store: b.db, Logger: b.logger, Sealer: b.sealer, Mail: b.sender != nil})
	return nil
}

// Close closes what open opened, last first.
func (b *backend) Close() {
	for i := len(b.closers) - 1; i >= 0; i-- {
		b.closers[i]()
	}
}

// seedDemo fills the empty database with the demo account and returns what
// the sign-in screen shows of it.
func (b *backend) seedDemo(ctx context.Context) (common.Demo, error) {
	secrets, err := seedDemo(ctx, b.svc, b.db, b.sealer)
	if err != nil {
		return common.Demo{}, err
	}
	d := common.Demo{Inbox: demo.Inbox(b.db, b.sealer), Invitee: demo.Invitee}
	for _, l := range demo.Logins {
		d.Logins = append(d.Logins, common.DemoLogin{Email: l.Email, Password: demo.Password, Role: l.Role.Title(), TOTPSecret: secrets[l.Email]})
	}
	return d, nil
}

// background starts the work that runs once per process until ctx ends:
// email delivery (SPEC §8) and the upkeep (token warnings, support access
// that ran out, reset emails, purges).
// Close stops them before the database closes.
func (b *backend) background(ctx context.Context) {
	work := newWorkers(ctx)
	b.closers = append(b.closers, work.Stop) // Close runs closers last first: before the database's
	if b.sender != nil {
		b.logger.Info("delivering email", "smtp", b.sender.String())
		d := notify.NewDeliverer(notify.Config{Store: b.db, Sender: b.sender, Logger: b.logger, Sealer: b.sealer})
		work.Go(func(ctx context.Context) { _ = d.Run(ctx) })
	}
	work.Go(func(ctx context.Context) { upkeep.Run(ctx, b.svc, b.logger) })
}

// hostKeyDir is where the host key lives: the data directory, which a
// throwaway demo also uses when it can, so that the server keeps one
// identity and clients do not warn of a changed key at every demo
// (R-SRV-1). Never the working directory.
func hostKeyDir(dir string, throwaway bool) string {
	if !throwaway {
		return dir
	}
	if home, err := dataDir(false); err == nil {
		return home
	}
	return dir
}

// portOf is the port of a listening address, for the connect hint.
func portOf(a net.Addr) string {
	_, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "2222"
	}
	return port
}
