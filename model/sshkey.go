package model

import (
	"context"
	"crypto/rsa"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/ssh"
)

// SSHKey is a user's registered SSH public key (R-SSH-1, R-SSH-2). The
// private half is never stored.
type SSHKey struct {
	ID        int64
	AccountID int64
	UserID    int64 // whom the key signs in (R-SSH-3)
	Name      string
	// Type is the key's kind as the list shows it: "ED25519", "ECDSA
	// P-256", "ED25519-SK", "ECDSA-SK", "RSA 4096".
	Type string
	// Fingerprint is the SHA256 fingerprint, "SHA256:…", as ssh-keygen -l
	// prints it; unique in the whole store.
	Fingerprint string
	// PublicKey is the key in authorized_keys form, without options or
	// comment.
	PublicKey  string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	// OwnerName and OwnerEmail are read with the key for the list.
	OwnerName  string
	OwnerEmail string
}

// Limits of SSH keys.
const (
	// MaxSSHKeyNameLen bounds a key's name, in characters.
	MaxSSHKeyNameLen = 64
	// MaxSSHKeyPaste bounds what may be pasted as a public key: an RSA key
	// of 16384 bits is under 3 KiB.
	MaxSSHKeyPaste = 16 << 10
	// minRSABits is the shortest RSA key accepted (R-SSH-1).
	minRSABits = 3072
)

// Refusals of a pasted key, one sentence each (R-SSH-1).
var (
	ErrSSHKeyEmpty      = &Error{Code: EINVALID, Message: "Paste your public key: one line of your .pub file, such as ~/.ssh/id_ed25519.pub."}
	ErrSSHKeyNotAKey    = &Error{Code: EINVALID, Message: "That is not an SSH public key. Paste one line of your .pub file; it starts with ssh-ed25519, ecdsa-sha2-…, sk-… or ssh-rsa."}
	ErrSSHKeyPrivate    = &Error{Code: EINVALID, Message: "That is a private key: it was not stored. Paste the public key instead (the .pub file), and if you pasted the private key anywhere it could be seen, replace it with a new key."}
	ErrSSHKeyRSAShort   = &Error{Code: EINVALID, Message: "That RSA key is too short. Use an RSA key of at least 3072 bits, or better an ed25519 key (ssh-keygen -t ed25519)."}
	ErrSSHKeyDSA        = &Error{Code: EINVALID, Message: "DSA (ssh-dss) keys are no longer safe and are not accepted. Create an ed25519 key with ssh-keygen -t ed25519 and paste its .pub file."}
	ErrSSHKeyType       = &Error{Code: EINVALID, Message: "That type of key is not accepted. Use an ed25519, ecdsa, FIDO (sk-…) or RSA key of at least 3072 bits."}
	ErrSSHKeyCert       = &Error{Code: EINVALID, Message: "That is an SSH certificate, not a plain public key. Paste the public key itself (the .pub file without -cert)."}
	ErrSSHKeyOptions    = &Error{Code: EINVALID, Message: "Paste the key without options such as command=\"…\" or from=\"…\": acctl would not apply them. Start the line at the key type."}
	ErrSSHKeyMany       = &Error{Code: EINVALID, Message: "That holds more than one key. Paste one key at a time."}
	ErrSSHKeyTooLong    = &Error{Code: EINVALID, Message: "That is far too long to be a public key. Paste one line of your .pub file."}
	ErrSSHKeyRFC4716    = &Error{Code: EINVALID, Message: "That public key is in the SSH2 (RFC 4716) format. Convert it with ssh-keygen -i -f FILE and paste the line it prints."}
	ErrSSHKeyTaken      = &Error{Code: ECONFLICT, Message: "That key is already registered. A key can sign in only one user: use another key, or generate one here."}
	ErrSSHKeyNotFound   = &Error{Code: ENOTFOUND, Message: "That SSH key no longer exists. Refresh the list and try again."}
	ErrSSHKeyNotAllowed = &Error{Code: EUNAUTHORIZED, Message: "That SSH key does not open acctl. Sign in with your password, or add the key under SSH keys."}
)

// ParsedSSHKey is a pasted public key that passed the R-SSH-1 checks.
type ParsedSSHKey struct {
	Key         ssh.PublicKey
	Comment     string // the comment of the line, cleaned; may be empty
	Type        string // as SSHKey.Type
	Fingerprint string
}

