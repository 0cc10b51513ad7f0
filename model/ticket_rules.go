package model

import (
	"fmt"
	"time"
)

// TicketChange is what a change to a request writes, decided by the rules
// below on the request as the store reads it inside the committing
// transaction (R-TKT-2, R-ACC-6). The store writes Ticket's state
// (status, its time, update time, closing time, assignee, purge time),
// appends Message when set, erases the sealed server password when
// PurgePassword is set, and records Audit, all in that transaction.
type TicketChange struct {
	Ticket        *Ticket
	Message       *TicketMessage
	PurgePassword bool
	Audit         []*AuditEvent
}

// ticketAudit is the audit event of a's action on t: a customer's in
// their log, a staff member's as "support: …" in the customer's log
// (R-STF-4).
func (s *Service) ticketAudit(a *Actor, t *Ticket, action, detail string) *AuditEvent {
	if a.IsStaff() {
		return s.supportAudit(a, t.AccountID, action, ticketObject(t.ID), detail)
	}
	return s.audit(a, action, ticketObject(t.ID), detail)
}

// moved is a copy of t in status to at now, updated now.
func moved(t *Ticket, to TicketStatus, now time.Time) *Ticket {
	n := *t
	if n.Status != to {
		n.Status, n.StatusSince = to, now
	}
	n.UpdatedAt = now
	return &n
}

// replyChange is R-TKT-2's reply: a staff reply makes the request wait for
// the customer and assigns it to its author when nobody works it; a
// customer's reply to a request waiting for them makes it wait for staff,
// and leaves an open one open. A closed request takes no reply.
func (s *Service) replyChange(a *Actor, t *Ticket, body string, now time.Time) (*TicketChange, error) {
	if t.Status == TicketClosed {
		return nil, ErrTicketClosed
	}
	to := t.Status
	switch {
	case a.IsStaff():
		to = TicketWaitingCustomer
	case t.Status == TicketWaitingCustomer:
		to = TicketWaitingStaff
	}
	n := moved(t, to, now)
	if a.IsStaff() && n.AssigneeID == 0 {
		n.AssigneeID, n.Assignee = a.User.ID, a.User.Name
	}
	m := &TicketMessage{TicketID: t.ID, AuthorID: a.User.ID, Author: a.User.Name, Staff: a.IsStaff(), Body: body, At: now}
	detail := "now " + to.StaffTitle()
	return &TicketChange{Ticket: n, Message: m, Audit: []*AuditEvent{s.ticketAudit(a, t, "ticket.replied", detail)}}, nil
}

// closeChange is R-TKT-2's close: the request is closed now and its server
// password purged, the purge recorded as its own audit event (R-TKT-1).
func (s *Service) closeChange(a *Actor, t *Ticket, now time.Time) (*TicketChange, error) {
	if t.Status == TicketClosed {
		return nil, ErrTicketAlreadyClosed
	}
	n := moved(t, TicketClosed, now)
	n.ClosedAt = &now
	c := &TicketChange{Ticket: n, Audit: []*AuditEvent{s.ticketAudit(a, t, "ticket.closed", "")}}
	if t.HasServerPassword {
		n.HasServerPassword, n.PasswordPurgedAt, c.PurgePassword = false, &now, true
		c.Audit = append(c.Audit, s.ticketAudit(a, t, "ticket.server_password_purged", "the sealed administrator password of "+t.Server+" was erased on closing"))
	}
	return c, nil
}

// reopenChange is R-TKT-2's reopen: only a closed request, only within
// ReopenWindow of its closing, into status to.
func (s *Service) reopenChange(a *Actor, t *Ticket, to TicketStatus, now time.Time) (*TicketChange, error) {
	if t.Status != TicketClosed {
		return nil, ErrTicketNotClosed
	}
	if t.ClosedAt == nil || now.Sub(*t.ClosedAt) > ReopenWindow {
		return nil, ErrReopenTooLate
	}
	n := moved(t, to, now)
	n.ClosedAt = nil
	return &TicketChange{Ticket: n, Audit: []*AuditEvent{s.ticketAudit(a, t, "ticket.reopened", "now "+to.StaffTitle())}}, nil
}

// statusChange is a staff member's change of status (R-STF-1): closing
// purges as closeChange does, leaving closed reopens as reopenChange
// does, and any other move is free. Changing a request's status assigns
// it to the staff member when nobody works it.
func (s *Service) statusChange(a *Actor, t *Ticket, to TicketStatus, now time.Time) (*TicketChange, error) {
	var c *TicketChange
	var err error
	switch {
	case to == t.Status:
		return nil, Errorf(EINVALID, "Request #%d is already %s.", t.ID, to.StaffTitle())
	case to == TicketClosed:
		c, err = s.closeChange(a, t, now)
	case t.Status == TicketClosed:
		c, err = s.reopenChange(a, t, to, now)
	default:
		c = &TicketChange{Ticket: moved(t, to, now), Audit: []*AuditEvent{s.ticketAudit(a, t, "ticket.status_changed",
			fmt.Sprintf("from %s to %s", t.Status.StaffTitle(), to.StaffTitle()))}}
	}
	if err != nil {
		return nil, err
	}
	if c.Ticket.AssigneeID == 0 && to != TicketClosed {
		c.Ticket.AssigneeID, c.Ticket.Assignee = a.User.ID, a.User.Name
	}
	return c, nil
}

// takeChange assigns a request that is not closed to staff member a
// (R-STF-1), taking it over from whoever worked it.
func (s *Service) takeChange(a *Actor, t *Ticket, now time.Time) (*TicketChange, error) {
	switch {
	case t.Status == TicketClosed:
		return nil, ErrTicketClosed
	case t.AssigneeID == a.User.ID:
		return nil, Errorf(EINVALID, "You are working request #%d already.", t.ID)
	}
	detail := "taken"
	if t.Assignee != "" {
		detail = "taken over from " + t.Assignee
	}
	n := *t
	n.AssigneeID, n.Assignee, n.UpdatedAt = a.User.ID, a.User.Name, now
	return &TicketChange{Ticket: &n, Audit: []*AuditEvent{s.ticketAudit(a, t, "ticket.taken", detail)}}, nil
}

// ErrNotWorkingTicket refuses the server password to a staff member who
// does not work the request (R-TKT-1, R-STF-1).
var ErrNotWorkingTicket = &Error{Code: EFORBIDDEN, Message: "Only the staff member working this request can see its server password. Take the request first."}

// ErrNoServerPassword answers a reveal of a request that keeps no
// password: none was given, or closing purged it.
var ErrNoServerPassword = &Error{Code: ENOTFOUND, Message: "This request keeps no server password: none was given, or it was purged when the request closed."}

// revealCheck is R-TKT-1's "shown only to staff working the ticket": the
// request is not closed and is assigned to a. Working a request means
// having taken it (TakeTicket) or answered it first (a reply or a status
// change assigns an unassigned request), and it ends when the request
// closes or another staff member takes it over. It returns the audit
// event of the reveal, which the store records before the password
// leaves it (R-STF-1).
func (s *Service) revealCheck(a *Actor, t *Ticket) (*AuditEvent, error) {
	switch {
	case t.Status == TicketClosed:
		return nil, ErrTicketClosed
	case t.AssigneeID != a.User.ID:
		return nil, ErrNotWorkingTicket
	case !t.HasServerPassword:
		return nil, ErrNoServerPassword
	}
	return s.ticketAudit(a, t, "ticket.server_password_revealed", "the administrator password of "+t.Server+" ("+t.Access.Title()+" access)"), nil
}
