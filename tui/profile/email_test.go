package profile_test

import (
	"context"
	"testing"

	"acctl/model"
)

// R-PWD-4, R-ACC-2: the new address, then the password. A malformed or
// unchanged address is refused before the password; a wrong password
// stays in the prompt; esc in the prompt changes nothing; a taken address
// comes back with what was typed; the confirmation says the address as
// stored, not as typed (issue 9).
func TestChangeEmail(t *testing.T) {
	f := signedIn(t, 80, 24)
	f.env.SignUp(t, "Other", "Road Runner", "road@other.example")
	c := f.c
	c.Keys("m")
	c.WaitFor("Change email", "Now wile@acme.example")
	c.Type("wile at acme")
	c.Keys("enter")
	c.WaitFor("wile at acme", "That is not an email address")
	erase(c, len("wile at acme"))
	c.Type("WILE@acme.example")
	c.Keys("enter")
	c.WaitFor("That is already your email address")
	erase(c, len("WILE@acme.example"))

	c.Type("Road@Other.example")
	c.Keys("enter")
	c.WaitFor("Confirm with your password", "To change your email to road@other.example")
	c.Type("not my password")
	c.Keys("enter")
	c.WaitFor("That password is not correct", "Confirm with your password")
	c.Type(password)
	c.Keys("enter")
	c.WaitFor("That email address is already in use", "Road@Other.example")
	c.WaitGone("Confirm with your password")

	erase(c, len("Road@Other.example"))
	c.Type("Wile.Coyote@ACME.example")
	c.Keys("enter")
	c.WaitFor("Confirm with your password")
	c.Keys("esc")
	c.WaitGone("Confirm with your password")
	c.WaitFor("Change email", "Wile.Coyote@ACME.example")
	if got := me(t, f.env, owner).Email; got != owner {
		t.Fatalf("esc in the prompt changed the email to %q", got)
	}

	c.Keys("enter")
	c.WaitFor("Confirm with your password")
	c.Type(password)
	c.Keys("enter")
	c.WaitFor("Your email is now wile.coyote@acme.example. Sign in with it from now on.", "Email          wile.coyote@acme.example")
	if _, err := f.env.Svc.SignIn(context.Background(), model.SignInRequest{Email: "wile.coyote@acme.example", Password: password}); err != nil {
		t.Fatalf("sign in with the new email: %v", err)
	}
}

func TestChangeEmailGoldens(t *testing.T) {
	goldens(t, "email", "Confirm with your password", signedIn, func(t *testing.T, f *fixture) {
		f.c.Keys("m")
		f.c.WaitFor("New email")
		f.c.Type("road@acme.example")
		f.c.Keys("enter")
		f.c.WaitFor("Confirm with your password")
		f.c.Type("not my password")
		f.c.Keys("enter")
		f.c.WaitFor("That password is not correct")
	})
}
