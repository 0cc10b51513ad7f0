package model_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"acctl/model"
)

func asError(err error, target **model.Error) bool { return errors.As(err, target) }

func TestSessionLocksAfterAnHour(t *testing.T) { // R-SES-1
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	e.clock.Advance(59*time.Minute + 59*time.Second)
	if _, err := e.svc.Me(ctx); err != nil {
		t.Fatalf("before the hour: %v", err)
	}
	e.clock.Advance(time.Second)
	_, err := e.svc.Me(ctx)
	wantCode(t, err, model.EEXPIRED)
	_, err = e.svc.ListSessions(ctx)
	wantCode(t, err, model.EEXPIRED)
	if err := e.unlockErr(ctx, "wrong password", ""); err != model.ErrWrongPassword {
		t.Fatalf("unlock with a wrong password: %v", err)
	}
	ctx = e.unlock(t, ctx, strongPassword, "")
	e.clock.Advance(59 * time.Minute)
	if _, err := e.svc.Me(ctx); err != nil {
		t.Fatalf("unlock did not restart the hour: %v", err)
	}
}

func TestUnlockFailuresCount(t *testing.T) { // R-PWD-5 on the lock screen
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	e.clock.Advance(time.Hour)
	for i := 0; i < 5; i++ {
		e.unlockErr(ctx, "wrong password", "")
	}
	wantCode(t, e.unlockErr(ctx, strongPassword, ""), model.ELOCKED)
}

func TestCloseAnotherSession(t *testing.T) { // R-SES-2
	e := newEnv(t)
	here := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	there := mustSignIn(t, e, "wile@acme.example", strongPassword)
	list, err := e.svc.ListSessions(here)
	if err != nil || len(list) != 2 {
		t.Fatalf("sessions = %d, %v; want 2", len(list), err)
	}
	thereID := model.SessionIDFrom(there)
	if list[0].ID != thereID || list[0].Origin.String() != "203.0.113.9:4000" || list[0].Client.String() != "xterm" {
		t.Fatalf("newest session = %+v, want the remote one first with origin and client", list[0])
	}
	wantCode(t, e.svc.CloseSession(here, model.SessionIDFrom(here)), model.EINVALID)
	if err := e.svc.CloseSession(here, thereID); err != nil {
		t.Fatal(err)
	}
	if open, err := e.svc.SessionOpen(there); err != nil || open {
		t.Fatalf("closed session still open: %v, %v", open, err)
	}
	if _, err := e.svc.Me(there); err != model.ErrSessionEnded {
		t.Fatalf("closed session: Me = %v", err)
	}
	wantCode(t, e.svc.CloseSession(here, thereID), model.ENOTFOUND)
	if open, _ := e.svc.SessionOpen(here); !open {
		t.Fatal("closing another session closed this one")
	}
}

func TestCannotCloseSomeoneElsesSession(t *testing.T) { // R-SES-2
	e := newEnv(t)
	mine := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	theirs := e.signUp(t, "Other", "Road Runner", "rr@other.example")
	wantCode(t, e.svc.CloseSession(mine, model.SessionIDFrom(theirs)), model.ENOTFOUND)
	if open, _ := e.svc.SessionOpen(theirs); !open {
		t.Fatal("another user's session was closed")
	}
}

func TestChangePasswordEndsOtherSessions(t *testing.T) { // R-PWD-2
	e := newEnv(t)
	here := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	there := mustSignIn(t, e, "wile@acme.example", strongPassword)
	const next = "granite-pelican-sunrise-7"
	wantCode(t, e.svc.ChangePassword(here, "wrong current", next), model.EUNAUTHORIZED)
	wantCode(t, e.svc.ChangePassword(here, strongPassword, "short"), model.EINVALID)
	if open, _ := e.svc.SessionOpen(there); !open {
		t.Fatal("a refused change ended a session")
	}
	if err := e.svc.ChangePassword(here, strongPassword, next); err != nil {
		t.Fatal(err)
	}
	if open, _ := e.svc.SessionOpen(there); open {
		t.Fatal("the other session is still open")
	}
	if open, _ := e.svc.SessionOpen(here); !open {
		t.Fatal("this session was ended")
	}
	if _, err := e.signIn("wile@acme.example", strongPassword); err != model.ErrBadCredentials {
		t.Fatalf("old password: %v", err)
	}
	mustSignIn(t, e, "wile@acme.example", next)
}

