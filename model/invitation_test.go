package model_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"acctl/model"
	"acctl/model/modeltest"
)

// invitationCode reads the code of the newest invitation email to email.
func (e *env) invitationCode(t *testing.T, email string) string {
	t.Helper()
	return modeltest.InvitationCode(t, e.db, e.sealer, email)
}

// accept accepts an invitation from origin and returns the new user's
// session context.
func (e *env) accept(code, name, password string, origin model.Origin) (context.Context, error) {
	res, err := e.svc.AcceptInvitation(context.Background(), model.AcceptInvitationRequest{
		Secret: code, Name: name, Password: password, Origin: origin, Client: model.Client{Term: "xterm"}})
	if err != nil {
		return nil, err
	}
	return model.WithSession(context.Background(), res.Session.Token), nil
}

// member invites email with role and has them accept, past the newcomer's
// 2FA step, and returns their session context.
func (e *env) member(t *testing.T, owner context.Context, email string, role model.Role) context.Context {
	t.Helper()
	if _, _, err := e.svc.InviteUser(owner, email, role, strongPassword); err != nil {
		t.Fatalf("invite %s: %v", email, err)
	}
	ctx, err := e.accept(e.invitationCode(t, email), "Member "+email, strongPassword, model.LocalOrigin)
	if err != nil {
		t.Fatalf("accept %s: %v", email, err)
	}
	a, err := e.svc.Caller(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.SetMustEnableTwoFactor(context.Background(), a.User.ID, false); err != nil {
		t.Fatal(err)
	}
	return ctx
}

func TestInviteUser(t *testing.T) { // R-USR-1, R-PWD-4, R-AUD-1
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	for _, tc := range []struct {
		name, email string
		role        model.Role
		code        string
	}{
		{"no email", " ", model.RoleManager, model.EINVALID},
		{"not an email", "road runner", model.RoleManager, model.EINVALID},
		{"no role", "road@acme.example", "", model.EINVALID},
		{"unknown role", "road@acme.example", "admin", model.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := e.svc.InviteUser(owner, tc.email, tc.role, strongPassword)
			wantCode(t, err, tc.code)
		})
	}
	if _, _, err := e.svc.InviteUser(owner, "road@acme.example", model.RoleManager, "wrong password"); err != model.ErrWrongPassword {
		t.Fatalf("wrong password: %v", err)
	}
	u, _, err := e.svc.InviteUser(owner, " Road@ACME.example ", model.RoleManager, strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "road@acme.example" || u.Status != model.UserInvited || u.Role != model.RoleManager || u.PasswordHash != "" {
		t.Fatalf("invited user = %+v", u)
	}
	code := e.invitationCode(t, u.Email)
	if n := len(strings.ReplaceAll(code, "-", "")); n < 26 { // 26 base32 characters hold 130 bits
		t.Fatalf("code %q has %d characters: too few random bits", code, n)
	}
	// The outbox shows the owner the email, but not the code in it.
	list, err := e.svc.Outbox(owner, model.EventPage{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range list {
		if strings.Contains(n.Body, code) || strings.Contains(n.Subject, code) {
			t.Fatalf("the owner's outbox shows the invitation code: %+v", n)
		}
	}
	log, err := e.svc.SecurityLog(owner, model.EventPage{Limit: 1})
	if err != nil || len(log) != 1 || log[0].Action != "user.invited" || log[0].Object != "user road@acme.example" || strings.Contains(log[0].Detail, code) {
		t.Fatalf("audit = %+v, %v", log, err)
	}
	// R-ACC-2: an email that belongs to anyone anywhere, in any case, is
	// refused with a message that does not say where.
	e.signUp(t, "Other", "Bugs Bunny", "bugs@other.example")
	for _, taken := range []string{"BUGS@other.example", "road@acme.example", "Wile@Acme.Example"} {
		_, _, err := e.svc.InviteUser(owner, taken, model.RoleOwner, strongPassword)
		if err != model.ErrEmailTaken {
			t.Fatalf("invite %s: %v, want ErrEmailTaken", taken, err)
		}
		if strings.Contains(model.ErrorMessage(err), "Other") || strings.Contains(model.ErrorMessage(err), "Acme") {
			t.Fatalf("the refusal names an account: %s", model.ErrorMessage(err))
		}
	}
}

func TestInviteConfirmationCountsTowardsLockout(t *testing.T) { // R-PWD-4, R-PWD-5
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	for range model.FreeAttempts {
		if _, _, err := e.svc.InviteUser(owner, "road@acme.example", model.RoleManager, "wrong password"); err != model.ErrWrongPassword {
			t.Fatal(err)
		}
	}
	_, _, err := e.svc.InviteUser(owner, "road@acme.example", model.RoleManager, strongPassword)
	wantCode(t, err, model.ELOCKED)
}

func TestAcceptInvitation(t *testing.T) { // R-USR-1, R-PWD-1, R-2FA-8
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	if _, _, err := e.svc.InviteUser(owner, "road@acme.example", model.RoleOwner, strongPassword); err != nil {
		t.Fatal(err)
	}
	code := e.invitationCode(t, "road@acme.example")
	// Invited users cannot sign in before accepting.
	if _, err := e.signIn("road@acme.example", strongPassword); err != model.ErrBadCredentials {
		t.Fatalf("an invited user signs in: %v", err)
	}
	for _, tc := range []struct {
		name, code, person, password, want string
	}{
		{"not a code", "hello", "Road Runner", "fresh-granite-otter-44", model.EINVALID},
		{"no name", code, "  ", "fresh-granite-otter-44", model.EINVALID},
		{"short password", code, "Road Runner", "beep beep", model.EINVALID},
		{"password from the email", code, "Road Runner", "road@acme.example", model.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.accept(tc.code, tc.person, tc.password, model.LocalOrigin)
			wantCode(t, err, tc.want)
		})
	}
	// Pasted with other case and stray spaces, the code still works.
	pasted := "  " + strings.ToUpper(code) + " \n"
	ctx, err := e.accept(pasted, " Road Runner ", "fresh-granite-otter-44", model.Origin{Remote: "198.51.100.7:40022"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.svc.Caller(ctx)
	if err != nil || !a.MustEnable2FA || a.User.Status != model.UserActive || a.User.Name != "Road Runner" || a.User.Role != model.RoleOwner {
		t.Fatalf("after accepting: %+v, %v; want an active user who must enable 2FA", a, err)
	}
	if _, err := e.svc.Me(ctx); err != model.ErrNeeds2FA {
		t.Fatalf("Me = %v, want ErrNeeds2FA (R-2FA-8)", err)
	}
	// Single use.
	if _, err := e.accept(code, "Mallory", "other-granite-otter-45", model.LocalOrigin); err != model.ErrInvitationUnknown {
		t.Fatalf("second accept: %v, want ErrInvitationUnknown", err)
	}
	// The new password signs in.
	if _, err := e.svc.SignIn(context.Background(), model.SignInRequest{Email: "road@acme.example", Password: "fresh-granite-otter-44"}); err != nil {
		t.Fatalf("sign in with the chosen password: %v", err)
	}
	log, err := e.svc.SecurityLog(owner, model.EventPage{Limit: 1})
	if err != nil || len(log) != 1 || log[0].Action != "user.invitation_accepted" || log[0].Actor != "road@acme.example" || log[0].Origin.Remote != "198.51.100.7:40022" {
		t.Fatalf("audit = %+v, %v", log, err)
	}
}

func TestInvitationExpiresAndResendReplacesIt(t *testing.T) { // R-USR-1
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	u, _, err := e.svc.InviteUser(owner, "road@acme.example", model.RoleManager, strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	first := e.invitationCode(t, u.Email)
	e.clock.Advance(model.InvitationTTL)
	if _, err := e.accept(first, "Road Runner", "fresh-granite-otter-44", model.LocalOrigin); err != model.ErrInvitationExpired {
		t.Fatalf("accept after 7 days: %v, want ErrInvitationExpired", err)
	}
	owner = e.unlock(t, owner, strongPassword, "") // the owner's hour is long over
	if _, _, err := e.svc.ResendInvitation(owner, u.ID, "wrong password"); err != model.ErrWrongPassword {
		t.Fatalf("re-send with a wrong password: %v", err)
	}
	if _, _, err := e.svc.ResendInvitation(owner, u.ID, strongPassword); err != nil {
		t.Fatal(err)
	}
	second := e.invitationCode(t, u.Email)
	if second == first {
		t.Fatal("re-sending kept the code")
	}
	if _, err := e.accept(first, "Road Runner", "fresh-granite-otter-44", model.LocalOrigin); err != model.ErrInvitationUnknown {
		t.Fatalf("the replaced code: %v, want ErrInvitationUnknown", err)
	}
	e.clock.Advance(model.InvitationTTL - time.Second)
	if _, err := e.accept(second, "Road Runner", "fresh-granite-otter-44", model.LocalOrigin); err != nil {
		t.Fatalf("the new code just before its 7 days end: %v", err)
	}
	owner = e.unlock(t, owner, strongPassword, "")
	if _, _, err := e.svc.ResendInvitation(owner, u.ID, strongPassword); err != model.ErrNotInvited {
		t.Fatalf("re-send to an active user: %v, want ErrNotInvited", err)
	}
}

func TestCancelInvitation(t *testing.T) { // R-USR-1
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	u, _, err := e.svc.InviteUser(owner, "road@acme.example", model.RoleManager, strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	code := e.invitationCode(t, u.Email)
	if err := e.svc.CancelInvitation(owner, u.ID, "wrong password"); err != model.ErrWrongPassword {
		t.Fatalf("cancel with a wrong password: %v", err)
	}
	if err := e.svc.CancelInvitation(owner, u.ID, strongPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := e.accept(code, "Road Runner", "fresh-granite-otter-44", model.LocalOrigin); err != model.ErrInvitationUnknown {
		t.Fatalf("accept a cancelled invitation: %v", err)
	}
	wantCode(t, e.svc.CancelInvitation(owner, u.ID, strongPassword), model.ENOTFOUND)
	if _, _, err := e.svc.InviteUser(owner, "road@acme.example", model.RoleManager, strongPassword); err != nil {
		t.Fatalf("invite the address again: %v", err)
	}
	me, _ := e.svc.Me(owner)
	wantCode(t, e.svc.CancelInvitation(owner, me.User.ID, strongPassword), model.ECONFLICT)
}

// Wrong codes are counted per origin like passwords (R-PWD-5): after
// FreeAttempts from one address it waits, even for the right code; other
// origins are not held up, and a malformed code is not counted.
func TestWrongInvitationCodesWait(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	if _, _, err := e.svc.InviteUser(owner, "road@acme.example", model.RoleManager, strongPassword); err != nil {
		t.Fatal(err)
	}
	code := e.invitationCode(t, "road@acme.example")
	wrong := "0000-0000-0000-0000-0000-0000-0000-0000"
	attacker := model.Origin{Remote: "203.0.113.66:5000"}
	for i := range model.FreeAttempts {
		attacker.Remote = "203.0.113.66:" + string(rune('0'+i)) + "000" // new ports, same host
		if _, err := e.accept(wrong, "Mallory", "fresh-granite-otter-44", attacker); err != model.ErrInvitationUnknown {
			t.Fatalf("wrong code %d: %v", i, err)
		}
		wantCode(t, func() error {
			_, err := e.accept("not a code", "Mallory", "fresh-granite-otter-44", attacker)
			return err
		}(), model.EINVALID)
	}
	_, err := e.accept(code, "Road Runner", "fresh-granite-otter-44", attacker)
	wantCode(t, err, model.ELOCKED)
	if _, err := e.accept(code, "Road Runner", "fresh-granite-otter-44", model.Origin{Remote: "198.51.100.7:40022"}); err != nil {
		t.Fatalf("another origin, meanwhile: %v", err)
	}
}

// Issue 10: local consoles no longer share one invitation-code throttle:
// each OS user has their own, so one user's guesses do not hold up
// another's invitee (R-PWD-5).
func TestInvitationCodesAreThrottledPerLocalUser(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	if _, _, err := e.svc.InviteUser(owner, "road@acme.example", model.RoleManager, strongPassword); err != nil {
		t.Fatal(err)
	}
	code := e.invitationCode(t, "road@acme.example")
	mallory := model.Origin{Local: true, LocalUser: "mallory"}
	for range model.FreeAttempts {
		if _, err := e.accept("0000-0000-0000-0000-0000-0000-0000-0000", "Mallory", "fresh-granite-otter-44", mallory); err != model.ErrInvitationUnknown {
			t.Fatal(err)
		}
	}
	_, err := e.accept(code, "Mallory", "fresh-granite-otter-44", mallory)
	wantCode(t, err, model.ELOCKED)
	if _, err := e.accept(code, "Road Runner", "fresh-granite-otter-44", model.Origin{Local: true, LocalUser: "road"}); err != nil {
		t.Fatalf("another local user, meanwhile: %v", err)
	}
}
