package model_test

import (
	"testing"

	"acctl/model"
)

// R-2FA-2, R-2FA-3: the setup code is checked, shape and value, before the
// password; the check accepts no step, so enabling takes the same code once,
// and a step used before 2FA was turned off stays used.
func TestCheckTwoFactorSetupCode(t *testing.T) {
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	if err := e.svc.CheckTwoFactorSetupCode(ctx, "123456"); err != model.ErrNoTwoFactorSetup {
		t.Fatalf("check before setup: %v", err)
	}
	setup, err := e.svc.BeginTwoFactorSetup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	good := e.code(t, setup.Secret, 0)
	for _, tt := range []struct {
		name, code string
		want       string
	}{
		{"empty", "", model.EINVALID},
		{"letters", "12a456", model.EINVALID},
		{"five digits", "12345", model.EINVALID},
		{"a code of another step", e.code(t, setup.Secret, 3), model.EUNAUTHORIZED},
		{"a code of the step after the next", e.code(t, setup.Secret, 2), model.EUNAUTHORIZED},
		{"the code of the step before", e.code(t, setup.Secret, -1), ""},
		{"the current code", good, ""},
		{"the current code with a space and a dash", " " + good[:3] + "-" + good[3:], ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := e.svc.CheckTwoFactorSetupCode(ctx, tt.code)
			wantCode(t, err, tt.want)
			if tt.want == model.EUNAUTHORIZED && err != model.ErrWrongSetupCode {
				t.Fatalf("err = %v, want ErrWrongSetupCode", err)
			}
		})
	}
	t.Run("checks count no attempt", func(t *testing.T) {
		list, _ := e.svc.SignInHistory(ctx, model.EventPage{Limit: 50})
		for _, ev := range list {
			if ev.Kind == model.AuthConfirm {
				t.Fatalf("a check recorded an auth event: %+v", ev)
			}
		}
	})
	t.Run("enabling takes the checked code once", func(t *testing.T) {
		if _, err := e.svc.EnableTwoFactor(ctx, strongPassword, good); err != nil {
			t.Fatalf("enable with the checked code: %v", err)
		}
		if err := e.svc.CheckTwoFactorSetupCode(ctx, good); err != model.ErrTwoFactorOn {
			t.Fatalf("check while on: %v", err)
		}
	})
	t.Run("a step used before turning 2FA off stays used", func(t *testing.T) {
		if err := e.svc.DisableTwoFactor(ctx, strongPassword, e.code(t, setup.Secret, 1)); err != nil {
			t.Fatalf("disable: %v", err)
		}
		again, err := e.svc.BeginTwoFactorSetup(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// The new secret's code of a step already accepted (the step after
		// the clock's, used to disable) is refused as used.
		if err := e.svc.CheckTwoFactorSetupCode(ctx, e.code(t, again.Secret, 1)); err != model.ErrCodeUsed {
			t.Fatalf("check of a used step: %v", err)
		}
	})
	t.Run("a gated newcomer may check", func(t *testing.T) {
		sess, err := e.svc.SignUp(ctx, model.SignUpRequest{CompanyName: "Other", Name: "Road Runner", Email: "road@other.example",
			Password: strongPassword, Origin: model.LocalOrigin})
		if err != nil {
			t.Fatal(err)
		}
		rctx := model.WithSession(ctx, sess.Token)
		s, err := e.svc.BeginTwoFactorSetup(rctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.CheckTwoFactorSetupCode(rctx, e.code(t, s.Secret, 0)); err != nil {
			t.Fatalf("a newcomer's check: %v", err)
		}
	})
}

// The shape checks the console's code fields use say what to type.
func TestValidateCodes(t *testing.T) { // R-2FA-2, R-2FA-5, R-2FA-6
	for _, tt := range []struct {
		name, code   string
		totp, second string // the error codes wanted
	}{
		{"six digits", "123 456", "", ""},
		{"letters", "12a456", model.EINVALID, model.EINVALID},
		{"seven digits", "1234567", model.EINVALID, model.EINVALID},
		{"empty", "", model.EINVALID, model.EINVALID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := model.ValidateTOTPCode(tt.code)
			wantCode(t, err, tt.totp)
			wantCode(t, model.ValidateSecondFactor(tt.code), tt.second)
		})
	}
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	_, codes := e.enable2FA(t, ctx)
	if err := model.ValidateSecondFactor(codes[0]); err != nil {
		t.Fatalf("a recovery code is refused: %v", err)
	}
	if _, err := model.ValidateTOTPCode(codes[0]); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("a recovery code passes as an app code: %v", err)
	}
}
