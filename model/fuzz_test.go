package model

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// Fuzz targets for every parser of outside input (issue 10). Their seed
// corpora run with go test; make fuzz runs each for a while. The shared
// invariant: no panic, and what a parser accepts is what the rule says.

// FuzzCodes: a code parser never returns a code with whitespace or
// anything but ASCII letters and digits (R-PWD-5, issue 10 defect 8).
func FuzzCodes(f *testing.F) {
	for _, s := range []string{"123456", "123 456", "123-456", "123\n456", "123\r\n456", " 123456 ", "12345\u2028",
		"k3jd-8fh2-0q9m-abcd-efgh-jkmn", "k3jd-8fh2\r\n-0q9m-abcd-efgh-jkmn", "K3JD 8FH2 0Q9M ABCD EFGH JKMN",
		"aaaa-bbbb-cccc-dddd-eeee-ffff-gggg-hhhh", "aaaa-bbbb-cccc-dddd\n-eeee-ffff-gggg-hhhh", "\x00", "१२३४५६", "ｋ３ｊｄ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		check := func(parser, code string) {
			for _, r := range code {
				if r >= utf8.RuneSelf || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
					t.Fatalf("%s(%q) returned %q, which holds %q", parser, s, code, r)
				}
			}
		}
		if code, err := parseTOTP(s); err == nil {
			check("parseTOTP", code)
			if len(code) != TOTPDigits {
				t.Fatalf("parseTOTP(%q) = %q", s, code)
			}
		}
		if code, err := parseSMSCode(s); err == nil {
			check("parseSMSCode", code)
		}
		if f, err := parseSecondFactor(s); err == nil {
			check("parseSecondFactor totp", f.totp)
			check("parseSecondFactor recovery", f.recovery)
			if (f.totp == "") == (f.recovery == "") {
				t.Fatalf("parseSecondFactor(%q) = %+v: exactly one kind", s, f)
			}
		}
		if code, err := parseResetCode(s); err == nil {
			check("parseResetCode", code)
			if len(code) != recoveryCodeLen {
				t.Fatalf("parseResetCode(%q) = %q", s, code)
			}
		}
		if code, ok := canonicalInvitationCode(s); ok {
			check("canonicalInvitationCode", code)
			if len(code) != invitationCodeLen {
				t.Fatalf("canonicalInvitationCode(%q) = %q", s, code)
			}
		}
	})
}

// FuzzParseToken: an API token is recognised offline only with its exact
// shape and checksum (R-TOK-1).
func FuzzParseToken(f *testing.F) {
	secret, _, _, err := newTokenSecret(TokenReadWrite)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{secret, secret[:len(secret)-1] + "x", strings.ToUpper(secret), "acctl_ro_", "acctl_rw_" + strings.Repeat("é", 19), secret + "\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		access, refusal := parseToken(s)
		if refusal != "" {
			return
		}
		if len(s) != TokenLen || !strings.HasPrefix(s, tokenPrefix(access)) || tokenChecksum(s[:len(s)-tokenCheckLen]) != s[len(s)-tokenCheckLen:] {
			t.Fatalf("parseToken accepted %q as %s", s, access)
		}
		for i := len(tokenPrefixRW); i < len(s); i++ {
			if strings.IndexByte(base62, s[i]) < 0 {
				t.Fatalf("parseToken accepted %q with %q", s, s[i])
			}
		}
	})
}

