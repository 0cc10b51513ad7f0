package model_test

import (
	"testing"

	"acctl/model"
)

// R-ACC-6: the actor as read at commit decides, not as they were asked.
func TestGuardCheck(t *testing.T) {
	owner := &model.User{ID: 1, AccountID: 7, Role: model.RoleOwner, Status: model.UserActive}
	g := model.Guard{ActorID: 1, AccountID: 7, Action: model.ActionManageUsers}
	if err := g.Check(owner); err != nil {
		t.Fatalf("an active owner: %v", err)
	}
	cases := map[string]*model.User{
		"gone":     nil,
		"disabled": {ID: 1, AccountID: 7, Role: model.RoleOwner, Status: model.UserDisabled},
		"demoted":  {ID: 1, AccountID: 7, Role: model.RoleManager, Status: model.UserActive},
		"moved":    {ID: 1, AccountID: 8, Role: model.RoleOwner, Status: model.UserActive},
		"another":  {ID: 2, AccountID: 7, Role: model.RoleOwner, Status: model.UserActive},
	}
	for name, u := range cases {
		t.Run(name, func(t *testing.T) {
			if err := g.Check(u); model.ErrorCode(err) != model.EFORBIDDEN {
				t.Fatalf("Check = %v, want forbidden", err)
			}
		})
	}
	open := model.Guard{ActorID: 1, AccountID: 7}
	manager := &model.User{ID: 1, AccountID: 7, Role: model.RoleManager, Status: model.UserActive}
	if err := open.Check(manager); err != nil {
		t.Fatalf("a manager, no restricted action: %v", err)
	}
}
