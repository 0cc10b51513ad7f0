// Package common holds what every screen of the console shares: the text
// cleaning of SPEC §5 and the colour styles.
package common

import (
	"fmt"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean makes text from a user or the database safe to draw (SPEC §5). C0
// controls other than newline and tab, DEL and C1 controls are shown
// escaped ("\x1b"), and so are the invisible and format characters
// (Unicode Cf: the bidi controls, zero-width characters, the soft hyphen,
// the byte-order mark, tag characters…) and the line and paragraph
// separators ("\u202e", "\u200b", "\U000e0041"), so that an escape
// sequence is drawn as text and can never reach the terminal, and no text
// hides or reorders what it shows. Invalid UTF-8 is shown as U+FFFD.
func Clean(s string) string { return clean(s, true) }

// CleanLine is Clean for one-line places (table cells, headers): newlines and
// tabs become spaces too.
func CleanLine(s string) string { return clean(s, false) }

func clean(s string, keepLines bool) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
		case r == '\n' || r == '\t':
			if keepLines {
				b.WriteRune(r)
			} else {
				b.WriteByte(' ')
			}
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, `\x%02x`, r)
		case isInvisible(r) && r > 0xffff:
			fmt.Fprintf(&b, `\U%08x`, r)
		case isInvisible(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isPlain is the fast path: printable ASCII only.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// isInvisible reports what Clean shows escaped besides the controls: the
// format characters (Unicode Cf, the bidi controls among them) and the
// line and paragraph separators (SPEC §5, R-ACC-7).
func isInvisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r)
}

// isBidiControl reports the explicit directional formatting characters that
// can make text display in an order other than the one it is stored in.
func isBidiControl(r rune) bool {
	switch {
	case r == 0x061c, r == 0x200e, r == 0x200f:
		return true
	case r >= 0x202a && r <= 0x202e:
		return true
	case r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// CleanValue cleans, in place, every string reachable from v through
// pointers, structs, slices, arrays and maps (CleanLine for each). The TUI
// passes everything the model returns through it, which makes it the one
// place where text is cleaned. v must be a pointer, slice or map for the
// change to be visible; other values are left alone.
func CleanValue(v any) {
	cleanValue(reflect.ValueOf(v), map[uintptr]bool{})
}

func cleanValue(v reflect.Value, seen map[uintptr]bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		cleanValue(v.Elem(), seen)
	case reflect.Interface:
		if !v.IsNil() {
			// The dynamic value of an interface cannot be set in place;
			// clean what it points to.
			cleanValue(v.Elem(), seen)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				cleanValue(v.Field(i), seen)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			cleanValue(v.Index(i), seen)
		}
	case reflect.Array:
		for i := range v.Len() {
			cleanValue(v.Index(i), seen)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			val := iter.Value()
			if val.Kind() == reflect.String {
				v.SetMapIndex(iter.Key(), reflect.ValueOf(CleanLine(val.String())).Convert(val.Type()))
			}
		}
	case reflect.String:
		if v.CanSet() {
			if s := v.String(); !isPlain(s) {
				v.SetString(CleanLine(s))
			}
		}
	}
}
