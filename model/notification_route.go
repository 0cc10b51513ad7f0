package model

import (
	"context"
	"strings"
)

// Category says what a notification is about, and so who receives it
// (R-SET-2): an account notification goes to the contacts with the
// category's role and to the Primary contacts, each address once; a
// security notice goes to the user it concerns.
type Category string

// Categories of R-SET-2's table.
const (
	CategoryBilling   Category = "billing"   // account details changed, deactivation requested or decided
	CategoryTechnical Category = "technical" // support access allowed, extended, ended; staff actions; ticket replies
	CategoryAbuse     Category = "abuse"     // abuse reports filed by staff
	CategoryEmergency Category = "emergency" // 2FA enforcement changed, an owner disabled, the owners changed
	CategorySecurity  Category = "security"  // to the user concerned (R-PWD-6); Primary contacts get a copy of an owner's
)

// Categories lists every category, in the order of R-SET-2's table.
var Categories = []Category{CategoryBilling, CategoryTechnical, CategoryAbuse, CategoryEmergency, CategorySecurity}

// Title is the category as the Outbox writes it.
func (c Category) Title() string {
	if c == "" {
		return "Security"
	}
	return strings.ToUpper(string(c[:1])) + string(c[1:])
}

// ContactRole is the contact role whose holders receive the category,
// besides Primary contacts; 0 for security, which reaches contacts only as
// the Primary contacts' copy.
func (c Category) ContactRole() ContactRoles {
	switch c {
	case CategoryBilling:
		return ContactBilling
	case CategoryTechnical:
		return ContactTechnical
	case CategoryAbuse:
		return ContactAbuse
	case CategoryEmergency:
		return ContactEmergency
	}
	return 0
}

// ReasonUser is why a notification went to the user it concerns; the
// Outbox shows it beside the address (R-SET-2).
const ReasonUser = "the user"

// contactReason is why a notification of category went to a contact
// holding roles: "Billing contact", "Primary contact", "Billing and
// Primary contact".
func contactReason(roles ContactRoles, category Category) string {
	var why []string
	if r := category.ContactRole(); roles.Has(r) {
		why = append(why, roleTitle(r))
	}
	if roles.Has(ContactPrimary) {
		why = append(why, roleTitle(ContactPrimary))
	}
	return strings.Join(why, " and ") + " contact"
}

// Message is an account notification before it is routed: its category
// decides who receives it (R-SET-2). Subject and Body carry no secret.
type Message struct {
	Category Category
	Kind     string
	Subject  string
	Body     string
}

// ContactRecipient is a contact that a category reaches, as the store
// reads it for routing: with the ID of the account's user who has the
// same address, if any.
type ContactRecipient struct {
	ContactID int64
	Email     string
	Roles     ContactRoles
	UserID    int64 // 0: the address is no user of the account
}

// Recipient is one address a notification goes to and why (R-SET-2).
type Recipient struct {
	Email  string
	UserID int64 // the account's user with that address; 0 for none
	Reason string
}

// NotificationRecipients returns who receives the caller's account's
// notifications of a category, and why, in the order they are queued:
// the contacts with the category's role and the Primary contacts, each
// address once, by address (R-SET-2). A security notice goes to the user
// it concerns, whom this list does not name, and its copies to the
// Primary contacts, whom it does. The Contacts screen can show it as
// "who gets billing notices"; its cost grows with the recipients, not
// with the contacts.
func (s *Service) NotificationRecipients(ctx context.Context, c Category) ([]Recipient, error) {
	a, err := s.allowedTo(ctx, ActionManageContacts)
	if err != nil {
		return nil, err
	}
	return s.recipients(ctx, a.Account.ID, c, nil, "")
}

