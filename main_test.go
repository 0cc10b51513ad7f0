package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"acctl/model"
	"acctl/seal"
	"acctl/store"
	"acctl/store/storetest"
	"acctl/tui"
)

func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 0 || !strings.Contains(out.String(), "acctl --db PATH") {
			t.Errorf("%v: exit %d, output %q", args, code, out.String())
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"version"}, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "acctl ") {
		t.Errorf("version: exit %d, %q", code, out.String())
	}
	out.Reset()
	if code := run([]string{"frobnicate"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "unknown command") {
		t.Errorf("unknown command: exit %d, %q", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"--nope"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "acctl --help") {
		t.Errorf("unknown flag: exit %d, %q", code, errb.String())
	}
}

// A file that is not an acctl database is refused with exit status 1 and
// left exactly as it was (R-STO-2, "bad input").
func TestRefusesForeignAndNewerFiles(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("my shopping list, definitely not SQLite\n"), 0o644)

	newer := filepath.Join(dir, "newer.db")
	db, err := store.Open(newer)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	setUserVersion(t, newer, 9999)

	for _, path := range []string{notes, newer} {
		before := sum(t, path)
		var out, errb bytes.Buffer
		code := run([]string{"--db", path}, &out, &errb)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1", path, code)
		}
		if msg := errb.String(); !strings.HasPrefix(msg, "acctl: ") || len(msg) < 30 {
			t.Errorf("%s: message %q", path, msg)
		}
		if sum(t, path) != before {
			t.Errorf("%s was changed", path)
		}
	}
}

func sum(t *testing.T, path string) [32]byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// setUserVersion writes PRAGMA user_version straight into the header.
func setUserVersion(t *testing.T, path string, v uint32) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}, 60); err != nil {
		t.Fatal(err)
	}
}

func TestDataDirIsPrivate(t *testing.T) { // SPEC §7
	base := t.TempDir()
	t.Setenv("XDG_DATA_HOME", base)
	dir, err := dataDir(false)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Fatalf("data dir mode %v", fi.Mode().Perm())
	}
}

// firstFrame records when the first frame that shows the sign-in form is
// written.
type firstFrame struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	at   time.Time
	done chan struct{}
}

func (w *firstFrame) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.at.IsZero() {
		w.buf.Write(p)
		if bytes.Contains(w.buf.Bytes(), []byte("Password")) {
			w.at = time.Now()
			close(w.done)
		}
	}
	return len(p), nil
}

// BenchmarkStartToFirstFrame opens the big database (100k users, 1M auth
// events) and runs the console until the sign-in form is on the screen.
func BenchmarkStartToFirstFrame(b *testing.B) {
	hash, _ := model.NewHasher(model.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}).Hash(context.Background(), "x")
	path, _ := storetest.SeedBig(b, hash)
	b.ResetTimer()
	var total time.Duration
	for b.Loop() {
		start := time.Now()
		db, err := store.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		svc := model.NewService(model.Config{Store: db})
		w := &firstFrame{done: make(chan struct{})}
		p := tea.NewProgram(tui.New(tui.Options{Service: svc, Origin: model.LocalOrigin}),
			tea.WithInput(nil), tea.WithOutput(w), tea.WithWindowSize(80, 24),
			tea.WithColorProfile(colorprofile.Ascii), tea.WithoutSignals())
		go func() { <-w.done; p.Quit() }()
		if _, err := p.Run(); err != nil {
			b.Fatal(err)
		}
		total += w.at.Sub(start)
		db.Close()
	}
	b.ReportMetric(float64(total.Microseconds())/float64(b.N)/1000, "ms/first-frame")
}

// A start-up failure prints main's own sentence, not "see the log": the
// person at the terminal may have no log to read.
func TestStartErrorSaysWhatHappened(t *testing.T) {
	if got := startErrorText(errors.New("--demo seeds only an empty database")); got != "--demo seeds only an empty database" {
		t.Errorf("plain error printed as %q", got)
	}
	if got := startErrorText(fmt.Errorf("open: %w", model.ErrSealingKey)); got != model.ErrSealingKey.Message {
		t.Errorf("model error printed as %q", got)
	}
}

