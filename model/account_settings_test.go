package model_test

import (
	"context"
	"testing"

	"acctl/model"
)

// R-ACC-4: the permission table of Account settings: managers edit the
// details, manage contacts, see the PIN and allow support access; only
// owners deactivate.
func TestSettingsPermissions(t *testing.T) {
	for action, manager := range map[model.Action]bool{
		model.ActionEditAccountDetails: true,
		model.ActionManageContacts:     true,
		model.ActionSupportPIN:         true,
		model.ActionSupportAccess:      true,
		model.ActionDeactivateAccount:  false,
	} {
		if !model.Can(model.RoleOwner, action) || model.Can(model.RoleManager, action) != manager {
			t.Errorf("%s: owner %v, manager %v; want true, %v", action, model.Can(model.RoleOwner, action), model.Can(model.RoleManager, action), manager)
		}
	}
}

// R-ACC-4 through the service: a manager reaches every Account settings
// call but deactivation, and AccountSettings says so.
func TestManagerAccountSettings(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	manager := e.member(t, owner, "road@acme.example", model.RoleManager)
	s, err := e.svc.AccountSettings(manager)
	if err != nil || !s.CanEdit || s.CanDeactivate || s.Support != nil || s.Deactivation != nil || s.Account.CompanyName != "Acme" {
		t.Fatalf("settings %+v, %v", s, err)
	}
	if o, _ := e.svc.AccountSettings(owner); !o.CanEdit || !o.CanDeactivate {
		t.Fatalf("owner settings %+v", o)
	}
	for name, call := range map[string]func(ctx context.Context) error{
		"details": func(ctx context.Context) error { _, err := e.svc.UpdateAccountDetails(ctx, goodDetails); return err },
		"history": func(ctx context.Context) error {
			_, err := e.svc.AccountDetailsHistory(ctx, model.EventPage{Limit: 5})
			return err
		},
		"contacts": func(ctx context.Context) error {
			_, err := e.svc.ListContacts(ctx, model.ContactQuery{Limit: 5})
			return err
		},
		"pin":     func(ctx context.Context) error { _, err := e.svc.SupportPIN(ctx, strongPassword); return err },
		"support": func(ctx context.Context) error { _, err := e.svc.AllowSupportAccess(ctx, strongPassword); return err },
	} {
		if err := call(manager); err != nil {
			t.Errorf("a manager's %s: %v", name, err)
		}
	}
	if err := e.svc.CheckDeactivation(manager); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("a manager checks deactivation: %v", err)
	}
	if err := e.svc.WithdrawDeactivation(manager); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("a manager withdraws: %v", err)
	}
	if s, _ := e.svc.AccountSettings(owner); s.Support == nil || s.Account.SupportAccessLeft(e.clock.Now()) == 0 {
		t.Errorf("settings after the manager allowed support: %+v", s)
	}
}
