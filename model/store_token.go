package model

import (
	"context"
	"time"
)

// TokenStore persists API tokens (R-TOK-1..3). Only the SHA-256 of a
// token is stored (SPEC §7).
type TokenStore interface {
	// CreateToken inserts t with audit and sets its ID. An active token
	// (neither revoked nor expired at t.CreatedAt) of the same user with the
	// same name gives ErrTokenNameTaken, decided inside the write
	// transaction.
	CreateToken(ctx context.Context, t *APIToken, audit *AuditEvent) error
	// FindToken returns a token of any state; ENOTFOUND if unknown.
	FindToken(ctx context.Context, id int64) (*APIToken, error)
	// FindTokenByHash returns the token whose secret hashes to hash, in any
	// state; ENOTFOUND if none.
	FindTokenByHash(ctx context.Context, hash []byte) (*APIToken, error)
	// ListTokens returns f's tokens, newest first: all that are not revoked,
	// and those revoked at or after f.RevokedSince.
	ListTokens(ctx context.Context, f TokenFilter) ([]*APIToken, error)
	// ListActiveTokens returns a user's tokens that are neither revoked nor
	// expired at now, oldest first: what disabling the user revokes
	// (R-USR-3), for its confirmation.
	ListActiveTokens(ctx context.Context, userID int64, now time.Time) ([]*APIToken, error)
	// RevokeToken sets the token's RevokedAt to audit.At with audit,
	// after checking g and CanManageKeyOf on the rows read inside the
	// transaction (R-ACC-6); ENOTFOUND when it is unknown, already revoked
	// or no longer the actor's to revoke.
	RevokeToken(ctx context.Context, g *Guard, id int64, audit *AuditEvent) error
	// RotateToken revokes token oldID at audit.At and inserts next (setting
	// its ID) in one transaction with audit; ENOTFOUND when oldID is unknown
	// or already revoked.
	RotateToken(ctx context.Context, oldID int64, next *APIToken, audit *AuditEvent) error
	// TouchToken sets the token's LastUsedAt to at.
	TouchToken(ctx context.Context, id int64, at time.Time) error
	// ExpiringTokens returns up to limit unrevoked tokens, soonest first,
	// that expire after now and at most within after it, whose issuer was
	// not yet warned, and that were created more than within before their
	// expiry (a token made to last a week or less is not warned about).
	ExpiringTokens(ctx context.Context, now time.Time, within time.Duration, limit int) ([]*APIToken, error)
	// MarkTokenExpiryNotified sets the token's ExpiryNotifiedAt to
	// n.CreatedAt and queues n in one transaction, only when it was not set
	// before; false means another caller did it first (nothing queued).
	MarkTokenExpiryNotified(ctx context.Context, id int64, n *Notification) (bool, error)
}

// TokenFilter selects an account's tokens, or one issuer's.
type TokenFilter struct {
	AccountID int64
	UserID    int64 // 0: every user of the account
	// RevokedSince keeps revoked tokens revoked at or after it in the list;
	// the zero time keeps them all.
	RevokedSince time.Time
}

// SSHKeyStore persists SSH public keys (R-SSH-1..3).
type SSHKeyStore interface {
	// AddSSHKey inserts k with audit and sets its ID. A key with the same
	// fingerprint anywhere in the store gives ErrSSHKeyTaken (R-SSH-2).
	AddSSHKey(ctx context.Context, k *SSHKey, audit *AuditEvent) error
	// FindSSHKey returns a key; ENOTFOUND if unknown.
	FindSSHKey(ctx context.Context, id int64) (*SSHKey, error)
	// FindSSHKeyByFingerprint returns the key with that SHA256
	// fingerprint; ENOTFOUND if none (R-SSH-3).
	FindSSHKeyByFingerprint(ctx context.Context, fingerprint string) (*SSHKey, error)
	// ListSSHKeys returns f's keys, newest first.
	ListSSHKeys(ctx context.Context, f SSHKeyFilter) ([]*SSHKey, error)
	// DeleteSSHKey deletes a key with audit, after checking g and
	// CanManageKeyOf on the rows read inside the transaction (R-ACC-6);
	// ENOTFOUND if unknown or no longer the actor's to delete.
	DeleteSSHKey(ctx context.Context, g *Guard, id int64, audit *AuditEvent) error
	// TouchSSHKey sets the key's LastUsedAt to at.
	TouchSSHKey(ctx context.Context, id int64, at time.Time) error
}

// SSHKeyFilter selects an account's SSH keys, or one user's.
type SSHKeyFilter struct {
	AccountID int64
	UserID    int64 // 0: every user of the account
}
