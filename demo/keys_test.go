package demo_test

import (
	"context"
	"testing"

	"acctl/demo"
	"acctl/model"
)

// The demo account shows every state of the API keys list and a few SSH
// keys, each seen by the right roles (R-TOK-2, R-SSH-2, R-ACC-4).
func TestSeedKeys(t *testing.T) {
	d := seedDemo(t)
	svc, ctx, now := d.svc, context.Background(), d.now
	signIn := func(email string) context.Context {
		res, err := svc.SignIn(ctx, model.SignInRequest{Email: email, Password: demo.Password})
		if err != nil || res.Session == nil {
			t.Fatalf("sign in %s: %v", email, err)
		}
		return model.WithSession(ctx, res.Session.Token)
	}
	owner, manager := signIn("ada@northwind.example"), signIn("grace@northwind.example")

	states := func(ctx context.Context) map[string]int {
		list, err := svc.ListTokens(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, tok := range list {
			out[tok.State(now)]++
		}
		return out
	}
	if got := states(owner); got["active"] != 5 || got["expired"] != 1 || got["revoked"] != 1 {
		t.Fatalf("the owner's list: %v", got)
	}
	if got := states(manager); got["active"] != 1 || got["expired"] != 1 || got["revoked"] != 0 {
		t.Fatalf("the manager's list: %v", got)
	}
	keys := func(ctx context.Context) int {
		list, err := svc.ListSSHKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	if keys(owner) != 4 || keys(manager) != 1 {
		t.Fatalf("SSH keys: the owner sees %d, the manager %d; want 4, 1", keys(owner), keys(manager))
	}
	// Terraform and staging deploy expire within the week.
	if n, err := svc.NotifyExpiringTokens(ctx); err != nil || n != 2 {
		t.Fatalf("expiry warnings: %d, %v; want 2", n, err)
	}
}
