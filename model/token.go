package model

import (
	"context"
	"slices"
	"strings"
	"time"
)

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

// Limits and windows of API tokens.
const (
	// MaxTokenNameLen bounds a token's name, in characters.
	MaxTokenNameLen = 64
	// TokenExpiryNotice is how long before its expiry the issuer is told
	// that a token expires (R-TOK-1).
	TokenExpiryNotice = 7 * 24 * time.Hour
	// TokenRevokedShown is how long a revoked token stays in the list.
	TokenRevokedShown = 7 * 24 * time.Hour
	// maxTokenLifetime bounds an expiry date: "never" is the choice for
	// longer.
	maxTokenLifetime = 5 * 365 * 24 * time.Hour
	// TokenDateLayout is how an expiry date is typed.
	TokenDateLayout = "2006-01-02"
)

// TokenExpiryDays are the lifetimes offered besides "never" and a date.
var TokenExpiryDays = []int{7, 30, 90}

// TokenExpiry says when a new token stops working: after Days days (one of
// TokenExpiryDays), or else at the start (00:00 UTC) of Date, typed as
// YYYY-MM-DD; both zero means never.
type TokenExpiry struct {
	Days int
	Date string
}

// Errors of API tokens.
var (
	// ErrTokenNotFound answers a token that does not exist or that the
	// caller may not see.
	ErrTokenNotFound = &Error{Code: ENOTFOUND, Message: "That API key no longer exists. Refresh the list and try again."}
	// ErrTokenRevoked refuses to revoke or rotate a revoked token.
	ErrTokenRevoked = &Error{Code: ECONFLICT, Message: "That API key is already revoked. Create a new key instead."}
	// ErrRotateOthersToken keeps a token's secret with its issuer.
	ErrRotateOthersToken = &Error{Code: EFORBIDDEN, Message: "Only the user who created an API key can rotate it, since the new key acts as them. You can revoke it instead."}
)

// State is how the list shows a token at now: "revoked", "expired" or
// "active".
func (t *APIToken) State(now time.Time) string {
	switch {
	case t.RevokedAt != nil:
		return "revoked"
	case t.Expired(now):
		return "expired"
	}
	return "active"
}

// ValidateTokenName trims a token's name and checks it.
func ValidateTokenName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", Errorf(EINVALID, "Enter a name for the key, such as the program or server that will use it.")
	}
	return name, checkText("The key's name", name, MaxTokenNameLen)
}

// validateTokenAccess refuses an unknown access level.
func validateTokenAccess(access TokenAccess) error {
	if tokenPrefix(access) == "" {
		return Errorf(EINVALID, "Choose the key's access: read-only or read-write.")
	}
	return nil
}

// ExpiresAt is when a token created at now with expiry e stops working;
// nil for never.
func (e TokenExpiry) ExpiresAt(now time.Time) (*time.Time, error) {
	if e.Days != 0 {
		if !slices.Contains(TokenExpiryDays, e.Days) {
			return nil, Errorf(EINVALID, "Choose an expiry of 7, 30 or 90 days, a date, or never.")
		}
		at := now.Add(time.Duration(e.Days) * 24 * time.Hour)
		return &at, nil
	}
	typed := strings.TrimSpace(e.Date)
	if typed == "" {
		return nil, nil
	}
	day, err := time.Parse(TokenDateLayout, typed)
	if err != nil {
		return nil, Errorf(EINVALID, "Type the expiry date as YYYY-MM-DD, for example %s.", now.AddDate(0, 1, 0).Format(TokenDateLayout))
	}
	if !day.After(now) {
		return nil, Errorf(EINVALID, "The expiry date must be in the future: pick a day after %s.", now.Format(TokenDateLayout))
	}
	if day.Sub(now) > maxTokenLifetime {
		return nil, Errorf(EINVALID, "The expiry date is more than five years away. Pick an earlier date, or choose never.")
	}
	return &day, nil
}

// CheckNewToken validates what CreateToken would take, and that the caller
// has no active key of that name, without asking for the password: the
// form calls it before the password prompt so that a mistake keeps the
// form as typed.
func (s *Service) CheckNewToken(ctx context.Context, name string, access TokenAccess, expiry TokenExpiry) error {
	a, err := s.Me(ctx)
	if err != nil {
		return err
	}
	_, _, err = s.checkNewToken(ctx, a, name, access, expiry)
	return err
}

func (s *Service) checkNewToken(ctx context.Context, a *Actor, name string, access TokenAccess, expiry TokenExpiry) (string, *time.Time, error) {
	name, err := ValidateTokenName(name)
	if err != nil {
		return "", nil, err
	}
	if err := validateTokenAccess(access); err != nil {
		return "", nil, err
	}
	expires, err := expiry.ExpiresAt(s.now())
	if err != nil {
		return "", nil, err
	}
	active, err := s.store.ListActiveTokens(ctx, a.User.ID, s.now())
	if err != nil {
		return "", nil, s.internal("list active tokens", err)
	}
	for _, t := range active {
		if t.Name == name {
			return "", nil, ErrTokenNameTaken
		}
	}
	return name, expires, nil
}

// CreateToken issues an API token for the caller after confirming their
// password (R-TOK-1, R-PWD-4, R-PWD-5) and returns its secret, to be shown
// once; only its SHA-256 hash is stored. The user gets the R-PWD-6 notice. The name is trimmed and unique
// among the caller's active tokens.
func (s *Service) CreateToken(ctx context.Context, name string, access TokenAccess, expiry TokenExpiry, password string) (string, *APIToken, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return "", nil, err
	}
	name, expires, err := s.checkNewToken(ctx, a, name, access, expiry)
	if err != nil {
		return "", nil, err
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return "", nil, err
	}
	secret, t, err := s.newToken(a, name, access, expires)
	if err != nil {
		return "", nil, err
	}
	if err := s.store.CreateToken(ctx, t, s.audit(a, "token.created", TokenObject(t), tokenDetail(t))); err != nil {
		return "", nil, s.internal("create token", err)
	}
	s.apiKeyNotice(ctx, a, t, "was created")
	return secret, t, nil
}

