package model_test

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"acctl/model"
	"acctl/store"
)

type storeDB = store.DB

const (
	mobile    = "+44 7700 900123"
	mobileNum = "+447700900123"
	backupNum = "+4915112345678"
)

var smsCodeRE = regexp.MustCompile(`\b(\d{6})\b`)

// lastMessage is the newest notification of kind to the user with email,
// read from the store, with its body as delivered: a code message's code,
// sealed until delivery (SPEC §7), opened in it.
func lastMessage(t *testing.T, e *env, email, kind string) *model.Notification {
	t.Helper()
	u, err := e.db.FindUserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	list, err := e.db.ListNotifications(context.Background(), model.NotificationFilter{AccountID: u.AccountID, UserID: u.ID}, model.EventPage{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range list {
		if n.Kind == kind {
			body, err := model.DeliveryBody(e.sealer, n)
			if err != nil {
				t.Fatalf("open the %q message: %v", kind, err)
			}
			n.Body = body
			return n
		}
	}
	t.Fatalf("no %q message for %s", kind, email)
	return nil
}

// lastSMSCode is the code of the newest SMS to email's user.
func lastSMSCode(t *testing.T, e *env, email string) string {
	t.Helper()
	n := lastMessage(t, e, email, model.NotifySMSCode)
	m := smsCodeRE.FindStringSubmatch(n.Body)
	if n.Channel != model.ChannelSMS || m == nil {
		t.Fatalf("SMS %+v carries no code", n)
	}
	return m[1]
}

// addVerifiedPhone adds a number to ctx's user and verifies it.
func (e *env) addVerifiedPhone(t *testing.T, ctx context.Context, email, number string, backup bool) {
	t.Helper()
	if _, err := e.svc.AddPhone(ctx, number, backup, strongPassword); err != nil {
		t.Fatalf("add %s: %v", number, err)
	}
	if _, err := e.svc.VerifyPhone(ctx, backup, lastSMSCode(t, e, email)); err != nil {
		t.Fatalf("verify %s: %v", number, err)
	}
	e.clock.Advance(model.SMSCodeGap) // past the send limit's gap
}

// throttle is the R-PWD-5 state of email.
func throttle(t *testing.T, e *env, email string) model.Throttle {
	t.Helper()
	th, err := e.db.Throttle(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return th
}

// auditActions lists the security log's actions, newest first.
func auditActions(t *testing.T, e *env, ctx context.Context) string {
	t.Helper()
	list, err := e.svc.SecurityLog(ctx, model.EventPage{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range list {
		out = append(out, a.Action+" "+a.Detail)
	}
	return strings.Join(out, "\n")
}

// successes runs fn n times at once and counts the calls that succeeded.
func successes(n int, fn func() error) int {
	var wg sync.WaitGroup
	var ok atomic.Int32
	for range n {
		wg.Go(func() {
			if fn() == nil {
				ok.Add(1)
			}
		})
	}
	wg.Wait()
	return int(ok.Load())
}

func TestNormalizePhone(t *testing.T) { // R-2FA-9
	good := []struct{ in, want string }{
		{"+44 7700 900123", "+447700900123"},
		{" +1 (415) 555-0100 ", "+14155550100"},
		{"+49.151.1234.5678", "+4915112345678"},
		{"+35312345", "+35312345"},
		{"+123456789012345", "+123456789012345"},
	}
	for _, c := range good {
		got, err := model.NormalizePhone(c.in)
		if err != nil || got != c.want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	bad := []struct{ name, in, says string }{
		{"empty", "  ", "country code"},
		{"no plus", "07700 900123", "Start the number with +"},
		{"letters", "+44 77OO 900123", "only digits"},
		{"plus inside", "+44+7700900123", "only digits"},
		{"control", "+44\x1b7700900123", "only digits"},
		{"leading zero", "+0447700900123", "No country code starts with 0"},
		{"too short", "+4412345", "at least 8"},
		{"too long", "+4412345678901234", "at most 15"},
		{"huge", "+" + strings.Repeat("1", 10000), "too long"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := model.NormalizePhone(c.in)
			wantCode(t, err, model.EINVALID)
			if !strings.Contains(model.ErrorMessage(err), c.says) {
				t.Fatalf("message %q does not say %q", model.ErrorMessage(err), c.says)
			}
		})
	}
}

func TestMaskPhone(t *testing.T) { // R-2FA-9: never the full number before sign-in completes
	for _, c := range []struct{ in, want string }{
		{"+447700900123", "+44 •••• ••• 123"},
		{"+14155550100", "+1 •••• ••• 100"},
		{"+35312345678", "+353 •••• • 678"},
		{"+4915112345678", "+49 •••• •••• 678"},
	} {
		if got := model.MaskPhone(c.in); got != c.want {
			t.Errorf("MaskPhone(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestAddAndVerifyPhone(t *testing.T) { // R-2FA-9, R-AUD-1
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	p, err := e.svc.AddPhone(ctx, mobile, false, strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	if p.Number != mobileNum || p.Backup || p.Verified() {
		t.Fatalf("added %+v", p)
	}
	sms := lastMessage(t, e, "wile@acme.example", model.NotifySMSCode)
	if sms.To != mobileNum || !sms.CarriesCode || sms.Subject != "" {
		t.Fatalf("verification SMS %+v", sms)
	}
	code := lastSMSCode(t, e, "wile@acme.example")
	wrong := "000000"
	if wrong == code {
		wrong = "000001"
	}
	if _, err := e.svc.VerifyPhone(ctx, false, wrong); err != model.ErrWrongSMSCode {
		t.Fatalf("wrong code: %v", err)
	}
	if th := throttle(t, e, "wile@acme.example"); th.Failures != 1 {
		t.Fatalf("a wrong code counted %d failures, want 1 (R-PWD-5)", th.Failures)
	}
	// Spaces and dashes are ignored.
	spaced := code[:3] + " - " + code[3:]
	if p, err = e.svc.VerifyPhone(ctx, false, spaced); err != nil || !p.Verified() {
		t.Fatalf("verify with the right code: %+v, %v", p, err)
	}
	if th := throttle(t, e, "wile@acme.example"); th.Failures != 1 {
		t.Fatalf("the right code changed the count to %d; it is taken back, not a reset", th.Failures)
	}
	if _, err := e.svc.VerifyPhone(ctx, false, code); err != model.ErrPhoneVerified {
		t.Fatalf("second verification: %v", err)
	}
	list, err := e.svc.ListPhones(ctx)
	if err != nil || len(list) != 1 || !list[0].Verified() || list[0].Number != mobileNum {
		t.Fatalf("phones = %+v, %v", list, err)
	}
	log := auditActions(t, e, ctx)
	for _, want := range []string{"user.phone_added mobile number +44 •••• ••• 123", "user.phone_verified mobile number +44 •••• ••• 123"} {
		if !strings.Contains(log, want) {
			t.Errorf("security log lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, mobileNum) {
		t.Errorf("security log holds the whole number:\n%s", log)
	}
}

func TestPhoneSlots(t *testing.T) { // R-2FA-9: one mobile number and one optional backup number
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	if _, err := e.svc.AddPhone(ctx, "+447700900999", false, strongPassword); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(model.SMSCodeGap)
	// An unverified number is replaced, and the first one's code no longer
	// verifies anything.
	first := lastSMSCode(t, e, "wile@acme.example")
	if _, err := e.svc.AddPhone(ctx, mobile, false, strongPassword); err != nil {
		t.Fatalf("replace an unverified number: %v", err)
	}
	if _, err := e.svc.VerifyPhone(ctx, false, first); err != model.ErrWrongSMSCode && first != lastSMSCode(t, e, "wile@acme.example") {
		t.Fatalf("the replaced number's code: %v", err)
	}
	if _, err := e.svc.VerifyPhone(ctx, false, lastSMSCode(t, e, "wile@acme.example")); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(model.SMSCodeGap)
	_, err := e.svc.AddPhone(ctx, "+447700900555", false, strongPassword)
	wantCode(t, err, model.ECONFLICT) // a verified number is removed first
	_, err = e.svc.AddPhone(ctx, mobile, true, strongPassword)
	wantCode(t, err, model.ECONFLICT) // the backup is another phone
	if _, err := e.svc.AddPhone(ctx, backupNum, true, strongPassword); err != nil {
		t.Fatalf("add a backup number: %v", err)
	}
	_, err = e.svc.VerifyPhone(ctx, true, "12345")
	wantCode(t, err, model.EINVALID)
	list, _ := e.svc.ListPhones(ctx)
	if len(list) != 2 || list[0].Backup || !list[1].Backup || list[1].Verified() {
		t.Fatalf("phones = %+v; want the verified mobile number, then the unverified backup", list)
	}
	if _, err = e.svc.SendPhoneCode(ctx, false); err != model.ErrPhoneVerified {
		t.Fatalf("a new code for a verified number: %v", err)
	}
}

func TestMalformedSMSCodesAreNotCounted(t *testing.T) { // R-2FA-9, R-PWD-5
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	if _, err := e.svc.AddPhone(ctx, mobile, false, strongPassword); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ typed, says string }{
		{"", "Type the 6-digit code"},
		{"12a456", "only digits"},
		{"12345", "has 5 digits"},
		{"1234567", "has 7 digits"},
		{"١٢٣٤٥٦", "only digits"}, // Arabic-Indic digits
	} {
		_, err := e.svc.VerifyPhone(ctx, false, c.typed)
		wantCode(t, err, model.EINVALID)
		if !strings.Contains(model.ErrorMessage(err), c.says) {
			t.Errorf("%q: %q does not say %q", c.typed, model.ErrorMessage(err), c.says)
		}
	}
	if th := throttle(t, e, "wile@acme.example"); th.Failures != 0 {
		t.Fatalf("malformed codes counted %d failures", th.Failures)
	}
}

func TestSMSCodeExpiresAfterFiveMinutes(t *testing.T) { // R-2FA-9
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	if _, err := e.svc.AddPhone(ctx, mobile, false, strongPassword); err != nil {
		t.Fatal(err)
	}
	code := lastSMSCode(t, e, "wile@acme.example")
	e.clock.Advance(model.SMSCodeTTL)
	_, err := e.svc.VerifyPhone(ctx, false, code)
	if err != model.ErrSMSCodeExpired || model.ErrorMessage(err) != "That code has expired; send a new one." {
		t.Fatalf("a code of 5 minutes ago: %v", err)
	}
	if _, err := e.svc.SendPhoneCode(ctx, false); err != nil {
		t.Fatalf("send a new code: %v", err)
	}
	e.clock.Advance(model.SMSCodeTTL - time.Second)
	if _, err := e.svc.VerifyPhone(ctx, false, lastSMSCode(t, e, "wile@acme.example")); err != nil {
		t.Fatalf("a code of 4:59 ago: %v", err)
	}
}

func TestSMSCodesAreLimited(t *testing.T) { // R-2FA-9
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	start := e.clock.Now()
	if _, err := e.svc.AddPhone(ctx, mobile, false, strongPassword); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(10 * time.Second)
	_, err := e.svc.SendPhoneCode(ctx, false)
	wantCode(t, err, model.ELOCKED)
	var me *model.Error
	if !asError(err, &me) || me.RetryAt != start.Add(model.SMSCodeGap).UnixNano() ||
		!strings.Contains(me.Message, "Wait 20 seconds") || !strings.Contains(me.Message, "09:00:30 UTC") {
		t.Fatalf("refusal within 30 s: %+v", me)
	}
	// Five in the hour, each 30 s after the last; the sixth waits for the
	// first to leave the hour, even across removing and adding the number.
	for i := 1; i < model.SMSCodesPerWindow; i++ {
		e.clock.Advance(model.SMSCodeGap)
		if _, err := e.svc.SendPhoneCode(ctx, false); err != nil {
			t.Fatalf("code %d: %v", i+1, err)
		}
	}
	e.clock.Advance(model.SMSCodeGap)
	_, err = e.svc.SendPhoneCode(ctx, false)
	wantCode(t, err, model.ELOCKED)
	if !asError(err, &me) || me.RetryAt != start.Add(time.Hour).UnixNano() || !strings.Contains(me.Message, "10:00:00 UTC") {
		t.Fatalf("sixth code in the hour: %+v", me)
	}
	if err := e.svc.RemovePhone(ctx, false, strongPassword); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.AddPhone(ctx, mobile, false, strongPassword)
	wantCode(t, err, model.ELOCKED)
	if list, _ := e.svc.ListPhones(ctx); len(list) != 0 {
		t.Fatalf("a refused add stored %+v", list)
	}
	e.clock.Advance(start.Add(time.Hour).Sub(e.clock.Now()))
	ctx = e.unlock(t, ctx, strongPassword, "") // the session's hour is over too
	if _, err := e.svc.AddPhone(ctx, mobile, false, strongPassword); err != nil {
		t.Fatalf("after the hour: %v", err)
	}
}

func TestConcurrentSendsRespectTheLimit(t *testing.T) { // R-2FA-9: the limit is decided in the write transaction
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	if _, err := e.svc.AddPhone(ctx, mobile, false, strongPassword); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(model.SMSCodeGap)
	sent := successes(8, func() error { _, err := e.svc.SendPhoneCode(ctx, false); return err })
	if sent != 1 {
		t.Fatalf("%d of 8 concurrent sends passed the 30-second gap, want 1", sent)
	}
}

func TestRemovePhoneNeedsThePassword(t *testing.T) { // R-2FA-9, R-PWD-4, R-PWD-5, R-AUD-1
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	e.addVerifiedPhone(t, ctx, "wile@acme.example", mobile, false)
	wantCode(t, e.svc.RemovePhone(ctx, true, strongPassword), model.ENOTFOUND)
	for i := 0; i < model.FreeAttempts; i++ {
		if err := e.svc.RemovePhone(ctx, false, "not my password"); err != model.ErrWrongPassword {
			t.Fatalf("wrong password %d: %v", i+1, err)
		}
	}
	wantCode(t, e.svc.RemovePhone(ctx, false, strongPassword), model.ELOCKED)
	if list, _ := e.svc.ListPhones(ctx); len(list) != 1 {
		t.Fatalf("removed without the password: %+v", list)
	}
	e.clock.Advance(time.Minute)
	if err := e.svc.RemovePhone(ctx, false, strongPassword); err != nil {
		t.Fatal(err)
	}
	if list, _ := e.svc.ListPhones(ctx); len(list) != 0 {
		t.Fatalf("still there: %+v", list)
	}
	if log := auditActions(t, e, ctx); !strings.Contains(log, "user.phone_removed mobile number +44 •••• ••• 123") {
		t.Fatalf("security log:\n%s", log)
	}
}

// twoFactorUserWithPhones signs up wile@acme.example with 2FA on and a
// verified mobile and backup number; it returns the TOTP secret.
func twoFactorUserWithPhones(t *testing.T, e *env) (context.Context, string) {
	t.Helper()
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	secret, _ := e.enable2FA(t, ctx)
	e.addVerifiedPhone(t, ctx, "wile@acme.example", mobile, false)
	e.addVerifiedPhone(t, ctx, "wile@acme.example", backupNum, true)
	return ctx, secret
}

func TestSMSAtSignIn(t *testing.T) { // R-2FA-9, R-2FA-5
	e := newEnv(t)
	_, secret := twoFactorUserWithPhones(t, e)
	res, err := e.svc.SignIn(context.Background(), model.SignInRequest{Email: "wile@acme.example", Password: strongPassword})
	if err != nil || res.Challenge == nil {
		t.Fatalf("password step: %+v, %v", res, err)
	}
	want := []model.PhoneHint{{Backup: false, Masked: "+44 •••• ••• 123"}, {Backup: true, Masked: "+49 •••• •••• 678"}}
	if got := res.Challenge.Phones; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("challenge offers %+v, want %+v", got, want)
	}
	token := res.Challenge.Token
	sent, err := e.svc.SendSignInSMS(context.Background(), token, true)
	if err != nil || sent.To != "+49 •••• •••• 678" || !sent.ExpiresAt.Equal(e.clock.Now().Add(model.SMSCodeTTL)) {
		t.Fatalf("send to the backup number: %+v, %v", sent, err)
	}
	if n := lastMessage(t, e, "wile@acme.example", model.NotifySMSCode); n.To != backupNum {
		t.Fatalf("sign-in SMS went to %s, want the backup number", n.To)
	}
	code := lastSMSCode(t, e, "wile@acme.example")
	if _, err := e.svc.CompleteSignIn(context.Background(), token, "999999"); err != model.ErrWrongSignInCode && code != "999999" {
		t.Fatalf("a wrong code once an SMS was sent: %v", err)
	}
	sess, err := e.svc.CompleteSignIn(context.Background(), token, code)
	if err != nil || sess == nil {
		t.Fatalf("sign in with the SMS code: %v", err)
	}
	if th := throttle(t, e, "wile@acme.example"); th.Failures != 0 {
		t.Fatalf("the full sign-in left %d failures", th.Failures)
	}

	// A code belongs to its sign-in and works once: the next sign-in
	// refuses it.
	e.clock.Advance(model.SMSCodeGap)
	token = e.challenge(t, "wile@acme.example")
	if _, err := e.svc.SendSignInSMS(context.Background(), token, false); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CompleteSignIn(context.Background(), token, code); err != model.ErrWrongSignInCode && code != lastSMSCode(t, e, "wile@acme.example") {
		t.Fatalf("the last sign-in's code replayed: %v", err)
	}
	// The app and the recovery codes keep working after an SMS was sent.
	if _, err := e.svc.CompleteSignIn(context.Background(), token, e.code(t, secret, 0)); err != nil {
		t.Fatalf("app code after an SMS: %v", err)
	}

	_, err = e.svc.SendSignInSMS(context.Background(), token, false)
	if err != model.ErrSignInStepEnded {
		t.Fatalf("an SMS for a completed sign-in: %v", err)
	}
	_, err = e.svc.SendSignInSMS(context.Background(), "not a token", false)
	if err != model.ErrSignInStepEnded {
		t.Fatalf("an SMS for an unknown token: %v", err)
	}
}

func TestSMSCodeWorksOnceAtSignIn(t *testing.T) { // R-2FA-9: single use, even across consoles
	e := newEnv(t)
	twoFactorUserWithPhones(t, e)
	token := e.challenge(t, "wile@acme.example")
	if _, err := e.svc.SendSignInSMS(context.Background(), token, false); err != nil {
		t.Fatal(err)
	}
	code := lastSMSCode(t, e, "wile@acme.example")
	ok := successes(4, func() error { _, err := e.svc.CompleteSignIn(context.Background(), token, code); return err })
	if ok != 1 {
		t.Fatalf("%d of 4 concurrent uses of one code signed in, want 1", ok)
	}
}

func TestSignInSMSNeedsAVerifiedNumber(t *testing.T) { // R-2FA-9
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	e.enable2FA(t, ctx)
	if _, err := e.svc.AddPhone(ctx, mobile, false, strongPassword); err != nil { // never verified
		t.Fatal(err)
	}
	e.clock.Advance(model.SMSCodeGap)
	res, err := e.svc.SignIn(context.Background(), model.SignInRequest{Email: "wile@acme.example", Password: strongPassword})
	if err != nil || len(res.Challenge.Phones) != 0 {
		t.Fatalf("challenge offers %+v, %v; want no number", res.Challenge, err)
	}
	_, err = e.svc.SendSignInSMS(context.Background(), res.Challenge.Token, false)
	wantCode(t, err, model.ENOTFOUND)
	_, err = e.svc.SendSignInSMS(context.Background(), res.Challenge.Token, true)
	wantCode(t, err, model.ENOTFOUND)
}

func TestWrongSMSCodesCountTowardsTheWait(t *testing.T) { // R-2FA-9, R-PWD-5
	e := newEnv(t)
	_, secret := twoFactorUserWithPhones(t, e)
	token := e.challenge(t, "wile@acme.example")
	if _, err := e.svc.SendSignInSMS(context.Background(), token, false); err != nil {
		t.Fatal(err)
	}
	code := lastSMSCode(t, e, "wile@acme.example")
	wrong := "000000"
	if code == wrong {
		wrong = "000001"
	}
	for i := 0; i < model.FreeAttempts; i++ {
		if _, err := e.svc.CompleteSignIn(context.Background(), token, wrong); err != model.ErrWrongSignInCode {
			t.Fatalf("wrong code %d: %v", i+1, err)
		}
	}
	_, err := e.svc.CompleteSignIn(context.Background(), token, code)
	wantCode(t, err, model.ELOCKED)
	e.clock.Advance(time.Minute)
	token = e.challenge(t, "wile@acme.example")
	if _, err := e.svc.CompleteSignIn(context.Background(), token, e.code(t, secret, 0)); err != nil {
		t.Fatalf("after the wait: %v", err)
	}
}

func TestSMSWorksWithoutTheSealingKey(t *testing.T) { // R-2FA-9, SPEC §7: SMS codes are hashed, not sealed
	e := newEnv(t)
	twoFactorUserWithPhones(t, e)
	otherKey := newSealer(t)
	other := model.NewService(model.Config{Store: e.db, Hasher: model.NewHasher(testArgon2), Clock: e.clock.Now, Sealer: otherKey})
	res, err := other.SignIn(context.Background(), model.SignInRequest{Email: "wile@acme.example", Password: strongPassword})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.SendSignInSMS(context.Background(), res.Challenge.Token, false); err != nil {
		t.Fatal(err)
	}
	phone := *e
	phone.sealer = otherKey // the key its SMS was sealed with, as the deliverer has it
	if _, err := other.CompleteSignIn(context.Background(), res.Challenge.Token, lastSMSCode(t, &phone, "wile@acme.example")); err != nil {
		t.Fatalf("SMS code under another sealing key: %v", err)
	}
}

// fileHolds reports whether the database file or its write-ahead log
// holds s.
func fileHolds(t *testing.T, path, s string) bool {
	t.Helper()
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(s)) {
			return true
		}
	}
	return false
}

// SPEC §7: an SMS or reset code is stored hashed, and in the outbox only
// sealed until delivery: the database file and its log never hold it.
func TestCodesAreNotInTheFile(t *testing.T) { // R-2FA-9, R-PWD-3, SPEC §7
	e := newEnv(t)
	ctx := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	if _, err := e.svc.AddPhone(ctx, mobile, false, strongPassword); err != nil {
		t.Fatal(err)
	}
	code := lastSMSCode(t, e, "wile@acme.example")
	reset := e.requestReset(t, "wile@acme.example")
	for _, secret := range []string{code, reset, strings.ReplaceAll(reset, "-", "")} {
		if fileHolds(t, e.path, secret) {
			t.Fatalf("the code %q is in the database file", secret)
		}
	}
	if !fileHolds(t, e.path, mobileNum) || !fileHolds(t, e.path, model.CodeMarker) {
		t.Fatal("fileHolds does not see what the outbox wrote to the file")
	}
}
