package iam_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/tui/tuitest"
)

// selectUser filters the list down to the users whose name or email starts
// with filter and waits until the detail below the list, or the side panel,
// is label's.
func selectUser(t *testing.T, c *tuitest.Console, filter, label string) {
	t.Helper()
	c.Keys("/", "ctrl+u")
	c.Type(filter)
	c.Keys("enter")
	panel := regexp.MustCompile(`│ ` + regexp.QuoteMeta(label) + ` +│`) // the panel's title, not the header's name
	c.WaitUntil("selected "+label, func(frame string) bool {
		return strings.Contains(frame, "Filter: "+filter+"  (/ to change)") &&
			(strings.Contains(frame, " "+label+" · ") || panel.MatchString(frame))
	})
}

// Invite (R-USR-1) behind the password (R-PWD-4): a bad address is refused
// in its field and kept, a wrong password keeps the prompt, the invited
// user is listed at once; an address in use anywhere (R-ACC-2) and a
// cancelled prompt come back to the form with what was typed.
func TestInviteUser(t *testing.T) { // R-USR-1, R-PWD-4, R-ACC-2
	tm := newTeam(t)
	tm.member(t, "road@acme.example", "Road Runner", model.RoleManager)
	c := tm.open(t, "Users", 80, 24)
	c.WaitFor("Road Runner", "Wile Coyote")
	c.Keys("i")
	c.WaitFor("Invite user", "Email")
	c.Type("bugs@")
	c.Keys("enter")
	c.WaitFor("That is not an email address", "> bugs@")
	c.Type("acme.example")
	c.Keys("enter", "right", "enter") // the role: Owner
	c.WaitWords("Confirm with your password", "To send the invitation to bugs@acme.example")
	c.Type("not my password")
	c.Keys("enter")
	c.WaitWords("That password is not correct", "Confirm with your password")
	c.Type(tuitest.Password)
	c.Keys("enter")
	// R-PWD-7: without a mail server the inviter hands the code over.
	c.WaitWords("Invitation code for bugs@acme.example", "Give them this code yourself")
	c.Keys("d", "y")
	c.WaitFor("Invitation sent to bugs@acme.example", "Invited")
	if u := tm.user(t, "bugs@acme.example"); u.Status != model.UserInvited || u.Role != model.RoleOwner {
		t.Fatalf("invited user %+v", u)
	}

	c.Keys("i")
	c.Type("ROAD@acme.example")
	c.Keys("enter", "enter")
	c.WaitFor("Confirm with your password")
	c.Type(tuitest.Password)
	c.Keys("enter")
	screen := c.WaitWords("That email address is already in use", "Invite user")
	if !strings.Contains(screen, "> ROAD@acme.example") {
		t.Fatalf("the address typed is gone:\n%s", screen)
	}

	c.Keys("ctrl+u")
	c.Type("daffy@acme.example")
	c.Keys("enter", "enter")
	c.WaitFor("Confirm with your password")
	c.Keys("esc")
	c.WaitWords("Cancelled: nothing was changed", "> daffy@acme.example")
	if _, err := tm.DB.FindUserByEmail(context.Background(), "daffy@acme.example"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("a cancelled invitation was sent: %v", err)
	}
	c.Keys("esc")
	c.WaitFor("Users  by Name")
}

