package model

import (
	"context"
	"fmt"
	"net"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// TicketStatus is where a support request stands (R-TKT-2).
type TicketStatus string

// Ticket statuses. A new request is open; a staff reply makes it wait for
// the customer, a customer's reply to that makes it wait for staff;
// closing purges its server password; a closed request reopens within
// ReopenWindow.
const (
	TicketOpen            TicketStatus = "open"
	TicketWaitingStaff    TicketStatus = "waiting_staff"
	TicketWaitingCustomer TicketStatus = "waiting_customer"
	TicketClosed          TicketStatus = "closed"
)

// TicketStatuses lists every status, in the order a request goes through
// them.
var TicketStatuses = []TicketStatus{TicketOpen, TicketWaitingStaff, TicketWaitingCustomer, TicketClosed}

// Title is the status as the customer's Requests screen writes it.
func (st TicketStatus) Title() string {
	switch st {
	case TicketOpen:
		return "Open"
	case TicketWaitingStaff:
		return "Waiting for staff"
	case TicketWaitingCustomer:
		return "Waiting for you"
	case TicketClosed:
		return "Closed"
	}
	return string(st)
}

// StaffTitle is the status as the staff queue writes it (R-STF-1).
func (st TicketStatus) StaffTitle() string {
	if st == TicketWaitingCustomer {
		return "Waiting for customer"
	}
	return st.Title()
}

// valid reports whether st is one of TicketStatuses.
func (st TicketStatus) valid() bool {
	for _, v := range TicketStatuses {
		if st == v {
			return true
		}
	}
	return false
}

// ServerAccess is the access to the server that a request grants support
// (R-TKT-1).
type ServerAccess string

// Access levels.
const (
	AccessNone     ServerAccess = "none"
	AccessReadOnly ServerAccess = "read-only"
	AccessFull     ServerAccess = "full"
)

// ServerAccesses lists the access levels, in the form's order.
var ServerAccesses = []ServerAccess{AccessNone, AccessReadOnly, AccessFull}

// Title is the access level as the form writes it.
func (x ServerAccess) Title() string {
	switch x {
	case AccessNone:
		return "None"
	case AccessReadOnly:
		return "Read-only"
	case AccessFull:
		return "Full administrator"
	}
	return string(x)
}

// Ticket is a support request of an account (R-TKT-1): its number is its
// ID; its description is the first message of its thread. The server
// password is never in it: only whether there is one, and when it was
// purged.
type Ticket struct {
	ID          int64
	AccountID   int64
	RequesterID int64
	Subject     string
	Status      TicketStatus
	Server      string // host name or IP address; "" when skipped
	Access      ServerAccess
	// HasServerPassword is set while a sealed server password is kept.
	HasServerPassword bool
	// PasswordPurgedAt is when closing purged the server password.
	PasswordPurgedAt *time.Time
	// AssigneeID is the staff member working the ticket; 0 for none.
	AssigneeID  int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	StatusSince time.Time // when it took its status: the queue's order
	ClosedAt    *time.Time

	// Read with the ticket, for display: the account's company name, the
	// requester's and the assignee's names ("" for none).
	Company   string
	Requester string
	Assignee  string
}

// TicketRow is one row of a requests list (R-TKT-2) or of the staff queue
// (R-STF-1).
type TicketRow struct {
	ID                int64
	AccountID         int64
	Company           string // for the staff queue
	Subject           string
	Status            TicketStatus
	HasServerPassword bool
	AssigneeID        int64
	Assignee          string // the assignee's name; "" for none
	UpdatedAt         time.Time
	StatusSince       time.Time
}

// TicketMessage is one message of a request's thread (R-TKT-2).
type TicketMessage struct {
	ID       int64
	TicketID int64
	AuthorID int64
	Author   string // the author's name when they wrote
	Staff    bool   // written by a staff member
	Body     string // may hold line breaks
	At       time.Time
}

// Limits of a request's text, in code points.
const (
	MaxTicketSubject  = 150
	MaxTicketMessage  = 10_000
	MaxServerPassword = 1024 // bytes
	MaxHostName       = 253
)

// ReopenWindow is how long after closing a request can be reopened
// (R-TKT-2).
const ReopenWindow = 14 * 24 * time.Hour

// Errors of requests.
var (
	// ErrTicketNotFound answers a request that does not exist or is
	// another account's: the two look the same.
	ErrTicketNotFound = &Error{Code: ENOTFOUND, Message: "There is no such request. Refresh the list and try again."}
	// ErrTicketClosed refuses a reply or a reveal on a closed request.
	ErrTicketClosed = &Error{Code: ECONFLICT, Message: "This request is closed. Reopen it first (within 14 days of closing), or submit a new one."}
	// ErrTicketAlreadyClosed refuses to close a closed request.
	ErrTicketAlreadyClosed = &Error{Code: ECONFLICT, Message: "This request is already closed."}
	// ErrTicketNotClosed refuses to reopen a request that is not closed.
	ErrTicketNotClosed = &Error{Code: ECONFLICT, Message: "This request is not closed, so there is nothing to reopen."}
	// ErrReopenTooLate refuses to reopen a request closed more than
	// ReopenWindow ago (R-TKT-2).
	ErrReopenTooLate = &Error{Code: ECONFLICT, Message: "This request was closed more than 14 days ago and cannot be reopened. Submit a new request instead."}
	// ErrNoSealerSecrets fails closed when a secret must be sealed or
	// opened without the sealing key (SPEC §7).
	ErrNoSealerSecrets = &Error{Code: EINTERNAL, Message: "The sealing key is missing, so secrets cannot be kept sealed at rest. Start acctl with its data directory, where sealing.key is kept."}
)

// TicketRequest is what the two steps of "Submit a request" collect
// (R-TKT-1): the subject and description, then optionally the server, the
// access support gets to it, and its administrator password.
type TicketRequest struct {
	Subject        string
	Description    string
	Server         string       // "" to skip the server step
	Access         ServerAccess // "" is AccessNone
	ServerPassword string       // "" for none; sealed at rest
}

// ValidateTicketSubject trims a request's subject and checks it.
func ValidateTicketSubject(subject string) (string, error) {
	subject = strings.TrimSpace(subject)
	if subject == "" {
		return "", Errorf(EINVALID, "Enter a subject: a few words that say what the request is about.")
	}
	return subject, checkText("The subject", subject, MaxTicketSubject)
}

// ValidateTicketMessage checks a description, reply or reason that may
// span lines: what names it ("The description", "The reply"), the text
// with Windows line ends made plain and outer blank space trimmed.
// Controls other than line breaks and tabs are refused with a sentence.
func ValidateTicketMessage(what, body string) (string, error) {
	return validateMultiline(what, body, MaxTicketMessage)
}

// validateMultiline is ValidateTicketMessage for text of at most max code
// points.
func validateMultiline(what, body string, max int) (string, error) {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	if body == "" {
		return "", Errorf(EINVALID, "%s is empty. Write it, then try again.", what)
	}
	return body, checkMultiline(what, body, max)
}

// checkMultiline is checkText for text that may hold line breaks and tabs.
func checkMultiline(what, s string, max int) error {
	if !utf8.ValidString(s) {
		return Errorf(EINVALID, "%s has characters that are not valid text. Type it again.", what)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return Errorf(EINVALID, "%s is too long (%d characters): use at most %d.", what, n, max)
	}
	for _, r := range s {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			return Errorf(EINVALID, "%s cannot contain control characters. Type it again without them.", what)
		}
	}
	return nil
}

