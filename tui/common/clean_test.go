package common

import (
	"strings"
	"testing"
	"time"
)

// Hostile is the set of names every list must draw harmlessly (SPEC §5).
var Hostile = []string{"\x1b]52;c;aGk=\x07", "\x1b[2J", "\r", "evil\u202Etxt.exe", "a\x9bb", "\x7f"}

func TestCleanRemovesEveryControl(t *testing.T) { // SPEC §5
	for _, s := range Hostile {
		for _, got := range []string{Clean(s), CleanLine(s)} {
			for _, r := range got {
				if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0 || isBidiControl(r) {
					t.Errorf("Clean(%q) = %q still holds %U", s, got, r)
				}
			}
		}
	}
	if got := Clean("\x1b]52;c;aGk=\x07"); got != `\x1b]52;c;aGk=\x07` {
		t.Errorf("escape not shown escaped: %q", got)
	}
	if got := CleanLine("a\nb\tc"); got != "a b c" {
		t.Errorf("CleanLine(newline, tab) = %q", got)
	}
	if got := Clean("a\nb"); got != "a\nb" {
		t.Errorf("Clean keeps newlines, got %q", got)
	}
	if got := Clean("Zoë Ångström 東京"); got != "Zoë Ångström 東京" {
		t.Errorf("printable text changed: %q", got)
	}
	if got := Clean("\xff"); got != "\uFFFD" {
		t.Errorf("invalid UTF-8 = %q", got)
	}
}

type inner struct{ Name string }

type outer struct {
	Name   string
	Ptr    *inner
	List   []*inner
	Vals   []inner
	Tags   map[string]string
	At     time.Time
	Cycle  *outer
	hidden string
}

func TestCleanValueReachesEveryString(t *testing.T) {
	o := &outer{Name: "\x1b[2J", Ptr: &inner{"\r"}, List: []*inner{{"\u202e"}}, Vals: []inner{{"\x07"}}, Tags: map[string]string{"k": "\x1b"}, hidden: "\x1b"}
	o.Cycle = o
	CleanValue(o)
	for _, s := range []string{o.Name, o.Ptr.Name, o.List[0].Name, o.Vals[0].Name, o.Tags["k"]} {
		if strings.ContainsAny(s, "\x1b\r\x07\u202e") {
			t.Errorf("not cleaned: %q", s)
		}
	}
	list := []*inner{{"\x1b"}}
	CleanValue(list)
	if list[0].Name != `\x1b` {
		t.Errorf("slice element not cleaned: %q", list[0].Name)
	}
}

func BenchmarkCleanLinePlain(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = CleanLine("203.0.113.7:51234 sign-in success")
	}
}