// R-ACC-5 and R-ACC-1 are said before any password is asked for; a change
// the model allows asks for it, and an owner stepping down loses the Users
// section at once (R-ACC-4).
func TestChangeRole(t *testing.T) { // R-ACC-5, R-ACC-1, R-ACC-4, R-PWD-4
	tm := newTeam(t)
	c := tm.open(t, "Users", 80, 24)
	c.WaitFor(" Wile Coyote · ")
	c.Keys("c")
	c.WaitFor("You are the last active owner")
	tm.member(t, "bugs@acme.example", "Bugs Bunny", model.RoleOwner)
	tm.member(t, "road@acme.example", "Road Runner", model.RoleManager)
	selectUser(t, c, "bugs", "Bugs Bunny")
	c.Keys("c")
	c.WaitFor("Another owner's role cannot be changed")
	if strings.Contains(c.Screen(), "Confirm with your password") {
		t.Fatal("a refused change asked for the password")
	}

	selectUser(t, c, "road", "Road Runner")
	c.Keys("c")
	c.WaitWords("Road Runner becomes an Owner. To change the role, type your password.")
	c.Keys("esc")
	c.WaitGone("Confirm with your password")
	if u := tm.user(t, "road@acme.example"); u.Role != model.RoleManager {
		t.Fatalf("a cancelled change made Road %s", u.Role)
	}

	selectUser(t, c, "wile", "Wile Coyote")
	c.Keys("c")
	c.WaitWords("Wile Coyote becomes a Manager")
	c.Type(tuitest.Password)
	c.Keys("enter")
	c.WaitFor("Wile Coyote is now a Manager.", "Wile Coyote (Manager)")
	c.WaitGone(" Users")
}

// R-USR-3 on the screen: the question says what goes with the user, in the
// word the console uses everywhere (API keys), before the password; their
// console signs out; enabling lets them in again.
func TestDisableAndEnable(t *testing.T) { // R-USR-3, R-PWD-4, R-SES-2
	tm := newTeam(t)
	road := tm.member(t, "road@acme.example", "Road Runner", model.RoleManager)
	if _, _, err := tm.Svc.CreateToken(tuitest.Ctx(road), "deploy-bot", model.TokenReadWrite, model.TokenExpiry{}, tuitest.Password); err != nil {
		t.Fatal(err)
	}
	rc := tuitest.Run(t, tm.Env, 80, 24, tuitest.SignedIn(road))
	rc.WaitFor("Road Runner (Manager)")

	c := tm.open(t, "Users", 80, 24)
	selectUser(t, c, "road", "Road Runner")
	c.Keys("x")
	screen := c.WaitWords("Disable Road Runner? These go with them: 1 active session and the API key deploy-bot.")
	if strings.Contains(screen, "token") || strings.Contains(screen, "Confirm with your password") {
		t.Fatalf("the question says tokens, or comes with the password:\n%s", screen)
	}
	c.Keys("y")
	c.WaitWords("To disable Road Runner, type your password.")
	c.Type("not my password")
	c.Keys("enter")
	c.WaitWords("That password is not correct", "To disable Road Runner")
	c.Type(tuitest.Password)
	c.Keys("enter")
	c.WaitFor("Road Runner is disabled", "Disabled", "e enable")
	rc.WaitFor("sign in")
	if _, err := tm.Svc.SignIn(context.Background(), model.SignInRequest{Email: "road@acme.example", Password: tuitest.Password}); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Fatalf("a disabled user signs in: %v", err)
	}

	c.Keys("x")
	c.WaitFor("Road Runner is disabled: e enables them.")
	c.Keys("e")
	c.WaitWords("Road Runner can sign in again; API keys revoked when they were disabled stay revoked.")
	c.Type(tuitest.Password)
	c.Keys("enter")
	c.WaitFor("Road Runner is enabled.", "x disable")
	if _, err := tm.Svc.SignIn(context.Background(), model.SignInRequest{Email: "road@acme.example", Password: tuitest.Password}); err != nil {
		t.Fatalf("an enabled user cannot sign in: %v", err)
	}
}

