package model_test

import (
	"context"
	"testing"
	"time"

	"acctl/model"
)

func TestDefaultArgon2MeetsPolicy(t *testing.T) { // R-PWD-1
	p := model.DefaultArgon2
	if p.MemoryKiB < 19*1024 || p.Time < 2 || p.Threads < 1 {
		t.Fatalf("DefaultArgon2 = %+v, below m=19MiB t=2 p=1", p)
	}
	h := model.NewHasher(p)
	phc, err := h.Hash(context.Background(), strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	if want := "$argon2id$v=19$m=19456,t=2,p=1$"; len(phc) < len(want) || phc[:len(want)] != want {
		t.Fatalf("hash %q is not an argon2id PHC string with the default parameters", phc)
	}
	if ok, _ := h.Verify(context.Background(), phc, strongPassword); !ok {
		t.Fatal("the right password does not verify")
	}
	if ok, _ := h.Verify(context.Background(), phc, strongPassword+"x"); ok {
		t.Fatal("a wrong password verifies")
	}
}

func TestSignUpMakesTheFirstUserOwner(t *testing.T) { // R-ACC-3
	e := newEnv(t)
	ctx := context.Background()
	if need, err := e.svc.NeedsSignUp(ctx); err != nil || !need {
		t.Fatalf("empty store: NeedsSignUp = %v, %v", need, err)
	}
	owner := e.signUp(t, "Acme Ltd", "Wile Coyote", "Wile@Acme.example")
	me, err := e.svc.Me(owner)
	if err != nil {
		t.Fatal(err)
	}
	if me.User.Role != model.RoleOwner || me.User.Status != model.UserActive {
		t.Fatalf("first user is %s/%s, want active owner", me.User.Role, me.User.Status)
	}
	if me.User.Email != "wile@acme.example" {
		t.Fatalf("email stored as %q, want it normalised", me.User.Email)
	}
	if need, _ := e.svc.NeedsSignUp(ctx); need {
		t.Fatal("NeedsSignUp after sign-up")
	}
	log, err := e.svc.SecurityLog(owner, model.EventPage{Limit: 10})
	if err != nil || len(log) != 1 || log[0].Action != "account.created" {
		t.Fatalf("security log after sign-up = %v, %v; want account.created", log, err)
	}
}

func TestSignUpRefusesWeakPasswords(t *testing.T) { // R-PWD-1
	tests := []struct {
		name, password string
		ok             bool
	}{
		{"too short", "abc", false},
		{"eleven code points", "ünïcödé-xyz", false},
		{"common", "password1234", false},
		{"keyboard walk", "qwertyuiop123", false},
		{"built from company", "acmeacmeacme", false},
		{"too long", string(make([]rune, 257)), false},
		{"twelve unicode code points, strong", "ünïcödé-tïgér-x", true},
		{"passphrase", "velvet-otter-marble-91", true},
		{"long passphrase is not truncated", "correct horse battery staple and then some more words for the record, well past sixty-four", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			_, err := e.svc.SignUp(context.Background(), model.SignUpRequest{
				CompanyName: "Acme", Name: "Wile Coyote", Email: "wile@acme.example", Password: tt.password,
			})
			if tt.ok {
				if err != nil {
					t.Fatalf("refused a strong password: %v", err)
				}
				return
			}
			wantCode(t, err, model.EINVALID)
			if need, _ := e.svc.NeedsSignUp(context.Background()); !need {
				t.Fatal("an account was created with a weak password")
			}
		})
	}
}

func TestPasswordIsNotTruncated(t *testing.T) { // R-PWD-1
	e := newEnv(t)
	long := "correct horse battery staple and then some more words for the record, well past sixty-four"
	_, err := e.svc.SignUp(context.Background(), model.SignUpRequest{CompanyName: "Acme", Name: "Wile", Email: "w@acme.example", Password: long})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.signIn("w@acme.example", long[:80]); err == nil {
		t.Fatal("a prefix of the password signs in")
	}
	mustSignIn(t, e, "w@acme.example", long)
}

