package strength

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn/adjacency"
	"github.com/trustelem/zxcvbn/match"
)

// Indices of matches are byte offsets into the password, I and J
// inclusive, always on rune boundaries, as the scoring expects.

// dictionaryMatches finds every substring of password that is a word of a
// list, in any case.
func dictionaryMatches(password string, d dictionary) []*match.Match {
	var out []*match.Match
	for i := range password {
		for k, r := range password[i:] {
			end := i + k + utf8.RuneLen(r)
			if end-i > d.longest {
				break
			}
			token := password[i:end]
			word := strings.ToLower(token)
			for name, list := range d.lists {
				if rank, ok := list.rank(word); ok {
					out = append(out, &match.Match{Pattern: "dictionary", I: i, J: end - 1, Token: token,
						MatchedWord: word, Rank: rank, DictionaryName: name})
				}
			}
		}
	}
	return out
}

// reversedMatches finds words written backwards ("drowssap").
func reversedMatches(password string, d dictionary) []*match.Match {
	out := dictionaryMatches(reverse(password), d)
	n := len(password)
	for _, m := range out {
		m.Token, m.Reversed = reverse(m.Token), true
		m.I, m.J = n-1-m.J, n-1-m.I
	}
	return out
}

// reverse reverses s rune by rune; a substring of the result at bytes
// [i, j] is the reverse of s at [len-1-j, len-1-i].
func reverse(s string) string {
	r := []rune(s)
	for a, b := 0, len(r)-1; a < b; a, b = a+1, b-1 {
		r[a], r[b] = r[b], r[a]
	}
	return string(r)
}

// l33tLetters are the letters each l33t character may stand for.
var l33tLetters = map[byte][]byte{
	'4': {'a'}, '@': {'a'}, '8': {'b'}, '(': {'c'}, '{': {'c'}, '[': {'c'}, '<': {'c'},
	'3': {'e'}, '6': {'g'}, '9': {'g'}, '1': {'i', 'l'}, '!': {'i'}, '|': {'i', 'l'},
	'7': {'l', 't'}, '0': {'o'}, '$': {'s'}, '5': {'s'}, '+': {'t'}, '%': {'x'}, '2': {'z'},
}

// l33tMatches finds words with l33t substitutions ("p4ssw0rd"): for each
// way of reading the password's l33t characters as letters, the words of
// the read text that use at least one substitution.
func l33tMatches(password string, d dictionary) []*match.Match {
	var present []byte
	for i := 0; i < len(password); i++ {
		if _, ok := l33tLetters[password[i]]; ok && !strings.ContainsRune(string(present), rune(password[i])) {
			present = append(present, password[i])
		}
	}
	var out []*match.Match
	seen := map[[2]int]string{}
	for _, sub := range substitutions(present) {
		read := []byte(password)
		for i, c := range read {
			if letter, ok := sub[c]; ok {
				read[i] = letter
			}
		}
		for _, m := range dictionaryMatches(string(read), d) {
			token := password[m.I : m.J+1]
			used := map[string]string{}
			for i := 0; i < len(token); i++ {
				if letter, ok := sub[token[i]]; ok {
					used[string(token[i])] = string(letter)
				}
			}
			key := [2]int{m.I, m.J}
			if len(used) == 0 || utf8.RuneCountInString(token) < 2 || seen[key] == m.MatchedWord+m.DictionaryName {
				continue
			}
			seen[key] = m.MatchedWord + m.DictionaryName
			m.Token, m.L33t, m.Sub = token, true, used
			out = append(out, m)
		}
	}
	return out
}

// substitutions lists every reading of the l33t characters present: each
// maps to one of its letters.
func substitutions(present []byte) []map[byte]byte {
	subs := []map[byte]byte{{}}
	for _, c := range present {
		var next []map[byte]byte
		for _, s := range subs {
			for _, letter := range l33tLetters[c] {
				m := make(map[byte]byte, len(s)+1)
				for k, v := range s {
					m[k] = v
				}
				m[c] = letter
				next = append(next, m)
			}
		}
		subs = next
	}
	return subs
}

// spatialGraphs are the keyboards walked; the first two have shifted keys.
var spatialGraphs = []string{"qwerty", "dvorak", "keypad", "mac_keypad"}

// shiftedKeys are the characters typed with shift on qwerty and dvorak.
const shiftedKeys = `~!@#$%^&*()_+QWERTYUIOPASDFGHJKL:"ZXCVBNM<>?|{}`

// spatialMatches finds walks of three or more keys, each next to the one
// before it, counting turns and shifted keys ("qwertyuiop", "zxcvbn",
// "1qaz2wsx").
func spatialMatches(password string) []*match.Match {
	var out []*match.Match
	for _, name := range spatialGraphs {
		graph := adjacency.Graphs[name].Graph
		shifts := name == "qwerty" || name == "dvorak"
		for i := 0; i < len(password)-1; {
			j, turns, shifted, lastDir := i+1, 0, 0, -1
			if shifts && strings.IndexByte(shiftedKeys, password[i]) >= 0 {
				shifted = 1
			}
			for ; j < len(password); j++ {
				dir, isShifted := adjacentDirection(graph[string(password[j-1])], password[j])
				if dir < 0 {
					break
				}
				if isShifted {
					shifted++
				}
				if dir != lastDir {
					turns, lastDir = turns+1, dir
				}
			}
			if j-i > 2 {
				out = append(out, &match.Match{Pattern: "spatial", I: i, J: j - 1, Token: password[i:j],
					Graph: name, Turns: turns, ShiftedCount: shifted})
			}
			i = j
		}
	}
	return out
}

