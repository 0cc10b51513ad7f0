package model_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/store"
)

var resetCodeRE = regexp.MustCompile(`\b[0-9a-z]{4}(?:-[0-9a-z]{4}){5}\b`)

const newPassword = "granite-pelican-sunrise-7"

// requestReset asks for a reset code for email and returns it, read from
// the outbox.
func (e *env) requestReset(t *testing.T, email string) string {
	t.Helper()
	if err := e.svc.RequestPasswordReset(context.Background(), email, model.Origin{Remote: "198.51.100.4:2200"}, model.Client{Term: "xterm"}); err != nil {
		t.Fatalf("request reset: %v", err)
	}
	if _, err := e.svc.QueueResetEmails(context.Background()); err != nil {
		t.Fatalf("queue reset emails: %v", err)
	}
	n := lastMessage(t, e, email, model.NotifyPasswordReset)
	code := resetCodeRE.FindString(n.Body)
	if code == "" || n.Channel != model.ChannelEmail || !n.CarriesCode || strings.Contains(n.Subject, code) {
		t.Fatalf("reset email %+v", n)
	}
	return code
}

func (e *env) reset(email, code, password string) (*model.SignInResult, error) {
	return e.svc.ResetPassword(context.Background(), model.ResetPasswordRequest{
		Email: email, Code: code, Password: password, Origin: model.Origin{Remote: "198.51.100.4:2200"}, Client: model.Client{Term: "xterm"},
	})
}

// wrongResetCode is a well-formed code that is not code.
func wrongResetCode(code string) string {
	if strings.HasPrefix(code, "aaaa") {
		return "bbbb" + code[4:]
	}
	return "aaaa" + code[4:]
}

func TestResetPasswordEndToEnd(t *testing.T) { // R-PWD-3, R-AUD-1
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	mustSignIn(t, e, "wile@acme.example", strongPassword)
	if n := openSessions(t, e, "wile@acme.example"); n != 2 {
		t.Fatalf("%d open sessions before the reset, want 2", n)
	}
	code := e.requestReset(t, "wile@acme.example")
	if _, err := e.reset("wile@acme.example", code, "password1234"); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("a weak new password: %v", err) // R-PWD-1
	}
	res, err := e.reset("WILE@acme.example ", strings.ToUpper(strings.ReplaceAll(code, "-", " ")), newPassword)
	if err != nil || res.Session == nil || res.Challenge != nil {
		t.Fatalf("reset: %+v, %v; want a session", res, err)
	}
	// Every session that was open is closed; only the new one is.
	if n := openSessions(t, e, "wile@acme.example"); n != 1 {
		t.Fatalf("%d open sessions after the reset, want only the new one", n)
	}
	if _, err := e.svc.Me(owner); err != model.ErrSessionEnded {
		t.Fatalf("the old session after the reset: %v", err)
	}
	if _, err := e.signIn("wile@acme.example", strongPassword); err != model.ErrBadCredentials {
		t.Fatalf("old password after the reset: %v", err)
	}
	ctx := mustSignIn(t, e, "wile@acme.example", newPassword)
	// Single use.
	if _, err := e.reset("wile@acme.example", code, "another-quiet-harbour-42"); err != model.ErrResetCodeUsed {
		t.Fatalf("the code a second time: %v", err)
	}
	if n := lastMessage(t, e, "wile@acme.example", model.NotifyPasswordChanged); !strings.Contains(n.Body, "reset with a code") {
		t.Fatalf("password-changed email: %+v", n)
	}
	log := auditActions(t, e, ctx)
	for _, want := range []string{"user.password_reset_requested", "user.password_reset with an emailed code; all sessions ended"} {
		if !strings.Contains(log, want) {
			t.Errorf("security log lacks %q:\n%s", want, log)
		}
	}
	list, _ := e.svc.SignInHistory(ctx, model.EventPage{Limit: 100})
	found := false
	for _, ev := range list {
		found = found || (ev.Kind == model.AuthReset && ev.Result == model.AuthSucceeded && ev.Origin.Remote == "198.51.100.4:2200")
	}
	if !found {
		t.Fatal("the reset is not in the sign-in history")
	}
}

func TestResetCodeExpiresAfter30Minutes(t *testing.T) { // R-PWD-3
	e := newEnv(t)
	e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	code := e.requestReset(t, "wile@acme.example")
	e.clock.Advance(model.ResetCodeTTL)
	if _, err := e.reset("wile@acme.example", code, newPassword); err != model.ErrResetCodeExpired {
		t.Fatalf("a code of 30 minutes ago: %v", err)
	}
	code = e.requestReset(t, "wile@acme.example")
	e.clock.Advance(model.ResetCodeTTL - time.Second)
	if _, err := e.reset("wile@acme.example", code, newPassword); err != nil {
		t.Fatalf("a code of 29:59 ago: %v", err)
	}
}

