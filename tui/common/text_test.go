package common

import (
	"strings"
	"testing"
)

// SPEC §5, issue 9: dates and codes are never split at their hyphens, and
// no line is wider than asked.
func TestWrapBreaksOnlyAtSpaces(t *testing.T) {
	cases := map[string]struct {
		in   string
		w    int
		want string
	}{
		"date":      {"last login 2026-11-25 12:00", 15, "last login\n2026-11-25\n12:00"},
		"code":      {"the code is k3jd-8fh2-0q9m", 16, "the code is\nk3jd-8fh2-0q9m"},
		"keeps ?":   {"Delete the key \"deploy\"?", 20, "Delete the key\n\"deploy\"?"},
		"long word": {"abcdefghij", 4, "abcd\nefgh\nij"},
		"newlines":  {"one two\nthree", 20, "one two\nthree"},
		"fits":      {"short", 10, "short"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			got := Wrap(c.in, c.w)
			if got != c.want {
				t.Fatalf("Wrap(%q, %d) = %q, want %q", c.in, c.w, got, c.want)
			}
			for _, l := range strings.Split(got, "\n") {
				if Width(l) > c.w {
					t.Fatalf("line %q is wider than %d", l, c.w)
				}
			}
		})
	}
}

func TestFitHeight(t *testing.T) {
	for _, c := range []struct {
		in   string
		h    int
		want string
	}{{"a\nb\nc", 2, "a\nb"}, {"a", 3, "a\n\n"}, {"", 2, "\n"}, {"a\nb", 2, "a\nb"}} {
		if got := FitHeight(c.in, c.h); got != c.want {
			t.Errorf("FitHeight(%q, %d) = %q, want %q", c.in, c.h, got, c.want)
		}
	}
}
