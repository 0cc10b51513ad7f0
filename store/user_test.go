package store_test

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"acctl/model"
	"acctl/store"
)

func ptr[T any](v T) *T { return &v }

// activeOwners counts an account's active owners.
func activeOwners(t *testing.T, db *store.DB, accountID int64) int {
	t.Helper()
	users, err := db.ListUsers(ctx, accountID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, u := range users {
		if u.Role == model.RoleOwner && u.Status == model.UserActive {
			n++
		}
	}
	return n
}

func auditCount(t *testing.T, db *store.DB, accountID int64) int {
	t.Helper()
	list, err := db.ListAudit(ctx, accountID, model.EventPage{Limit: model.MaxPage})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// R-ACC-1: a change that would leave the account without an active owner
// fails with ErrLastOwner, records nothing, and changes nothing.
func TestLastOwner(t *testing.T) {
	for _, tc := range []struct {
		name   string
		others []model.UserStatus
		upd    model.UserUpdate
		want   error
	}{
		{"demote the only owner", nil, model.UserUpdate{Role: ptr(model.RoleManager)}, model.ErrLastOwner},
		{"disable the only owner", nil, model.UserUpdate{Status: ptr(model.UserDisabled)}, model.ErrLastOwner},
		{"uninvite the only owner", nil, model.UserUpdate{Status: ptr(model.UserInvited)}, model.ErrLastOwner},
		{"demote when the other owner is disabled", []model.UserStatus{model.UserDisabled}, model.UserUpdate{Role: ptr(model.RoleManager)}, model.ErrLastOwner},
		{"demote when the other owner is only invited", []model.UserStatus{model.UserInvited}, model.UserUpdate{Role: ptr(model.RoleManager)}, model.ErrLastOwner},
		{"demote with another active owner", []model.UserStatus{model.UserActive}, model.UserUpdate{Role: ptr(model.RoleManager)}, nil},
		{"disable with another active owner", []model.UserStatus{model.UserActive}, model.UserUpdate{Status: ptr(model.UserDisabled)}, nil},
		{"rename the only owner", nil, model.UserUpdate{Name: ptr("New Name")}, nil},
		{"keep the only owner an active owner", nil, model.UserUpdate{Role: ptr(model.RoleOwner), Status: ptr(model.UserActive)}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, _ := newDB(t)
			a, owner := newAccount(t, db, uniqueEmail("owner"))
			for _, st := range tc.others {
				newUser(t, db, a.ID, uniqueEmail("other"), model.RoleOwner, st)
			}
			newUser(t, db, a.ID, uniqueEmail("manager"), model.RoleManager, model.UserActive)
			audits := auditCount(t, db, a.ID)
			u, err := db.UpdateUser(ctx, owner.ID, tc.upd, &model.AuditEvent{AccountID: a.ID, Action: "user.changed", At: t0})
			if err != tc.want {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if err != nil {
				if u != nil {
					t.Errorf("returned a user with the error: %+v", u)
				}
				if got, _ := db.FindUserByID(ctx, owner.ID); got.Role != model.RoleOwner || got.Status != model.UserActive {
					t.Errorf("the refused change was written: %+v", got)
				}
				if n := auditCount(t, db, a.ID); n != audits {
					t.Errorf("a refused change was audited: %d events, were %d", n, audits)
				}
				return
			}
			if n := activeOwners(t, db, a.ID); n < 1 {
				t.Fatalf("%d active owners", n)
			}
			if n := auditCount(t, db, a.ID); n != audits+1 {
				t.Errorf("%d audit events, want %d", n, audits+1)
			}
		})
	}
}

// R-ACC-1: the only two active owners demote (or disable) each other at the
// same moment, through two handles as two processes would: one change
// wins, the other gets ErrLastOwner, and one active owner remains. The
// owners are counted inside the write transaction, so this cannot race.
func TestConcurrentDemotionsKeepOneOwner(t *testing.T) {
	path := newPath(t)
	h1, h2 := openDB(t, path), openDB(t, path)
	changes := map[string][2]model.UserUpdate{
		"demote both":        {{Role: ptr(model.RoleManager)}, {Role: ptr(model.RoleManager)}},
		"disable both":       {{Status: ptr(model.UserDisabled)}, {Status: ptr(model.UserDisabled)}},
		"demote and disable": {{Role: ptr(model.RoleManager)}, {Status: ptr(model.UserDisabled)}},
	}
	for name, upd := range changes {
		t.Run(name, func(t *testing.T) {
			for round := range 20 {
				a, first := newAccount(t, h1, uniqueEmail("first"))
				second := newUser(t, h1, a.ID, uniqueEmail("second"), model.RoleOwner, model.UserActive)
				var errs [2]error
				var wg sync.WaitGroup
				start := newBarrier(2)
				for i, job := range []struct {
					db *store.DB
					id int64
				}{{h1, first.ID}, {h2, second.ID}} {
					wg.Go(func() {
						start.wait()
						_, errs[i] = job.db.UpdateUser(ctx, job.id, upd[i], &model.AuditEvent{AccountID: a.ID, Action: "user.role_changed", At: t0})
					})
				}
				wg.Wait()
				failed := 0
				for _, err := range errs {
					switch err {
					case nil:
					case model.ErrLastOwner:
						failed++
					default:
						t.Fatalf("round %d: %v", round, err)
					}
				}
				if failed != 1 {
					t.Fatalf("round %d: errors %v, want exactly one ErrLastOwner", round, errs)
				}
				if n := activeOwners(t, h2, a.ID); n != 1 {
					t.Fatalf("round %d: %d active owners, want 1", round, n)
				}
			}
		})
	}
}

// R-ACC-2: an email belongs to one user in the whole store, compared
// without case, whichever way it arrives; a refused insert leaves no row,
// no audit event and no ID behind.
func TestEmailTaken(t *testing.T) {
	db, _ := newDB(t)
	a, _ := newAccount(t, db, "ann@example.com")
	b, bob := newAccount(t, db, "bob@example.com")

	acct := &model.Account{CompanyName: "Copycat", Status: model.AccountActive, CreatedAt: t0}
	owner := &model.User{Name: "Ann Again", Email: "ANN@Example.com", Role: model.RoleOwner, Status: model.UserActive, CreatedAt: t0}
	audit := &model.AuditEvent{Action: "account.created", At: t0}
	if err := db.CreateAccount(ctx, acct, owner, audit); err != model.ErrEmailTaken {
		t.Fatalf("CreateAccount: %v, want ErrEmailTaken", err)
	}
	if acct.ID != 0 || owner.ID != 0 || owner.AccountID != 0 || audit.ID != 0 || audit.AccountID != 0 {
		t.Errorf("IDs of rolled-back rows were left: %d %d %d %d %d", acct.ID, owner.ID, owner.AccountID, audit.ID, audit.AccountID)
	}
	if _, err := db.FindAccountByID(ctx, b.ID+1); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("the refused account was kept: %v", err)
	}

	u := &model.User{AccountID: b.ID, Name: "Ann", Email: "ann@EXAMPLE.com", Role: model.RoleManager, Status: model.UserInvited, CreatedAt: t0}
	if err := db.CreateUser(ctx, u, &model.AuditEvent{Action: "user.invited", At: t0}); err != model.ErrEmailTaken {
		t.Fatalf("CreateUser: %v, want ErrEmailTaken", err)
	}
	if u.ID != 0 {
		t.Errorf("refused user got ID %d", u.ID)
	}
	if _, err := db.UpdateUser(ctx, bob.ID, model.UserUpdate{Email: ptr("Ann@example.COM")}, nil); err != model.ErrEmailTaken {
		t.Fatalf("UpdateUser: %v, want ErrEmailTaken", err)
	}
	if n := auditCount(t, db, a.ID) + auditCount(t, db, b.ID); n != 2 {
		t.Errorf("%d audit events, want the 2 sign-ups only", n)
	}
	if got, err := db.UpdateUser(ctx, bob.ID, model.UserUpdate{Email: ptr("bob@example.org")}, nil); err != nil || got.Email != "bob@example.org" {
		t.Fatalf("changing to a free address: %+v, %v", got, err)
	}
	if got, err := db.FindUserByEmail(ctx, "BOB@example.org"); err != nil || got.ID != bob.ID {
		t.Fatalf("FindUserByEmail in another case: %+v, %v", got, err)
	}
}

// R-ACC-2: two sign-ups with one address in different cases, at once,
// through two handles: one account and one ErrEmailTaken.
func TestConcurrentSignUpsOneEmail(t *testing.T) {
	path := newPath(t)
	h1, h2 := openDB(t, path), openDB(t, path)
	for round := range 10 {
		email := uniqueEmail("race")
		var errs [2]error
		var wg sync.WaitGroup
		start := newBarrier(2)
		for i, addr := range []string{email, strings.ToUpper(email)} {
			db := []*store.DB{h1, h2}[i]
			wg.Go(func() {
				a := &model.Account{CompanyName: fmt.Sprint("Race ", i), Status: model.AccountActive, CreatedAt: t0}
				u := &model.User{Name: "Racer", Email: addr, Role: model.RoleOwner, Status: model.UserActive, CreatedAt: t0}
				start.wait()
				errs[i] = db.CreateAccount(ctx, a, u, &model.AuditEvent{Action: "account.created", At: t0})
			})
		}
		wg.Wait()
		if !(errs[0] == nil && errs[1] == model.ErrEmailTaken) && !(errs[1] == nil && errs[0] == model.ErrEmailTaken) {
			t.Fatalf("round %d: %v, want one nil and one ErrEmailTaken", round, errs)
		}
	}
	// Every account has its owner: no half-made sign-up was kept.
	for id := int64(1); ; id++ {
		if _, err := h1.FindAccountByID(ctx, id); err != nil {
			wantCode(t, err, model.ENOTFOUND)
			if id != 11 {
				t.Fatalf("%d accounts, want 10", id-1)
			}
			break
		}
		if users, _ := h1.ListUsers(ctx, id); len(users) != 1 {
			t.Fatalf("account %d has %d users", id, len(users))
		}
	}
}

// Round trips keep every field; times come back in UTC with their
// nanoseconds. R-ACC-3: the first user must be an active owner.
func TestAccountAndUserRoundTrip(t *testing.T) {
	db, _ := newDB(t)
	a := &model.Account{CompanyName: "Northwind", Billing: model.Address{Street: "12 Harbour Lane", City: "Bristol", PostalCode: "BS1 4RN", Country: "GB"},
		Status: model.AccountActive, Enforce2FA: true, CreatedAt: t0.In(time.FixedZone("X", 3600))}
	login := t0.Add(time.Hour)
	u := &model.User{Name: "Ann", Email: "ann@example.com", Role: model.RoleOwner, Status: model.UserActive, PasswordHash: "$argon2id$h",
		TOTPEnabled: true, NotifySignIn: true, LastLoginAt: &login, CreatedAt: t0}
	if has, _ := db.HasAccounts(ctx); has {
		t.Fatal("HasAccounts on an empty store")
	}
	if err := db.CreateAccount(ctx, a, u, nil); err != nil {
		t.Fatal(err)
	}
	if has, _ := db.HasAccounts(ctx); !has {
		t.Fatal("HasAccounts = false")
	}
	gotA, err := db.FindAccountByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantA := *a
	wantA.CreatedAt = t0
	if !reflect.DeepEqual(*gotA, wantA) {
		t.Errorf("account\n%+v, want\n%+v", *gotA, wantA)
	}
	gotU, err := db.FindUserByID(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if gotU.AccountID != a.ID || !reflect.DeepEqual(*gotU, *u) {
		t.Errorf("user\n%+v, want\n%+v", *gotU, *u)
	}
	later := t0.Add(48 * time.Hour)
	if err := db.RecordLogin(ctx, u.ID, later); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.FindUserByEmail(ctx, u.Email); got.LastLoginAt == nil || !got.LastLoginAt.Equal(later) {
		t.Errorf("last login %v, want %v", got.LastLoginAt, later)
	}

	for _, bad := range []*model.User{
		{Name: "M", Email: "m@example.com", Role: model.RoleManager, Status: model.UserActive},
		{Name: "I", Email: "i@example.com", Role: model.RoleOwner, Status: model.UserInvited},
	} {
		if err := db.CreateAccount(ctx, &model.Account{CompanyName: "X", Status: model.AccountActive}, bad, nil); err == nil {
			t.Errorf("an account was created with a first user who is %s %s", bad.Status, bad.Role)
		}
	}
}

func TestListUsersOrder(t *testing.T) {
	db, _ := newDB(t)
	a, _ := newAccount(t, db, "zed@example.com") // "Owner zed@…"
	for _, name := range []string{"bob", "Alice", "carol", "Alice"} {
		u := &model.User{AccountID: a.ID, Name: name, Email: uniqueEmail(name), Role: model.RoleManager, Status: model.UserActive, CreatedAt: t0}
		if err := db.CreateUser(ctx, u, nil); err != nil {
			t.Fatal(err)
		}
	}
	newAccount(t, db, "elsewhere@example.com")
	users, err := db.ListUsers(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for i, u := range users {
		names = append(names, u.Name)
		if i > 0 && u.Name == users[i-1].Name && u.ID < users[i-1].ID {
			t.Errorf("equal names out of id order")
		}
	}
	if got := strings.Join(names, ","); got != "Alice,Alice,bob,carol,Owner zed@example.com" {
		t.Fatalf("order %s", got)
	}
}

// Finding what does not exist gives ENOTFOUND, which the Service turns
// into a sentence.
func TestNotFound(t *testing.T) {
	db, _ := newDB(t)
	_, owner := newAccount(t, db, "here@example.com")
	for name, f := range map[string]func() error{
		"FindAccountByID":       func() error { _, err := db.FindAccountByID(ctx, 999); return err },
		"FindUserByID":          func() error { _, err := db.FindUserByID(ctx, 999); return err },
		"FindUserByEmail":       func() error { _, err := db.FindUserByEmail(ctx, "nobody@example.com"); return err },
		"FindSession":           func() error { _, err := db.FindSession(ctx, "nope"); return err },
		"UpdateUser":            func() error { _, err := db.UpdateUser(ctx, 999, model.UserUpdate{Name: ptr("x")}, nil); return err },
		"RecordLogin":           func() error { return db.RecordLogin(ctx, 999, t0) },
		"TouchSession":          func() error { return db.TouchSession(ctx, "nope", t0) },
		"ReauthenticateSession": func() error { return db.ReauthenticateSession(ctx, "nope", "new", t0) },
		"CloseSession":          func() error { return db.CloseSession(ctx, owner.ID, "nope", t0, nil) },
		"CreateUser in no account": func() error {
			return db.CreateUser(ctx, &model.User{AccountID: 999, Name: "x", Email: "x@example.com", Role: model.RoleManager, Status: model.UserInvited}, nil)
		},
	} {
		t.Run(name, func(t *testing.T) { wantCode(t, f(), model.ENOTFOUND) })
	}
}

// R-AUD-1: a change and its audit event commit together; the event keeps
// who, what, which object, when and from where, and gets the IDs of rows
// the change created.
func TestAuditCommitsWithTheChange(t *testing.T) {
	db, _ := newDB(t)
	a := &model.Account{CompanyName: "Audited", Status: model.AccountActive, CreatedAt: t0}
	owner := &model.User{Name: "Ann", Email: "audit@example.com", Role: model.RoleOwner, Status: model.UserActive, CreatedAt: t0}
	origin := model.Origin{Remote: "203.0.113.7:51234"}
	signup := &model.AuditEvent{Actor: owner.Email, Action: "account.created", Object: "account", Detail: "signed up", Origin: origin, At: t0}
	if err := db.CreateAccount(ctx, a, owner, signup); err != nil {
		t.Fatal(err)
	}
	if signup.ID == 0 || signup.AccountID != a.ID || signup.ActorID != owner.ID {
		t.Fatalf("audit event IDs: %+v (account %d, owner %d)", signup, a.ID, owner.ID)
	}
	rename := &model.AuditEvent{AccountID: a.ID, ActorID: owner.ID, Actor: owner.Email, Action: "user.name_changed", Object: "user audit@example.com", Detail: "to Anne", Origin: model.LocalOrigin, At: t0.Add(time.Second)}
	if _, err := db.UpdateUser(ctx, owner.ID, model.UserUpdate{Name: ptr("Anne")}, rename); err != nil {
		t.Fatal(err)
	}
	refused := &model.AuditEvent{AccountID: a.ID, Action: "user.role_changed", At: t0.Add(2 * time.Second)}
	if _, err := db.UpdateUser(ctx, owner.ID, model.UserUpdate{Role: ptr(model.RoleManager)}, refused); err != model.ErrLastOwner {
		t.Fatal(err)
	}
	system := &model.AuditEvent{AccountID: a.ID, Action: "account.pin_rotated", At: t0.Add(3 * time.Second)}
	if err := db.AddAudit(ctx, system); err != nil {
		t.Fatal(err)
	}
	list, err := db.ListAudit(ctx, a.ID, model.EventPage{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	want := []*model.AuditEvent{system, rename, signup}
	if len(list) != len(want) {
		t.Fatalf("%d events, want %d: %+v", len(list), len(want), list)
	}
	for i := range want {
		if !reflect.DeepEqual(list[i], want[i]) {
			t.Errorf("event %d:\n%+v, want\n%+v", i, list[i], want[i])
		}
	}
}
