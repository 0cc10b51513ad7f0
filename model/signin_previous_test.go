package model_test

import (
	"context"
	"testing"
	"time"

	"acctl/model"
)

// previousAt is when PreviousSignIn says ctx's user last signed in before
// ctx's session, or the zero time for none.
func previousAt(t *testing.T, e *env, ctx context.Context) time.Time {
	t.Helper()
	ev, err := e.svc.PreviousSignIn(ctx)
	if err != nil {
		t.Fatalf("previous sign-in: %v", err)
	}
	if ev == nil {
		return time.Time{}
	}
	if ev.Result != model.AuthSucceeded {
		t.Fatalf("previous sign-in %+v did not succeed", ev)
	}
	return ev.At
}

// Profile's "Last sign-in" is the sign-in before this session's own, not
// this one (issue 9, R-SES-3): failures, confirmations, later sign-ins and
// the parts of one sign-in (a reset followed by its code step) are not it.
func TestPreviousSignIn(t *testing.T) {
	e := newEnv(t)
	signedUp := e.clock.Now()
	first := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	step := func(d time.Duration) time.Time {
		e.clock.Advance(d)
		return e.clock.Now()
	}
	want := func(t *testing.T, ctx context.Context, at time.Time) {
		t.Helper()
		if got := previousAt(t, e, ctx); !got.Equal(at) {
			t.Fatalf("previous sign-in at %v, want %v", got, at)
		}
	}
	t.Run("none before sign-up", func(t *testing.T) { want(t, first, time.Time{}) })

	secondAt := step(time.Hour)
	second := mustSignIn(t, e, "wile@acme.example", strongPassword)
	t.Run("the sign-up before the first sign-in", func(t *testing.T) { want(t, second, signedUp) })

	step(time.Minute)
	if _, err := e.signIn("wile@acme.example", "wrong password"); err == nil {
		t.Fatal("a wrong password signed in")
	}
	if err := e.svc.ConfirmPassword(second, strongPassword); err != nil {
		t.Fatal(err)
	}
	thirdAt := step(time.Minute)
	third := mustSignIn(t, e, "wile@acme.example", strongPassword)
	t.Run("failures and confirmations are not sign-ins", func(t *testing.T) { want(t, third, secondAt) })
	t.Run("a later sign-in elsewhere is not the one before", func(t *testing.T) { want(t, second, signedUp) })

	secret, _ := e.enable2FA(t, third)
	codeAt := step(time.Hour)
	withCode, err := e.signInWithCode(t, "wile@acme.example", e.code(t, secret, 0))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("a sign-in with its code step", func(t *testing.T) { want(t, withCode, thirdAt) })

	step(time.Hour)
	res, err := e.reset("wile@acme.example", e.requestReset(t, "wile@acme.example"), newPassword)
	if err != nil || res.Challenge == nil {
		t.Fatalf("reset with 2FA on: %+v, %v", res, err)
	}
	sess, err := e.svc.CompleteSignIn(context.Background(), res.Challenge.Token, e.code(t, secret, 0))
	if err != nil {
		t.Fatal(err)
	}
	afterReset := model.WithSession(context.Background(), sess.Token)
	t.Run("a reset and its code step are one sign-in", func(t *testing.T) { want(t, afterReset, codeAt) })
}

// failures is a store whose history holds nothing but failed attempts,
// as many as are asked for, and counts the pages read.
type failures struct {
	model.Store
	pages int
}

func (f *failures) ListAuthEvents(ctx context.Context, userID int64, p model.EventPage) ([]*model.AuthEvent, error) {
	f.pages++
	list := make([]*model.AuthEvent, p.Limit)
	for i := range list {
		at := p.Cursor.At.Add(-time.Duration(i+1) * time.Millisecond)
		list[i] = &model.AuthEvent{ID: int64(f.pages*p.Limit + i), UserID: userID, Kind: model.AuthSignIn, Result: model.AuthWrongPassword, At: at}
	}
	return list, nil
}

// A flood of failed attempts since the last sign-in costs a bounded read.
func TestPreviousSignInReadsABoundedHistory(t *testing.T) {
	e := newEnv(t)
	sess, err := e.svc.SignUp(context.Background(), model.SignUpRequest{CompanyName: "Acme", Name: "Wile Coyote", Email: "wile@acme.example",
		Password: strongPassword, Origin: model.LocalOrigin})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.SetMustEnableTwoFactor(context.Background(), sess.UserID, false); err != nil {
		t.Fatal(err)
	}
	flood := &failures{Store: e.db}
	svc := model.NewService(model.Config{Store: flood, Hasher: model.NewHasher(testArgon2), Clock: e.clock.Now, Sealer: newSealer(t)})
	ev, err := svc.PreviousSignIn(model.WithSession(context.Background(), sess.Token))
	if err != nil || ev != nil {
		t.Fatalf("previous sign-in in a flood: %+v, %v; want none", ev, err)
	}
	if flood.pages != 10 {
		t.Fatalf("read %d pages, want 10", flood.pages)
	}
}
