package model

import (
	"context"
	"strings"
	"time"
)

// ContactRoles is a set of the roles a contact holds (R-SET-2): which
// account notifications reach them. A contact holds at least one.
type ContactRoles uint8

// The contact roles of the portal, in its order.
const (
	ContactPrimary   ContactRoles = 1 << iota // every account notification
	ContactTechnical                          // support access, staff actions, ticket replies
	ContactBilling                            // account details, deactivation
	ContactAbuse                              // abuse reports
	ContactEmergency                          // 2FA enforcement, owners disabled or changed
)

// AllContactRoles is every role, in the portal's order.
var AllContactRoles = []ContactRoles{ContactPrimary, ContactTechnical, ContactBilling, ContactAbuse, ContactEmergency}

// allRoles is the set of every role.
const allRoles = ContactPrimary | ContactTechnical | ContactBilling | ContactAbuse | ContactEmergency

// Has reports whether the set holds every role of r.
func (c ContactRoles) Has(r ContactRoles) bool { return r != 0 && c&r == r }

// Title is one role's name as the portal writes it; for a set, its names
// joined with ", " in the portal's order ("Primary, Billing").
func (c ContactRoles) Title() string {
	return strings.Join(c.Titles(), ", ")
}

// Titles are the names of the roles of the set, in the portal's order.
func (c ContactRoles) Titles() []string {
	var out []string
	for _, r := range AllContactRoles {
		if c.Has(r) {
			out = append(out, roleTitle(r))
		}
	}
	return out
}

func roleTitle(r ContactRoles) string {
	switch r {
	case ContactPrimary:
		return "Primary"
	case ContactTechnical:
		return "Technical"
	case ContactBilling:
		return "Billing"
	case ContactAbuse:
		return "Abuse"
	case ContactEmergency:
		return "Emergency"
	}
	return "?"
}

// Contact is an email address that receives the account's notifications
// by its roles (R-SET-2). A contact is not a login: only a user with the
// same email can sign in.
type Contact struct {
	ID        int64
	AccountID int64
	Email     string // normalised; unique in the account
	Name      string
	Roles     ContactRoles
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ContactInput is what the contact form collects.
type ContactInput struct {
	Email string
	Name  string
	Roles ContactRoles
}

// Errors of contacts (R-SET-2).
var (
	ErrContactTaken    = &Error{Code: ECONFLICT, Message: "That address is already a contact of this account. Edit that contact to give it more roles."}
	ErrContactNotFound = &Error{Code: ENOTFOUND, Message: "That contact no longer exists. Refresh the list and try again."}
	ErrContactNoRole   = &Error{Code: EINVALID, Message: "Choose at least one role: Primary, Technical, Billing, Abuse or Emergency."}
)

// ValidateContact trims and checks a contact's fields (R-SET-2, R-ACC-7):
// a plain email address, a name without control or invisible characters,
// and at least one role.
func ValidateContact(in ContactInput) (ContactInput, error) {
	var err error
	if in.Email, err = ValidateEmail(in.Email); err != nil {
		return in, err
	}
	if err := checkVisible("The email address", in.Email); err != nil {
		return in, err
	}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" {
		return in, Errorf(EINVALID, "Enter the contact's name, or the team the address belongs to.")
	}
	if err := checkAddressLine("The name", in.Name, MaxNameLen); err != nil {
		return in, err
	}
	if in.Roles&allRoles == 0 || in.Roles&^allRoles != 0 {
		return in, ErrContactNoRole
	}
	return in, nil
}

// ContactCursor is a keyset position in the contacts list, which is in the
// order of Name (without case), then Email: the rows after the contact
// with these keys, or with Backward the rows before it. Zero keys mean an
// end of the list: the first rows, or with Backward the last.
type ContactCursor struct {
	Name     string
	Email    string
	Backward bool
}

// At is the cursor just past c, reading on in the list's direction.
func (c *Contact) At(backward bool) ContactCursor {
	return ContactCursor{Name: c.Name, Email: c.Email, Backward: backward}
}

// ContactQuery asks for one window of the caller's account's contacts.
type ContactQuery struct {
	Cursor ContactCursor
	Limit  int
}

// ListContacts returns one window of the caller's account's contacts in
// the order of their names (R-SET-2), read by keyset from an index: its
// cost does not grow with the number of contacts. Rows come in the list's
// order whichever way the cursor reads. Owners and managers (R-ACC-4).
func (s *Service) ListContacts(ctx context.Context, q ContactQuery) ([]*Contact, error) {
	a, err := s.allowedTo(ctx, ActionManageContacts)
	if err != nil {
		return nil, err
	}
	q.Limit = max(1, min(q.Limit, MaxPage))
	list, err := s.store.ListContacts(ctx, a.Account.ID, q)
	return list, s.internal("list contacts", err)
}

