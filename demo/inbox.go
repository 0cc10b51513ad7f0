package demo

import (
	"context"

	"acctl/model"
	"acctl/seal"
)

// Invitee is the invited demo user: re-sending their invitation from the
// Users screen queues an email whose code the invitation screen shows in
// --demo mode (R-USR-1).
const Invitee = "ken@northwind.example"

// Inbox stands in for the demo users' mailboxes and phones: it returns the
// one-time code of the newest undelivered message carrying one (a reset
// code or an invitation by email, a code by SMS) queued for the user with
// that email, or "" when there is none. A demo has no mail server, so
// without it the forgot-password, invitation and SMS flows could not be
// shown. Only --demo uses it: it reads the outbox without the permissions
// of Service.Outbox, and opens the code that is sealed until delivery
// (SPEC §7) with the demo's sealer.
func Inbox(st model.Store, sealer *seal.Sealer) func(ctx context.Context, email string) string {
	return func(ctx context.Context, email string) string {
		u, err := st.FindUserByEmail(ctx, model.NormalizeEmail(email))
		if err != nil {
			return ""
		}
		list, err := st.ListNotifications(ctx, model.NotificationFilter{AccountID: u.AccountID, UserID: u.ID}, model.EventPage{Limit: 20})
		if err != nil {
			return ""
		}
		for _, n := range list { // newest first
			if n.CarriesCode && n.Status == model.NotificationQueued {
				if code, err := model.OpenCode(sealer, n); err == nil {
					return code
				}
			}
		}
		return ""
	}
}
