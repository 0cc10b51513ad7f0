package model_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"acctl/model"
)

// outbox reads the caller's whole outbox, newest first.
func outbox(t *testing.T, e *env, ctx context.Context) []*model.Notification {
	t.Helper()
	list, err := e.svc.Outbox(ctx, model.EventPage{Limit: model.MaxPage})
	if err != nil {
		t.Fatalf("outbox: %v", err)
	}
	return list
}

func kinds(list []*model.Notification) []string {
	var out []string
	for _, n := range list {
		out = append(out, n.Kind)
	}
	return out
}

// addManager adds an active manager with the owner's password to the
// owner's account and signs them in.
func addManager(t *testing.T, e *env, owner context.Context, email string) (*model.User, context.Context) {
	t.Helper()
	me, err := e.svc.Me(owner)
	if err != nil {
		t.Fatal(err)
	}
	m := &model.User{AccountID: me.Account.ID, Name: "Road Runner", Email: email, Role: model.RoleManager,
		Status: model.UserActive, PasswordHash: me.User.PasswordHash, CreatedAt: e.clock.Now()}
	if err := e.db.CreateUser(context.Background(), m, nil); err != nil {
		t.Fatal(err)
	}
	return m, mustSignIn(t, e, email, strongPassword)
}

// R-SES-4: a user who opted in gets an email for every sign-in attempt on
// their address, failed ones too, with time, origin and result and never
// what was typed; one who did not opt in, and an unknown email, get none.
func TestSignInAttemptNotifications(t *testing.T) { // R-SES-4
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	_, mctx := addManager(t, e, owner, "rr@acme.example")
	if got := outbox(t, e, owner); len(got) != 0 {
		t.Fatalf("before opting in: %v", kinds(got))
	}
	if _, err := e.svc.SetSignInNotifications(owner, true); err != nil {
		t.Fatal(err)
	}

	const typed = "hunter2-not-my-password"
	e.clock.Advance(time.Second)
	e.signIn("wile@acme.example", typed)
	e.clock.Advance(time.Second)
	e.signIn("nobody@acme.example", typed)
	e.signIn("rr@acme.example", typed) // the manager did not opt in
	e.clock.Advance(time.Second)
	mustSignIn(t, e, "wile@acme.example", strongPassword)
	for range 5 {
		e.signIn("wile@acme.example", typed)
	}
	e.clock.Advance(time.Second)
	_, err := e.signIn("wile@acme.example", strongPassword)
	wantCode(t, err, model.ELOCKED)

	list := outbox(t, e, owner)
	want := []model.AuthResult{model.AuthLocked, model.AuthWrongPassword, model.AuthWrongPassword, model.AuthWrongPassword,
		model.AuthWrongPassword, model.AuthWrongPassword, model.AuthSucceeded, model.AuthWrongPassword}
	if len(list) != len(want) {
		t.Fatalf("%d notifications %v, want %d: one per attempt on the owner's email only", len(list), kinds(list), len(want))
	}
	for i, n := range list {
		if n.Kind != model.NotifySignInAttempt || n.Channel != model.ChannelEmail || n.To != "wile@acme.example" || n.Status != model.NotificationQueued {
			t.Errorf("notification %d: %+v", i, n)
		}
		for _, s := range []string{"Result: " + string(want[i]), "From:   203.0.113.9:4000", "Client: xterm", "UTC"} {
			if !strings.Contains(n.Body, s) {
				t.Errorf("notification %d body lacks %q:\n%s", i, s, n.Body)
			}
		}
		for _, secret := range []string{typed, strongPassword} {
			if strings.Contains(n.Body, secret) || strings.Contains(n.Subject, secret) {
				t.Fatalf("notification %d carries a typed password:\n%s", i, n.Body)
			}
		}
		if n.CarriesCode {
			t.Errorf("notification %d marked as carrying a code", i)
		}
	}
	if !strings.Contains(list[len(list)-1].Body, "2026-11-23 09:00:01 UTC") {
		t.Errorf("first attempt's time missing:\n%s", list[len(list)-1].Body)
	}
	if !strings.Contains(list[0].Subject, "failed") || strings.Contains(list[6].Subject, "failed") {
		t.Errorf("subjects: failed %q, success %q", list[0].Subject, list[6].Subject)
	}

	if got := outbox(t, e, mctx); len(got) != 0 {
		t.Fatalf("the manager, who did not opt in, has %v", kinds(got))
	}

	// Turned off again: no more notifications.
	if _, err := e.svc.SetSignInNotifications(owner, false); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Hour)
	again := mustSignIn(t, e, "wile@acme.example", strongPassword)
	if got := outbox(t, e, again); len(got) != len(want) {
		t.Fatalf("after opting out: %d notifications, want %d", len(got), len(want))
	}
}

// R-SES-4 counts sign-ins only: the password modal inside a session
// (R-PWD-4) is not one. (Which auth kinds count is notification_internal_test.go.)
func TestConfirmationIsNotNotified(t *testing.T) { // R-SES-4, R-PWD-4
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	if _, err := e.svc.SetSignInNotifications(owner, true); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.ConfirmPassword(owner, "wrong password"); err != model.ErrWrongPassword {
		t.Fatal(err)
	}
	if err := e.svc.ConfirmPassword(owner, strongPassword); err != nil {
		t.Fatal(err)
	}
	if got := outbox(t, e, owner); len(got) != 0 {
		t.Fatalf("confirmations were notified as sign-ins: %v", kinds(got))
	}
}

