package model

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Phone is one of a user's numbers for SMS codes (R-2FA-9): the mobile
// number, or the optional backup number. A user has at most one of each.
type Phone struct {
	ID     int64
	UserID int64
	// Backup marks the backup number; false is the mobile number.
	Backup bool
	// Number is the number in E.164 form: "+" and 8 to 15 digits. Only its
	// own user sees it whole; before a sign-in completes it is shown
	// masked (MaskPhone).
	Number     string
	CreatedAt  time.Time
	VerifiedAt *time.Time // nil until a code sent to it came back
}

// Verified reports whether a code sent to the number came back.
func (p *Phone) Verified() bool { return p.VerifiedAt != nil }

// Slot names the number as the portal does: "mobile number" or "backup
// number".
func (p *Phone) Slot() string { return PhoneSlot(p.Backup) }

// PhoneSlot names a slot as the portal does: "mobile number" or "backup
// number".
func PhoneSlot(backup bool) string {
	if backup {
		return "backup number"
	}
	return "mobile number"
}

// Limits of E.164 numbers (ITU-T E.164: at most 15 digits; the shortest
// numbers in use have 8 with the country code).
const (
	MinPhoneDigits = 8
	MaxPhoneDigits = 15
)

// NormalizePhone reads a mobile number as people write it and returns its
// E.164 form: a leading "+" and 8 to 15 digits, the first not 0. Spaces,
// dashes, dots and parentheses are ignored. Each refusal is a sentence
// that says what to type.
func NormalizePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", Errorf(EINVALID, "Type the number with its country code, for example +44 7700 900123.")
	}
	if len(s) > 64 {
		return "", Errorf(EINVALID, "That number is too long. Type it with its country code, for example +44 7700 900123.")
	}
	digits := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\u00a0', '-', '.', '(', ')':
			return -1
		}
		return r
	}, s)
	if !strings.HasPrefix(digits, "+") {
		return "", Errorf(EINVALID, "Start the number with + and its country code, for example +44 7700 900123 (not 07700 900123).")
	}
	digits = digits[1:]
	if !allDigits(digits) {
		return "", Errorf(EINVALID, "A phone number has only digits after the +. Leave out letters and other signs.")
	}
	switch n := len(digits); {
	case digits[0] == '0':
		return "", Errorf(EINVALID, "No country code starts with 0: after the +, type the country code (44 for the UK, 1 for the US), then the number without its leading 0.")
	case n < MinPhoneDigits:
		return "", Errorf(EINVALID, "That number has %d digits after the +; with its country code a mobile number has at least %d. Check it and type it whole.", n, MinPhoneDigits)
	case n > MaxPhoneDigits:
		return "", Errorf(EINVALID, "That number has %d digits after the +; a phone number has at most %d. Check it for extra digits.", n, MaxPhoneDigits)
	}
	return "+" + digits, nil
}

// countryCodeLen is the length of the country calling code at the start of
// the digits of an E.164 number: 1 for zone 1 and 7, 2 for the two-digit
// codes of zones 2 to 9 that ITU-T E.164 assigns, 3 for the rest.
func countryCodeLen(digits string) int {
	switch digits[0] {
	case '1', '7':
		return 1
	}
	if len(digits) < 2 {
		return len(digits)
	}
	two := digits[:2]
	switch two {
	case "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
		"51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66",
		"81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98":
		return 2
	}
	return 3
}

// splitPhone splits an E.164 number into its country code and the rest.
func splitPhone(e164 string) (cc, rest string) {
	digits := strings.TrimPrefix(e164, "+")
	if digits == "" {
		return "", ""
	}
	n := min(countryCodeLen(digits), len(digits))
	return digits[:n], digits[n:]
}

// FormatPhone writes an E.164 number for reading: "+44 7700900123".
func FormatPhone(e164 string) string {
	cc, rest := splitPhone(e164)
	return strings.TrimSpace("+" + cc + " " + rest)
}

// phoneVisibleDigits is how many final digits a masked number keeps.
const phoneVisibleDigits = 3

// MaskPhone hides all but the country code and the last three digits of an
// E.164 number, as the sign-in screen shows it before the sign-in
// completes: "+44 •••• ••• 123".
func MaskPhone(e164 string) string {
	cc, rest := splitPhone(e164)
	if len(rest) <= phoneVisibleDigits {
		return "+" + cc + " " + strings.Repeat("•", len(rest))
	}
	hidden := len(rest) - phoneVisibleDigits
	var b strings.Builder
	b.WriteString("+" + cc + " ")
	for i := range hidden {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteString("•")
	}
	b.WriteString(" " + rest[hidden:])
	return b.String()
}

