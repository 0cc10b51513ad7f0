package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"acctl/model"
	"acctl/sshserver"
	"acctl/store"
)

// The child process's environment: it is the server, accepting the key
// keyEnv for the one user every console signs in as, with room for capEnv
// consoles from 127.0.0.1.
const (
	childEnv = "ACCTL_LOAD_SERVER"
	keyEnv   = "ACCTL_LOAD_KEY"
	capEnv   = "ACCTL_LOAD_CAP"
	fpsEnv   = "ACCTL_LOAD_FPS"
)

// serveChild runs the server on 127.0.0.1:0 over a fresh database and
// answers "stats" on stdin with one line of JSON on stdout.
func serveChild() error {
	dir, err := os.MkdirTemp("", "acctl-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(filepath.Join(dir, "acctl.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	svc := model.NewService(model.Config{Store: db})
	sess, err := svc.SignUp(ctx, model.SignUpRequest{CompanyName: "Load Test Ltd", Name: "Lee Load",
		Email: "load@example.test", Password: "ochre-walrus-lantern-73", Origin: model.LocalOrigin})
	if err != nil {
		return err
	}
	if err := db.SetMustEnableTwoFactor(ctx, sess.UserID, false); err != nil {
		return err
	}
	if _, err := svc.AddSSHKey(model.WithSession(ctx, sess.Token), "load", os.Getenv(keyEnv), "ochre-walrus-lantern-73"); err != nil {
		return err
	}
	n, _ := strconv.Atoi(os.Getenv(capEnv))
	limits := sshserver.DefaultLimits()
	limits.MaxSessions, limits.MaxPerAddress = n+1, n+1
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	host, _ := gossh.NewSignerFromKey(priv)
	fps, _ := strconv.Atoi(os.Getenv(fpsEnv))
	srv, err := sshserver.New(sshserver.Config{Service: svc, HostKey: host, Limits: limits, FPS: fps})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go srv.Serve(ln)
	fmt.Println("listening " + ln.Addr().String())
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		cmd, arg, _ := strings.Cut(in.Text(), " ")
		switch cmd {
		case "stats":
			b, _ := json.Marshal(ownStats(srv))
			fmt.Println(string(b))
		case "cpu": // the CPU and allocations so far, without the GC that stats forces
			b, _ := json.Marshal(ownCPU())
			fmt.Println(string(b))
		case "heap": // heap FILE writes a heap profile
			if f, err := os.Create(arg); err == nil {
				runtime.GC()
				pprof.Lookup("heap").WriteTo(f, 0)
				f.Close()
			}
			fmt.Println("{}")
		case "goroutines": // goroutines FILE writes who they are
			if f, err := os.Create(arg); err == nil {
				pprof.Lookup("goroutine").WriteTo(f, 1)
				f.Close()
			}
			fmt.Println("{}")
		case "profile": // profile FILE starts a CPU profile; profile alone stops it
			if arg == "" {
				pprof.StopCPUProfile()
			} else if f, err := os.Create(arg); err == nil {
				pprof.StartCPUProfile(f)
			}
			fmt.Println("{}")
		}
	}
	stop, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return srv.Shutdown(stop)
}

// ownCPU reads the CPU used so far, and what the heap allocated and how
// many times it was collected.
func ownCPU() stats {
	var st stats
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		st.CPU = ru.Utime.Sec*1e6 + ru.Utime.Usec + ru.Stime.Sec*1e6 + ru.Stime.Usec
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	st.Allocated, st.GCs = int64(m.TotalAlloc), int64(m.NumGC)
	return st
}

func ownStats(srv *sshserver.Server) stats {
	st := ownCPU() // before the GC below, which is the harness's
	st.Goroutines, st.Consoles, st.RSS = runtime.NumGoroutine(), srv.Consoles(), rss()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	st.Heap = int64(m.HeapAlloc)
	return st
}

// rss is the process's resident set (Linux; 0 elsewhere).
func rss() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
