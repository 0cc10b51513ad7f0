package model_test

import (
	"context"
	"slices"
	"testing"

	"acctl/model"
)

// R-ACC-4: a manager can do none of the user management, through the
// service itself, not only because the screen is hidden.
func TestManagerCannotManageUsers(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	manager := e.member(t, owner, "tweety@acme.example", model.RoleManager)
	other := e.member(t, owner, "sylvester@acme.example", model.RoleManager)
	if _, _, err := e.svc.InviteUser(owner, "road@acme.example", model.RoleManager, strongPassword); err != nil {
		t.Fatal(err)
	}
	invited, _ := e.db.FindUserByEmail(context.Background(), "road@acme.example")
	o, _ := e.svc.Me(owner)
	victim, _ := e.svc.Me(other)
	for name, call := range map[string]func() error{
		"invite": func() error {
			_, _, err := e.svc.InviteUser(manager, "coyote@acme.example", model.RoleManager, strongPassword)
			return err
		},
		"change role": func() error {
			_, err := e.svc.ChangeRole(manager, victim.User.ID, model.RoleOwner, strongPassword)
			return err
		},
		"check role": func() error { return e.svc.CheckChangeRole(manager, victim.User.ID, model.RoleOwner) },
		"promote self": func() error {
			me, _ := e.svc.Me(manager)
			_, err := e.svc.ChangeRole(manager, me.User.ID, model.RoleOwner, strongPassword)
			return err
		},
		"demote the owner": func() error {
			_, err := e.svc.ChangeRole(manager, o.User.ID, model.RoleManager, strongPassword)
			return err
		},
		"disable":            func() error { _, err := e.svc.DisableUser(manager, victim.User.ID, strongPassword); return err },
		"disable impact":     func() error { _, err := e.svc.DisableImpact(manager, victim.User.ID); return err },
		"enable":             func() error { _, err := e.svc.EnableUser(manager, victim.User.ID, strongPassword); return err },
		"re-send invitation": func() error { _, _, err := e.svc.ResendInvitation(manager, invited.ID, strongPassword); return err },
		"cancel invitation":  func() error { return e.svc.CancelInvitation(manager, invited.ID, strongPassword) },
		"list users":         func() error { _, err := e.svc.ListUsers(manager, model.UserQuery{Limit: 10}); return err },
	} {
		t.Run(name, func(t *testing.T) { wantCode(t, call(), model.EFORBIDDEN) })
	}
	if v, _ := e.svc.Me(other); v.User.Status != model.UserActive || v.User.Role != model.RoleManager {
		t.Fatalf("a refused manager changed %+v", v.User)
	}
}

func TestChangeRole(t *testing.T) { // R-ACC-5, R-ACC-1, R-PWD-4
	e := newEnv(t)
	wile := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	road := e.member(t, wile, "road@acme.example", model.RoleManager)
	stranger := e.signUp(t, "Other", "Bugs Bunny", "bugs@other.example")
	w, _ := e.svc.Me(wile)
	r, _ := e.svc.Me(road)
	s, _ := e.svc.Me(stranger)

	// The last active owner cannot demote themself, asked with or without
	// the password.
	if err := e.svc.CheckChangeRole(wile, w.User.ID, model.RoleManager); err != model.ErrLastOwner {
		t.Fatalf("check demoting the last owner: %v", err)
	}
	if _, err := e.svc.ChangeRole(wile, w.User.ID, model.RoleManager, strongPassword); err != model.ErrLastOwner {
		t.Fatalf("demote the last owner: %v", err)
	}
	wantCode(t, e.svc.CheckChangeRole(wile, s.User.ID, model.RoleManager), model.ENOTFOUND)
	wantCode(t, e.svc.CheckChangeRole(wile, r.User.ID, model.RoleManager), model.EINVALID)
	if _, err := e.svc.ChangeRole(wile, r.User.ID, model.RoleOwner, "wrong password"); err != model.ErrWrongPassword {
		t.Fatalf("wrong password: %v", err)
	}
	u, err := e.svc.ChangeRole(wile, r.User.ID, model.RoleOwner, strongPassword)
	if err != nil || u.Role != model.RoleOwner {
		t.Fatalf("promote: %+v, %v", u, err)
	}
	// Nobody changes another owner's role, with or without the password.
	if err := e.svc.CheckChangeRole(wile, r.User.ID, model.RoleManager); err != model.ErrOtherOwner {
		t.Fatalf("check demoting another owner: %v", err)
	}
	if _, err := e.svc.ChangeRole(wile, r.User.ID, model.RoleManager, strongPassword); err != model.ErrOtherOwner {
		t.Fatalf("demote another owner: %v", err)
	}
	// With another active owner, an owner may step down.
	if u, err := e.svc.ChangeRole(wile, w.User.ID, model.RoleManager, strongPassword); err != nil || u.Role != model.RoleManager {
		t.Fatalf("step down: %+v, %v", u, err)
	}
	if _, err := e.svc.ChangeRole(road, r.User.ID, model.RoleManager, strongPassword); err != model.ErrLastOwner {
		t.Fatalf("the remaining owner steps down: %v", err)
	}
	log, err := e.svc.SecurityLog(road, model.EventPage{Limit: 1})
	if err != nil || log[0].Action != "user.role_changed" || log[0].Detail != "from Owner to Manager" || log[0].Object != "user wile@acme.example" {
		t.Fatalf("audit = %+v, %v", log, err)
	}
}