// ValidateServer checks the server a request concerns (R-TKT-1): an IPv4
// or IPv6 address, or a host name of letters, digits and hyphens (an
// international name in its xn-- form), without a port. It returns the
// server as stored: lower case, without brackets or a final dot.
func ValidateServer(server string) (string, error) {
	server = strings.TrimSpace(server)
	if server == "" {
		return "", Errorf(EINVALID, "Enter the server's host name or IP address, or skip this step.")
	}
	if ip := net.ParseIP(strings.Trim(server, "[]")); ip != nil {
		return ip.String(), nil
	}
	if _, _, err := net.SplitHostPort(server); err == nil {
		return "", Errorf(EINVALID, "Give the server without a port: its host name (server1.example.com) or IP address (203.0.113.7).")
	}
	name := strings.ToLower(strings.TrimSuffix(server, "."))
	if len(name) > MaxHostName {
		return "", Errorf(EINVALID, "That host name is too long: use at most %d characters.", MaxHostName)
	}
	labels := strings.Split(name, ".")
	for _, label := range labels {
		if !validHostLabel(label) {
			return "", Errorf(EINVALID, "That is not a host name or IP address. Write it as server1.example.com or 203.0.113.7 (an international name in its xn-- form).")
		}
	}
	if allDigits(labels[len(labels)-1]) { // no top-level domain is numeric: a mistyped address
		return "", Errorf(EINVALID, "%s is not an IP address: each of its four numbers is 0 to 255, as in 203.0.113.7. Or give the host name.", name)
	}
	return name, nil
}

