package model

import "context"

// allowedTo is the caller, allowed to do action by their role (R-ACC-4).
func (s *Service) allowedTo(ctx context.Context, action Action) (*Actor, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(a.User.Role, action); err != nil {
		return nil, err
	}
	return a, nil
}

// AccountSettings is everything the Account settings screen shows in one
// read (R-SET-1..5): the account (details, status, 2FA enforcement), the
// running support-access grant, the newest deactivation request, and what
// the caller may do there. The contacts list and the details history are
// paged apart (ListContacts, AccountDetailsHistory); the support PIN is
// shown only after the password (SupportPIN).
type AccountSettings struct {
	Account *Account
	// Support is the running grant, nil when none runs (R-SET-4).
	Support *SupportGrant
	// Deactivation is the newest request, pending or decided, nil when
	// there was none (R-SET-5): the screen shows a pending one with
	// "Withdraw", a rejected one with its reason.
	Deactivation *DeactivationRequest
	// What the caller's role allows here (R-ACC-4): managers may do
	// everything but deactivation.
	CanEdit       bool // details, contacts, PIN, support access
	CanDeactivate bool
}

// AccountSettings reads the caller's account settings (R-SET-1..5). Every
// user of the account may read them; the Can fields say what they may
// change.
func (s *Service) AccountSettings(ctx context.Context) (*AccountSettings, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	g, err := s.runningSupportGrant(ctx, a.Account.ID)
	if err != nil {
		return nil, err
	}
	r, err := s.store.LatestDeactivation(ctx, a.Account.ID)
	if ErrorCode(err) == ENOTFOUND {
		r, err = nil, nil
	}
	if err != nil {
		return nil, s.internal("find deactivation request", err)
	}
	return &AccountSettings{Account: a.Account, Support: g, Deactivation: r,
		CanEdit: a.Can(ActionEditAccountDetails), CanDeactivate: a.Can(ActionDeactivateAccount)}, nil
}