func TestDisableAndEnableUser(t *testing.T) { // R-USR-3, R-TOK-3, R-SES-2, R-PWD-4
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	road := e.member(t, owner, "road@acme.example", model.RoleManager)
	there := mustSignIn(t, e, "road@acme.example", strongPassword)
	var secrets []string
	for _, name := range []string{"ci", "backup"} {
		secret, _, err := e.svc.CreateToken(road, name, model.TokenReadOnly, model.TokenExpiry{}, strongPassword)
		if err != nil {
			t.Fatal(err)
		}
		secrets = append(secrets, secret)
	}
	r, _ := e.svc.Me(road)

	impact, err := e.svc.DisableImpact(owner, r.User.ID)
	if err != nil || impact.Sessions != 2 || !slices.Equal(impact.Tokens, []string{"ci", "backup"}) {
		t.Fatalf("impact = %+v, %v; want 2 sessions and ci, backup", impact, err)
	}
	if got := impact.Summary(); got != "2 active sessions and the API keys ci, backup" {
		t.Fatalf("summary = %q", got)
	}
	if _, err := e.svc.DisableUser(owner, r.User.ID, "wrong password"); err != model.ErrWrongPassword {
		t.Fatalf("wrong password: %v", err)
	}
	if open, _ := e.svc.SessionOpen(there); !open {
		t.Fatal("a refused disabling ended a session")
	}
	u, err := e.svc.DisableUser(owner, r.User.ID, strongPassword)
	if err != nil || u.Status != model.UserDisabled {
		t.Fatalf("disable: %+v, %v", u, err)
	}
	for _, ctx := range []context.Context{road, there} {
		if open, _ := e.svc.SessionOpen(ctx); open {
			t.Fatal("a session of the disabled user is still open")
		}
		if _, err := e.svc.Me(ctx); err != model.ErrSessionEnded {
			t.Fatalf("Me of a disabled user: %v", err)
		}
	}
	for _, secret := range secrets {
		if _, err := e.svc.VerifyToken(context.Background(), secret); err == nil {
			t.Fatal("a token of the disabled user still verifies")
		}
	}
	if _, err := e.signIn("road@acme.example", strongPassword); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Fatalf("a disabled user signs in: %v", err)
	}
	_, err = e.svc.DisableImpact(owner, r.User.ID)
	wantCode(t, err, model.EINVALID)

	if _, err := e.svc.EnableUser(owner, r.User.ID, "wrong password"); err != model.ErrWrongPassword {
		t.Fatalf("enable with a wrong password: %v", err)
	}
	if u, err := e.svc.EnableUser(owner, r.User.ID, strongPassword); err != nil || u.Status != model.UserActive {
		t.Fatalf("enable: %+v, %v", u, err)
	}
	mustSignIn(t, e, "road@acme.example", strongPassword)
	for _, secret := range secrets {
		if _, err := e.svc.VerifyToken(context.Background(), secret); err == nil {
			t.Fatal("enabling the user brought a revoked token back")
		}
	}
	_, err = e.svc.EnableUser(owner, r.User.ID, strongPassword)
	wantCode(t, err, model.EINVALID)
}

