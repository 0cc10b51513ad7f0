package model

import (
	"context"
	"fmt"
	"time"
)

// SupportAccessTTL is how long support access runs once allowed or
// extended (R-SET-4).
const SupportAccessTTL = 24 * time.Hour

// GrantEnd says how a support-access grant ended.
type GrantEnd string

// Ends of a grant (R-SET-4).
const (
	GrantTerminated GrantEnd = "terminated" // a user of the account ended it
	GrantExpired    GrantEnd = "expired"    // its 24 hours ran out
)

// SupportGrant is one period of support access to an account (R-SET-4):
// while it runs, the provider's staff may open the account (R-STF-4).
type SupportGrant struct {
	ID             int64
	AccountID      int64
	GrantedBy      int64 // the user who allowed it
	GrantedByName  string
	GrantedByEmail string
	GrantedAt      time.Time
	ExpiresAt      time.Time  // moved to now+24 h by each extension
	ExtendedAt     *time.Time // the last extension; nil for none
	EndedAt        *time.Time // nil while it has not ended (it may still have run out)
	EndReason      GrantEnd
	EndedBy        int64 // the user who terminated it; 0 when it expired
}

// Running reports whether the grant lets staff in at now: it has not been
// terminated and its time has not run out. A grant whose time ran out is
// over at once, whether or not the sweep (EndExpiredSupportAccess) has
// recorded its end yet.
func (g *SupportGrant) Running(now time.Time) bool {
	return g != nil && g.EndedAt == nil && now.Before(g.ExpiresAt)
}

// Left is the time the grant still runs at now; 0 when it does not.
func (g *SupportGrant) Left(now time.Time) time.Duration {
	if !g.Running(now) {
		return 0
	}
	return g.ExpiresAt.Sub(now)
}

// SupportAccessLeft is how long support access to the account still runs
// at now, 0 when it does not (R-SET-4): what the header shows every user
// of the account. It needs no call to the store: the account is read with
// the end of its open grant (SupportAccessUntil).
func (a *Account) SupportAccessLeft(now time.Time) time.Duration {
	if a.SupportAccessUntil.IsZero() || !now.Before(a.SupportAccessUntil) {
		return 0
	}
	return a.SupportAccessUntil.Sub(now)
}

// Errors of support access (R-SET-4).
var (
	ErrSupportAccessRunning = &Error{Code: ECONFLICT, Message: "Support access is already allowed. Extend it to give support another 24 hours from now."}
	ErrNoSupportAccess      = &Error{Code: ECONFLICT, Message: "Support access is not allowed at the moment, so there is nothing to extend or end. Allow it first."}
)

// SupportAccess returns the caller's account's running grant, or nil when
// none runs (R-SET-4). Every user of the account may read it.
func (s *Service) SupportAccess(ctx context.Context) (*SupportGrant, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	return s.runningSupportGrant(ctx, a.Account.ID)
}

// runningSupportGrant returns the account's running grant, or nil when
// none runs: what the staff side checks before it opens an account, and
// on every action under it (R-STF-4). A grant whose time ran out is not
// running, recorded or not.
func (s *Service) runningSupportGrant(ctx context.Context, accountID int64) (*SupportGrant, error) {
	g, err := s.store.RunningSupportGrant(ctx, accountID, s.now())
	if ErrorCode(err) == ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, s.internal("find support grant", err)
	}
	return g, nil
}

// AllowSupportAccess lets the provider's staff into the caller's account
// for SupportAccessTTL after the password (R-SET-4, R-PWD-4): owners and
// managers (R-ACC-4, R-ACC-6). Audited and notified to the Technical and
// Primary contacts (R-SET-2). While it runs, ErrSupportAccessRunning.
func (s *Service) AllowSupportAccess(ctx context.Context, password string) (*SupportGrant, error) {
	a, err := s.allowedTo(ctx, ActionSupportAccess)
	if err != nil {
		return nil, err
	}
	if g, err := s.runningSupportGrant(ctx, a.Account.ID); err != nil || g != nil {
		return nil, orRunning(g, err)
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return nil, err
	}
	now := s.now()
	g := &SupportGrant{AccountID: a.Account.ID, GrantedBy: a.User.ID, GrantedByName: a.User.Name, GrantedByEmail: a.User.Email,
		GrantedAt: now, ExpiresAt: now.Add(SupportAccessTTL)}
	audit := s.audit(a, "support_access.allowed", "support access", "until "+utcTime(g.ExpiresAt))
	if err := s.store.StartSupportGrant(ctx, a.Guard(ActionSupportAccess), g, audit); err != nil {
		return nil, s.internal("allow support access", err)
	}
	s.notifyGrantEnds(ctx) // a grant that ran out unrecorded was ended above
	s.notifyAccount(ctx, a.Account.ID, s.supportAccessMessage(a, NotifySupportAccessGiven, "allowed the provider's support staff into", g))
	return g, nil
}

// orRunning is err, or when a grant runs, the sentence that says until
// when.
func orRunning(g *SupportGrant, err error) error {
	if err != nil {
		return err
	}
	return Errorf(ECONFLICT, "Support access is already allowed until %s. Extend it to give support another 24 hours from now.", utcTime(g.ExpiresAt))
}

