package model

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

// GPGKey is a user's OpenPGP public key, the GPG half of the portal's
// "SSH & GPG keys" (R-SSH-4). Only the public key is ever stored.
type GPGKey struct {
	ID        int64
	AccountID int64
	UserID    int64
	// KeyID is the 64-bit key ID in hex, as gpg --keyid-format long
	// prints it: "3AA5C34371567BD2".
	KeyID string
	// Fingerprint is the primary key's fingerprint in hex, grouped by
	// four: "A1B2 C3D4 …".
	Fingerprint string
	// Algorithm is the primary key's: "Ed25519", "RSA 4096", "ECDSA P-256".
	Algorithm string
	// UserIDs are the key's user IDs that are not revoked, cleaned of
	// control and invisible characters: "Ada Lovelace <ada@example.com>".
	UserIDs      []string
	KeyCreatedAt time.Time
	ExpiresAt    *time.Time // nil: never
	// PublicKey is the key as acctl re-armoured it: public packets only.
	PublicKey string
	CreatedAt time.Time // when it was added
	// OwnerName and OwnerEmail are read with the key for the list.
	OwnerName  string
	OwnerEmail string
}

// Limits of GPG keys.
const (
	// MaxGPGKeyPaste bounds what may be pasted: a 4096-bit RSA key with
	// many signatures stays well under it.
	MaxGPGKeyPaste = 128 << 10
	// minGPGRSABits is the shortest RSA key accepted.
	minGPGRSABits = 2048
	// gpgClockSkew is how far in the future a key may be created before it
	// is refused, for computers whose clocks run ahead.
	gpgClockSkew = 24 * time.Hour
)

// Refusals of a pasted GPG key, one sentence each (R-SSH-4).
var (
	ErrGPGKeyEmpty    = &Error{Code: EINVALID, Message: "Paste your public key: the output of gpg --armor --export YOUR_EMAIL, from -----BEGIN PGP PUBLIC KEY BLOCK----- to its END line."}
	ErrGPGKeyNotAKey  = &Error{Code: EINVALID, Message: "That is not an armoured OpenPGP public key. Paste the whole output of gpg --armor --export YOUR_EMAIL, BEGIN and END lines included."}
	ErrGPGKeySSH      = &Error{Code: EINVALID, Message: "That is an SSH key, not a GPG key. Add it under SSH keys, or paste the output of gpg --armor --export YOUR_EMAIL here."}
	ErrGPGKeyPrivate  = &Error{Code: EINVALID, Message: "That is a private key: it was not stored. Paste the public key instead (gpg --armor --export, not --export-secret-keys), and if you pasted the private key anywhere it could be seen, revoke it and make a new one."}
	ErrGPGKeyMany     = &Error{Code: EINVALID, Message: "That holds more than one key. Export and paste one key at a time (gpg --armor --export KEY_ID)."}
	ErrGPGKeyExpired  = &Error{Code: EINVALID, Message: "That key has expired. Extend it (gpg --quick-set-expire KEY_ID 1y), export it again and paste the new export."}
	ErrGPGKeyRevoked  = &Error{Code: EINVALID, Message: "That key has been revoked, so it can no longer be trusted. Paste a key that is in use."}
	ErrGPGKeyNoUserID = &Error{Code: EINVALID, Message: "That key has no user ID that is valid: every one was revoked or is not signed by the key. Add a user ID (gpg --quick-add-uid), export it again and paste it."}
	ErrGPGKeyFuture   = &Error{Code: EINVALID, Message: "That key was created in the future: check the clock of the computer that made it, then make the key again."}
	ErrGPGKeyWeak     = &Error{Code: EINVALID, Message: "That RSA key is too short. Use an RSA key of at least 2048 bits, or better an Ed25519 key (gpg --quick-gen-key YOUR_EMAIL future-default)."}
	ErrGPGKeyTooLong  = &Error{Code: EINVALID, Message: "That is far too long to be one public key. Export only the key you mean (gpg --armor --export KEY_ID)."}
	ErrGPGKeyTaken    = &Error{Code: ECONFLICT, Message: "You have already added that GPG key. It is in the list."}
	ErrGPGKeyNotFound = &Error{Code: ENOTFOUND, Message: "That GPG key no longer exists. Refresh the list and try again."}
)

