// Package seal keeps secrets that acctl must read back (TOTP secrets,
// ticket server passwords) sealed at rest with AES-256-GCM under a key file
// in the data directory (SPEC §7).
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// KeySize is the length of a sealing key in bytes (AES-256).
const KeySize = 32

// KeyFile is the name of the sealing key in the data directory.
const KeyFile = "sealing.key"

// LoadOrCreateKey reads the sealing key at path, creating it (mode 0600,
// from crypto/rand) when it does not exist. A key of the wrong size is an
// error, never replaced: replacing it would lose every sealed secret.
func LoadOrCreateKey(path string) ([]byte, error) {
	key, err := LoadKey(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	key = make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("generate sealing key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return LoadOrCreateKey(path) // another process made it first
	}
	if err != nil {
		return nil, fmt.Errorf("create sealing key: %w", err)
	}
	if _, err := f.Write(key); err != nil {
		f.Close()
		return nil, fmt.Errorf("write sealing key: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, fmt.Errorf("write sealing key: %w", err)
	}
	return key, f.Close()
}

// LoadKey reads the sealing key at path; an error matching fs.ErrNotExist
// when there is none, so that the caller can check, before creating one,
// that nothing was sealed with a key now lost.
func LoadKey(path string) ([]byte, error) {
	key, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("read sealing key: %w", err)
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("the sealing key %s is damaged (%d bytes, want %d); restore it from a backup", path, len(key), KeySize)
	}
	return key, nil
}

// Sealer seals and opens small secrets.
type Sealer struct{ aead cipher.AEAD }

// New returns a Sealer for a KeySize-byte key.
func New(key []byte) (*Sealer, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("sealing key must be %d bytes", KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead}, nil
}

// Seal encrypts plaintext; label binds the result to its place (for
// example "totp:user:12") so a sealed value cannot be moved to another row.
func (s *Sealer) Seal(plaintext []byte, label string) ([]byte, error) {
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("seal nonce: %w", err)
	}
	return s.aead.Seal(nonce, nonce, plaintext, []byte(label)), nil
}

// ErrCannotOpen means a sealed value does not open with this key: the key
// file was replaced or the value was tampered with.
var ErrCannotOpen = errors.New("a sealed secret cannot be opened with this data directory's sealing key")

// Open decrypts a value made by Seal with the same label.
func (s *Sealer) Open(sealed []byte, label string) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n+s.aead.Overhead() {
		return nil, ErrCannotOpen
	}
	out, err := s.aead.Open(nil, sealed[:n], sealed[n:], []byte(label))
	if err != nil {
		return nil, ErrCannotOpen
	}
	return out, nil
}