// ExtendSupportAccess moves the end of the running grant to now +
// SupportAccessTTL after the password (R-SET-4, R-PWD-4), as
// AllowSupportAccess; ErrNoSupportAccess when none runs.
func (s *Service) ExtendSupportAccess(ctx context.Context, password string) (*SupportGrant, error) {
	a, err := s.allowedTo(ctx, ActionSupportAccess)
	if err != nil {
		return nil, err
	}
	if g, err := s.runningSupportGrant(ctx, a.Account.ID); err != nil || g == nil {
		return nil, orNoAccess(err)
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return nil, err
	}
	now := s.now()
	until := now.Add(SupportAccessTTL)
	audit := s.audit(a, "support_access.extended", "support access", "until "+utcTime(until))
	g, err := s.store.ExtendSupportGrant(ctx, a.Guard(ActionSupportAccess), now, until, audit)
	if err != nil {
		return nil, s.internal("extend support access", err)
	}
	s.notifyAccount(ctx, a.Account.ID, s.supportAccessMessage(a, NotifySupportAccessLonger, "extended the support staff's access to", g))
	return g, nil
}

func orNoAccess(err error) error {
	if err != nil {
		return err
	}
	return ErrNoSupportAccess
}

// EndSupportAccess terminates the running grant at once (R-SET-4):
// owners and managers (R-ACC-4, R-ACC-6), without the password, since it
// takes access away. Its end is audited and notified once, as an expiry
// is.
func (s *Service) EndSupportAccess(ctx context.Context) error {
	a, err := s.allowedTo(ctx, ActionSupportAccess)
	if err != nil {
		return err
	}
	_, err = s.store.EndSupportGrant(ctx, a.Guard(ActionSupportAccess), s.now(), s.audit(a, "support_access.ended", "support access", "terminated"))
	if err != nil {
		return s.internal("end support access", err)
	}
	s.notifyGrantEnds(ctx)
	return nil
}

// grantSweepBatch is how many grants the sweep handles per store call.
const grantSweepBatch = 100

// EndExpiredSupportAccess records the end of every grant whose time ran
// out (R-SET-4) and queues the notice of every ended grant not yet
// notified, each exactly once however many processes sweep at once, and
// returns how many ends it recorded. It needs no session: a long-running
// process (the console, acctl serve) calls it every minute. Reads do not
// wait for it: a grant whose time ran out is not Running.
func (s *Service) EndExpiredSupportAccess(ctx context.Context) (int, error) {
	ended := 0
	for {
		list, err := s.store.ExpireSupportGrants(ctx, s.now(), grantSweepBatch)
		if err != nil {
			return ended, s.internal("end expired support access", err)
		}
		ended += len(list)
		if len(list) < grantSweepBatch {
			break
		}
	}
	return ended, s.notifyGrantEnds(ctx)
}

// notifyGrantEnds queues the technical notice of every ended grant whose
// end is not notified yet; the store marks each in the transaction that
// queues it, so each end is notified once.
func (s *Service) notifyGrantEnds(ctx context.Context) error {
	for {
		list, err := s.store.UnnotifiedGrantEnds(ctx, grantSweepBatch)
		if err != nil {
			return s.internal("find ended support grants", err)
		}
		for _, g := range list {
			acct, err := s.store.FindAccountByID(ctx, g.AccountID)
			if err != nil {
				return s.internal("find account", err)
			}
			rows, err := s.routed(ctx, g.AccountID, s.grantEndedMessage(acct, g), nil, "")
			if err != nil {
				return err
			}
			if _, err := s.store.MarkGrantEndNotified(context.WithoutCancel(ctx), g.ID, s.now(), rows); err != nil {
				return s.internal("notify support grant end", err)
			}
		}
		if len(list) < grantSweepBatch {
			return nil
		}
	}
}

// GrantExpiredAudit is the audit event of a grant whose time ran out,
// recorded by the system at the moment it ran out (R-SET-4, R-AUD-1).
func GrantExpiredAudit(g *SupportGrant) *AuditEvent {
	return &AuditEvent{AccountID: g.AccountID, Actor: "acctl", Action: "support_access.ended", Object: "support access",
		Detail: "expired after 24 hours", Origin: LocalOrigin, At: g.ExpiresAt}
}

// supportAccessMessage is the technical notice of a grant allowed or
// extended.
func (s *Service) supportAccessMessage(a *Actor, kind, did string, g *SupportGrant) Message {
	company := plainText(a.Account.CompanyName)
	body := fmt.Sprintf("%s %s %s in acctl until %s.\n\nWhile access runs, support staff can open the account and read what a manager reads; each of their actions is in the security log as “support: …” and notified. Any owner or manager can end it under Account settings.\n%s",
		displayName(a.User), did, company, utcTime(g.ExpiresAt), s.signature(a))
	return Message{Category: CategoryTechnical, Kind: kind, Subject: "acctl: support access to " + oneLine(company) + " until " + utcTime(g.ExpiresAt), Body: body}
}

// grantEndedMessage is the technical notice of a grant's end.
func (s *Service) grantEndedMessage(acct *Account, g *SupportGrant) Message {
	how := "Its 24 hours ran out."
	if g.EndReason == GrantTerminated {
		how = "A user of the account ended it."
	}
	at := g.ExpiresAt
	if g.EndedAt != nil {
		at = *g.EndedAt
	}
	company := plainText(acct.CompanyName)
	body := fmt.Sprintf("Support access to %s ended at %s. %s Support staff can no longer open the account; allow access again under Account settings if they still need it.\n", company, utcTime(at), how)
	return Message{Category: CategoryTechnical, Kind: NotifySupportAccessEnded, Subject: "acctl: support access to " + oneLine(company) + " ended", Body: body}
}

// utcTime writes t as notices and audit details do.
func utcTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }
