package main

import (
	"context"
	"sync"
	"time"
)

// workers are the goroutines that run beside the console or the server
// until it ends: the upkeep and the mail deliverer. Stop ends them and
// waits for them, so that the database is closed after their last
// transaction: a process that exits in the middle of one leaves its
// write-ahead log behind, and the next start then checks the whole file
// (a purge of old events at the first start on a big database, cut by a
// quit, cost every later start half a second).
type workers struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// stopWait bounds how long Stop waits: a transaction cut by the context
// ends at once, but a worker may be blocked elsewhere (an SMTP server).
const stopWait = 5 * time.Second

func newWorkers(ctx context.Context) *workers {
	w := &workers{}
	w.ctx, w.cancel = context.WithCancel(ctx)
	return w
}

// Go runs fn under the workers' context.
func (w *workers) Go(fn func(ctx context.Context)) {
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		fn(w.ctx)
	}()
}

// Stop cancels the workers and waits for them, at most stopWait.
func (w *workers) Stop() {
	w.cancel()
	done := make(chan struct{})
	go func() { w.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(stopWait):
	}
}
