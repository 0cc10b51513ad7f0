package main

import (
	"context"
	"errors"
	"io"
	mrand "math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// console is one SSH client with a PTY running the console at 80×24.
type console struct {
	client *gossh.Client
	sess   *gossh.Session
	stdin  io.WriteCloser

	mu      sync.Mutex
	buf     []byte
	total   int
	last    time.Time // the last write
	armed   bool
	firstAt time.Time // the first write after arming
	changed chan struct{}
}

func dial(ctx context.Context, addr string, cfg *gossh.ClientConfig) (*console, error) {
	client, err := gossh.Dial("tcp", addr, cfg)
	if err != nil {
		return nil, err
	}
	sess, err := client.NewSession()
	if err != nil {
		client.Close()
		return nil, err
	}
	c := &console{client: client, sess: sess, changed: make(chan struct{}, 1)}
	sess.Stdout = c
	if c.stdin, err = sess.StdinPipe(); err != nil {
		client.Close()
		return nil, err
	}
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		client.Close()
		return nil, err
	}
	if err := sess.Shell(); err != nil {
		client.Close()
		return nil, err
	}
	return c, nil
}

func (c *console) Write(p []byte) (int, error) {
	now := time.Now()
	c.mu.Lock()
	c.buf = append(c.buf, p...)
	c.total += len(p)
	c.last = now
	if c.armed && c.firstAt.IsZero() {
		c.firstAt = now
	}
	c.mu.Unlock()
	select {
	case c.changed <- struct{}{}:
	default:
	}
	return len(p), nil
}

// waitFor waits until the screen shows text and returns the time since
// begun; the output read so far is then dropped.
func (c *console) waitFor(ctx context.Context, text string, begun time.Time) (time.Duration, error) {
	for {
		c.mu.Lock()
		found := strings.Contains(ansi.Strip(string(c.buf)), text)
		if found {
			c.buf = nil
		}
		c.mu.Unlock()
		if found {
			return time.Since(begun), nil
		}
		select {
		case <-ctx.Done():
			return 0, errors.New("never saw " + text)
		case <-c.changed:
		}
	}
}

// quiet waits until the console has written nothing for d.
func (c *console) quiet(d time.Duration) {
	for {
		c.mu.Lock()
		since := time.Since(c.last)
		c.mu.Unlock()
		if since >= d {
			return
		}
		time.Sleep(d - since)
	}
}

func (c *console) send(keys string) error {
	_, err := io.WriteString(c.stdin, keys)
	return err
}

// press sends one key and returns the time to the first byte of the answer
// and the bytes written until the console went quiet.
func (c *console) press(ctx context.Context, key string) (time.Duration, int, error) {
	c.quiet(200 * time.Millisecond)
	// A person's key falls anywhere between two of the program's frames;
	// without this the key would follow the last frame by a fixed time and
	// always wait the same part of a frame.
	time.Sleep(time.Duration(mrand.Int64N(int64(50 * time.Millisecond))))
	c.mu.Lock()
	c.armed, c.firstAt, c.buf = true, time.Time{}, nil
	start := c.total
	c.mu.Unlock()
	sent := time.Now()
	if err := c.send(key); err != nil {
		return 0, 0, err
	}
	for {
		c.mu.Lock()
		first := c.firstAt
		c.mu.Unlock()
		if !first.IsZero() {
			c.quiet(200 * time.Millisecond)
			c.mu.Lock()
			n := c.total - start
			c.armed = false
			c.mu.Unlock()
			return first.Sub(sent), n, nil
		}
		select {
		case <-ctx.Done():
			return 0, 0, errors.New("no answer to a key")
		case <-c.changed:
		}
	}
}

func (c *console) close() {
	if c != nil {
		c.client.Close()
	}
}

// lastBytes is what was written since the last key was sent.
func (c *console) lastBytes() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return string(c.buf)
}
