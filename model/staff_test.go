package model_test

import (
	"context"
	"testing"

	"acctl/model"
)

// staff invites email as a staff member, has them accept and turns 2FA on
// for them (mandatory, SPEC §10), and returns their session context.
func (e *env) staff(t *testing.T, email string) context.Context {
	t.Helper()
	inv, err := e.svc.AddStaff(context.Background(), email)
	if err != nil {
		t.Fatalf("add staff %s: %v", email, err)
	}
	ctx, err := e.accept(inv.Code, "Staff "+email, strongPassword, model.LocalOrigin)
	if err != nil {
		t.Fatalf("accept staff %s: %v", email, err)
	}
	a, err := e.svc.Caller(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := model.SeedTwoFactor(context.Background(), e.db, e.sealer, a.User, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	return ctx
}

func TestAddStaff(t *testing.T) { // SPEC §10, R-USR-1, R-2FA-8, R-PWD-7
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.svc.AddStaff(ctx, "not an email"); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("AddStaff(not an email) = %v, want invalid", err)
	}
	inv, err := e.svc.AddStaff(ctx, " Sam@Provider.Example ")
	if err != nil {
		t.Fatal(err)
	}
	if inv.User.Email != "sam@provider.example" || inv.User.Status != model.UserInvited || inv.User.Role != model.RoleStaff || inv.Resent || model.CheckInvitationCode(inv.Code) != nil {
		t.Fatalf("invitation = %+v", inv)
	}
	if emailed := e.invitationCode(t, "sam@provider.example"); emailed != inv.Code {
		t.Errorf("the invitation email carries %q, the terminal %q", emailed, inv.Code)
	}
	if need, _ := e.svc.NeedsSignUp(ctx); !need {
		t.Error("inviting staff on an empty server took away the first owner's sign-up")
	}

	t.Run("invited again gets a new code", func(t *testing.T) {
		again, err := e.svc.AddStaff(ctx, "sam@provider.example")
		if err != nil || !again.Resent || again.Code == inv.Code || again.User.ID != inv.User.ID {
			t.Fatalf("AddStaff again = %+v, %v", again, err)
		}
		_, err = e.accept(inv.Code, "Sam", strongPassword, model.LocalOrigin)
		wantCode(t, err, model.EUNAUTHORIZED)
		inv = again
	})

	staffCtx, err := e.accept(inv.Code, "Sam Support", strongPassword, model.LocalOrigin)
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.svc.Caller(staffCtx)
	if err != nil {
		t.Fatal(err)
	}
	if !a.IsStaff() || a.User.Role != model.RoleStaff || !a.Account.IsProvider() || a.Account.CompanyName != model.ProviderCompanyName || !a.MustEnable2FA {
		t.Fatalf("caller = %+v %+v, must enable 2FA %v; want a staff member of the provider who must set up 2FA", a.User, a.Account, a.MustEnable2FA)
	}

	t.Run("2FA is mandatory, always", func(t *testing.T) {
		if err := e.db.SetMustEnableTwoFactor(ctx, a.User.ID, false); err != nil {
			t.Fatal(err)
		}
		_, err := e.svc.Me(staffCtx)
		wantCode(t, err, model.ENEEDS2FA)
		if _, err := model.SeedTwoFactor(ctx, e.db, e.sealer, a.User, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Me(staffCtx); err != nil {
			t.Fatalf("with 2FA on: %v", err)
		}
		err = e.svc.DisableTwoFactor(staffCtx, strongPassword, "123456")
		wantCode(t, err, model.EFORBIDDEN)
	})

	e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	for _, tc := range []struct {
		name, email string
		code        string
	}{
		{"ErrAlreadyStaff", "sam@provider.example", model.ECONFLICT},
		{"ErrEmailTaken by a customer", "wile@acme.example", model.ECONFLICT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.svc.AddStaff(ctx, tc.email)
			wantCode(t, err, tc.code)
		})
	}

	t.Run("one provider account", func(t *testing.T) {
		if _, err := e.svc.AddStaff(ctx, "kim@provider.example"); err != nil {
			t.Fatal(err)
		}
		kim, err := e.db.FindUserByEmail(ctx, "kim@provider.example")
		if err != nil || kim.AccountID != a.Account.ID || kim.Role != model.RoleStaff {
			t.Fatalf("second staff member = %+v, %v; want the same provider account %d", kim, err, a.Account.ID)
		}
		log, err := e.db.ListAudit(ctx, a.Account.ID, model.EventPage{Limit: 10})
		if err != nil || len(log) == 0 || log[0].Action != "staff.invited" || log[0].Object != "user kim@provider.example" {
			t.Fatalf("provider log = %v, %v", log, err)
		}
	})
}

// Staff sign in like everyone (SPEC §10): the password, then the code step
// of their mandatory 2FA, and R-PWD-5's waits.
func TestStaffSignIn(t *testing.T) { // SPEC §10, R-2FA-5, R-PWD-5
	e := newEnv(t)
	e.staff(t, "sam@provider.example")
	res, err := e.svc.SignIn(context.Background(), model.SignInRequest{Email: "sam@provider.example", Password: strongPassword, Origin: model.LocalOrigin})
	if err != nil || res.Challenge == nil || res.Session != nil {
		t.Fatalf("SignIn = %+v, %v; want the code step", res, err)
	}
	for range model.FreeAttempts {
		_, err := e.svc.SignIn(context.Background(), model.SignInRequest{Email: "sam@provider.example", Password: "wrong-password-123", Origin: model.LocalOrigin})
		wantCode(t, err, model.EUNAUTHORIZED)
	}
	_, err = e.svc.SignIn(context.Background(), model.SignInRequest{Email: "sam@provider.example", Password: strongPassword, Origin: model.LocalOrigin})
	wantCode(t, err, model.ELOCKED)
}

// The permission table keeps the two sides apart (SPEC §10, R-ACC-4):
// no customer role has a staff action, and staff have no customer action.
func TestStaffPermissions(t *testing.T) { // SPEC §10, R-ACC-4
	customerActions := []model.Action{model.ActionManageUsers, model.ActionEnforce2FA, model.ActionDeactivateAccount,
		model.ActionReadSecurityLog, model.ActionManageOthersKeys, model.ActionUseRequests, model.ActionVerify, "an action not in the table"}
	for _, action := range model.StaffActions {
		for _, role := range []model.Role{model.RoleOwner, model.RoleManager} {
			if model.Can(role, action) {
				t.Errorf("%s can %s", role, action)
			}
		}
		if !model.Can(model.RoleStaff, action) {
			t.Errorf("staff cannot %s", action)
		}
	}
	for _, action := range customerActions {
		if model.Can(model.RoleStaff, action) {
			t.Errorf("staff can %s", action)
		}
	}
	for _, action := range []model.Action{model.ActionUseRequests, model.ActionVerify} {
		for _, role := range []model.Role{model.RoleOwner, model.RoleManager} {
			if !model.Can(role, action) {
				t.Errorf("%s cannot %s", role, action)
			}
		}
	}
}

// The Service keeps each side to its own methods (SPEC §10).
func TestStaffAndCustomersKeepToTheirSide(t *testing.T) { // SPEC §10, R-ACC-4
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	staff := e.staff(t, "sam@provider.example")
	tk, err := e.svc.SubmitTicket(owner, model.TicketRequest{Subject: "Disk full", Description: "The disk is full."})
	if err != nil {
		t.Fatal(err)
	}
	staffOnly := map[string]func(context.Context) error{
		"TicketQueue": func(c context.Context) error {
			_, err := e.svc.TicketQueue(c, "", model.QueuePage{Limit: 5})
			return err
		},
		"TakeTicket": func(c context.Context) error { _, err := e.svc.TakeTicket(c, tk.ID); return err },
		"SetTicketStatus": func(c context.Context) error {
			_, err := e.svc.SetTicketStatus(c, tk.ID, model.TicketWaitingCustomer)
			return err
		},
		"RevealServerPassword": func(c context.Context) error {
			_, err := e.svc.RevealServerPassword(c, tk.ID, strongPassword)
			return err
		},
		"VerificationQueue": func(c context.Context) error {
			_, err := e.svc.VerificationQueue(c, model.QueuePage{Limit: 5})
			return err
		},
		"VerificationRequest": func(c context.Context) error { _, err := e.svc.VerificationRequest(c, 1); return err },
		"VerificationFile":    func(c context.Context) error { _, err := e.svc.VerificationFile(c, 1, model.KYCDocument); return err },
		"ApproveVerification": func(c context.Context) error { _, err := e.svc.ApproveVerification(c, 1); return err },
		"RejectVerification":  func(c context.Context) error { _, err := e.svc.RejectVerification(c, 1, "blurred"); return err },
	}
	for name, call := range staffOnly {
		t.Run("customer "+name, func(t *testing.T) { wantCode(t, call(owner), model.EFORBIDDEN) })
	}
	customerOnly := map[string]func(context.Context) error{
		"SubmitTicket": func(c context.Context) error {
			_, err := e.svc.SubmitTicket(c, model.TicketRequest{Subject: "x", Description: "y"})
			return err
		},
		"Tickets":            func(c context.Context) error { _, err := e.svc.Tickets(c, "", model.EventPage{Limit: 5}); return err },
		"Verification":       func(c context.Context) error { _, err := e.svc.Verification(c); return err },
		"StartVerification":  func(c context.Context) error { _, err := e.svc.StartVerification(c, model.DocPassport); return err },
		"SubmitVerification": func(c context.Context) error { _, err := e.svc.SubmitVerification(c); return err },
		"InviteUser": func(c context.Context) error {
			_, _, err := e.svc.InviteUser(c, "x@provider.example", model.RoleManager, strongPassword)
			return err
		},
		"SecurityLog": func(c context.Context) error { _, err := e.svc.SecurityLog(c, model.EventPage{Limit: 5}); return err },
	}
	for name, call := range customerOnly {
		t.Run("staff "+name, func(t *testing.T) { wantCode(t, call(staff), model.EFORBIDDEN) })
	}
}

// The provider disables a staff member who left (SPEC §10, R-USR-3): their
// console is signed out at once, they cannot sign in, and enabling lets
// them in again; an invitation not accepted yet is cancelled, its code
// dead. Only staff addresses are taken.
func TestDisableAndEnableStaff(t *testing.T) { // SPEC §10, R-USR-3, R-SES-2
	e := newEnv(t)
	ctx := context.Background()
	sam := e.staff(t, "sam@provider.example")
	e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	kim, err := e.svc.AddStaff(ctx, "kim@provider.example")
	if err != nil {
		t.Fatal(err)
	}

	u, cancelled, err := e.svc.DisableStaff(ctx, " Sam@Provider.example")
	if err != nil || cancelled || u.Status != model.UserDisabled {
		t.Fatalf("DisableStaff = %+v, %v, %v", u, cancelled, err)
	}
	if st, err := e.svc.SessionState(sam); err != nil || st.Open {
		t.Fatalf("the staff member's session after the disable: %+v, %v", st, err)
	}
	_, err = e.signIn("sam@provider.example", strongPassword)
	wantCode(t, err, model.EUNAUTHORIZED)
	if got := e.lastAudit(t, u.AccountID); got.Action != "staff.disabled" || got.Actor != "acctl staff disable" || got.Object != "user sam@provider.example" {
		t.Fatalf("provider log: %+v", got)
	}
	_, _, err = e.svc.DisableStaff(ctx, "sam@provider.example")
	wantCode(t, err, model.EINVALID) // already disabled

	if u, err := e.svc.EnableStaff(ctx, "sam@provider.example"); err != nil || u.Status != model.UserActive {
		t.Fatalf("EnableStaff = %+v, %v", u, err)
	}
	if res, err := e.svc.SignIn(ctx, model.SignInRequest{Email: "sam@provider.example", Password: strongPassword, Origin: model.LocalOrigin}); err != nil || res.Challenge == nil {
		t.Fatalf("sign-in after enable = %+v, %v; want the code step", res, err)
	}
	_, err = e.svc.EnableStaff(ctx, "sam@provider.example")
	wantCode(t, err, model.EINVALID) // not disabled

	if _, cancelled, err := e.svc.DisableStaff(ctx, "kim@provider.example"); err != nil || !cancelled {
		t.Fatalf("DisableStaff(invited) = %v, %v; want the invitation cancelled", cancelled, err)
	}
	_, err = e.accept(kim.Code, "Kim", strongPassword, model.LocalOrigin)
	wantCode(t, err, model.EUNAUTHORIZED)

	for _, email := range []string{"wile@acme.example", "nobody@provider.example"} {
		_, _, err := e.svc.DisableStaff(ctx, email)
		if err != model.ErrNoSuchStaff {
			t.Errorf("DisableStaff(%s) = %v, want ErrNoSuchStaff", email, err)
		}
	}
	if wile, err := e.db.FindUserByEmail(ctx, "wile@acme.example"); err != nil || wile.Status != model.UserActive {
		t.Fatalf("a customer was touched: %+v, %v", wile, err)
	}
	staff, err := e.svc.Staff(ctx)
	if err != nil || len(staff) != 1 || staff[0].Email != "sam@provider.example" {
		t.Fatalf("Staff = %v, %v", staff, err)
	}
}
