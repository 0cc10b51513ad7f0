package model

import (
	"context"
	"time"
)

// SeedToken stores an API token of u directly in st, as if u had created
// it at created, and returns it; its secret is drawn and dropped, so that
// nobody holds it. It is for seeding demo databases and tests only: it
// bypasses the password confirmation of CreateToken.
func SeedToken(ctx context.Context, st Store, u *User, name string, access TokenAccess, created time.Time, expires *time.Time) (*APIToken, error) {
	_, hash, shown, err := newTokenSecret(access)
	if err != nil {
		return nil, err
	}
	t := &APIToken{AccountID: u.AccountID, UserID: u.ID, Name: name, Access: access, Prefix: shown, Hash: hash,
		CreatedAt: created, ExpiresAt: expires, IssuerName: u.Name, IssuerEmail: u.Email}
	audit := &AuditEvent{AccountID: u.AccountID, ActorID: u.ID, Actor: u.Email, Action: "token.created",
		Object: TokenObject(t), Detail: tokenDetail(t), Origin: LocalOrigin, At: created}
	if err := st.CreateToken(ctx, t, audit); err != nil {
		return nil, err
	}
	return t, nil
}