// adjacentDirection is the direction in which key c neighbours the key
// whose neighbours are given, and whether c is its shifted character; -1
// when it is no neighbour.
func adjacentDirection(neighbours []string, c byte) (int, bool) {
	for dir, keys := range neighbours {
		if k := strings.IndexByte(keys, c); k >= 0 {
			return dir, k == 1
		}
	}
	return -1, false
}

// repeatMatches finds a unit written twice or more in a row ("abcabc",
// "aaaa"), from left to right: at the first place a repeat starts, the
// longer of the shortest unit and the longest unit repeated, whose base
// is then scored on its own.
func repeatMatches(password string, d dictionary) []*match.Match {
	runes := []rune(password)
	offsets := runeOffsets(password)
	var out []*match.Match
	for start := 0; start < len(runes); {
		at, unit, count := firstRepeat(runes, start)
		if at < 0 {
			break
		}
		base := string(runes[at : at+unit])
		end := at + unit*count
		analysis := guessesOf(base, d)
		out = append(out, &match.Match{Pattern: "repeat", I: offsets[at], J: offsets[end] - 1,
			Token: string(runes[at:end]), BaseToken: base, BaseGuesses: analysis, RepeatCount: count})
		start = end
	}
	return out
}

// guessesOf scores a repeat's base as a password of its own.
func guessesOf(base string, d dictionary) float64 {
	return scoringOf(base, omnimatch(base, d))
}

// firstRepeat finds the first position at or after start where a unit
// repeats, and chooses there as zxcvbn does between the greedy reading
// (the longest unit that repeats) and the lazy one (the shortest): the
// one spanning more; a greedy span is then expressed in its smallest unit.
// It returns the position, the unit's length and its count, in runes; -1
// when nothing repeats.
func firstRepeat(r []rune, start int) (at, unit, count int) {
	for at = start; at < len(r)-1; at++ {
		lazyUnit, greedyUnit := 0, 0
		for u := 1; at+2*u <= len(r); u++ {
			if equalRunes(r[at:at+u], r[at+u:at+2*u]) {
				if lazyUnit == 0 {
					lazyUnit = u
				}
				greedyUnit = u
			}
		}
		if lazyUnit == 0 {
			continue
		}
		lazySpan := lazyUnit * repeats(r[at:], lazyUnit)
		greedySpan := greedyUnit * repeats(r[at:], greedyUnit)
		if greedySpan > lazySpan {
			u := smallestUnit(r[at : at+greedySpan])
			return at, u, greedySpan / u
		}
		return at, lazyUnit, lazySpan / lazyUnit
	}
	return -1, 0, 0
}

// repeats counts how many times r's first u runes repeat from its start.
func repeats(r []rune, u int) int {
	n := 1
	for (n+1)*u <= len(r) && equalRunes(r[:u], r[n*u:(n+1)*u]) {
		n++
	}
	return n
}

// smallestUnit is the length of the shortest unit that r is made of,
// repeated.
func smallestUnit(r []rune) int {
	for u := 1; u < len(r); u++ {
		if len(r)%u == 0 && repeats(r, u)*u == len(r) {
			return u
		}
	}
	return len(r)
}

func equalRunes(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// runeOffsets is the byte offset of each rune of s, and len(s) last.
func runeOffsets(s string) []int {
	offsets := make([]int, 0, len(s)+1)
	for i := range s {
		offsets = append(offsets, i)
	}
	return append(offsets, len(s))
}

// maxSequenceStep is the largest step between characters of a sequence.
const maxSequenceStep = 5

// sequenceMatches finds runs whose characters step by one constant amount
// ("abcdef", "97531", "ZYX"): three or more characters, or two stepping by
// one.
func sequenceMatches(password string) []*match.Match {
	r := []rune(password)
	if len(r) < 2 {
		return nil
	}
	offsets := runeOffsets(password)
	var out []*match.Match
	add := func(i, j int, step rune) {
		if (j-i > 1 || step == 1 || step == -1) && step != 0 && step >= -maxSequenceStep && step <= maxSequenceStep {
			token := password[offsets[i]:offsets[j+1]]
			name, space := sequenceKind(token)
			out = append(out, &match.Match{Pattern: "sequence", I: offsets[i], J: offsets[j+1] - 1, Token: token,
				SequenceName: name, SequenceSpace: space, Ascending: step > 0})
		}
	}
	i, last := 0, r[1]-r[0]
	for k := 2; k < len(r); k++ {
		step := r[k] - r[k-1]
		if step == last {
			continue
		}
		add(i, k-1, last)
		i, last = k-1, step
	}
	add(i, len(r)-1, last)
	return out
}

var (
	lowerRun = regexp.MustCompile(`^[a-z]+$`)
	upperRun = regexp.MustCompile(`^[A-Z]+$`)
	digitRun = regexp.MustCompile(`^\d+$`)
)

func sequenceKind(token string) (string, int) {
	switch {
	case lowerRun.MatchString(token):
		return "lower", 26
	case upperRun.MatchString(token):
		return "upper", 26
	case digitRun.MatchString(token):
		return "digits", 10
	}
	return "unicode", 26
}

// recentYear matches the years people put in passwords.
var recentYear = regexp.MustCompile(`19\d\d|200\d|201\d|202\d`)

// yearMatches finds recent years ("1987", "2024").
func yearMatches(password string) []*match.Match {
	var out []*match.Match
	for _, loc := range recentYear.FindAllStringIndex(password, -1) {
		out = append(out, &match.Match{Pattern: "regex", I: loc[0], J: loc[1] - 1,
			Token: password[loc[0]:loc[1]], RegexName: "recent_year"})
	}
	return out
}
