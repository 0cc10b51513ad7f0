// Package strength estimates how many guesses a password would take, the
// way zxcvbn does (D. Wheeler, "zxcvbn: Low-Budget Password Strength
// Estimation", USENIX Security 2016): it finds what a cracker tries first —
// common passwords, English words, names, the user's own details, reversed
// or in l33t, keyboard walks, repeats, sequences, years and dates — and
// trustelem/zxcvbn's scoring finds the cheapest way to cover the password
// with them.
//
// It exists for start-up time (issue 9). zxcvbn ports build their ranked
// dictionaries, some 90,000 words, in package initialisation: 20–170 ms and
// 10–18 MB on every start of acctl, `acctl version` included, though a
// password is checked only at sign-up, a change or a reset. Here the
// matching is acctl's own and the dictionaries are built on the first
// Score, from the same word lists embedded as compressed text (lists.gz,
// written by gen from trustelem's); only trustelem's keyboard graphs and
// scoring are linked, whose initialisation costs a fraction of a
// millisecond.
package strength

//go:generate go run ./gen

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"hash/maphash"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn/match"
	"github.com/trustelem/zxcvbn/scoring"
)

// lists holds zxcvbn's ranked word lists: a line "#name" opens each list,
// whose words follow one a line, most common first.
//
//go:embed lists.gz
var lists []byte

// Score is zxcvbn's score of password, 0 (guessed in under a thousand
// tries) to 4 (over ten billion). userInputs are words the password must
// not lean on: the user's name, email, company.
func Score(password string, userInputs []string) int {
	if !utf8.ValidString(password) || password == "" {
		return 0
	}
	return scoreOf(guesses(password, userInputs))
}

// guesses is the estimated number of guesses of the password's most
// guessable cover by matches.
func guesses(password string, userInputs []string) float64 {
	d := withUserInputs(dictionaries(), userInputs)
	return scoringOf(password, omnimatch(password, d))
}

// scoringOf is the guesses of the most guessable cover of password by
// matches, bruteforce filling the gaps.
func scoringOf(password string, matches []*match.Match) float64 {
	return scoring.MostGuessableMatchSequence(password, matches, false).Guesses
}

// scoreOf maps guesses to zxcvbn's score; delta lifts the thresholds just
// past the round numbers, as zxcvbn does.
func scoreOf(guesses float64) int {
	const delta = 5
	switch {
	case guesses < 1e3+delta:
		return 0
	case guesses < 1e6+delta:
		return 1
	case guesses < 1e8+delta:
		return 2
	case guesses < 1e10+delta:
		return 3
	}
	return 4
}

// ranked is one list: each lowercase word's rank, 1 being the most common.
// Its words sit back to back in one string and its index holds only
// numbers: a map of the lists' 100 000 words would be walked by the
// garbage collector at every cycle, in every console and test process.
type ranked struct {
	text  string   // the words, back to back
	ends  []uint32 // word i is text[ends[i-1]:ends[i]], from 0 for the first
	ranks []uint32 // word i's rank
	slots []uint32 // open addressing over a power of two: 0 empty, else i+1
}

// rank is w's rank in the list, if w is in it.
func (r *ranked) rank(w string) (int, bool) {
	if len(r.slots) == 0 {
		return 0, false
	}
	mask := uint32(len(r.slots) - 1)
	for h := hash(w) & mask; r.slots[h] != 0; h = (h + 1) & mask {
		if i := r.slots[h] - 1; r.word(i) == w {
			return int(r.ranks[i]), true
		}
	}
	return 0, false
}

func (r *ranked) word(i uint32) string {
	from := uint32(0)
	if i > 0 {
		from = r.ends[i-1]
	}
	return r.text[from:r.ends[i]]
}

// seed is the process's seed of the lists' hash.
var seed = maphash.MakeSeed()

func hash(w string) uint32 { return uint32(maphash.String(seed, w)) }

// rankedList builds a list of words with their ranks; a word given twice
// keeps its first rank.
func rankedList(words []string, ranks []int) *ranked {
	size := 1
	for size < 2*len(words) {
		size *= 2
	}
	n := 0
	for _, w := range words {
		n += len(w)
	}
	var text strings.Builder
	text.Grow(n)
	r := &ranked{slots: make([]uint32, size)}
	mask := uint32(size - 1)
	var words2 []string // the words kept, while text is being written
	for k, w := range words {
		h := hash(w) & mask
		dup := false
		for ; r.slots[h] != 0; h = (h + 1) & mask {
			if words2[r.slots[h]-1] == w {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		words2 = append(words2, w)
		text.WriteString(w)
		r.ends = append(r.ends, uint32(text.Len()))
		r.ranks = append(r.ranks, uint32(ranks[k]))
		r.slots[h] = uint32(len(words2))
	}
	r.text = text.String()
	return r
}

// dictionary is the set of ranked lists matched against, by name, and the
// length in bytes of its longest word, beyond which no substring is looked
// up.
type dictionary struct {
	lists   map[string]*ranked
	longest int
}

// built records that the dictionaries were built, for the test that they
// are not built at start.
var built bool

// dictionaries builds the ranked lists once, on first use.
var dictionaries = sync.OnceValue(func() dictionary {
	built = true
	d := dictionary{lists: map[string]*ranked{}}
	z, err := gzip.NewReader(bytes.NewReader(lists))
	if err != nil {
		panic("strength: lists.gz: " + err.Error()) // embedded at build time: a broken build
	}
	var name string
	var words []string
	var ranks []int
	done := func() {
		if name != "" {
			d.lists[name] = rankedList(words, ranks)
		}
		words, ranks = nil, nil
	}
	lines := bufio.NewScanner(z)
	for lines.Scan() {
		w := lines.Text()
		if n, ok := strings.CutPrefix(w, "#"); ok {
			done()
			name = n
			continue
		}
		w = strings.ToLower(w)
		words, ranks = append(words, w), append(ranks, len(words)+1)
		d.longest = max(d.longest, len(w))
	}
	done()
	if lines.Err() != nil {
		panic("strength: lists.gz: " + lines.Err().Error())
	}
	return d
})

// withUserInputs adds the user's own words as one more list, ranked in
// the order given, without changing the shared lists.
func withUserInputs(d dictionary, inputs []string) dictionary {
	var words []string
	var ranks []int
	for i, w := range inputs {
		if w = strings.ToLower(w); w != "" {
			words, ranks = append(words, w), append(ranks, i+1)
			d.longest = max(d.longest, len(w))
		}
	}
	if len(words) == 0 {
		return d
	}
	lists := make(map[string]*ranked, len(d.lists)+1)
	for name, r := range d.lists {
		lists[name] = r
	}
	lists["user_inputs"] = rankedList(words, ranks)
	return dictionary{lists: lists, longest: d.longest}
}

// omnimatch is every match of every kind in password, ordered by position.
func omnimatch(password string, d dictionary) []*match.Match {
	var all []*match.Match
	all = append(all, dictionaryMatches(password, d)...)
	all = append(all, reversedMatches(password, d)...)
	all = append(all, l33tMatches(password, d)...)
	all = append(all, spatialMatches(password)...)
	all = append(all, repeatMatches(password, d)...)
	all = append(all, sequenceMatches(password)...)
	all = append(all, yearMatches(password)...)
	all = append(all, dateMatches(password)...)
	match.Sort(all)
	return all
}