func TestDisableOwners(t *testing.T) { // R-ACC-1, R-USR-3
	e := newEnv(t)
	wile := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	w, _ := e.svc.Me(wile)
	if _, err := e.svc.DisableImpact(wile, w.User.ID); err != model.ErrLastOwner {
		t.Fatalf("impact of disabling the last owner: %v", err)
	}
	if _, err := e.svc.DisableUser(wile, w.User.ID, strongPassword); err != model.ErrLastOwner {
		t.Fatalf("disable the last owner: %v", err)
	}
	if _, _, err := e.svc.InviteUser(wile, "road@acme.example", model.RoleOwner, strongPassword); err != nil {
		t.Fatal(err)
	}
	invited, _ := e.db.FindUserByEmail(context.Background(), "road@acme.example")
	_, err := e.svc.DisableUser(wile, invited.ID, strongPassword)
	wantCode(t, err, model.EINVALID)
	// An invited owner is no active owner.
	if _, err := e.svc.DisableUser(wile, w.User.ID, strongPassword); err != model.ErrLastOwner {
		t.Fatalf("disable self with only an invited owner: %v", err)
	}
	road := e.member(t, wile, "bugs@acme.example", model.RoleOwner)
	if _, err := e.svc.DisableUser(wile, w.User.ID, strongPassword); err != nil {
		t.Fatalf("disable self with another active owner: %v", err)
	}
	if _, err := e.svc.Me(wile); err != model.ErrSessionEnded {
		t.Fatalf("the disabled owner's own session: %v", err)
	}
	if _, err := e.svc.EnableUser(road, w.User.ID, strongPassword); err != nil {
		t.Fatal(err)
	}
}

func TestListUsers(t *testing.T) { // R-USR-2
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	e.member(t, owner, "road@acme.example", model.RoleManager)
	if _, _, err := e.svc.InviteUser(owner, "bugs@acme.example", model.RoleOwner, strongPassword); err != nil {
		t.Fatal(err)
	}
	e.signUp(t, "Other", "Roadie Other", "roadie@other.example")
	rows, err := e.svc.ListUsers(owner, model.UserQuery{Limit: 10})
	if err != nil || len(rows) != 3 {
		t.Fatalf("%d rows, %v; want the account's 3", len(rows), err)
	}
	if rows[0].Email != "bugs@acme.example" || rows[0].Name != "" || rows[0].InvitationExpiresAt == nil ||
		!rows[0].InvitationExpiresAt.Equal(e.clock.Now().Add(model.InvitationTTL)) {
		t.Fatalf("the invited user first (no name yet): %+v", rows[0])
	}
	for _, tc := range []struct {
		filter string
		want   []string
	}{
		{"ro", []string{"road@acme.example"}},
		{"  Ro", []string{"road@acme.example"}},
		{"MEMBER", []string{"road@acme.example"}},
		{"wile c", []string{"wile@acme.example"}},
		{"b", []string{"bugs@acme.example"}},
		{"x", nil},
	} {
		rows, err := e.svc.ListUsers(owner, model.UserQuery{Filter: tc.filter, Sort: model.SortByEmail, Limit: 10})
		var got []string
		for _, r := range rows {
			got = append(got, r.Email)
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Fatalf("filter %q: %v, %v; want %v", tc.filter, got, err, tc.want)
		}
	}
	_, err = e.svc.ListUsers(owner, model.UserQuery{Filter: "\xff", Limit: 10})
	wantCode(t, err, model.EINVALID)
	// A cursor whose user was removed meanwhile starts the list over.
	bugs, _ := e.db.FindUserByEmail(context.Background(), "bugs@acme.example")
	if err := e.svc.CancelInvitation(owner, bugs.ID, strongPassword); err != nil {
		t.Fatal(err)
	}
	rows, err = e.svc.ListUsers(owner, model.UserQuery{Cursor: model.UserCursor{ID: bugs.ID}, Limit: 10})
	if err != nil || len(rows) != 2 {
		t.Fatalf("from a removed cursor: %d rows, %v; want the list from its start", len(rows), err)
	}
}

// The question before a disabling names what goes with the user in the
// console's words: API keys, never tokens (R-USR-3, R-TOK-1).
func TestDisableImpactSummary(t *testing.T) { // R-USR-3, R-TOK-1
	for _, tc := range []struct {
		name string
		d    model.DisableImpact
		want string
	}{
		{"nothing", model.DisableImpact{}, "no active sessions and no API keys"},
		{"one of each", model.DisableImpact{Sessions: 1, Tokens: []string{"deploy-bot"}}, "1 active session and the API key deploy-bot"},
		{"several", model.DisableImpact{Sessions: 3, Tokens: []string{"ci", "backup"}}, "3 active sessions and the API keys ci, backup"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.d.Summary(); got != tc.want {
				t.Fatalf("Summary() = %q, want %q", got, tc.want)
			}
		})
	}
}
