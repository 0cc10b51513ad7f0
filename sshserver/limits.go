package sshserver

import (
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// counter caps things open at once, in all and per remote address
// (R-SRV-3). A cap of 0 or less is no cap.
type counter struct {
	mu        sync.Mutex
	max, per  int
	total     int
	byAddress map[string]int
}

func newCounter(max, per int) *counter {
	return &counter{max: max, per: per, byAddress: map[string]int{}}
}

// acquire counts one more for host, or reports that a cap is reached.
func (c *counter) acquire(host string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if (c.max > 0 && c.total >= c.max) || (c.per > 0 && c.byAddress[host] >= c.per) {
		return false
	}
	c.total++
	c.byAddress[host]++
	return true
}

// release counts one less for host.
func (c *counter) release(host string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total--
	if c.byAddress[host]--; c.byAddress[host] <= 0 {
		delete(c.byAddress, host)
	}
}

// open reports how many are open in all.
func (c *counter) open() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total
}

// hostOf is the address part of a remote address, which the per-address
// cap counts: one machine's connections share it whatever their port.
func hostOf(a net.Addr) string {
	if a == nil {
		return ""
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}

// admit is the connection callback: it refuses a connection before the
// handshake while the server stops or a cap is reached (R-SRV-3, R-SRV-7),
// and counts it until it closes.
func (s *Server) admit(ctx ssh.Context, conn net.Conn) net.Conn {
	host := hostOf(conn.RemoteAddr())
	if s.stopping.Load() {
		return nil
	}
	if !s.conns.acquire(host) {
		s.log.Warn("connection refused: too many open", "remote", host, "open", s.conns.open())
		return nil
	}
	l := s.cfg.Limits
	c := &limitedConn{Conn: conn, release: func() { s.conns.release(host) }, idle: l.IdleTimeout}
	now := time.Now()
	if l.HandshakeTimeout > 0 {
		c.handshakeEnd.Store(now.Add(l.HandshakeTimeout).UnixNano())
	}
	if l.IdleTimeout > 0 {
		c.idle = l.IdleTimeout + backstop
	}
	if l.Lifetime > 0 {
		c.end = now.Add(l.Lifetime + backstop)
	}
	ctx.SetValue(connKey{}, c)
	return c
}

type connKey struct{}

func connOf(ctx ssh.Context) *limitedConn {
	c, _ := ctx.Value(connKey{}).(*limitedConn)
	return c
}

// preConsoleBudget bounds what a client may send before a console starts,
// from the connection's start or from a new session channel: the
// handshake, authentication and a session's setup take a few KiB; a
// client that sends far more is flooding.
const preConsoleBudget = 256 << 10

// errFlood ends a connection that sent more than preConsoleBudget before
// a console started.
var errFlood = errors.New("sshserver: too much data before the console started")

// limitedConn is one connection under R-SRV-3: it holds its place in the
// connection count until closed, must open a session within the handshake
// timeout, is cut when the client sends nothing for the idle timeout or at
// the end of its lifetime — the last two a backstop behind the console,
// which ends itself first with a sentence — and may send only
// preConsoleBudget bytes before a console starts. (The ssh package's own
// timeouts are not used: it sets them racily.)
type limitedConn struct {
	net.Conn
	release      func()
	once         sync.Once
	idle         time.Duration
	end          time.Time
	handshakeEnd atomic.Int64 // unix nanoseconds; 0 once a session opened
	read         atomic.Int64
	started      atomic.Bool
}

func (c *limitedConn) Read(b []byte) (int, error) {
	c.setDeadline()
	n, err := c.Conn.Read(b)
	if !c.started.Load() && c.read.Add(int64(n)) > preConsoleBudget {
		c.Close()
		return 0, errFlood
	}
	return n, err
}

// setDeadline cuts the connection at the earliest of its deadlines.
func (c *limitedConn) setDeadline() {
	d := c.end
	earlier := func(t time.Time) {
		if d.IsZero() || t.Before(d) {
			d = t
		}
	}
	if h := c.handshakeEnd.Load(); h != 0 {
		earlier(time.Unix(0, h))
	}
	if c.idle > 0 {
		earlier(time.Now().Add(c.idle))
	}
	_ = c.Conn.SetDeadline(d)
}

// sessionOpened ends the handshake timeout and counts the budget again
// until the new session's console starts.
func (c *limitedConn) sessionOpened() {
	c.handshakeEnd.Store(0)
	c.read.Store(0)
	c.started.Store(false)
}

// consoleStarted lifts the budget: from now on the connection carries keys.
func (c *limitedConn) consoleStarted() { c.started.Store(true) }

func (c *limitedConn) Close() error {
	c.once.Do(c.release)
	return c.Conn.Close()
}

// maxChannels bounds the session channels open at once on one connection.
const maxChannels = 4

// sessionChannel is the "session" channel handler: the ssh package's own,
// with at most maxChannels per connection. Each new channel re-arms the
// connection's preConsoleBudget until its console starts: the ssh package
// keeps every "env" request a session gets before its shell, so a client
// could otherwise grow the server's memory without end.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, ch gossh.NewChannel, ctx ssh.Context) {
	n := s.channelCount(ctx)
	if n.Add(1) > maxChannels {
		n.Add(-1)
		_ = ch.Reject(gossh.ResourceShortage, "too many sessions on this connection")
		return
	}
	defer n.Add(-1)
	if c := connOf(ctx); c != nil {
		c.sessionOpened()
	}
	ssh.DefaultSessionHandler(srv, conn, ch, ctx)
}

type channelCountKey struct{}

// channelCount is the connection's count of open session channels.
func (s *Server) channelCount(ctx ssh.Context) *atomic.Int32 {
	s.chMu.Lock()
	defer s.chMu.Unlock()
	if n, ok := ctx.Value(channelCountKey{}).(*atomic.Int32); ok {
		return n
	}
	n := new(atomic.Int32)
	ctx.SetValue(channelCountKey{}, n)
	return n
}