// ParseSSHPublicKey checks one pasted authorized_keys line (R-SSH-1).
// Stray whitespace, carriage returns, blank and # lines, and a line that the
// terminal wrapped are tolerated; options are refused (acctl would not apply
// them). A private key, in any of the usual forms, is refused with
// ErrSSHKeyPrivate and never echoed.
func ParseSSHPublicKey(pasted string) (*ParsedSSHKey, error) {
	if len(pasted) > MaxSSHKeyPaste {
		return nil, ErrSSHKeyTooLong
	}
	if looksPrivate(pasted) {
		return nil, ErrSSHKeyPrivate
	}
	if strings.Contains(pasted, "BEGIN SSH2 PUBLIC KEY") {
		return nil, ErrSSHKeyRFC4716
	}
	lines := keyLines(pasted)
	switch {
	case len(lines) == 0:
		return nil, ErrSSHKeyEmpty
	case len(lines) > 1:
		parsed := 0
		for _, l := range lines {
			if _, _, _, _, err := ssh.ParseAuthorizedKey([]byte(l)); err == nil {
				parsed++
			}
		}
		if parsed > 1 {
			return nil, ErrSSHKeyMany
		}
	}
	// One line, or one line that the terminal wrapped: inside the base64
	// (join without a space) or before the comment (join with one).
	var lastErr error = ErrSSHKeyNotAKey
	for _, sep := range []string{"", " "} {
		k, err := parseKeyLine(strings.Join(lines, sep))
		if err == nil {
			return k, nil
		}
		if err != ErrSSHKeyNotAKey {
			return nil, err
		}
		lastErr = err
		if len(lines) == 1 {
			break
		}
	}
	return nil, lastErr
}

// looksPrivate reports whether s holds a private key: a PEM block of any
// private key, a PuTTY key file, or the base64 body of an OpenSSH private
// key ("openssh-key-v1") pasted without its armour.
func looksPrivate(s string) bool {
	upper := strings.ToUpper(s)
	return strings.Contains(upper, "PRIVATE KEY") ||
		strings.Contains(s, "PuTTY-User-Key-File") ||
		strings.Contains(s, "b3BlbnNzaC1rZXktdjE")
}

// keyLines splits a paste into its lines, each trimmed with its runs of
// blanks made one space, without blank lines and # comments.
func keyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r", "\n"), "\n") {
		l = strings.Join(strings.Fields(l), " ")
		if l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// parseKeyLine parses and checks one authorized_keys line.
func parseKeyLine(line string) (*ParsedSSHKey, error) {
	if strings.HasPrefix(line, ssh.InsecureKeyAlgoDSA+" ") {
		return nil, ErrSSHKeyDSA // whether or not x/crypto still parses it
	}
	pub, comment, options, rest, err := ssh.ParseAuthorizedKey([]byte(line))
	if err != nil || len(strings.TrimSpace(string(rest))) > 0 {
		return nil, ErrSSHKeyNotAKey
	}
	if len(options) > 0 {
		return nil, ErrSSHKeyOptions
	}
	kind, err := sshKeyType(pub)
	if err != nil {
		return nil, err
	}
	return &ParsedSSHKey{Key: pub, Comment: cleanComment(comment), Type: kind, Fingerprint: ssh.FingerprintSHA256(pub)}, nil
}

// sshKeyType names an accepted key's kind, or refuses it (R-SSH-1).
func sshKeyType(pub ssh.PublicKey) (string, error) {
	switch pub.Type() {
	case ssh.KeyAlgoED25519:
		return "ED25519", nil
	case ssh.KeyAlgoECDSA256:
		return "ECDSA P-256", nil
	case ssh.KeyAlgoECDSA384:
		return "ECDSA P-384", nil
	case ssh.KeyAlgoECDSA521:
		return "ECDSA P-521", nil
	case ssh.KeyAlgoSKED25519:
		return "ED25519-SK", nil
	case ssh.KeyAlgoSKECDSA256:
		return "ECDSA-SK", nil
	case ssh.KeyAlgoRSA:
		bits := rsaBits(pub)
		if bits < minRSABits {
			return "", ErrSSHKeyRSAShort
		}
		return fmt.Sprintf("RSA %d", bits), nil
	case ssh.InsecureKeyAlgoDSA:
		return "", ErrSSHKeyDSA
	}
	if _, ok := pub.(*ssh.Certificate); ok {
		return "", ErrSSHKeyCert
	}
	return "", ErrSSHKeyType
}

// rsaBits is the modulus length of an RSA key; 0 if it is not one.
func rsaBits(pub ssh.PublicKey) int {
	cpk, ok := pub.(ssh.CryptoPublicKey)
	if !ok {
		return 0
	}
	if k, ok := cpk.CryptoPublicKey().(*rsa.PublicKey); ok {
		return k.N.BitLen()
	}
	return 0
}

// cleanComment keeps a key comment usable as a name: valid text without
// control characters, cut to MaxSSHKeyNameLen; "" otherwise.
func cleanComment(c string) string {
	c = strings.TrimSpace(c)
	if utf8.RuneCountInString(c) > MaxSSHKeyNameLen {
		c = string([]rune(c)[:MaxSSHKeyNameLen])
	}
	if checkText("", c, MaxSSHKeyNameLen) != nil {
		return ""
	}
	return c
}

// ValidateSSHKeyName trims a key's name and checks it.
func ValidateSSHKeyName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", Errorf(EINVALID, "Enter a name for the key, such as the computer it lives on.")
	}
	return name, checkText("The key's name", name, MaxSSHKeyNameLen)
}

