package model

import (
	"context"
	"fmt"
	"strings"
)

// Kinds of the security notices of R-PWD-6 that have no older kind: every
// change to how a user signs in sends one to that user, and an email
// change to both addresses.
const (
	NotifyEmailChanged = "email changed"       // R-PWD-6: to the old and the new address
	NotifyPhoneAdded   = "mobile number added" // R-PWD-6, R-2FA-9: once it is verified
	NotifyPhoneRemoved = "mobile number removed"
	NotifySSHKeyAdded  = "ssh key added" // R-PWD-6, R-SSH-1: added or generated
	NotifyAPIKeyAdded  = "api key added" // R-PWD-6, R-TOK-1: created or rotated
)

// securityNotice queues the R-PWD-6 notice of a change a made to their own
// sign-in, to address (their email, or for an email change each of the
// two): what happened, in one sentence, then when and from where. It never
// holds a secret; like every notification it never fails the action.
func (s *Service) securityNotice(ctx context.Context, a *Actor, address, kind, subject, happened string) {
	var b strings.Builder
	b.WriteString(happened + "\n\n")
	fmt.Fprintf(&b, "Time: %s\n", s.now().UTC().Format("2006-01-02 15:04:05 UTC"))
	fmt.Fprintf(&b, "From: %s\n", plainText(a.Session.Origin.String()))
	b.WriteString("\nIf this was not you, change your password at once, close your other sessions, and tell an owner of your account.\n")
	n := s.newNotification(a.User, ChannelEmail, address, kind, "acctl: "+subject, b.String())
	s.queueNotification(ctx, n)
}
