package common

import (
	"testing"
	"unicode/utf8"
)

// SPEC §5: invisible and format characters are shown escaped like
// controls, wherever they are in the text.
func TestCleanEscapesInvisibles(t *testing.T) {
	for in, want := range map[string]string{
		"ada\u200blovelace": `ada\u200blovelace`,
		"\ufeffada":         `\ufeffada`,
		"love\u00adlace":    `love\u00adlace`,
		"a\u2028b\u2029c":   `a\u2028b\u2029c`,
		"tag\U000E0041":     `tag\U000e0041`,
		"evil\u202etxt.exe": `evil\u202etxt.exe`,
		"Zoë Ångström 東京":   "Zoë Ångström 東京",
		"zwj\u200d👩\u200d💻": `zwj\u200d👩\u200d💻`,
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
		if got := CleanLine(in); got != want {
			t.Errorf("CleanLine(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzClean: whatever the text, what Clean and CleanLine return holds no
// ESC, no C0 control but newline and tab (none at all on one line), no
// DEL, no C1 control, no bidi control, no Cf character, no line or
// paragraph separator and no invalid UTF-8, and cleaning it again changes
// nothing (SPEC §5).
func FuzzClean(f *testing.F) {
	for _, s := range append(Hostile, "ada\u200b", "\ufeff", "\u00ad", "\U000E0041", "a\u2028b", "\xff\xfe", "\xc0\x80", "\xed\xa0\x80", "plain text", "a\nb\tc", "\x1b[31mred\x1b[0m", "\u061c\u200e\u2066") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, clean := range map[string]func(string) string{"Clean": Clean, "CleanLine": CleanLine} {
			got := clean(s)
			if !utf8.ValidString(got) {
				t.Fatalf("%s(%q) = %q: invalid UTF-8", name, s, got)
			}
			for _, r := range got {
				lineBreak := r == '\n' || r == '\t'
				switch {
				case r < 0x20 && !(lineBreak && name == "Clean"),
					r == 0x7f, r >= 0x80 && r < 0xa0, isBidiControl(r), isInvisible(r):
					t.Fatalf("%s(%q) = %q holds %U", name, s, got, r)
				}
			}
			if again := clean(got); again != got {
				t.Fatalf("%s is not stable: %q, then %q", name, got, again)
			}
		}
	})
}
