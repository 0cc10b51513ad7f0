package demo

import (
	"context"
	"regexp"

	"acctl/model"
)

// codeIn finds a one-time code in a message: grouped like a recovery code
// (reset codes) or six digits (SMS).
var codeIn = regexp.MustCompile(`\b[0-9a-z]{4}(?:-[0-9a-z]{4}){5,}\b|\b\d{6}\b`)

// Invitee is the invited demo user: re-sending their invitation from the
// Users screen queues an email whose code the invitation screen shows in
// --demo mode (R-USR-1).
const Invitee = "ken@northwind.example"

// Inbox stands in for the demo users' mailboxes and phones: it returns the
// one-time code of the newest message carrying one (a reset code by email,
// a code by SMS) queued for the user with that email, or "" when there is
// none. A
// demo has no mail server, so without it the forgot-password and SMS flows
// could not be shown. Only --demo uses it: it reads the outbox without the
// permissions of Service.Outbox.
func Inbox(st model.Store) func(ctx context.Context, email string) string {
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
				if code := codeIn.FindString(n.Body); code != "" {
					return code
				}
			}
		}
		return ""
	}
}
