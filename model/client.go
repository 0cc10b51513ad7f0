package model

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxClientText bounds, in characters, each thing a client says about
// itself that acctl keeps: the SSH client version, TERM, the OS, the key
// fingerprint, an SSH user name (R-SRV-6). A real TERM or version string
// is a few dozen characters; a 5,000-character one is an attack on the
// screens and the database, not a terminal.
const MaxClientText = 64

// CleanClientText is text a client supplied (an SSH version string, TERM,
// an environment value, a user name) made safe to store and draw: invalid
// UTF-8 replaced, control, format (Cf, which holds the bidi overrides) and
// bidi control characters removed, and at most n characters kept, the
// last replaced by "…" when cut (R-SRV-6, SPEC §5).
func CleanClientText(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) > 4*n+4 { // never scan far past what can be kept
		s = s[:4*n+4]
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	return string(runes[:n-1]) + "…"
}

// Bounded is c with every field passed through CleanClientText, so that no
// client can store or show more than MaxClientText characters of its own
// choosing, nor a control sequence (R-SRV-6).
func (c Client) Bounded() Client {
	return Client{
		SSHVersion:     CleanClientText(c.SSHVersion, MaxClientText),
		Term:           CleanClientText(c.Term, MaxClientText),
		OS:             CleanClientText(c.OS, MaxClientText),
		KeyFingerprint: CleanClientText(c.KeyFingerprint, MaxClientText),
	}
}
