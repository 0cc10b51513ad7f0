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
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"os/user"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/term"

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
  acctl staff add EMAIL invite a support staff member (run on the server)
  acctl staff list      list the staff; staff disable EMAIL ends one's access
                        at once, staff enable EMAIL gives it back
  acctl version         print the version (also --version)
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
	showVersion := fs.Bool("version", false, "print the version")
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
	command := fs.Arg(0)
	if *showVersion {
		command = "version"
	}
	switch command {
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
		fmt.Fprintf(stderr, "acctl: unknown command %q.\nRun acctl --help for usage.\n", command)
		return 2
	}
	ctx, stop := endOnSignals(context.Background())
	defer stop()
	err := console(ctx, *dbPath, *demoMode, *smtpURL)
	if err != nil && signalReason(ctx) == "" {
		text := startErrorText(err)
		if !strings.HasPrefix(text, "acctl ") {
			text = "acctl: " + text
		}
		fmt.Fprintln(stderr, text)
		return 1
	}
	return 0 // a hang-up or SIGTERM ends acctl cleanly too (R-SES-5)
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

// console opens the database and runs the TUI on this terminal until it
// quits or ctx ends (a hang-up, SIGTERM, SIGINT: R-SES-5). Either way the
// console's session ends with the reason, and a demo's throwaway directory
// is removed.
func console(ctx context.Context, dbPath string, demoMode bool, smtpURL string) (err error) {
	ctx, cancel := context.WithCancel(ctx)
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
	logFile, err := os.OpenFile(filepath.Join(dataDir, "acctl.log"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("cannot open the log in %s: %w", dataDir, unwrapPath(err))
	}
	defer logFile.Close()
	logger := slog.New(slog.NewTextHandler(logFile, nil))
	defer func() {
		if err != nil {
			logger.Error("acctl stopped", "err", err) // the cause; the terminal gets the sentence
		}
	}()

	var storeOpts []store.Option
	if throwaway {
		storeOpts = append(storeOpts, store.Throwaway())
	}
	db, err := store.Open(dbPath, storeOpts...)
	if err != nil {
		return err
	}
	defer db.Close()
	sealer, err := openSealer(ctx, db, dataDir, dbPath)
	if err != nil {
		return err
	}
	if err := needTerminal(); err != nil {
		return err
	}
	svc := model.NewService(model.Config{Store: db, Logger: logger, Sealer: sealer, Mail: sender != nil})
	work := newWorkers(ctx)
	defer work.Stop() // before db.Close, deferred above
	if sender != nil {
		logger.Info("delivering email", "smtp", sender.String())
		d := notify.NewDeliverer(notify.Config{Store: db, Sender: sender, Sealer: sealer, Logger: logger})
		work.Go(func(ctx context.Context) { _ = d.Run(ctx) })
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
	work.Go(func(ctx context.Context) { upkeep.Run(ctx, svc, logger) }) // after any demo seeding
	logger.Info("console started", "db", dbPath, "demo", demoMode)
	app := tui.New(opts)
	runErr := runProgram(ctx, app)
	reason := endReason(ctx, runErr)
	// ctx is cancelled by now when a signal ended the console: the session
	// is ended under a context of its own, bounded in time.
	endCtx, endCancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer endCancel()
	if err := app.End(endCtx, reason); err != nil {
		logger.Error("end the console's session", "reason", reason, "err", err)
	}
	logger.Info("console ended", "reason", reason)
	if runErr != nil && reason == model.EndFailed {
		return fmt.Errorf("the console stopped: %w", runErr)
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

// quitGrace is how long a console has to quit after ctx ends before it is
// killed.
const quitGrace = 2 * time.Second

// runProgram runs the console on this terminal until it quits, or ctx
// ends. Then it is asked to quit as a person would — Bubble Tea restores
// the terminal, and stops reading it before closing it — and is killed only
// if it has not done so within quitGrace.
func runProgram(ctx context.Context, app *tui.App) error {
	life, kill := context.WithCancel(context.WithoutCancel(ctx))
	defer kill()
	// lipgloss detected this terminal's colours at initialisation; detecting
	// them again costs, inside tmux, another run of `tmux info`.
	p := tea.NewProgram(app, tea.WithContext(life), tea.WithoutSignalHandler(), tea.WithColorProfile(lipgloss.Writer.Profile))
	go func() {
		select {
		case <-life.Done():
			return
		case <-ctx.Done():
		}
		p.Quit()
		select {
		case <-life.Done():
		case <-time.After(quitGrace):
			kill()
		}
	}()
	_, err := p.Run()
	return err
}

// endSignals are the signals that end a console, with the reason its
// session ends for (R-SES-5): the terminal closed or the SSH connection
// dropped (SIGHUP), kill or a service manager (SIGTERM), and ^C while no
// console has the terminal in raw mode (SIGINT).
var endSignals = map[os.Signal]string{
	syscall.SIGHUP:  model.EndHangUp,
	syscall.SIGTERM: model.EndTerminated,
	os.Interrupt:    model.EndInterrupted,
}

// signalled is the cause of a context that endOnSignals cancelled.
type signalled struct{ reason string }

func (s signalled) Error() string { return s.reason }

// endOnSignals returns a context that the first of endSignals cancels, with
// that signal's reason as its cause (signalReason). Until stop is called
// those signals no longer kill acctl, so the session can end and the demo
// directory go however the terminal went away.
func endOnSignals(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	for sig := range endSignals {
		signal.Notify(ch, sig)
	}
	go func() {
		select {
		case sig := <-ch:
			cancel(signalled{endSignals[sig]})
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		cancel(nil)
	}
}

// signalReason is the reason of the signal that ended ctx, or "".
func signalReason(ctx context.Context) string {
	var s signalled
	if errors.As(context.Cause(ctx), &s) {
		return s.reason
	}
	return ""
}

// endReason says why the console's program returned (R-SES-5). Reading a
// terminal that has gone fails with EIO, sometimes before SIGHUP arrives:
// that is a hang-up too.
func endReason(ctx context.Context, runErr error) string {
	switch r := signalReason(ctx); {
	case r != "":
		return r
	case errors.Is(runErr, syscall.EIO):
		return model.EndHangUp
	case runErr != nil:
		return model.EndFailed
	}
	return model.EndQuit
}

// openSealer loads the data directory's sealing key and checks that it
// opens what the database holds (SPEC §7). A key is created only when
// none exists and nothing was sealed: a lost key is named at start with
// what to restore, not met later at a two-factor sign-in.
func openSealer(ctx context.Context, db *store.DB, dataDir, dbPath string) (*seal.Sealer, error) {
	keyPath := filepath.Join(dataDir, seal.KeyFile)
	key, err := seal.LoadKey(keyPath)
	if errors.Is(err, fs.ErrNotExist) {
		if err := model.CheckSealingKey(ctx, db, nil); err != nil {
			return nil, sealingKeyError(err, keyPath, dbPath)
		}
		key, err = seal.LoadOrCreateKey(keyPath)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read or create the sealing key in %s: %w", dataDir, unwrapPath(err))
	}
	sealer, err := seal.New(key)
	if err != nil {
		return nil, fmt.Errorf("the sealing key in %s cannot be used: %w", dataDir, err)
	}
	if err := model.CheckSealingKey(ctx, db, sealer); err != nil {
		return nil, sealingKeyError(err, keyPath, dbPath)
	}
	return sealer, nil
}

// sealingKeyError names the files of a CheckSealingKey refusal.
func sealingKeyError(err error, keyPath, dbPath string) error {
	switch {
	case errors.Is(err, model.ErrSealingKeyMissing):
		return fmt.Errorf("the sealing key %s is missing, and %s holds two-factor secrets sealed with it. Restore %s from the backup taken with this database (a new key cannot open them), or choose another database with --db", keyPath, dbPath, seal.KeyFile)
	case errors.Is(err, model.ErrSealingKeyWrong):
		return fmt.Errorf("the sealing key %s does not open the two-factor secrets in %s: it was replaced, or belongs to another database. Restore the %s backed up with this database, or choose another database with --db", keyPath, dbPath, seal.KeyFile)
	}
	return err
}

// needTerminal refuses to start without a terminal to draw on, in words
// rather than Bubble Tea's "error opening TTY".
func needTerminal() error {
	if term.IsTerminal(os.Stdin.Fd()) {
		return nil
	}
	in, out, err := tea.OpenTTY()
	if err != nil {
		return errors.New("acctl needs a terminal: run it in a terminal window, or over ssh -t. Its input is not a terminal, and it has no controlling terminal to open")
	}
	in.Close()
	out.Close()
	return nil
}

// unwrapPath drops the *fs.PathError wrapper of an error whose path the
// sentence around it already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
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
	if err := demo.Seed(ctx, db, svc.Now()); err != nil {
		return nil, err
	}
	if err := demo.SeedSettings(ctx, db, sealer, svc.Now()); err != nil {
		return nil, err
	}
	secrets, err := demo.EnableTwoFactor(ctx, db, sealer, svc.Now())
	if err != nil {
		return nil, err
	}
	if err := demo.SeedRequests(ctx, db, sealer, svc.Now()); err != nil {
		return nil, err
	}
	// Seeding's garbage would stand in the heap of an idle console until
	// the next collection: give it back now (issue 9, idle memory).
	go debug.FreeOSMemory()
	return secrets, nil
}

// dataDir returns acctl's data directory, created 0700: a fresh temporary
// one in demo mode.
func dataDir(demoMode bool) (string, error) {
	if demoMode {
		dir, err := os.MkdirTemp("", "acctl-demo-")
		if err != nil {
			return "", fmt.Errorf("cannot create a temporary directory for the demo in %s (%v). Set TMPDIR to a directory you can write to", os.TempDir(), unwrapPath(err))
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
		return "", fmt.Errorf("cannot create the data directory %s (%v). Set XDG_DATA_HOME to a directory you can write to", dir, unwrapPath(err))
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return "", fmt.Errorf("cannot restrict the data directory %s to you (%v). Check who owns it, or set XDG_DATA_HOME to a directory of yours", dir, unwrapPath(err))
	}
	return dir, nil
}
