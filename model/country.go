package model

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Country is one entry of ISO 3166-1, the list a billing address's country
// is chosen from (R-SET-1).
type Country struct {
	Code   string // alpha-2, as stored: "GB"
	Alpha3 string // alpha-3: "GBR"
	Name   string // the English name people use: "United Kingdom"
	// Also holds other names people may type, separated by "; ": ISO's
	// formal short name where it differs from Name, and common ones.
	Also string
}

// countryKey is a country with what the filter compares: its names folded
// (lower case, without accents) and the words of each.
type countryKey struct {
	country Country
	names   []string // Name first, then each of Also
	words   []string
}

// countryIndex is every country in the order of its Name, and the keys,
// in the same order, that the filter compares. It is built on first use:
// folding 250 names costs milliseconds, which every start paid (issue 9:
// start-up) when it was built at initialisation, folding each name again
// at every comparison of the sort.
var countryIndex = sync.OnceValues(indexCountries)

func indexCountries() ([]Country, []countryKey) {
	ks := make([]countryKey, len(countries))
	for i, c := range countries {
		k := countryKey{country: c, names: []string{foldName(c.Name)}}
		if c.Also != "" {
			for _, n := range strings.Split(c.Also, "; ") {
				k.names = append(k.names, foldName(n))
			}
		}
		for _, n := range k.names {
			k.words = append(k.words, strings.FieldsFunc(n, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })...)
		}
		ks[i] = k
	}
	slices.SortStableFunc(ks, func(a, b countryKey) int { return strings.Compare(a.names[0], b.names[0]) })
	list := make([]Country, len(ks))
	for i, k := range ks {
		list[i] = k.country
	}
	return list, ks
}

// foldName lower-cases s and drops its accents ("Åland" → "aland"), so
// that a filter typed without them finds the name.
func foldName(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(t, s)
	if err != nil {
		folded = s
	}
	return strings.ToLower(strings.TrimSpace(folded))
}

// Countries returns every country of ISO 3166-1 in the order of their
// names (R-SET-1). The slice is the caller's.
func Countries() []Country {
	byName, _ := countryIndex()
	return slices.Clone(byName)
}

// CountryByCode returns the country of an alpha-2 code, in any case.
func CountryByCode(code string) (Country, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	i, ok := slices.BinarySearchFunc(countries[:], code, func(c Country, code string) int { return strings.Compare(c.Code, code) })
	if !ok {
		return Country{}, false
	}
	return countries[i], true
}

// FilterCountries returns the countries that match what was typed so far,
// best first, for the country picker to call on every key press (R-SET-1):
// a country whose alpha-2 or alpha-3 code, or another name ("UK"), is the
// text, then those whose name
// starts with it, then those with a word, or another name, that starts
// with it; each group in the order of the names. Case and accents do not
// count; empty text keeps every country. It reads only the list in memory
// (about 250 entries).
func FilterCountries(typed string) []Country {
	q := foldName(typed)
	if q == "" {
		return Countries()
	}
	var code, name, word []Country
	_, keys := countryIndex()
	for i := range keys {
		k := &keys[i]
		c := k.country
		switch {
		case strings.EqualFold(c.Code, q) || strings.EqualFold(c.Alpha3, q) || slices.Contains(k.names[1:], q):
			code = append(code, c)
		case strings.HasPrefix(k.names[0], q):
			name = append(name, c)
		case slices.ContainsFunc(k.names[1:], func(n string) bool { return strings.HasPrefix(n, q) }),
			slices.ContainsFunc(k.words, func(w string) bool { return strings.HasPrefix(w, q) }):
			word = append(word, c)
		}
	}
	return slices.Concat(code, name, word)
}

// ValidateCountry normalises an alpha-2 code to upper case and checks that
// it is a country of ISO 3166-1 (R-SET-1).
func ValidateCountry(code string) (string, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "" {
		return "", Errorf(EINVALID, "Choose the country of the billing address from the list.")
	}
	if _, ok := CountryByCode(code); !ok {
		return "", Errorf(EINVALID, "%q is not a country code of ISO 3166. Choose the country from the list (type part of its name to find it).", plainText(code))
	}
	return code, nil
}

// CountryName is the English name of an alpha-2 code, or the code itself
// when it is not in the list (an address stored before codes were checked).
func CountryName(code string) string {
	if c, ok := CountryByCode(code); ok {
		return c.Name
	}
	return code
}
