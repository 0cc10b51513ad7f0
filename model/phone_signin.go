package model

import (
	"context"
	"time"
)

// PhoneHint is a verified number that the code step of a sign-in offers
// for an SMS code (R-2FA-9), masked: the person has given the right
// password but not yet the second factor, so the whole number is not
// theirs to see yet.
type PhoneHint struct {
	Backup bool
	Masked string // "+44 •••• ••• 123"
}

// SMSSent says where a sign-in code went and until when it works.
type SMSSent struct {
	To        string // the masked number
	ExpiresAt time.Time
}

// ErrWrongSignInCode answers a code that matches neither the app, nor an
// unused recovery code, nor an SMS sent for this sign-in, once one was
// sent.
var ErrWrongSignInCode = &Error{Code: EUNAUTHORIZED, Message: "That code is not correct. Type the 6 digits of the newest SMS, the code your authenticator app shows now, or a recovery code you have not used yet."}

// signInPhones lists u's verified numbers, masked, for the code step. A
// failure to read them is logged and offers none: the app and the
// recovery codes still work.
func (s *Service) signInPhones(ctx context.Context, u *User) []PhoneHint {
	phones, err := s.store.ListPhones(ctx, u.ID)
	if err != nil {
		s.log.Error("list phones for sign-in", "user", u.ID, "err", err)
		return nil
	}
	var hints []PhoneHint
	for _, p := range phones {
		if p.Verified() {
			hints = append(hints, PhoneHint{Backup: p.Backup, Masked: MaskPhone(p.Number)})
		}
	}
	return hints
}

// SendSignInSMS sends a 6-digit code for the code step of a sign-in
// (R-2FA-5, R-2FA-9) to the user's verified mobile number, or backup
// number, which SignInChallenge.Phones lists; CompleteSignIn then accepts
// it once, within SMSCodeTTL, for this step only. Sending is limited per
// user as SendPhoneCode says.
func (s *Service) SendSignInSMS(ctx context.Context, token string, backup bool) (*SMSSent, error) {
	hash := hashToken(token)
	p, err := s.store.FindPendingSignIn(ctx, hash)
	if ErrorCode(err) == ENOTFOUND {
		return nil, ErrSignInStepEnded
	}
	if err != nil {
		return nil, s.internal("find sign-in step", err)
	}
	now := s.now()
	if !now.Before(p.ExpiresAt) {
		return nil, ErrSignInStepExpired
	}
	u, err := s.store.FindUserByID(ctx, p.UserID)
	if err != nil {
		return nil, s.internal("load user", err)
	}
	if u.Status != UserActive || !u.TOTPEnabled {
		return nil, ErrSignInStepEnded
	}
	if err := s.needSealer(); err != nil {
		return nil, err
	}
	phone, err := s.phoneIn(ctx, u.ID, backup)
	if ErrorCode(err) == ENOTFOUND || (err == nil && !phone.Verified()) {
		return nil, Errorf(ENOTFOUND, "You have no verified %s. Use your authenticator app or a recovery code.", PhoneSlot(backup))
	}
	if err != nil {
		return nil, err
	}
	code, c, err := newSMSCode(u.ID, SMSSignIn, now)
	if err != nil {
		return nil, s.internal("sms code", err)
	}
	c.PhoneID, c.PendingHash = phone.ID, hash
	if err := s.store.AddSMSCode(ctx, c, s.smsAllowed(now)); err != nil {
		return nil, s.internal("add sms code", err)
	}
	s.sendSMSCode(ctx, u, phone.Number, code, "Your acctl sign-in code is %s. It expires in 5 minutes.")
	return &SMSSent{To: MaskPhone(phone.Number), ExpiresAt: c.ExpiresAt}, nil
}

// verifySignInCode is verifySecondFactor at the code step of the sign-in
// whose token hash is pending, where an SMS code sent for that step is
// accepted too (R-2FA-9) and spent. SMS codes are looked at first: they
// are hashed, not sealed, so they work even when the sealing key is lost.
// A code that matches one sent but used or expired is refused as such.
func (s *Service) verifySignInCode(ctx context.Context, u *User, pending []byte, f secondFactor) (AuthResult, error) {
	if f.totp == "" {
		return s.verifySecondFactor(ctx, u, f)
	}
	now := s.now()
	codes, err := s.store.SMSCodes(ctx, SMSCodeFilter{UserID: u.ID, Purpose: SMSSignIn, PendingHash: pending, Since: now.Add(-SendWindow)})
	if err != nil {
		return "", s.internal("find sms codes", err)
	}
	if len(codes) == 0 {
		return s.verifySecondFactor(ctx, u, f)
	}
	m := matchSMSCode(codes, f.totp, now)
	if m.matched() {
		if result, err := m.refusal(nil); err != nil {
			return result, err
		}
		spent, err := s.store.SpendSMSCode(ctx, m.code.ID, now)
		switch {
		case err != nil:
			return "", s.internal("spend sms code", err)
		case !spent: // used in another console meanwhile
			return AuthCodeReused, ErrSMSCodeUsed
		}
		return "", nil
	}
	result, err := s.verifySecondFactor(ctx, u, f)
	if err == ErrWrongCode {
		return result, ErrWrongSignInCode
	}
	return result, err
}
