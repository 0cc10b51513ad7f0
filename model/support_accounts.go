package model

import (
	"context"
	"fmt"
)

// NotifySupportOpened is the kind of the technical notice that a staff
// member opened the account under support access (R-STF-4, R-SET-4).
const NotifySupportOpened = "support opened the account"

// ErrNoSupportGrant refuses to open a customer's account while no
// support-access grant of it runs (R-STF-4, R-SET-4): never allowed, ended
// by the customer, or its 24 hours ran out.
var ErrNoSupportGrant = &Error{Code: EFORBIDDEN, Message: "Support access to this account is not allowed now, so it cannot be opened. Ask the customer to allow it under Account settings; it then runs for 24 hours."}

// SupportedAccount is a customer account whose support-access grant runs,
// as the staff's Accounts list shows it (R-STF-4): the company and the
// grant, whose ExpiresAt orders the list (soonest end first).
type SupportedAccount struct {
	AccountID int64
	Company   string
	Status    AccountStatus
	Grant     *SupportGrant
}

// SupportAccountView is what a staff member reads of a customer's account
// under its grant (R-STF-4): what a manager reads on Account settings —
// the details, the account's status and 2FA enforcement, the grant, the
// newest deactivation request and the newest verification (without
// files). The account's contacts and requests are read apart
// (SupportContacts, SupportTickets).
type SupportAccountView struct {
	Account      *Account
	Grant        *SupportGrant
	Deactivation *DeactivationRequest // nil for none
	Verification *KYCRequest          // nil for none
}

// SupportedAccounts returns one window of the customer accounts whose
// support access runs now, the soonest to end first (R-STF-4): the
// cursor is a row's (Grant.ExpiresAt, Grant.ID). Staff only; reading the
// list opens no account, so it is not audited.
func (s *Service) SupportedAccounts(ctx context.Context, p QueuePage) ([]*SupportedAccount, error) {
	if _, err := s.staff(ctx, ActionOpenAccounts); err != nil {
		return nil, err
	}
	p.Limit = max(1, min(p.Limit, MaxPage))
	list, err := s.store.SupportedAccounts(ctx, s.now(), p)
	return list, s.internal("supported accounts", err)
}

// SupportAccount opens a customer's account for the calling staff member
// while its support grant runs (R-STF-4, R-SET-4) and returns what a
// manager reads on Account settings. The grant is checked at this instant
// on every call, inside the transaction that records the reading in the
// customer's security log ("support: account.viewed"); the first opening
// under each grant by each staff member is notified (technical).
func (s *Service) SupportAccount(ctx context.Context, accountID int64) (*SupportAccountView, error) {
	a, err := s.staff(ctx, ActionOpenAccounts)
	if err != nil {
		return nil, err
	}
	g, err := s.openUnderGrant(ctx, a, accountID, "account.viewed", "account details", true)
	if err != nil {
		return nil, err
	}
	acct, err := s.store.FindAccountByID(ctx, accountID)
	if err != nil {
		return nil, s.internal("find account", err)
	}
	v := &SupportAccountView{Account: acct, Grant: g}
	if v.Deactivation, err = s.store.LatestDeactivation(ctx, accountID); ErrorCode(err) == ENOTFOUND {
		v.Deactivation, err = nil, nil
	}
	if err != nil {
		return nil, s.internal("find deactivation request", err)
	}
	if v.Verification, err = s.store.LatestVerification(ctx, accountID); ErrorCode(err) == ENOTFOUND {
		v.Verification, err = nil, nil
	}
	if err != nil {
		return nil, s.internal("find verification", err)
	}
	if v.Verification != nil {
		v.Verification.Files = nil // what a manager reads: the status, not the documents
	}
	return v, nil
}

