package entry_test

import (
	"strings"
	"testing"

	"acctl/model"
	"acctl/tui/tuitest"
)

// R-ACC-3, R-PWD-1, R-2FA-8, SPEC §5: on an empty database the console
// opens sign-up. Each field refuses bad input with a sentence and keeps
// what was typed; a weak password is refused with the reason; the repeat
// must match. The new owner lands on the 2FA gate, and the database holds
// them as the account's owner.
func TestSignUpOnAnEmptyDatabase(t *testing.T) {
	env := tuitest.NewEnv(t)
	c := tuitest.Run(t, env, 80, 24)
	c.WaitFor("acctl — create your account", "No account exists in this database yet", "Company name")

	c.Keys("enter") // nothing typed
	c.WaitFor("Enter your company name.")
	c.Type("Acme\u200bRockets") // R-ACC-7: an invisible character
	c.Keys("enter")
	c.WaitFor("contains an invisible character (U+200B)")
	erase(c, len("\u200bRockets")-2) // the field counts runes: "​Rockets" is 8
	c.Type(" Rockets")
	c.Keys("enter")

	c.WaitFor("Your name")
	c.Keys("enter")
	c.WaitFor("Enter your name.", "Acme Rockets")
	c.Type("Wile Coyote")
	c.Keys("enter")

	c.Type("wile at acme")
	c.Keys("enter")
	c.WaitFor("not an email address", "wile at acme", "Wile Coyote", "Acme Rockets")
	erase(c, len("wile at acme"))
	c.Type(owner)
	c.Keys("enter")

	c.Type("short")
	c.Keys("enter")
	c.WaitFor("The password is too short (5 characters)")
	erase(c, len("short"))
	choosePassword(t, c, password, "Wile Coyote", owner, "Acme Rockets")

	screen := c.WaitFor("New users set up two-factor", "otpauth://totp/")
	if strings.Contains(screen, "Sign-in history") {
		t.Fatalf("the gate shows other sections:\n%s", screen)
	}
	u := user(t, env, owner)
	if u.Name != "Wile Coyote" || u.Role != model.RoleOwner {
		t.Fatalf("signed up as %+v", u)
	}
	// The gate's way out is signing out: back to sign-in, not sign-up.
	c.Keys("esc")
	c.WaitFor("acctl — sign in", "You have signed out.")
}

// SPEC §5: keys typed in one burst across sign-up's fields land in the
// fields they were typed for.
func TestSignUpTypedInOneBurst(t *testing.T) {
	env := tuitest.NewEnv(t)
	c := tuitest.Run(t, env, 80, 24)
	c.WaitFor("Company name")
	var keys []string
	for _, field := range []string{"Acme", "Wile Coyote", owner, password, password} {
		for _, r := range field {
			keys = append(keys, string(r))
		}
		keys = append(keys, "enter")
	}
	c.Burst(keys...)
	c.WaitFor("New users set up two-factor")
	if u := user(t, env, owner); u.Name != "Wile Coyote" {
		t.Fatalf("signed up as %q", u.Name)
	}
}