// Errors of the numbers.
var (
	// ErrPhoneVerified refuses a second verification.
	ErrPhoneVerified = &Error{Code: ECONFLICT, Message: "That number is already verified. Nothing more to do."}
)

// errNoPhone answers a slot that holds no number.
func errNoPhone(backup bool) error {
	return Errorf(ENOTFOUND, "You have no %s. Add one first.", PhoneSlot(backup))
}

// ListPhones returns the caller's numbers, the mobile number first
// (R-2FA-9).
func (s *Service) ListPhones(ctx context.Context) ([]*Phone, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.store.ListPhones(ctx, a.User.ID)
	return list, s.internal("list phones", err)
}

// AddPhone sets the caller's mobile number, or their backup number, after
// the password (R-PWD-4, whose failures count towards R-PWD-5), and sends
// it a 6-digit verification code by SMS (R-2FA-9); VerifyPhone takes the
// code back, and only then does the number sign in, and the user get the
// R-PWD-6 notice. An unverified number in the slot is replaced; a verified
// one must be removed first (with the password, RemovePhone). The backup
// number must differ from the mobile number. Sending is limited as
// SendPhoneCode says.
func (s *Service) AddPhone(ctx context.Context, number string, backup bool, password string) (*Phone, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.needSealer(); err != nil {
		return nil, err
	}
	number, err = NormalizePhone(number)
	if err != nil {
		return nil, err
	}
	phones, err := s.store.ListPhones(ctx, a.User.ID)
	if err != nil {
		return nil, s.internal("list phones", err)
	}
	for _, p := range phones {
		switch {
		case p.Backup == backup && p.Verified() && p.Number == number:
			return nil, Errorf(ECONFLICT, "That is already your verified %s. Nothing more to do.", p.Slot())
		case p.Backup == backup && p.Verified():
			return nil, Errorf(ECONFLICT, "You already have a verified %s, %s. To change it, remove it first, then add the new one.", p.Slot(), FormatPhone(p.Number))
		case p.Backup != backup && p.Number == number:
			return nil, Errorf(ECONFLICT, "That number is already your %s. The backup number must be another phone.", p.Slot())
		}
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return nil, err
	}
	now := s.now()
	p := &Phone{UserID: a.User.ID, Backup: backup, Number: number, CreatedAt: now}
	code, c, err := newSMSCode(a.User.ID, SMSVerify, now)
	if err != nil {
		return nil, s.internal("sms code", err)
	}
	audit := s.audit(a, "user.phone_added", userObject(a.User), p.Slot()+" "+MaskPhone(number)+", verification code sent")
	err = s.store.AddPhone(ctx, p, c, s.smsAllowed(now), audit)
	if ErrorCode(err) == ECONFLICT {
		return nil, Errorf(ECONFLICT, "Your %s changed in another console meanwhile. Look at the list again.", p.Slot())
	}
	if err != nil {
		return nil, s.internal("add phone", err)
	}
	s.sendSMSCode(ctx, a.User, p.Number, code, "Your acctl verification code is %s. It expires in 5 minutes.")
	return p, nil
}

// SendPhoneCode sends a new verification code to the caller's unverified
// mobile or backup number, when the last one expired or never arrived
// (R-2FA-9). Every SMS code of a user counts towards one limit: none within
// SMSCodeGap of the last, at most SMSCodesPerWindow in SendWindow; the
// refusal says when to try again.
func (s *Service) SendPhoneCode(ctx context.Context, backup bool) (*Phone, error) {
	a, p, err := s.unverifiedPhone(ctx, backup)
	if err != nil {
		return nil, err
	}
	if err := s.needSealer(); err != nil {
		return nil, err
	}
	now := s.now()
	code, c, err := newSMSCode(a.User.ID, SMSVerify, now)
	if err != nil {
		return nil, s.internal("sms code", err)
	}
	c.PhoneID = p.ID
	if err := s.store.AddSMSCode(ctx, c, s.smsAllowed(now)); err != nil {
		return nil, s.internal("add sms code", err)
	}
	s.sendSMSCode(ctx, a.User, p.Number, code, "Your acctl verification code is %s. It expires in 5 minutes.")
	return p, nil
}

