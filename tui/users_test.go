package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"acctl/model"
	"acctl/model/modeltest"
)

// invitationCodeFor reads the code of the newest invitation email to email.
func invitationCodeFor(t *testing.T, env *testEnv, email string) string {
	t.Helper()
	return modeltest.InvitationCode(t, env.db, email)
}

// member invites email with role through the service and accepts for
// them, past the newcomer's 2FA step.
func (e *testEnv) member(t *testing.T, owner *model.Session, email, name string, role model.Role) *model.User {
	t.Helper()
	ctx := model.WithSession(context.Background(), owner.ID)
	if _, err := e.svc.InviteUser(ctx, email, role, testPassword); err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.AcceptInvitation(context.Background(), model.AcceptInvitationRequest{Secret: invitationCodeFor(t, e, email), Name: name, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	e.settle(t, res.Session.UserID)
	if err := e.svc.SignOut(model.WithSession(context.Background(), res.Session.ID)); err != nil {
		t.Fatal(err)
	}
	return mustUser(t, e, email)
}

// openUsers signs in as email and opens the Users screen with its list
// focused.
func (c *console) openUsers(email string) {
	c.t.Helper()
	c.signInAs(email, testPassword)
	c.openSection("Users")
	c.waitFor("Users  by Name")
	c.key("enter") // from the menu into the list
}

// selectUser filters the list down to the user whose name or email starts
// with filter and waits until the details below the list are theirs
// (label is their name).
func (c *console) selectUser(filter, label string) {
	c.t.Helper()
	c.key("/")
	c.typeText(filter)
	c.key("enter")
	c.waitFor("filter: "+filter+"  (/ to change)", " "+label+" · ")
}

// The invitation from end to end (R-USR-1, R-PWD-4, R-2FA-8): the owner
// invites on the Users screen behind the password; the invited person
// pastes the code from the email on the sign-in screen ("I have an
// invitation"), names themself, chooses a password and lands on 2FA setup
// with nothing else offered.
func TestInviteAcceptThenTwoFactorSetup(t *testing.T) {
	env := newTestEnv(t)
	env.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	c := startConsole(t, env, 100, 30)
	c.openUsers("wile@acme.example")
	c.key("i")
	c.waitFor("Invite user", "Email")
	c.typeText("road@")
	c.key("enter")
	c.waitFor("That is not an email address") // refused in the field, kept
	c.typeText("acme.example")
	c.key("enter")
	c.key("right") // Owner
	c.key("enter")
	c.waitFor("To send the invitation, type your password")
	c.typeText("wrong password")
	c.key("enter")
	c.waitFor("That password is not correct")
	c.typeText(testPassword)
	c.key("enter")
	c.waitFor("Invitation sent", "road@acme.example", "Invited")
	if u := mustUser(t, env, "road@acme.example"); u.Status != model.UserInvited || u.Role != model.RoleOwner {
		t.Fatalf("invited user = %+v", u)
	}
	// The same address again is refused, the form kept as typed (R-ACC-2).
	c.key("i")
	c.waitFor("Invite user", "Email")
	c.typeText("ROAD@acme.example")
	c.key("enter")
	c.key("enter")
	c.waitFor("To send the invitation, type your password")
	c.typeText(testPassword)
	c.key("enter")
	c.waitFor("already in use", "ROAD@acme.example")
	c.key("esc")

	code := invitationCodeFor(t, env, "road@acme.example")
	r := startConsole(t, env, 100, 30)
	r.waitFor("sign in", "I have an invitation")
	r.key("ctrl+n")
	r.waitFor("accept an invitation", "Invitation code")
	r.typeText("not-a-code")
	r.key("enter")
	r.waitFor("That is not an invitation code")
	for range len("not-a-code") {
		r.key("backspace")
	}
	r.typeText(code)
	r.key("enter")
	r.typeText("Road Runner")
	r.key("enter")
	r.typeText("meep-meep-desert-highway-7")
	r.key("enter")
	r.typeText("meep-meep-desert-highway-7")
	r.key("enter")
	screen := r.waitFor("New users set up two-factor authentication first", "otpauth://totp/acctl:road@acme.example")
	if strings.Contains(screen, "Sessions") || strings.Contains(screen, "Users") {
		t.Fatalf("the newcomer is offered more than 2FA setup:\n%s", screen)
	}
	a, err := env.svc.Caller(model.WithSession(context.Background(), mustSession(t, env, "road@acme.example")))
	if err != nil || !a.MustEnable2FA || a.User.Status != model.UserActive {
		t.Fatalf("after accepting: %+v, %v", a, err)
	}
	// The owner's list shows them active once it is read again (g).
	c.key("g")
	c.waitFor("Road Runner · Owner · Active")
}

// R-USR-3 on the screen: the confirmation says what goes with the user
// before the password is asked; disabling signs their console out within
// two seconds; enabling lets them in again.
func TestDisableShowsWhatGoesAndSignsThemOut(t *testing.T) {
	env := newTestEnv(t)
	owner := env.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	road := env.member(t, owner, "road@acme.example", "Road Runner", model.RoleManager)
	rctx := model.WithSession(context.Background(), func() string {
		res, err := env.svc.SignIn(context.Background(), model.SignInRequest{Email: road.Email, Password: testPassword})
		if err != nil {
			t.Fatal(err)
		}
		return res.Session.ID
	}())
	if _, _, err := env.svc.CreateToken(rctx, "deploy-bot", model.TokenReadWrite, model.TokenExpiry{}, testPassword); err != nil {
		t.Fatal(err)
	}
	rc := startConsole(t, env, 100, 30)
	rc.signInAs("road@acme.example", testPassword)
	rc.waitFor("Road Runner (Manager)")

	c := startConsole(t, env, 100, 30)
	c.openUsers("wile@acme.example")
	c.selectUser("road@", "Road Runner")
	c.key("x")
	c.waitFor("Disable Road Runner?", "2 active sessions", "API token deploy-bot")
	if strings.Contains(c.f.get(), "Password") {
		t.Fatal("the password is asked before the confirmation")
	}
	c.key("y")
	c.waitFor("To disable Road Runner, type your password")
	c.typeText(testPassword)
	start := time.Now()
	c.key("enter")
	c.waitFor("Road Runner is disabled")
	rc.waitFor("sign in")
	if d := time.Since(start); d > 2*time.Second+500*time.Millisecond {
		t.Fatalf("the disabled user's console signed out after %v", d)
	}
	if _, err := env.svc.SignIn(context.Background(), model.SignInRequest{Email: road.Email, Password: testPassword}); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Fatalf("a disabled user signs in: %v", err)
	}
	c.waitFor("Disabled", "e enable")
	c.key("e")
	c.waitFor("To enable Road Runner, type your password")
	c.typeText(testPassword)
	c.key("enter")
	c.waitFor("Road Runner is enabled")
	if _, err := env.svc.SignIn(context.Background(), model.SignInRequest{Email: road.Email, Password: testPassword}); err != nil {
		t.Fatalf("an enabled user cannot sign in: %v", err)
	}
}

// R-ACC-5 and R-ACC-1 are said before any password is asked for.
func TestRoleRefusalsComeBeforeThePassword(t *testing.T) {
	env := newTestEnv(t)
	owner := env.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	c := startConsole(t, env, 100, 30)
	c.openUsers("wile@acme.example")
	c.key("c")
	c.waitFor("You are the last active owner")
	env.member(t, owner, "road@acme.example", "Road Runner", model.RoleOwner)
	c.selectUser("road", "Road Runner")
	c.key("c")
	c.waitFor("Another owner's role cannot be changed")
	if strings.Contains(c.f.get(), "type your password") {
		t.Fatal("a refused change asked for the password")
	}
	// Stepping down while another owner exists works, and the Users
	// section goes away with the role (R-ACC-4).
	c.key("/")
	c.key("esc")
	c.selectUser("wile", "Wile Coyote")
	c.key("c")
	c.waitFor("Wile Coyote becomes a Manager", "To change the role, type your password")
	c.typeText(testPassword)
	c.key("enter")
	c.waitFor("Wile Coyote (Manager)")
	c.waitGone(" Users")
}

// The filter narrows the list as each character is typed, sort and
// direction change with o and r, and a manager has no Users section.
func TestUsersFilterSortAndRoles(t *testing.T) {
	env := newTestEnv(t)
	owner := env.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	env.member(t, owner, "road@acme.example", "Road Runner", model.RoleManager)
	env.member(t, owner, "bugs@acme.example", "Bugs Bunny", model.RoleManager)
	c := startConsole(t, env, 100, 30)
	c.openUsers("wile@acme.example")
	c.waitFor("Bugs Bunny", "Road Runner", "Wile Coyote")
	c.key("/")
	c.typeText("r")
	c.waitFor("filter: r█")
	c.waitGone("Bugs Bunny")
	c.waitFor("Road Runner")
	c.typeText("x")
	c.waitFor(`No user's name or email starts with "rx"`)
	c.key("backspace")
	c.waitFor("Road Runner")
	c.key("esc")
	c.waitFor("Bugs Bunny", "Wile Coyote")
	// Sorted by email, descending: wile, road, bugs.
	c.key("o")
	c.key("r")
	screen := c.waitFor("by Email ▼")
	if w, r, b := strings.Index(screen, "wile@"), strings.Index(screen, "road@"), strings.Index(screen, "bugs@"); !(w < r && r < b) {
		t.Fatalf("not sorted by email descending:\n%s", screen)
	}

	m := startConsole(t, env, 100, 30)
	m.signInAs("road@acme.example", testPassword)
	screen = m.waitFor("Road Runner (Manager)", "Sessions")
	if strings.Contains(screen, " Users") {
		t.Fatalf("a manager sees the Users section:\n%s", screen)
	}
}

// At 80×24 the list keeps Name, Email and Status and shows the rest of
// the selected user below it; hostile names are drawn escaped (SPEC §5).
func TestUsersFitsEightyByTwentyFour(t *testing.T) {
	env := newTestEnv(t)
	owner := env.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	u := env.member(t, owner, "road@acme.example", "Road Runner", model.RoleManager)
	evil := "Road \x1b]52;c;aGk=\x07 \u202eRunner"
	if _, err := env.db.UpdateUser(context.Background(), u.ID, model.UserUpdate{Name: &evil}, nil); err != nil {
		t.Fatal(err)
	}
	c := startConsole(t, env, 80, 24)
	c.openUsers("wile@acme.example")
	screen := c.waitFor("Name", "Email", "Status", `Road \x1b]52`, "wile@acme.example", "Manager · Active", "x disable")
	for _, line := range strings.Split(screen, "\n") {
		if w := len([]rune(line)); w > 80 {
			t.Fatalf("a line is %d wide:\n%s", w, screen)
		}
	}
	if lines := strings.Count(screen, "\n") + 1; lines > 24 {
		t.Fatalf("%d lines:\n%s", lines, screen)
	}
	if strings.Contains(screen, "\x1b]52") || strings.Contains(screen, "\u202e") {
		t.Fatal("a raw escape sequence reached the terminal")
	}
}
