package store_test

import (
	"testing"
	"time"

	"acctl/model"
	"acctl/store"
)

// invite creates an invited user of account a with an invitation whose
// secret is secret, expiring a week after t0.
func invite(t *testing.T, db *store.DB, accountID int64, email, secret string) (*model.User, *model.Invitation) {
	t.Helper()
	u := &model.User{AccountID: accountID, Email: email, Role: model.RoleManager, Status: model.UserInvited, CreatedAt: t0}
	inv := &model.Invitation{SecretHash: codeHash(secret), CreatedAt: t0, ExpiresAt: t0.Add(model.InvitationTTL)}
	if err := db.CreateInvitation(ctx, nil, u, inv, audit("user.invited")); err != nil {
		t.Fatalf("invite %s: %v", email, err)
	}
	return u, inv
}

func TestCreateInvitation(t *testing.T) { // R-USR-1, R-ACC-2
	db, _ := newDB(t)
	a, _ := newAccount(t, db, uniqueEmail("wile"))
	u, inv := invite(t, db, a.ID, "road@acme.example", "secret-1")
	if u.ID == 0 || inv.UserID != u.ID || inv.AccountID != a.ID {
		t.Fatalf("IDs not set: user %d, invitation %+v", u.ID, inv)
	}
	got, err := db.FindInvitation(ctx, codeHash("secret-1"))
	if err != nil || got.UserID != u.ID || !got.ExpiresAt.Equal(t0.Add(model.InvitationTTL)) {
		t.Fatalf("FindInvitation = %+v, %v", got, err)
	}
	stored, err := db.FindUserByID(ctx, u.ID)
	if err != nil || stored.Status != model.UserInvited || stored.PasswordHash != "" {
		t.Fatalf("invited user = %+v, %v", stored, err)
	}
	_, err = db.FindInvitation(ctx, codeHash("secret-2"))
	wantCode(t, err, model.ENOTFOUND)

	// R-ACC-2: the same address in another case, in another account, is
	// refused and leaves nothing behind.
	other, _ := newAccount(t, db, uniqueEmail("other"))
	before := auditCount(t, db, other.ID)
	dup := &model.User{AccountID: other.ID, Email: "Road@ACME.example", Role: model.RoleManager, Status: model.UserInvited, CreatedAt: t0}
	dupInv := &model.Invitation{SecretHash: codeHash("secret-3"), CreatedAt: t0, ExpiresAt: t0.Add(model.InvitationTTL)}
	if err := db.CreateInvitation(ctx, nil, dup, dupInv, audit("user.invited")); err != model.ErrEmailTaken {
		t.Fatalf("duplicate email: %v, want ErrEmailTaken", err)
	}
	if dup.ID != 0 || dupInv.UserID != 0 {
		t.Fatalf("IDs of a rolled-back invitation left behind: %d, %d", dup.ID, dupInv.UserID)
	}
	_, err = db.FindInvitation(ctx, codeHash("secret-3"))
	wantCode(t, err, model.ENOTFOUND)
	if n := auditCount(t, db, other.ID); n != before {
		t.Fatalf("a refused invitation was audited: %d events, want %d", n, before)
	}
}

func TestRenewInvitation(t *testing.T) { // R-USR-1: a new secret, the old one dead
	db, _ := newDB(t)
	a, owner := newAccount(t, db, uniqueEmail("wile"))
	u, _ := invite(t, db, a.ID, uniqueEmail("road"), "old")
	later := t0.Add(3 * 24 * time.Hour)
	renewed := &model.Invitation{UserID: u.ID, AccountID: a.ID, InvitedBy: owner.ID, SecretHash: codeHash("new"), CreatedAt: later, ExpiresAt: later.Add(model.InvitationTTL)}
	if err := db.RenewInvitation(ctx, nil, renewed, audit("user.invitation_resent")); err != nil {
		t.Fatal(err)
	}
	_, err := db.FindInvitation(ctx, codeHash("old"))
	wantCode(t, err, model.ENOTFOUND)
	got, err := db.FindInvitation(ctx, codeHash("new"))
	if err != nil || got.UserID != u.ID || got.InvitedBy != owner.ID || !got.ExpiresAt.Equal(later.Add(model.InvitationTTL)) {
		t.Fatalf("renewed invitation = %+v, %v", got, err)
	}
	// An active user has no invitation to renew.
	renewed.UserID, renewed.SecretHash = owner.ID, codeHash("owner")
	wantCode(t, db.RenewInvitation(ctx, nil, renewed, audit("user.invitation_resent")), model.ENOTFOUND)
	_, err = db.FindInvitation(ctx, codeHash("owner"))
	wantCode(t, err, model.ENOTFOUND)
}

