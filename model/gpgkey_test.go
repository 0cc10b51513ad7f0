package model_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/packet"

	"acctl/model"
	"acctl/model/modeltest"
)

// gpgAt is the creation time of the test keys.
var gpgAt = time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC)

// newGPGEntity makes a key pair at gpgAt: Ed25519 unless cfg says
// otherwise, lasting lifetime (0: never expires).
func newGPGEntity(t testing.TB, name, email string, lifetime time.Duration, cfg *packet.Config) *openpgp.Entity {
	t.Helper()
	if cfg == nil {
		cfg = &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA, Curve: packet.Curve25519}
	}
	cfg.Time = func() time.Time { return gpgAt }
	cfg.KeyLifetimeSecs = uint32(lifetime / time.Second)
	e, err := openpgp.NewEntity(name, "", email, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

var (
	rsaGPGOnce sync.Once
	rsaGPG     *openpgp.Entity
)

func rsaGPGKey(t testing.TB) *openpgp.Entity {
	rsaGPGOnce.Do(func() {
		rsaGPG = newGPGEntity(t, "Ops Team", "ops@acme.example", 0, &packet.Config{Algorithm: packet.PubKeyAlgoRSA, RSABits: 3072})
	})
	return rsaGPG
}

// R-SSH-4: an armoured public key is read for its key ID, fingerprint,
// user IDs, algorithm and expiry, and re-armoured from its public packets.
func TestParseGPGPublicKey(t *testing.T) {
	now := gpgAt.Add(30 * 24 * time.Hour)
	e := newGPGEntity(t, "Ada Lovelace", "ada@acme.example", 365*24*time.Hour, nil)
	pub := modeltest.ArmoredGPGKey(t, e, false)
	k, err := model.ParseGPGPublicKey("\r\n  "+strings.ReplaceAll(pub, "\n", "\r\n")+"\n\n", now)
	if err != nil {
		t.Fatal(err)
	}
	fp := strings.ToUpper(strings.ReplaceAll(k.Fingerprint, " ", ""))
	if k.KeyID != e.PrimaryKey.KeyIdString() || len(fp) != 40 || !strings.HasSuffix(fp, k.KeyID) || strings.Count(k.Fingerprint, " ") != 9 {
		t.Errorf("key ID %s, fingerprint %s", k.KeyID, k.Fingerprint)
	}
	if k.Algorithm != "EdDSA Ed25519" || len(k.UserIDs) != 1 || k.UserIDs[0] != "Ada Lovelace <ada@acme.example>" {
		t.Errorf("algorithm %q, user IDs %q", k.Algorithm, k.UserIDs)
	}
	if !k.KeyCreatedAt.Equal(gpgAt) || k.ExpiresAt == nil || !k.ExpiresAt.Equal(gpgAt.Add(365*24*time.Hour)) {
		t.Errorf("created %v, expires %v", k.KeyCreatedAt, k.ExpiresAt)
	}
	if !strings.HasPrefix(k.PublicKey, "-----BEGIN PGP PUBLIC KEY BLOCK-----") {
		t.Errorf("stored form %q", k.PublicKey[:40])
	}
	again, err := model.ParseGPGPublicKey(k.PublicKey, now)
	if err != nil || again.Fingerprint != k.Fingerprint {
		t.Fatalf("the stored form does not read back: %v", err)
	}
	r, err := model.ParseGPGPublicKey(modeltest.ArmoredGPGKey(t, rsaGPGKey(t), false), now)
	if err != nil || r.Algorithm != "RSA 3072" || r.ExpiresAt != nil {
		t.Fatalf("RSA key: %+v, %v", r, err)
	}
}

// R-SSH-4: private keys (never stored), expired and revoked keys, several
// keys, SSH keys and garbage are refused, each with its sentence.
func TestParseGPGPublicKeyRefuses(t *testing.T) {
	now := gpgAt.Add(30 * 24 * time.Hour)
	good := newGPGEntity(t, "Ada Lovelace", "ada@acme.example", 0, nil)
	pub := modeltest.ArmoredGPGKey(t, good, false)
	private := modeltest.ArmoredGPGKey(t, good, true)
	expired := newGPGEntity(t, "Old", "old@acme.example", 24*time.Hour, nil)
	revoked := newGPGEntity(t, "Lost", "lost@acme.example", 0, nil)
	if err := revoked.RevokeKey(packet.KeyCompromised, "laptop stolen", &packet.Config{Time: func() time.Time { return gpgAt.Add(time.Hour) }}); err != nil {
		t.Fatal(err)
	}
	other := modeltest.ArmoredGPGKey(t, newGPGEntity(t, "Bob", "bob@acme.example", 0, nil), false)
	body := pub[strings.Index(pub, "\n\n")+2 : strings.Index(pub, "-----END")]
	// A private key armoured as if it were public.
	privateAsPublic := strings.ReplaceAll(private, "PRIVATE KEY BLOCK", "PUBLIC KEY BLOCK")
	future := newGPGEntity(t, "Future", "f@acme.example", 0, nil)
	tests := []struct {
		name   string
		pasted string
		want   error
	}{
		{"Empty", " \n\t", model.ErrGPGKeyEmpty},
		{"Private", private, model.ErrGPGKeyPrivate},
		{"PrivateLowercaseHeader", strings.ToLower(private[:40]) + private[40:], model.ErrGPGKeyPrivate},
		{"PrivateAsPublic", privateAsPublic, model.ErrGPGKeyPrivate},
		{"Expired", modeltest.ArmoredGPGKey(t, expired, false), model.ErrGPGKeyExpired},
		{"Revoked", modeltest.ArmoredGPGKey(t, revoked, false), model.ErrGPGKeyRevoked},
		{"TwoKeys", pub + other, model.ErrGPGKeyMany},
		{"SSHKey", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ada@laptop", model.ErrGPGKeySSH},
		{"Garbage", "hello, here is my key", model.ErrGPGKeyNotAKey},
		{"BodyWithoutArmour", body, model.ErrGPGKeyNotAKey},
		{"Truncated", pub[:len(pub)/2], model.ErrGPGKeyNotAKey},
		{"Signature", "-----BEGIN PGP SIGNATURE-----\n\niQ==\n-----END PGP SIGNATURE-----\n", model.ErrGPGKeyNotAKey},
		{"TooLong", strings.Repeat("A", model.MaxGPGKeyPaste+1), model.ErrGPGKeyTooLong},
		{"Future", modeltest.ArmoredGPGKey(t, future, false), model.ErrGPGKeyFuture},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := now
			if tt.name == "Future" {
				at = gpgAt.Add(-48 * time.Hour)
			}
			k, err := model.ParseGPGPublicKey(tt.pasted, at)
			if err != tt.want {
				t.Fatalf("got %+v, %v; want %v", k, err, tt.want)
			}
			if strings.Contains(model.ErrorMessage(err), "BEGIN PGP PRIVATE") {
				t.Error("the message echoes the key")
			}
		})
	}
}

