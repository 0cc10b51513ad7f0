package model

import (
	"context"
	"fmt"

	"acctl/seal"
)

// ENEEDS2FA is the code of ErrNeeds2FA: the caller is signed in but may do
// nothing but set up two-factor authentication or sign out (R-2FA-7,
// R-2FA-8).
const ENEEDS2FA = "needs_2fa"

// Errors of two-factor authentication.
var (
	// ErrNeeds2FA is what Me answers a caller whom the account's
	// enforcement (R-2FA-7) or their being new (R-2FA-8) confines to 2FA
	// setup.
	ErrNeeds2FA = &Error{Code: ENEEDS2FA, Message: "Set up two-factor authentication first: until it is on you can only set it up or sign out."}
	// ErrWrongCode answers a code that matches neither the app nor an
	// unused recovery code.
	ErrWrongCode = &Error{Code: EUNAUTHORIZED, Message: "That code is not correct. Type the code your authenticator app shows now, or a recovery code you have not used yet."}
	// ErrWrongSetupCode answers a wrong code while enabling 2FA; the setup
	// and its QR code stay as they are.
	ErrWrongSetupCode = &Error{Code: EUNAUTHORIZED, Message: "That code is not correct. Check that the app shows acctl's entry, then type the code it shows now; the QR code and secret stay the same."}
	// ErrCodeUsed protects R-2FA-3: a code's time step is accepted once.
	ErrCodeUsed = &Error{Code: EUNAUTHORIZED, Message: "That code was already used. Wait for the next code in your authenticator app (at most 30 seconds) and type it."}
	// ErrTwoFactorOn refuses a second setup while 2FA is on.
	ErrTwoFactorOn = &Error{Code: ECONFLICT, Message: "Two-factor authentication is already on. To move it to another app, turn it off with a current code, then set it up again."}
	// ErrTwoFactorOff refuses what needs 2FA on.
	ErrTwoFactorOff = &Error{Code: ECONFLICT, Message: "Two-factor authentication is off. Set it up first."}
	// ErrNoTwoFactorSetup asks to restart a setup that is not under way.
	ErrNoTwoFactorSetup = &Error{Code: EINVALID, Message: "No two-factor setup is under way. Start the setup again to get a new QR code."}
	// ErrSealingKey fails closed when the sealing key cannot open a TOTP
	// secret (SPEC §7): the key file was lost or replaced. A recovery code
	// still works, being stored as a hash, not sealed.
	ErrSealingKey = &Error{Code: EINTERNAL, Message: "The sealing key of this data directory cannot open the two-factor secret, so app codes cannot be checked. Restore sealing.key from a backup of the data directory, or use a recovery code."}
	// ErrEnforceWithout2FA refuses enforcement to an owner without 2FA
	// (R-2FA-7).
	ErrEnforceWithout2FA = &Error{Code: EFORBIDDEN, Message: "Turn on two-factor authentication for yourself first: only an owner who has it can require it for everyone."}
	// ErrNoSealer is met when the Service was built without a sealing key.
	ErrNoSealer = &Error{Code: EINTERNAL, Message: "The sealing key is missing, so two-factor secrets cannot be kept or opened. Start acctl with its data directory, where sealing.key is kept."}
)

// TwoFactorSetup is what the enable screen shows (R-2FA-2): the secret in
// base32, to type into an app, and the otpauth:// URI that the QR code
// encodes.
type TwoFactorSetup struct {
	Secret string
	URI    string
}

// BeginTwoFactorSetup starts enabling 2FA for the caller: a new 160-bit
// secret, kept sealed as the pending setup until EnableTwoFactor confirms
// it (R-2FA-1, R-2FA-2). Starting again replaces an earlier pending secret.
// A caller confined by ErrNeeds2FA may call it.
func (s *Service) BeginTwoFactorSetup(ctx context.Context) (*TwoFactorSetup, error) {
	a, err := s.Caller(ctx)
	if err != nil {
		return nil, err
	}
	if a.User.TOTPEnabled {
		return nil, ErrTwoFactorOn
	}
	secret, uri, err := newTOTPKey(a.User.Email)
	if err != nil {
		return nil, s.internal("two-factor setup", err)
	}
	sealed, err := s.sealSecret(a.User.ID, secret)
	if err != nil {
		return nil, err
	}
	if err := s.store.SavePendingTwoFactor(ctx, a.User.ID, sealed); err != nil {
		return nil, s.internal("save two-factor setup", err)
	}
	return &TwoFactorSetup{Secret: secret, URI: uri}, nil
}