// An invitation's state reads "valid for 6 more days", re-sending makes it
// valid for 7 again, and cancelling it (asked first) removes the invited
// user (R-USR-1).
func TestResendAndCancelInvitation(t *testing.T) { // R-USR-1, R-PWD-4
	tm := newTeam(t)
	tm.invite(t, "bugs@acme.example", model.RoleManager)
	tm.Clock.Advance(24*time.Hour + time.Minute)
	c := openAs(t, tm.Env, tm.SignIn(t, ownerEmail), "Users", 80, 24)
	selectUser(t, c, "bugs", "bugs@acme.example")
	c.WaitWords("invitation valid for 6 more days", "s re-send invitation · X cancel invitation")
	c.Keys("x")
	c.WaitFor("Not accepted yet: s re-sends the invitation, X cancels it.")
	c.Keys("s")
	c.WaitWords("A new invitation goes to bugs@acme.example, valid for 7 days")
	c.Type(tuitest.Password)
	c.Keys("enter")
	c.WaitWords("Invitation code for bugs@acme.example") // no mail server (R-PWD-7)
	c.Keys("d", "y")
	c.WaitFor("Invitation sent again to bugs@acme.example.")
	c.WaitWords("invitation valid for 7 more days")

	c.Keys("X")
	c.WaitWords("Cancel the invitation of bugs@acme.example?")
	c.Keys("y")
	c.WaitWords("To cancel the invitation of bugs@acme.example, type your password.")
	c.Type(tuitest.Password)
	c.Keys("enter")
	c.WaitFor("The invitation of bugs@acme.example is cancelled.")
	c.WaitFor(`No user's name or email starts with "bugs"`)
	if _, err := tm.DB.FindUserByEmail(context.Background(), "bugs@acme.example"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("the cancelled user is still there: %v", err)
	}
}

// R-USR-2: the filter narrows the list as each character is typed, o and
// r change the sort and its direction; a manager has no Users section.
func TestFilterAndSort(t *testing.T) { // R-USR-2, R-ACC-4
	tm := newTeam(t)
	road := tm.member(t, "road@acme.example", "Road Runner", model.RoleManager)
	tm.member(t, "bugs@acme.example", "Bugs Bunny", model.RoleManager)
	c := tm.open(t, "Users", 80, 24)
	c.WaitFor("Bugs Bunny", "Road Runner", "Wile Coyote")
	c.Keys("/")
	c.Type("r")
	c.WaitFor("Filter: r")
	c.WaitGone("Bugs Bunny")
	c.WaitFor("Road Runner")
	c.Type("x")
	c.WaitFor(`No user's name or email starts with "rx". Press esc to clear the filter.`)
	c.Keys("backspace")
	c.WaitFor("Road Runner")
	c.Keys("esc")
	c.WaitFor("Bugs Bunny", "Wile Coyote", "Filter: none")
	c.Keys("o", "r")
	screen := c.WaitFor("by Email ▼", "Email ▼")
	if w, r, b := strings.Index(screen, "wile@"), strings.Index(screen, "road@"), strings.Index(screen, "bugs@"); !(w < r && r < b) {
		t.Fatalf("not sorted by email, descending:\n%s", screen)
	}

	m := tuitest.Run(t, tm.Env, 80, 24, tuitest.SignedIn(road))
	screen = m.WaitFor("Road Runner (Manager)", "Sessions")
	if strings.Contains(screen, " Users") {
		t.Fatalf("a manager sees the Users section:\n%s", screen)
	}
}

// slowFilter holds back the Users query of one filter until released, so
// that its answer comes after the answers of what was typed next.
type slowFilter struct {
	model.Store
	filter  string
	release chan struct{}
}

func (s *slowFilter) QueryUsers(ctx context.Context, accountID int64, q model.UserQuery) ([]*model.UserRow, error) {
	if q.Filter == s.filter {
		<-s.release
	}
	return s.Store.QueryUsers(ctx, accountID, q)
}

