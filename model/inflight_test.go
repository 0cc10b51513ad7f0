package model_test

import (
	"context"
	"testing"

	"acctl/model"
	"acctl/store"
)

// inFlight is the store with a hook that runs when the Service commits a
// guarded change, after it checked the caller and their password: what
// another console does meanwhile (R-ACC-6).
type inFlight struct {
	*store.DB
	meanwhile func()
}

func (s *inFlight) DisableUser(ctx context.Context, g *model.Guard, userID int64, audit *model.AuditEvent) (*model.User, error) {
	s.meanwhile()
	return s.DB.DisableUser(ctx, g, userID, audit)
}

func (s *inFlight) SetUserRole(ctx context.Context, g *model.Guard, userID int64, role model.Role, audit *model.AuditEvent) (*model.User, error) {
	s.meanwhile()
	return s.DB.SetUserRole(ctx, g, userID, role, audit)
}

// R-ACC-6, issue 10 defect 5: an owner disabled, or demoted, while their
// own "disable user" or "change role" call is in flight cannot complete
// it, though the Service let them through before the password.
func TestOwnerChangedInFlightCannotComplete(t *testing.T) {
	for _, tc := range []struct {
		name      string
		meanwhile func(t *testing.T, e *env, wile, road context.Context, w *model.Actor)
	}{
		{"disabled meanwhile", func(t *testing.T, e *env, wile, road context.Context, w *model.Actor) {
			if _, err := e.svc.DisableUser(road, w.User.ID, strongPassword); err != nil {
				t.Fatal(err)
			}
		}},
		{"demoted meanwhile", func(t *testing.T, e *env, wile, road context.Context, w *model.Actor) {
			if _, err := e.svc.ChangeRole(wile, w.User.ID, model.RoleManager, strongPassword); err != nil {
				t.Fatal(err)
			}
		}},
		{"signed out meanwhile", func(t *testing.T, e *env, wile, road context.Context, w *model.Actor) {
			if err := e.svc.SignOut(wile); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			wile := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
			road := e.member(t, wile, "road@acme.example", model.RoleOwner)
			e.member(t, wile, "bugs@acme.example", model.RoleOwner)
			tweety := e.member(t, wile, "tweety@acme.example", model.RoleManager)
			w, _ := e.svc.Me(wile)
			victim, _ := e.svc.Me(tweety)
			hooked := &inFlight{DB: e.db}
			svc := model.NewService(model.Config{Store: hooked, Hasher: model.NewHasher(testArgon2), Clock: e.clock.Now, Sealer: newSealer(t)})
			once := func() {
				hooked.meanwhile = func() {}
				tc.meanwhile(t, e, wile, road, w)
			}

			hooked.meanwhile = once
			if _, err := svc.DisableUser(wile, victim.User.ID, strongPassword); model.ErrorCode(err) != model.EFORBIDDEN && model.ErrorCode(err) != model.EUNAUTHORIZED {
				t.Fatalf("disable user completed by a changed owner: %v", err)
			}
			if v, _ := e.db.FindUserByID(context.Background(), victim.User.ID); v.Status != model.UserActive {
				t.Fatal("the victim was disabled")
			}
		})
	}
}

// R-ACC-6 for role changes: demoted while promoting someone, an owner's
// promotion does not happen.
func TestDemotedOwnerCannotCompleteAPromotion(t *testing.T) {
	e := newEnv(t)
	wile := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	e.member(t, wile, "road@acme.example", model.RoleOwner)
	tweety := e.member(t, wile, "tweety@acme.example", model.RoleManager)
	w, _ := e.svc.Me(wile)
	victim, _ := e.svc.Me(tweety)
	hooked := &inFlight{DB: e.db}
	hooked.meanwhile = func() {
		hooked.meanwhile = func() {}
		if _, err := e.svc.ChangeRole(wile, w.User.ID, model.RoleManager, strongPassword); err != nil {
			t.Fatal(err)
		}
	}
	svc := model.NewService(model.Config{Store: hooked, Hasher: model.NewHasher(testArgon2), Clock: e.clock.Now, Sealer: newSealer(t)})
	if _, err := svc.ChangeRole(wile, victim.User.ID, model.RoleOwner, strongPassword); err != model.ErrActorChanged {
		t.Fatalf("a demoted owner's promotion: %v, want ErrActorChanged", err)
	}
	if v, _ := e.db.FindUserByID(context.Background(), victim.User.ID); v.Role != model.RoleManager {
		t.Fatal("the promotion happened")
	}
}

func (s *inFlight) UpdateUser(ctx context.Context, id int64, upd model.UserUpdate, audit *model.AuditEvent) (*model.User, error) {
	s.meanwhile()
	return s.DB.UpdateUser(ctx, id, upd, audit)
}

// R-ACC-6 for one's own profile: a password or email change asked for
// from a session that another console closed meanwhile changes nothing.
func TestProfileChangeFromAClosedSessionFails(t *testing.T) {
	e := newEnv(t)
	here := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	there := mustSignIn(t, e, "wile@acme.example", strongPassword)
	hooked := &inFlight{DB: e.db}
	hooked.meanwhile = func() {
		hooked.meanwhile = func() {}
		me, _ := e.svc.Me(here)
		if err := e.svc.CloseSession(there, me.Session.ID); err != nil {
			t.Fatal(err)
		}
	}
	svc := model.NewService(model.Config{Store: hooked, Hasher: model.NewHasher(testArgon2), Clock: e.clock.Now, Sealer: e.sealer})
	if err := svc.ChangePassword(here, strongPassword, newPassword); err != model.ErrSessionEnded {
		t.Fatalf("change password from a session closed meanwhile: %v, want ErrSessionEnded", err)
	}
	mustSignIn(t, e, "wile@acme.example", strongPassword) // unchanged
}