// VerifyPhone marks the caller's mobile or backup number verified with the
// code last sent to it (R-2FA-9). The check is one R-PWD-5 attempt: a
// wrong, expired or used code is an auth event and counts; a right one is
// taken back, not a reset of the count, as it proves the phone and not
// the password. A malformed code is refused before anything is counted.
func (s *Service) VerifyPhone(ctx context.Context, backup bool, code string) (*Phone, error) {
	typed, err := parseSMSCode(code)
	if err != nil {
		return nil, err
	}
	a, p, err := s.unverifiedPhone(ctx, backup)
	if err != nil {
		return nil, err
	}
	key, origin, client := a.User.Email, a.Session.Origin, a.Session.Client
	counted, err := s.beginAttempt(ctx, key)
	if err != nil {
		if ErrorCode(err) == ELOCKED {
			s.recordAuth(ctx, a.User, key, AuthConfirm, AuthLocked, origin, client)
		}
		return nil, err
	}
	now := s.now()
	codes, err := s.store.SMSCodes(ctx, SMSCodeFilter{UserID: a.User.ID, Purpose: SMSVerify, PhoneID: p.ID, Since: now.Add(-SendWindow)})
	if err != nil {
		return nil, s.internal("find sms codes", err)
	}
	m := matchSMSCode(codes, typed, now)
	if result, err := m.refusal(ErrWrongSMSCode); err != nil {
		s.recordAuth(ctx, a.User, key, AuthConfirm, result, origin, client)
		return nil, err
	}
	audit := s.audit(a, "user.phone_verified", userObject(a.User), p.Slot()+" "+MaskPhone(p.Number))
	err = s.store.VerifyPhone(ctx, p.ID, m.code.ID, now, audit)
	switch ErrorCode(err) {
	case "":
	case ECONFLICT: // spent in another console meanwhile
		s.recordAuth(ctx, a.User, key, AuthConfirm, AuthCodeReused, origin, client)
		return nil, ErrSMSCodeUsed
	case ENOTFOUND:
		return nil, errNoPhone(backup)
	default:
		return nil, s.internal("verify phone", err)
	}
	if err := s.internal("take back attempt", s.store.TakeBackAttempt(ctx, key, counted)); err != nil {
		return nil, err
	}
	s.recordAuth(ctx, a.User, key, AuthConfirm, AuthSucceeded, origin, client)
	p.VerifiedAt = &now
	s.securityNotice(ctx, a, a.User.Email, NotifyPhoneAdded, "a "+p.Slot()+" was added",
		fmt.Sprintf("The %s %s was added to your acctl user %s: it can now receive the sign-in codes of two-factor authentication.", p.Slot(), MaskPhone(p.Number), a.User.Email))
	return p, nil
}

// RemovePhone deletes the caller's mobile or backup number after the
// password (R-PWD-4, whose failures count towards R-PWD-5), with audit,
// and sends the R-PWD-6 notice.
func (s *Service) RemovePhone(ctx context.Context, backup bool, password string) error {
	a, err := s.Me(ctx)
	if err != nil {
		return err
	}
	p, err := s.phoneIn(ctx, a.User.ID, backup)
	if err != nil {
		return err
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return err
	}
	err = s.store.DeletePhone(ctx, a.User.ID, p.ID, s.audit(a, "user.phone_removed", userObject(a.User), p.Slot()+" "+MaskPhone(p.Number)))
	if ErrorCode(err) == ENOTFOUND {
		return errNoPhone(backup)
	}
	if err != nil {
		return s.internal("remove phone", err)
	}
	s.securityNotice(ctx, a, a.User.Email, NotifyPhoneRemoved, "a "+p.Slot()+" was removed",
		fmt.Sprintf("The %s %s was removed from your acctl user %s: it no longer receives sign-in codes.", p.Slot(), MaskPhone(p.Number), a.User.Email))
	return nil
}

// phoneIn returns the user's number in a slot; ENOTFOUND with a sentence
// when there is none.
func (s *Service) phoneIn(ctx context.Context, userID int64, backup bool) (*Phone, error) {
	phones, err := s.store.ListPhones(ctx, userID)
	if err != nil {
		return nil, s.internal("list phones", err)
	}
	for _, p := range phones {
		if p.Backup == backup {
			return p, nil
		}
	}
	return nil, errNoPhone(backup)
}

// unverifiedPhone returns the caller and their number in a slot, which
// must not be verified yet.
func (s *Service) unverifiedPhone(ctx context.Context, backup bool) (*Actor, *Phone, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.phoneIn(ctx, a.User.ID, backup)
	if err != nil {
		return nil, nil, err
	}
	if p.Verified() {
		return nil, nil, ErrPhoneVerified
	}
	return a, p, nil
}

// sendSMSCode queues the SMS that carries code to number, sealed until
// delivery (SPEC §7); format has one %s for the code. Like every
// notification it never fails the action.
func (s *Service) sendSMSCode(ctx context.Context, u *User, number, code, format string) {
	body := fmt.Sprintf(format, CodeMarker) + " Do not share it: acctl never asks for it by phone."
	s.notifyCode(ctx, u, ChannelSMS, number, NotifySMSCode, "", body, code)
}
