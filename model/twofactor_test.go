package model_test

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"acctl/model"
	"acctl/seal"
)

// newSealer returns a sealer under a fresh random key.
func newSealer(t testing.TB) *seal.Sealer {
	t.Helper()
	key := make([]byte, seal.KeySize)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	s, err := seal.New(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// code is the app's code for secret, steps away from the clock's step.
func (e *env) code(t *testing.T, secret string, steps int64) string {
	t.Helper()
	c, err := model.TOTPCode(secret, model.TOTPStep(e.clock.Now())+steps, model.TOTPDigits)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// enable2FA turns 2FA on for ctx's user and returns the secret and the
// recovery codes. The clock then moves one step on, so that the next code
// is not the one just used.
func (e *env) enable2FA(t *testing.T, ctx context.Context) (string, []string) {
	t.Helper()
	setup, err := e.svc.BeginTwoFactorSetup(ctx)
	if err != nil {
		t.Fatalf("begin setup: %v", err)
	}
	codes, err := e.svc.EnableTwoFactor(ctx, strongPassword, e.code(t, setup.Secret, 0))
	if err != nil {
		t.Fatalf("enable 2FA: %v", err)
	}
	e.clock.Advance(model.TOTPPeriod)
	return setup.Secret, codes
}

// challenge runs the password step of a user with 2FA on.
func (e *env) challenge(t *testing.T, email string) string {
	t.Helper()
	res, err := e.svc.SignIn(context.Background(), model.SignInRequest{Email: email, Password: strongPassword, Origin: model.Origin{Remote: "203.0.113.9:4000"}})
	if err != nil {
		t.Fatalf("password step: %v", err)
	}
	if res.Session != nil || res.Challenge == nil {
		t.Fatalf("password step of a 2FA user gave %+v, want only a challenge", res)
	}
	return res.Challenge.Token
}

// signInWithCode runs both sign-in steps.
func (e *env) signInWithCode(t *testing.T, email, code string) (context.Context, error) {
	t.Helper()
	sess, err := e.svc.CompleteSignIn(context.Background(), e.challenge(t, email), code)
	if err != nil {
		return nil, err
	}
	return model.WithSession(context.Background(), sess.Token), nil
}

// addManager adds an active manager with the test password to ctx's account.
func (e *env) addManager(t *testing.T, ctx context.Context, email string) {
	t.Helper()
	me, err := e.svc.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m := &model.User{AccountID: me.Account.ID, Name: "Road Runner", Email: email, Role: model.RoleManager, Status: model.UserActive,
		PasswordHash: me.User.PasswordHash, CreatedAt: e.clock.Now()}
	if err := e.db.CreateUser(context.Background(), m, nil); err != nil {
		t.Fatal(err)
	}
}

func openSessions(t *testing.T, e *env, email string) int {
	t.Helper()
	u, err := e.db.FindUserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	list, err := e.db.ListOpenSessions(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

func TestTOTPMatchesRFC6238(t *testing.T) { // R-2FA-1: RFC 6238 Appendix B, SHA-1
	secret := base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))
	tests := []struct {
		unix int64
		want string
	}{
		{59, "94287082"},
		{1111111109, "07081804"},
		{1111111111, "14050471"},
		{1234567890, "89005924"},
		{2000000000, "69279037"},
		{20000000000, "65353130"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got, err := model.TOTPCode(secret, model.TOTPStep(time.Unix(tt.unix, 0)), 8)
			if err != nil || got != tt.want {
				t.Fatalf("code at %d = %q, %v; want %s", tt.unix, got, err, tt.want)
			}
			six, _ := model.TOTPCode(secret, model.TOTPStep(time.Unix(tt.unix, 0)), model.TOTPDigits)
			if six != tt.want[2:] {
				t.Fatalf("6-digit code at %d = %q, want %s", tt.unix, six, tt.want[2:])
			}
		})
	}
}

func TestSetupGivesA160BitSecretAndItsURI(t *testing.T) { // R-2FA-1, R-2FA-2
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	setup, err := e.svc.BeginTwoFactorSetup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(setup.Secret)
	if err != nil || len(raw) != 20 {
		t.Fatalf("secret %q: %d bytes, %v; want 160 bits in base32", setup.Secret, len(raw), err)
	}
	again, _ := e.svc.BeginTwoFactorSetup(ctx)
	if again.Secret == setup.Secret {
		t.Fatal("two setups gave the same secret")
	}
	u, err := url.Parse(again.URI)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme != "otpauth" || u.Host != "totp" || u.Path != "/acctl:wile@acme.example" {
		t.Fatalf("URI %s: want otpauth://totp/acctl:wile@acme.example", again.URI)
	}
	want := map[string]string{"secret": again.Secret, "issuer": "acctl", "algorithm": "SHA1", "digits": "6", "period": "30"}
	for k, v := range want {
		if q.Get(k) != v {
			t.Errorf("URI %s: %s = %q, want %q", again.URI, k, q.Get(k), v)
		}
	}
}

func TestCodesWithinOneStepAreAccepted(t *testing.T) { // R-2FA-1
	tests := []struct {
		name  string
		steps int64
		ok    bool
	}{
		{"two steps behind", -2, false},
		{"one step behind", -1, true},
		{"current step", 0, true},
		{"one step ahead", 1, true},
		{"two steps ahead", 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
			secret, _ := e.enable2FA(t, ctx)
			e.clock.Advance(5 * time.Minute) // far from the step used to enable
			_, err := e.signInWithCode(t, "wile@acme.example", e.code(t, secret, tt.steps))
			if tt.ok && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !tt.ok && err != model.ErrWrongCode {
				t.Fatalf("err = %v, want ErrWrongCode", err)
			}
		})
	}
}

func TestACodeStepIsAcceptedOnce(t *testing.T) { // R-2FA-3
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	secret, _ := e.enable2FA(t, ctx)

	t.Run("the code used to enable", func(t *testing.T) {
		e.clock.Advance(-model.TOTPPeriod) // back into the step used to enable
		_, err := e.signInWithCode(t, "wile@acme.example", e.code(t, secret, 0))
		e.clock.Advance(model.TOTPPeriod)
		if err != model.ErrCodeUsed {
			t.Fatalf("err = %v, want ErrCodeUsed", err)
		}
	})
	code := e.code(t, secret, 0)
	if _, err := e.signInWithCode(t, "wile@acme.example", code); err != nil {
		t.Fatalf("first use: %v", err)
	}
	t.Run("same code within the same step", func(t *testing.T) {
		e.clock.Advance(time.Second)
		if _, err := e.signInWithCode(t, "wile@acme.example", code); err != model.ErrCodeUsed {
			t.Fatalf("err = %v, want ErrCodeUsed", err)
		}
	})
	t.Run("an earlier step after a later one", func(t *testing.T) {
		e.clock.Advance(model.TOTPPeriod)
		if _, err := e.signInWithCode(t, "wile@acme.example", e.code(t, secret, 1)); err != nil {
			t.Fatalf("next step's code: %v", err)
		}
		// The current step was never used, but it is not later than the
		// one just accepted.
		if _, err := e.signInWithCode(t, "wile@acme.example", e.code(t, secret, 0)); err != model.ErrCodeUsed {
			t.Fatalf("err = %v, want ErrCodeUsed", err)
		}
	})
	t.Run("a replayed code is an auth event", func(t *testing.T) {
		list, _ := e.svc.SignInHistory(ctx, model.EventPage{Limit: 50})
		var replays int
		for _, ev := range list {
			if ev.Kind == model.AuthSecondFactor && ev.Result == model.AuthCodeReused {
				replays++
			}
		}
		if replays != 3 {
			t.Fatalf("%d replays recorded, want 3", replays)
		}
	})
}

func TestEnableNeedsPasswordAndCode(t *testing.T) { // R-2FA-2, R-PWD-4
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	_, err := e.svc.EnableTwoFactor(ctx, strongPassword, "123456")
	if err != model.ErrNoTwoFactorSetup {
		t.Fatalf("enable before setup: %v", err)
	}
	setup, err := e.svc.BeginTwoFactorSetup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	good := e.code(t, setup.Secret, 0)
	bad := e.code(t, setup.Secret, 3)

	malformed := []struct{ name, code, says string }{
		{"empty", "", "6-digit"},
		{"letters", "12a456", "only digits"},
		{"five digits", "12345", "has 5 digits"},
		{"seven digits", "1234567", "has 7 digits"},
	}
	for _, tt := range malformed {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.EnableTwoFactor(ctx, strongPassword, tt.code)
			wantCode(t, err, model.EINVALID)
			if !strings.Contains(model.ErrorMessage(err), tt.says) {
				t.Fatalf("message %q does not say %q", model.ErrorMessage(err), tt.says)
			}
		})
	}
	if _, err := e.svc.EnableTwoFactor(ctx, "wrong password", good); err != model.ErrWrongPassword {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := e.svc.EnableTwoFactor(ctx, strongPassword, bad); err != model.ErrWrongSetupCode {
		t.Fatalf("wrong code: %v", err)
	}
	if me, _ := e.svc.Me(ctx); me.User.TOTPEnabled {
		t.Fatal("2FA is on after refusals")
	}
	// The pending secret survived the wrong code; spaces and dashes are
	// ignored.
	codes, err := e.svc.EnableTwoFactor(ctx, strongPassword, " "+good[:3]+"-"+good[3:]+" ")
	if err != nil {
		t.Fatalf("enable: %v", err)
	}
	if me, _ := e.svc.Me(ctx); !me.User.TOTPEnabled {
		t.Fatal("2FA is off after enabling")
	}
	if len(codes) != model.RecoveryCodeCount {
		t.Fatalf("%d recovery codes, want %d", len(codes), model.RecoveryCodeCount)
	}
	if _, err := e.svc.BeginTwoFactorSetup(ctx); err != model.ErrTwoFactorOn {
		t.Fatalf("setup while on: %v", err)
	}
	list, _ := e.svc.SignInHistory(ctx, model.EventPage{Limit: 50})
	var wrongCodes int
	for _, ev := range list {
		if ev.Kind == model.AuthConfirm && ev.Result == model.AuthWrongCode {
			wrongCodes++
		}
	}
	if wrongCodes != 1 {
		t.Fatalf("wrong setup codes recorded %d times, want 1", wrongCodes)
	}
	log, _ := e.svc.SecurityLog(ctx, model.EventPage{Limit: 10})
	if len(log) == 0 || log[0].Action != "user.2fa_enabled" {
		t.Fatalf("security log does not start with user.2fa_enabled: %+v", log)
	}
}

