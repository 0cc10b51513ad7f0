// Package demo seeds a database with a realistic account for `acctl --demo`
// and offline demonstrations: a company with a billing address, owners,
// managers, an invited and a disabled user, weeks of sign-in history from
// several addresses with failures among the successes, sessions and a
// security log; a second customer, and the provider's staff member who
// answers both companies' support requests and verifications
// (SeedRequests).
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"acctl/model"
)

// Password is every demo user's password; the sign-in screen shows it.
const Password = "harbour-lantern-copper-42"

// PasswordHash is Password hashed once with model.DefaultArgon2, shared by
// every demo user, so that seeding runs no argon2 (25 ms a hash, on every
// --demo start: issue 9). It is a real hash at the full cost of R-PWD-1;
// TestPasswordHash checks both.
const PasswordHash = "$argon2id$v=19$m=19456,t=2,p=1$sMNVcHPNMy29cmbqW+kqNQ$c9HsIqQjOCVH00/Oos0xBCnkz3lj2WXK6qJfxdfwxv4"

// Login is a demo user the sign-in screen offers.
type Login struct {
	Email string
	Role  model.Role
}

// Logins are the demo users that can sign in, first the main one.
var Logins = []Login{
	{Email: "ada@northwind.example", Role: model.RoleOwner},
	{Email: "grace@northwind.example", Role: model.RoleManager},
	{Email: StaffEmail, Role: model.RoleStaff},
}

type person struct {
	name, email string
	role        model.Role
	status      model.UserStatus
}

var people = []person{
	{"Ada Lovelace", "ada@northwind.example", model.RoleOwner, model.UserActive},
	{"Charles Babbage", "charles@northwind.example", model.RoleOwner, model.UserActive},
	{"Grace Hopper", "grace@northwind.example", model.RoleManager, model.UserActive},
	{"Linus Svensson", "linus@northwind.example", model.RoleManager, model.UserActive},
	{"Margaret Hamilton", "margaret@northwind.example", model.RoleManager, model.UserActive},
	{"Ken Thompson", "ken@northwind.example", model.RoleManager, model.UserInvited},
	{"Dennis Ritchie", "dennis@northwind.example", model.RoleManager, model.UserDisabled},
}

var origins = []model.Origin{
	model.LocalOrigin,
	{Remote: "203.0.113.24:52114"},
	{Remote: "198.51.100.7:40022"},
	{Remote: "[2001:db8::1f]:61002"},
}

var clients = []model.Client{
	{Term: "xterm-256color", OS: "linux"},
	{SSHVersion: "SSH-2.0-OpenSSH_9.6", Term: "xterm-256color", OS: "linux"},
	{SSHVersion: "SSH-2.0-OpenSSH_9.7", Term: "screen-256color", OS: "linux"},
	{SSHVersion: "SSH-2.0-PuTTY_Release_0.81", Term: "xterm", OS: "linux"},
}

// Store is what the demo is seeded into: model's store, which can also
// insert a user's history in one transaction (store.DB does).
type Store interface {
	model.Store
	AddAuthEvents(ctx context.Context, events []*model.AuthEvent) error
}

