package model

import "context"

// ValidateTOTPCode reads a code from an authenticator app as EnableTwoFactor
// does: six digits, spaces and dashes ignored. A form checks the code's
// shape with it before anything is sent (R-2FA-2).
func ValidateTOTPCode(code string) (string, error) { return parseTOTP(code) }

// ValidateSecondFactor checks the shape of what was typed where a recovery
// code is accepted instead of an app code (R-2FA-5, R-2FA-6), before
// anything is sent.
func ValidateSecondFactor(code string) error {
	_, err := parseSecondFactor(code)
	return err
}

// CheckTwoFactorSetupCode checks a code of the pending setup secret, its
// shape and its value, so that the console can say a code is wrong before
// it asks for the password (R-2FA-2). EnableTwoFactor then checks the same
// code again, with the password, and accepts its time step there: this
// check accepts no step, so a step is still accepted once (R-2FA-3).
//
// It counts no R-PWD-5 attempt and records no auth event: the caller was
// just shown the pending secret, so a code of it proves nothing the caller
// does not know, and the secret cannot be enabled without the password. A
// caller confined by ErrNeeds2FA may call it.
func (s *Service) CheckTwoFactorSetupCode(ctx context.Context, code string) error {
	a, err := s.Caller(ctx)
	if err != nil {
		return err
	}
	if a.User.TOTPEnabled {
		return ErrTwoFactorOn
	}
	totpCode, err := parseTOTP(code)
	if err != nil {
		return err
	}
	st, err := s.store.TwoFactor(ctx, a.User.ID)
	if err != nil {
		return s.internal("two-factor state", err)
	}
	if st.Pending == nil {
		return ErrNoTwoFactorSetup
	}
	secret, err := s.openSecret(a.User.ID, st.Pending)
	if err != nil {
		return err
	}
	matched, ok, err := matchTOTP(secret, totpCode, s.now())
	switch {
	case err != nil:
		return s.internal("check code", err)
	case !ok:
		return ErrWrongSetupCode
	case matched <= st.LastStep:
		return ErrCodeUsed
	}
	return nil
}
