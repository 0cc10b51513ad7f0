package demo_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"acctl/demo"
	"acctl/model"
	"acctl/seal"
	"acctl/store"
)

// Issue 3, item 10: demo users have 2FA on (R-2FA-5), and the secret the
// demo returns gives the code the sign-in step accepts.
func TestDemoUsersSignInWithTheirCurrentCode(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key, err := seal.LoadOrCreateKey(filepath.Join(dir, seal.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	sealer, err := seal.New(key)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	h := model.NewHasher(model.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1})
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	if err := demo.Seed(ctx, db, h, now); err != nil {
		t.Fatal(err)
	}
	secrets, err := demo.EnableTwoFactor(ctx, db, sealer, now)
	if err != nil {
		t.Fatal(err)
	}
	svc := model.NewService(model.Config{Store: db, Hasher: h, Sealer: sealer, Clock: func() time.Time { return now }})
	for _, l := range demo.Logins {
		res, err := svc.SignIn(ctx, model.SignInRequest{Email: l.Email, Password: demo.Password})
		if err != nil {
			t.Fatalf("%s: %v", l.Email, err)
		}
		if res.Challenge == nil {
			t.Fatalf("%s signed in without the code step; demo users must have 2FA on", l.Email)
		}
		code, err := model.TOTPCode(secrets[l.Email], model.TOTPStep(now), model.TOTPDigits)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CompleteSignIn(ctx, res.Challenge.Token, code); err != nil {
			t.Fatalf("%s with the demo's current code: %v", l.Email, err)
		}
	}
}

// --demo has no mail server: the demo inbox shows the reset email queued
// for a demo user (R-PWD-3), and nothing for an address with no message.
func TestDemoInboxShowsTheResetCode(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	h := model.NewHasher(model.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1})
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	if err := demo.Seed(ctx, db, h, now); err != nil {
		t.Fatal(err)
	}
	inbox := demo.Inbox(db)
	if got := inbox(ctx, "grace@northwind.example"); got != "" {
		t.Fatalf("inbox before any request = %q", got)
	}
	svc := model.NewService(model.Config{Store: db, Hasher: h, Clock: func() time.Time { return now }})
	if err := svc.RequestPasswordReset(ctx, "Grace@Northwind.example", model.LocalOrigin, model.Client{}); err != nil {
		t.Fatal(err)
	}
	if got := inbox(ctx, "GRACE@northwind.example"); len(got) != 29 || strings.Count(got, "-") != 5 {
		t.Fatalf("the demo inbox does not show the reset email: %q", got)
	}
}
