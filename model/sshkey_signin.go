package model

import (
	"context"
	"crypto/subtle"
	"errors"
	"strings"

	"golang.org/x/crypto/ssh"
)

// A key sign-in over SSH (R-SRV-2, R-SSH-3) in the sign-in history.
const (
	// AuthKeySignIn is a sign-in by a registered SSH key.
	AuthKeySignIn AuthKind = "SSH key"
	// AuthKeyCodeDue is a key that was accepted for a user with 2FA on:
	// the code is due before any session opens (R-2FA-5).
	AuthKeyCodeDue AuthResult = "key accepted, code requested"
)

// ErrUserDisabled answers a sign-in of a disabled user (R-USR-3).
var ErrUserDisabled = &Error{Code: EUNAUTHORIZED, Message: "This user has been disabled. Ask an owner of your account to enable it again."}

// SSHKeyRegistered reports whether pub is a registered SSH key (R-SSH-3).
// It is the answer of the SSH server's public-key handler, which runs for
// every key a client merely offers, before the client proves it holds it
// (CVE-2024-45337): it only reads, records nothing and decides nothing
// about who signs in. SignInWithKey, given the key that did authenticate,
// does that. A disabled user's key is registered: its sign-in is refused
// there, as an auth event the owners can see.
func (s *Service) SSHKeyRegistered(ctx context.Context, pub ssh.PublicKey) bool {
	_, err := s.registeredKey(ctx, pub)
	return err == nil
}

// registeredKey finds the key whose fingerprint pub has and checks that it
// is that very key.
func (s *Service) registeredKey(ctx context.Context, pub ssh.PublicKey) (*SSHKey, error) {
	if pub == nil {
		return nil, ErrSSHKeyNotAllowed
	}
	k, err := s.store.FindSSHKeyByFingerprint(ctx, ssh.FingerprintSHA256(pub))
	if ErrorCode(err) == ENOTFOUND {
		return nil, ErrSSHKeyNotAllowed
	}
	if err != nil {
		return nil, s.internal("find ssh key", err)
	}
	presented := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pub)))
	if subtle.ConstantTimeCompare([]byte(presented), []byte(k.PublicKey)) != 1 {
		return nil, ErrSSHKeyNotAllowed
	}
	return k, nil
}

// SignInWithKey signs in the user whose registered SSH key pub is (R-SRV-2,
// R-SSH-3). pub must be the key the client authenticated with — the SSH
// session's PublicKey() after the handshake — never one it only offered.
// Like a password, it is an auth event (R-SES-3) with the R-SES-4 alert,
// and it updates the key's last use (R-SSH-2). A disabled user is refused
// (ErrUserDisabled, recorded). With 2FA on the key is the first factor
// only: the result is the code step (R-2FA-5), which counts its failures
// towards R-PWD-5 as after a password; without 2FA the sign-in is whole,
// and, as after a right password, it clears the user's R-PWD-5 failures.
// client's text is bounded and cleaned, and its KeyFingerprint set.
func (s *Service) SignInWithKey(ctx context.Context, pub ssh.PublicKey, origin Origin, client Client) (*SignInResult, error) {
	if pub == nil {
		return nil, ErrSSHKeyNotAllowed
	}
	client.KeyFingerprint = ssh.FingerprintSHA256(pub)
	client = client.Bounded()
	u, _, err := s.ResolveSSHKey(ctx, pub)
	if errors.Is(err, ErrSSHKeyNotAllowed) {
		return nil, s.refuseKey(ctx, pub, origin, client)
	}
	if err != nil {
		return nil, err
	}
	if u.TOTPEnabled {
		return s.codeStep(ctx, u, AuthKeySignIn, AuthKeyCodeDue, origin, client)
	}
	s.recordAuth(ctx, u, u.Email, AuthKeySignIn, AuthSucceeded, origin, client)
	if err := s.resetAttempts(ctx, u.Email); err != nil {
		return nil, err
	}
	if err := s.store.RecordLogin(ctx, u.ID, s.now()); err != nil {
		return nil, s.internal("record login", err)
	}
	sess, err := s.openSession(ctx, u, origin, client)
	if err != nil {
		return nil, err
	}
	return &SignInResult{Session: sess}, nil
}

// refuseKey answers a key that signs no one in. A disabled user's key is
// an auth event of that user, so owners see the attempt; any other key
// (deleted since the handshake, or of a user not yet active) is refused
// without one, as it names no one who could read it.
func (s *Service) refuseKey(ctx context.Context, pub ssh.PublicKey, origin Origin, client Client) error {
	k, err := s.registeredKey(ctx, pub)
	if err != nil {
		return ErrSSHKeyNotAllowed
	}
	u, err := s.store.FindUserByID(ctx, k.UserID)
	if err != nil || u.Status != UserDisabled {
		return ErrSSHKeyNotAllowed
	}
	s.recordAuth(ctx, u, u.Email, AuthKeySignIn, AuthDisabled, origin, client)
	return ErrUserDisabled
}