func TestCancelInvitation(t *testing.T) { // R-USR-1
	db, _ := newDB(t)
	a, owner := newAccount(t, db, uniqueEmail("wile"))
	email := uniqueEmail("road")
	u, _ := invite(t, db, a.ID, email, "secret")
	n := &model.Notification{AccountID: a.ID, UserID: u.ID, Channel: model.ChannelEmail, To: email, Subject: "invited", Body: "code",
		Kind: model.NotifyInvitation, CarriesCode: true, Status: model.NotificationQueued, CreatedAt: t0, NextAttemptAt: t0}
	if err := db.AddNotification(ctx, n); err != nil {
		t.Fatal(err)
	}
	// An attempt to sign in as the invited user names them in the log.
	if err := db.AddAuthEvent(ctx, &model.AuthEvent{UserID: u.ID, AccountID: a.ID, Email: email, Kind: model.AuthSignIn, Result: model.AuthWrongPassword, At: t0}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, db.CancelInvitation(ctx, nil, owner.ID, audit("user.invitation_cancelled")), model.ENOTFOUND)
	if _, err := db.FindUserByID(ctx, owner.ID); err != nil {
		t.Fatalf("refusing to cancel an active user removed them: %v", err)
	}
	before := auditCount(t, db, a.ID)
	if err := db.CancelInvitation(ctx, nil, u.ID, audit("user.invitation_cancelled")); err != nil {
		t.Fatal(err)
	}
	_, err := db.FindUserByID(ctx, u.ID)
	wantCode(t, err, model.ENOTFOUND)
	_, err = db.FindInvitation(ctx, codeHash("secret"))
	wantCode(t, err, model.ENOTFOUND)
	_, err = db.FindNotification(ctx, n.ID)
	wantCode(t, err, model.ENOTFOUND)
	if got := auditCount(t, db, a.ID); got != before+1 {
		t.Fatalf("audit events = %d, want %d", got, before+1)
	}
	wantCode(t, db.CancelInvitation(ctx, nil, u.ID, audit("user.invitation_cancelled")), model.ENOTFOUND)
	// The address is free again (R-ACC-2).
	invite(t, db, a.ID, email, "again")
}

func TestAcceptInvitation(t *testing.T) { // R-USR-1, R-2FA-8
	db, _ := newDB(t)
	a, _ := newAccount(t, db, uniqueEmail("wile"))
	u, _ := invite(t, db, a.ID, uniqueEmail("road"), "secret")
	at := t0.Add(time.Hour)
	accept := func(secret string, at time.Time) (*model.User, error) {
		e := audit("user.invitation_accepted")
		e.At = at
		return db.AcceptInvitation(ctx, codeHash(secret), "Road Runner", "$argon2id$road", e)
	}
	_, err := accept("wrong", at)
	wantCode(t, err, model.ENOTFOUND)
	got, err := accept("secret", at)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != u.ID || got.Status != model.UserActive || got.Name != "Road Runner" || got.PasswordHash != "$argon2id$road" ||
		got.LastLoginAt == nil || !got.LastLoginAt.Equal(at) {
		t.Fatalf("accepted user = %+v", got)
	}
	st, err := db.TwoFactor(ctx, u.ID)
	if err != nil || !st.MustEnable {
		t.Fatalf("newcomer mark = %+v, %v; want set (R-2FA-8)", st, err)
	}
	// Single use.
	_, err = accept("secret", at)
	wantCode(t, err, model.ENOTFOUND)
}

func TestAcceptExpiredInvitation(t *testing.T) { // R-USR-1: 7 days
	db, _ := newDB(t)
	a, _ := newAccount(t, db, uniqueEmail("wile"))
	u, inv := invite(t, db, a.ID, uniqueEmail("road"), "secret")
	e := audit("user.invitation_accepted")
	e.At = inv.ExpiresAt
	if _, err := db.AcceptInvitation(ctx, codeHash("secret"), "Road Runner", "$argon2id$road", e); err != model.ErrInvitationExpired {
		t.Fatalf("accept at expiry: %v, want ErrInvitationExpired", err)
	}
	still, err := db.FindUserByID(ctx, u.ID)
	if err != nil || still.Status != model.UserInvited || still.PasswordHash != "" {
		t.Fatalf("after a refused accept the user is %+v, %v; want still invited", still, err)
	}
}
