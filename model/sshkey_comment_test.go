package model_test

import (
	"bytes"
	"encoding/pem"
	"testing"

	"golang.org/x/crypto/ssh"
)

// privateKeyComment reads the comment inside an unencrypted OpenSSH private
// key (the openssh-key-v1 format of PROTOCOL.key), which ssh-keygen prints
// with the key and writes into the .pub file it derives.
func privateKeyComment(t *testing.T, privPEM string) string {
	t.Helper()
	block, _ := pem.Decode([]byte(privPEM))
	const magic = "openssh-key-v1\x00"
	if block == nil || !bytes.HasPrefix(block.Bytes, []byte(magic)) {
		t.Fatalf("not an OpenSSH private key:\n%s", privPEM)
	}
	var outer struct {
		CipherName, KdfName, KdfOpts string
		NumKeys                      uint32
		PubKey, PrivKeyBlock         []byte
	}
	if err := ssh.Unmarshal(block.Bytes[len(magic):], &outer); err != nil {
		t.Fatal(err)
	}
	var inner struct {
		Check1, Check2 uint32
		KeyType        string
		Pub, Priv      []byte
		Comment        string
		Pad            []byte `ssh:"rest"`
	}
	if err := ssh.Unmarshal(outer.PrivKeyBlock, &inner); err != nil {
		t.Fatal(err)
	}
	return inner.Comment
}

// R-SSH-1: a generated key's comment is the name it was given (or the
// default name), never the user's email, so that the private key file and
// the public key ssh-keygen derives from it say which key it is.
func TestGeneratedKeyCommentIsItsName(t *testing.T) { // R-SSH-1
	tests := []struct{ name, given, want string }{
		{"Given", "laptop", "laptop"},
		{"Trimmed", "  work laptop  ", "work laptop"},
		{"Default", "", "acctl ed25519 2026-11-23"},
	}
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			privPEM, k, err := e.svc.GenerateSSHKey(owner, tt.given, strongPassword)
			if err != nil {
				t.Fatal(err)
			}
			if got := privateKeyComment(t, privPEM); got != tt.want || got != k.Name {
				t.Fatalf("comment %q, key named %q; want %q", got, k.Name, tt.want)
			}
		})
	}
}
