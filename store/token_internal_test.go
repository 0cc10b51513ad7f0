package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"slices"
	"testing"
	"time"

	"acctl/model"
)

// R-USR-3, R-TOK-3: revokeUserTokens revokes exactly the user's active
// tokens inside the caller's transaction, audits each, and rolls back with it.
func TestRevokeUserTokens(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t, defaultOptions)
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	acct := &model.Account{CompanyName: "Acme", Status: model.AccountActive, CreatedAt: at}
	owner := &model.User{Name: "Olive", Email: "olive@example.com", Role: model.RoleOwner, Status: model.UserActive, CreatedAt: at}
	if err := db.CreateAccount(ctx, acct, owner, &model.AuditEvent{Action: "account.created", At: at}); err != nil {
		t.Fatal(err)
	}
	other := &model.User{AccountID: acct.ID, Name: "Mo", Email: "mo@example.com", Role: model.RoleManager, Status: model.UserActive, CreatedAt: at}
	if err := db.CreateUser(ctx, other, nil); err != nil {
		t.Fatal(err)
	}
	past := at.Add(-time.Hour)
	add := func(u *model.User, name string, expires *time.Time) *model.APIToken {
		h := sha256.Sum256([]byte(u.Email + name))
		tok := &model.APIToken{AccountID: acct.ID, UserID: u.ID, Name: name, Access: model.TokenReadOnly, Prefix: "acctl_ro_x", Hash: h[:], CreatedAt: at.Add(-2 * time.Hour), ExpiresAt: expires}
		if err := db.CreateToken(ctx, tok, &model.AuditEvent{AccountID: acct.ID, Action: "token.created", At: tok.CreatedAt}); err != nil {
			t.Fatal(err)
		}
		return tok
	}
	add(owner, "ci", nil)
	add(owner, "backup", nil)
	add(owner, "old", &past)
	revoked := add(owner, "gone", nil)
	if err := db.RevokeToken(ctx, nil, revoked.ID, &model.AuditEvent{AccountID: acct.ID, Action: "token.revoked", At: past}); err != nil {
		t.Fatal(err)
	}
	othersToken := add(other, "ci", nil)

	active, err := db.ListActiveTokens(ctx, owner.ID, at)
	if err != nil {
		t.Fatal(err)
	}
	var activeNames []string
	for _, tok := range active {
		activeNames = append(activeNames, tok.Name)
	}
	if want := []string{"ci", "backup"}; !slices.Equal(activeNames, want) {
		t.Fatalf("active tokens = %v, want %v", activeNames, want)
	}

	actor := model.AuditEvent{ActorID: owner.ID, Actor: owner.Email, Detail: "user disabled", Origin: model.LocalOrigin}
	audits := func() int {
		var n int
		if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM audit_events WHERE action = 'token.revoked' AND detail = 'user disabled'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	// Rolled back with the caller's transaction: nothing changes.
	err = db.withTx(ctx, "test", func(tx *sql.Tx) error {
		if _, err := revokeUserTokens(ctx, tx, owner.ID, at, actor); err != nil {
			return err
		}
		return model.ErrBusy
	})
	if model.ErrorCode(err) != model.EBUSY {
		t.Fatalf("rollback: %v", err)
	}
	if still, _ := db.ListActiveTokens(ctx, owner.ID, at); len(still) != 2 || audits() != 0 {
		t.Fatalf("after rollback: %d active, %d audits; want 2, 0", len(still), audits())
	}

	var names []string
	err = db.withTx(ctx, "test", func(tx *sql.Tx) error {
		names, err = revokeUserTokens(ctx, tx, owner.ID, at, actor)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"ci", "backup"}; !slices.Equal(names, want) {
		t.Fatalf("revoked %v, want %v", names, want)
	}
	if still, _ := db.ListActiveTokens(ctx, owner.ID, at); len(still) != 0 {
		t.Fatalf("%d tokens still active", len(still))
	}
	if n := audits(); n != 2 {
		t.Fatalf("%d audit events, want one per token (2)", n)
	}
	for _, tok := range active {
		got, _ := db.FindToken(ctx, tok.ID)
		if got.RevokedAt == nil || !got.RevokedAt.Equal(at) {
			t.Fatalf("token %s revoked at %v, want %v", tok.Name, got.RevokedAt, at)
		}
	}
	if got, _ := db.FindToken(ctx, othersToken.ID); got.RevokedAt != nil {
		t.Fatal("another user's token was revoked")
	}
}