// FuzzParseSSHPublicKey: whatever is pasted, an accepted key has a type,
// a SHA256 fingerprint and a comment that is safe as a name (R-SSH-1,
// R-ACC-7); nothing panics.
func FuzzParseSSHPublicKey(f *testing.F) {
	for _, s := range []string{
		"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGgK2j4n1v8pNV0pDq8X5o2aQk3LwXVq5m8Wm2pS1J9e ada@laptop",
		"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGgK2j4n1v8pNV0pDq8X5o2aQk3LwXVq5m8Wm2pS1J9e ada\u202e@laptop",
		"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA\r\nIGgK2j4n1v8pNV0pDq8X5o2aQk3LwXVq5m8Wm2pS1J9e",
		"command=\"x\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGgK2j4n1v8pNV0pDq8X5o2aQk3LwXVq5m8Wm2pS1J9e",
		"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE\n-----END OPENSSH PRIVATE KEY-----",
		"ssh-dss AAAAB3NzaC1kc3M=", "# only a comment\n", "---- BEGIN SSH2 PUBLIC KEY ----", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseSSHPublicKey(s)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("ParseSSHPublicKey(%q): %v, want EINVALID", s, err)
			}
			return
		}
		if k.Type == "" || !strings.HasPrefix(k.Fingerprint, "SHA256:") {
			t.Fatalf("ParseSSHPublicKey(%q) = %+v", s, k)
		}
		if k.Comment != "" && checkText("", k.Comment, MaxSSHKeyNameLen) != nil {
			t.Fatalf("ParseSSHPublicKey(%q) kept the comment %q", s, k.Comment)
		}
	})
}

// FuzzValidateEmail: an accepted address is ASCII, without whitespace or
// controls, within MaxEmailLen, and stays as it is when validated again
// (R-ACC-2, R-ACC-7).
func FuzzValidateEmail(f *testing.F) {
	for _, s := range []string{"ada@example.com", " Ada@Example.COM ", "ada\u200b@x.example", "\u0430da@x.example", "ada@bücher.example",
		"ada@xn--bcher-kva.example", "ada@xn--.example", "\"a b\"@x.example", "a@b", "<ada@x.example>", "ada@x.example\r\nBcc: eve@x.example"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		email, err := ValidateEmail(s)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("ValidateEmail(%q): %v", s, err)
			}
			return
		}
		if !isASCII(email) || len(email) > MaxEmailLen || strings.IndexFunc(email, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
			t.Fatalf("ValidateEmail(%q) = %q", s, email)
		}
		if again, err := ValidateEmail(email); err != nil || again != email {
			t.Fatalf("ValidateEmail(%q) = %q, then %q, %v", s, email, again, err)
		}
	})
}

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)

// FuzzNormalizePhone: an accepted number is E.164 (R-2FA-9), and masking
// and formatting it never panic nor show more than the last digits.
func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"+44 7700 900123", "+1 (555) 010-9999", "07700 900123", "+0123456789", "+4477009001230000", "+44\n7700900123", "+４４７７００９００１２３", "+"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := NormalizePhone(s)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("NormalizePhone(%q): %v", s, err)
			}
			return
		}
		if !e164.MatchString(n) {
			t.Fatalf("NormalizePhone(%q) = %q, not E.164", s, n)
		}
		if again, err := NormalizePhone(n); err != nil || again != n {
			t.Fatalf("NormalizePhone(%q) = %q, then %q, %v", s, n, again, err)
		}
		masked := MaskPhone(n)
		if !strings.HasSuffix(masked, n[len(n)-phoneVisibleDigits:]) || strings.Contains(masked, n[1:]) {
			t.Fatalf("MaskPhone(%q) = %q", n, masked)
		}
		_ = FormatPhone(n)
	})
}

// FuzzValidatePersonName: an accepted name is trimmed, valid text within
// MaxNameLen, without controls, invisible or format characters (R-ACC-7).
func FuzzValidatePersonName(f *testing.F) {
	for _, s := range []string{"Ada Lovelace", " Ada ", "Ада", "Ada\u200b", "Ada\u2028Lovelace", "\x1b]52;c;AAAA\x07", "Ada\U000E0041", "\xff", strings.Repeat("a", 101)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, err := ValidatePersonName(s)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("ValidatePersonName(%q): %v", s, err)
			}
			return
		}
		if name != strings.TrimSpace(name) || name == "" || !utf8.ValidString(name) || utf8.RuneCountInString(name) > MaxNameLen {
			t.Fatalf("ValidatePersonName(%q) = %q", s, name)
		}
		for _, r := range name {
			if unicode.IsControl(r) || IsInvisible(r) {
				t.Fatalf("ValidatePersonName(%q) = %q, which holds %U", s, name, r)
			}
		}
	})
}
