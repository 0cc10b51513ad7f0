// Command acctl is a keyboard-driven terminal account console: users and
// roles, sessions, sign-in history and the security log of a hosting
// account, on one embedded SQLite file.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"runtime"

	tea "charm.land/bubbletea/v2"

	"acctl/demo"
	"acctl/model"
	"acctl/notify"
	"acctl/seal"
	"acctl/store"
	"acctl/tui"
	"acctl/tui/common"
	"acctl/tui/components"
	"acctl/upkeep"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `acctl — a terminal console for your hosting account

Usage:
  acctl                 open the console on the default database
  acctl --db PATH       open the console on another database file
  acctl --demo          open a throwaway demo database with a seeded account
  acctl --smtp-url URL  deliver emails through this SMTP server (see below)
  acctl serve           serve the console over SSH (acctl serve --help)
  acctl version         print the version
  acctl staff add EMAIL invite a support staff member (run on the server)
  acctl --help          show this help

The first run on an empty database offers to create an account.

Data lives in $XDG_DATA_HOME/acctl, else ~/.local/share/acctl (0700):
  acctl.db      the database (0600)
  sealing.key   the key that seals secrets at rest (0600)
  acctl.log     the log (never holds a secret)

Email (password-reset codes, sign-in alerts, 2FA and security notices) goes
through the outbox in the database. With an SMTP server it is delivered and
marked sent, with retries; without one it stays in the outbox, which the
console's Outbox screen shows. The URL:
  smtp://user:password@host:587?from=acctl@example.com   (STARTTLS)
  smtps://user:password@host:465?from=acctl@example.com  (implicit TLS)
Prefer ACCTL_SMTP_URL to --smtp-url: a flag is visible to other users in ps.

Environment:
  ACCTL_SMTP_URL  the SMTP server, as --smtp-url
  NO_COLOR        draw without colours
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole program; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("acctl", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dbPath := fs.String("db", "", "database file")
	demoMode := fs.Bool("demo", false, "open a demo database")
	smtpURL := fs.String("smtp-url", os.Getenv("ACCTL_SMTP_URL"), "SMTP server URL")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			return 0
		}
		fmt.Fprintf(stderr, "acctl: %v\nRun acctl --help for usage.\n", err)
		return 2
	}
	switch fs.Arg(0) {
	case "":
	case "version":
		fmt.Fprintf(stdout, "acctl %s (%s, %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return 0
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	case "staff":
		return staffCommand(fs.Args()[1:], *dbPath, stdout, stderr)
	case "serve":
		return serveCommand(fs.Args()[1:], serveFlags{dbPath: *dbPath, demo: *demoMode, smtpURL: *smtpURL}, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "acctl: unknown command %q.\nRun acctl --help for usage.\n", fs.Arg(0))
		return 2
	}
	if err := console(*dbPath, *demoMode, *smtpURL); err != nil {
		fmt.Fprintf(stderr, "acctl: %s\n", startErrorText(err))
		return 1
	}
	return 0
}

// startErrorText is what acctl prints when it cannot start: a model error's
// sentence, or main's own, which are written for a person too (a model
// error's internals would say "see the log", which the terminal user may
// not have).
func startErrorText(err error) string {
	var e *model.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

// console opens the database and runs the TUI on this terminal.
func console(dbPath string, demoMode bool, smtpURL string) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var sender *notify.SMTP
	if smtpURL != "" {
		var err error
		if sender, err = notify.NewSMTP(smtpURL); err != nil {
			return err
		}
	}
	// --demo alone is throwaway: a temporary directory, removed on exit.
	// With --db the seeded file is kept, so it is sealed with the normal
	// data directory's key, which opens it again later.
	throwaway := demoMode && dbPath == ""
	dataDir, err := dataDir(throwaway)
	if err != nil {
		return err
	}
	if throwaway {
		defer os.RemoveAll(dataDir)
	}
	if dbPath == "" {
		dbPath = filepath.Join(dataDir, "acctl.db")
	}
	key, err := seal.LoadOrCreateKey(filepath.Join(dataDir, seal.KeyFile))
	if err != nil {
		return fmt.Errorf("cannot read or create the sealing key in %s: %w", dataDir, err)
	}
	sealer, err := seal.New(key)
	if err != nil {
		return fmt.Errorf("the sealing key in %s cannot be used: %w", dataDir, err)
	}
	logFile, err := os.OpenFile(filepath.Join(dataDir, "acctl.log"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("cannot open the log in %s: %w", dataDir, err)
	}
	defer logFile.Close()
	logger := slog.New(slog.NewTextHandler(logFile, nil))

	db, err := store.Open(dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := model.NewService(model.Config{Store: db, Logger: logger, Sealer: sealer, Mail: sender != nil})
	if sender != nil {
		logger.Info("delivering email", "smtp", sender.String())
		d := notify.NewDeliverer(notify.Config{Store: db, Sender: sender, Sealer: sealer, Logger: logger})
		go d.Run(ctx)
	}

	home, _ := os.UserHomeDir()
	opts := tui.Options{
		Context: ctx,
		Service: svc,
		Saver:   components.HomeSaver{Dir: home},
		Origin:  localOrigin(),
		Client:  model.Client{Term: os.Getenv("TERM"), OS: runtime.GOOS},
		NoColor: os.Getenv("NO_COLOR") != "",
		Mail:    sender != nil,
	}
	if demoMode {
		secrets, err := seedDemo(ctx, svc, db, sealer)
		if err != nil {
			return err
		}
		opts.Demo = common.Demo{Inbox: demo.Inbox(db, sealer), Invitee: demo.Invitee}
		for _, l := range demo.Logins {
			opts.Demo.Logins = append(opts.Demo.Logins, common.DemoLogin{Email: l.Email, Password: demo.Password, Role: l.Role.Title(), TOTPSecret: secrets[l.Email]})
		}
	}
	go upkeep.Run(ctx, svc, logger) // after any demo seeding
	logger.Info("console started", "db", dbPath, "demo", demoMode)
	app := tui.New(opts)
	_, err = tea.NewProgram(app, tea.WithContext(ctx)).Run()
	app.End(context.Background(), "the console stopped")
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return fmt.Errorf("the console stopped: %w", err)
	}
	return nil
}

// localOrigin is the origin of this console: the local terminal, and the
// OS user running it, which keys its R-PWD-5 throttle.
func localOrigin() model.Origin {
	o := model.Origin{Local: true, LocalUser: os.Getenv("USER")}
	if u, err := user.Current(); err == nil {
		o.LocalUser = u.Username
	}
	return o
}

// seedDemo fills an empty database with the demo account and returns the
// demo users' TOTP secrets by email.
func seedDemo(ctx context.Context, svc *model.Service, db *store.DB, sealer *seal.Sealer) (map[string]string, error) {
	has, err := db.HasAccounts(ctx)
	if err != nil {
		return nil, err
	}
	if has {
		return nil, errors.New("--demo seeds only an empty database, and this one already holds an account. Leave out --db to use a fresh temporary file")
	}
	if err := demo.Seed(ctx, db, svc.Hasher(), svc.Now()); err != nil {
		return nil, err
	}
	if err := demo.SeedSettings(ctx, db, sealer, svc.Now()); err != nil {
		return nil, err
	}
	secrets, err := demo.EnableTwoFactor(ctx, db, sealer, svc.Now())
	if err != nil {
		return nil, err
	}
	return secrets, demo.SeedRequests(ctx, db, sealer, svc.Now())
}

// dataDir returns acctl's data directory, created 0700: a fresh temporary
// one in demo mode.
func dataDir(demoMode bool) (string, error) {
	if demoMode {
		dir, err := os.MkdirTemp("", "acctl-demo-")
		if err != nil {
			return "", fmt.Errorf("cannot create a temporary directory for the demo: %w", err)
		}
		return dir, nil
	}
	base := os.Getenv("XDG_DATA_HOME")
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", errors.New("cannot find your home directory. Set XDG_DATA_HOME or pass --db")
		}
		base = filepath.Join(home, ".local", "share")
	}
	dir := filepath.Join(base, "acctl")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("cannot create the data directory %s: %w", dir, err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return "", fmt.Errorf("cannot restrict the data directory %s to you: %w", dir, err)
	}
	return dir, nil
}
