package tuitest

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"acctl/model"
)

// EnableTwoFactor turns 2FA on for s's user through the service (R-2FA-2)
// and returns the secret and the recovery codes; the clock then moves a
// step on, so that the next code is not the one used (R-2FA-3).
func (e *Env) EnableTwoFactor(t testing.TB, s *model.Session) (string, []string) {
	t.Helper()
	setup, err := e.Svc.BeginTwoFactorSetup(Ctx(s))
	if err != nil {
		t.Fatal(err)
	}
	codes, err := e.Svc.EnableTwoFactor(Ctx(s), Password, e.Code(t, setup.Secret))
	if err != nil {
		t.Fatal(err)
	}
	e.Clock.Advance(model.TOTPPeriod)
	return setup.Secret, codes
}

// Code is what an authenticator app shows for secret now.
func (e *Env) Code(t testing.TB, secret string) string {
	t.Helper()
	code, err := model.TOTPCode(secret, model.TOTPStep(e.Clock.Now()), model.TOTPDigits)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// WrongCode is a six-digit code that is not right.
func WrongCode(right string) string {
	n, _ := strconv.Atoi(right)
	return fmt.Sprintf("%06d", (n+500000)%1000000)
}

// WaitAuthEvents waits until email's user has at least n auth events
// (R-SES-3) and returns how many there are: a console's attempt was
// answered. A key is handled some time after it is sent, and an entry
// screen drops keys while it waits for an answer, so a test that types
// the next attempt, or moves the clock, waits for the answer first.
func (e *Env) WaitAuthEvents(t testing.TB, email string, n int) int {
	t.Helper()
	u, err := e.DB.FindUserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		list, err := e.DB.ListAuthEvents(context.Background(), u.ID, model.EventPage{Limit: n + 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) >= n {
			return len(list)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s has %d auth events, want %d", email, len(list), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
