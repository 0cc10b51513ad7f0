package model_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/ssh"

	"acctl/model"
)

// keyLine is pub as one authorized_keys line with comment.
func keyLine(t *testing.T, pub any, comment string) string {
	t.Helper()
	k, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k))) + " " + comment
}

// wireLine is an authorized_keys line of a key given in wire format, for
// the types Go cannot generate (FIDO keys, DSA).
func wireLine(fields ...any) string {
	blob := ssh.Marshal(struct {
		Rest []byte `ssh:"rest"`
	}{Rest: marshalFields(fields...)})
	return fields[0].(string) + " " + base64.StdEncoding.EncodeToString(blob)
}

func marshalFields(fields ...any) []byte {
	var out []byte
	for _, f := range fields {
		switch v := f.(type) {
		case string:
			out = append(out, ssh.Marshal(struct{ S string }{v})...)
		case []byte:
			out = append(out, ssh.Marshal(struct{ B []byte }{v})...)
		case *big.Int:
			out = append(out, ssh.Marshal(struct{ N *big.Int }{v})...)
		}
	}
	return out
}

var (
	rsaOnce          sync.Once
	rsa2048, rsa3072 *rsa.PrivateKey
)

func rsaKeys(t *testing.T) (short, long *rsa.PrivateKey) {
	rsaOnce.Do(func() {
		rsa2048, _ = rsa.GenerateKey(rand.Reader, 2048)
		rsa3072, _ = rsa.GenerateKey(rand.Reader, 3072)
	})
	if rsa2048 == nil || rsa3072 == nil {
		t.Fatal("generate RSA keys")
	}
	return rsa2048, rsa3072
}

func ed25519Line(t *testing.T, comment string) (string, ed25519.PrivateKey) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return keyLine(t, pub, comment), priv
}

// R-SSH-1: the accepted key types, with the paste's stray whitespace,
// comments and a wrapped line tolerated; the comment names a key left
// without a name.
func TestAddSSHKeyAccepts(t *testing.T) { // R-SSH-1, R-SSH-2
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	_, long := rsaKeys(t)
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	p521, _ := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	skPub, _, _ := ed25519.GenerateKey(rand.Reader)
	skECDH, err := p256.PublicKey.ECDH()
	if err != nil {
		t.Fatal(err)
	}
	skPoint := skECDH.Bytes() // the uncompressed point, as the wire form has it
	plain, _ := ed25519Line(t, "wile@laptop")
	wrapped, _ := ed25519Line(t, "wrapped@host")
	tests := []struct {
		name     string
		keyName  string
		pasted   string
		wantName string
		wantType string
	}{
		{"ED25519", "", plain, "wile@laptop", "ED25519"},
		{"StrayWhitespace", "  work  ", "\r\n\t  # my key\n  " + strings.ReplaceAll(keyLine(t, p256.Public(), "a  b"), " ", " \t ") + "  \r\n\n", "work", "ECDSA P-256"},
		{"Wrapped", "", wrapped[:40] + "\n" + wrapped[40:], "wrapped@host", "ED25519"},
		{"ECDSA384", "p384", keyLine(t, p384.Public(), ""), "p384", "ECDSA P-384"},
		{"ECDSA521", "p521", keyLine(t, p521.Public(), ""), "p521", "ECDSA P-521"},
		{"SKED25519", "yubikey", wireLine(ssh.KeyAlgoSKED25519, []byte(skPub), "ssh:") + " fido", "yubikey", "ED25519-SK"},
		{"SKECDSA", "", wireLine(ssh.KeyAlgoSKECDSA256, "nistp256", skPoint, "ssh:"), "ECDSA-SK key of 2026-11-23", "ECDSA-SK"},
		{"RSA3072", "", keyLine(t, long.Public(), "ops\x1b]52;c;eA==\a"), "RSA 3072 key of 2026-11-23", "RSA 3072"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := e.svc.AddSSHKey(owner, tt.keyName, tt.pasted, strongPassword)
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if k.Name != tt.wantName || k.Type != tt.wantType {
				t.Fatalf("name %q type %q, want %q %q", k.Name, k.Type, tt.wantName, tt.wantType)
			}
			pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(k.PublicKey))
			if err != nil || ssh.FingerprintSHA256(pub) != k.Fingerprint || !strings.HasPrefix(k.Fingerprint, "SHA256:") {
				t.Fatalf("stored key %q / %q: %v", k.PublicKey, k.Fingerprint, err)
			}
		})
	}
	list, err := e.svc.ListSSHKeys(owner)
	if err != nil || len(list) != len(tests) {
		t.Fatalf("%d keys listed, want %d (%v)", len(list), len(tests), err)
	}
}

