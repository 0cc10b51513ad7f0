package model

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"math/big"
	"time"
)

// SMS codes (R-2FA-9): 6 random digits from crypto/rand, valid SMSCodeTTL,
// single use.
//
// Only a SHA-256 hash of a per-code random salt and the code is stored.
// That is not a password hash on purpose: a 6-digit code has 20 bits, so
// no hash, however slow, would stop someone who reads the database from
// trying all million codes; the salt only stops a table of precomputed
// hashes. What protects a code is its short life (5 minutes), that it
// works once, that it is bound to one number or one sign-in step, and
// that every wrong guess counts towards R-PWD-5. The hash keeps the code
// itself out of the database file and its backups once it is sent.
const (
	SMSCodeDigits = 6
	SMSCodeTTL    = 5 * time.Minute
	smsSaltBytes  = 16
)

// Send limits of codes that go out by SMS (R-2FA-9) and email (R-PWD-3):
// no new one within a gap of the last, and at most a few in SendWindow.
const (
	SendWindow          = time.Hour
	SMSCodeGap          = 30 * time.Second
	SMSCodesPerWindow   = 5
	ResetCodeGap        = time.Minute
	ResetCodesPerWindow = 5
)

// SMSPurpose says what an SMS code proves.
type SMSPurpose string

// Purposes of SMS codes.
const (
	SMSVerify SMSPurpose = "verify"  // that a number reaches its user
	SMSSignIn SMSPurpose = "sign-in" // the second step of one sign-in
)

// SMSCode is the stored form of one SMS code: never the code, only a
// salted hash of it.
type SMSCode struct {
	ID      int64
	UserID  int64
	PhoneID int64 // the number it was sent to; 0 once that number is removed
	Purpose SMSPurpose
	// PendingHash is the token hash of the sign-in step it was sent for
	// (SMSSignIn); nil for SMSVerify.
	PendingHash []byte
	Salt        []byte
	Hash        []byte
	CreatedAt   time.Time
	ExpiresAt   time.Time
	UsedAt      *time.Time
}

// Errors of SMS codes.
var (
	// ErrSMSCodeExpired answers the right code after its 5 minutes.
	ErrSMSCodeExpired = &Error{Code: EUNAUTHORIZED, Message: "That code has expired; send a new one."}
	// ErrSMSCodeUsed answers a code that already worked once.
	ErrSMSCodeUsed = &Error{Code: EUNAUTHORIZED, Message: "That code was already used; send a new one."}
	// ErrWrongSMSCode answers a code that matches none sent.
	ErrWrongSMSCode = &Error{Code: EUNAUTHORIZED, Message: "That code is not correct. Type the 6 digits of the newest SMS, or send a new code."}
)

// newSMSCode returns a fresh code, as sent, and its stored form.
func newSMSCode(userID int64, purpose SMSPurpose, now time.Time) (string, *SMSCode, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", nil, fmt.Errorf("random sms code: %w", err)
	}
	code := fmt.Sprintf("%06d", n.Int64())
	salt := make([]byte, smsSaltBytes)
	if _, err := rand.Read(salt); err != nil {
		return "", nil, fmt.Errorf("sms code salt: %w", err)
	}
	return code, &SMSCode{UserID: userID, Purpose: purpose, Salt: salt, Hash: hashSMSCode(salt, code),
		CreatedAt: now, ExpiresAt: now.Add(SMSCodeTTL)}, nil
}

// hashSMSCode is the stored form of code under salt.
func hashSMSCode(salt []byte, code string) []byte {
	h := sha256.New()
	h.Write(salt)
	h.Write([]byte(code))
	return h.Sum(nil)
}

// parseSMSCode reads a typed SMS code: six digits, spaces and dashes
// ignored; anything else gets a sentence saying what to type.
func parseSMSCode(s string) (string, error) {
	code, ok := stripCode(s)
	switch {
	case !ok:
		return "", Errorf(EINVALID, "An SMS code has only digits: type the 6 digits from the SMS, on one line.")
	case code == "":
		return "", Errorf(EINVALID, "Type the 6-digit code from the SMS.")
	case !allDigits(code):
		return "", Errorf(EINVALID, "An SMS code has only digits: type the 6 digits from the SMS.")
	case len(code) != SMSCodeDigits:
		return "", Errorf(EINVALID, "That code has %d digits: type all %d digits from the SMS.", len(code), SMSCodeDigits)
	}
	return code, nil
}

