// Package modeltest holds what the tests of several packages share when
// they drive a model.Service: a clock moved by hand and cheap hashing.
package modeltest

import (
	"sync"
	"time"

	"acctl/model"
)

// Clock is a clock the test moves by hand; safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now is the clock's time; pass it as model.Config.Clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Argon2 is a cost that keeps tests fast; model's own test checks the real
// parameters meet R-PWD-1.
var Argon2 = model.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}
