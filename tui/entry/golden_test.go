package entry_test

import (
	"context"
	"testing"
	"time"

	"acctl/demo"
	"acctl/tui"
	"acctl/tui/common"
	"acctl/tui/tuitest"
)

// seedDemo fills env's database as acctl --demo does and returns the
// console options of --demo: the logins with their codes, the inbox.
func seedDemo(t *testing.T, env *tuitest.Env) tuitest.Option {
	t.Helper()
	ctx, now := context.Background(), env.Clock.Now()
	if err := demo.Seed(ctx, env.DB, now); err != nil {
		t.Fatal(err)
	}
	if err := demo.SeedSettings(ctx, env.DB, env.Sealer, now); err != nil {
		t.Fatal(err)
	}
	secrets, err := demo.EnableTwoFactor(ctx, env.DB, env.Sealer, now)
	if err != nil {
		t.Fatal(err)
	}
	d := common.Demo{Inbox: offLoop(t, env), Invitee: demo.Invitee}
	for _, l := range demo.Logins {
		d.Logins = append(d.Logins, common.DemoLogin{Email: l.Email, Password: demo.Password, Role: l.Role.Title(), TOTPSecret: secrets[l.Email]})
	}
	return func(o *tui.Options) { o.Demo = d }
}

// signedOut is a console on an account, at sign-in.
func signedOut(t *testing.T, w, h int) *tuitest.Console {
	env, _ := account(t)
	c := tuitest.Run(t, env, w, h)
	c.WaitFor("acctl — sign in")
	return c
}

// The entry screens at 80×24 and 120×40, on dark and light backgrounds
// (issue 9); go test ./tui/entry -update rewrites them.
func TestGoldens(t *testing.T) {
	goldens(t, "signin", "ctrl+n I have an invitation", signedOut)
	goldens(t, "signin_demo", "Password for every demo user", func(t *testing.T, w, h int) *tuitest.Console {
		env := tuitest.NewEnv(t)
		c := tuitest.Run(t, env, w, h, seedDemo(t, env))
		c.WaitFor("acctl — sign in")
		return c
	})
	goldens(t, "codestep", "esc back to the password", func(t *testing.T, w, h int) *tuitest.Console {
		env, s := account(t)
		env.EnableTwoFactor(t, s)
		c := tuitest.Run(t, env, w, h)
		signInAs(c, owner, password)
		return c
	})
	goldens(t, "signup", "No account exists in this database yet", func(t *testing.T, w, h int) *tuitest.Console {
		return tuitest.Run(t, tuitest.NewEnv(t), w, h)
	})
	goldens(t, "reset_email", "ctrl+o I have a code", func(t *testing.T, w, h int) *tuitest.Console {
		c := signedOut(t, w, h)
		toReset(c, owner)
		return c
	})
	goldens(t, "reset_code", "Repeat the new password", func(t *testing.T, w, h int) *tuitest.Console {
		env, _ := account(t)
		c := tuitest.Run(t, env, w, h)
		toReset(c, owner)
		askCode(t, env, c)
		return c
	})
	goldens(t, "invitation", "Paste the code from your invitation", func(t *testing.T, w, h int) *tuitest.Console {
		c := signedOut(t, w, h)
		toInvitation(c)
		return c
	})
	goldens(t, "lock_error", "That password is not correct", func(t *testing.T, w, h int) *tuitest.Console {
		env, s := account(t)
		c := tuitest.Run(t, env, w, h, tuitest.SignedIn(s))
		c.WaitFor("Member since")
		env.Clock.Advance(time.Hour)
		c.WaitFor("Session locked")
		c.Type("not my password")
		c.Keys("enter")
		return c
	})
	goldens(t, "noaccount_ssh", "This server has no account yet", func(t *testing.T, w, h int) *tuitest.Console {
		return tuitest.Run(t, tuitest.NewEnv(t), w, h, tuitest.Remote())
	})
}