// R-SSH-1, R-SSH-2: each refusal has its own sentence; a private key is
// refused, never stored and never echoed; the same key is refused anywhere
// in the store.
func TestAddSSHKeyRefusals(t *testing.T) { // R-SSH-1, R-SSH-2
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	other := e.signUp(t, "Other", "Bugs Bunny", "bugs@other.example")
	short, _ := rsaKeys(t)
	line, priv := ed25519Line(t, "wile@laptop")
	if _, err := e.svc.AddSSHKey(owner, "laptop", line, strongPassword); err != nil {
		t.Fatal(err)
	}
	opensshPEM, err := ssh.MarshalPrivateKey(priv, "wile@laptop")
	if err != nil {
		t.Fatal(err)
	}
	openssh := string(pem.EncodeToMemory(opensshPEM))
	pkcs8, _ := x509.MarshalPKCS8PrivateKey(priv)
	pkcs8PEM := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}))
	body := strings.Join(strings.Split(openssh, "\n")[1:3], "\n") // the armour left out
	other2, _ := ed25519Line(t, "second")
	cert := &ssh.Certificate{Key: mustSSHKey(t, priv.Public()), CertType: ssh.UserCert, ValidBefore: ssh.CertTimeInfinity}
	signer, _ := ssh.NewSignerFromKey(priv)
	if err := cert.SignCert(rand.Reader, signer); err != nil {
		t.Fatal(err)
	}
	certLine := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(cert)))
	dsa := wireLine(ssh.InsecureKeyAlgoDSA, big.NewInt(23), big.NewInt(11), big.NewInt(4), big.NewInt(8))
	tests := []struct {
		name   string
		keyNm  string
		pasted string
		want   error
		ctx    context.Context
	}{
		{"Empty", "", " \n\t# only a comment\n", model.ErrSSHKeyEmpty, owner},
		{"NotAKey", "", "hello world", model.ErrSSHKeyNotAKey, owner},
		{"BrokenBase64", "", "ssh-ed25519 AAAA!!!", model.ErrSSHKeyNotAKey, owner},
		{"OpenSSHPrivate", "", openssh, model.ErrSSHKeyPrivate, owner},
		{"PKCS8Private", "", pkcs8PEM, model.ErrSSHKeyPrivate, owner},
		{"PrivateBodyOnly", "", body, model.ErrSSHKeyPrivate, owner},
		{"RSATooShort", "", keyLine(t, short.Public(), ""), model.ErrSSHKeyRSAShort, owner},
		{"DSA", "", dsa, model.ErrSSHKeyDSA, owner},
		{"Certificate", "", certLine, model.ErrSSHKeyCert, owner},
		{"Options", "", `command="/bin/true",no-pty ` + other2, model.ErrSSHKeyOptions, owner},
		{"TwoKeys", "", line + "\n" + other2, model.ErrSSHKeyMany, owner},
		{"TooLong", "", strings.Repeat("A", model.MaxSSHKeyPaste+1), model.ErrSSHKeyTooLong, owner},
		{"RFC4716", "", "---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n---- END SSH2 PUBLIC KEY ----", model.ErrSSHKeyRFC4716, owner},
		{"DuplicateSameUser", "again", line, model.ErrSSHKeyTaken, owner},
		{"DuplicateElsewhere", "again", " " + line + " other comment", model.ErrSSHKeyTaken, other},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := e.svc.AddSSHKey(tt.ctx, tt.keyNm, tt.pasted, strongPassword)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v (%v), want %v", err, k, tt.want)
			}
			if strings.Contains(model.ErrorMessage(err), "AAAA") || strings.Contains(model.ErrorMessage(err), "b3Bl") {
				t.Fatal("the refusal echoes what was pasted")
			}
		})
	}
	_, err = e.svc.AddSSHKey(owner, "bad\x1b[2Jname", other2, strongPassword)
	wantCode(t, err, model.EINVALID)

	if list, _ := e.svc.ListSSHKeys(owner); len(list) != 1 {
		t.Fatalf("%d keys after refusals, want 1", len(list))
	}
	dump := dumpTable(t, e, "ssh_keys") + dumpTable(t, e, "audit_events")
	for _, l := range strings.Split(body, "\n") {
		if strings.Contains(dump, l) {
			t.Fatal("private key material in the database")
		}
	}
}

