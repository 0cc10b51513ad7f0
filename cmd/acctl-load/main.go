// Command acctl-load measures acctl serve under N concurrent signed-in SSH
// consoles (issue 11): memory and goroutines per console and after they
// close, connect → first frame, key → first byte, bytes for one cursor
// move in a list, and the CPU of idle consoles. It starts the server as its
// own child process on 127.0.0.1 only (so the figures are the server's
// alone), over a fresh database in a temporary directory, and drives it
// with golang.org/x/crypto/ssh clients at 80×24. It is bounded: at most
// -max consoles and -timeout in all.
//
//	go run ./cmd/acctl-load -n 100
package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

const maxConsoles = 500

var (
	cpuProfile, goroutineDump, heapAfter string
	fps                                  int
	list                                 string
	dump                                 bool
)

func main() {
	if os.Getenv(childEnv) != "" {
		if err := serveChild(); err != nil {
			fmt.Fprintln(os.Stderr, "acctl-load server:", err)
			os.Exit(1)
		}
		return
	}
	n := flag.Int("n", 100, "concurrent consoles (at most 500)")
	stagger := flag.Duration("stagger", 20*time.Millisecond, "time between connects")
	idle := flag.Duration("idle", 10*time.Second, "how long to measure the CPU of the idle consoles")
	moves := flag.Int("moves", 20, "cursor moves to time")
	timeout := flag.Duration("timeout", 3*time.Minute, "give up after this long")
	flag.StringVar(&list, "list", "history", "the list to move in: history (Sign-in history) or sessions")
	flag.BoolVar(&dump, "dump", false, "print the bytes of the first two cursor moves")
	flag.IntVar(&fps, "fps", 0, "the server's frames per second (its default when 0)")
	flag.StringVar(&goroutineDump, "goroutines", "", "write the server's goroutines, with every console open, to this file")
	flag.StringVar(&heapAfter, "heap", "", "write the server's heap profile, after every console closed, to this file")
	flag.StringVar(&cpuProfile, "cpuprofile", "", "write the server's CPU profile of the idle period to this file")
	flag.Parse()
	if *n < 1 || *n > maxConsoles {
		fmt.Fprintf(os.Stderr, "acctl-load: -n must be between 1 and %d\n", maxConsoles)
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	if err := measure(ctx, *n, *stagger, *idle, *moves); err != nil {
		fmt.Fprintln(os.Stderr, "acctl-load:", err)
		os.Exit(1)
	}
}

// stats are the server process's own figures.
type stats struct {
	RSS        int64 `json:"rss"`        // bytes resident
	Heap       int64 `json:"heap"`       // bytes of live heap after a GC
	Goroutines int   `json:"goroutines"` // runtime.NumGoroutine
	CPU        int64 `json:"cpu"`        // user+system microseconds so far
	Consoles   int   `json:"consoles"`   // open consoles
	Allocated  int64 `json:"allocated"`  // bytes the heap allocated so far
	GCs        int64 `json:"gcs"`        // collections so far
}

// idleFigures are what the server spent while every console sat idle.
type idleFigures struct {
	CPU       float64 // % of one core
	Allocated float64 // bytes a second
	GCs       int64
}

// server is the child process and the pipe to ask it for stats.
type server struct {
	cmd  *exec.Cmd
	in   io.Writer
	out  *bufio.Scanner
	addr string
}

func startServer(ctx context.Context, n int, pub gossh.PublicKey) (*server, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, self)
	cmd.Env = append(os.Environ(), childEnv+"=1", keyEnv+"="+strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pub))),
		fmt.Sprintf("%s=%d", capEnv, n), fmt.Sprintf("%s=%d", fpsEnv, fps))
	cmd.Stderr = os.Stderr
	in, _ := cmd.StdinPipe()
	outPipe, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, in: in, out: bufio.NewScanner(outPipe)}
	if !s.out.Scan() {
		return nil, errors.New("the server did not start")
	}
	s.addr = strings.TrimPrefix(s.out.Text(), "listening ")
	return s, nil
}

func (s *server) stats() (stats, error) { return s.ask("stats") }