func TestSignInWithTwoFactorHasTwoSteps(t *testing.T) { // R-2FA-5
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	secret, _ := e.enable2FA(t, ctx)
	before := openSessions(t, e, "wile@acme.example")

	token := e.challenge(t, "wile@acme.example")
	if n := openSessions(t, e, "wile@acme.example"); n != before {
		t.Fatalf("the password step opened a session (%d, was %d)", n, before)
	}
	if _, err := e.signIn("wile@acme.example", "wrong password"); err != model.ErrBadCredentials {
		t.Fatalf("wrong password with 2FA on: %v", err)
	}
	for _, code := range []string{"", "abcdef", "12345", "1234567"} {
		_, err := e.svc.CompleteSignIn(context.Background(), token, code)
		wantCode(t, err, model.EINVALID)
	}
	sess, err := e.svc.CompleteSignIn(context.Background(), token, e.code(t, secret, 0))
	if err != nil {
		t.Fatalf("code step: %v", err)
	}
	if sess.Origin.Remote != "203.0.113.9:4000" {
		t.Fatalf("session origin %q, want the password step's", sess.Origin)
	}
	e.clock.Advance(model.TOTPPeriod)
	if _, err := e.svc.CompleteSignIn(context.Background(), token, e.code(t, secret, 0)); err != model.ErrSignInStepEnded {
		t.Fatalf("token used twice: %v", err)
	}
	if _, err := e.svc.CompleteSignIn(context.Background(), "not-a-token", e.code(t, secret, 0)); err != model.ErrSignInStepEnded {
		t.Fatalf("made-up token: %v", err)
	}
	late := e.challenge(t, "wile@acme.example")
	e.clock.Advance(model.SignInChallengeTTL)
	if _, err := e.svc.CompleteSignIn(context.Background(), late, e.code(t, secret, 0)); err != model.ErrSignInStepExpired {
		t.Fatalf("token after 5 minutes: %v", err)
	}
}