func mustSSHKey(t *testing.T, pub any) ssh.PublicKey {
	t.Helper()
	k, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// R-SSH-1: the generated private key matches the stored public key, as the
// real ssh-keygen sees it; the private key is not stored.
func TestGeneratedKeyMatchesSSHKeygen(t *testing.T) { // R-SSH-1
	keygen, err := exec.LookPath("ssh-keygen")
	if err != nil {
		t.Skip("ssh-keygen is not installed; this test needs it to check the generated key")
	}
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	privPEM, k, err := e.svc.GenerateSSHKey(owner, "", strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	if k.Type != "ED25519" || k.Name != "acctl ed25519 2026-11-23" || !strings.HasPrefix(privPEM, "-----BEGIN OPENSSH PRIVATE KEY-----") {
		t.Fatalf("generated %+v", k)
	}
	file := filepath.Join(t.TempDir(), "acctl_ed25519")
	if err := os.WriteFile(file, []byte(privPEM), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(keygen, "-y", "-f", file).CombinedOutput()
	if err != nil {
		t.Fatalf("ssh-keygen -y: %v: %s", err, out)
	}
	if got := strings.Join(strings.Fields(string(out))[:2], " "); got != k.PublicKey {
		t.Fatalf("ssh-keygen derives %q, stored %q", got, k.PublicKey)
	}
	out, err = exec.Command(keygen, "-l", "-f", file).CombinedOutput()
	if err != nil || !strings.Contains(string(out), k.Fingerprint) {
		t.Fatalf("ssh-keygen -l: %s (%v), want %s", out, err, k.Fingerprint)
	}
	body := strings.Split(privPEM, "\n")[2]
	for _, table := range []string{"ssh_keys", "audit_events", "notifications"} {
		if strings.Contains(dumpTable(t, e, table), body) {
			t.Fatalf("private key material in %s", table)
		}
	}
	if _, _, err := e.svc.GenerateSSHKey(owner, "x\x00y", strongPassword); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("bad name: %v", err)
	}
}

// R-SSH-2, R-ACC-4: owners see and delete every key of the account,
// managers only their own; a deleted key stops signing in and may be added
// again. Every change is audited (R-AUD-1).
func TestSSHKeyVisibilityDeleteAndAudit(t *testing.T) { // R-SSH-2, R-SSH-3, R-ACC-4, R-AUD-1
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	mu, mgr := addManager(t, e, owner, "rr@acme.example")
	ownLine, _ := ed25519Line(t, "owner")
	ownKey, err := e.svc.AddSSHKey(owner, "", ownLine, strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	_, mgrKey, err := e.svc.GenerateSSHKey(mgr, "runner", strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	count := func(ctx context.Context) int {
		list, err := e.svc.ListSSHKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	if count(owner) != 2 || count(mgr) != 1 {
		t.Fatalf("owner sees %d, manager %d; want 2, 1", count(owner), count(mgr))
	}
	wantCode(t, e.svc.DeleteSSHKey(mgr, ownKey.ID), model.ENOTFOUND)

	pub, _, _, _, _ := ssh.ParseAuthorizedKey([]byte(ownLine))
	u, k, err := e.svc.ResolveSSHKey(context.Background(), pub)
	if err != nil || u.Email != "wile@acme.example" || k.ID != ownKey.ID {
		t.Fatalf("resolve: %v, %v, %v", u, k, err)
	}
	if got, _ := e.db.FindSSHKey(context.Background(), ownKey.ID); got.LastUsedAt == nil || !got.LastUsedAt.Equal(e.clock.Now()) {
		t.Fatalf("last used %v", got.LastUsedAt)
	}

	if err := e.svc.DeleteSSHKey(owner, mgrKey.ID); err != nil {
		t.Fatalf("owner deleting a manager's key: %v", err)
	}
	if err := e.svc.DeleteSSHKey(owner, ownKey.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, e.svc.DeleteSSHKey(owner, ownKey.ID), model.ENOTFOUND)
	if _, _, err := e.svc.ResolveSSHKey(context.Background(), pub); !errors.Is(err, model.ErrSSHKeyNotAllowed) {
		t.Fatalf("a deleted key still resolves: %v", err)
	}
	if _, err := e.svc.AddSSHKey(owner, "back", ownLine, strongPassword); err != nil {
		t.Fatalf("adding a deleted key again: %v", err)
	}

	// A key of a user who is not active does not sign in.
	mgrLine, _ := ed25519Line(t, "mgr")
	if _, err := e.svc.AddSSHKey(mgr, "", mgrLine, strongPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.UpdateUser(context.Background(), mu.ID, model.UserUpdate{Status: ptr(model.UserDisabled)}, nil); err != nil {
		t.Fatal(err)
	}
	mpub, _, _, _, _ := ssh.ParseAuthorizedKey([]byte(mgrLine))
	if _, _, err := e.svc.ResolveSSHKey(context.Background(), mpub); !errors.Is(err, model.ErrSSHKeyNotAllowed) {
		t.Fatalf("a disabled user's key resolves: %v", err)
	}
	unknown, _ := ed25519Line(t, "")
	upub, _, _, _, _ := ssh.ParseAuthorizedKey([]byte(unknown))
	if _, _, err := e.svc.ResolveSSHKey(context.Background(), upub); !errors.Is(err, model.ErrSSHKeyNotAllowed) {
		t.Fatalf("an unknown key resolves: %v", err)
	}

	var actions []string
	for _, ev := range auditEvents(t, e, owner, "ssh_key.") {
		actions = append(actions, ev.Action)
	}
	if got := strings.Join(actions, ","); got != "ssh_key.added,ssh_key.added,ssh_key.deleted,ssh_key.deleted,ssh_key.generated,ssh_key.added" {
		t.Fatalf("audit actions %q", got)
	}
}