// recipients routes a notification of category c of an account (R-SET-2):
// first the users it concerns ("the user"), then the contacts with c's
// role or the Primary role, each address once. A contact who is also a
// concerned user gets one copy, whose reason names both; except is an
// address that has its own copy already and gets none.
func (s *Service) recipients(ctx context.Context, accountID int64, c Category, concerned []*User, except string) ([]Recipient, error) {
	out := make([]Recipient, 0, len(concerned))
	at := make(map[string]int, len(concerned))
	for _, u := range concerned {
		if _, dup := at[u.Email]; dup || u.Email == except {
			continue
		}
		at[u.Email] = len(out)
		out = append(out, Recipient{Email: u.Email, UserID: u.ID, Reason: ReasonUser})
	}
	contacts, err := s.store.ContactRecipients(ctx, accountID, c.ContactRole()|ContactPrimary)
	if err != nil {
		return nil, s.internal("route notification", err)
	}
	for _, rc := range contacts {
		email := NormalizeEmail(rc.Email)
		if email == except {
			continue
		}
		why := contactReason(rc.Roles, c)
		if i, dup := at[email]; dup {
			out[i].Reason += " and " + why
			continue
		}
		at[email] = len(out)
		out = append(out, Recipient{Email: email, UserID: rc.UserID, Reason: why})
	}
	return out, nil
}

// notifyAccount queues an account notification for every recipient that
// routing gives (recipients), concerned users first. Like notifyEmail it
// never fails the caller's action: a failure is logged.
func (s *Service) notifyAccount(ctx context.Context, accountID int64, m Message, concerned ...*User) {
	s.queueRouted(ctx, accountID, m, concerned, "")
}

// queueRouted routes m and queues one email per recipient in one
// transaction.
func (s *Service) queueRouted(ctx context.Context, accountID int64, m Message, concerned []*User, except string) {
	list, err := s.routed(ctx, accountID, m, concerned, except)
	if err == nil && len(list) > 0 {
		err = s.store.AddNotifications(context.WithoutCancel(ctx), list)
	}
	if err != nil {
		s.log.Error("queue account notification", "kind", m.Kind, "account", accountID, "err", err)
	}
}

// routed is the outbox rows of m: one email per recipient, each with its
// category and reason.
func (s *Service) routed(ctx context.Context, accountID int64, m Message, concerned []*User, except string) ([]*Notification, error) {
	rs, err := s.recipients(ctx, accountID, m.Category, concerned, except)
	if err != nil {
		return nil, err
	}
	list := make([]*Notification, len(rs))
	for i, r := range rs {
		n := s.newNotification(&User{ID: r.UserID, AccountID: accountID}, ChannelEmail, r.Email, m.Kind, m.Subject, m.Body)
		n.Category, n.Reason = m.Category, r.Reason
		list[i] = n
	}
	return list, nil
}

// copyToPrimary sends the Primary contacts of u's account a copy of a
// security notice to u, an active owner ("Primary contacts get a copy of
// owner changes", R-SET-2), unless kind is not a change to how they sign
// in (copiedKind). The copy says whose it is; u's own address, if it is a
// contact too, gets none besides u's own.
func (s *Service) copyToPrimary(ctx context.Context, u *User, kind, subject, body string) {
	if u.Role != RoleOwner || u.Status != UserActive || !copiedKind(kind) {
		return
	}
	note := "This is a copy for the Primary contacts of the account: " + displayName(u) + " (" + u.Email + "), an owner, received the notice below.\n\n"
	m := Message{Category: CategorySecurity, Kind: kind, Subject: subject + " (copy: an owner)", Body: note + body}
	s.queueRouted(ctx, u.AccountID, m, nil, u.Email)
}

// copiedKind reports whether a security notice of kind is a change to how
// someone signs in, which Primary contacts get a copy of when it concerns
// an owner (R-PWD-6, R-SET-2): not a message carrying a one-time code, a
// sign-in report (R-SES-4), a token's expiry warning or the instruction
// to set up 2FA.
func copiedKind(kind string) bool {
	switch kind {
	case NotifyPasswordReset, NotifySMSCode, NotifyInvitation, NotifySignInAttempt, NotifyTokenExpiring, Notify2FAEnforced:
		return false
	}
	return true
}
