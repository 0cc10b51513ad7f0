package model

import (
	"crypto/rand"
	"fmt"
	"hash/crc32"
	"strings"
)

// The token format (R-TOK-1): a fixed prefix that names acctl and the
// access level, tokenRandomLen base62 characters from crypto/rand (190
// bits), and tokenCheckLen base62 characters of the CRC32 of everything
// before them, so that a scanner recognises a token offline and a typo is
// refused without a database read:
//
//	acctl_rw_ 4fK2…(32)… 0aZ91x
const (
	tokenPrefixRO  = "acctl_ro_"
	tokenPrefixRW  = "acctl_rw_"
	tokenRandomLen = 32
	tokenCheckLen  = 6 // 62^6 > 2^32
	// tokenShownLen is how many random characters the display prefix keeps:
	// 28 characters, 166 bits, stay secret.
	tokenShownLen = 4
	// TokenLen is the length of every token.
	TokenLen = len(tokenPrefixRW) + tokenRandomLen + tokenCheckLen
)

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// tokenPrefix is the fixed prefix of access; "" for an unknown level.
func tokenPrefix(access TokenAccess) string {
	switch access {
	case TokenReadOnly:
		return tokenPrefixRO
	case TokenReadWrite:
		return tokenPrefixRW
	}
	return ""
}

// newTokenSecret returns a new token of access, its SHA-256 hash and its
// display prefix.
func newTokenSecret(access TokenAccess) (secret string, hash []byte, shown string, err error) {
	prefix := tokenPrefix(access)
	if prefix == "" {
		return "", nil, "", fmt.Errorf("new token: unknown access %q", access)
	}
	random, err := randomBase62(tokenRandomLen)
	if err != nil {
		return "", nil, "", err
	}
	body := prefix + random
	secret = body + tokenChecksum(body)
	return secret, hashToken(secret), body[:len(prefix)+tokenShownLen], nil
}

// randomBase62 returns n characters drawn uniformly from base62 with
// crypto/rand: bytes of 248 or more are discarded, so that no character is
// likelier than another.
func randomBase62(n int) (string, error) {
	out := make([]byte, 0, n)
	buf := make([]byte, n+n/4)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("random token: %w", err)
		}
		for _, b := range buf {
			if b < 248 && len(out) < n { // 248 = 4*62
				out = append(out, base62[b%62])
			}
		}
	}
	return string(out), nil
}

// tokenChecksum is the CRC32 (IEEE) of body in tokenCheckLen base62
// characters, most significant first.
func tokenChecksum(body string) string {
	v := uint64(crc32.ChecksumIEEE([]byte(body)))
	out := make([]byte, tokenCheckLen)
	for i := tokenCheckLen - 1; i >= 0; i-- {
		out[i] = base62[v%62]
		v /= 62
	}
	return string(out)
}

// parseToken checks a token's shape and checksum without any database
// read, and returns its access level; TokenMalformed or TokenBadChecksum
// otherwise.
func parseToken(secret string) (TokenAccess, TokenRefusal) {
	var access TokenAccess
	switch {
	case len(secret) != TokenLen:
		return "", TokenMalformed
	case strings.HasPrefix(secret, tokenPrefixRO):
		access = TokenReadOnly
	case strings.HasPrefix(secret, tokenPrefixRW):
		access = TokenReadWrite
	default:
		return "", TokenMalformed
	}
	rest := secret[len(tokenPrefixRW):]
	for i := 0; i < len(rest); i++ {
		if strings.IndexByte(base62, rest[i]) < 0 {
			return "", TokenMalformed
		}
	}
	cut := len(secret) - tokenCheckLen
	if tokenChecksum(secret[:cut]) != secret[cut:] {
		return "", TokenBadChecksum
	}
	return access, ""
}

// LooksLikeToken reports whether s has the shape and checksum of an acctl
// API token: what a secret scanner checks, offline (R-TOK-1).
func LooksLikeToken(s string) bool {
	_, refusal := parseToken(s)
	return refusal == ""
}