// ask sends the server one command and reads its one-line answer.
func (s *server) ask(cmd string) (stats, error) {
	var st stats
	if _, err := io.WriteString(s.in, cmd+"\n"); err != nil {
		return st, err
	}
	if !s.out.Scan() {
		return st, errors.New("the server stopped answering")
	}
	return st, json.Unmarshal(s.out.Bytes(), &st)
}

// waitConsoles waits until the server counts n open consoles.
func (s *server) waitConsoles(ctx context.Context, n int) (stats, error) {
	for {
		st, err := s.stats()
		if err != nil || st.Consoles == n {
			return st, err
		}
		select {
		case <-ctx.Done():
			return st, fmt.Errorf("waiting for %d consoles (at %d): %w", n, st.Consoles, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func measure(ctx context.Context, n int, stagger, idle time.Duration, moves int) error {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := gossh.NewSignerFromKey(priv)
	srv, err := startServer(ctx, n, signer.PublicKey())
	if err != nil {
		return err
	}
	defer srv.cmd.Process.Kill()
	cfg := &gossh.ClientConfig{User: "load", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second}

	// Warm up: one console opened and closed, so that what is measured is
	// per console and not the first one's one-off costs.
	warm, err := dial(ctx, srv.addr, cfg)
	if err != nil {
		return err
	}
	warm.close()
	if _, err := srv.waitConsoles(ctx, 0); err != nil {
		return err
	}
	time.Sleep(500 * time.Millisecond)
	base, err := srv.stats()
	if err != nil {
		return err
	}

	consoles, firstFrames, err := openAll(ctx, srv.addr, cfg, n, stagger)
	defer func() {
		for _, c := range consoles {
			c.close()
		}
	}()
	if err != nil {
		return err
	}
	time.Sleep(2 * time.Second) // let every console settle
	if goroutineDump != "" {
		srv.ask("goroutines " + goroutineDump)
	}
	full, err := srv.stats()
	if err != nil {
		return err
	}

	cpu, err := idleCPU(srv, idle)
	if err != nil {
		return err
	}
	keyLatency, moveBytes, err := cursorMoves(ctx, consoles[0], moves)
	if err != nil {
		return err
	}

	for _, c := range consoles {
		c.close()
	}
	consoles = nil
	if _, err := srv.waitConsoles(ctx, 0); err != nil {
		return err
	}
	time.Sleep(2 * time.Second)
	after, err := srv.stats()
	if err != nil {
		return err
	}
	if heapAfter != "" {
		srv.ask("heap " + heapAfter)
	}
	report(n, stagger, idle, base, full, after, cpu, firstFrames, keyLatency, moveBytes)
	return nil
}

// openAll opens n consoles, stagger apart, and returns each one's time
// from dial to its first frame (the shell's menu on screen).
func openAll(ctx context.Context, addr string, cfg *gossh.ClientConfig, n int, stagger time.Duration) ([]*console, []time.Duration, error) {
	consoles := make([]*console, n)
	frames := make([]time.Duration, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			begun := time.Now()
			consoles[i], errs[i] = dial(ctx, addr, cfg)
			if errs[i] == nil {
				frames[i], errs[i] = consoles[i].waitFor(ctx, "Profile", begun)
			}
		}()
		time.Sleep(stagger)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return consoles, nil, fmt.Errorf("console %d: %w", i, err)
		}
	}
	return consoles, frames, nil
}

// idleCPU measures the server over d while every console sits idle: the
// share of one core, and its allocations. It asks for "cpu", which forces
// no collection: a forced one in the window would count ~50 ms of marking
// that idle consoles do not cause.
func idleCPU(srv *server, d time.Duration) (idleFigures, error) {
	if cpuProfile != "" {
		if _, err := srv.ask("profile " + cpuProfile); err != nil {
			return idleFigures{}, err
		}
		defer srv.ask("profile")
	}
	a, err := srv.ask("cpu")
	if err != nil {
		return idleFigures{}, err
	}
	begun := time.Now()
	time.Sleep(d)
	b, err := srv.ask("cpu")
	if err != nil {
		return idleFigures{}, err
	}
	took := time.Since(begun)
	return idleFigures{
		CPU:       float64(b.CPU-a.CPU) / float64(took.Microseconds()) * 100,
		Allocated: float64(b.Allocated-a.Allocated) / took.Seconds(),
		GCs:       b.GCs - a.GCs,
	}, nil
}

// cursorMoves opens the Sessions list (one row per console) in c and
// moves its cursor down and up, timing key → first byte and counting the
// bytes of each move.
func cursorMoves(ctx context.Context, c *console, moves int) ([]time.Duration, []int, error) {
	section := map[string]string{"sessions": "2", "history": "3"}[list]
	if section == "" {
		return nil, nil, fmt.Errorf("-list %q: want history or sessions", list)
	}
	if err := c.send(section); err != nil {
		return nil, nil, err
	}
	if _, err := c.waitFor(ctx, "rows 1", time.Now()); err != nil {
		return nil, nil, err
	}
	if err := c.send("\r"); err != nil { // the focus to the list
		return nil, nil, err
	}
	c.quiet(300 * time.Millisecond)
	var lat []time.Duration
	var size []int
	for i := range moves {
		k := "j"
		if i%2 == 1 {
			k = "k"
		}
		d, b, err := c.press(ctx, k)
		if err != nil {
			return nil, nil, err
		}
		if dump && i < 2 {
			fmt.Printf("move %q wrote %d bytes: %q\n", k, b, c.lastBytes())
		}
		lat, size = append(lat, d), append(size, b)
	}
	return lat, size, nil
}

func report(n int, stagger, idle time.Duration, base, full, after stats, cpu idleFigures, frames, keys []time.Duration, moveBytes []int) {
	per := func(a, b int64) float64 { return float64(b-a) / float64(n) }
	fmt.Printf("acctl-load: %d signed-in consoles at 80×24, connects %s apart, %s; cursor moves in %s\n\n", n, stagger, fpsText(), list)
	fmt.Printf("%-38s %14s  %s\n", "measure", "figure", "target")
	row := func(m, fig, target string) { fmt.Printf("%-38s %14s  %s\n", m, fig, target) }
	row("RSS per console", fmt.Sprintf("%.2f MiB", per(base.RSS, full.RSS)/(1<<20)), "≤ 2 MB")
	row("live heap per console", fmt.Sprintf("%.2f MiB", per(base.Heap, full.Heap)/(1<<20)), "")
	row("goroutines per console", fmt.Sprintf("%.1f", per(int64(base.Goroutines), int64(full.Goroutines))), "≤ 12")
	row("goroutines after close (vs before)", fmt.Sprintf("%d (%d)", after.Goroutines, base.Goroutines), "no growth")
	row("live heap after close (vs before)", fmt.Sprintf("%.1f (%.1f) MiB", float64(after.Heap)/(1<<20), float64(base.Heap)/(1<<20)), "no growth")
	row("RSS before / full / after", fmt.Sprintf("%.0f/%.0f/%.0f MiB", float64(base.RSS)/(1<<20), float64(full.RSS)/(1<<20), float64(after.RSS)/(1<<20)), "")
	row("connect → first frame p50 / p95", fmt.Sprintf("%s / %s", pct(frames, 50), pct(frames, 95)), "p50 ≤ 50 ms")
	row("key → first byte p50 / p95", fmt.Sprintf("%s / %s", pct(keys, 50), pct(keys, 95)), "p50 ≤ 15 ms")
	row(fmt.Sprintf("CPU, %d idle consoles, %s", n, idle), fmt.Sprintf("%.2f %%", cpu.CPU), "≤ 3 % of a core for 100")
	row("allocated while idle, collections", fmt.Sprintf("%.1f MiB/s, %d GCs", cpu.Allocated/(1<<20), cpu.GCs), "")
	slices.Sort(moveBytes)
	row("bytes for one cursor move p50 / max", fmt.Sprintf("%d / %d", moveBytes[len(moveBytes)/2], moveBytes[len(moveBytes)-1]), "≤ 150")
}

func pct(d []time.Duration, p int) string {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)*p/100, len(s)-1)].Round(100 * time.Microsecond).String()
}

func fpsText() string {
	if fps == 0 {
		return "the server's default frame rate"
	}
	return fmt.Sprintf("%d frames a second", fps)
}
