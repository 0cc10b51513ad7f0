package seal

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// SPEC §7: the key is created 0600 in a 0700 directory and read back as is.
func TestLoadOrCreateKey(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, KeyFile)
	k1, err := LoadOrCreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := LoadOrCreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(k1, k2) || len(k1) != KeySize {
		t.Fatalf("key changed between loads")
	}
	for p, want := range map[string]os.FileMode{path: 0o600, dir: 0o700} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s mode = %o, want %o", p, got, want)
		}
	}
	t.Run("damaged key is refused, not replaced", func(t *testing.T) {
		os.WriteFile(path, []byte("short"), 0o600)
		if _, err := LoadOrCreateKey(path); err == nil {
			t.Fatal("damaged key accepted")
		}
		if b, _ := os.ReadFile(path); string(b) != "short" {
			t.Fatal("damaged key was overwritten")
		}
	})
}

func TestSealOpen(t *testing.T) {
	s, _ := New(bytes.Repeat([]byte{7}, KeySize))
	other, _ := New(bytes.Repeat([]byte{8}, KeySize))
	sealed, err := s.Seal([]byte("JBSWY3DPEHPK3PXP"), "totp:user:1")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("JBSWY3DPEHPK3PXP")) {
		t.Fatal("sealed value holds the plaintext")
	}
	if got, err := s.Open(sealed, "totp:user:1"); err != nil || string(got) != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("open = %q, %v", got, err)
	}
	if _, err := s.Open(sealed, "totp:user:2"); !errors.Is(err, ErrCannotOpen) {
		t.Fatalf("moved value opened: %v", err)
	}
	if _, err := other.Open(sealed, "totp:user:1"); !errors.Is(err, ErrCannotOpen) {
		t.Fatalf("other key opened it: %v", err)
	}
}