// R-PWD-2: changing the password notifies the user, without the password.
func TestPasswordChangeIsNotified(t *testing.T) { // R-PWD-2
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	const next = "granite-pelican-orbit-37"
	if err := e.svc.ChangePassword(owner, "wrong password", next); err == nil {
		t.Fatal("changed with a wrong current password")
	}
	if got := outbox(t, e, owner); len(got) != 0 {
		t.Fatalf("a refused change notified: %v", kinds(got))
	}
	if err := e.svc.ChangePassword(owner, strongPassword, next); err != nil {
		t.Fatal(err)
	}
	list := outbox(t, e, owner)
	if len(list) != 1 {
		t.Fatalf("%d notifications %v, want 1", len(list), kinds(list))
	}
	n := list[0]
	if n.Kind != model.NotifyPasswordChanged || n.To != "wile@acme.example" || n.Channel != model.ChannelEmail || n.Subject == "" {
		t.Fatalf("notification: %+v", n)
	}
	if !strings.Contains(n.Body, "local terminal") || !strings.Contains(n.Body, "other sessions were ended") {
		t.Errorf("body lacks origin or what happened:\n%s", n.Body)
	}
	if strings.Contains(n.Body, next) || strings.Contains(n.Body, strongPassword) {
		t.Fatalf("body carries a password:\n%s", n.Body)
	}
}

// SPEC §8 with R-ACC-4: owners read the account's outbox, managers only
// their own notifications; nobody reads another account's; a one-time code
// is shown to its own user only, and after delivery to nobody.
func TestOutboxPermissions(t *testing.T) { // SPEC §8, R-ACC-4
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	me, _ := e.svc.Me(owner)
	manager, mctx := addManager(t, e, owner, "rr@acme.example")
	stranger := e.signUp(t, "Other", "Bugs Bunny", "bugs@other.example")
	them, _ := e.svc.Me(stranger)

	add := func(u *model.User, kind, body string, code bool) *model.Notification {
		t.Helper()
		e.clock.Advance(time.Second)
		n := &model.Notification{AccountID: u.AccountID, UserID: u.ID, Channel: model.ChannelEmail, To: u.Email,
			Subject: "s", Body: body, Kind: kind, CarriesCode: code, CreatedAt: e.clock.Now()}
		if err := e.db.AddNotification(context.Background(), n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	ownerNote := add(me.User, model.NotifyPasswordChanged, "owner's note", false)
	ownerCode := add(me.User, model.NotifyPasswordReset, "Code: 111111", true)
	managerNote := add(manager, model.NotifyPasswordChanged, "manager's note", false)
	managerCode := add(manager, model.NotifyPasswordReset, "Code: 222222", true)
	strangerNote := add(them.User, model.NotifyPasswordChanged, "stranger's note", false)

	bodies := func(list []*model.Notification) map[int64]string {
		m := map[int64]string{}
		for _, n := range list {
			m[n.ID] = n.Body
		}
		return m
	}
	for _, tc := range []struct {
		name string
		ctx  context.Context
		want map[int64]string
	}{
		{"owner", owner, map[int64]string{ownerNote.ID: "owner's note", ownerCode.ID: "Code: 111111",
			managerNote.ID: "manager's note", managerCode.ID: model.CodeHiddenBody}},
		{"manager", mctx, map[int64]string{managerNote.ID: "manager's note", managerCode.ID: "Code: 222222"}},
		{"other account", stranger, map[int64]string{strangerNote.ID: "stranger's note"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := bodies(outbox(t, e, tc.ctx))
			if len(got) != len(tc.want) {
				t.Fatalf("outbox %v, want %v", got, tc.want)
			}
			for id, body := range tc.want {
				if got[id] != body {
					t.Errorf("notification %d body %q, want %q", id, got[id], body)
				}
				n, err := e.svc.Notification(tc.ctx, id)
				if err != nil || n.Body != body {
					t.Errorf("Notification(%d) = %v, %v; want body %q", id, n, err, body)
				}
			}
			for _, n := range []*model.Notification{ownerNote, ownerCode, managerNote, managerCode, strangerNote} {
				if _, listed := tc.want[n.ID]; listed {
					continue
				}
				_, err := e.svc.Notification(tc.ctx, n.ID)
				wantCode(t, err, model.ENOTFOUND)
			}
		})
	}
	t.Run("code erased after delivery", func(t *testing.T) {
		if err := e.db.MarkSent(context.Background(), managerCode.ID, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		n, err := e.svc.Notification(mctx, managerCode.ID)
		if err != nil || n.Body != model.CodeErasedBody {
			t.Fatalf("after delivery: %+v, %v", n, err)
		}
	})
	t.Run("paged newest first", func(t *testing.T) {
		list, err := e.svc.Outbox(owner, model.EventPage{Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if got := []int64{list[0].ID, list[1].ID}; !slices.Equal(got, []int64{managerCode.ID, managerNote.ID}) {
			t.Fatalf("first window %v", got)
		}
	})
	t.Run("signed out", func(t *testing.T) {
		_, err := e.svc.Outbox(context.Background(), model.EventPage{Limit: 10})
		wantCode(t, err, model.EUNAUTHORIZED)
	})
}
