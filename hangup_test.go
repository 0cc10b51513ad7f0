package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/store"
)

const (
	hangupEmail    = "wile@acme.example"
	hangupPassword = "velvet-otter-marble-91"
)

var (
	signInForm = regexp.MustCompile(`Password`)
	shellDrawn = regexp.MustCompile(`Sign-in history`)
)

// seedConsoleDB makes the database a console in XDG_DATA_HOME=base opens,
// through the model, with one owner past the newcomer's 2FA step; it
// returns the owner's ID.
func seedConsoleDB(t *testing.T, base string) int64 {
	t.Helper()
	dir := filepath.Join(base, "acctl")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(dir, "acctl.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := model.NewService(model.Config{Store: db, Hasher: model.NewHasher(modeltest.Argon2)})
	sess, err := svc.SignUp(context.Background(), model.SignUpRequest{CompanyName: "Acme", Name: "Wile Coyote",
		Email: hangupEmail, Password: hangupPassword, Origin: model.LocalOrigin})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetMustEnableTwoFactor(context.Background(), sess.UserID, false); err != nil {
		t.Fatal(err)
	}
	if err := svc.SignOut(model.WithSession(context.Background(), sess.Token)); err != nil {
		t.Fatal(err)
	}
	return sess.UserID
}

// startChild runs acctl's main, this test binary in its child mode, in a
// pty.
func startChild(t *testing.T, args []string, env ...string) *ptyConsole {
	return startPTY(t, os.Args[0], args, append(env, childEnv+"=1", "TERM=xterm-256color", "NO_COLOR="))
}

// R-SES-5: however the terminal goes away — closed (SIGHUP), acctl
// stopped (SIGTERM), interrupted from outside (SIGINT) — acctl exits
// cleanly and the console's session ends at once with the reason in the
// Sign-in history.
func TestHangUpEndsTheSession(t *testing.T) {
	for _, tc := range []struct {
		name   string
		hangUp func(t *testing.T, c *ptyConsole)
		reason string
	}{
		{"SIGHUP", func(t *testing.T, c *ptyConsole) { c.signal(t, syscall.SIGHUP) }, model.EndHangUp},
		{"terminal closed", func(t *testing.T, c *ptyConsole) { c.hangUp(t) }, model.EndHangUp},
		{"SIGTERM", func(t *testing.T, c *ptyConsole) { c.signal(t, syscall.SIGTERM) }, model.EndTerminated},
		{"SIGINT", func(t *testing.T, c *ptyConsole) { c.signal(t, syscall.SIGINT) }, model.EndInterrupted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := t.TempDir()
			userID := seedConsoleDB(t, base)
			c := startChild(t, nil, "XDG_DATA_HOME="+base)
			c.waitFor(t, signInForm, 10*time.Second)
			c.typeText(t, hangupEmail+"\r")
			time.Sleep(100 * time.Millisecond) // the form moves to the password
			c.typeText(t, hangupPassword+"\r")
			c.waitFor(t, shellDrawn, 10*time.Second)
			open := openSessions(t, base, userID)
			if len(open) != 1 {
				t.Fatalf("%d open sessions after sign-in, want 1", len(open))
			}

			tc.hangUp(t, c)
			if code := c.wait(t, 10*time.Second); code != 0 {
				t.Fatalf("exit status %d, want 0; the screen shows:\n%s", code, tail(c.screen()))
			}
			if open := openSessions(t, base, userID); len(open) != 0 {
				t.Fatalf("%d sessions still open after %s", len(open), tc.name)
			}
			if got := lastSessionEnd(t, base, userID); got != "session ended: "+tc.reason {
				t.Fatalf("history says %q, want the reason %q", got, tc.reason)
			}
		})
	}
}

// R-SES-5: a demo's throwaway directory (its database and sealing.key) is
// removed however acctl ends, at sign-in or during the seeding.
func TestHangUpRemovesTheDemoDirectory(t *testing.T) {
	for _, tc := range []struct {
		name string
		sig  syscall.Signal
		wait bool // for the sign-in form; else the signal comes at once
	}{
		{"SIGHUP at sign-in", syscall.SIGHUP, true},
		{"SIGTERM at sign-in", syscall.SIGTERM, true},
		{"SIGINT at sign-in", syscall.SIGINT, true},
		{"SIGHUP while seeding", syscall.SIGHUP, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			c := startChild(t, []string{"--demo"}, "TMPDIR="+tmp, "XDG_DATA_HOME="+t.TempDir())
			if tc.wait {
				c.waitFor(t, signInForm, 10*time.Second)
			} else {
				waitForDemoDir(t, tmp)
			}
			c.signal(t, tc.sig)
			if code := c.wait(t, 10*time.Second); code != 0 {
				t.Fatalf("exit status %d, want 0; the screen shows:\n%s", code, tail(c.screen()))
			}
			if left, _ := filepath.Glob(filepath.Join(tmp, "acctl-demo-*")); len(left) != 0 {
				t.Fatalf("the demo left %v behind", left)
			}
		})
	}
}

// waitForDemoDir waits until --demo has made its directory in tmp.
func waitForDemoDir(t *testing.T, tmp string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if dirs, _ := filepath.Glob(filepath.Join(tmp, "acctl-demo-*")); len(dirs) > 0 {
			return
		}
	}
	t.Fatal("--demo made no directory")
}

// openSessions reads the user's open sessions from the console's database.
func openSessions(t *testing.T, base string, userID int64) []*model.Session {
	t.Helper()
	db := openConsoleDB(t, base)
	defer db.Close()
	list, err := db.ListOpenSessions(context.Background(), userID)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// lastSessionEnd is the result of the user's newest session-end event in
// the Sign-in history, or "".
func lastSessionEnd(t *testing.T, base string, userID int64) string {
	t.Helper()
	db := openConsoleDB(t, base)
	defer db.Close()
	events, err := db.ListAuthEvents(context.Background(), userID, model.EventPage{Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if e.Kind == model.AuthSessionEnd {
			return string(e.Result)
		}
	}
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, string(e.Kind)+": "+string(e.Result))
	}
	t.Logf("history: %s", strings.Join(kinds, "; "))
	return ""
}

func openConsoleDB(t *testing.T, base string) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(base, "acctl", "acctl.db"))
	if err != nil {
		t.Fatal(err)
	}
	return db
}
