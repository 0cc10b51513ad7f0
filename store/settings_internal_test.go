package store

import (
	"strings"
	"testing"

	"acctl/model"
)

// R-SET-2: the Contacts list reads one range of contacts_by_name without a
// sort, from either end and from a cursor either way; routing reads each
// role's partial index, never the account's other contacts; the
// details history, the open grant and the sweep read their own indexes.
func TestSettingsQueriesUseTheIndex(t *testing.T) {
	db := openTemp(t, defaultOptions)
	list := map[string]struct {
		q    string
		args []any
	}{
		"first":  {contactsHead + contactsForward, []any{1, 20}},
		"last":   {contactsHead + contactsBackward, []any{1, 20}},
		"after":  {contactsHead + contactsAfter + contactsForward, []any{1, "m", "m@x", 20}},
		"before": {contactsHead + contactsBefore + contactsBackward, []any{1, "m", "m@x", 20}},
	}
	for name, tc := range list {
		p := queryPlan(t, db, tc.q, tc.args...)
		if !strings.Contains(p, "SEARCH") || !strings.Contains(p, "contacts_by_name") || strings.Contains(p, "TEMP B-TREE") {
			t.Errorf("contacts %s: plan %q, want a search of contacts_by_name without a sort", name, p)
		}
	}
	for _, roles := range []model.ContactRoles{model.ContactPrimary, model.ContactBilling | model.ContactPrimary, model.ContactEmergency | model.ContactPrimary} {
		q, n := recipientQuery(roles)
		args := make([]any, n)
		for i := range args {
			args[i] = 1
		}
		p := queryPlan(t, db, q, args...)
		for _, r := range model.AllContactRoles {
			index := "contacts_" + strings.ToLower(r.Title())
			if roles.Has(r) != strings.Contains(p, index) {
				t.Errorf("routing %s: plan %q, want %s read: %v", roles.Title(), p, index, roles.Has(r))
			}
		}
		if strings.Contains(p, "SCAN") || strings.Contains(p, "TEMP B-TREE") || !strings.Contains(p, "users_by_email") {
			t.Errorf("routing %s: plan %q, want index searches only, without a sort", roles.Title(), p)
		}
	}
	for name, tc := range map[string]struct {
		q     string
		args  []any
		index string
	}{
		"details history": {detailsPages[olderThan], []any{1, 5, 5, 10}, "audit_events_details"},
		"open grant":      {`SELECT ` + grantColumns + grantFrom + ` WHERE g.account_id = ? AND g.ended_at IS NULL`, []any{1}, "support_grants_open"},
		"sweep":           {`SELECT ` + grantColumns + grantFrom + ` WHERE g.ended_at IS NULL AND g.expires_at <= ? ORDER BY g.expires_at, g.id LIMIT ?`, []any{5, 10}, "support_grants_expiring"},
		"unnotified":      {`SELECT id FROM support_grants g WHERE g.ended_at IS NOT NULL AND g.end_notified_at IS NULL ORDER BY g.ended_at, g.id LIMIT ?`, []any{10}, "support_grants_unnotified"},
		"account":         {`SELECT ` + accountColumns + accountFrom + ` WHERE a.id = ?`, []any{1}, "support_grants_open"},
	} {
		p := queryPlan(t, db, tc.q, tc.args...)
		if !strings.Contains(p, tc.index) || strings.Contains(p, "TEMP B-TREE") {
			t.Errorf("%s: plan %q, want %s without a sort", name, p, tc.index)
		}
	}
}