// R-SSH-4, R-PWD-4, R-PWD-6, R-ACC-4: adding a key needs the password and
// sends a security notice; a key is added once; owners see and delete
// every key of the account, managers their own.
func TestGPGKeys(t *testing.T) {
	e := newEnv(t)
	e.clock.Advance(gpgAt.Sub(e.clock.Now()) + 24*time.Hour)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	manager := e.member(t, owner, "road@acme.example", model.RoleManager)
	acct := e.actor(t, owner).Account
	e.addContact(t, owner, "ceo@acme.example", "CEO", model.ContactPrimary)
	pub := modeltest.ArmoredGPGKey(t, newGPGEntity(t, "Wile Coyote", "wile@acme.example", 0, nil), false)

	if _, err := e.svc.AddGPGKey(owner, pub, "wrong password"); err != model.ErrWrongPassword {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := e.svc.AddGPGKey(owner, "not a key", "wrong password"); err != model.ErrGPGKeyNotAKey {
		t.Fatalf("a bad key is refused before the password: %v", err)
	}
	if list, _ := e.svc.ListGPGKeys(owner); len(list) != 0 {
		t.Fatalf("stored after a wrong password: %+v", list)
	}
	k, err := e.svc.AddGPGKey(owner, pub, strongPassword)
	if err != nil || k.ID == 0 || k.OwnerEmail != "wile@acme.example" {
		t.Fatalf("add: %+v, %v", k, err)
	}
	if _, err := e.svc.AddGPGKey(owner, pub, strongPassword); err != model.ErrGPGKeyTaken {
		t.Fatalf("the same key twice: %v", err)
	}
	notices := e.outboxOf(t, acct.ID, model.NotifyGPGKeyAdded)
	if got := reasons(t, notices); len(got) != 2 || got["wile@acme.example"] != model.ReasonUser || got["ceo@acme.example"] != "Primary contact" {
		t.Fatalf("notice went to %v", got)
	}
	if !strings.Contains(notices[0].Body, k.Fingerprint) {
		t.Errorf("the notice does not name the key:\n%s", notices[0].Body)
	}
	if a := e.lastAudit(t, acct.ID); a.Action != "gpg_key.added" || a.Object != "GPG key "+k.KeyID {
		t.Errorf("audit %+v", a)
	}

	mine, err := e.svc.AddGPGKey(manager, modeltest.ArmoredGPGKey(t, rsaGPGKey(t), false), strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	if list, _ := e.svc.ListGPGKeys(manager); len(list) != 1 || list[0].ID != mine.ID {
		t.Fatalf("the manager lists %+v", list)
	}
	all, _ := e.svc.ListGPGKeys(owner)
	if len(all) != 2 || all[0].ID != mine.ID || all[1].UserIDs[0] != "Wile Coyote <wile@acme.example>" {
		t.Fatalf("the owner lists %+v", all)
	}
	if err := e.svc.DeleteGPGKey(manager, k.ID); err != model.ErrGPGKeyNotFound {
		t.Fatalf("a manager deletes the owner's key: %v", err)
	}
	if err := e.svc.DeleteGPGKey(owner, mine.ID); err != nil {
		t.Fatalf("the owner deletes the manager's key: %v", err)
	}
	if err := e.svc.DeleteGPGKey(owner, mine.ID); err != model.ErrGPGKeyNotFound {
		t.Fatalf("delete twice: %v", err)
	}
	stranger := e.signUp(t, "Other", "Bugs Bunny", "bugs@other.example")
	if err := e.svc.DeleteGPGKey(stranger, k.ID); err != model.ErrGPGKeyNotFound {
		t.Fatalf("another account: %v", err)
	}
	// R-ACC-6: an owner demoted while deleting another's key cannot.
	o := e.actor(t, owner)
	second := e.member(t, owner, "coyote@acme.example", model.RoleOwner)
	if _, err := e.svc.ChangeRole(owner, o.User.ID, model.RoleManager, strongPassword); err != nil {
		t.Fatal(err)
	}
	theirs, err := e.svc.AddGPGKey(second, modeltest.ArmoredGPGKey(t, newGPGEntity(t, "C", "coyote@acme.example", 0, nil), false), strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	err = e.db.DeleteGPGKey(context.Background(), o.Guard(model.ActionManageOthersKeys), theirs.ID, &model.AuditEvent{AccountID: acct.ID})
	if err != model.ErrActorChanged {
		t.Fatalf("a demoted owner deletes another's key: %v", err)
	}
}

// FuzzParseGPGPublicKey: no input makes the parser panic, and what it
// accepts is a public key that reads back the same, with clean user IDs.
func FuzzParseGPGPublicKey(f *testing.F) {
	e := newGPGEntity(f, "Fuzz \x1b[31mRed", "fuzz@acme.example", 0, nil)
	pub := modeltest.ArmoredGPGKey(f, e, false)
	f.Add(pub)
	f.Add(modeltest.ArmoredGPGKey(f, e, true))
	f.Add(pub[:len(pub)/3])
	f.Add("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBF\n=AAAA\n-----END PGP PUBLIC KEY BLOCK-----\n")
	f.Add("")
	now := gpgAt.Add(time.Hour)
	f.Fuzz(func(t *testing.T, pasted string) {
		k, err := model.ParseGPGPublicKey(pasted, now)
		if err != nil {
			if model.ErrorCode(err) != model.EINVALID {
				t.Fatalf("%q: %v is not a refusal with a sentence", pasted, err)
			}
			return
		}
		if strings.Contains(k.PublicKey, "PRIVATE") {
			t.Fatal("accepted a private key")
		}
		for _, id := range k.UserIDs {
			if strings.ContainsFunc(id, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
				t.Fatalf("user ID %q holds controls", id)
			}
		}
		again, err := model.ParseGPGPublicKey(k.PublicKey, now)
		if err != nil || again.Fingerprint != k.Fingerprint {
			t.Fatalf("the stored form does not read back: %v", err)
		}
	})
}