// smsMatch is what a typed code met among the codes sent.
type smsMatch struct {
	code    *SMSCode // the live code it matched; nil otherwise
	used    bool     // it matched a code that was already used
	expired bool     // it matched a code whose time was over
}

// matchSMSCode compares typed with every code in constant time, all of
// them whatever matches, so that the timing tells nothing. A live match
// wins over a used one, which wins over an expired one.
func matchSMSCode(codes []*SMSCode, typed string, now time.Time) smsMatch {
	var m smsMatch
	for _, c := range codes {
		if subtle.ConstantTimeCompare(hashSMSCode(c.Salt, typed), c.Hash) != 1 {
			continue
		}
		switch {
		case c.UsedAt != nil:
			m.used = true
		case !now.Before(c.ExpiresAt):
			m.expired = true
		case m.code == nil:
			m.code = c
		}
	}
	return m
}

// refusal is the auth result and error of a match that is not live
// (wrong is the answer to no match at all); nil error for a live one.
func (m smsMatch) refusal(wrong error) (AuthResult, error) {
	switch {
	case m.code != nil:
		return "", nil
	case m.used:
		return AuthCodeReused, ErrSMSCodeUsed
	case m.expired:
		return AuthCodeExpired, ErrSMSCodeExpired
	}
	return AuthWrongCode, wrong
}

// matched reports whether the typed code was one of those sent, live or
// not.
func (m smsMatch) matched() bool { return m.code != nil || m.used || m.expired }

// AuthCodeExpired is the auth result of a right code typed too late.
const AuthCodeExpired AuthResult = "refused: code expired"

// sendLimit is a send limit of codes: none within gap of the last one, at
// most perWindow within SendWindow. Its sentences name the codes.
type sendLimit struct {
	gap       time.Duration
	perWindow int
	recent    string // "An SMS code was just sent."
	full      string // "%d SMS codes were sent in the last hour, the most there may be."
	again     string // "send another"
}

var (
	smsLimit = sendLimit{gap: SMSCodeGap, perWindow: SMSCodesPerWindow,
		recent: "An SMS code was just sent.",
		full:   "%d SMS codes were sent in the last hour, the most there may be.",
		again:  "send another"}
	// resetLimit counts requests per address whether or not a user has it,
	// so its sentences speak of what was asked, never of what was sent.
	resetLimit = sendLimit{gap: ResetCodeGap, perWindow: ResetCodesPerWindow,
		recent: "A reset code was just asked for this address.",
		full:   "%d reset codes were asked for this address in the last hour, the most there may be.",
		again:  "ask for another"}
)

// check refuses a new code at now, given when earlier ones were sent, with
// an ELOCKED error that says when to try again (RetryAt set).
func (l sendLimit) check(now time.Time, sent []time.Time) error {
	var last, oldest time.Time
	inWindow := 0
	for _, t := range sent {
		if !t.After(now.Add(-SendWindow)) {
			continue
		}
		inWindow++
		if t.After(last) {
			last = t
		}
		if oldest.IsZero() || t.Before(oldest) {
			oldest = t
		}
	}
	if until := last.Add(l.gap); !last.IsZero() && now.Before(until) {
		// No "N seconds ago": the console draws the wait live, and a
		// fixed age beside it would go stale.
		return l.refusal(now, until, l.recent)
	}
	if inWindow >= l.perWindow {
		return l.refusal(now, oldest.Add(SendWindow), fmt.Sprintf(l.full, l.perWindow))
	}
	return nil
}

// refusal says why no code goes out and when one may.
func (l sendLimit) refusal(now, until time.Time, why string) error {
	return &Error{
		Code:    ELOCKED,
		Message: fmt.Sprintf("%s Wait %s: you can %s at %s UTC.", why, HumanDuration(until.Sub(now)), l.again, until.UTC().Format("15:04:05")),
		RetryAt: until.UnixNano(),
	}
}

// smsAllowed is the store's gate for a new SMS code at now (smsLimit).
func (s *Service) smsAllowed(now time.Time) func([]time.Time) error {
	return func(sent []time.Time) error { return smsLimit.check(now, sent) }
}
