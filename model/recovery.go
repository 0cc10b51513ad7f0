package model

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"strings"
)

// Recovery codes (R-2FA-4): RecoveryCodeCount single-use codes replace the
// app when the phone is lost (R-2FA-5).
//
// Each code carries 120 random bits from crypto/rand, written in Crockford's
// base32 (digits and lower-case letters without i, l, o and u, so nothing
// reads two ways) as six groups of four: "k3jd-8fh2-0q9m-…". With at least
// 112 bits a code cannot be guessed or brute-forced from its hash, so R-2FA-4
// lets it be stored as a plain SHA-256 hash instead of a salted password
// hash; the hash is also what the store looks codes up by.
const (
	RecoveryCodeCount = 10
	recoveryCodeBytes = 15 // 120 bits, exactly 24 base32 characters
	recoveryCodeLen   = recoveryCodeBytes * 8 / 5
	recoveryGroup     = 4
)

const crockfordAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

var crockford = base32.NewEncoding(crockfordAlphabet).WithPadding(base32.NoPadding)

// newRecoveryCodes returns a fresh set of codes, as shown once to the user,
// and their hashes, as stored.
func newRecoveryCodes() (codes []string, hashes [][]byte, err error) {
	for range RecoveryCodeCount {
		b := make([]byte, recoveryCodeBytes)
		if _, err := rand.Read(b); err != nil {
			return nil, nil, fmt.Errorf("recovery code: %w", err)
		}
		code := crockford.EncodeToString(b)
		codes = append(codes, groupRecoveryCode(code))
		hashes = append(hashes, hashRecoveryCode(code))
	}
	return codes, hashes, nil
}

// groupRecoveryCode writes a canonical code in dash-separated groups.
func groupRecoveryCode(code string) string {
	var b strings.Builder
	for i := 0; i < len(code); i += recoveryGroup {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(code[i:min(i+recoveryGroup, len(code))])
	}
	return b.String()
}

// canonicalRecoveryCode reads a code typed without its spaces and dashes:
// case does not matter, and i, l, o read as 1, 1, 0 as Crockford's base32
// allows. It reports false for anything that is not a recovery code.
func canonicalRecoveryCode(typed string) (string, bool) {
	if len(typed) != recoveryCodeLen {
		return "", false
	}
	code := strings.Map(func(r rune) rune {
		switch r {
		case 'i', 'I', 'l', 'L':
			return '1'
		case 'o', 'O':
			return '0'
		}
		if r >= 'A' && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, typed)
	if !isCrockford(code) {
		return "", false
	}
	if _, err := crockford.DecodeString(code); err != nil {
		return "", false
	}
	return code, true
}

// isCrockford reports whether s holds only the characters of crockford's
// alphabet, checked before decoding since the decoder skips \r and \n.
func isCrockford(s string) bool {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(crockfordAlphabet, s[i]) < 0 {
			return false
		}
	}
	return true
}

// hashRecoveryCode is the stored form of a canonical code.
func hashRecoveryCode(code string) []byte {
	h := sha256.Sum256([]byte(code))
	return h[:]
}