func TestANewResetCodeReplacesTheOld(t *testing.T) { // R-PWD-3
	e := newEnv(t)
	e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	old := e.requestReset(t, "wile@acme.example")
	e.clock.Advance(model.ResetCodeGap)
	code := e.requestReset(t, "wile@acme.example")
	if _, err := e.reset("wile@acme.example", old, newPassword); err != model.ErrWrongResetCode {
		t.Fatalf("the replaced code: %v", err)
	}
	if _, err := e.reset("wile@acme.example", code, newPassword); err != nil {
		t.Fatalf("the new code: %v", err)
	}
}

func TestResetRequestsAreLimitedAlikeForEveryAddress(t *testing.T) { // R-PWD-3, R-PWD-5
	e := newEnv(t)
	e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	var refusals [2]string
	for i, email := range []string{"wile@acme.example", "nobody@acme.example"} {
		if err := e.svc.RequestPasswordReset(context.Background(), email, model.LocalOrigin, model.Client{}); err != nil {
			t.Fatalf("%s: %v", email, err)
		}
		e.clock.Advance(10 * time.Second)
		err := e.svc.RequestPasswordReset(context.Background(), email, model.LocalOrigin, model.Client{})
		wantCode(t, err, model.ELOCKED)
		refusals[i] = model.ErrorMessage(err)
		e.clock.Advance(-10 * time.Second)
	}
	if refusals[0] != refusals[1] || !strings.Contains(refusals[0], "Wait 50 seconds") {
		t.Fatalf("refusals differ or do not say when:\n%s\n%s", refusals[0], refusals[1])
	}
	e.clock.Advance(10 * time.Second)
	for i := 1; i < model.ResetCodesPerWindow; i++ {
		e.clock.Advance(model.ResetCodeGap)
		if err := e.svc.RequestPasswordReset(context.Background(), "wile@acme.example", model.LocalOrigin, model.Client{}); err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
	}
	e.clock.Advance(model.ResetCodeGap)
	err := e.svc.RequestPasswordReset(context.Background(), "wile@acme.example", model.LocalOrigin, model.Client{})
	wantCode(t, err, model.ELOCKED)
	if !strings.Contains(model.ErrorMessage(err), "5 reset codes were asked for this address in the last hour") {
		t.Fatalf("sixth request: %v", err)
	}
}

func TestResetOfAnUnknownEmailLooksTheSame(t *testing.T) { // R-PWD-3, R-PWD-5
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	if err := e.svc.RequestPasswordReset(context.Background(), "nobody@acme.example", model.LocalOrigin, model.Client{}); err != nil {
		t.Fatalf("unknown email: %v, want the same nil answer", err)
	}
	if got := outbox(t, e, owner); len(got) != 0 {
		t.Fatalf("an unknown email queued %v", kinds(got))
	}
	code := e.requestReset(t, "wile@acme.example")
	_, known := e.reset("wile@acme.example", wrongResetCode(code), newPassword)
	_, unknown := e.reset("nobody@acme.example", code, newPassword)
	if known != model.ErrWrongResetCode || unknown != model.ErrWrongResetCode {
		t.Fatalf("wrong code for a known email: %v; any code for an unknown one: %v; want the same", known, unknown)
	}
	for _, email := range []string{"wile@acme.example", "nobody@acme.example"} {
		if th := throttle(t, e, email); th.Failures != 1 {
			t.Fatalf("%s: %d failures counted, want 1", email, th.Failures)
		}
	}
}

func TestWrongResetCodesCountTowardsTheWait(t *testing.T) { // R-PWD-3, R-PWD-5
	e := newEnv(t)
	e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	code := e.requestReset(t, "wile@acme.example")
	// Malformed codes are refused before anything is counted.
	for _, typed := range []string{"", "12345", "k3jd-8fh2-0q9m-xxxx-!!!!-0000", code + "0"} {
		_, err := e.reset("wile@acme.example", typed, newPassword)
		wantCode(t, err, model.EINVALID)
	}
	for i := 0; i < model.FreeAttempts; i++ {
		if _, err := e.reset("wile@acme.example", wrongResetCode(code), newPassword); err != model.ErrWrongResetCode {
			t.Fatalf("wrong code %d: %v", i+1, err)
		}
	}
	_, err := e.reset("wile@acme.example", code, newPassword)
	wantCode(t, err, model.ELOCKED)
	_, err = e.signIn("wile@acme.example", strongPassword)
	wantCode(t, err, model.ELOCKED) // one count for password and codes
	e.clock.Advance(time.Minute)
	if _, err := e.reset("wile@acme.example", code, newPassword); err != nil {
		t.Fatalf("after the wait: %v", err)
	}
	if th := throttle(t, e, "wile@acme.example"); th.Failures != 0 {
		t.Fatalf("a full reset left %d failures", th.Failures)
	}
	ctx := mustSignIn(t, e, "wile@acme.example", newPassword)
	list, _ := e.svc.SignInHistory(ctx, model.EventPage{Limit: 100})
	var wrong, locked int
	for _, ev := range list {
		switch {
		case ev.Kind == model.AuthReset && ev.Result == model.AuthWrongCode:
			wrong++
		case ev.Kind == model.AuthReset && ev.Result == model.AuthLocked:
			locked++
		}
	}
	if wrong != model.FreeAttempts || locked != 1 {
		t.Fatalf("history has %d wrong reset codes and %d refusals, want %d and 1", wrong, locked, model.FreeAttempts)
	}
}