// validHostLabel is RFC 1123: 1 to 63 letters, digits and hyphens, not
// starting or ending with a hyphen.
func validHostLabel(l string) bool {
	if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
		return false
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// CheckServerStep says, before the request is sent, whether the second
// step of "Submit a request" (R-TKT-1) is acceptable as typed, so that the
// form can keep the person on that step: the server, the access level and
// the password, together.
func CheckServerStep(req TicketRequest) error { return validateServerStep(&req) }

// validateServerStep checks the optional second step of R-TKT-1: access
// needs a server; a password needs a server and an access level other
// than none.
func validateServerStep(req *TicketRequest) error {
	if req.Access == "" {
		req.Access = AccessNone
	}
	switch req.Access {
	case AccessNone, AccessReadOnly, AccessFull:
	default:
		return Errorf(EINVALID, "Choose the access for support: none, read-only or full administrator.")
	}
	if strings.TrimSpace(req.Server) == "" {
		req.Server = ""
		if req.Access != AccessNone || req.ServerPassword != "" {
			return Errorf(EINVALID, "Enter the server's host name or IP address too, or choose no access and leave the password empty.")
		}
		return nil
	}
	server, err := ValidateServer(req.Server)
	if err != nil {
		return err
	}
	req.Server = server
	if req.ServerPassword == "" {
		return nil
	}
	if req.Access == AccessNone {
		return Errorf(EINVALID, "With no access for support, leave the administrator password empty, or choose read-only or full administrator access.")
	}
	if len(req.ServerPassword) > MaxServerPassword || !utf8.ValidString(req.ServerPassword) {
		return Errorf(EINVALID, "That password cannot be kept: use at most %d bytes of text.", MaxServerPassword)
	}
	return nil
}

// ticketObject names a request in the audit log.
func ticketObject(id int64) string { return fmt.Sprintf("request #%d", id) }

// ticketPasswordLabel binds a sealed server password to its request, so
// that it cannot be moved to another (SPEC §7).
func ticketPasswordLabel(id int64) string { return fmt.Sprintf("ticket:%d:server-password", id) }

// SubmitTicket files a support request for the caller's account (R-TKT-1):
// the subject and description, and optionally the server with the access
// support gets and its administrator password, which is sealed at rest
// and never listed, logged or mailed. Owners and managers of a customer's
// account may submit; staff may not. The request is open until staff
// answer it.
func (s *Service) SubmitTicket(ctx context.Context, req TicketRequest) (*Ticket, error) {
	a, err := s.customer(ctx, ActionUseRequests)
	if err != nil {
		return nil, err
	}
	subject, err := ValidateTicketSubject(req.Subject)
	if err != nil {
		return nil, err
	}
	description, err := ValidateTicketMessage("The description", req.Description)
	if err != nil {
		return nil, err
	}
	if err := validateServerStep(&req); err != nil {
		return nil, err
	}
	var sealPassword func(int64) ([]byte, error)
	if req.ServerPassword != "" {
		if s.sealer == nil {
			return nil, ErrNoSealerSecrets
		}
		password := []byte(req.ServerPassword)
		sealPassword = func(id int64) ([]byte, error) { return s.sealer.Seal(password, ticketPasswordLabel(id)) }
	}
	now := s.now()
	t := &Ticket{AccountID: a.Account.ID, RequesterID: a.User.ID, Subject: subject, Status: TicketOpen, Server: req.Server,
		Access: req.Access, HasServerPassword: sealPassword != nil, CreatedAt: now, UpdatedAt: now, StatusSince: now,
		Company: a.Account.CompanyName, Requester: a.User.Name}
	m := &TicketMessage{AuthorID: a.User.ID, Author: a.User.Name, Body: description, At: now}
	audit := func(id int64) *AuditEvent { return s.audit(a, "ticket.submitted", ticketObject(id), submitDetail(t)) }
	if err := s.store.CreateTicket(ctx, a.Guard(ActionUseRequests), t, m, sealPassword, audit); err != nil {
		return nil, s.internal("submit request", err)
	}
	s.notifyTicket(ctx, a, t, NotifyTicketSubmitted, fmt.Sprintf("%s submitted request #%d.", plainText(a.User.Name), t.ID), m.Body)
	return t, nil
}

// submitDetail says in the audit log what a new request holds, never the
// password itself.
func submitDetail(t *Ticket) string {
	d := fmt.Sprintf("%q", t.Subject)
	if t.Server != "" {
		d += ", server " + t.Server + ", access " + t.Access.Title()
	}
	if t.HasServerPassword {
		d += ", with a sealed administrator password"
	}
	return d
}

// Tickets returns one window of the caller's account's requests, most
// recently updated first, of one status or of all ("") (R-TKT-2). A
// customer sees their own account's requests only.
func (s *Service) Tickets(ctx context.Context, status TicketStatus, p EventPage) ([]*TicketRow, error) {
	a, err := s.customer(ctx, ActionUseRequests)
	if err != nil {
		return nil, err
	}
	if status != "" && !status.valid() {
		return nil, Errorf(EINVALID, "Choose a status to filter by: open, waiting for staff, waiting for you or closed.")
	}
	p.Limit = max(1, min(p.Limit, MaxPage))
	list, err := s.store.ListTickets(ctx, a.Account.ID, status, p)
	return list, s.internal("list requests", err)
}

// Ticket returns one request with its server, access and whether a
// password is kept (never the password). A customer reads their own
// account's requests only (another account's answer as not found);
// staff read any (R-STF-1).
func (s *Service) Ticket(ctx context.Context, id int64) (*Ticket, error) {
	_, t, err := s.ticketFor(ctx, id)
	return t, err
}

// TicketThread returns one window of a request's messages, newest first
// by keyset on (At, ID) like every event list: a thread view reads from
// the first message with EventPage{Direction: Newer} and shows each
// window oldest first (R-TKT-2). Visibility is Ticket's.
func (s *Service) TicketThread(ctx context.Context, id int64, p EventPage) ([]*TicketMessage, error) {
	if _, _, err := s.ticketFor(ctx, id); err != nil {
		return nil, err
	}
	p.Limit = max(1, min(p.Limit, MaxPage))
	list, err := s.store.ListTicketMessages(ctx, id, p)
	return list, s.internal("read request thread", err)
}

// ticketFor is the caller and request id, which they may read: staff any
// (R-STF-1), a customer their own account's (R-TKT-2).
func (s *Service) ticketFor(ctx context.Context, id int64) (*Actor, *Ticket, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, nil, err
	}
	if !a.Can(ActionWorkRequests) && !a.Can(ActionUseRequests) {
		return nil, nil, authorize(a.User.Role, ActionUseRequests)
	}
	t, err := s.store.FindTicket(ctx, id)
	if ErrorCode(err) == ENOTFOUND {
		return nil, nil, ErrTicketNotFound
	}
	if err != nil {
		return nil, nil, s.internal("find request", err)
	}
	if !a.IsStaff() && t.AccountID != a.Account.ID {
		return nil, nil, ErrTicketNotFound
	}
	return a, t, nil
}

