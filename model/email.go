package model

import (
	"net/mail"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// errNotEmail answers what is not a plain user@domain address.
var errNotEmail = &Error{Code: EINVALID, Message: "That is not an email address. Write it as name@example.com."}

// ValidateEmail normalises an address (trimmed, lower case) and checks that
// it is a plain user@domain address in ASCII (R-ACC-7): an international
// domain is written in its xn-- form, whose labels must each decode to one
// script, so that no two addresses look alike. A refusal says what to type
// instead.
func ValidateEmail(email string) (string, error) {
	email = NormalizeEmail(email)
	if email == "" {
		return "", Errorf(EINVALID, "Enter an email address.")
	}
	if utf8.RuneCountInString(email) > MaxEmailLen {
		return "", Errorf(EINVALID, "That email address is too long: use at most %d characters.", MaxEmailLen)
	}
	if err := checkText("The email address", email, MaxEmailLen); err != nil {
		return "", err
	}
	if !isASCII(email) {
		return "", nonASCIIEmail(email)
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || addr.Name != "" {
		return "", errNotEmail
	}
	at := strings.LastIndexByte(email, '@')
	if at < 1 || !strings.Contains(email[at+1:], ".") || strings.ContainsAny(email, " \t") {
		return "", errNotEmail
	}
	if err := checkDomainLabels(email[at+1:]); err != nil {
		return "", err
	}
	return email, nil
}

// LooksLikeEmail reports whether s is a well-formed address as ValidateEmail
// reads it, without saying why not.
func LooksLikeEmail(s string) bool {
	_, err := ValidateEmail(s)
	return err == nil
}

// nonASCIIEmail says why an address with other than ASCII characters is
// refused, and what to type instead when that can be said.
func nonASCIIEmail(email string) error {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return errNotEmail
	}
	local, domain := email[:at], email[at+1:]
	if !isASCII(local) {
		if mixed := mixedScripts(local); mixed != "" {
			return Errorf(EINVALID, "The part before the @ mixes %s letters, so it could pass for another address. Type the address again in plain ASCII.", mixed)
		}
		return Errorf(EINVALID, "acctl takes email addresses whose part before the @ is plain ASCII (a–z, digits, . _ + -). Use another address.")
	}
	for _, label := range strings.Split(domain, ".") {
		if mixed := mixedScripts(label); mixed != "" {
			return Errorf(EINVALID, "The domain mixes %s letters, so it could pass for another one. Type the address again in plain ASCII.", mixed)
		}
	}
	ascii, err := idna.Lookup.ToASCII(domain)
	if err != nil || !isASCII(ascii) {
		return Errorf(EINVALID, "That domain is not a valid international domain name. Check it and type the address again.")
	}
	return Errorf(EINVALID, "Write an international domain in its xn-- form: %s@%s.", local, ascii)
}

// checkDomainLabels decodes the xn-- labels of an ASCII domain and refuses
// one that is not valid or that mixes scripts (R-ACC-7).
func checkDomainLabels(domain string) error {
	for _, label := range strings.Split(domain, ".") {
		if !strings.HasPrefix(label, "xn--") {
			continue
		}
		u, err := idna.Lookup.ToUnicode(label)
		if err == nil {
			var back string
			back, err = idna.Lookup.ToASCII(u)
			if back != label {
				err = errNotEmail
			}
		}
		if err != nil || u == "" || u == label {
			return Errorf(EINVALID, "The domain part %s is not a valid xn-- name. Check it and type the address again.", label)
		}
		if mixed := mixedScripts(u); mixed != "" {
			return Errorf(EINVALID, "The domain part %s stands for a name that mixes %s letters, so it could pass for another one. Use another address.", label, mixed)
		}
	}
	return nil
}

// scriptTables are the scripts whose letters mixedScripts tells apart.
var scriptTables = func() map[string]*unicode.RangeTable {
	m := make(map[string]*unicode.RangeTable, len(unicode.Scripts))
	for name, t := range unicode.Scripts {
		if name != "Common" && name != "Inherited" {
			m[name] = t
		}
	}
	return m
}()

// scriptsAllowedTogether are the mixes that one language writes (UTS #39
// "highly restrictive"): Japanese, Chinese with Bopomofo, and Korean.
var scriptsAllowedTogether = [][]string{
	{"Han", "Hiragana", "Katakana"},
	{"Bopomofo", "Han"},
	{"Hangul", "Han"},
}

// mixedScripts returns the scripts of s's letters joined by "and" when they
// are more than one script that no one language writes together (a Latin
// "a" among Cyrillic ones); "" otherwise.
func mixedScripts(s string) string {
	seen := map[string]bool{}
	for _, r := range s {
		for name, t := range scriptTables {
			if unicode.Is(t, r) {
				seen[name] = true
				break
			}
		}
	}
	if len(seen) < 2 {
		return ""
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, allowed := range scriptsAllowedTogether {
		if subset(names, allowed) {
			return ""
		}
	}
	return strings.Join(names, " and ")
}

// subset reports whether every name is in set.
func subset(names, set []string) bool {
	for _, n := range names {
		found := false
		for _, s := range set {
			found = found || n == s
		}
		if !found {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
