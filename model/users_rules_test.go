package model_test

import (
	"testing"

	"acctl/model"
)

// R-ACC-5, R-ACC-1: the one set of cases of the role-change rule, which
// the Service asks before the password and the store again at commit.
func TestCheckRoleChange(t *testing.T) {
	owner := &model.User{ID: 1, AccountID: 7, Name: "Wile", Role: model.RoleOwner, Status: model.UserActive}
	otherOwner := &model.User{ID: 2, AccountID: 7, Name: "Road", Role: model.RoleOwner, Status: model.UserActive}
	manager := &model.User{ID: 3, AccountID: 7, Name: "Tweety", Role: model.RoleManager, Status: model.UserActive}
	disabledOwner := &model.User{ID: 4, AccountID: 7, Name: "Bugs", Role: model.RoleOwner, Status: model.UserDisabled}
	stranger := &model.User{ID: 5, AccountID: 8, Name: "Daffy", Role: model.RoleManager, Status: model.UserActive}
	for _, tc := range []struct {
		name          string
		actor, target *model.User
		role          model.Role
		others        int
		want          error // nil, a sentinel, or an error of code
		code          string
	}{
		{"promote a manager", owner, manager, model.RoleOwner, 1, nil, ""},
		{"step down with another owner", owner, owner, model.RoleManager, 1, nil, ""},
		{"the last owner steps down", owner, owner, model.RoleManager, 0, model.ErrLastOwner, ""},
		{"demote another owner", owner, otherOwner, model.RoleManager, 1, model.ErrOtherOwner, ""},
		{"demote another owner who is the last", owner, otherOwner, model.RoleManager, 0, model.ErrOtherOwner, ""},
		{"a disabled owner is no active owner", owner, disabledOwner, model.RoleManager, 0, model.ErrOtherOwner, ""},
		{"already that role", owner, manager, model.RoleManager, 1, nil, model.EINVALID},
		{"no such role", owner, manager, "admin", 1, nil, model.EINVALID},
		{"another account's user", owner, stranger, model.RoleOwner, 1, model.ErrNotFound, ""},
		{"demote a manager to manager", owner, manager, model.RoleManager, 0, nil, model.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := model.CheckRoleChange(tc.actor, tc.target, tc.role, tc.others)
			switch {
			case tc.code != "":
				wantCode(t, err, tc.code)
			case err != tc.want:
				t.Fatalf("CheckRoleChange = %v, want %v", err, tc.want)
			}
		})
	}
}

// R-USR-3, R-ACC-1: the disable and enable rules.
func TestCheckDisableAndEnableUser(t *testing.T) {
	owner := &model.User{ID: 1, AccountID: 7, Name: "Wile", Role: model.RoleOwner, Status: model.UserActive}
	manager := &model.User{ID: 3, AccountID: 7, Name: "Tweety", Role: model.RoleManager, Status: model.UserActive}
	disabled := &model.User{ID: 4, AccountID: 7, Name: "Bugs", Role: model.RoleManager, Status: model.UserDisabled}
	invited := &model.User{ID: 5, AccountID: 7, Email: "new@acme.example", Role: model.RoleOwner, Status: model.UserInvited}
	stranger := &model.User{ID: 6, AccountID: 8, Name: "Daffy", Role: model.RoleManager, Status: model.UserActive}
	if err := model.CheckDisableUser(owner, manager, 0); err != nil {
		t.Fatal(err)
	}
	if err := model.CheckDisableUser(owner, owner, 0); err != model.ErrLastOwner {
		t.Fatalf("disable the last owner: %v", err)
	}
	if err := model.CheckDisableUser(owner, owner, 1); err != nil {
		t.Fatalf("disable self with another owner: %v", err)
	}
	wantCode(t, model.CheckDisableUser(owner, disabled, 1), model.EINVALID)
	wantCode(t, model.CheckDisableUser(owner, invited, 1), model.EINVALID)
	wantCode(t, model.CheckDisableUser(owner, stranger, 1), model.ENOTFOUND)
	if err := model.CheckEnableUser(owner, disabled); err != nil {
		t.Fatal(err)
	}
	wantCode(t, model.CheckEnableUser(owner, manager), model.EINVALID)
	wantCode(t, model.CheckEnableUser(owner, stranger), model.ENOTFOUND)
}
