package model

import (
	"fmt"
	"strings"
)

// Kinds of the account notifications that R-SET-2 routes by category.
const (
	NotifyDetailsChanged      = "account details changed" // billing, R-SET-1
	NotifyEnforcementChanged  = "2fa enforcement changed" // emergency, R-2FA-7
	NotifyOwnerDisabled       = "owner disabled"          // emergency, R-USR-3
	NotifyOwnersChanged       = "owners changed"          // emergency, R-ACC-5
	NotifySupportAccessGiven  = "support access allowed"  // technical, R-SET-4
	NotifySupportAccessLonger = "support access extended" // technical, R-SET-4
	NotifySupportAccessEnded  = "support access ended"    // technical, R-SET-4
	NotifySupportPIN          = "support pin regenerated" // security, R-SET-3
	NotifyDeactivation        = "deactivation requested"  // billing, R-SET-5
	NotifyDeactivationUndone  = "deactivation withdrawn"  // billing, R-SET-5
	NotifyDeactivationDecided = "deactivation decided"    // billing, R-SET-5
	NotifyGPGKeyAdded         = "gpg key added"           // security, R-SSH-4, R-PWD-6
)

// signature ends every account notification: who did it, when, from where.
func (s *Service) signature(a *Actor) string {
	return fmt.Sprintf("\nBy:   %s (%s)\nTime: %s\nFrom: %s\n", displayName(a.User), a.User.Email,
		s.now().UTC().Format("2006-01-02 15:04:05 UTC"), plainText(a.Session.Origin.String()))
}

// enforcementChangedMessage is the emergency notice of R-2FA-7's switch.
func (s *Service) enforcementChangedMessage(a *Actor, on bool) Message {
	company := plainText(a.Account.CompanyName)
	m := Message{Category: CategoryEmergency, Kind: NotifyEnforcementChanged}
	if on {
		m.Subject = "acctl: two-factor authentication is now required at " + oneLine(company)
		m.Body = "Every user of " + company + " must now use two-factor authentication in acctl. Users without it can only set it up or sign out until they do.\n"
	} else {
		m.Subject = "acctl: two-factor authentication is no longer required at " + oneLine(company)
		m.Body = "Users of " + company + " may now use acctl without two-factor authentication. If this was not intended, an owner can require it again under Profile.\n"
	}
	m.Body += s.signature(a)
	return m
}

// ownerDisabledMessage is the emergency notice of an owner disabled
// (R-USR-3).
func (s *Service) ownerDisabledMessage(a *Actor, owner *User) Message {
	return Message{Category: CategoryEmergency, Kind: NotifyOwnerDisabled,
		Subject: "acctl: an owner of " + oneLine(a.Account.CompanyName) + " was disabled",
		Body: fmt.Sprintf("%s (%s), an owner of %s, was disabled in acctl: their sessions ended and their API keys were revoked.\n%s",
			displayName(owner), owner.Email, plainText(a.Account.CompanyName), s.signature(a)) + ownersAdvice}
}

// ownersChangedMessage is the emergency notice of a change of who owns the
// account (R-ACC-5): what happened to whom.
func (s *Service) ownersChangedMessage(a *Actor, u *User, what string) Message {
	return Message{Category: CategoryEmergency, Kind: NotifyOwnersChanged,
		Subject: "acctl: the owners of " + oneLine(a.Account.CompanyName) + " changed",
		Body:    fmt.Sprintf("%s (%s) %s in %s.\n%s", displayName(u), u.Email, what, plainText(a.Account.CompanyName), s.signature(a)) + ownersAdvice}
}

const ownersAdvice = "\nOwners have full access to the account. If this change was not expected, ask another owner to check the Users screen at once.\n"

// ownerChange says how a role change alters the owners, or "" when it
// does not (R-ACC-5): a promotion to owner or an owner stepping down.
func ownerChange(from, to Role) string {
	switch {
	case from != RoleOwner && to == RoleOwner:
		return "became an owner"
	case from == RoleOwner && to != RoleOwner:
		return "is no longer an owner (now " + strings.ToLower(to.Title()) + ")"
	}
	return ""
}
