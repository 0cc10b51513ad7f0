package model

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// checkText refuses what no name or address typed by a person may hold
// (R-ACC-7): invalid UTF-8, control characters, invisible and format
// characters (Unicode Cf: U+200B, U+200D, U+FEFF, U+00AD, bidi controls,
// tag characters…), line and paragraph separators, and text longer than max
// code points. Such characters make two different values look alike, or
// reshape the text around them when it is drawn.
func checkText(what, s string, max int) error {
	if !utf8.ValidString(s) {
		return Errorf(EINVALID, "%s has characters that are not valid text. Type it again.", what)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return Errorf(EINVALID, "%s is too long (%d characters): use at most %d.", what, n, max)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return Errorf(EINVALID, "%s cannot contain control characters. Type it again without them.", what)
		}
		if IsInvisible(r) {
			return Errorf(EINVALID, "%s contains an invisible character (%s), so it could pass for another one. Type it again without it.", what, codePoint(r))
		}
	}
	return nil
}

// IsInvisible reports the characters that R-ACC-7 refuses in names and SPEC
// §5 shows escaped: format characters (Unicode Cf, which includes the bidi
// controls, zero-width characters, the soft hyphen, the byte-order mark and
// the tag characters) and the line and paragraph separators (Zl, Zp).
func IsInvisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r)
}

// codePoint writes r as people look it up: "U+200B".
func codePoint(r rune) string { return fmt.Sprintf("U+%04X", r) }
