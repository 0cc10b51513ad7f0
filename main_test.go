package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"acctl/model"
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
