package model

// Guard is what a change depends on about the one who makes it (R-ACC-6):
// the actor is still active, still in this account, still signed in to the
// session that asked for the change and, for a restricted action, still has
// a role that allows it. The Service decides the change before asking for
// the password; the store then reads the actor and their session again
// inside the transaction that commits the change and calls Check, so an
// owner disabled, demoted or signed out while their call was in flight
// cannot complete it. The rule is written here once; the store only calls
// it. A nil *Guard is a change with no actor (demo seeding, system jobs).
type Guard struct {
	ActorID   int64
	AccountID int64
	// SessionID is the stored ID of the session that asked for the
	// change; it must still be open and the actor's.
	SessionID string
	// Action is the restricted action the change needs (R-ACC-4); "" for
	// a change open to every active user of the account.
	Action Action
}

// Guard returns the guard of a change the actor makes from their session
// that needs action ("" for none beyond being an active user of the
// account).
func (a *Actor) Guard(action Action) *Guard {
	return &Guard{ActorID: a.User.ID, AccountID: a.Account.ID, SessionID: a.Session.ID, Action: action}
}

// ErrActorChanged refuses a change whose actor was disabled, moved,
// demoted or signed out after the change was asked for (R-ACC-6).
var ErrActorChanged = &Error{Code: EFORBIDDEN, Message: "Your role or status changed while this was being saved, so nothing was changed. Refresh and try again."}

// Check is R-ACC-6 on the actor and their session as read inside the
// committing transaction; nil means they no longer exist.
func (g Guard) Check(actor *User, session *Session) error {
	if actor == nil || actor.ID != g.ActorID || actor.Status != UserActive || actor.AccountID != g.AccountID {
		return ErrActorChanged
	}
	if session == nil || session.ID != g.SessionID || session.UserID != actor.ID || session.Closed() {
		return ErrSessionEnded
	}
	if g.Action != "" && !Can(actor.Role, g.Action) {
		return ErrActorChanged
	}
	return nil
}
