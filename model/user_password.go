package model

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"acctl/strength"
)

// Password length limits in Unicode code points (R-PWD-1).
const (
	MinPasswordLen = 12
	MaxPasswordLen = 256
)

// MinPasswordScore is the lowest zxcvbn score accepted (R-PWD-1), as
// package strength estimates it.
const MinPasswordScore = 3

// CheckPasswordPolicy applies R-PWD-1: length in code points and a strength
// estimate that refuses common and guessable passwords. hints are words the
// password must not lean on (the user's name, email, company).
func CheckPasswordPolicy(password string, hints ...string) error {
	if !utf8.ValidString(password) {
		return Errorf(EINVALID, "The password has characters that are not valid text. Type it again.")
	}
	n := utf8.RuneCountInString(password)
	if n < MinPasswordLen {
		return Errorf(EINVALID, "The password is too short (%d characters): use at least %d. A few unrelated words make a strong one.", n, MinPasswordLen)
	}
	if n > MaxPasswordLen {
		return Errorf(EINVALID, "The password is too long (%d characters): use at most %d.", n, MaxPasswordLen)
	}
	var words []string
	for _, h := range hints {
		words = append(words, strings.ToLower(h)) // whole, as the email typed as a password
		words = append(words, strings.FieldsFunc(strings.ToLower(h), func(r rune) bool {
			return r == ' ' || r == '@' || r == '.' || r == '-' || r == '_'
		})...)
	}
	// The estimator is quadratic in length; a password of 64 or more code
	// points is beyond any dictionary it holds, so only its start is scored.
	if runes := []rune(password); len(runes) > 64 {
		password = string(runes[:64])
	}
	if strength.Score(password, words) < MinPasswordScore {
		return Errorf(EINVALID, "That password is too easy to guess: it is common or built from your name, email or an obvious pattern. Add more unrelated words.")
	}
	return nil
}

// Argon2Params are the argon2id cost parameters (R-PWD-1: at least
// m=19 MiB, t=2, p=1).
type Argon2Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// DefaultArgon2 is the cost acctl hashes new passwords with.
var DefaultArgon2 = Argon2Params{MemoryKiB: 19 * 1024, Time: 2, Threads: 1}

// Hasher hashes and verifies passwords with argon2id. It runs at most as many
// hashes at once as there are CPUs, so that memory stays bounded under many
// concurrent sign-ins.
type Hasher struct {
	params Argon2Params
	slots  chan struct{}
	dummy  string // a hash to verify against when the user is unknown
}

// NewHasher returns a Hasher with the given parameters.
func NewHasher(p Argon2Params) *Hasher {
	h := &Hasher{params: p, slots: make(chan struct{}, runtime.NumCPU())}
	h.dummy = h.encode(make([]byte, 16), make([]byte, 32))
	return h
}

// Params returns the cost parameters of new hashes.
func (h *Hasher) Params() Argon2Params { return h.params }

// Hash returns the PHC string of password: $argon2id$v=19$m=…,t=…,p=…$salt$key.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	key, err := h.derive(ctx, password, salt, h.params, 32)
	if err != nil {
		return "", err
	}
	return h.encode(salt, key), nil
}

// Verify reports whether password matches the PHC string, in constant time.
// An empty phc (unknown user) costs the same as a real check and is false.
func (h *Hasher) Verify(ctx context.Context, phc, password string) (bool, error) {
	known := phc != ""
	if !known {
		phc = h.dummy
	}
	p, salt, want, err := decodePHC(phc)
	if err != nil {
		return false, err
	}
	got, err := h.derive(ctx, password, salt, p, uint32(len(want)))
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, want) == 1 && known, nil
}

func (h *Hasher) derive(ctx context.Context, password string, salt []byte, p Argon2Params, keyLen uint32) ([]byte, error) {
	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, keyLen)
	<-h.slots
	if len(h.slots) == 0 {
		// The last hash running is done: give its memory (19 MiB or more a
		// hash, garbage now) back to the system rather than let it stand
		// in the heap of an idle console until the next collection.
		go debug.FreeOSMemory()
	}
	return key, nil
}

func (h *Hasher) encode(salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, h.params.MemoryKiB, h.params.Time, h.params.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

func decodePHC(phc string) (Argon2Params, []byte, []byte, error) {
	var p Argon2Params
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("password hash is not an argon2id PHC string")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, fmt.Errorf("password hash has an unknown argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, fmt.Errorf("password hash parameters: %w", err)
	}
	if p.MemoryKiB > 4*1024*1024 || p.Time > 64 || p.Threads == 0 {
		return p, nil, nil, fmt.Errorf("password hash parameters out of range")
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return p, nil, nil, fmt.Errorf("password hash salt: %w", err)
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 64 {
		return p, nil, nil, fmt.Errorf("password hash key is malformed")
	}
	return p, salt, key, nil
}
