package model_test

import (
	"strings"
	"testing"

	"acctl/model"
)

// R-PWD-7: without a mail server the inviter gets the invitation code
// once, to hand over; with one, the email carries it and nothing is
// returned.
func TestInvitationCodeIsHandedOverWithoutMail(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	u, code, err := e.svc.InviteUser(owner, "road@acme.example", model.RoleManager, strongPassword)
	if err != nil || code == "" || code != e.invitationCode(t, "road@acme.example") {
		t.Fatalf("invite without mail: %q, %v; want the emailed code", code, err)
	}
	_, again, err := e.svc.ResendInvitation(owner, u.ID, strongPassword)
	if err != nil || again == "" || again == code {
		t.Fatalf("re-send without mail: %q, %v", again, err)
	}
	if _, err := e.accept(again, "Road Runner", newPassword, model.LocalOrigin); err != nil {
		t.Fatalf("accept with the handed-over code: %v", err)
	}
	mailed := model.NewService(model.Config{Store: e.db, Hasher: model.NewHasher(testArgon2), Clock: e.clock.Now, Sealer: e.sealer, Mail: true})
	if _, code, err := mailed.InviteUser(owner, "bugs@acme.example", model.RoleManager, strongPassword); err != nil || code != "" {
		t.Fatalf("invite with mail: %q, %v; want no code", code, err)
	}
}

// R-PWD-7: an owner issues a reset code for another user of the account,
// after the password; it is shown once, audited, notified to the user
// without the code, and resets their password.
func TestOwnerIssuesAResetCode(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	road := e.member(t, owner, "road@acme.example", model.RoleManager)
	tweety := e.member(t, owner, "tweety@acme.example", model.RoleManager)
	stranger := e.signUp(t, "Other", "Bugs Bunny", "bugs@other.example")
	r, _ := e.svc.Me(road)
	o, _ := e.svc.Me(owner)
	s, _ := e.svc.Me(stranger)

	_, err := e.svc.IssueResetCode(tweety, r.User.ID, strongPassword)
	wantCode(t, err, model.EFORBIDDEN)
	_, err = e.svc.IssueResetCode(owner, s.User.ID, strongPassword)
	wantCode(t, err, model.ENOTFOUND)
	_, err = e.svc.IssueResetCode(owner, o.User.ID, strongPassword)
	wantCode(t, err, model.EINVALID)
	bugs := e.member(t, owner, "bugs@acme.example", model.RoleOwner)
	b, _ := e.svc.Me(bugs)
	if _, err = e.svc.IssueResetCode(owner, b.User.ID, strongPassword); err != model.ErrOtherOwnerReset { // R-ACC-5
		t.Fatalf("a reset code for another owner: %v", err)
	}
	if _, err := e.svc.IssueResetCode(owner, r.User.ID, "wrong password"); err != model.ErrWrongPassword {
		t.Fatalf("wrong password: %v", err)
	}
	code, err := e.svc.IssueResetCode(owner, r.User.ID, strongPassword)
	if err != nil || !resetCodeRE.MatchString(code) {
		t.Fatalf("issue: %q, %v", code, err)
	}
	notice := lastMessage(t, e, "road@acme.example", model.NotifyResetCodeIssued)
	if strings.Contains(notice.Body, code) || !strings.Contains(notice.Body, "wile@acme.example") {
		t.Fatalf("the notice:\n%s", notice.Body)
	}
	if !strings.Contains(auditActions(t, e, owner), "user.reset_code_issued") {
		t.Fatal("not audited")
	}
	res, err := e.reset("road@acme.example", code, newPassword)
	if err != nil || res.Session == nil {
		t.Fatalf("reset with the issued code: %v", err)
	}
	if open, _ := e.svc.SessionOpen(road); open {
		t.Fatal("the reset left the user's session open")
	}
	mustSignIn(t, e, "road@acme.example", newPassword)
}
