package model

// Guard is what a change depends on about the one who makes it (R-ACC-6):
// the actor is still active, still in this account and, for a restricted
// action, still has a role that allows it. The Service decides the change
// before asking for the password; the store then reads the actor again
// inside the transaction that commits the change and calls Check, so an
// owner disabled or demoted while their call was in flight cannot complete
// it. The rule is written here once; the store only calls it.
type Guard struct {
	ActorID   int64
	AccountID int64
	// Action is the restricted action the change needs (R-ACC-4); "" for
	// a change open to every active user of the account.
	Action Action
}

// Guard returns the guard of a change the actor makes that needs action
// ("" for none beyond being an active user of the account).
func (a *Actor) Guard(action Action) Guard {
	return Guard{ActorID: a.User.ID, AccountID: a.Account.ID, Action: action}
}

// ErrActorChanged refuses a change whose actor was disabled, moved or
// demoted after the change was asked for (R-ACC-6).
var ErrActorChanged = &Error{Code: EFORBIDDEN, Message: "Your role or status changed while this was being saved, so nothing was changed. Refresh and try again."}

// Check is R-ACC-6 on the actor as read inside the committing transaction;
// nil actor means they no longer exist.
func (g Guard) Check(actor *User) error {
	if actor == nil || actor.ID != g.ActorID || actor.Status != UserActive || actor.AccountID != g.AccountID {
		return ErrActorChanged
	}
	if g.Action != "" && !Can(actor.Role, g.Action) {
		return ErrActorChanged
	}
	return nil
}
