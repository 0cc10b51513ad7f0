package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"
)

// childEnv makes this test binary run acctl's main instead of its tests
// (TestMain), so that a test can start a console as a separate process.
const childEnv = "ACCTL_MAIN_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// ptyConsole is a program running in a pseudo-terminal of 80×24, as a
// person's terminal window or an SSH session would run it.
type ptyConsole struct {
	cmd     *exec.Cmd
	pty     *os.File
	started time.Time

	mu      sync.Mutex
	out     bytes.Buffer  // everything the program wrote
	changed chan struct{} // a token after each write
	exited  chan struct{} // closed when the process has exited
	err     error         // its exit, once exited is closed
}

// startPTY starts bin with args and env (added to this process's) in a new
// pseudo-terminal, whose controlling process it becomes.
func startPTY(tb testing.TB, bin string, args, env []string) *ptyConsole {
	tb.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	c := &ptyConsole{cmd: cmd, changed: make(chan struct{}, 1), exited: make(chan struct{})}
	c.started = time.Now()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		tb.Fatalf("start %s in a pty: %v", bin, err)
	}
	c.pty = f
	go c.read()
	go func() {
		c.err = cmd.Wait()
		close(c.exited)
	}()
	tb.Cleanup(func() {
		select {
		case <-c.exited:
		default:
			cmd.Process.Kill()
			<-c.exited
		}
		f.Close()
	})
	return c
}

func (c *ptyConsole) read() {
	buf := make([]byte, 32<<10)
	for {
		n, err := c.pty.Read(buf)
		if n > 0 {
			c.mu.Lock()
			c.out.Write(buf[:n])
			c.mu.Unlock()
			select {
			case c.changed <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// hangUp closes the terminal as a window closing does. The master is read
// in blocking mode, and a blocked read keeps it open until it returns; a
// console that draws nothing while idle would never wake it. So a key that
// redraws goes first: the read returns with the frame, the close takes
// effect, and the kernel hangs the terminal up.
func (c *ptyConsole) hangUp(tb testing.TB) {
	tb.Helper()
	c.typeText(tb, "j")
	if err := c.pty.Close(); err != nil {
		tb.Fatal(err)
	}
}

// screen is what the program wrote, without escape sequences.
func (c *ptyConsole) screen() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return ansi.Strip(c.out.String())
}

// waitFor waits until the program has written text matching re and returns
// the match, failing the test after timeout.
func (c *ptyConsole) waitFor(tb testing.TB, re *regexp.Regexp, timeout time.Duration) []string {
	tb.Helper()
	deadline := time.After(timeout)
	for {
		if m := re.FindStringSubmatch(c.screen()); m != nil {
			return m
		}
		select {
		case <-c.changed:
		case <-c.exited:
			if m := re.FindStringSubmatch(c.screen()); m != nil {
				return m
			}
			tb.Fatalf("the program exited (%v) before showing %q; it showed:\n%s", c.err, re, tail(c.screen()))
		case <-deadline:
			tb.Fatalf("no %q after %v; the screen shows:\n%s", re, timeout, tail(c.screen()))
		}
	}
}

// clear forgets what was written so far, so that waitFor sees only what
// comes next.
func (c *ptyConsole) clear() {
	c.mu.Lock()
	c.out.Reset()
	c.mu.Unlock()
}

// typeText sends keys as a person types them.
func (c *ptyConsole) typeText(tb testing.TB, s string) {
	tb.Helper()
	if _, err := c.pty.Write([]byte(s)); err != nil {
		tb.Fatalf("type: %v", err)
	}
}

// wait waits for the process to exit and returns its exit status, or -1
// when a signal killed it.
func (c *ptyConsole) wait(tb testing.TB, timeout time.Duration) int {
	tb.Helper()
	select {
	case <-c.exited:
	case <-time.After(timeout):
		tb.Fatalf("still running %v later; the screen shows:\n%s", timeout, tail(c.screen()))
	}
	var ee *exec.ExitError
	if errors.As(c.err, &ee) {
		return ee.ExitCode()
	}
	return 0
}

// memKiB is the process's resident memory, from /proc (Linux): all of it
// (VmRSS) and its private part (RssAnon), without the pages of the binary
// and libraries, which the system shares.
func (c *ptyConsole) memKiB(tb testing.TB) (rss, private int) {
	tb.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(c.cmd.Process.Pid) + "/status")
	if err != nil {
		tb.Skipf("no /proc: %v", err)
	}
	field := func(name string) int {
		for line := range strings.Lines(string(b)) {
			if v, ok := strings.CutPrefix(line, name+":"); ok {
				kib, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
				return kib
			}
		}
		tb.Skipf("no %s in /proc", name)
		return 0
	}
	return field("VmRSS"), field("RssAnon")
}

func (c *ptyConsole) signal(tb testing.TB, sig syscall.Signal) {
	tb.Helper()
	if err := c.cmd.Process.Signal(sig); err != nil {
		tb.Fatalf("signal %v: %v", sig, err)
	}
}

// tail is the end of a screen dump, for failure messages.
func tail(s string) string {
	if len(s) > 2000 {
		return "…" + s[len(s)-2000:]
	}
	return s
}
