package staff_test

import (
	"fmt"
	"strings"
	"testing"

	"acctl/model"
	"acctl/tui/tuitest"
)

// goldenEnv holds one of everything the staff screens show: a request
// with a server password and a two-line description, a verification with
// two images, a deactivation request, support access and a PIN.
func goldenEnv(t *testing.T) *tuitest.Env {
	t.Helper()
	env := tuitest.NewEnv(t)
	acme := tuitest.Ctx(env.SignUp(t, "Acme", "Wile Coyote", "wile@acme.example"))
	other := tuitest.Ctx(env.SignUp(t, "Other Hosting", "Bugs Bunny", "bugs@other.example"))
	if _, err := env.Svc.SubmitTicket(acme, model.TicketRequest{Subject: "Nginx returns 502", Description: "Since 9:00\nevery page returns 502.",
		Server: "web1.acme.example", Access: model.AccessFull, ServerPassword: serverPassword}); err != nil {
		t.Fatal(err)
	}
	verify(t, env, acme)
	if _, err := env.Svc.AllowSupportAccess(acme, tuitest.Password); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Svc.SupportPIN(acme, tuitest.Password); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Svc.RequestDeactivation(other, tuitest.Password); err != nil {
		t.Fatal(err)
	}
	return env
}

// Goldens of every staff screen and the image preview at 80×24 and
// 120×40, dark and light (issue 9).
func TestGoldens(t *testing.T) {
	screens := []struct {
		name, section string
		keys          []string
		want          string
	}{
		{"queue", "Requests queue", nil, "Nginx returns 502"},
		{"thread", "Requests queue", []string{"enter"}, "every page returns 502."},
		{"verifications", "Verifications", nil, "Passport"},
		{"verification", "Verifications", []string{"enter"}, "selfie.png"},
		{"preview", "Verifications", []string{"enter", "enter"}, "Document of Acme"},
		{"deactivations", "Deactivations", nil, "Bugs Bunny"},
		{"review", "Deactivations", []string{"enter"}, "Billing checklist"},
		{"accounts", "Accounts", nil, "Wile Coyote"},
		{"account", "Accounts", []string{"enter"}, "Billing address"},
		{"caller", "Caller check", []string{"/", "a", "enter"}, "PIN"},
	}
	for _, sc := range screens {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			for _, dark := range []bool{true, false} {
				name := fmt.Sprintf("%s-%dx%d-%s", sc.name, size[0], size[1], map[bool]string{true: "dark", false: "light"}[dark])
				t.Run(name, func(t *testing.T) {
					env := goldenEnv(t)
					c, _ := staffConsole(t, env, size[0], size[1], sc.section)
					if !dark {
						c.TM.Send(tuitest.Light)
					}
					for _, k := range sc.keys {
						c.Settled()
						c.Keys(k)
					}
					if sc.name == "preview" {
						c.WaitFor(sc.want)
						c.WaitGone("Drawing the image…")
					}
					c.Golden(name, sc.want, tuitest.Clock)
				})
			}
		}
	}
}

// At 60×16 with the menu shown, every staff screen keeps the footer on the
// last row: a list's title that is wider than the content area is cut, not
// wrapped onto a second line that pushes the footer off (SPEC §5).
func TestStaffScreensFit60x16(t *testing.T) {
	env := goldenEnv(t)
	c, _ := staffConsole(t, env, 60, 16, "Requests queue")
	for _, section := range []string{"Requests queue", "Verifications", "Deactivations", "Accounts"} {
		c.Keys("esc") // to the menu
		c.OpenSection(section)
		c.WaitFor("? help")
		screen := c.Settled()
		lines := strings.Split(screen, "\n")
		if len(lines) != 16 || !strings.Contains(lines[15], "? help") {
			t.Fatalf("%s: the footer is not on the last row:\n%s", section, screen)
		}
	}
}
