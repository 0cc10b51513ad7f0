package model_test

import (
	"testing"
	"time"

	"acctl/model"
)

// R-ACC-6: the actor and their session as read at commit decide, not as
// they were when the change was asked for.
func TestGuardCheck(t *testing.T) {
	owner := &model.User{ID: 1, AccountID: 7, Role: model.RoleOwner, Status: model.UserActive}
	open := &model.Session{ID: "s1", UserID: 1}
	g := model.Guard{ActorID: 1, AccountID: 7, SessionID: "s1", Action: model.ActionManageUsers}
	if err := g.Check(owner, open); err != nil {
		t.Fatalf("an active owner in their open session: %v", err)
	}
	closedAt := time.Now()
	for name, tc := range map[string]struct {
		actor   *model.User
		session *model.Session
		code    string
	}{
		"gone":           {nil, open, model.EFORBIDDEN},
		"disabled":       {&model.User{ID: 1, AccountID: 7, Role: model.RoleOwner, Status: model.UserDisabled}, open, model.EFORBIDDEN},
		"demoted":        {&model.User{ID: 1, AccountID: 7, Role: model.RoleManager, Status: model.UserActive}, open, model.EFORBIDDEN},
		"moved":          {&model.User{ID: 1, AccountID: 8, Role: model.RoleOwner, Status: model.UserActive}, open, model.EFORBIDDEN},
		"another":        {&model.User{ID: 2, AccountID: 7, Role: model.RoleOwner, Status: model.UserActive}, open, model.EFORBIDDEN},
		"signed out":     {owner, &model.Session{ID: "s1", UserID: 1, ClosedAt: &closedAt}, model.EUNAUTHORIZED},
		"no session":     {owner, nil, model.EUNAUTHORIZED},
		"other session":  {owner, &model.Session{ID: "s2", UserID: 1}, model.EUNAUTHORIZED},
		"someone else's": {owner, &model.Session{ID: "s1", UserID: 2}, model.EUNAUTHORIZED},
	} {
		t.Run(name, func(t *testing.T) {
			wantCode(t, g.Check(tc.actor, tc.session), tc.code)
		})
	}
	anyone := model.Guard{ActorID: 1, AccountID: 7, SessionID: "s1"}
	manager := &model.User{ID: 1, AccountID: 7, Role: model.RoleManager, Status: model.UserActive}
	if err := anyone.Check(manager, open); err != nil {
		t.Fatalf("a manager, no restricted action: %v", err)
	}
}
