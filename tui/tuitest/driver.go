package tuitest

import (
	"context"
	"sync/atomic"
	"testing"

	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
)

// CountingStore wraps a store and counts the reads a console makes while
// Update runs (InUpdate set): the console must make none there — every
// read runs in a command (issue 9). It counts the reads of the list
// screens and of the session checks.
type CountingStore struct {
	model.Store
	InUpdate atomic.Bool
	Calls    atomic.Int64 // reads made while InUpdate was set
}

func (c *CountingStore) count() {
	if c.InUpdate.Load() {
		c.Calls.Add(1)
	}
}

func (c *CountingStore) FindSession(ctx context.Context, id string) (*model.Session, error) {
	c.count()
	return c.Store.FindSession(ctx, id)
}

func (c *CountingStore) FindUserByID(ctx context.Context, id int64) (*model.User, error) {
	c.count()
	return c.Store.FindUserByID(ctx, id)
}

func (c *CountingStore) ListAuthEvents(ctx context.Context, userID int64, p model.EventPage) ([]*model.AuthEvent, error) {
	c.count()
	return c.Store.ListAuthEvents(ctx, userID, p)
}

func (c *CountingStore) CountAuthEvents(ctx context.Context, userID int64) (int, error) {
	c.count()
	return c.Store.CountAuthEvents(ctx, userID)
}

func (c *CountingStore) ListAudit(ctx context.Context, accountID int64, p model.EventPage) ([]*model.AuditEvent, error) {
	c.count()
	return c.Store.ListAudit(ctx, accountID, p)
}

func (c *CountingStore) QueryUsers(ctx context.Context, accountID int64, q model.UserQuery) ([]*model.UserRow, error) {
	c.count()
	return c.Store.QueryUsers(ctx, accountID, q)
}

func (c *CountingStore) ListNotifications(ctx context.Context, f model.NotificationFilter, p model.EventPage) ([]*model.Notification, error) {
	c.count()
	return c.Store.ListNotifications(ctx, f, p)
}

func (c *CountingStore) ListTokens(ctx context.Context, f model.TokenFilter) ([]*model.APIToken, error) {
	c.count()
	return c.Store.ListTokens(ctx, f)
}

func (c *CountingStore) ListSSHKeys(ctx context.Context, f model.SSHKeyFilter) ([]*model.SSHKey, error) {
	c.count()
	return c.Store.ListSSHKeys(ctx, f)
}

// Driver runs one screen without a program, for benchmarks: Press is the
// part a key costs on the update loop (Update and View, timed); Settle runs
// the commands it started — the reads — and gives the screen their answers,
// as the program would, in this goroutine.
type Driver struct {
	Env     *common.Env
	Screen  common.Screen
	Store   *CountingStore
	pending []tea.Cmd
}

// NewDriver signs the session of token into a console environment over svc and opens
// the screen open makes, settled and sized w×h.
func NewDriver(tb testing.TB, svc *model.Service, st *CountingStore, session string, w, h int, open func(*common.Env) common.Screen) *Driver {
	tb.Helper()
	ctx := model.WithSession(context.Background(), session)
	me, err := svc.Caller(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	env := &common.Env{Svc: svc, Ctx: ctx, Me: me, Styles: common.NewStyles(true, false), IsDark: true, Now: svc.Now}
	d := &Driver{Env: env, Screen: open(env), Store: st}
	d.Screen.SetSize(w, h)
	d.pending = append(d.pending, d.Screen.Init())
	d.Settle()
	return d
}

// Press gives the screen msg and draws it: the update loop's share.
func (d *Driver) Press(msg tea.Msg) {
	d.Store.InUpdate.Store(true)
	next, cmd := d.Screen.Update(msg)
	_ = next.View()
	d.Store.InUpdate.Store(false)
	d.Screen = next
	d.Env.Nav.Drain()
	d.pending = append(d.pending, cmd)
}

// Settle runs the commands started so far and feeds their answers back.
func (d *Driver) Settle() {
	for len(d.pending) > 0 {
		c := d.pending[0]
		d.pending = d.pending[1:]
		if c == nil {
			continue
		}
		switch m := c().(type) {
		case nil:
		case tea.BatchMsg:
			d.pending = append(d.pending, m...)
		default:
			d.Store.InUpdate.Store(true)
			next, cmd := d.Screen.Update(m)
			d.Store.InUpdate.Store(false)
			d.Screen = next
			d.pending = append(d.pending, cmd)
		}
	}
}