// EnableTwoFactor completes the setup with the account password and a code
// of the pending secret (R-2FA-2, R-PWD-4), and returns the recovery codes,
// to be shown once (R-2FA-4). Both are checked as one R-PWD-5 attempt; a
// failure is an auth event and keeps the pending secret, so the QR code
// stays valid. A malformed code is refused before anything is counted. The
// code's step counts as used (R-2FA-3). A caller confined by ErrNeeds2FA may
// call it, and is free afterwards.
func (s *Service) EnableTwoFactor(ctx context.Context, password, code string) ([]string, error) {
	a, err := s.Caller(ctx)
	if err != nil {
		return nil, err
	}
	if a.User.TOTPEnabled {
		return nil, ErrTwoFactorOn
	}
	totpCode, err := parseTOTP(code)
	if err != nil {
		return nil, err
	}
	if password == "" {
		return nil, Errorf(EINVALID, "Type your account password as well.")
	}
	st, err := s.store.TwoFactor(ctx, a.User.ID)
	if err != nil {
		return nil, s.internal("two-factor state", err)
	}
	if st.Pending == nil {
		return nil, ErrNoTwoFactorSetup
	}
	secret, err := s.openSecret(a.User.ID, st.Pending)
	if err != nil {
		return nil, err
	}
	var step int64
	err = s.checkFactors(ctx, a, AuthConfirm, password, func() (AuthResult, error) {
		matched, ok, err := matchTOTP(secret, totpCode, s.now())
		switch {
		case err != nil:
			return "", s.internal("check code", err)
		case !ok:
			return AuthWrongCode, ErrWrongSetupCode
		case matched <= st.LastStep:
			return AuthCodeReused, ErrCodeUsed
		}
		step = matched
		return "", nil
	})
	if err != nil {
		return nil, err
	}
	codes, hashes, err := newRecoveryCodes()
	if err != nil {
		return nil, s.internal("recovery codes", err)
	}
	audit := s.audit(a, "user.2fa_enabled", userObject(a.User), fmt.Sprintf("authenticator app, %d recovery codes", len(codes)))
	if err := s.store.EnableTwoFactor(ctx, a.User.ID, st.Pending, step, hashes, audit); err != nil {
		if ErrorCode(err) == ECONFLICT {
			return nil, Errorf(ECONFLICT, "The setup was restarted in another console. Scan the newest QR code and type its code.")
		}
		return nil, s.internal("enable two-factor", err)
	}
	s.notifyEmail(ctx, a.User, Notify2FAEnabled, "acctl: two-factor authentication is on",
		"Two-factor authentication was turned on for your acctl user. Signing in now asks for a code from your authenticator app after the password.\n\nIf this was not you, change your password and tell an owner of your account.")
	return codes, nil
}

// DisableTwoFactor turns 2FA off with the password and a current code
// (R-2FA-6, R-PWD-4): one from the app, whose step is then used (R-2FA-3),
// or, for a lost phone, a recovery code, which is spent. Both are one
// R-PWD-5 attempt.
//
// It is allowed while the account enforces 2FA: the user is then confined
// to setting it up again (R-2FA-7), which is how they move to a new app,
// and the account's rule is never weakened.
func (s *Service) DisableTwoFactor(ctx context.Context, password, code string) error {
	a, err := s.Me(ctx)
	if err != nil {
		return err
	}
	if !a.User.TOTPEnabled {
		return ErrTwoFactorOff
	}
	if a.IsStaff() {
		return ErrStaffNeed2FA
	}
	if err := s.confirmFactors(ctx, a, AuthConfirm, password, code); err != nil {
		return err
	}
	audit := s.audit(a, "user.2fa_disabled", userObject(a.User), "")
	if err := s.store.DisableTwoFactor(ctx, a.User.ID, audit); err != nil {
		return s.internal("disable two-factor", err)
	}
	s.notifyEmail(ctx, a.User, Notify2FADisabled, "acctl: two-factor authentication is off",
		"Two-factor authentication was turned off for your acctl user: signing in now needs only the password.\n\nIf this was not you, change your password, turn two-factor authentication on again and tell an owner of your account.")
	return nil
}

// NewRecoveryCodes replaces the caller's recovery codes with a new set after
// the password (R-2FA-4, R-PWD-4) and notifies them; the old codes stop
// working at once. The codes are returned to be shown once.
func (s *Service) NewRecoveryCodes(ctx context.Context, password string) ([]string, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	if !a.User.TOTPEnabled {
		return nil, ErrTwoFactorOff
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return nil, err
	}
	codes, hashes, err := newRecoveryCodes()
	if err != nil {
		return nil, s.internal("recovery codes", err)
	}
	audit := s.audit(a, "user.recovery_codes_replaced", userObject(a.User), fmt.Sprintf("%d new codes", len(codes)))
	if err := s.store.ReplaceRecoveryCodes(ctx, a.User.ID, hashes, audit); err != nil {
		return nil, s.internal("replace recovery codes", err)
	}
	s.notifyEmail(ctx, a.User, NotifyRecoveryCodes, "acctl: new recovery codes",
		"A new set of two-factor recovery codes was made for your acctl user; the earlier codes no longer work.\n\nIf this was not you, change your password and tell an owner of your account.")
	return codes, nil
}