// apiKeyNotice sends the R-PWD-6 notice of a new API key: its name,
// display prefix, access and expiry, never its secret.
func (s *Service) apiKeyNotice(ctx context.Context, a *Actor, t *APIToken, how string) {
	s.securityNotice(ctx, a, a.User.Email, NotifyAPIKeyAdded, "an API key "+how,
		"The API key \""+t.Name+"\" ("+t.Prefix+"…, "+tokenDetail(t)+") "+how+" for your acctl user "+a.User.Email+": it acts as you in programs that hold it.")
}

// newToken draws a new secret and the token row that keeps its hash.
func (s *Service) newToken(a *Actor, name string, access TokenAccess, expires *time.Time) (string, *APIToken, error) {
	secret, hash, shown, err := newTokenSecret(access)
	if err != nil {
		return "", nil, s.internal("new token", err)
	}
	return secret, &APIToken{
		AccountID: a.Account.ID, UserID: a.User.ID, Name: name, Access: access, Prefix: shown, Hash: hash,
		CreatedAt: s.now(), ExpiresAt: expires, IssuerName: a.User.Name, IssuerEmail: a.User.Email,
	}, nil
}

// tokenDetail is a token's access and expiry for the audit log.
func tokenDetail(t *APIToken) string {
	if t.ExpiresAt == nil {
		return string(t.Access) + ", never expires"
	}
	return string(t.Access) + ", expires " + t.ExpiresAt.Format("2006-01-02 15:04 MST")
}

// ListTokens returns the tokens the caller may see, newest first (R-TOK-2):
// an owner sees every token of the account, a manager only their own,
// since managers do not manage other users (R-ACC-4). Revoked tokens stay
// listed for TokenRevokedShown.
func (s *Service) ListTokens(ctx context.Context) ([]*APIToken, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	f := TokenFilter{AccountID: a.Account.ID, RevokedSince: s.now().Add(-TokenRevokedShown)}
	if !a.Can(ActionManageOthersKeys) {
		f.UserID = a.User.ID
	}
	list, err := s.store.ListTokens(ctx, f)
	return list, s.internal("list tokens", err)
}

// Token returns one token the caller may see, for its details.
func (s *Service) Token(ctx context.Context, id int64) (*APIToken, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	return s.visibleToken(ctx, a, id)
}

// visibleToken loads token id when a may see it (as ListTokens); anything
// else is ErrTokenNotFound, so that a manager learns nothing of others'.
func (s *Service) visibleToken(ctx context.Context, a *Actor, id int64) (*APIToken, error) {
	t, err := s.store.FindToken(ctx, id)
	if ErrorCode(err) == ENOTFOUND {
		return nil, ErrTokenNotFound
	}
	if err != nil {
		return nil, s.internal("find token", err)
	}
	if !CanManageKeyOf(a.User, t.AccountID, t.UserID) {
		return nil, ErrTokenNotFound
	}
	return t, nil
}

// RevokeToken revokes a token after confirming the caller's password
// (R-TOK-2, R-PWD-4): the caller's own, or, for an owner, anyone's in the
// account. It fails verification from then on.
func (s *Service) RevokeToken(ctx context.Context, id int64, password string) error {
	a, err := s.Me(ctx)
	if err != nil {
		return err
	}
	t, err := s.visibleToken(ctx, a, id)
	if err != nil {
		return err
	}
	if t.RevokedAt != nil {
		return ErrTokenRevoked
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return err
	}
	err = s.store.RevokeToken(ctx, a.Guard(""), id, s.audit(a, "token.revoked", TokenObject(t), "issued by "+t.IssuerEmail))
	if ErrorCode(err) == ENOTFOUND {
		return ErrTokenRevoked // revoked meanwhile
	}
	return s.internal("revoke token", err)
}

// RotateToken replaces one of the caller's tokens by a new secret under the
// same name and access, after confirming the password (R-TOK-2, R-PWD-4).
// The old secret fails at once; the new one lasts as long as the old one
// was meant to, from now. Only the issuer may rotate (ErrRotateOthersToken).
func (s *Service) RotateToken(ctx context.Context, id int64, password string) (string, *APIToken, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return "", nil, err
	}
	old, err := s.visibleToken(ctx, a, id)
	if err != nil {
		return "", nil, err
	}
	if old.UserID != a.User.ID {
		return "", nil, ErrRotateOthersToken
	}
	if old.RevokedAt != nil {
		return "", nil, ErrTokenRevoked
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return "", nil, err
	}
	var expires *time.Time
	if old.ExpiresAt != nil {
		at := s.now().Add(old.ExpiresAt.Sub(old.CreatedAt))
		expires = &at
	}
	secret, t, err := s.newToken(a, old.Name, old.Access, expires)
	if err != nil {
		return "", nil, err
	}
	err = s.store.RotateToken(ctx, old.ID, t, s.audit(a, "token.rotated", TokenObject(t), "replaces "+old.Prefix+"…; "+tokenDetail(t)))
	if ErrorCode(err) == ENOTFOUND {
		return "", nil, ErrTokenRevoked
	}
	if err != nil {
		return "", nil, s.internal("rotate token", err)
	}
	s.apiKeyNotice(ctx, a, t, "was rotated: a new secret replaces the old one")
	return secret, t, nil
}