// AddSSHKey registers a public key for the caller after the password
// (R-SSH-1, R-PWD-4, whose failures count towards R-PWD-5) and sends the
// R-PWD-6 notice. An empty name takes the key's comment, or else its type
// and the date. The same key (by fingerprint) anywhere in the store is
// refused with ErrSSHKeyTaken (R-SSH-2), since a key must name one user
// when it signs in (R-SSH-3). The key and name are checked before the
// password is.
func (s *Service) AddSSHKey(ctx context.Context, name, authorizedKeyLine, password string) (*SSHKey, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	parsed, err := ParseSSHPublicKey(authorizedKeyLine)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(name) == "" {
		name = parsed.Comment
	}
	if strings.TrimSpace(name) == "" {
		name = parsed.Type + " key of " + s.now().Format("2006-01-02")
	}
	name, err = ValidateSSHKeyName(name)
	if err != nil {
		return nil, err
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return nil, err
	}
	return s.saveSSHKey(ctx, a, name, parsed, "ssh_key.added")
}

// saveSSHKey stores a checked key of a with its audit event and sends the
// R-PWD-6 notice.
func (s *Service) saveSSHKey(ctx context.Context, a *Actor, name string, p *ParsedSSHKey, action string) (*SSHKey, error) {
	k := &SSHKey{
		AccountID: a.Account.ID, UserID: a.User.ID, Name: name, Type: p.Type, Fingerprint: p.Fingerprint,
		PublicKey: strings.TrimSpace(string(ssh.MarshalAuthorizedKey(p.Key))), CreatedAt: s.now(),
		OwnerName: a.User.Name, OwnerEmail: a.User.Email,
	}
	if err := s.store.AddSSHKey(ctx, k, s.audit(a, action, SSHKeyObject(k), k.Type+" "+k.Fingerprint)); err != nil {
		return nil, s.internal("add ssh key", err)
	}
	s.securityNotice(ctx, a, a.User.Email, NotifySSHKeyAdded, "an SSH key was added",
		fmt.Sprintf("The SSH key %q (%s, %s) was added to your acctl user %s: it can now open the console over SSH.", k.Name, k.Type, k.Fingerprint, a.User.Email))
	return k, nil
}

// SSHKeyObject names a key in the audit log.
func SSHKeyObject(k *SSHKey) string { return "SSH key " + k.Name }

// ListSSHKeys returns the keys the caller may see, newest first (R-SSH-2):
// an owner sees every key of the account, a manager only their own, as for
// API tokens (R-ACC-4).
func (s *Service) ListSSHKeys(ctx context.Context) ([]*SSHKey, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.store.ListSSHKeys(ctx, a.visibleKeys())
	return list, s.internal("list ssh keys", err)
}

// DeleteSSHKey removes a key the caller may see (their own, or for an
// owner anyone's in the account); it stops signing in at once (R-SSH-2).
// The front end asks for confirmation first.
func (s *Service) DeleteSSHKey(ctx context.Context, id int64) error {
	a, err := s.Me(ctx)
	if err != nil {
		return err
	}
	k, err := s.store.FindSSHKey(ctx, id)
	if ErrorCode(err) == ENOTFOUND {
		return ErrSSHKeyNotFound
	}
	if err != nil {
		return s.internal("find ssh key", err)
	}
	if !CanManageKeyOf(a.User, k.AccountID, k.UserID) {
		return ErrSSHKeyNotFound
	}
	err = s.store.DeleteSSHKey(ctx, a.Guard(""), id, s.audit(a, "ssh_key.deleted", SSHKeyObject(k), k.Fingerprint+" of "+k.OwnerEmail))
	if ErrorCode(err) == ENOTFOUND {
		return ErrSSHKeyNotFound
	}
	return s.internal("delete ssh key", err)
}

// ResolveSSHKey returns the active user whom pub signs in, with the key,
// and records its last use (R-SSH-3). The SSH server calls it after the
// handshake with the key that was actually used, never with one merely
// offered. Unknown keys and keys of a user who is not active give
// ErrSSHKeyNotAllowed.
func (s *Service) ResolveSSHKey(ctx context.Context, pub ssh.PublicKey) (*User, *SSHKey, error) {
	k, err := s.registeredKey(ctx, pub)
	if err != nil {
		return nil, nil, err
	}
	u, err := s.store.FindUserByID(ctx, k.UserID)
	if err != nil {
		return nil, nil, s.internal("find ssh key user", err)
	}
	if u.Status != UserActive {
		return nil, nil, ErrSSHKeyNotAllowed
	}
	if err := s.accountOpen(ctx, u.AccountID); err != nil { // R-SET-5
		return nil, nil, err
	}
	now := s.now()
	if k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) >= tokenTouchEvery {
		if err := s.store.TouchSSHKey(ctx, k.ID, now); err != nil {
			s.log.Error("touch ssh key", "key", k.ID, "err", err)
		}
	}
	return u, k, nil
}
