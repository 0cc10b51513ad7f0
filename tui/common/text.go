package common

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Truncate cuts s to at most w cells, with an ellipsis. It is on every row
// of every list, so it is linear and allocation-free when s fits.
func Truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if len(s) <= w && IsASCII(s) {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// IsASCII reports whether s is all ASCII (one cell per byte when printable).
func IsASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Width is the number of cells s takes.
func Width(s string) int {
	if IsASCII(s) && !strings.ContainsRune(s, '\x1b') {
		return len(s)
	}
	return ansi.StringWidth(s)
}

// Wrap breaks s into lines of at most w cells at spaces only, so that a
// date, a code or an address is never split at a hyphen; a word longer than
// a line is cut hard. Line breaks in s are kept.
func Wrap(s string, w int) string {
	if w <= 0 || (len(s) <= w && !strings.ContainsRune(s, '\n')) {
		return s
	}
	var b strings.Builder
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		wrapLine(&b, line, w)
	}
	return b.String()
}

// wrapLine fills lines of w cells with the words of line, greedily.
func wrapLine(b *strings.Builder, line string, w int) {
	used := 0
	for _, word := range strings.Split(line, " ") {
		ww := Width(word)
		switch {
		case used > 0 && used+1+ww <= w:
			b.WriteByte(' ')
			used++
		case used > 0:
			b.WriteByte('\n')
			used = 0
		}
		for ww > w { // a word longer than a line is cut hard
			head := ansi.Truncate(word, w, "")
			b.WriteString(head + "\n")
			word = strings.TrimPrefix(word, head)
			ww = Width(word)
		}
		b.WriteString(word)
		used += ww
	}
}

// Indent prefixes every line of s but the first with n spaces.
func Indent(s string, n int) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}

// Hanging wraps text to w cells after a prefix of cells already on the
// line, indenting the lines after the first so that they start under it:
// a field's error or a long value never drops back to column 0.
func Hanging(text string, prefix, w int) string {
	return Indent(Wrap(text, max(w-prefix, 10)), prefix)
}

// Field draws "label  value" with the label in a column labelWidth wide and
// the value wrapped under itself; w is the width of the area.
func Field(st *Styles, label, value string, labelWidth, w int) string {
	return st.Muted.Render(PadRight(label, labelWidth)) + " " + Hanging(value, labelWidth+1, w)
}

// PadRight pads s with spaces to w cells.
func PadRight(s string, w int) string {
	if n := w - Width(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// Lines counts the lines of s.
func Lines(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(s, "\n") + 1
}

// FitHeight cuts s to at most h lines and pads it with empty lines to
// exactly h, so that a frame is always as tall as the terminal.
func FitHeight(s string, h int) string {
	if h <= 0 {
		return ""
	}
	n := Lines(s)
	switch {
	case n > h:
		i := 0
		for k := 0; k < h; k++ {
			j := strings.IndexByte(s[i:], '\n')
			i += j + 1
		}
		return s[:i-1]
	case n < h:
		if s == "" {
			return strings.Repeat("\n", h-1)
		}
		return s + strings.Repeat("\n", h-n)
	}
	return s
}