// ticketGuard is the R-ACC-6 guard of a change to a request by a: a
// staff member's needs ActionWorkRequests, a customer's
// ActionUseRequests.
func ticketGuard(a *Actor) *Guard {
	if a.IsStaff() {
		return a.Guard(ActionWorkRequests)
	}
	return a.Guard(ActionUseRequests)
}

// ReplyToTicket adds a message to a request's thread (R-TKT-2). A staff
// member's reply makes the request wait for the customer, and assigns it
// to them when nobody works it; a customer's reply to a request that
// waits for them makes it wait for staff. A closed request takes no reply.
// The reply is notified (technical).
func (s *Service) ReplyToTicket(ctx context.Context, id int64, body string) (*Ticket, error) {
	a, _, err := s.ticketFor(ctx, id)
	if err != nil {
		return nil, err
	}
	body, err = ValidateTicketMessage("The reply", body)
	if err != nil {
		return nil, err
	}
	var m *TicketMessage
	t, err := s.changeTicket(ctx, a, id, func(t *Ticket, now time.Time) (*TicketChange, error) {
		c, err := s.replyChange(a, t, body, now)
		if c != nil {
			m = c.Message
		}
		return c, err
	})
	if err != nil {
		return nil, err
	}
	s.notifyTicket(ctx, a, t, NotifyTicketReply, fmt.Sprintf("%s replied to request #%d.", ticketActorName(a), t.ID), m.Body)
	return t, nil
}

