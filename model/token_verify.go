package model

import (
	"context"
	"crypto/subtle"
	"strings"
	"time"
)

// TokenIdentity is who an API call acts as: the token's account, its
// issuer and its access level (R-TOK-1, R-TOK-3).
type TokenIdentity struct {
	AccountID int64
	UserID    int64
	TokenID   int64
	Access    TokenAccess
}

// Allows reports whether the identity may make a request with method: a
// read-only token only GET and HEAD, a read-write token anything (R-TOK-1).
func (id *TokenIdentity) Allows(method string) bool {
	if id.Access == TokenReadWrite {
		return true
	}
	return method == "GET" || method == "HEAD"
}

// TokenRefusal is why VerifyToken refused a token: for the log and tests,
// never for the caller, who gets ErrTokenInvalid whatever the reason.
type TokenRefusal string

// Reasons to refuse a token.
const (
	TokenMalformed    TokenRefusal = "malformed"
	TokenBadChecksum  TokenRefusal = "bad checksum"
	TokenUnknown      TokenRefusal = "unknown"
	TokenRevoked      TokenRefusal = "revoked"
	TokenExpired      TokenRefusal = "expired"
	TokenUserDisabled TokenRefusal = "user disabled"
	// TokenAccountDeactivated: the token's account was deactivated (R-SET-5).
	TokenAccountDeactivated TokenRefusal = "account deactivated"
)

// ErrTokenInvalid is the one answer to a refused API token.
var ErrTokenInvalid = &Error{Code: EUNAUTHORIZED, Message: "That API key is not valid: it is mistyped, revoked or expired. Create a new key in acctl under API keys."}

// TokenError is VerifyToken's refusal. It unwraps to ErrTokenInvalid, so
// ErrorCode and ErrorMessage give one outward answer; Reason says which.
type TokenError struct {
	Reason TokenRefusal
}

// Error implements the error interface.
func (e *TokenError) Error() string { return "api token refused: " + string(e.Reason) }

// Unwrap gives ErrTokenInvalid.
func (e *TokenError) Unwrap() error { return ErrTokenInvalid }

// tokenTouchEvery spaces the writes of a token's last use.
const tokenTouchEvery = time.Minute

// VerifyToken resolves an API token to the account, user and access it
// acts as, for the API (R-TOK-1, R-TOK-3). Its shape and checksum are
// checked before any database read; it is looked up by its SHA-256 hash and
// the hash compared in constant time. Revoked and expired tokens, and those
// of a user who is not active, are refused (R-USR-3); every refusal is a
// *TokenError. A success records the last use, at most once a minute.
func (s *Service) VerifyToken(ctx context.Context, secret string) (*TokenIdentity, error) {
	secret = strings.TrimSpace(secret)
	access, refusal := parseToken(secret)
	if refusal != "" {
		return nil, &TokenError{Reason: refusal}
	}
	hash := hashToken(secret)
	t, err := s.store.FindTokenByHash(ctx, hash)
	if ErrorCode(err) == ENOTFOUND {
		return nil, &TokenError{Reason: TokenUnknown}
	}
	if err != nil {
		return nil, s.internal("find token", err)
	}
	if subtle.ConstantTimeCompare(t.Hash, hash) != 1 || t.Access != access {
		return nil, &TokenError{Reason: TokenUnknown}
	}
	now := s.now()
	switch {
	case t.RevokedAt != nil:
		return nil, &TokenError{Reason: TokenRevoked}
	case t.Expired(now):
		return nil, &TokenError{Reason: TokenExpired}
	}
	u, err := s.store.FindUserByID(ctx, t.UserID)
	if err != nil {
		return nil, s.internal("find token user", err)
	}
	if u.Status != UserActive {
		return nil, &TokenError{Reason: TokenUserDisabled}
	}
	if err := s.accountOpen(ctx, u.AccountID); err == ErrAccountDeactivated { // R-SET-5
		return nil, &TokenError{Reason: TokenAccountDeactivated}
	} else if err != nil {
		return nil, err
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= tokenTouchEvery {
		if err := s.store.TouchToken(ctx, t.ID, now); err != nil {
			s.log.Error("touch token", "token", t.ID, "err", err) // the call goes on
		}
	}
	return &TokenIdentity{AccountID: t.AccountID, UserID: t.UserID, TokenID: t.ID, Access: t.Access}, nil
}
