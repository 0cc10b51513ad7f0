package requests_test

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/tuitest"
)

// The section's screens at 80×24 and 120×40, on dark and light
// backgrounds (issue 9); go test ./tui/requests -update rewrites them.
func TestGoldens(t *testing.T) {
	folder := regexp.MustCompile(`/\S*/[0-9]{3} *`) // the temporary folder, to the end of its line
	screens := []struct {
		name, section string
		steps         func(t *testing.T, c *tuitest.Console)
		want          string
		opts          []tuitest.Option
	}{
		{"list", "Requests", nil, "Waiting for staff one", nil},
		{"submit-1", "Requests", func(t *testing.T, c *tuitest.Console) {
			c.Keys("n")
			c.WaitFor("Step 1 of 2")
			c.Type("Disk full on storage2")
			c.Keys("enter")
			c.Type("The backup volume is full.")
			c.Keys("ctrl+j")
			c.Type("Since Monday.")
		}, "Since Monday.", nil},
		{"submit-2", "Requests", func(t *testing.T, c *tuitest.Console) {
			c.Keys("n")
			c.WaitFor("Step 1 of 2")
			c.Type("Disk full on storage2")
			c.Keys("enter")
			c.Type("The backup volume is full.")
			c.Keys("enter")
			c.WaitFor("Step 2 of 2")
			c.Type("storage2.northwind.example:22")
			c.Keys("enter")
		}, "Give the server without a port", nil},
		{"thread", "Requests", func(t *testing.T, c *tuitest.Console) {
			c.WaitFor("Nginx on web1")
			c.Keys("enter")
		}, "We restarted nginx", nil},
		{"verification", "Verification", nil, "doc.png", nil},
		{"verification-ssh", "Verification", nil, "HOST:kyc/selfie", []tuitest.Option{tuitest.Remote()}},
		{"picker", "Verification", func(t *testing.T, c *tuitest.Console) {
			c.WaitFor("doc.png")
			c.Keys("down", "enter")
		}, "selfie.pdf", nil},
	}
	for _, sc := range screens {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			for _, bg := range []struct {
				name string
				msg  tea.BackgroundColorMsg
			}{{"dark", tuitest.Dark}, {"light", tuitest.Light}} {
				name := fmt.Sprintf("%s-%dx%d-%s", sc.name, size[0], size[1], bg.name)
				t.Run(name, func(t *testing.T) {
					files := sc.section == "Verification"
					if !files {
						t.Parallel() // the others change the working directory
					}
					here, err := os.Getwd()
					if err != nil {
						t.Fatal(err)
					}
					a := newAccount(t)
					statusTickets(t, a)
					goldenThread(t, a)
					goldenDraft(t, a, files)
					c := a.open(t, sc.section, size[0], size[1], sc.opts...)
					c.TM.Send(bg.msg)
					if sc.steps != nil {
						sc.steps(t, c)
					}
					c.WaitFor(sc.want)
					if files {
						t.Chdir(here) // the picker has read it; goldens are in testdata here
					}
					c.Golden(name, sc.want, tuitest.Clock, folder)
				})
			}
		}
	}
}

// goldenThread files a request about a server, with a staff reply.
func goldenThread(t *testing.T, a *account) {
	t.Helper()
	tk := a.submit(t, model.TicketRequest{Subject: "Nginx on web1 returns 502 since the upgrade",
		Description: "Since the upgrade at 08:00 every page answers 502.\nThe error log is empty.",
		Server:      "web1.northwind.example", Access: model.AccessFull, ServerPassword: serverPassword})
	a.Clock.Advance(time.Minute)
	if _, err := a.Svc.ReplyToTicket(a.staff(t), tk.ID, "We restarted nginx and php-fpm.\nThe pages answer again; can you check?"); err != nil {
		t.Fatal(err)
	}
}

// goldenDraft starts a passport verification with its document given,
// and, with files, makes a folder with a selfie to give the working
// directory.
func goldenDraft(t *testing.T, a *account, files bool) {
	t.Helper()
	if _, err := a.Svc.StartVerification(a.ctx(), model.DocPassport); err != nil {
		t.Fatal(err)
	}
	photo := pngFile(t)
	if _, err := a.Svc.AttachVerificationFile(a.ctx(), model.KYCDocument, "doc.png", bytes.NewReader(photo)); err != nil {
		t.Fatal(err)
	}
	if files {
		kycFolder(t)
	}
}
