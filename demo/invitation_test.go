package demo_test

import (
	"context"
	"testing"

	"acctl/demo"
	"acctl/model"
)

// The demo's invited user has a pending invitation that the Users screen
// shows as still valid and can re-send (R-USR-1).
func TestDemoInvitationIsPending(t *testing.T) {
	d := seedDemo(t)
	db, svc, ctx, now := d.db, d.svc, context.Background(), d.now
	res, err := svc.SignIn(ctx, model.SignInRequest{Email: demo.Logins[0].Email, Password: demo.Password})
	if err != nil {
		t.Fatal(err)
	}
	owner := model.WithSession(ctx, res.Session.Token)
	if err := db.SetMustEnableTwoFactor(ctx, res.Session.UserID, false); err != nil {
		t.Fatal(err)
	}
	rows, err := svc.ListUsers(owner, model.UserQuery{Filter: "ken@", Limit: 5})
	if err != nil || len(rows) != 1 {
		t.Fatalf("rows = %v, %v", rows, err)
	}
	ken := rows[0]
	if ken.Status != model.UserInvited || ken.InvitationExpiresAt == nil || !ken.InvitationExpiresAt.After(now) {
		t.Fatalf("the invited demo user = %+v; want a pending invitation", ken)
	}
	if _, _, err := svc.ResendInvitation(owner, ken.ID, demo.Password); err != nil {
		t.Fatalf("re-send the demo invitation: %v", err)
	}
	// --demo's invitation screen shows the code of the re-sent email, and
	// that code accepts the invitation (R-USR-1, R-2FA-8).
	code := demo.Inbox(db, d.sealer)(ctx, demo.Invitee)
	if code == "" {
		t.Fatal("the demo inbox shows no invitation code after a re-send")
	}
	res, err = svc.AcceptInvitation(ctx, model.AcceptInvitationRequest{Secret: code, Name: "Ken Thompson", Password: "unix-pipes-and-coffee-1969"})
	if err != nil || res.Session == nil {
		t.Fatalf("accept with the demo inbox's code: %v", err)
	}
}
