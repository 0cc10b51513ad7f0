package modeltest

import (
	"context"
	"testing"

	"acctl/model"
	"acctl/seal"
)

// InvitationCode reads the code of the newest invitation email to the
// user with email straight from the store, opened with sealer, as the
// invited person reads it in their mailbox: the outbox shows it to nobody,
// sealed until delivery (SPEC §7), and its recipient cannot sign in
// before accepting (R-USR-1).
func InvitationCode(tb testing.TB, st model.Store, sealer *seal.Sealer, email string) string {
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
	code, err := model.OpenCode(sealer, list[0])
	if err != nil {
		tb.Fatalf("the invitation email's code: %v", err)
	}
	return code
}
