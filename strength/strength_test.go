package strength

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/trustelem/zxcvbn"
	"github.com/trustelem/zxcvbn/frequency"
)

// samples cover every kind of match: common passwords, words, names,
// l33t, reversed, keyboard walks, repeats, sequences, years, dates, the
// user's own words, unicode, and strong passphrases.
var samples = []string{
	"password", "password1234", "Password1234!", "p4ssw0rd", "P@ssw0rd2019", "drowssap",
	"qwertyuiop123", "1qaz2wsx3edc", "zxcvbnm,./", "asdfghjkl;'", "7894561230",
	"aaaaaaaaaaaa", "abcabcabcabc", "abcdefghijkl", "9876543210", "ZYXWVUTSR",
	"13.05.1991abc", "19910513", "1/1/1970 xyz", "2015-06-07", "john1987smith",
	"ilovejessica", "iloveyou2024", "monkey123monkey", "trustno1trustno1",
	"acmeacmeacme", "wilecoyote12", "velvet-otter-marble-91", "harbour-lantern-copper-42",
	"correct horse battery staple", "ünïcödé-tïgér-x", "ünïcödéünïcödé", "Tr0ub4dor&3",
	"x$JQhMzt!9vQ", "dragon", "letmein!", "Summer2019!!", "!@#$%^&*()_+", "mnbvcxz12345",
	"qazwsxedcrfv", "a1b2c3d4e5f6", "gandalfthegrey", "1234567890ab",
}

// stricter are the samples this package scores lower than
// trustelem/zxcvbn, and why; both refuse them.
var stricter = map[string]string{
	// zxcvbn scores a repeat's base with the user's words too;
	// trustelem's port leaves them out.
	"acmeacmeacme": "the repeated base is the user's own word",
	// trustelem's repeat matcher misses repeats of multi-byte text.
	"ünïcödéünïcödé": "a repeat of non-ASCII text",
}

// Score agrees with trustelem/zxcvbn, a port of zxcvbn 4.4.2 that keeps to
// its results, on every sample but the stricter ones.
func TestScoreAgreesWithZxcvbn(t *testing.T) {
	inputs := []string{"acme", "wile", "coyote", "wile@acme.example"}
	for _, pw := range samples {
		got := Score(pw, inputs)
		want := zxcvbn.PasswordStrength(pw, inputs).Score
		if why, ok := stricter[pw]; ok {
			if got >= want || got >= 3 {
				t.Errorf("%q (%s): score %d, want below zxcvbn's %d and 3", pw, why, got, want)
			}
			continue
		}
		if got != want {
			t.Errorf("%q: score %d, zxcvbn %d", pw, got, want)
		}
	}
}

// TestMain checks, before any test scores a password, that package
// initialisation built no dictionary (issue 9: acctl pays nothing for them
// at start).
func TestMain(m *testing.M) {
	if built {
		fmt.Fprintln(os.Stderr, "the dictionaries were built at package initialisation")
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func BenchmarkScore(b *testing.B) {
	Score("warm", nil)
	for b.Loop() {
		Score("velvet-otter-marble-91", []string{"acme", "wile"})
	}
}

// lists.gz holds exactly trustelem's frequency lists, ranked as zxcvbn
// ranks them; run go generate after upgrading trustelem/zxcvbn.
func TestEmbeddedListsAreZxcvbns(t *testing.T) {
	d := dictionaries()
	if len(d.lists) != len(frequency.FrequencyLists) {
		t.Fatalf("%d lists, zxcvbn has %d", len(d.lists), len(frequency.FrequencyLists))
	}
	for name, words := range frequency.FrequencyLists {
		for i, w := range words {
			if rank, _ := d.lists[name].rank(strings.ToLower(w)); rank > i+1 || rank == 0 {
				t.Fatalf("%s: %q ranked %d, zxcvbn %d", name, w, rank, i+1)
			}
		}
	}
}