// RecoveryCodesLeft counts the caller's unused recovery codes, which the
// profile shows (R-2FA-4).
func (s *Service) RecoveryCodesLeft(ctx context.Context) (int, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return 0, err
	}
	n, err := s.store.RecoveryCodesLeft(ctx, a.User.ID)
	return n, s.internal("count recovery codes", err)
}

// SetTwoFactorEnforcement turns the account's 2FA requirement on or off
// after the password (R-2FA-7, R-PWD-4). Only owners may (R-ACC-4), and
// only an owner who has 2FA on may turn it on. Turning it on emails every
// active user without 2FA; until they enable it, Me refuses them with
// ErrNeeds2FA. Setting the state it already has changes nothing.
func (s *Service) SetTwoFactorEnforcement(ctx context.Context, on bool, password string) error {
	a, err := s.Me(ctx)
	if err != nil {
		return err
	}
	if err := authorize(a.User.Role, ActionEnforce2FA); err != nil {
		return err
	}
	if err := CheckEnforcement(a.User, on); err != nil {
		return err
	}
	if a.Account.Enforce2FA == on {
		return nil
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return err
	}
	action := "account.2fa_enforced"
	if !on {
		action = "account.2fa_not_enforced"
	}
	without, err := s.store.SetEnforceTwoFactor(ctx, a.Guard(ActionEnforce2FA), a.Account.ID, on, s.audit(a, action, "account "+a.Account.CompanyName, ""))
	if err != nil {
		return s.internal("set two-factor enforcement", err)
	}
	s.notifyAccount(ctx, a.Account.ID, s.enforcementChangedMessage(a, on)) // R-SET-2: emergency
	if !on {
		return nil
	}
	for _, u := range without {
		s.notifyEmail(ctx, u, Notify2FAEnforced, "acctl: two-factor authentication is now required",
			fmt.Sprintf("%s now requires two-factor authentication in acctl. The next time you use it, set it up with an authenticator app: until then you can only set it up or sign out.", a.Account.CompanyName))
	}
	return nil
}

// mustEnable2FA reports whether u may do nothing but set up 2FA: the
// account enforces it (R-2FA-7), u is a newcomer (R-2FA-8) or a staff
// member, for whom it is mandatory (SPEC §10).
func (s *Service) mustEnable2FA(ctx context.Context, u *User, acct *Account) (bool, error) {
	if u.TOTPEnabled {
		return false, nil
	}
	if acct.Enforce2FA || acct.IsProvider() { // staff always (SPEC §10)
		return true, nil
	}
	st, err := s.store.TwoFactor(ctx, u.ID)
	if err != nil {
		return false, err
	}
	return st.MustEnable, nil
}

// confirmFactors checks the caller's password and, when 2FA is on, a code
// from the app or an unused recovery code (spent): one R-PWD-5 attempt for
// both. Without 2FA, code is ignored.
func (s *Service) confirmFactors(ctx context.Context, a *Actor, kind AuthKind, password, code string) error {
	if !a.User.TOTPEnabled {
		return s.confirm(ctx, a, kind, password)
	}
	f, err := parseSecondFactor(code)
	if err != nil {
		return err
	}
	if password == "" {
		return Errorf(EINVALID, "Type your account password as well.")
	}
	return s.checkFactors(ctx, a, kind, password, func() (AuthResult, error) {
		return s.verifySecondFactor(ctx, a.User, f)
	})
}

// checkFactors is one R-PWD-5 attempt for a's password followed by second,
// which checks a code and, on failure, says what to record. Every outcome
// is an auth event of kind; only a full success resets the count.
func (s *Service) checkFactors(ctx context.Context, a *Actor, kind AuthKind, password string, second func() (AuthResult, error)) error {
	key := a.User.Email
	ok, _, err := s.passwordAttempt(ctx, key, a.User, password)
	switch {
	case ErrorCode(err) == ELOCKED:
		s.recordAuth(ctx, a.User, key, kind, AuthLocked, a.Session.Origin, a.Session.Client)
		return err
	case err != nil:
		return err
	case !ok:
		s.recordAuth(ctx, a.User, key, kind, AuthWrongPassword, a.Session.Origin, a.Session.Client)
		return ErrWrongPassword
	}
	if result, err := second(); err != nil {
		if result != "" {
			s.recordAuth(ctx, a.User, key, kind, result, a.Session.Origin, a.Session.Client)
		}
		return err
	}
	if err := s.resetAttempts(ctx, key); err != nil {
		return err
	}
	s.recordAuth(ctx, a.User, key, kind, AuthSucceeded, a.Session.Origin, a.Session.Client)
	return nil
}