var recoveryCodeShape = regexp.MustCompile(`^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){5}$`)

func TestRecoveryCodeWorksOnce(t *testing.T) { // R-2FA-4, R-2FA-5
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	_, codes := e.enable2FA(t, ctx)
	seen := map[string]bool{}
	for _, c := range codes {
		if !recoveryCodeShape.MatchString(c) || seen[c] {
			t.Fatalf("recovery code %q is malformed or repeated", c)
		}
		seen[c] = true
	}
	if n, _ := e.svc.RecoveryCodesLeft(ctx); n != 10 {
		t.Fatalf("codes left = %d, want 10", n)
	}
	if _, err := e.signInWithCode(t, "wile@acme.example", codes[0]); err != nil {
		t.Fatalf("recovery code: %v", err)
	}
	if _, err := e.signInWithCode(t, "wile@acme.example", codes[0]); err != model.ErrWrongCode {
		t.Fatalf("spent recovery code: %v", err)
	}
	// Typed in capitals without dashes, it still reads.
	if _, err := e.signInWithCode(t, "wile@acme.example", strings.ToUpper(strings.ReplaceAll(codes[1], "-", ""))); err != nil {
		t.Fatalf("recovery code typed plainly: %v", err)
	}
	if n, _ := e.svc.RecoveryCodesLeft(ctx); n != 8 {
		t.Fatalf("codes left = %d, want 8", n)
	}
}

