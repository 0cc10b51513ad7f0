package model_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/seal"
	"acctl/store"
	"acctl/store/storetest"
)

type fakeClock = modeltest.Clock

var testArgon2 = modeltest.Argon2

type env struct {
	svc    *model.Service
	db     *store.DB
	clock  *fakeClock
	path   string
	sealer *seal.Sealer
}

// newEnv returns a service over a real SQLite file in t.TempDir().
func newEnv(t *testing.T) *env {
	t.Helper()
	path := storetest.Empty(t)
	db, err := store.Open(path, store.Throwaway()) // no flush per commit: store's tests cover durability
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := modeltest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	sealer := newSealer(t)
	svc := model.NewService(model.Config{Store: db, Hasher: model.NewHasher(testArgon2), Clock: clock.Now, Sealer: sealer})
	return &env{svc: svc, db: db, clock: clock, path: path, sealer: sealer}
}

const strongPassword = "velvet-otter-marble-91"

// signUp creates an account and returns the owner's session context.
func (e *env) signUp(t *testing.T, company, name, email string) context.Context {
	t.Helper()
	sess, err := e.svc.SignUp(context.Background(), model.SignUpRequest{
		CompanyName: company, Name: name, Email: email, Password: strongPassword, Origin: model.LocalOrigin,
	})
	if err != nil {
		t.Fatalf("sign up %s: %v", email, err)
	}
	// Past the newcomer's 2FA step (R-2FA-8), which twofactor_test.go
	// covers, so that tests of other rules can act.
	if err := e.db.SetMustEnableTwoFactor(context.Background(), sess.UserID, false); err != nil {
		t.Fatal(err)
	}
	return model.WithSession(context.Background(), sess.Token)
}

func (e *env) signIn(email, password string) (context.Context, error) {
	res, err := e.svc.SignIn(context.Background(), model.SignInRequest{
		Email: email, Password: password, Origin: model.Origin{Remote: "203.0.113.9:4000"}, Client: model.Client{Term: "xterm"},
	})
	if err != nil {
		return nil, err
	}
	if res.Session == nil {
		return nil, fmt.Errorf("sign in %s: a two-factor code is due", email)
	}
	return model.WithSession(context.Background(), res.Session.Token), nil
}

func mustSignIn(t *testing.T, e *env, email, password string) context.Context {
	t.Helper()
	ctx, err := e.signIn(email, password)
	if err != nil {
		t.Fatalf("sign in %s: %v", email, err)
	}
	return ctx
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := model.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// unlock runs the lock screen (R-SES-1) and returns the context of the
// session's new token; the old one no longer works.
func (e *env) unlock(t *testing.T, ctx context.Context, password, code string) context.Context {
	t.Helper()
	sess, err := e.svc.Unlock(ctx, password, code)
	if err != nil {
		t.Fatalf("unlock: %v", err)
	}
	return model.WithSession(context.Background(), sess.Token)
}

// unlockErr is Unlock's error alone, for refusals.
func (e *env) unlockErr(ctx context.Context, password, code string) error {
	_, err := e.svc.Unlock(ctx, password, code)
	return err
}