// Contact returns one contact of the caller's account, for the edit form.
func (s *Service) Contact(ctx context.Context, id int64) (*Contact, error) {
	a, err := s.allowedTo(ctx, ActionManageContacts)
	if err != nil {
		return nil, err
	}
	return s.accountContact(ctx, a, id)
}

// CreateContact adds a contact to the caller's account (R-SET-2): owners
// and managers (R-ACC-4, R-ACC-6), audited. An address that is already a
// contact of the account gives ErrContactTaken.
func (s *Service) CreateContact(ctx context.Context, in ContactInput) (*Contact, error) {
	a, err := s.allowedTo(ctx, ActionManageContacts)
	if err != nil {
		return nil, err
	}
	if in, err = ValidateContact(in); err != nil {
		return nil, err
	}
	now := s.now()
	c := &Contact{AccountID: a.Account.ID, Email: in.Email, Name: in.Name, Roles: in.Roles, CreatedAt: now, UpdatedAt: now}
	if err := s.store.CreateContact(ctx, a.Guard(ActionManageContacts), c, s.audit(a, "contact.created", ContactObject(c), c.Roles.Title())); err != nil {
		return nil, s.internal("create contact", err)
	}
	return c, nil
}

// UpdateContact changes a contact of the caller's account (R-SET-2), as
// CreateContact.
func (s *Service) UpdateContact(ctx context.Context, id int64, in ContactInput) (*Contact, error) {
	a, err := s.allowedTo(ctx, ActionManageContacts)
	if err != nil {
		return nil, err
	}
	if in, err = ValidateContact(in); err != nil {
		return nil, err
	}
	old, err := s.accountContact(ctx, a, id)
	if err != nil {
		return nil, err
	}
	c := &Contact{ID: id, AccountID: a.Account.ID, Email: in.Email, Name: in.Name, Roles: in.Roles, CreatedAt: old.CreatedAt, UpdatedAt: s.now()}
	audit := s.audit(a, "contact.changed", ContactObject(old), describeContactChange(old, c))
	err = s.store.UpdateContact(ctx, a.Guard(ActionManageContacts), c, audit)
	if ErrorCode(err) == ENOTFOUND {
		return nil, ErrContactNotFound
	}
	if err != nil {
		return nil, s.internal("update contact", err)
	}
	return c, nil
}

// DeleteContact removes a contact of the caller's account (R-SET-2), as
// CreateContact; the front end asks for confirmation first. It stops
// receiving notifications at once; what was queued for it stays.
func (s *Service) DeleteContact(ctx context.Context, id int64) error {
	a, err := s.allowedTo(ctx, ActionManageContacts)
	if err != nil {
		return err
	}
	c, err := s.accountContact(ctx, a, id)
	if err != nil {
		return err
	}
	err = s.store.DeleteContact(ctx, a.Guard(ActionManageContacts), c, s.audit(a, "contact.deleted", ContactObject(c), c.Roles.Title()))
	if ErrorCode(err) == ENOTFOUND {
		return ErrContactNotFound
	}
	return s.internal("delete contact", err)
}

// ContactObject names a contact in the audit log.
func ContactObject(c *Contact) string { return "contact " + c.Email }

// accountContact loads contact id of a's account; ErrContactNotFound for
// another account's, as for one that does not exist.
func (s *Service) accountContact(ctx context.Context, a *Actor, id int64) (*Contact, error) {
	c, err := s.store.FindContact(ctx, id)
	if ErrorCode(err) == ENOTFOUND || (err == nil && c.AccountID != a.Account.ID) {
		return nil, ErrContactNotFound
	}
	if err != nil {
		return nil, s.internal("find contact", err)
	}
	return c, nil
}

// describeContactChange says what an edit changed, for the audit log.
func describeContactChange(old, next *Contact) string {
	var parts []string
	if old.Email != next.Email {
		parts = append(parts, "email "+old.Email+" → "+next.Email)
	}
	if old.Name != next.Name {
		parts = append(parts, "name “"+old.Name+"” → “"+next.Name+"”")
	}
	if old.Roles != next.Roles {
		parts = append(parts, "roles "+old.Roles.Title()+" → "+next.Roles.Title())
	}
	if len(parts) == 0 {
		return "nothing changed"
	}
	return strings.Join(parts, "; ")
}
