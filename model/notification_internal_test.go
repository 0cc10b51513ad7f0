package model

import "testing"

// R-SES-4: the attempts that notify are the sign-in screen, its code step
// and the lock screen; the checks inside a session are not sign-ins.
func TestIsSignInAttempt(t *testing.T) {
	for kind, want := range map[AuthKind]bool{
		AuthSignIn:      true,
		AuthUnlock:      true,
		"second factor": true, // the code step of R-2FA-5
		AuthConfirm:     false,
		AuthChange:      false,
	} {
		if got := isSignInAttempt(kind); got != want {
			t.Errorf("isSignInAttempt(%q) = %v, want %v", kind, got, want)
		}
	}
}