// Typing a filter: every key reads off the update loop, and an answer
// overtaken by more typing is never drawn, even when it comes last.
func TestFilterAnswerOvertakenByTyping(t *testing.T) { // R-USR-2
	base := newTeam(t)
	base.member(t, "road@acme.example", "Road Runner", model.RoleManager)
	base.member(t, "rose@acme.example", "Rose Tyler", model.RoleManager)
	slow := &slowFilter{filter: "r", release: make(chan struct{})}
	env := tuitest.OpenEnv(t, base.Path, modeltest.NewClock(tuitest.Start), func(st model.Store) model.Store {
		slow.Store = st
		return slow
	})
	c := openAs(t, env, base.owner, "Users", 80, 24)
	c.WaitFor("Rose Tyler", "Road Runner")
	c.Burst("/", "r", "o", "s")
	c.WaitFor("Filter: ros", "rows 1–1", "Rose Tyler")
	close(slow.release) // the answer for "r", Road and Rose, comes now
	time.Sleep(300 * time.Millisecond)
	c.Type("e")
	screen := c.WaitFor("Filter: rose", "rows 1–1", "Rose Tyler")
	if strings.Contains(screen, "Road Runner") {
		t.Fatalf("an overtaken answer is drawn:\n%s", screen)
	}
}

// At 60×16, the advertised minimum, and at 80×24 no row is wider than the
// screen (columns drop by priority), the selected user's detail is drawn
// in full, an invitation's keys included, and hostile names are drawn
// escaped (SPEC §5).
func TestUsersFitSmallTerminals(t *testing.T) { // R-USR-2, SPEC §5
	tm := newTeam(t)
	tm.invite(t, "a.very.long.address.for.someone@subdomain.acme.example", model.RoleManager)
	road := tm.member(t, "road@acme.example", "Road Runner", model.RoleManager)
	evil := "Road \x1b]52;c;aGk=\x07 \u202eRunner"
	if _, err := tm.DB.UpdateUser(context.Background(), road.UserID, model.UserUpdate{Name: &evil}, nil); err != nil {
		t.Fatal(err)
	}
	for _, size := range [][2]int{{60, 16}, {80, 24}} {
		w, h := size[0], size[1]
		c := tm.open(t, "Users", w, h)
		screen := c.WaitFor("Name", "Email", "Status", `Road \x1b]52`)
		fits(t, screen, w, h)
		if strings.Contains(screen, "\x1b]52") || strings.Contains(screen, "\u202e") {
			t.Fatal("a raw escape sequence reached the terminal")
		}
		c.Keys("home") // the invited user, nameless, sorts first
		screen = c.WaitWords("a.very.long.address.for.someone@subdomain.acme.example · Manager · Invited",
			"invitation valid for 7 more days · c make Owner · s re-send invitation · X cancel invitation")
		fits(t, screen, w, h)
	}
}

// A click selects the row under the pointer, in the list and on a screen
// wide enough for the side panel.
func TestUsersClickSelectsRow(t *testing.T) { // SPEC §5
	tm := newTeam(t)
	tm.member(t, "road@acme.example", "Road Runner", model.RoleManager)
	tm.member(t, "bugs@acme.example", "Bugs Bunny", model.RoleManager)
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		c := tm.open(t, "Users", size[0], size[1])
		screen := c.WaitFor("Road Runner")
		line, y := lineWith(screen, "Road Runner")
		c.Click(strings.Index(line, "Road Runner")+2, y)
		c.WaitWords("Road Runner", "road@acme.example", "x disable")
		if size[0] == 120 {
			c.WaitFor("Road Runner    ", "Role       Manager")
		} else {
			c.WaitFor(" Road Runner · road@acme.example · Manager")
		}
	}
}

// From 96 columns the selected user is in a side panel with every column in
// full.
func TestUsersSidePanel(t *testing.T) { // R-USR-2
	tm := newTeam(t)
	tm.invite(t, "bugs@acme.example", model.RoleManager)
	c := tm.open(t, "Users", 110, 40) // below 120 the menu folds away beside the screen
	c.Keys("home")
	screen := c.WaitFor("Status     Invited", "Last login never")
	fits(t, screen, 110, 40)
	c.WaitWords("invitation valid for 7 more days", "c make Owner · s re-send invitation · X cancel invitation")
}