// verifySecondFactor checks f for u: an unused recovery code, which is
// spent (R-2FA-5), or an app code, whose time step must be later than the
// last accepted one and becomes it (R-2FA-3). On failure it returns the
// auth result to record with the error to show.
func (s *Service) verifySecondFactor(ctx context.Context, u *User, f secondFactor) (AuthResult, error) {
	if f.recovery != "" {
		ok, err := s.store.SpendRecoveryCode(ctx, u.ID, hashRecoveryCode(f.recovery), s.now())
		switch {
		case err != nil:
			return "", s.internal("spend recovery code", err)
		case !ok:
			return AuthWrongCode, ErrWrongCode
		}
		return "", nil
	}
	st, err := s.store.TwoFactor(ctx, u.ID)
	if err != nil {
		return "", s.internal("two-factor state", err)
	}
	secret, err := s.openSecret(u.ID, st.Secret)
	if err != nil {
		return AuthSecretSealed, err
	}
	step, ok, err := matchTOTP(secret, f.totp, s.now())
	switch {
	case err != nil:
		return "", s.internal("check code", err)
	case !ok:
		return AuthWrongCode, ErrWrongCode
	}
	accepted, err := s.store.AcceptTOTPStep(ctx, u.ID, step)
	switch {
	case err != nil:
		return "", s.internal("accept code", err)
	case !accepted: // this step or a later one was used already
		return AuthCodeReused, ErrCodeUsed
	}
	return "", nil
}

// totpLabel binds a sealed secret to its user, so that it cannot be moved
// to another user's row.
func totpLabel(userID int64) string { return fmt.Sprintf("totp:user:%d", userID) }

// sealSecret seals a base32 TOTP secret for storage (SPEC §7).
func (s *Service) sealSecret(userID int64, secret string) ([]byte, error) {
	if s.sealer == nil {
		s.log.Error("seal two-factor secret: no sealing key configured")
		return nil, ErrNoSealer
	}
	sealed, err := s.sealer.Seal([]byte(secret), totpLabel(userID))
	if err != nil {
		return nil, s.internal("seal two-factor secret", err)
	}
	return sealed, nil
}

// openSecret opens a sealed TOTP secret. Anything that stops it — no key,
// another key, a damaged value, no value at all — fails closed with a clear
// error and is logged; it is never taken as "no second factor".
func (s *Service) openSecret(userID int64, sealed []byte) (string, error) {
	if s.sealer == nil {
		s.log.Error("open two-factor secret: no sealing key configured", "user", userID)
		return "", ErrNoSealer
	}
	if len(sealed) == 0 {
		s.log.Error("open two-factor secret: 2FA is on but no secret is stored", "user", userID)
		return "", ErrSealingKey
	}
	secret, err := s.sealer.Open(sealed, totpLabel(userID))
	if err != nil {
		s.log.Error("open two-factor secret", "user", userID, "err", err)
		return "", ErrSealingKey
	}
	return string(secret), nil
}

// Start-up answers of CheckSealingKey (SPEC §7). The front end that opened
// the files names them; these say what happened.
var (
	// ErrSealingKeyMissing: the key file is gone while the database holds
	// secrets sealed with it. A new key would open none of them.
	ErrSealingKeyMissing = &Error{Code: EINVALID, Message: "The sealing key is missing, and the database holds two-factor secrets sealed with it. Restore sealing.key from the backup of the data directory taken with this database; a new key cannot open them."}
	// ErrSealingKeyWrong: the key file opens none of the database's
	// secrets: it was replaced, or belongs to another database.
	ErrSealingKeyWrong = &Error{Code: EINVALID, Message: "The sealing key does not open the two-factor secrets in the database: it was replaced, or belongs to another database. Restore the sealing.key that was backed up with this database."}
)

// CheckSealingKey tells at start-up whether sealer, the data directory's
// key (nil when its file is missing), opens the secrets the database holds
// (SPEC §7), so that a lost or replaced key is named before anyone signs in
// rather than met at a 2FA sign-in. A database with no sealed secret
// passes with any key, or none.
func CheckSealingKey(ctx context.Context, st TwoFactorStore, sealer *seal.Sealer) error {
	userID, sealed, err := st.AnySealedSecret(ctx)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		return nil
	case err != nil:
		return fmt.Errorf("check the sealing key: %w", err)
	case sealer == nil:
		return ErrSealingKeyMissing
	}
	if _, err := sealer.Open(sealed, totpLabel(userID)); err != nil {
		return ErrSealingKeyWrong
	}
	return nil
}
