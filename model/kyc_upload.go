package model

import (
	"context"
	"errors"
	"net"

	"golang.org/x/crypto/ssh"
)

// Verification files sent with scp (R-KYC-1, R-SRV-5) in the sign-in
// history.
const (
	// AuthKeyUpload is an scp of verification files by a registered SSH
	// key.
	AuthKeyUpload AuthKind = "SSH key, scp"
	// AuthUploadNeedsConsole refuses the scp of a user with 2FA on who has
	// no console open with that key (SignInForUpload).
	AuthUploadNeedsConsole AuthResult = "refused: code not given (no console open with this key)"
)

// UploadTerm is what the sessions SignInForUpload opens show as their
// terminal (Client.Term): an scp has none. It also tells them apart from
// consoles, which alone vouch for a code (uploadVouched).
const UploadTerm = "scp"

// Refusals of an scp that are about who sends it.
var (
	ErrUploadNeedsKey     = &Error{Code: EUNAUTHORIZED, Message: "scp needs your SSH key: passwords are not asked over scp. Add the key in the console (Identity and Access, SSH keys), then run scp with it."}
	ErrUploadNeedsConsole = &Error{Code: EUNAUTHORIZED, Message: "Two-factor authentication is on, and scp cannot ask for your code. Sign in to the console with this key first (ssh -p 2222 HOST), leave it open, and run scp again from the same computer."}
)

// SignInForUpload opens a session for an scp of verification files
// (R-KYC-1, R-SRV-5) by the user whose registered SSH key pub is. pub must
// be the key the client authenticated with — the SSH session's
// PublicKey() after the handshake, never one it only offered
// (CVE-2024-45337, R-SRV-2). No password is ever taken for scp: without a
// key the answer is ErrUploadNeedsKey.
//
// scp cannot show the code step, so for a user with 2FA on the key alone
// is not enough: they must have a console open that signed in with this
// same key and its code, from the same address (uploadVouched). A stolen
// key, elsewhere or while its owner is not signed in, sends nothing.
//
// The user must have a draft verification they started, which is where
// the files go (ErrNoVerificationDraft otherwise). The session is an auth
// event like any sign-in (kind AuthKeyUpload, with the R-SES-4 alert),
// updates the key's last use, and shows UploadTerm as its terminal; the
// caller adds the files under it (AttachVerificationFile,
// UploadVerificationFile) and then ends it (EndSession). A disabled
// user's key is refused and recorded, as a key sign-in is.
func (s *Service) SignInForUpload(ctx context.Context, pub ssh.PublicKey, origin Origin, client Client) (*Session, error) {
	if pub == nil {
		return nil, ErrUploadNeedsKey
	}
	client.KeyFingerprint, client.Term = ssh.FingerprintSHA256(pub), UploadTerm
	client = client.Bounded()
	u, _, err := s.ResolveSSHKey(ctx, pub)
	if errors.Is(err, ErrSSHKeyNotAllowed) {
		return nil, s.refuseKey(ctx, pub, origin, client)
	}
	if err != nil {
		return nil, err
	}
	if u.TOTPEnabled {
		ok, err := s.uploadVouched(ctx, u, client.KeyFingerprint, origin)
		if err != nil {
			return nil, err
		}
		if !ok {
			s.recordAuth(ctx, u, u.Email, AuthKeyUpload, AuthUploadNeedsConsole, origin, client)
			return nil, ErrUploadNeedsConsole
		}
	}
	if err := s.uploadDraft(ctx, u); err != nil {
		return nil, err
	}
	s.recordAuth(ctx, u, u.Email, AuthKeyUpload, AuthSucceeded, origin, client)
	return s.openSession(ctx, u, origin, client)
}

// uploadVouched reports whether u has a console open, within its hour,
// that signed in with the key whose fingerprint is fp from origin's
// address: with 2FA on, that console's sign-in took the code, and it ends
// when its SSH connection does (R-SES-5). Sessions opened for an scp
// (UploadTerm) vouch for nothing, so an scp never extends the permission.
func (s *Service) uploadVouched(ctx context.Context, u *User, fp string, origin Origin) (bool, error) {
	list, err := s.store.ListOpenSessions(ctx, u.ID)
	if err != nil {
		return false, s.internal("list sessions", err)
	}
	now, host := s.now(), remoteHost(origin)
	for _, sess := range list {
		if sess.Client.KeyFingerprint == fp && sess.Client.Term != UploadTerm && !sess.Expired(now) &&
			host != "" && remoteHost(sess.Origin) == host {
			return true, nil
		}
	}
	return false, nil
}

// remoteHost is the address part of a remote origin, without its port;
// "" for a local one.
func remoteHost(o Origin) string {
	if o.Local || o.Remote == "" {
		return ""
	}
	host, _, err := net.SplitHostPort(o.Remote)
	if err != nil {
		return o.Remote
	}
	return host
}

// uploadDraft checks, before any file is read, that u may add files to
// their account's verification: a customer allowed to act (not held at
// the 2FA setup) with a draft they started.
func (s *Service) uploadDraft(ctx context.Context, u *User) error {
	acct, err := s.store.FindAccountByID(ctx, u.AccountID)
	if err != nil {
		return s.internal("load account", err)
	}
	a := &Actor{User: u, Account: acct}
	if a.IsStaff() || acct.IsProvider() {
		return ErrNotForStaff
	}
	if !a.Can(ActionVerify) {
		return authorize(u.Role, ActionVerify)
	}
	must, err := s.mustEnable2FA(ctx, u, acct)
	if err != nil {
		return s.internal("load two-factor state", err)
	}
	if must { // R-2FA-7, R-2FA-8: nothing but the setup until 2FA is on
		return ErrNeeds2FA
	}
	_, err = s.draftOf(ctx, a)
	return err
}