// ParseGPGPublicKey checks one pasted armoured OpenPGP public key at now
// (R-SSH-4) and returns what the list shows, with the key re-armoured from
// its public packets: key ID, fingerprint, algorithm, user IDs, creation
// and expiry. Private keys, in any armour, are refused with
// ErrGPGKeyPrivate and never echoed; so are expired and revoked keys,
// several keys at once, SSH keys and anything that does not parse, each
// with its sentence. It never panics, whatever it is given.
func ParseGPGPublicKey(pasted string, now time.Time) (k *GPGKey, err error) {
	if len(pasted) > MaxGPGKeyPaste {
		return nil, ErrGPGKeyTooLong
	}
	trimmed := strings.TrimSpace(pasted)
	switch {
	case trimmed == "":
		return nil, ErrGPGKeyEmpty
	case strings.Contains(strings.ToUpper(pasted), "PRIVATE KEY") || looksPrivate(pasted):
		return nil, ErrGPGKeyPrivate
	case strings.HasPrefix(trimmed, "ssh-") || strings.HasPrefix(trimmed, "ecdsa-") || strings.HasPrefix(trimmed, "sk-"):
		return nil, ErrGPGKeySSH
	case strings.Count(trimmed, "-----BEGIN PGP PUBLIC KEY BLOCK-----") > 1:
		return nil, ErrGPGKeyMany // the armour reader would read the first alone
	}
	defer func() { // the parser is outside code: no input may crash acctl
		if recover() != nil {
			k, err = nil, ErrGPGKeyNotAKey
		}
	}()
	list, err := openpgp.ReadArmoredKeyRing(strings.NewReader(trimmed))
	if err != nil || len(list) == 0 {
		return nil, ErrGPGKeyNotAKey
	}
	if len(list) > 1 {
		return nil, ErrGPGKeyMany
	}
	return describeGPGKey(list[0], now)
}

// describeGPGKey checks a parsed entity and describes it.
func describeGPGKey(e *openpgp.Entity, now time.Time) (*GPGKey, error) {
	if hasPrivate(e) {
		return nil, ErrGPGKeyPrivate
	}
	pk := e.PrimaryKey
	if e.Revoked(now) {
		return nil, ErrGPGKeyRevoked
	}
	if pk.CreationTime.After(now.Add(gpgClockSkew)) {
		return nil, ErrGPGKeyFuture
	}
	sig, _ := e.PrimarySelfSignature()
	if sig == nil {
		return nil, ErrGPGKeyNoUserID
	}
	var expires *time.Time
	if sig.KeyLifetimeSecs != nil && *sig.KeyLifetimeSecs > 0 {
		at := pk.CreationTime.Add(time.Duration(*sig.KeyLifetimeSecs) * time.Second).UTC()
		if !now.Before(at) {
			return nil, ErrGPGKeyExpired
		}
		expires = &at
	}
	if sig.SigExpired(now) {
		return nil, ErrGPGKeyExpired
	}
	ids := gpgUserIDs(e, now)
	if len(ids) == 0 && pk.Version < 6 {
		return nil, ErrGPGKeyNoUserID
	}
	algo, err := gpgAlgorithm(pk)
	if err != nil {
		return nil, err
	}
	armored, err := armorPublic(e)
	if err != nil {
		return nil, ErrGPGKeyNotAKey
	}
	return &GPGKey{KeyID: pk.KeyIdString(), Fingerprint: groupHex(pk.Fingerprint), Algorithm: algo, UserIDs: ids,
		KeyCreatedAt: pk.CreationTime.UTC(), ExpiresAt: expires, PublicKey: armored}, nil
}

// hasPrivate reports whether any part of e carries private key material.
func hasPrivate(e *openpgp.Entity) bool {
	if e.PrivateKey != nil {
		return true
	}
	for _, sk := range e.Subkeys {
		if sk.PrivateKey != nil {
			return true
		}
	}
	return false
}

// gpgUserIDs are e's user IDs that are not revoked, cleaned and sorted.
func gpgUserIDs(e *openpgp.Entity, now time.Time) []string {
	var ids []string
	for name, id := range e.Identities {
		if id.Revoked(now) {
			continue
		}
		if c := cleanUserID(name); c != "" {
			ids = append(ids, c)
		}
	}
	slices.Sort(ids)
	return ids
}

// cleanUserID drops control, bidi and format characters from a user ID,
// which the key's maker chose, and bounds its length.
func cleanUserID(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || IsInvisible(r) || r == unicode.ReplacementChar {
			return -1
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:199]) + "…"
	}
	return s
}

// gpgAlgorithm names the primary key's algorithm, refusing short RSA keys.
func gpgAlgorithm(pk *packet.PublicKey) (string, error) {
	switch pk.PubKeyAlgo {
	case packet.PubKeyAlgoRSA, packet.PubKeyAlgoRSASignOnly:
		bits, err := pk.BitLength()
		if err != nil {
			return "", ErrGPGKeyNotAKey
		}
		if bits < minGPGRSABits {
			return "", ErrGPGKeyWeak
		}
		return fmt.Sprintf("RSA %d", bits), nil
	case packet.PubKeyAlgoDSA:
		bits, _ := pk.BitLength()
		return fmt.Sprintf("DSA %d", bits), nil
	case packet.PubKeyAlgoEd25519:
		return "Ed25519", nil
	case packet.PubKeyAlgoEd448:
		return "Ed448", nil
	case packet.PubKeyAlgoEdDSA:
		return "EdDSA " + curveName(pk), nil
	case packet.PubKeyAlgoECDSA:
		return "ECDSA " + curveName(pk), nil
	}
	return fmt.Sprintf("algorithm %d", pk.PubKeyAlgo), nil
}