// CloseTicket closes a request (R-TKT-2), by its customer or by staff:
// its server password is purged in the same transaction, and the purge
// is recorded in the account's security log (R-TKT-1).
func (s *Service) CloseTicket(ctx context.Context, id int64) (*Ticket, error) {
	return s.ticketStep(ctx, id, NotifyTicketStatus, "%s closed request #%d.", func(a *Actor, t *Ticket, now time.Time) (*TicketChange, error) {
		return s.closeChange(a, t, now)
	})
}

// ReopenTicket reopens a closed request within ReopenWindow of its
// closing (R-TKT-2), by its customer or by staff; it then waits for
// staff. The server password purged on closing does not come back.
func (s *Service) ReopenTicket(ctx context.Context, id int64) (*Ticket, error) {
	return s.ticketStep(ctx, id, NotifyTicketStatus, "%s reopened request #%d.", func(a *Actor, t *Ticket, now time.Time) (*TicketChange, error) {
		return s.reopenChange(a, t, TicketWaitingStaff, now)
	})
}

// ticketStep is a change without a message to request id by the caller,
// who may read it, decided by decide inside the committing transaction
// and notified (technical) with sentence, a format of who did it (%s)
// and the request's number (%d).
func (s *Service) ticketStep(ctx context.Context, id int64, kind, sentence string, decide func(a *Actor, t *Ticket, now time.Time) (*TicketChange, error)) (*Ticket, error) {
	a, _, err := s.ticketFor(ctx, id)
	if err != nil {
		return nil, err
	}
	t, err := s.changeTicket(ctx, a, id, func(t *Ticket, now time.Time) (*TicketChange, error) {
		return decide(a, t, now)
	})
	if err != nil {
		return nil, err
	}
	s.notifyTicket(ctx, a, t, kind, fmt.Sprintf(sentence, ticketActorName(a), t.ID), "")
	return t, nil
}

// ticketActorName is how notifications name who acted on a request: a
// customer by name, a staff member as "Support (name)".
func ticketActorName(a *Actor) string {
	if a.IsStaff() {
		return "Support (" + plainText(a.User.Name) + ")"
	}
	return plainText(a.User.Name)
}

// changeTicket applies decide to request id as the store reads it inside
// the committing transaction, after a's guard (R-ACC-6), so that two
// consoles cannot both close, or reply to a request closed meanwhile.
func (s *Service) changeTicket(ctx context.Context, a *Actor, id int64, decide func(t *Ticket, now time.Time) (*TicketChange, error)) (*Ticket, error) {
	now := s.now()
	t, err := s.store.ChangeTicket(ctx, ticketGuard(a), id, func(t *Ticket) (*TicketChange, error) {
		if !a.IsStaff() && t.AccountID != a.Account.ID {
			return nil, ErrTicketNotFound
		}
		return decide(t, now)
	})
	if ErrorCode(err) == ENOTFOUND {
		return nil, ErrTicketNotFound
	}
	return t, s.internal("change request", err)
}