func TestChangeEmail(t *testing.T) { // R-PWD-4, R-ACC-2
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	e.signUp(t, "Other", "Road Runner", "rr@other.example")

	_, err := e.svc.ChangeEmail(ctx, "new@acme.example", "wrong password")
	if err != model.ErrWrongPassword {
		t.Fatalf("wrong password: %v", err)
	}
	_, err = e.svc.ChangeEmail(ctx, "RR@Other.Example", strongPassword)
	wantCode(t, err, model.ECONFLICT)
	if me, _ := e.svc.Me(ctx); me.User.Email != "wile@acme.example" {
		t.Fatalf("email changed to %q after refusals", me.User.Email)
	}
	_, err = e.svc.ChangeEmail(ctx, "not an address", strongPassword)
	wantCode(t, err, model.EINVALID)

	u, err := e.svc.ChangeEmail(ctx, "Wile.C@acme.example", strongPassword)
	if err != nil || u.Email != "wile.c@acme.example" {
		t.Fatalf("change email = %v, %v", u, err)
	}
	mustSignIn(t, e, "wile.c@acme.example", strongPassword)
	if _, err := e.signIn("wile@acme.example", strongPassword); err != model.ErrBadCredentials {
		t.Fatalf("old email still signs in: %v", err)
	}
	history, _ := e.svc.SignInHistory(ctx, model.EventPage{Limit: 50})
	var confirmFailures int
	for _, ev := range history {
		if ev.Kind == model.AuthConfirm && ev.Result == model.AuthWrongPassword {
			confirmFailures++
		}
	}
	if confirmFailures != 1 {
		t.Fatalf("wrong confirmation recorded %d times, want 1 (R-SES-3)", confirmFailures)
	}
}

func TestConfirmationFailuresCountTowardsTheWait(t *testing.T) { // R-PWD-4, R-PWD-5
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	for i := 0; i < 5; i++ {
		if err := e.svc.ConfirmPassword(ctx, "wrong"); err != model.ErrWrongPassword {
			t.Fatalf("confirmation %d: %v", i+1, err)
		}
	}
	wantCode(t, e.svc.ConfirmPassword(ctx, strongPassword), model.ELOCKED)
	_, err := e.signIn("wile@acme.example", strongPassword)
	wantCode(t, err, model.ELOCKED)
}