// curveName is the curve of an elliptic-curve key as people write it.
func curveName(pk *packet.PublicKey) string {
	c, err := pk.Curve()
	if err != nil {
		return "(unknown curve)"
	}
	switch c {
	case packet.CurveNistP256:
		return "P-256"
	case packet.CurveNistP384:
		return "P-384"
	case packet.CurveNistP521:
		return "P-521"
	case packet.Curve25519:
		return "Ed25519"
	}
	return string(c)
}

// groupHex writes a fingerprint in upper-case hex by groups of four.
func groupHex(b []byte) string {
	h := strings.ToUpper(hex.EncodeToString(b))
	var groups []string
	for len(h) > 4 {
		groups = append(groups, h[:4])
		h = h[4:]
	}
	return strings.Join(append(groups, h), " ")
}

// armorPublic serialises e's public packets in ASCII armour.
func armorPublic(e *openpgp.Entity) (string, error) {
	var b bytes.Buffer
	w, err := armor.Encode(&b, openpgp.PublicKeyType, nil)
	if err != nil {
		return "", err
	}
	if err := e.Serialize(w); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	return b.String(), nil
}

// AddGPGKey registers an armoured OpenPGP public key for the caller after
// the password (R-SSH-4, R-PWD-4), like an SSH key: the paste is checked
// first (ParseGPGPublicKey), so a bad one costs no password attempt. The
// same key twice for one user gives ErrGPGKeyTaken. Audited, and the user
// gets a security notice (R-PWD-6), copied to the Primary contacts when
// they are an owner (R-SET-2).
func (s *Service) AddGPGKey(ctx context.Context, armored, password string) (*GPGKey, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	k, err := ParseGPGPublicKey(armored, s.now())
	if err != nil {
		return nil, err
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return nil, err
	}
	k.AccountID, k.UserID, k.CreatedAt = a.Account.ID, a.User.ID, s.now()
	k.OwnerName, k.OwnerEmail = a.User.Name, a.User.Email
	if err := s.store.AddGPGKey(ctx, a.Guard(""), k, s.audit(a, "gpg_key.added", GPGKeyObject(k), k.Algorithm+" "+k.Fingerprint)); err != nil {
		return nil, s.internal("add gpg key", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "A GPG key was added to your acctl user %s.\n\n", a.User.Email)
	fmt.Fprintf(&b, "Key ID:      %s\nFingerprint: %s\nAlgorithm:   %s\n", k.KeyID, k.Fingerprint, k.Algorithm)
	fmt.Fprintf(&b, "Time:        %s\nFrom:        %s\n", utcTime(k.CreatedAt), plainText(a.Session.Origin.String()))
	b.WriteString("\nIf this was not you, delete the key under SSH & GPG keys, change your password and close your other sessions.\n")
	s.notifyEmail(ctx, a.User, NotifyGPGKeyAdded, "acctl: a GPG key was added to your user", b.String())
	return k, nil
}

// visibleKeys selects the SSH and GPG keys the actor may see: an owner
// every key of the account, a manager their own (R-ACC-4).
func (a *Actor) visibleKeys() SSHKeyFilter {
	f := SSHKeyFilter{AccountID: a.Account.ID}
	if !a.Can(ActionManageOthersKeys) {
		f.UserID = a.User.ID
	}
	return f
}

// GPGKeyObject names a key in the audit log.
func GPGKeyObject(k *GPGKey) string { return "GPG key " + k.KeyID }

// ListGPGKeys returns the GPG keys the caller may see, newest first
// (R-SSH-4): an owner sees every key of the account, a manager only their
// own, as for SSH keys (R-ACC-4).
func (s *Service) ListGPGKeys(ctx context.Context) ([]*GPGKey, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.store.ListGPGKeys(ctx, a.visibleKeys())
	return list, s.internal("list gpg keys", err)
}

// DeleteGPGKey removes a key the caller may see (their own, or for an
// owner anyone's in the account, R-ACC-6); the front end asks for
// confirmation first (R-SSH-4).
func (s *Service) DeleteGPGKey(ctx context.Context, id int64) error {
	a, err := s.Me(ctx)
	if err != nil {
		return err
	}
	k, err := s.store.FindGPGKey(ctx, id)
	if ErrorCode(err) == ENOTFOUND {
		return ErrGPGKeyNotFound
	}
	if err != nil {
		return s.internal("find gpg key", err)
	}
	var need Action
	if k.UserID != a.User.ID {
		need = ActionManageOthersKeys
	}
	if k.AccountID != a.Account.ID || !a.Can(need) {
		return ErrGPGKeyNotFound
	}
	err = s.store.DeleteGPGKey(ctx, a.Guard(need), id, s.audit(a, "gpg_key.deleted", GPGKeyObject(k), k.Fingerprint+" of "+k.OwnerEmail))
	if ErrorCode(err) == ENOTFOUND {
		return ErrGPGKeyNotFound
	}
	return s.internal("delete gpg key", err)
}
