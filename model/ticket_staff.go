package model

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// QueuePage asks for one window of a staff queue, which is ordered oldest
// first (R-STF-1, R-STF-2), by keyset on (time, ID): a zero Cursor reads
// from the front, or with Backward from the back; otherwise the rows
// after the cursor, or with Backward before it. Rows always come in queue
// order.
type QueuePage struct {
	Cursor   EventCursor
	Backward bool
	Limit    int
}

// TicketQueue returns one window of every account's requests for staff,
// oldest waiting first (R-STF-1): by default ("") those that wait for
// staff, open or waiting for staff; or those of one status. Each row's
// StatusSince is its place in the queue and the cursor's At.
func (s *Service) TicketQueue(ctx context.Context, status TicketStatus, p QueuePage) ([]*TicketRow, error) {
	if _, err := s.staff(ctx, ActionWorkRequests); err != nil {
		return nil, err
	}
	if status != "" && !status.valid() {
		return nil, Errorf(EINVALID, "Choose a status to filter by: open, waiting for staff, waiting for customer or closed.")
	}
	p.Limit = max(1, min(p.Limit, MaxPage))
	list, err := s.store.TicketQueue(ctx, status, p)
	return list, s.internal("requests queue", err)
}

// TakeTicket makes the caller, a staff member, the one working a request
// that is not closed, taking it over from another staff member if need be
// (R-STF-1); only they see its server password from then on. It is
// audited in the customer's log.
func (s *Service) TakeTicket(ctx context.Context, id int64) (*Ticket, error) {
	a, err := s.staff(ctx, ActionWorkRequests)
	if err != nil {
		return nil, err
	}
	return s.changeTicket(ctx, a, id, func(t *Ticket, now time.Time) (*TicketChange, error) {
		return s.takeChange(a, t, now)
	})
}

// SetTicketStatus is a staff member's change of a request's status
// (R-STF-1): to closed purges the server password as CloseTicket does;
// from closed only within ReopenWindow. It is audited in the customer's
// log and notified (technical).
func (s *Service) SetTicketStatus(ctx context.Context, id int64, status TicketStatus) (*Ticket, error) {
	if _, err := s.staff(ctx, ActionWorkRequests); err != nil {
		return nil, err
	}
	if !status.valid() {
		return nil, Errorf(EINVALID, "Choose a status: open, waiting for staff, waiting for customer or closed.")
	}
	return s.ticketStep(ctx, id, NotifyTicketStatus, "%s set request #%d to "+status.Title()+".", func(a *Actor, t *Ticket, now time.Time) (*TicketChange, error) {
		return s.statusChange(a, t, status, now)
	})
}

// RevealServerPassword shows a request's server administrator password to
// the staff member working it (R-TKT-1, R-STF-1), after their own
// password (as R-PWD-4; failures count towards R-PWD-5). The reveal is
// recorded in the customer's security log in the transaction that reads
// the sealed password, before it is opened, and notified (technical).
// The password must be drawn only in a secret panel and never logged.
func (s *Service) RevealServerPassword(ctx context.Context, id int64, password string) (string, error) {
	a, err := s.staff(ctx, ActionWorkRequests)
	if err != nil {
		return "", err
	}
	t, err := s.store.FindTicket(ctx, id)
	if ErrorCode(err) == ENOTFOUND {
		return "", ErrTicketNotFound
	}
	if err != nil {
		return "", s.internal("find request", err)
	}
	if _, err := s.revealCheck(a, t); err != nil { // the friendly answer, before the password
		return "", err
	}
	if s.sealer == nil {
		return "", ErrNoSealerSecrets
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return "", err
	}
	sealed, err := s.store.RevealTicketPassword(ctx, a.Guard(ActionWorkRequests), id, func(t *Ticket) (*AuditEvent, error) {
		return s.revealCheck(a, t)
	})
	if errors.Is(err, ErrNotFound) {
		return "", ErrTicketNotFound
	}
	if err != nil {
		return "", s.internal("reveal server password", err)
	}
	plain, err := s.sealer.Open(sealed, ticketPasswordLabel(id))
	if err != nil {
		return "", s.internal("open server password", fmt.Errorf("request %d: %w", id, err))
	}
	s.notifyTicket(ctx, a, t, NotifyTicketPasswordSeen,
		fmt.Sprintf("%s viewed the administrator password of %s that you gave with request #%d.", ticketActorName(a), t.Server, t.ID),
		"Support sees it only while working the request, and it is erased when the request closes.")
	return string(plain), nil
}
