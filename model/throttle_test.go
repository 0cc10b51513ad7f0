package model_test

import (
	"context"
	"fmt"
	"testing"

	"acctl/model"
)

// signInFrom tries email and password from origin.
func (e *env) signInFrom(origin model.Origin, email, password string) error {
	_, err := e.svc.SignIn(context.Background(), model.SignInRequest{Email: email, Password: password, Origin: origin})
	return err
}

// R-PWD-5 against spraying: more than 20 failed checks from one origin in
// 10 minutes make that origin wait, whatever emails it tries, growing
// like a user's wait; other origins are not held up, and a right password
// from the origin does not clear its count.
func TestSprayingFromOneOriginWaits(t *testing.T) {
	e := newEnv(t)
	e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	sprayer := model.Origin{Remote: "203.0.113.66:40000"}
	samePlace := model.Origin{Remote: "203.0.113.66:40001"} // another port, the same host
	elsewhere := model.Origin{Remote: "198.51.100.7:22"}
	for i := range model.OriginFreeAttempts - 1 {
		wantCode(t, e.signInFrom(sprayer, fmt.Sprintf("user%d@acme.example", i), strongPassword), model.EUNAUTHORIZED)
	}
	if err := e.signInFrom(samePlace, "wile@acme.example", strongPassword); err != nil {
		t.Fatalf("a right password from the origin: %v", err)
	}
	wantCode(t, e.signInFrom(sprayer, "wile@acme.example", "wrong password"), model.EUNAUTHORIZED) // the 20th failure
	wantCode(t, e.signInFrom(sprayer, "someone@acme.example", "wrong password"), model.EUNAUTHORIZED)
	err := e.signInFrom(samePlace, "wile@acme.example", strongPassword)
	wantCode(t, err, model.ELOCKED) // 21 failures: the origin waits, even with a right password
	if err := e.signInFrom(elsewhere, "wile@acme.example", strongPassword); err != nil {
		t.Fatalf("another origin is held up: %v", err)
	}
	e.clock.Advance(model.FirstWait)
	wantCode(t, e.signInFrom(sprayer, "other@acme.example", "wrong password"), model.EUNAUTHORIZED)
	wantCode(t, e.signInFrom(sprayer, "wile@acme.example", strongPassword), model.ELOCKED)
	e.clock.Advance(model.FirstWait)
	wantCode(t, e.signInFrom(sprayer, "wile@acme.example", strongPassword), model.ELOCKED) // the second wait is 2 minutes
	e.clock.Advance(model.FirstWait)
	if err := e.signInFrom(sprayer, "wile@acme.example", strongPassword); err != nil {
		t.Fatalf("after the second wait: %v", err)
	}
	// Quiet for OriginWindow after its wait, an origin starts afresh.
	e.clock.Advance(model.OriginWindow)
	for i := range model.OriginFreeAttempts {
		wantCode(t, e.signInFrom(sprayer, fmt.Sprintf("again%d@acme.example", i), "x-wrong-password"), model.EUNAUTHORIZED)
	}
}

// R-PWD-5: local consoles are told apart by their OS user.
func TestLocalOriginsAreTheirOSUsers(t *testing.T) {
	e := newEnv(t)
	e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	mallory := model.Origin{Local: true, LocalUser: "mallory"}
	alice := model.Origin{Local: true, LocalUser: "alice"}
	for i := range model.OriginFreeAttempts + 1 {
		wantCode(t, e.signInFrom(mallory, fmt.Sprintf("user%d@acme.example", i), strongPassword), model.EUNAUTHORIZED)
	}
	wantCode(t, e.signInFrom(mallory, "wile@acme.example", strongPassword), model.ELOCKED)
	if err := e.signInFrom(alice, "wile@acme.example", strongPassword); err != nil {
		t.Fatalf("another local user is held up: %v", err)
	}
}

// R-PWD-5: throttle rows of unknown emails (and of every key) are purged
// once their wait ended and they stayed quiet; auth events older than 400
// days are purged.
func TestPurge(t *testing.T) {
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	if n, _ := e.svc.CountSignInHistory(ctx); n == 0 {
		t.Fatal("no history to purge")
	}
	for range model.FreeAttempts {
		wantCode(t, e.signInFrom(model.LocalOrigin, "ghost@acme.example", strongPassword), model.EUNAUTHORIZED)
	}
	if th := throttle(t, e, "ghost@acme.example"); th.Failures != model.FreeAttempts || th.LockedUntil.IsZero() {
		t.Fatalf("the unknown email's throttle: %+v", th)
	}
	if err := e.svc.Purge(context.Background()); err != nil {
		t.Fatal(err)
	}
	if th := throttle(t, e, "ghost@acme.example"); th.Failures == 0 {
		t.Fatal("purged while it waits")
	}
	e.clock.Advance(model.PasswordThrottle.Memory + model.FirstWait)
	if err := e.svc.Purge(context.Background()); err != nil {
		t.Fatal(err)
	}
	if th := throttle(t, e, "ghost@acme.example"); th != (model.Throttle{}) {
		t.Fatalf("after its wait and a quiet day: %+v, want purged", th)
	}
	e.clock.Advance(model.AuthEventsKept)
	ctx = e.unlock(t, ctx, strongPassword, "") // a new attempt, today's
	if err := e.svc.Purge(context.Background()); err != nil {
		t.Fatal(err)
	}
	list, _ := e.svc.SignInHistory(ctx, model.EventPage{Limit: 100})
	if len(list) != 1 || list[0].Kind != model.AuthUnlock {
		t.Fatalf("history after the purge: %+v, want only the unlock", list)
	}
	if fileHolds(t, e.path, "ghost@acme.example") {
		t.Fatal("the unknown email is still in the file")
	}
}
