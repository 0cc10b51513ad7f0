package profile_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"acctl/demo"
	"acctl/model"
	"acctl/tui"
	"acctl/tui/tuitest"
)

// lastSMS is the code of the newest SMS to s's user, read from the outbox
// as its owner would.
func lastSMS(t *testing.T, env *tuitest.Env, s *model.Session) string {
	t.Helper()
	me, err := env.Svc.Caller(tuitest.Ctx(s))
	if err != nil {
		t.Fatal(err)
	}
	// Codes are sealed in the outbox (SPEC §7): open the newest as the
	// demo's inbox does.
	code := demo.Inbox(env.DB, env.Sealer)(context.Background(), me.User.Email)
	if code == "" {
		t.Fatal("no SMS code in the outbox")
	}
	return code
}

// confirmPassword answers the password prompt of R-PWD-4.
func confirmPassword(c *tuitest.Console) {
	c.WaitFor("Confirm with your password")
	c.Type(password)
	c.Keys("enter")
}

// openPhones opens Mobile numbers from Profile.
func openPhones(t *testing.T, f *fixture) {
	t.Helper()
	f.c.Keys("s")
	f.c.WaitFor("Mobile numbers", "Backup number", "not set")
}

// R-2FA-9, R-PWD-4: add a number, verify it with the code sent to it,
// remove it with the password. A bad number, a malformed and a wrong code
// each get a sentence with what was typed kept; a wrong password stays in
// the prompt; esc there keeps the number.
func TestPhonesAddVerifyRemove(t *testing.T) {
	f := signedIn(t, 80, 24)
	c := f.c
	openPhones(t, f)
	c.WaitFor("sign-in offers SMS codes once it is on")
	c.Keys("a")
	c.WaitFor("Add your mobile number", "with its country code")
	c.Type("07700 900123")
	c.Keys("enter")
	c.WaitFor("Start the number with +", "07700 900123")
	erase(c, len("07700 900123"))
	c.Type("+44 7700 900123")
	c.Keys("enter")
	confirmPassword(c)
	c.WaitFor("Verify your mobile number", "A code is on its way to +44 7700900123")

	c.Type("12a456")
	c.Keys("enter")
	c.WaitFor("An SMS code has only digits", "12a456")
	erase(c, 6)
	code := lastSMS(t, f.env, f.s)
	wrong := "000000"
	if code == wrong {
		wrong = "000001"
	}
	c.Type(wrong)
	c.Keys("enter")
	c.WaitFor("not correct", wrong)
	erase(c, 6)
	c.Type(code[:3] + " " + code[3:])
	c.Keys("enter")
	c.WaitFor("Your mobile number +44 7700900123 is verified.", "verified 2026-11-23")

	// A refusal of the model keeps the typed number too.
	c.Keys("down", "a")
	c.WaitFor("Add your backup number")
	c.Type("+44 7700-900-123")
	c.Keys("enter")
	confirmPassword(c)
	c.WaitFor("already your mobile number", "+44 7700-900-123")
	c.Keys("esc")
	c.WaitFor("Backup number", "not set")
	c.Keys("up", "a")
	c.WaitFor("Your mobile number is verified. To change it, remove it first (d)")

	c.Keys("d")
	c.WaitFor("Confirm with your password", "To remove your mobile number +44 7700900123")
	c.Keys("esc")
	c.WaitGone("Confirm with your password")
	if list, _ := f.env.Svc.ListPhones(tuitest.Ctx(f.s)); len(list) != 1 {
		t.Fatal("esc in the prompt removed the number")
	}
	c.Keys("d")
	c.WaitFor("Confirm with your password")
	c.Type("not my password")
	c.Keys("enter")
	c.WaitFor("That password is not correct", "Confirm with your password")
	c.Type(password)
	c.Keys("enter")
	c.WaitFor("Your mobile number was removed.")
	c.WaitGone("+44 7700900123")
}

// R-2FA-9: an expired code says so; ctrl+r sends a new one, which works.
func TestPhonesExpiredCodeAndNewCode(t *testing.T) {
	f := signedIn(t, 80, 24)
	c := f.c
	openPhones(t, f)
	c.Keys("down", "a")
	c.WaitFor("Add your backup number")
	c.Type("+49 151 1234 5678")
	c.Keys("enter")
	confirmPassword(c)
	c.WaitFor("A code is on its way to +49 15112345678")
	old := lastSMS(t, f.env, f.s)
	c.Keys("ctrl+r")
	c.WaitFor("Wait")
	f.env.Clock.Advance(model.SMSCodeTTL)
	c.Type(old)
	c.Keys("enter")
	c.WaitFor("That code has expired")
	c.Keys("esc")
	c.WaitFor("waiting for its code")
	c.Keys("v")
	c.WaitFor("Type the code of the newest SMS sent to +49 15112345678")
	c.Keys("ctrl+r")
	c.WaitFor("A code is on its way")
	erase(c, len(old))
	c.Type(lastSMS(t, f.env, f.s))
	c.Keys("enter")
	c.WaitFor("Your backup number +49 15112345678 is verified.")
}

// In --demo no SMS reaches anyone: the code screen shows what the text
// message says.
func TestPhonesDemoShowsTheCode(t *testing.T) {
	env := tuitest.NewEnv(t)
	s := env.SignUp(t, "Acme", "Wile Coyote", owner)
	inbox := func(o *tui.Options) { o.Demo.Inbox = demo.Inbox(env.DB, env.Sealer) }
	c := tuitest.Run(t, env, 80, 24, tuitest.SignedIn(s), inbox)
	c.WaitFor("Member since")
	c.Keys("s")
	c.WaitFor("not set")
	c.Keys("a")
	c.WaitFor("Add your mobile number")
	c.Type("+44 7700 900123")
	c.Keys("enter")
	confirmPassword(c)
	c.WaitFor("A code is on its way")
	c.WaitFor("Demo: the text message", "says "+lastSMS(t, env, s)+".")
}

// SPEC §5: a stored number is cleaned where it is drawn.
func TestPhonesCleanWhatTheyDraw(t *testing.T) {
	f := signedIn(t, 80, 24)
	now := f.env.Clock.Now()
	p := &model.Phone{UserID: f.s.UserID, Number: "+4477\x1b]52;c;aGk=\x0700900123", CreatedAt: now}
	code := &model.SMSCode{UserID: f.s.UserID, Purpose: model.SMSVerify, Salt: []byte("s"), Hash: []byte("h"), CreatedAt: now, ExpiresAt: now.Add(time.Minute)}
	if err := f.env.DB.AddPhone(context.Background(), p, code, func([]time.Time) error { return nil }, nil); err != nil {
		t.Fatal(err)
	}
	openPhones(t, f)
	screen := f.c.WaitFor("waiting for its code")
	if strings.Contains(screen, "\x1b]52") || strings.Contains(screen, "\x07") {
		t.Fatalf("a stored number wrote an escape sequence:\n%q", screen)
	}
}

func TestPhonesGoldens(t *testing.T) {
	goldens(t, "phones", "waiting for its code", signedIn, func(t *testing.T, f *fixture) {
		if _, err := f.env.Svc.AddPhone(tuitest.Ctx(f.s), "+447700900123", false, password); err != nil {
			t.Fatal(err)
		}
		openPhones(t, f)
	})
}
