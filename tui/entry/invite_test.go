package entry_test

import (
	"testing"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/tui/tuitest"
)

const invitee = "road@acme.example"

// invite has the owner invite road@acme.example as a manager and returns
// the code of the invitation email.
func invite(t *testing.T, env *tuitest.Env, s *model.Session) string {
	t.Helper()
	if _, _, err := env.Svc.InviteUser(tuitest.Ctx(s), invitee, model.RoleManager, password); err != nil {
		t.Fatal(err)
	}
	return modeltest.InvitationCode(t, env.DB, env.Sealer, invitee)
}

// toInvitation opens "I have an invitation" from sign-in.
func toInvitation(c *tuitest.Console) {
	c.WaitFor("acctl — sign in", "ctrl+n I have an invitation")
	c.Keys("ctrl+n")
	c.WaitFor("acctl — accept an invitation", "Invitation code")
}

// R-USR-1, R-PWD-1, R-2FA-8, SPEC §5: a code that is not one is refused
// as the field is left; a wrong code, a weak password and a repeat that
// differs are refused with everything typed kept; the right code makes the
// invited user active, signed in, at the 2FA gate.
func TestAcceptAnInvitation(t *testing.T) {
	env, s := account(t)
	code := invite(t, env, s)
	c := tuitest.Run(t, env, 80, 24)
	toInvitation(c)

	c.Type("from the email")
	c.Keys("enter")
	c.WaitFor("That is not an invitation code", "from the email")
	erase(c, len("from the email"))
	wrong := misspelt(code)
	c.Type(wrong)
	c.Keys("enter")
	c.Keys("enter")
	c.WaitFor("Enter your name.", wrong)
	c.Type("Road Runner")
	c.Keys("enter")
	choosePassword(t, c, next, "Road Runner", wrong)
	c.WaitFor("That invitation code is not valid", wrong, "Road Runner")

	c.Keys("shift+tab", "shift+tab", "shift+tab") // to the code: the rest is kept
	erase(c, len(wrong))
	c.WaitGone("That invitation code is not valid")
	c.Type(code)
	c.Keys("enter", "enter", "enter", "enter")
	c.WaitFor("New users set up two-factor", "otpauth://totp/")
	u := user(t, env, invitee)
	if u.Status != model.UserActive || u.Name != "Road Runner" || u.Role != model.RoleManager {
		t.Fatalf("accepted as %+v", u)
	}
}

// esc leaves the invitation for sign-in.
func TestInvitationEscGoesBack(t *testing.T) {
	env, _ := account(t)
	c := tuitest.Run(t, env, 80, 24)
	toInvitation(c)
	c.Keys("esc")
	c.WaitFor("acctl — sign in", "Password")
}

// In --demo no email reaches anyone: the invitation screen shows the code
// of the invitee's invitation email, or how to have one sent.
func TestInvitationInTheDemo(t *testing.T) {
	env, s := account(t)
	c := tuitest.Run(t, env, 100, 30, asDemo(t, env, demoLogin()))
	toInvitation(c)
	c.WaitFor("Demo: no invitation email with a code yet", invitee+"'s invitation from Users (s)")
	c.Keys("esc")
	code := invite(t, env, s)
	toInvitation(c)
	c.WaitFor("Demo: the invitation email to "+invitee+" carries the code", code)
}
