package modeltest

import (
	"context"
	"regexp"
	"testing"

	"acctl/model"
)

var invitationCode = regexp.MustCompile(`Paste this code: (\S+)`)

// InvitationCode reads the code of the newest invitation email to the
// user with email straight from the store, as the invited person reads it
// in their mailbox: the outbox shows it to nobody but its recipient, who
// cannot sign in before accepting (R-USR-1).
func InvitationCode(tb testing.TB, st model.Store, email string) string {
	tb.Helper()
	ctx := context.Background()
	u, err := st.FindUserByEmail(ctx, email)
	if err != nil {
		tb.Fatalf("invited user %s: %v", email, err)
	}
	list, err := st.ListNotifications(ctx, model.NotificationFilter{AccountID: u.AccountID, UserID: u.ID}, model.EventPage{Limit: 1})
	if err != nil || len(list) != 1 || list[0].Kind != model.NotifyInvitation {
		tb.Fatalf("invitation email to %s: %v, %v", email, list, err)
	}
	m := invitationCode.FindStringSubmatch(list[0].Body)
	if m == nil {
		tb.Fatalf("no code in the invitation email:\n%s", list[0].Body)
	}
	return m[1]
}