// Seed fills an empty store with the demo account. now is the reference
// time; history reaches six weeks back from it.
func Seed(ctx context.Context, st Store, now time.Time) error {
	rng := rand.New(rand.NewPCG(42, uint64(now.Unix()/86400)))
	created := now.Add(-90 * 24 * time.Hour)
	acct := &model.Account{
		CompanyName: "Northwind Hosting",
		Billing:     model.Address{Street: "4 Wapping Wharf", City: "Bristol", PostalCode: "BS1 6WP", Country: "GB"},
		Status:      model.AccountActive,
		CreatedAt:   created,
	}
	users := make([]*model.User, len(people))
	for i, p := range people {
		u := &model.User{Name: p.name, Email: p.email, Role: p.role, Status: p.status, CreatedAt: created.Add(time.Duration(i) * 72 * time.Hour)}
		if p.status != model.UserInvited {
			u.PasswordHash = PasswordHash
		}
		users[i] = u
	}
	first := users[0]
	err := st.CreateAccount(ctx, acct, first, &model.AuditEvent{Actor: first.Email, Action: "account.created", Detail: "signed up as " + acct.CompanyName, Origin: model.LocalOrigin, At: created})
	if err != nil {
		return fmt.Errorf("demo account: %w", err)
	}
	for _, u := range users[1:] {
		u.AccountID = acct.ID
		audit := &model.AuditEvent{AccountID: acct.ID, ActorID: first.ID, Actor: first.Email, Action: "user.invited", Object: "user " + u.Email, Detail: "as " + u.Role.Title(), Origin: origins[1], At: u.CreatedAt}
		if err := st.CreateUser(ctx, u, audit); err != nil {
			return fmt.Errorf("demo user %s: %w", u.Email, err)
		}
	}
	if err := seedInvitations(ctx, st, first, users, now); err != nil {
		return err
	}
	for _, u := range users {
		if u.Status == model.UserInvited {
			continue
		}
		if err := seedHistory(ctx, st, rng, u, now); err != nil {
			return err
		}
	}
	if err := seedSessions(ctx, st, users, now); err != nil {
		return err
	}
	if err := seedKeys(ctx, st, now); err != nil {
		return err
	}
	if err := seedStaff(ctx, st, PasswordHash, now); err != nil {
		return err
	}
	dennis := users[6]
	disabled := model.UserDisabled
	_, err = st.UpdateUser(ctx, dennis.ID, model.UserUpdate{Status: &disabled},
		&model.AuditEvent{AccountID: acct.ID, ActorID: first.ID, Actor: first.Email, Action: "user.disabled", Object: "user " + dennis.Email, Origin: origins[1], At: now.Add(-9 * 24 * time.Hour)})
	return err
}

// seedHistory writes six weeks of sign-in attempts for u, about two a day,
// with wrong passwords among them, in one transaction.
func seedHistory(ctx context.Context, st Store, rng *rand.Rand, u *model.User, now time.Time) error {
	at := now.Add(-42 * 24 * time.Hour)
	var events []*model.AuthEvent
	for at.Before(now.Add(-time.Hour)) {
		at = at.Add(time.Duration(6+rng.IntN(18)) * time.Hour).Add(time.Duration(rng.IntN(3600)) * time.Second)
		if !at.Before(now) {
			break
		}
		i := rng.IntN(len(origins))
		e := &model.AuthEvent{UserID: u.ID, AccountID: u.AccountID, Email: u.Email, Kind: model.AuthSignIn, Result: model.AuthSucceeded, Origin: origins[i], Client: clients[i], At: at}
		if rng.IntN(6) == 0 {
			e.Result = model.AuthWrongPassword
			retry := *e
			retry.Result, retry.At = model.AuthSucceeded, at.Add(40*time.Second)
			events = append(events, e)
			e = &retry
		}
		events = append(events, e)
	}
	if len(events) == 0 {
		return nil
	}
	if err := st.AddAuthEvents(ctx, events); err != nil {
		return fmt.Errorf("demo history: %w", err)
	}
	return st.RecordLogin(ctx, u.ID, events[len(events)-1].At)
}

// seedSessions opens a few sessions: two of the first owner's (another
// terminal and an SSH client) and one for each other active user.
func seedSessions(ctx context.Context, st model.Store, users []*model.User, now time.Time) error {
	n := 0
	open := func(u *model.User, i int, age time.Duration) error {
		n++
		s := &model.Session{ID: fmt.Sprintf("%08x%024x", uint32(n)*2654435761, n), UserID: u.ID, AccountID: u.AccountID, Origin: origins[i], Client: clients[i],
			CreatedAt: now.Add(-age), LastActiveAt: now.Add(-age / 3), AuthenticatedAt: now.Add(-age / 2)}
		return st.CreateSession(ctx, s)
	}
	if err := open(users[0], 1, 40*time.Minute); err != nil {
		return fmt.Errorf("demo session: %w", err)
	}
	if err := open(users[0], 3, 20*time.Minute); err != nil {
		return fmt.Errorf("demo session: %w", err)
	}
	for i, u := range users[1:5] {
		if err := open(u, 1+i%3, time.Duration(10+i*7)*time.Minute); err != nil {
			return fmt.Errorf("demo session: %w", err)
		}
	}
	return nil
}
