package demo_test

import (
	"bytes"
	"context"
	"image"
	_ "image/png"
	"testing"

	"acctl/demo"
	"acctl/model"
)

// seedRequests seeds the demo as `acctl --demo` does, requests and
// verifications included, and returns the staff member's session.
func seedRequests(t *testing.T) (*seeded, context.Context) {
	t.Helper()
	d := seedDemo(t)
	ctx := context.Background()
	secrets, err := demo.EnableTwoFactor(ctx, d.db, d.sealer, d.now)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.SeedRequests(ctx, d.db, d.sealer, d.now); err != nil {
		t.Fatal(err)
	}
	res, err := d.svc.SignIn(ctx, model.SignInRequest{Email: demo.StaffEmail, Password: demo.Password, Origin: model.LocalOrigin})
	if err != nil || res.Challenge == nil {
		t.Fatalf("the staff member signs in without the code step: %+v, %v", res, err)
	}
	code, err := model.TOTPCode(secrets[demo.StaffEmail], model.TOTPStep(d.now), model.TOTPDigits)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := d.svc.CompleteSignIn(ctx, res.Challenge.Token, code)
	if err != nil {
		t.Fatal(err)
	}
	return d, model.WithSession(ctx, sess.Token)
}

// The demo shows the staff side (issue 13): a staff login on the panel,
// requests in every status with threads, server passwords the staff
// member can reveal, and pending verifications with an image and a PDF.
func TestDemoRequests(t *testing.T) { // R-TKT-1, R-TKT-2, R-KYC-1, R-STF-1, R-STF-2
	d, staff := seedRequests(t)
	svc := d.svc
	var staffLogin bool
	for _, l := range demo.Logins {
		staffLogin = staffLogin || (l.Email == demo.StaffEmail && l.Role.Title() == "Staff")
	}
	if !staffLogin {
		t.Error("the demo panel offers no staff login")
	}
	statuses := map[model.TicketStatus][]*model.TicketRow{}
	for _, st := range model.TicketStatuses {
		list, err := svc.TicketQueue(staff, st, model.QueuePage{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		statuses[st] = list
		if len(list) == 0 {
			t.Errorf("no demo request is %s", st.StaffTitle())
		}
	}
	companies := map[string]bool{}
	var withPassword *model.TicketRow
	for _, r := range statuses[model.TicketWaitingStaff] {
		companies[r.Company] = true
		if r.HasServerPassword && withPassword == nil {
			withPassword = r
		}
	}
	if len(companies) < 2 {
		t.Errorf("the queue holds the requests of %d companies, want both", len(companies))
	}
	if withPassword == nil {
		t.Fatal("no request waiting for staff keeps a server password")
	}
	thread, err := svc.TicketThread(staff, withPassword.ID, model.EventPage{Limit: 20})
	if err != nil || len(thread) < 3 {
		t.Fatalf("thread = %d messages, %v", len(thread), err)
	}
	if pw, err := svc.RevealServerPassword(staff, withPassword.ID, demo.Password); err != nil || pw == "" {
		t.Fatalf("the staff member cannot reveal the demo's password: %v", err)
	}

	reviews, err := svc.DeactivationQueue(staff, model.QueuePage{Limit: 10})
	if err != nil || len(reviews) != 1 || reviews[0].Company != "Contoso Cloud GmbH" {
		t.Fatalf("deactivation reviews = %v, %v; want Contoso's (R-STF-3)", reviews, err)
	}

	queue, err := svc.VerificationQueue(staff, model.QueuePage{Limit: 10})
	if err != nil || len(queue) != 2 {
		t.Fatalf("verification queue = %d, %v", len(queue), err)
	}
	var sawImage, sawPDF bool
	for _, r := range queue {
		for _, kind := range model.KYCFileKinds {
			f, err := svc.VerificationFile(staff, r.ID, kind)
			if err != nil {
				t.Fatal(err)
			}
			switch f.Type {
			case model.FilePDF:
				sawPDF = sawPDF || f.Pages == 2
			case model.FilePNG:
				img, _, err := image.Decode(bytes.NewReader(f.Data))
				if err != nil || img.Bounds().Dx() != f.Width {
					t.Errorf("%s of request %d: %v", f.Name, r.ID, err)
				}
				sawImage = sawImage || kind == model.KYCDocument
			}
		}
	}
	if !sawImage || !sawPDF {
		t.Errorf("verification files: a drawn document %v, a two-page PDF %v", sawImage, sawPDF)
	}
	if list, _ := svc.ListSessions(staff); len(list) != 1 {
		t.Errorf("the seeding left %d sessions of the staff member open", len(list)-1)
	}
}