// SupportContacts returns one window of a customer's contacts for the
// calling staff member while the account's support grant runs (R-STF-4),
// as ListContacts does for a manager. The first window (a zero cursor) is
// recorded in the customer's log as "support: contacts.viewed"; the
// windows that follow continue that reading, and each checks the grant
// again.
func (s *Service) SupportContacts(ctx context.Context, accountID int64, q ContactQuery) ([]*Contact, error) {
	a, err := s.staff(ctx, ActionOpenAccounts)
	if err != nil {
		return nil, err
	}
	if _, err := s.openUnderGrant(ctx, a, accountID, "contacts.viewed", "contacts", q.Cursor == (ContactCursor{}) || q.Cursor == (ContactCursor{Backward: true})); err != nil {
		return nil, err
	}
	q.Limit = max(1, min(q.Limit, MaxPage))
	list, err := s.store.ListContacts(ctx, accountID, q)
	return list, s.internal("list contacts", err)
}

// SupportTickets returns one window of a customer's requests, of one
// status or all (""), for the calling staff member while the account's
// support grant runs (R-STF-4), as Tickets does for a manager; the
// threads open through Ticket and TicketThread (R-STF-1). The first
// window is recorded as "support: requests.viewed", as SupportContacts.
func (s *Service) SupportTickets(ctx context.Context, accountID int64, status TicketStatus, p EventPage) ([]*TicketRow, error) {
	a, err := s.staff(ctx, ActionOpenAccounts)
	if err != nil {
		return nil, err
	}
	if status != "" && !status.valid() {
		return nil, Errorf(EINVALID, "Choose a status to filter by: open, waiting for staff, waiting for customer or closed.")
	}
	if _, err := s.openUnderGrant(ctx, a, accountID, "requests.viewed", "requests", p.Cursor == (EventCursor{})); err != nil {
		return nil, err
	}
	p.Limit = max(1, min(p.Limit, MaxPage))
	list, err := s.store.ListTickets(ctx, accountID, status, p)
	return list, s.internal("list requests", err)
}

// openUnderGrant is the gate of every staff read of a customer's account
// (R-STF-4): the account's grant must run at this instant, or
// ErrNoSupportGrant. When audited, the check and the audit event commit
// together after R-ACC-6's guard, and the staff member's first opening
// under the grant is notified (technical); otherwise the grant is only
// read.
func (s *Service) openUnderGrant(ctx context.Context, a *Actor, accountID int64, action, detail string, audited bool) (*SupportGrant, error) {
	now := s.now()
	if !audited {
		g, err := s.store.RunningSupportGrant(ctx, accountID, now)
		if ErrorCode(err) == ENOTFOUND {
			return nil, ErrNoSupportGrant
		}
		return g, s.internal("find support grant", err)
	}
	audit := s.supportAudit(a, accountID, action, fmt.Sprintf("account %d", accountID), detail)
	g, first, err := s.store.OpenSupportedAccount(ctx, a.Guard(ActionOpenAccounts), accountID, now, audit)
	if err != nil {
		return nil, s.internal("open account", err)
	}
	if first {
		s.notifyAccount(ctx, accountID, s.supportOpenedMessage(a, g))
	}
	return g, nil
}

// supportOpenedMessage is the technical notice of a staff member's first
// opening of the account under a grant (R-STF-4, R-SET-2).
func (s *Service) supportOpenedMessage(a *Actor, g *SupportGrant) Message {
	body := fmt.Sprintf("%s (%s) of the provider's support staff opened your account in acctl at %s, under the support access %s allowed until %s.\n\n"+
		"Support reads what a manager reads: the account details, contacts, requests and the status of deactivation and verification. Each reading is in the security log as “support: …”. Any owner or manager can end support access under Account settings.\n",
		plainText(displayName(a.User)), a.User.Email, utcTime(s.now()), plainText(g.GrantedByName), utcTime(g.ExpiresAt))
	return Message{Category: CategoryTechnical, Kind: NotifySupportOpened, Subject: "acctl: support opened your account", Body: body}
}

// SupportAccessOf returns the grant that lets the calling staff member
// into a customer's account now, or ErrNoSupportGrant (R-STF-4): what an
// open account's screen polls to close the moment access ends. It reads
// nothing of the account, so it is not audited.
func (s *Service) SupportAccessOf(ctx context.Context, accountID int64) (*SupportGrant, error) {
	a, err := s.staff(ctx, ActionOpenAccounts)
	if err != nil {
		return nil, err
	}
	return s.openUnderGrant(ctx, a, accountID, "", "", false)
}