func TestEmailBelongsToOneUser(t *testing.T) { // R-ACC-2
	e := newEnv(t)
	e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	_, err := e.svc.SignUp(context.Background(), model.SignUpRequest{
		CompanyName: "Other", Name: "Someone", Email: "  WILE@Acme.Example ", Password: strongPassword,
	})
	wantCode(t, err, model.ECONFLICT)
}

func TestSignInWaitsAfterFiveFailures(t *testing.T) { // R-PWD-5
	e := newEnv(t)
	e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	for i := 1; i <= 5; i++ {
		_, err := e.signIn("wile@acme.example", "wrong password "+string(rune('a'+i)))
		if err != model.ErrBadCredentials {
			t.Fatalf("failure %d: %v, want the generic bad-credentials error", i, err)
		}
	}
	// Even the right password now waits.
	_, err := e.signIn("wile@acme.example", strongPassword)
	wantCode(t, err, model.ELOCKED)
	var me *model.Error
	if !asError(err, &me) || time.Unix(0, me.RetryAt).Sub(e.clock.Now()) != time.Minute {
		t.Fatalf("first wait: %v, want 1 minute", err)
	}
	e.clock.Advance(time.Minute)
	if _, err := e.signIn("wile@acme.example", "wrong again"); err != model.ErrBadCredentials {
		t.Fatalf("after the wait: %v", err)
	}
	_, err = e.signIn("wile@acme.example", strongPassword)
	if !asError(err, &me) || time.Unix(0, me.RetryAt).Sub(e.clock.Now()) != 2*time.Minute {
		t.Fatalf("second wait: %v, want 2 minutes (doubling)", err)
	}
	e.clock.Advance(2 * time.Minute)
	mustSignIn(t, e, "wile@acme.example", strongPassword)
	// A success resets the count: four failures do not wait.
	for i := 0; i < 4; i++ {
		if _, err := e.signIn("wile@acme.example", "wrong"); err != model.ErrBadCredentials {
			t.Fatalf("after reset, failure %d: %v", i+1, err)
		}
	}
	mustSignIn(t, e, "wile@acme.example", strongPassword)
}

func TestWaitsGrowToOneHour(t *testing.T) { // R-PWD-5
	want := map[int]time.Duration{4: 0, 5: time.Minute, 6: 2 * time.Minute, 7: 4 * time.Minute, 11: time.Hour, 50: time.Hour}
	for failures, d := range want {
		if got := model.LockFor(failures); got != d {
			t.Errorf("LockFor(%d) = %v, want %v", failures, got, d)
		}
	}
}

func TestUnknownEmailLooksTheSame(t *testing.T) { // R-PWD-5
	e := newEnv(t)
	e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	for i := 1; i <= 6; i++ {
		_, known := e.signIn("wile@acme.example", "wrong password")
		_, unknown := e.signIn("nobody@acme.example", "wrong password")
		if model.ErrorMessage(known) != model.ErrorMessage(unknown) || model.ErrorCode(known) != model.ErrorCode(unknown) {
			t.Fatalf("attempt %d: known email says %q, unknown says %q", i, known, unknown)
		}
	}
}