func TestNewRecoveryCodesReplaceTheOld(t *testing.T) { // R-2FA-4, R-PWD-4
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	_, old := e.enable2FA(t, ctx)
	if _, err := e.svc.NewRecoveryCodes(ctx, "wrong password"); err != model.ErrWrongPassword {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := e.signInWithCode(t, "wile@acme.example", old[0]); err != nil {
		t.Fatalf("old code before replacement: %v", err)
	}
	fresh, err := e.svc.NewRecoveryCodes(ctx, strongPassword)
	if err != nil || len(fresh) != 10 {
		t.Fatalf("new codes: %d, %v", len(fresh), err)
	}
	if _, err := e.signInWithCode(t, "wile@acme.example", old[1]); err != model.ErrWrongCode {
		t.Fatalf("old code after replacement: %v", err)
	}
	if _, err := e.signInWithCode(t, "wile@acme.example", fresh[0]); err != nil {
		t.Fatalf("new code: %v", err)
	}
	if n, _ := e.svc.RecoveryCodesLeft(ctx); n != 9 {
		t.Fatalf("codes left = %d, want 9", n)
	}
	log, _ := e.svc.SecurityLog(ctx, model.EventPage{Limit: 10})
	if len(log) == 0 || log[0].Action != "user.recovery_codes_replaced" {
		t.Fatalf("security log does not start with user.recovery_codes_replaced: %+v", log)
	}
}

func TestDisableNeedsPasswordAndCurrentCode(t *testing.T) { // R-2FA-6
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	secret, _ := e.enable2FA(t, ctx)
	wantCode(t, e.svc.DisableTwoFactor(ctx, strongPassword, ""), model.EINVALID)
	if err := e.svc.DisableTwoFactor(ctx, strongPassword, e.code(t, secret, 3)); err != model.ErrWrongCode {
		t.Fatalf("wrong code: %v", err)
	}
	if err := e.svc.DisableTwoFactor(ctx, "wrong password", e.code(t, secret, 0)); err != model.ErrWrongPassword {
		t.Fatalf("wrong password: %v", err)
	}
	if me, _ := e.svc.Me(ctx); !me.User.TOTPEnabled {
		t.Fatal("2FA is off after refusals")
	}
	if err := e.svc.DisableTwoFactor(ctx, strongPassword, e.code(t, secret, 0)); err != nil {
		t.Fatalf("disable: %v", err)
	}
	if me, err := e.svc.Me(ctx); err != nil || me.User.TOTPEnabled || me.MustEnable2FA {
		t.Fatalf("after disabling: %+v, %v; want 2FA off and no gate", me, err)
	}
	mustSignIn(t, e, "wile@acme.example", strongPassword)
	if err := e.svc.DisableTwoFactor(ctx, strongPassword, "123456"); err != model.ErrTwoFactorOff {
		t.Fatalf("disable twice: %v", err)
	}
}

func TestEnforcement(t *testing.T) { // R-2FA-7, R-ACC-4
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	e.addManager(t, owner, "rr@acme.example")
	manager := mustSignIn(t, e, "rr@acme.example", strongPassword)

	err := e.svc.SetTwoFactorEnforcement(owner, true, strongPassword)
	wantCode(t, err, model.EFORBIDDEN)
	if !strings.Contains(model.ErrorMessage(err), "for yourself first") {
		t.Fatalf("owner without 2FA: %q does not say why", model.ErrorMessage(err))
	}
	wantCode(t, e.svc.SetTwoFactorEnforcement(manager, true, strongPassword), model.EFORBIDDEN)

	e.enable2FA(t, owner)
	if err := e.svc.SetTwoFactorEnforcement(owner, true, "wrong password"); err != model.ErrWrongPassword {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := e.svc.Me(manager); err != nil {
		t.Fatalf("manager gated before enforcement: %v", err)
	}
	if err := e.svc.SetTwoFactorEnforcement(owner, true, strongPassword); err != nil {
		t.Fatalf("enforce: %v", err)
	}

	t.Run("a manager without 2FA can only set it up or sign out", func(t *testing.T) {
		_, err := e.svc.Me(manager)
		wantCode(t, err, model.ENEEDS2FA)
		_, err = e.svc.ListSessions(manager)
		wantCode(t, err, model.ENEEDS2FA)
		_, err = e.svc.ChangeName(manager, "Road R.")
		wantCode(t, err, model.ENEEDS2FA)
		wantCode(t, e.svc.ConfirmPassword(manager, strongPassword), model.ENEEDS2FA)
		me, err := e.svc.Caller(manager)
		if err != nil || !me.MustEnable2FA {
			t.Fatalf("Caller = %+v, %v; want the manager with MustEnable2FA", me, err)
		}
		if _, err := e.svc.BeginTwoFactorSetup(manager); err != nil {
			t.Fatalf("setup refused: %v", err)
		}
	})
	t.Run("the owner who has 2FA is not gated", func(t *testing.T) {
		if _, err := e.svc.Me(owner); err != nil {
			t.Fatal(err)
		}
	})
	var secret string
	t.Run("enabling frees the manager", func(t *testing.T) {
		secret, _ = e.enable2FA(t, manager)
		if _, err := e.svc.ChangeName(manager, "Road R."); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("disabling under enforcement gates again", func(t *testing.T) {
		if err := e.svc.DisableTwoFactor(manager, strongPassword, e.code(t, secret, 0)); err != nil {
			t.Fatal(err)
		}
		_, err := e.svc.Me(manager)
		wantCode(t, err, model.ENEEDS2FA)
	})
	t.Run("turning enforcement off frees the manager", func(t *testing.T) {
		if err := e.svc.SetTwoFactorEnforcement(owner, false, strongPassword); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Me(manager); err != nil {
			t.Fatal(err)
		}
	})
	log, _ := e.svc.SecurityLog(owner, model.EventPage{Limit: 50})
	var actions []string
	for _, ev := range log {
		if strings.HasPrefix(ev.Action, "account.2fa") {
			actions = append(actions, ev.Action)
		}
	}
	if strings.Join(actions, ",") != "account.2fa_not_enforced,account.2fa_enforced" {
		t.Fatalf("audit of enforcement = %v", actions)
	}
}

func TestNewcomerMustEnable2FA(t *testing.T) { // R-2FA-8
	e := newEnv(t)
	sess, err := e.svc.SignUp(context.Background(), model.SignUpRequest{
		CompanyName: "Acme", Name: "Wile Coyote", Email: "wile@acme.example", Password: strongPassword, Origin: model.LocalOrigin,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := model.WithSession(context.Background(), sess.Token)
	_, err = e.svc.Me(ctx)
	wantCode(t, err, model.ENEEDS2FA)
	_, err = e.svc.ChangeName(ctx, "Wile E. Coyote")
	wantCode(t, err, model.ENEEDS2FA)
	_, err = e.svc.SecurityLog(ctx, model.EventPage{Limit: 10})
	wantCode(t, err, model.ENEEDS2FA)
	if me, err := e.svc.Caller(ctx); err != nil || !me.MustEnable2FA {
		t.Fatalf("Caller = %+v, %v; want MustEnable2FA", me, err)
	}
	// Signing in again does not escape the gate.
	again := mustSignIn(t, e, "wile@acme.example", strongPassword)
	_, err = e.svc.Me(again)
	wantCode(t, err, model.ENEEDS2FA)

	secret, _ := e.enable2FA(t, ctx)
	if _, err := e.svc.ChangeName(ctx, "Wile E. Coyote"); err != nil {
		t.Fatalf("after enabling: %v", err)
	}
	if err := e.svc.DisableTwoFactor(ctx, strongPassword, e.code(t, secret, 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Me(ctx); err != nil {
		t.Fatalf("a user who has been through setup is gated again after disabling: %v", err)
	}
	if err := e.svc.SignOut(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestSealingKeyLossFailsClosed(t *testing.T) { // SPEC §7, R-2FA-5
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	secret, codes := e.enable2FA(t, ctx)
	services := map[string]*model.Service{
		"another key": model.NewService(model.Config{Store: e.db, Hasher: model.NewHasher(testArgon2), Clock: e.clock.Now, Sealer: newSealer(t)}),
		"no key":      model.NewService(model.Config{Store: e.db, Hasher: model.NewHasher(testArgon2), Clock: e.clock.Now}),
	}
	for name, svc := range services {
		t.Run(name, func(t *testing.T) {
			res, err := svc.SignIn(context.Background(), model.SignInRequest{Email: "wile@acme.example", Password: strongPassword})
			if err != nil || res.Session != nil || res.Challenge == nil {
				t.Fatalf("password step = %+v, %v; want a challenge and no session", res, err)
			}
			sess, err := svc.CompleteSignIn(context.Background(), res.Challenge.Token, e.code(t, secret, 0))
			if sess != nil || err == nil {
				t.Fatalf("a valid code passed without its secret: %v, %v", sess, err)
			}
			if !strings.Contains(model.ErrorMessage(err), "sealing key") {
				t.Fatalf("message %q does not name the sealing key", model.ErrorMessage(err))
			}
			wantCode(t, err, model.EINTERNAL)
			e.clock.Advance(model.TOTPPeriod)
			_, err = svc.BeginTwoFactorSetup(ctx)
			wantCode(t, err, model.ECONFLICT) // already on: nothing is reset
		})
	}
	t.Run("a recovery code still works", func(t *testing.T) {
		svc := services["another key"]
		res, err := svc.SignIn(context.Background(), model.SignInRequest{Email: "wile@acme.example", Password: strongPassword})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CompleteSignIn(context.Background(), res.Challenge.Token, codes[0]); err != nil {
			t.Fatalf("recovery code: %v", err)
		}
	})
	t.Run("setup needs the key", func(t *testing.T) {
		other := e.signUp(t, "Other", "Road Runner", "rr@other.example")
		_, err := services["no key"].BeginTwoFactorSetup(other)
		if err != model.ErrNoSealer {
			t.Fatalf("setup without a key: %v", err)
		}
	})
}

func TestSecondFactorFailuresCountTowardsTheWait(t *testing.T) { // R-PWD-5, R-2FA-5
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	secret, _ := e.enable2FA(t, ctx)
	wrong := e.code(t, secret, 5)

	token := e.challenge(t, "wile@acme.example")
	for i := 0; i < 4; i++ {
		if _, err := e.svc.CompleteSignIn(context.Background(), token, wrong); err != model.ErrWrongCode {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	// A right password is not a success that resets the count: else the
	// password would buy fresh guesses at the code.
	token = e.challenge(t, "wile@acme.example")
	if _, err := e.svc.CompleteSignIn(context.Background(), token, wrong); err != model.ErrWrongCode {
		t.Fatalf("failure 5: %v", err)
	}
	_, err := e.svc.CompleteSignIn(context.Background(), token, e.code(t, secret, 0))
	wantCode(t, err, model.ELOCKED)
	_, err = e.signIn("wile@acme.example", strongPassword)
	wantCode(t, err, model.ELOCKED)

	e.clock.Advance(time.Minute)
	token = e.challenge(t, "wile@acme.example")
	if _, err := e.svc.CompleteSignIn(context.Background(), token, e.code(t, secret, 0)); err != nil {
		t.Fatalf("after the wait: %v", err)
	}
	// The success reset the count: four failures do not wait.
	token = e.challenge(t, "wile@acme.example")
	for i := 0; i < 4; i++ {
		e.svc.CompleteSignIn(context.Background(), token, wrong)
	}
	e.clock.Advance(model.TOTPPeriod)
	if _, err := e.svc.CompleteSignIn(context.Background(), token, e.code(t, secret, 0)); err != nil {
		t.Fatalf("after a success and four failures: %v", err)
	}
	list, _ := e.svc.SignInHistory(ctx, model.EventPage{Limit: 100})
	var wrongCodes, locked int
	for _, ev := range list {
		switch {
		case ev.Kind == model.AuthSecondFactor && ev.Result == model.AuthWrongCode:
			wrongCodes++
		case ev.Kind == model.AuthSecondFactor && ev.Result == model.AuthLocked:
			locked++
		}
	}
	if wrongCodes != 9 || locked != 1 {
		t.Fatalf("recorded %d wrong codes and %d refusals, want 9 and 1", wrongCodes, locked)
	}
}

func TestAbandonedCodeStepsDoNotLockOut(t *testing.T) { // R-PWD-5
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	secret, _ := e.enable2FA(t, ctx)
	for i := 0; i < 2*model.FreeAttempts; i++ {
		e.challenge(t, "wile@acme.example") // the password is right every time
	}
	token := e.challenge(t, "wile@acme.example")
	if _, err := e.svc.CompleteSignIn(context.Background(), token, e.code(t, secret, 5)); err != model.ErrWrongCode {
		t.Fatalf("one wrong code after right passwords: %v, want ErrWrongCode", err)
	}
	if _, err := e.svc.CompleteSignIn(context.Background(), token, e.code(t, secret, 0)); err != nil {
		t.Fatalf("right passwords counted as failures: %v", err)
	}
}

func TestUnlockAsksForTheCode(t *testing.T) { // R-SES-1, R-2FA-5
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	secret, codes := e.enable2FA(t, ctx)
	e.clock.Advance(time.Hour)
	_, err := e.svc.Me(ctx)
	wantCode(t, err, model.EEXPIRED)
	wantCode(t, e.unlockErr(ctx, strongPassword, ""), model.EINVALID)
	if err := e.unlockErr(ctx, strongPassword, e.code(t, secret, 4)); err != model.ErrWrongCode {
		t.Fatalf("wrong code: %v", err)
	}
	if err := e.unlockErr(ctx, "wrong password", e.code(t, secret, 0)); err != model.ErrWrongPassword {
		t.Fatalf("wrong password: %v", err)
	}
	ctx = e.unlock(t, ctx, strongPassword, e.code(t, secret, 0))
	if _, err := e.svc.Me(ctx); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Hour)
	e.unlock(t, ctx, strongPassword, codes[0]) // a recovery code
}

func TestTwoFactorChangesAreNotified(t *testing.T) { // R-2FA-2, R-2FA-4, R-2FA-6, R-2FA-7, SPEC §8
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	e.addManager(t, owner, "rr@acme.example")
	secret, codes := e.enable2FA(t, owner)
	if err := e.svc.DisableTwoFactor(owner, strongPassword, e.code(t, secret, 0)); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(model.TOTPPeriod) // that step was used (R-2FA-3)
	secret, more := e.enable2FA(t, owner)
	codes = append(codes, more...)
	fresh, err := e.svc.NewRecoveryCodes(owner, strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	codes = append(codes, fresh...)
	if err := e.svc.SetTwoFactorEnforcement(owner, true, strongPassword); err != nil {
		t.Fatal(err)
	}
	me, _ := e.svc.Me(owner)
	list, err := e.db.ListNotifications(context.Background(), model.NotificationFilter{AccountID: me.Account.ID}, model.EventPage{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for i := len(list) - 1; i >= 0; i-- { // oldest first
		n := list[i]
		got[n.To] = append(got[n.To], n.Kind)
		for _, c := range append(codes, secret) {
			if strings.Contains(n.Body, c) || strings.Contains(n.Subject, c) {
				t.Errorf("notification %q carries a secret", n.Kind)
			}
		}
	}
	want := map[string]string{
		"wile@acme.example": strings.Join([]string{model.Notify2FAEnabled, model.Notify2FADisabled, model.Notify2FAEnabled, model.NotifyRecoveryCodes}, ","),
		"rr@acme.example":   model.Notify2FAEnforced,
	}
	for to, kinds := range want {
		if strings.Join(got[to], ",") != kinds {
			t.Errorf("notifications to %s = %v, want %s", to, got[to], kinds)
		}
	}
}

// SPEC §7: at start-up a lost or replaced sealing key is named before
// anyone signs in; a database with nothing sealed takes any key, or none.
func TestCheckSealingKey(t *testing.T) {
	enabled := func(t *testing.T, e *env) {
		ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
		me, _ := e.svc.Me(ctx)
		if _, err := model.SeedTwoFactor(ctx, e.db, e.sealer, me.User, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	pending := func(t *testing.T, e *env) {
		ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
		if _, err := e.svc.BeginTwoFactorSetup(ctx); err != nil {
			t.Fatal(err)
		}
	}
	nothing := func(t *testing.T, e *env) { e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example") }
	for _, tc := range []struct {
		name  string
		seed  func(t *testing.T, e *env)
		key   string // "same", "other" or "none"
		wantE error
	}{
		{"enabled, same key", enabled, "same", nil},
		{"enabled, key missing", enabled, "none", model.ErrSealingKeyMissing},
		{"enabled, key replaced", enabled, "other", model.ErrSealingKeyWrong},
		{"setup under way, key replaced", pending, "other", model.ErrSealingKeyWrong},
		{"nothing sealed, key missing", nothing, "none", nil},
		{"nothing sealed, new key", nothing, "other", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			tc.seed(t, e)
			sealer := map[string]*seal.Sealer{"same": e.sealer, "other": newSealer(t), "none": nil}[tc.key]
			if err := model.CheckSealingKey(context.Background(), e.db, sealer); err != tc.wantE {
				t.Fatalf("CheckSealingKey = %v, want %v", err, tc.wantE)
			}
		})
	}
}