func TestResetIsFollowedByTheCodeStep(t *testing.T) { // R-PWD-3, R-2FA-5
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	secret, _ := e.enable2FA(t, ctx)
	pending := e.challenge(t, "wile@acme.example") // a sign-in with the old password, waiting for its code
	code := e.requestReset(t, "wile@acme.example")
	res, err := e.reset("wile@acme.example", code, newPassword)
	if err != nil || res.Session != nil || res.Challenge == nil {
		t.Fatalf("reset with 2FA on: %+v, %v; want only a challenge", res, err)
	}
	if n := openSessions(t, e, "wile@acme.example"); n != 0 {
		t.Fatalf("%d sessions open before the code step", n)
	}
	if _, err := e.svc.CompleteSignIn(context.Background(), pending, e.code(t, secret, 0)); err != model.ErrSignInStepEnded {
		t.Fatalf("the old password's pending sign-in after the reset: %v", err)
	}
	if _, err := e.svc.CompleteSignIn(context.Background(), res.Challenge.Token, "000000"); err == nil {
		t.Fatal("a wrong code completed the sign-in")
	}
	sess, err := e.svc.CompleteSignIn(context.Background(), res.Challenge.Token, e.code(t, secret, 0))
	if err != nil || sess == nil {
		t.Fatalf("code step after the reset: %v", err)
	}
	if th := throttle(t, e, "wile@acme.example"); th.Failures != 0 {
		t.Fatalf("%d failures left after the code step", th.Failures)
	}
}

func TestResetCountIsNotClearedBeforeTheCodeStep(t *testing.T) { // R-PWD-5: a reset buys no fresh guesses at the code
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	secret, _ := e.enable2FA(t, ctx)
	token := e.challenge(t, "wile@acme.example")
	for i := 0; i < model.FreeAttempts-1; i++ {
		e.svc.CompleteSignIn(context.Background(), token, e.code(t, secret, 5))
	}
	code := e.requestReset(t, "wile@acme.example")
	if _, err := e.reset("wile@acme.example", code, newPassword); err != nil {
		t.Fatal(err)
	}
	if th := throttle(t, e, "wile@acme.example"); th.Failures != model.FreeAttempts-1 {
		t.Fatalf("after the reset %d failures, want the %d before it", th.Failures, model.FreeAttempts-1)
	}
}

func TestDisabledUserCannotReset(t *testing.T) { // R-PWD-3, R-USR-3
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	m, _ := addManager(t, e, owner, "rr@acme.example")
	code := e.requestReset(t, "rr@acme.example")
	disabled := model.UserDisabled
	if _, err := e.db.UpdateUser(context.Background(), m.ID, model.UserUpdate{Status: &disabled}, nil); err != nil {
		t.Fatal(err)
	}
	_, err := e.reset("rr@acme.example", code, newPassword)
	wantCode(t, err, model.EUNAUTHORIZED)
	if !strings.Contains(model.ErrorMessage(err), "disabled") {
		t.Fatalf("a disabled user's reset: %v", err)
	}
	e.clock.Advance(model.ResetCodeGap)
	if err := e.svc.RequestPasswordReset(context.Background(), "rr@acme.example", model.LocalOrigin, model.Client{}); err != nil {
		t.Fatalf("request for a disabled user: %v, want the same nil answer", err)
	}
	list, _ := e.db.ListNotifications(context.Background(), model.NotificationFilter{AccountID: m.AccountID, UserID: m.ID}, model.EventPage{Limit: 100})
	if n := len(list); n != 1 {
		t.Fatalf("%d messages to the disabled user, want only the code sent before", n)
	}
	u, _ := e.db.FindUserByID(context.Background(), m.ID)
	if u.PasswordHash != m.PasswordHash {
		t.Fatal("the disabled user's password changed")
	}
}

// BenchmarkResetRequest compares the work of a request for a known address
// and for an unknown one (R-PWD-5: no difference in timing).
func BenchmarkResetRequest(b *testing.B) {
	for _, email := range []string{"wile@acme.example", "nobody@acme.example"} {
		b.Run(strings.Split(email, "@")[0], func(b *testing.B) {
			db, err := store.Open(filepath.Join(b.TempDir(), "acctl.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			clock := modeltest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
			svc := model.NewService(model.Config{Store: db, Hasher: model.NewHasher(testArgon2), Clock: clock.Now})
			if _, err := svc.SignUp(context.Background(), model.SignUpRequest{CompanyName: "Acme", Name: "Wile Coyote",
				Email: "wile@acme.example", Password: strongPassword, Origin: model.LocalOrigin}); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				clock.Advance(time.Hour)
				if err := svc.RequestPasswordReset(context.Background(), email, model.LocalOrigin, model.Client{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