func TestEveryAttemptIsAnAuthEvent(t *testing.T) { // R-SES-3
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	e.clock.Advance(time.Second)
	e.signIn("wile@acme.example", "not my password")
	e.clock.Advance(time.Second)
	mustSignIn(t, e, "WILE@acme.example", strongPassword)
	list, err := e.svc.SignInHistory(owner, model.EventPage{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	want := []model.AuthResult{model.AuthSucceeded, model.AuthWrongPassword, model.AuthSucceeded}
	if len(list) != len(want) {
		t.Fatalf("history has %d events, want %d", len(list), len(want))
	}
	for i, ev := range list {
		if ev.Result != want[i] {
			t.Errorf("event %d result = %q, want %q (newest first)", i, ev.Result, want[i])
		}
	}
	if list[1].Origin.String() != "203.0.113.9:4000" {
		t.Errorf("failed attempt origin = %q", list[1].Origin)
	}
	if !list[0].At.After(list[1].At) {
		t.Error("history is not newest first")
	}
}

func TestDisabledUserCannotSignIn(t *testing.T) { // R-USR-3 (sign-in part)
	e := newEnv(t)
	e.signUp(t, "Acme", "Wile", "wile@acme.example")
	u, err := e.db.FindUserByEmail(context.Background(), "wile@acme.example")
	if err != nil {
		t.Fatal(err)
	}
	// A second owner, so that disabling the first keeps R-ACC-1.
	second := &model.User{AccountID: u.AccountID, Name: "Road Runner", Email: "rr@acme.example", Role: model.RoleOwner, Status: model.UserActive, PasswordHash: u.PasswordHash, CreatedAt: e.clock.Now()}
	if err := e.db.CreateUser(context.Background(), second, nil); err != nil {
		t.Fatal(err)
	}
	disabled := model.UserDisabled
	if _, err := e.db.UpdateUser(context.Background(), u.ID, model.UserUpdate{Status: &disabled}, nil); err != nil {
		t.Fatal(err)
	}
	_, err = e.signIn("wile@acme.example", strongPassword)
	wantCode(t, err, model.EUNAUTHORIZED)
}

// BenchmarkSignInCheck is the cost of one password check at the default
// argon2id parameters (R-PWD-1).
func BenchmarkSignInCheck(b *testing.B) {
	h := model.NewHasher(model.DefaultArgon2)
	phc, err := h.Hash(context.Background(), strongPassword)
	if err != nil {
		b.Fatal(err)
	}
	p := model.DefaultArgon2
	b.Logf("argon2id m=%d KiB t=%d p=%d", p.MemoryKiB, p.Time, p.Threads)
	b.ReportAllocs()
	for b.Loop() {
		if ok, _ := h.Verify(context.Background(), phc, strongPassword); !ok {
			b.Fatal("no match")
		}
	}
}

// R-SES-3 with R-2FA-5: the password step of a 2FA user is recorded as
// "code requested", which is not a failure (not drawn red, not mailed as a
// failed attempt); a wrong password still is.
func TestCodeDueIsNotAFailure(t *testing.T) {
	if model.AuthCodeDue.Failed() {
		t.Error("a right password with the code due counts as failed")
	}
	if !model.AuthWrongPassword.Failed() || !model.AuthWrongCode.Failed() || model.AuthSucceeded.Failed() {
		t.Error("Failed no longer tells refusals from successes")
	}
}

// R-PWD-5, issue 10 defect 2: a password typed into the email field is
// never stored: the auth event keeps no email, the throttle a hash.
func TestPasswordTypedAsEmailIsNotStored(t *testing.T) {
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	const typo = "tidal-basin-quartz-88"
	for range 2 {
		_, err := e.svc.SignIn(context.Background(), model.SignInRequest{Email: typo, Password: strongPassword, Origin: model.LocalOrigin})
		wantCode(t, err, model.EUNAUTHORIZED)
	}
	if _, err := e.svc.SignIn(context.Background(), model.SignInRequest{Email: "nobody@acme.example", Password: typo, Origin: model.LocalOrigin}); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Fatal(err)
	}
	if _, err := e.svc.SignInHistory(ctx, model.EventPage{Limit: 10}); err != nil {
		t.Fatal(err)
	}
	if fileHolds(t, e.path, typo) {
		t.Fatalf("the database holds %q, typed into the email field", typo)
	}
	if !fileHolds(t, e.path, "nobody@acme.example") {
		t.Fatal("a well-formed unknown address should be in the history")
	}
}
