package model_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"

	"acctl/model"
)

// outboxTo counts the caller's outbox messages of kind to address.
func outboxTo(t *testing.T, e *env, ctx context.Context, kind, address string) int {
	t.Helper()
	list, err := e.svc.Outbox(ctx, model.EventPage{Limit: model.MaxPage})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range list {
		if m.Kind == kind && m.To == address {
			n++
		}
	}
	return n
}

// newKeyLine is a fresh ed25519 public key as an authorized_keys line.
func newKeyLine(t *testing.T) string {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return keyLine(t, pub, "laptop")
}

// R-PWD-4, issue 10 defect 1: adding a mobile number and adding or
// generating an SSH key ask for the password first; a wrong one adds
// nothing, sends no code, and counts towards R-PWD-5.
func TestNewFactorsNeedThePassword(t *testing.T) {
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	line := newKeyLine(t)
	for name, try := range map[string]func(password string) error{
		"add phone": func(pw string) error { _, err := e.svc.AddPhone(ctx, mobile, false, pw); return err },
		"add SSH key": func(pw string) error {
			_, err := e.svc.AddSSHKey(ctx, "laptop", line, pw)
			return err
		},
		"generate SSH key": func(pw string) error { _, _, err := e.svc.GenerateSSHKey(ctx, "", pw); return err },
	} {
		t.Run(name, func(t *testing.T) {
			if err := try("wrong password"); err != model.ErrWrongPassword {
				t.Fatalf("wrong password: %v", err)
			}
		})
	}
	if phones, _ := e.svc.ListPhones(ctx); len(phones) != 0 {
		t.Fatalf("a refused add stored %+v", phones)
	}
	if keys, _ := e.svc.ListSSHKeys(ctx); len(keys) != 0 {
		t.Fatalf("a refused add stored %+v", keys)
	}
	if n := outboxTo(t, e, ctx, model.NotifySMSCode, mobileNum); n != 0 {
		t.Fatal("a refused add sent a code")
	}
	if th := throttle(t, e, "wile@acme.example"); th.Failures != 3 {
		t.Fatalf("failures = %d, want the 3 wrong passwords counted (R-PWD-5)", th.Failures)
	}
}

// R-PWD-6, issue 10 defect 6: every change to how a user signs in queues
// a security notice to them, listed in their outbox; an email change
// notifies the old and the new address and ends the other sessions.
func TestSignInChangesAreNotified(t *testing.T) {
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	other := mustSignIn(t, e, "wile@acme.example", strongPassword)

	if _, err := e.svc.ChangeEmail(ctx, "coyote@acme.example", strongPassword); err != nil {
		t.Fatal(err)
	}
	if open, _ := e.svc.SessionOpen(other); open {
		t.Fatal("an email change left another session open")
	}
	if open, _ := e.svc.SessionOpen(ctx); !open {
		t.Fatal("an email change ended this session")
	}
	const me = "coyote@acme.example"
	if outboxTo(t, e, ctx, model.NotifyEmailChanged, "wile@acme.example") != 1 || outboxTo(t, e, ctx, model.NotifyEmailChanged, me) != 1 {
		t.Fatal("the email change was not notified to both addresses")
	}
	secret, _ := e.enable2FA(t, ctx)
	if _, err := e.svc.NewRecoveryCodes(ctx, strongPassword); err != nil {
		t.Fatal(err)
	}
	e.addVerifiedPhone(t, ctx, me, mobile, false)
	if err := e.svc.RemovePhone(ctx, false, strongPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddSSHKey(ctx, "laptop", newKeyLine(t), strongPassword); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.GenerateSSHKey(ctx, "", strongPassword); err != nil {
		t.Fatal(err)
	}
	key, tok, err := e.svc.CreateToken(ctx, "ci", model.TokenReadOnly, model.TokenExpiry{}, strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.RotateToken(ctx, tok.ID, strongPassword); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.DisableTwoFactor(ctx, strongPassword, e.code(t, secret, 0)); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.ChangePassword(ctx, strongPassword, newPassword); err != nil {
		t.Fatal(err)
	}
	for kind, want := range map[string]int{
		model.Notify2FAEnabled:      1,
		model.NotifyRecoveryCodes:   1,
		model.NotifyPhoneAdded:      1,
		model.NotifyPhoneRemoved:    1,
		model.NotifySSHKeyAdded:     2,
		model.NotifyAPIKeyAdded:     2,
		model.Notify2FADisabled:     1,
		model.NotifyPasswordChanged: 1,
	} {
		if got := outboxTo(t, e, ctx, kind, me); got != want {
			t.Errorf("%d %q notices to %s, want %d", got, kind, me, want)
		}
	}
	list, _ := e.svc.Outbox(ctx, model.EventPage{Limit: model.MaxPage})
	for _, m := range list {
		if strings.Contains(m.Body, key) || strings.Contains(m.Body, secret) {
			t.Fatalf("a notice holds a secret: %+v", m)
		}
	}
}