func TestSignOutClosesTheSession(t *testing.T) {
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	if err := e.svc.SignOut(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Me(ctx); err != model.ErrSessionEnded {
		t.Fatalf("after sign-out Me = %v", err)
	}
	if err := e.svc.SignOut(ctx); err != nil {
		t.Fatalf("signing out twice: %v", err)
	}
}

func TestProfileChangesAreAudited(t *testing.T) { // R-AUD-1
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	if _, err := e.svc.ChangeName(ctx, "Wile E. Coyote"); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.ChangeName(ctx, "\x1b]52;c;aGk=\x07")
	wantCode(t, err, model.EINVALID)
	if _, err := e.svc.SetSignInNotifications(ctx, true); err != nil {
		t.Fatal(err)
	}
	log, err := e.svc.SecurityLog(ctx, model.EventPage{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, ev := range log {
		actions = append(actions, ev.Action)
		if ev.Actor != "wile@acme.example" || ev.At.IsZero() {
			t.Errorf("event %s lacks who or when: %+v", ev.Action, ev)
		}
	}
	want := []string{"user.sign_in_notifications", "user.name_changed", "account.created"}
	if len(actions) != len(want) {
		t.Fatalf("audit = %v, want %v", actions, want)
	}
	for i := range want {
		if actions[i] != want[i] {
			t.Fatalf("audit = %v, want %v", actions, want)
		}
	}
	me, _ := e.svc.Me(ctx)
	if !me.User.NotifySignIn || me.User.Name != "Wile E. Coyote" {
		t.Fatalf("profile not saved: %+v", me.User)
	}
}

func TestSecurityLogIsForOwners(t *testing.T) { // R-AUD-1, R-ACC-4
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	me, _ := e.svc.Me(owner)
	manager := &model.User{AccountID: me.Account.ID, Name: "Road Runner", Email: "rr@acme.example", Role: model.RoleManager, Status: model.UserActive, PasswordHash: me.User.PasswordHash, CreatedAt: e.clock.Now()}
	if err := e.db.CreateUser(context.Background(), manager, nil); err != nil {
		t.Fatal(err)
	}
	mctx := mustSignIn(t, e, "rr@acme.example", strongPassword)
	_, err := e.svc.SecurityLog(mctx, model.EventPage{Limit: 10})
	wantCode(t, err, model.EFORBIDDEN)
	if _, err := e.svc.SecurityLog(owner, model.EventPage{Limit: 10}); err != nil {
		t.Fatalf("owner: %v", err)
	}
}

// R-SES-1, SPEC §7: every (re-)authentication issues a new token, the old
// one stops working, and only a hash of a token is stored.
func TestUnlockIssuesANewToken(t *testing.T) {
	e := newEnv(t)
	old := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	before := model.SessionIDFrom(old)
	e.clock.Advance(time.Hour)
	sess, err := e.svc.Unlock(old, strongPassword, "")
	if err != nil {
		t.Fatal(err)
	}
	if sess.Token == "" || sess.Token == sess.ID || sess.ID == before || sess.ID != model.SessionIDFrom(model.WithSession(context.Background(), sess.Token)) {
		t.Fatalf("Unlock gave %+v, the session was %s", sess, before)
	}
	if _, err := e.svc.Me(old); err != model.ErrSessionEnded {
		t.Fatalf("the token from before the unlock: %v, want ErrSessionEnded", err)
	}
	if err := e.unlockErr(old, strongPassword, ""); err != model.ErrSessionEnded {
		t.Fatalf("unlocking with the old token again: %v", err)
	}
	now := model.WithSession(context.Background(), sess.Token)
	if _, err := e.svc.Me(now); err != nil {
		t.Fatal(err)
	}
	if list, _ := e.svc.ListSessions(now); len(list) != 1 || list[0].ID != sess.ID || list[0].Token != "" {
		t.Fatalf("sessions after the unlock: %+v", list)
	}
	if fileHolds(t, e.path, sess.Token) || !fileHolds(t, e.path, sess.ID) {
		t.Fatal("the database holds the session's token, or not its hash")
	}
}

// R-SES-5: a console that goes away ends its session at once, and says why
// in the Sign-in history and the security log; the end is neither a failed
// attempt nor a sign-in that sends an R-SES-4 email.
func TestEndSessionRecordsTheReason(t *testing.T) {
	for _, tc := range []struct {
		name   string
		reason string
		want   string
		lock   bool // the session's hour is over (R-SES-1)
	}{
		{"hang-up", model.EndHangUp, "session ended: the terminal hung up", false},
		{"SIGTERM on a locked console", model.EndTerminated, "session ended: acctl was told to stop", true},
		{"no reason", " \t\x07 ", "session ended: " + model.EndQuit, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
			if _, err := e.svc.SetSignInNotifications(owner, true); err != nil {
				t.Fatal(err)
			}
			ctx := mustSignIn(t, e, "wile@acme.example", strongPassword)
			mailBefore := len(outbox(t, e, owner))
			if tc.lock {
				e.clock.Advance(model.SessionTTL + time.Minute)
			}
			if err := e.svc.EndSession(ctx, tc.reason); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.Caller(ctx); err != model.ErrSessionEnded {
				t.Fatalf("after EndSession Caller = %v", err)
			}
			if err := e.svc.EndSession(ctx, tc.reason); err != nil {
				t.Fatalf("ending it twice: %v", err)
			}
			if err := e.svc.EndSession(context.Background(), tc.reason); err != nil {
				t.Fatalf("ending no session: %v", err)
			}
			if tc.lock {
				owner = mustSignIn(t, e, "wile@acme.example", strongPassword)
				mailBefore++
			}
			history, err := e.svc.SignInHistory(owner, model.EventPage{Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			var ends []*model.AuthEvent
			for _, ev := range history {
				if ev.Kind == model.AuthSessionEnd {
					ends = append(ends, ev)
				}
			}
			if len(ends) != 1 || string(ends[0].Result) != tc.want || ends[0].Result.Failed() || ends[0].Origin.Remote != "203.0.113.9:4000" {
				t.Fatalf("session-end events %+v, want one %q from the session's origin", ends, tc.want)
			}
			if n := len(outbox(t, e, owner)); n != mailBefore {
				t.Errorf("%d notifications after the end, %d before: the end is not a sign-in", n, mailBefore)
			}
			log, err := e.svc.SecurityLog(owner, model.EventPage{Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if log[0].Action != "session.closed" || "session ended: "+log[0].Detail != tc.want {
				t.Fatalf("newest audit event %s %q, want session.closed with the reason", log[0].Action, log[0].Detail)
			}
		})
	}
}

// A console reads its caller again only when the revision of the session's
// state changes: any change to the user, their two-factor state or their
// account changes it; activity on the session does not (R-SES-2, R-USR-3,
// migration 013).
func TestSessionStateRevision(t *testing.T) { // R-SES-2, R-USR-3
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	state := func() model.SessionState {
		t.Helper()
		st, err := e.svc.SessionState(ctx)
		if err != nil || !st.Open {
			t.Fatalf("SessionState = %+v, %v", st, err)
		}
		return st
	}
	last := state()
	for _, change := range []struct {
		name   string
		do     func() error
		bumped bool
	}{
		{"activity on the session", func() error {
			e.clock.Advance(time.Hour / 2)
			_, err := e.svc.Touch(ctx, time.Time{})
			return err
		}, false},
		{"a new name", func() error { _, err := e.svc.ChangeName(ctx, "Wile E. Coyote"); return err }, true},
		{"the account's details", func() error { _, err := e.svc.UpdateAccountDetails(ctx, goodDetails); return err }, true},
		{"two-factor setup begun", func() error { _, err := e.svc.BeginTwoFactorSetup(ctx); return err }, true},
		{"nothing", func() error { return nil }, false},
	} {
		if err := change.do(); err != nil {
			t.Fatalf("%s: %v", change.name, err)
		}
		now := state()
		if bumped := now.Revision != last.Revision; bumped != change.bumped {
			t.Errorf("%s: revision %d → %d", change.name, last.Revision, now.Revision)
		}
		last = now
	}
	if err := e.svc.SignOut(ctx); err != nil {
		t.Fatal(err)
	}
	if st, err := e.svc.SessionState(ctx); err != nil || st.Open {
		t.Errorf("after sign-out: %+v, %v", st, err)
	}
}
