package model

import "time"

// TokenAccess is what an API token may do (R-TOK-1).
type TokenAccess string

// Access levels.
const (
	// TokenReadOnly allows GET requests only.
	TokenReadOnly TokenAccess = "read-only"
	// TokenReadWrite allows everything the issuer may do.
	TokenReadWrite TokenAccess = "read-write"
)

// Title is the access level as the portal writes it.
func (a TokenAccess) Title() string {
	switch a {
	case TokenReadOnly:
		return "Read-only"
	case TokenReadWrite:
		return "Read-write"
	}
	return string(a)
}

// APIToken is an API key as stored: never its secret, only the SHA-256 of
// the whole token and its non-secret display prefix (R-TOK-1, SPEC §7).
// A token belongs to the user who issued it (R-TOK-3).
type APIToken struct {
	ID        int64
	AccountID int64
	UserID    int64 // the issuer
	Name      string
	Access    TokenAccess
	// Prefix is the start of the token, safe to show: "acctl_rw_" and a few
	// characters of the random part (R-TOK-2).
	Prefix string
	// Hash is the SHA-256 of the whole token; never drawn.
	Hash      []byte
	CreatedAt time.Time
	// ExpiresAt is nil for a token that never expires.
	ExpiresAt  *time.Time
	LastUsedAt *time.Time
	// RevokedAt is set once the token was revoked, rotated away or its
	// user disabled (R-USR-3).
	RevokedAt *time.Time
	// ExpiryNotifiedAt is set once the issuer was told that it expires soon.
	ExpiryNotifiedAt *time.Time
	// IssuerName and IssuerEmail are read with the token for the list.
	IssuerName  string
	IssuerEmail string
}

// Expired reports whether the token's expiry has passed at now.
func (t *APIToken) Expired(now time.Time) bool {
	return t.ExpiresAt != nil && !now.Before(*t.ExpiresAt)
}

// Active reports whether the token is neither revoked nor expired at now.
func (t *APIToken) Active(now time.Time) bool {
	return t.RevokedAt == nil && !t.Expired(now)
}

// TokenObject names a token in the audit log: its name and display prefix,
// never its secret.
func TokenObject(t *APIToken) string {
	return "API key " + t.Name + " (" + t.Prefix + "…)"
}

// ErrTokenNameTaken refuses a second active token of one user under one name.
var ErrTokenNameTaken = &Error{Code: ECONFLICT, Message: "You already have an API key with that name. Choose another name, or revoke the old key first."}
