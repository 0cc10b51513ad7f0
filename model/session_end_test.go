package model_test

import (
	"strings"
	"testing"

	"acctl/model"
)

// R-SES-6, R-PWD-4: an owner sees and ends any user's sessions in their
// account, after the password; the rest of the account cannot.
func TestOwnerEndsAUsersSessions(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	road := e.member(t, owner, "road@acme.example", model.RoleManager)
	there := mustSignIn(t, e, "road@acme.example", strongPassword)
	tweety := e.member(t, owner, "tweety@acme.example", model.RoleManager)
	stranger := e.signUp(t, "Other", "Bugs Bunny", "bugs@other.example")
	r, _ := e.svc.Me(road)
	o, _ := e.svc.Me(owner)
	s, _ := e.svc.Me(stranger)

	list, err := e.svc.ListUserSessions(owner, r.User.ID)
	if err != nil || len(list) != 2 {
		t.Fatalf("the owner lists %d sessions of a manager, %v; want 2", len(list), err)
	}
	_, err = e.svc.ListUserSessions(tweety, r.User.ID)
	wantCode(t, err, model.EFORBIDDEN)
	_, err = e.svc.ListUserSessions(tweety, o.User.ID)
	wantCode(t, err, model.EFORBIDDEN)
	_, err = e.svc.ListUserSessions(owner, s.User.ID)
	wantCode(t, err, model.ENOTFOUND)
	wantCode(t, e.svc.EndUserSession(tweety, r.User.ID, list[0].ID, strongPassword), model.EFORBIDDEN)
	_, err = e.svc.EndUserSessions(owner, s.User.ID, strongPassword)
	wantCode(t, err, model.ENOTFOUND)

	if err := e.svc.EndUserSession(owner, r.User.ID, model.SessionIDFrom(there), "wrong password"); err != model.ErrWrongPassword {
		t.Fatalf("wrong password: %v", err)
	}
	if err := e.svc.EndUserSession(owner, r.User.ID, model.SessionIDFrom(there), strongPassword); err != nil {
		t.Fatal(err)
	}
	if open, _ := e.svc.SessionOpen(there); open {
		t.Fatal("the ended session is open")
	}
	if open, _ := e.svc.SessionOpen(road); !open {
		t.Fatal("ending one session ended another")
	}
	wantCode(t, e.svc.EndUserSession(owner, r.User.ID, model.SessionIDFrom(there), strongPassword), model.ENOTFOUND)
	if n, err := e.svc.EndUserSessions(owner, r.User.ID, strongPassword); err != nil || n != 1 {
		t.Fatalf("end all: %d, %v; want 1", n, err)
	}
	if open, _ := e.svc.SessionOpen(road); open {
		t.Fatal("a session survived ending them all")
	}
	if open, _ := e.svc.SessionOpen(owner); !open {
		t.Fatal("the owner's own session was ended")
	}
	log := auditActions(t, e, owner)
	if want := "session.closed session of road@acme.example ended by an owner"; !strings.Contains(log, want) {
		t.Fatalf("the security log lacks %q:\n%s", want, log)
	}
}

// R-SES-6: any user closes all their other sessions at once, with the
// password; this one stays.
func TestCloseOtherSessions(t *testing.T) {
	e := newEnv(t)
	here := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	a := mustSignIn(t, e, "wile@acme.example", strongPassword)
	b := mustSignIn(t, e, "wile@acme.example", strongPassword)
	if _, err := e.svc.CloseOtherSessions(here, "wrong password"); err != model.ErrWrongPassword {
		t.Fatalf("wrong password: %v", err)
	}
	if n, err := e.svc.CloseOtherSessions(here, strongPassword); err != nil || n != 2 {
		t.Fatalf("close others: %d, %v; want 2", n, err)
	}
	if open, _ := e.svc.SessionOpen(a); open {
		t.Fatal("another session is open")
	}
	if open, _ := e.svc.SessionOpen(b); open {
		t.Fatal("another session is open")
	}
	if open, _ := e.svc.SessionOpen(here); !open {
		t.Fatal("this session was closed")
	}
	me, _ := e.svc.Me(here)
	if err := e.svc.EndUserSession(here, me.User.ID, me.Session.ID, strongPassword); err != model.ErrThisSession {
		t.Fatalf("ending this session from the list: %v, want ErrThisSession", err)
	}
	if err := e.svc.CloseSession(here, me.Session.ID); err != model.ErrThisSession {
		t.Fatalf("closing this session: %v, want ErrThisSession", err)
	}
}
