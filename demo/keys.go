package demo

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"acctl/model"
)

// demoToken is an API key of the demo account; ages are before now.
type demoToken struct {
	email    string
	name     string
	access   model.TokenAccess
	age      time.Duration // created this long ago
	lifetime time.Duration // 0: never expires
	used     time.Duration // last used this long ago; 0: never
	revoked  time.Duration // revoked this long ago; 0: not revoked
}

const day = 24 * time.Hour

// demoTokens show every state the API keys list draws: active, expiring
// soon, expired, revoked, never used.
var demoTokens = []demoToken{
	{"ada@northwind.example", "CI deploy", model.TokenReadWrite, 40 * day, 90 * day, 2 * time.Hour, 0},
	{"ada@northwind.example", "Grafana metrics", model.TokenReadOnly, 60 * day, 0, 10 * time.Minute, 0},
	{"ada@northwind.example", "Terraform", model.TokenReadWrite, 85 * day, 90 * day, 3 * day, 0},
	{"ada@northwind.example", "old backup script", model.TokenReadOnly, 200 * day, 0, 30 * day, 3 * day},
	{"charles@northwind.example", "billing export", model.TokenReadOnly, 20 * day, 0, 0, 0},
	{"grace@northwind.example", "staging deploy", model.TokenReadWrite, 28 * day, 30 * day, 5 * time.Hour, 0},
	{"grace@northwind.example", "monthly report", model.TokenReadOnly, 40 * day, 30 * day, 12 * day, 0},
}

// demoSSHKey is an SSH key of the demo account.
type demoSSHKey struct {
	email string
	name  string
	ecdsa bool // else ed25519
	age   time.Duration
	used  time.Duration // 0: never
}

var demoSSHKeys = []demoSSHKey{
	{"ada@northwind.example", "ada@thinkpad", false, 80 * day, 20 * time.Minute},
	{"ada@northwind.example", "ada@workstation", true, 50 * day, 6 * day},
	{"charles@northwind.example", "charles@mac", false, 70 * day, 0},
	{"grace@northwind.example", "grace@laptop", false, 30 * day, 1 * day},
}

// seedKeys gives the demo users API keys (R-TOK-1..2) and SSH keys
// (R-SSH-1..2), with their audit events. The tokens' secrets and the SSH
// private keys are drawn and dropped: nobody holds them.
func seedKeys(ctx context.Context, st model.Store, now time.Time) error {
	for _, d := range demoTokens {
		if err := seedToken(ctx, st, d, now); err != nil {
			return fmt.Errorf("demo API key %q: %w", d.name, err)
		}
	}
	for _, d := range demoSSHKeys {
		if err := seedSSHKey(ctx, st, d, now); err != nil {
			return fmt.Errorf("demo SSH key %q: %w", d.name, err)
		}
	}
	return nil
}

func seedToken(ctx context.Context, st model.Store, d demoToken, now time.Time) error {
	u, err := st.FindUserByEmail(ctx, d.email)
	if err != nil {
		return err
	}
	created := now.Add(-d.age)
	var expires *time.Time
	if d.lifetime != 0 {
		at := created.Add(d.lifetime)
		expires = &at
	}
	t, err := model.SeedToken(ctx, st, u, d.name, d.access, created, expires)
	if err != nil {
		return err
	}
	if d.used != 0 {
		if err := st.TouchToken(ctx, t.ID, now.Add(-d.used)); err != nil {
			return err
		}
	}
	if d.revoked == 0 {
		return nil
	}
	return st.RevokeToken(ctx, nil, t.ID, &model.AuditEvent{AccountID: u.AccountID, ActorID: u.ID, Actor: u.Email,
		Action: "token.revoked", Object: model.TokenObject(t), Detail: "no longer needed", Origin: origins[1], At: now.Add(-d.revoked)})
}

func seedSSHKey(ctx context.Context, st model.Store, d demoSSHKey, now time.Time) error {
	u, err := st.FindUserByEmail(ctx, d.email)
	if err != nil {
		return err
	}
	pub, err := demoPublicKey(d.ecdsa)
	if err != nil {
		return err
	}
	parsed, err := model.ParseSSHPublicKey(strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pub))) + " " + d.name)
	if err != nil {
		return err
	}
	k := &model.SSHKey{AccountID: u.AccountID, UserID: u.ID, Name: parsed.Comment, Type: parsed.Type, Fingerprint: parsed.Fingerprint,
		PublicKey: strings.TrimSpace(string(ssh.MarshalAuthorizedKey(parsed.Key))), CreatedAt: now.Add(-d.age)}
	audit := &model.AuditEvent{AccountID: u.AccountID, ActorID: u.ID, Actor: u.Email, Action: "ssh_key.added",
		Object: model.SSHKeyObject(k), Detail: k.Type + " " + k.Fingerprint, Origin: origins[2], At: k.CreatedAt}
	if err := st.AddSSHKey(ctx, k, audit); err != nil {
		return err
	}
	if d.used == 0 {
		return nil
	}
	return st.TouchSSHKey(ctx, k.ID, now.Add(-d.used))
}

// demoPublicKey is the public half of a new key pair whose private half
// is dropped.
func demoPublicKey(useECDSA bool) (ssh.PublicKey, error) {
	if useECDSA {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, err
		}
		return ssh.NewPublicKey(&k.PublicKey)
	}
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	return ssh.NewPublicKey(pub)
}
