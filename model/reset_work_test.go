package model_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"acctl/model"
	"acctl/store"
)

// callLog is a store that records every call of the forgot-password path
// with the shape of its arguments, and forwards it to the real store. Its
// embedded Store is nil: a call of any other method panics, so nothing
// the path does goes unrecorded.
type callLog struct {
	model.Store
	db    *store.DB
	mu    sync.Mutex
	calls []string
}

func (c *callLog) record(method string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	shapes := make([]string, len(args))
	for i, a := range args {
		shapes[i] = shape(reflect.ValueOf(a))
	}
	c.calls = append(c.calls, method+"("+strings.Join(shapes, ", ")+")")
}

func (c *callLog) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	calls := c.calls
	c.calls = nil
	return calls
}

// shape writes what a value is made of, not what it holds: which pointers
// and slices are set, and the length of byte slices and strings bucketed
// by ten, so that two calls of the same shape make the same writes.
func shape(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Invalid:
		return "nil"
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "nil"
		}
		return "&" + shape(v.Elem())
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			return "time"
		}
		var fields []string
		for i := range v.NumField() {
			fields = append(fields, v.Type().Field(i).Name+":"+shape(v.Field(i)))
		}
		return "{" + strings.Join(fields, " ") + "}"
	case reflect.Slice:
		if v.IsNil() {
			return "nil"
		}
		return fmt.Sprintf("[%d]", v.Len())
	case reflect.String:
		return fmt.Sprintf("s%d", v.Len()/10)
	case reflect.Func:
		return "func"
	}
	return v.Kind().String()
}

func (c *callLog) FindUserByEmail(ctx context.Context, email string) (*model.User, error) {
	c.record("FindUserByEmail", email)
	return c.db.FindUserByEmail(ctx, email)
}

func (c *callLog) RequestPasswordReset(ctx context.Context, r *model.ResetRequest, allow func([]time.Time) error) error {
	c.record("RequestPasswordReset", r, allow)
	return c.db.RequestPasswordReset(ctx, r, allow)
}

func (c *callLog) BeginAttempt(ctx context.Context, key string, now time.Time, rule model.ThrottleRule) (model.Throttle, bool, error) {
	c.record("BeginAttempt", key, now, rule)
	return c.db.BeginAttempt(ctx, key, now, rule)
}

func (c *callLog) FindResetCode(ctx context.Context, email string) (*model.ResetCode, error) {
	c.record("FindResetCode", email)
	return c.db.FindResetCode(ctx, email)
}

func (c *callLog) AddAuthEvent(ctx context.Context, e *model.AuthEvent) error {
	c.record("AddAuthEvent", e.Kind, e.Result)
	return c.db.AddAuthEvent(ctx, e)
}

// R-PWD-5, issue 10 defect 4: forgot password does the same work for an
// address that an active user has and for one nobody has: the same store
// calls, in the same order, with arguments of the same shape — asking for
// a code, and typing a wrong one. The known address's email is queued
// later, apart from the request (QueueResetEmails).
func TestForgotPasswordDoesTheSameWorkForEveryAddress(t *testing.T) {
	e := newEnv(t)
	e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	log := &callLog{db: e.db}
	svc := model.NewService(model.Config{Store: log, Hasher: model.NewHasher(testArgon2), Clock: e.clock.Now, Sealer: e.sealer})
	const known, unknown = "wile@acme.example", "nile@acme.example" // the same length
	work := func(email string) []string {
		if err := svc.RequestPasswordReset(context.Background(), email, model.LocalOrigin, model.Client{}); err != nil {
			t.Fatal(err)
		}
		_, err := svc.ResetPassword(context.Background(), model.ResetPasswordRequest{Email: email, Code: "aaaa-bbbb-cccc-dddd-eeee-ffff", Password: newPassword, Origin: model.LocalOrigin})
		if err != model.ErrWrongResetCode {
			t.Fatalf("a wrong code for %s: %v", email, err)
		}
		return log.take()
	}
	k, u := work(known), work(unknown)
	if !slices.Equal(k, u) {
		t.Fatalf("the store calls differ:\nknown address:\n  %s\nunknown address:\n  %s", strings.Join(k, "\n  "), strings.Join(u, "\n  "))
	}
	if len(k) < 4 {
		t.Fatalf("recorded only %v", k)
	}
	// The email to the known address follows, from the background queue.
	if n, err := e.svc.QueueResetEmails(context.Background()); err != nil || n != 1 {
		t.Fatalf("queued %d reset emails, %v; want 1, to the known address only", n, err)
	}
}
