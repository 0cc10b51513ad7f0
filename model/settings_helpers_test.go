package model_test

import (
	"context"
	"slices"
	"testing"

	"acctl/model"
)

// actor returns the signed-in caller of ctx.
func (e *env) actor(t *testing.T, ctx context.Context) *model.Actor {
	t.Helper()
	a, err := e.svc.Me(ctx)
	if err != nil {
		t.Fatalf("me: %v", err)
	}
	return a
}

// outbox returns every notification of the account, oldest first, as the
// store holds them.
func (e *env) outbox(t *testing.T, accountID int64) []*model.Notification {
	t.Helper()
	list, err := e.db.ListNotifications(context.Background(), model.NotificationFilter{AccountID: accountID}, model.EventPage{Limit: model.MaxPage})
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(list)
	return list
}

// outboxOf returns the account's notifications of kind, oldest first.
func (e *env) outboxOf(t *testing.T, accountID int64, kind string) []*model.Notification {
	t.Helper()
	var out []*model.Notification
	for _, n := range e.outbox(t, accountID) {
		if n.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}

// reasons maps each address of list to why it got its copy, failing on
// an address that got two.
func reasons(t *testing.T, list []*model.Notification) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, n := range list {
		if _, dup := out[n.To]; dup {
			t.Errorf("%s got %q twice", n.To, n.Kind)
		}
		out[n.To] = n.Reason
	}
	return out
}

// addContact creates a contact as the caller of ctx.
func (e *env) addContact(t *testing.T, ctx context.Context, email, name string, roles model.ContactRoles) *model.Contact {
	t.Helper()
	c, err := e.svc.CreateContact(ctx, model.ContactInput{Email: email, Name: name, Roles: roles})
	if err != nil {
		t.Fatalf("create contact %s: %v", email, err)
	}
	return c
}

// setStatus changes a user's status straight in the store, as another
// console would.
func (e *env) setStatus(t *testing.T, userID int64, status model.UserStatus) {
	t.Helper()
	if _, err := e.db.UpdateUser(context.Background(), userID, model.UserUpdate{Status: &status}, nil); err != nil {
		t.Fatal(err)
	}
}

// lastAudit returns the account's newest audit event.
func (e *env) lastAudit(t *testing.T, accountID int64) *model.AuditEvent {
	t.Helper()
	list, err := e.db.ListAudit(context.Background(), accountID, model.EventPage{Limit: 1})
	if err != nil || len(list) != 1 {
		t.Fatalf("audit: %v, %v", list, err)
	}
	return list[0]
}

// auditCount counts the account's audit events of action.
func (e *env) auditCount(t *testing.T, accountID int64, action string) int {
	t.Helper()
	list, err := e.db.ListAudit(context.Background(), accountID, model.EventPage{Limit: model.MaxPage})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range list {
		if a.Action == action {
			n++
		}
	}
	return n
}
