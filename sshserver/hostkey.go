package sshserver

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// HostKeyFile is the name of the server's host key in the data directory
// (R-SRV-1).
const HostKeyFile = "ssh_host_ed25519_key"

// LoadHostKey reads the server's ed25519 host key at path, creating it
// (0600) on the first start (R-SRV-1). A key others can read is refused:
// whoever reads it can pose as this server. The key is written under a
// temporary name and linked into place, so a crash never leaves half a
// key, and two servers starting at once agree on one.
func LoadHostKey(path string) (gossh.Signer, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return createHostKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the SSH host key %s: %w", path, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the SSH host key %s: %w", path, err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("the SSH host key %s can be read by other users of this machine, who could pose as this server. Run chmod 600 %s, or remove it to make a new one (clients will then warn that the key changed)", path, path)
	}
	signer, err := gossh.ParsePrivateKey(b)
	if err != nil {
		return nil, fmt.Errorf("the SSH host key %s is damaged (%v). Restore it from a backup, or remove it to make a new one (clients will then warn that the key changed)", path, err)
	}
	if signer.PublicKey().Type() != gossh.KeyAlgoED25519 {
		return nil, fmt.Errorf("the SSH host key %s is a %s key; acctl serves with an ed25519 key. Remove it to make one", path, signer.PublicKey().Type())
	}
	return signer, nil
}

func createHostKey(path string) (gossh.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("cannot generate the SSH host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "acctl host key")
	if err != nil {
		return nil, fmt.Errorf("cannot encode the SSH host key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the data directory for the SSH host key: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".host-key-*")
	if err != nil {
		return nil, fmt.Errorf("cannot write the SSH host key: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := writeKey(tmp, pem.EncodeToMemory(block)); err != nil {
		return nil, fmt.Errorf("cannot write the SSH host key: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return LoadHostKey(path) // another server made it first
		}
		return nil, fmt.Errorf("cannot write the SSH host key %s: %w", path, err)
	}
	return gossh.NewSignerFromKey(priv)
}

// writeKey writes b to f (created 0600 by os.CreateTemp), synced.
func writeKey(f *os.File, b []byte) error {
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Fingerprint is the host key's SHA256 fingerprint as ssh-keygen -l and
// the OpenSSH client print it, for users to check at first connection
// (R-SRV-1).
func Fingerprint(signer gossh.Signer) string {
	return gossh.FingerprintSHA256(signer.PublicKey())
}