// --version is the version command, as people type it.
func TestVersionFlag(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"--version"}, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "acctl ") {
		t.Errorf("--version: exit %d, %q %q", code, out.String(), errb.String())
	}
}

// Start-up failures about the data directory are sentences that say what
// to do, not Go's "mkdir …: not a directory".
func TestUncreatableDataDirectory(t *testing.T) {
	base := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(base, []byte("not a directory"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_DATA_HOME", base)
	var out, errb bytes.Buffer
	code := run(nil, &out, &errb)
	msg := errb.String()
	if code != 1 || !strings.Contains(msg, "cannot create the data directory "+filepath.Join(base, "acctl")) ||
		!strings.Contains(msg, "Set XDG_DATA_HOME") || strings.Contains(msg, "mkdir") {
		t.Fatalf("exit %d, message %q", code, msg)
	}
}

// Without a terminal acctl says it needs one, instead of Bubble Tea's
// "error opening TTY: … no such device or address".
func TestNeedsATerminal(t *testing.T) {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childEnv+"=1", "XDG_DATA_HOME="+t.TempDir())
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // no controlling terminal
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("exit %v, want status 1", err)
	}
	if msg := stderr.String(); !strings.HasPrefix(msg, "acctl needs a terminal") || strings.Contains(msg, "TTY") {
		t.Fatalf("message %q", msg)
	}
}

// SPEC §7: a sealing key removed or replaced beside a database that holds
// sealed two-factor secrets stops acctl at start with what to restore,
// instead of a new key made in silence and a failure at the next 2FA
// sign-in. Without sealed secrets a missing key is simply made.
func TestRefusesALostSealingKey(t *testing.T) {
	for _, tc := range []struct {
		name   string
		twoFA  bool
		change func(t *testing.T, keyPath string)
		want   string
	}{
		{"removed", true, func(t *testing.T, p string) { os.Remove(p) }, "is missing, and "},
		{"replaced", true, func(t *testing.T, p string) { os.WriteFile(p, bytes.Repeat([]byte{7}, seal.KeySize), 0o600) }, "does not open the two-factor secrets"},
		{"removed, nothing sealed", false, func(t *testing.T, p string) { os.Remove(p) }, "acctl needs a terminal"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := t.TempDir()
			userID := seedConsoleDB(t, base)
			keyPath := filepath.Join(base, "acctl", seal.KeyFile)
			if tc.twoFA {
				enableTwoFactor(t, base, userID)
			}
			tc.change(t, keyPath)
			before, _ := os.ReadFile(keyPath)

			cmd := exec.Command(os.Args[0])
			cmd.Env = append(os.Environ(), childEnv+"=1", "XDG_DATA_HOME="+base)
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // no terminal: stop before the console
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			cmd.Run()
			msg := stderr.String()
			if !strings.Contains(msg, tc.want) {
				t.Fatalf("message %q, want %q", msg, tc.want)
			}
			after, _ := os.ReadFile(keyPath)
			if tc.twoFA && (!bytes.Equal(after, before) || !strings.Contains(msg, keyPath) || !strings.Contains(msg, "Restore")) {
				t.Fatalf("the key file changed, or the message %q does not say what to restore", msg)
			}
			if !tc.twoFA && len(after) != seal.KeySize {
				t.Fatalf("no new key was made (%d bytes)", len(after))
			}
		})
	}
}

// enableTwoFactor turns 2FA on for userID with a secret sealed by the data
// directory's key, made now.
func enableTwoFactor(t *testing.T, base string, userID int64) {
	t.Helper()
	key, err := seal.LoadOrCreateKey(filepath.Join(base, "acctl", seal.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	sealer, err := seal.New(key)
	if err != nil {
		t.Fatal(err)
	}
	db := openConsoleDB(t, base)
	defer db.Close()
	u, err := db.FindUserByID(context.Background(), userID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := model.SeedTwoFactor(context.Background(), db, sealer, u, time.Now()); err != nil {
		t.Fatal(err)
	}
}
