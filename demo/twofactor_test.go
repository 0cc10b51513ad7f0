package demo_test

import (
	"context"
	"strings"
	"testing"

	"acctl/demo"
	"acctl/model"
)

// Issue 3, item 10: demo users have 2FA on (R-2FA-5), and the secret the
// demo returns gives the code the sign-in step accepts.
func TestDemoUsersSignInWithTheirCurrentCode(t *testing.T) {
	d := seedDemo(t)
	svc, ctx, now := d.svc, context.Background(), d.now
	secrets, err := demo.EnableTwoFactor(ctx, d.db, d.sealer, now)
	if err != nil {
		t.Fatal(err)
	}
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
	d := seedDemo(t)
	svc, ctx := d.svc, context.Background()
	inbox := demo.Inbox(d.db, d.sealer)
	if got := inbox(ctx, "grace@northwind.example"); got != "" {
		t.Fatalf("inbox before any request = %q", got)
	}
	if err := svc.RequestPasswordReset(ctx, "Grace@Northwind.example", model.LocalOrigin, model.Client{}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.QueueResetEmails(ctx); err != nil { // main runs it every 2 seconds
		t.Fatal(err)
	}
	if got := inbox(ctx, "GRACE@northwind.example"); len(got) != 29 || strings.Count(got, "-") != 5 {
		t.Fatalf("the demo inbox does not show the reset email: %q", got)
	}
}
