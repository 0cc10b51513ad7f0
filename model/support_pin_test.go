package model_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"acctl/model"
)

// R-SET-3, R-PWD-4: the PIN is six digits, shown after the password to
// owners and managers, the same each time until regenerated; each showing
// and the regeneration are audited, the regeneration notified without the
// PIN.
func TestSupportPIN(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	manager := e.member(t, owner, "road@acme.example", model.RoleManager)
	acct := e.actor(t, owner).Account
	e.addContact(t, owner, "ceo@acme.example", "CEO", model.ContactPrimary)

	if _, err := e.svc.SupportPIN(owner, "wrong password"); err != model.ErrWrongPassword {
		t.Fatalf("wrong password: %v", err)
	}
	pin, err := e.svc.SupportPIN(owner, strongPassword)
	if err != nil || len(pin) != 6 || strings.Trim(pin, "0123456789") != "" {
		t.Fatalf("PIN %q, %v", pin, err)
	}
	again, err := e.svc.SupportPIN(manager, strongPassword)
	if err != nil || again != pin {
		t.Fatalf("the manager sees %q, %v; want the same %q", again, err, pin)
	}
	if e.auditCount(t, acct.ID, "support_pin.created") != 1 || e.auditCount(t, acct.ID, "support_pin.shown") != 1 {
		t.Errorf("audit: created %d, shown %d", e.auditCount(t, acct.ID, "support_pin.created"), e.auditCount(t, acct.ID, "support_pin.shown"))
	}
	next, err := e.svc.RegenerateSupportPIN(manager, strongPassword)
	if err != nil || len(next) != 6 {
		t.Fatalf("regenerate: %q, %v", next, err)
	}
	if shown, _ := e.svc.SupportPIN(owner, strongPassword); shown != next {
		t.Fatalf("after regenerating, %q is shown, want %q", shown, next)
	}
	sent := e.outboxOf(t, acct.ID, model.NotifySupportPIN)
	if got := reasons(t, sent); len(got) != 2 || got["road@acme.example"] != model.ReasonUser || got["ceo@acme.example"] != "Primary contact" {
		t.Fatalf("regeneration notified %v", got)
	}
	for _, n := range e.outbox(t, acct.ID) {
		if strings.Contains(n.Body, pin) || strings.Contains(n.Body, next) || strings.Contains(n.Subject, next) {
			t.Errorf("a notification carries the PIN: %+v", n)
		}
	}
	if e.auditCount(t, acct.ID, "support_pin.regenerated") != 1 {
		t.Error("the regeneration is not audited")
	}
	for _, a := range mustList(t, e, acct.ID) {
		if strings.Contains(a.Detail, next) || strings.Contains(a.Detail, pin) {
			t.Errorf("the audit log carries the PIN: %+v", a)
		}
	}
}

