package model

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// TOTP parameters of R-2FA-1: RFC 6238 with SHA-1, 6 digits, 30-second
// steps, one step of clock skew either way, a 160-bit secret.
const (
	TOTPDigits      = 6
	TOTPPeriod      = 30 * time.Second
	TOTPSkew        = 1
	TOTPSecretBytes = 20
	// TOTPIssuer names acctl in authenticator apps (the otpauth:// issuer).
	TOTPIssuer = "acctl"
)

// TOTPStep is the RFC 6238 time step that t falls in.
func TOTPStep(t time.Time) int64 { return t.Unix() / int64(TOTPPeriod/time.Second) }

// TOTPCode is the code of a base32 secret at a time step, with the given
// number of digits (6 for acctl; 8 for the RFC 6238 test vectors). The
// arithmetic is RFC 4226's HOTP, from github.com/pquerna/otp.
func TOTPCode(secret string, step int64, digits int) (string, error) {
	if step < 0 {
		return "", fmt.Errorf("totp: negative time step %d", step)
	}
	return hotp.GenerateCodeCustom(secret, uint64(step), hotp.ValidateOpts{
		Digits:    otp.Digits(digits),
		Algorithm: otp.AlgorithmSHA1,
	})
}

// newTOTPKey returns a fresh 160-bit secret from crypto/rand, in base32, and
// its otpauth://totp/acctl:LABEL?…&issuer=acctl&algorithm=SHA1&digits=6&period=30
// URI for the QR code (R-2FA-1, R-2FA-2).
func newTOTPKey(label string) (secret, uri string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer:      TOTPIssuer,
		AccountName: label,
		Period:      uint(TOTPPeriod / time.Second),
		SecretSize:  TOTPSecretBytes,
		Digits:      otp.DigitsSix,
		Algorithm:   otp.AlgorithmSHA1,
		Rand:        rand.Reader,
	})
	if err != nil {
		return "", "", fmt.Errorf("totp key: %w", err)
	}
	return key.Secret(), key.URL(), nil
}

// matchTOTP looks for code among the codes of secret within TOTPSkew steps
// of now and returns the step it belongs to (R-2FA-1). Every candidate is
// computed and compared in constant time, so the timing does not say which
// step matched or how much of the code was right. The caller refuses steps
// already accepted (R-2FA-3).
func matchTOTP(secret, code string, now time.Time) (step int64, ok bool, err error) {
	current := TOTPStep(now)
	for s := current - TOTPSkew; s <= current+TOTPSkew; s++ {
		want, err := TOTPCode(secret, s, TOTPDigits)
		if err != nil {
			return 0, false, err
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && !ok {
			step, ok = s, true
		}
	}
	return step, ok, nil
}

// secondFactor is what a person typed at a code prompt, once read: a TOTP
// code or a recovery code, in canonical form.
type secondFactor struct {
	totp     string // six digits, or ""
	recovery string // canonical recovery code, or ""
}

// stripCode reads what a person typed at a code prompt: the ends trimmed,
// the spaces and dashes people type between groups dropped. It reports
// false when anything else but ASCII letters and digits is left — a line
// break, a tab or any other whitespace inside, a control or a symbol —
// so that a parser refuses it as malformed before anything is counted
// (R-PWD-5), and never hands a decoder (Go's base32 skips \r and \n) a
// code with whitespace in it.
func stripCode(s string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r == ' ' || r == '-' || r == '\u00a0':
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		default:
			return "", false
		}
	}
	return b.String(), true
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// parseTOTP reads an authenticator-app code: six digits, spaces and dashes
// ignored. Anything else is EINVALID with a sentence saying what to type.
func parseTOTP(s string) (string, error) {
	code, ok := stripCode(s)
	switch {
	case !ok:
		return "", Errorf(EINVALID, "A code has only digits: type the 6 digits that your authenticator app shows, on one line.")
	case code == "":
		return "", Errorf(EINVALID, "Type the 6-digit code that your authenticator app shows.")
	case !allDigits(code):
		return "", Errorf(EINVALID, "A code has only digits: type the 6 digits that your authenticator app shows.")
	case len(code) != TOTPDigits:
		return "", Errorf(EINVALID, "That code has %d digits: type all %d digits that your authenticator app shows.", len(code), TOTPDigits)
	}
	return code, nil
}

// parseSecondFactor reads what was typed at a second-factor prompt, where a
// recovery code is accepted instead of an app code (R-2FA-5).
func parseSecondFactor(s string) (secondFactor, error) {
	code, ok := stripCode(s)
	if !ok {
		return secondFactor{}, Errorf(EINVALID, "That is neither an app code nor a recovery code: type the 6 digits that your authenticator app shows, or one of your recovery codes, on one line.")
	}
	if rc, ok := canonicalRecoveryCode(code); ok {
		return secondFactor{recovery: rc}, nil
	}
	if code != "" && !allDigits(code) {
		return secondFactor{}, Errorf(EINVALID, "That is neither an app code nor a recovery code: type the 6 digits that your authenticator app shows, or one of your recovery codes as it was given.")
	}
	totp, err := parseTOTP(code)
	if err != nil {
		return secondFactor{}, Errorf(EINVALID, "%s Or type one of your recovery codes.", ErrorMessage(err))
	}
	return secondFactor{totp: totp}, nil
}
