package model

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"strings"

	"golang.org/x/crypto/ssh"
)

// GenerateSSHKey makes a new ed25519 pair for the caller after the
// password (R-SSH-1, R-PWD-4, whose failures count towards R-PWD-5),
// registers its public half, sends the R-PWD-6 notice and returns the
// private key in OpenSSH PEM form, to be shown once and saved to a 0600
// file; it is never stored. An empty name becomes "acctl ed25519" and the
// date. The key's comment is its name, so that the file and the public key
// derived from it say which key it is.
func (s *Service) GenerateSSHKey(ctx context.Context, name, password string) (string, *SSHKey, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return "", nil, err
	}
	if strings.TrimSpace(name) == "" {
		name = "acctl ed25519 " + s.now().Format("2006-01-02")
	}
	name, err = ValidateSSHKeyName(name)
	if err != nil {
		return "", nil, err
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return "", nil, err
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", nil, s.internal("generate ssh key", err)
	}
	sshPub, err := ssh.NewPublicKey(pub)
	if err != nil {
		return "", nil, s.internal("generate ssh key", err)
	}
	block, err := ssh.MarshalPrivateKey(priv, name)
	if err != nil {
		return "", nil, s.internal("encode ssh key", err)
	}
	parsed := &ParsedSSHKey{Key: sshPub, Type: "ED25519", Fingerprint: ssh.FingerprintSHA256(sshPub)}
	k, err := s.saveSSHKey(ctx, a, name, parsed, "ssh_key.generated")
	if err != nil {
		return "", nil, err
	}
	return string(pem.EncodeToMemory(block)), k, nil
}