func mustList(t *testing.T, e *env, accountID int64) []*model.AuditEvent {
	t.Helper()
	list, err := e.db.ListAudit(context.Background(), accountID, model.EventPage{Limit: model.MaxPage})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// SPEC §7, R-SET-3: the PIN is sealed at rest: no file of the database
// holds it, neither the main file nor its write-ahead log, and it opens
// only with this data directory's key.
func TestSupportPINIsSealed(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	var pins []string
	for range 3 {
		pin, err := e.svc.RegenerateSupportPIN(owner, strongPassword)
		if err != nil {
			t.Fatal(err)
		}
		pins = append(pins, pin)
	}
	files, _ := filepath.Glob(e.path + "*")
	if len(files) < 2 {
		t.Fatalf("database files %v: want the file and its WAL", files)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, pin := range pins {
			if bytes.Contains(data, []byte(pin)) {
				t.Errorf("%s holds the PIN %s in plain text", filepath.Base(f), pin)
			}
		}
	}
	other := model.NewService(model.Config{Store: e.db, Hasher: model.NewHasher(testArgon2), Clock: e.clock.Now, Sealer: newSealer(t)})
	if _, err := other.SupportPIN(owner, strongPassword); err != model.ErrPINSealingKey {
		t.Fatalf("another key opens the PIN: %v", err)
	}
	unsealed := model.NewService(model.Config{Store: e.db, Hasher: model.NewHasher(testArgon2), Clock: e.clock.Now})
	if _, err := unsealed.SupportPIN(owner, strongPassword); err != model.ErrPINNoSealer {
		t.Fatalf("without a key: %v", err)
	}
}

// R-SET-3, R-STF-5, R-PWD-5: staff check a caller's PIN, match or no
// match, never seeing it; after five misses in a row the account's checks
// wait 1 minute, then 2; a match resets the count; every check is in the
// account's log.
func TestCheckCallerPIN(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	other := e.signUp(t, "Other", "Bugs Bunny", "bugs@other.example")
	acct, otherAcct := e.actor(t, owner).Account, e.actor(t, other).Account
	ctx := context.Background()
	if ok, err := e.svc.CheckCallerPIN(ctx, acct.ID, "sam", "123456"); ok || err != nil {
		t.Fatalf("an account without a PIN: %v, %v", ok, err)
	}
	pin, err := e.svc.SupportPIN(owner, strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	wrong := "000000"
	if pin == wrong {
		wrong = "999999"
	}
	if ok, err := e.svc.CheckCallerPIN(ctx, acct.ID, "sam", " "+pin[:3]+" "+pin[3:]+" "); !ok || err != nil {
		t.Fatalf("the right PIN, spaced: %v, %v", ok, err)
	}
	for _, bad := range []string{"", "12345", "1234567", "12a456", "１２３４５６"} {
		_, err := e.svc.CheckCallerPIN(ctx, acct.ID, "sam", bad)
		if err != model.ErrPINFormat {
			t.Errorf("%q: %v", bad, err)
		}
	}
	// One miss already counted above (no PIN); the match reset it.
	for i := range model.FreeAttempts {
		if ok, err := e.svc.CheckCallerPIN(ctx, acct.ID, "sam", wrong); ok || err != nil {
			t.Fatalf("miss %d: %v, %v", i+1, ok, err)
		}
	}
	if _, err := e.svc.CheckCallerPIN(ctx, acct.ID, "sam", pin); model.ErrorCode(err) != model.ELOCKED {
		t.Fatalf("after five misses, even the right PIN waits: %v", err)
	}
	if ok, err := e.svc.CheckCallerPIN(ctx, otherAcct.ID, "sam", wrong); ok || err != nil {
		t.Fatalf("another account's checks do not wait: %v, %v", ok, err)
	}
	e.clock.Advance(model.FirstWait + time.Second)
	if ok, err := e.svc.CheckCallerPIN(ctx, acct.ID, "sam", wrong); ok || err != nil {
		t.Fatalf("after the wait, a miss: %v, %v", ok, err)
	}
	_, err = e.svc.CheckCallerPIN(ctx, acct.ID, "sam", pin)
	var me *model.Error
	if model.ErrorCode(err) != model.ELOCKED || !errors.As(err, &me) || time.Unix(0, me.RetryAt).Sub(e.clock.Now()) != 2*model.FirstWait {
		t.Fatalf("the sixth miss doubles the wait: %v", err)
	}
	e.clock.Advance(2*model.FirstWait + time.Second)
	if ok, err := e.svc.CheckCallerPIN(ctx, acct.ID, "sam", pin); !ok || err != nil {
		t.Fatalf("after the wait, the right PIN: %v, %v", ok, err)
	}
	if ok, err := e.svc.CheckCallerPIN(ctx, acct.ID, "sam", wrong); ok || err != nil {
		t.Fatalf("a match reset the count: %v, %v", ok, err)
	}
	if _, err := e.svc.CheckCallerPIN(ctx, 999, "sam", pin); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("no such account: %v", err)
	}
	checks := 0
	for _, a := range mustList(t, e, acct.ID) {
		if a.Action == "support.pin_checked" {
			checks++
			if a.Actor != "support: sam" || (a.Detail != "match" && a.Detail != "no match") {
				t.Errorf("audit %+v", a)
			}
		}
	}
	if checks != 10 { // refused while waiting: not checked, not logged
		t.Errorf("%d checks in the log, want 10", checks)
	}
}
