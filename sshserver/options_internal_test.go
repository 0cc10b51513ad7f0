package sshserver

import (
	"context"
	"net"
	"testing"
	"time"

	"acctl/model"
	"acctl/tui/tuitest"
)

// R-SRV-5: an SSH console has no saver, so its secret panel offers no
// "save to file" (the panel's own test shows that); R-SRV-4: it is remote,
// so no sign-up; R-SRV-3: it ends itself idle and at its lifetime.
func TestConsoleOptions(t *testing.T) { // R-SRV-3, R-SRV-4, R-SRV-5, R-SRV-8
	env := tuitest.NewEnv(t)
	limits := DefaultLimits()
	s := &Server{cfg: Config{Service: env.Svc, Limits: limits}}
	ctx := context.WithValue(context.Background(), struct{}{}, "the session's")
	o := s.consoleOptions(ctx, model.Origin{Remote: "192.0.2.1:2000"}, model.Client{}, nil)
	if o.Saver != nil || !o.Remote || o.Context != ctx {
		t.Fatalf("saver %v, remote %v, context %v", o.Saver, o.Remote, o.Context)
	}
	if o.IdleTimeout != 15*time.Minute || !o.Deadline.Equal(env.Clock.Now().Add(time.Hour)) {
		t.Fatalf("idle %s, deadline %s", o.IdleTimeout, o.Deadline)
	}
}

// The console's scp commands name the port the client connected to
// (R-KYC-1).
func TestPortOf(t *testing.T) { // R-KYC-1
	if p := portOf(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 2299}); p != 2299 {
		t.Fatalf("port %d, want 2299", p)
	}
	if p := portOf(&net.UnixAddr{Name: "/run/x", Net: "unix"}); p != 0 {
		t.Fatalf("port %d for a unix socket, want 0", p)
	}
}
