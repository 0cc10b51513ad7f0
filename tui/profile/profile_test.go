package profile_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"acctl/model"
	"acctl/tui/tuitest"
)

func TestProfileGoldens(t *testing.T) {
	goldens(t, "profile", "none before this one", signedIn, func(t *testing.T, f *fixture) {})
}

// Profile shows the sign-in before this session's, not this one (issue
// 9), with where it came from.
func TestProfileShowsThePreviousSignIn(t *testing.T) {
	env := tuitest.NewEnv(t)
	env.SignUp(t, "Acme", "Wile Coyote", owner)
	env.Clock.Advance(26 * time.Hour)
	if _, err := env.Svc.SignIn(context.Background(), model.SignInRequest{Email: owner, Password: password,
		Origin: model.Origin{Remote: "203.0.113.9:4000"}}); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(3 * time.Hour)
	s := env.SignIn(t, owner)
	c := tuitest.Run(t, env, 80, 24, tuitest.SignedIn(s))
	screen := c.WaitFor("Last sign-in   2026-11-24 11:00 UTC ·", "203.0.113.9:4000")
	if strings.Contains(screen, "14:00") {
		t.Fatalf("Profile shows this sign-in:\n%s", screen)
	}
}

// Long values wrap under themselves, never to column 0 (issue 9).
func TestProfileWrapsLongValuesUnderThemselves(t *testing.T) {
	env := tuitest.NewEnv(t)
	s := env.SignUp(t, "Northwind Hosting and Colocation Services of the Greater Manchester Area Ltd",
		"Wile Ethelbert Coyote", "wile.ethelbert.coyote.the.third@acme-rockets-and-anvils.example")
	c := tuitest.Run(t, env, 80, 24, tuitest.SignedIn(s))
	screen := c.WaitFor("Member since", "Greater")
	for _, line := range strings.Split(screen, "\n") {
		content := line
		if i := strings.Index(content, "│ "); i >= 0 {
			content = content[i+len("│ "):] // the menu's border
		}
		for _, word := range []string{"Greater", "Manchester", "Area Ltd", "Services"} {
			if strings.HasPrefix(strings.TrimSpace(content), word) && !strings.HasPrefix(content, strings.Repeat(" ", 15)) {
				t.Fatalf("a long value wrapped to column 0:\n%s", screen)
			}
		}
	}
}

// Profile's keys work at once, also while the menu has the focus; a turns
// sign-in alerts on and off (R-SES-4).
func TestSignInAlertsFromTheMenu(t *testing.T) {
	f := signedIn(t, 80, 24)
	f.c.WaitFor("enter open", "Sign-in alerts off") // the menu has the focus
	f.c.Keys("a")
	f.c.WaitFor("Sign-in alerts are on", "Sign-in alerts on:")
	if !me(t, f.env, owner).NotifySignIn {
		t.Fatal("sign-in alerts are off in the database")
	}
	f.c.Keys("a")
	f.c.WaitFor("Sign-in alerts are off.", "Sign-in alerts off")
	if me(t, f.env, owner).NotifySignIn {
		t.Fatal("sign-in alerts are on in the database")
	}
}

// Type-ahead (SPEC §5): s then a in one burst opens Mobile numbers and
// its add form; the a never reaches Profile, whose alerts stay off.
func TestTypeAheadReachesTheNewScreen(t *testing.T) {
	f := signedIn(t, 80, 24)
	f.c.Burst("s", "a")
	f.c.WaitFor("Add your mobile number", "with its country code")
	time.Sleep(100 * time.Millisecond) // a toggle, had it run, would have landed
	if me(t, f.env, owner).NotifySignIn {
		t.Fatal("the a of the burst switched sign-in alerts on")
	}
	f.c.Keys("esc")
	f.c.WaitFor("Mobile number", "not set")
	f.c.Keys("esc")
	f.c.WaitFor("Sign-in alerts off")
}

func TestEditName(t *testing.T) {
	f := signedIn(t, 80, 24)
	f.c.Keys("e")
	f.c.WaitFor("Edit name", "Wile Coyote")
	erase(f.c, len("Wile Coyote"))
	f.c.Type("  ")
	f.c.Keys("enter")
	f.c.WaitFor("Edit name", "Enter your name.")
	erase(f.c, 2)
	f.c.Type("Wile E. Coyote")
	f.c.Keys("enter")
	f.c.WaitFor("Name saved.", "Wile E. Coyote (Owner)", "Name           Wile E. Coyote")
	if got := me(t, f.env, owner).Name; got != "Wile E. Coyote" {
		t.Fatalf("name in the database: %q", got)
	}
}

// SPEC §5: names from the database are cleaned where Profile draws them,
// and shown escaped.
func TestProfileCleansWhatItDraws(t *testing.T) {
	env := tuitest.NewEnv(t)
	ctx := context.Background()
	evil := "\x1b]52;c;aGk=\x07|\u202eevil"
	hash, err := env.Svc.Hasher().Hash(ctx, password)
	if err != nil {
		t.Fatal(err)
	}
	now := env.Clock.Now()
	acct := &model.Account{CompanyName: "Acme " + evil, Status: model.AccountActive, CreatedAt: now}
	u := &model.User{Name: "Wile " + evil, Email: owner, Role: model.RoleOwner, Status: model.UserActive, PasswordHash: hash, CreatedAt: now}
	if err := env.DB.CreateAccount(ctx, acct, u, &model.AuditEvent{Action: "account.created", At: now}); err != nil {
		t.Fatal(err)
	}
	c := tuitest.Run(t, env, 120, 40, tuitest.SignedIn(env.SignIn(t, owner)))
	screen := c.WaitFor("Name           Wile \\x1b]52;c;aGk=\\x07", "Account        Acme \\x1b]52")
	if strings.ContainsAny(screen, "\x1b\x07\u202e") {
		t.Fatalf("a control or bidi character reached the screen:\n%q", screen)
	}
}
