package store

import (
	"context"
	"database/sql"
	"errors"

	"acctl/model"
)

// checkGuard reads the actor of a change and their session inside its
// transaction and applies model's R-ACC-6 rule to them; the store never
// re-implements it. It returns the actor as read, for the change's own
// rule; a nil guard (a change without an actor: seeding, system jobs)
// gives a nil actor and no error.
func checkGuard(ctx context.Context, tx *sql.Tx, g *model.Guard) (*model.User, error) {
	if g == nil {
		return nil, nil
	}
	u, err := findUserByID(ctx, tx, g.ActorID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, g.Check(nil, nil)
	}
	if err != nil {
		return nil, err
	}
	s, err := scanSession(tx.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE id = ?`, g.SessionID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, g.Check(u, nil)
	}
	if err != nil {
		return nil, err
	}
	return u, g.Check(u, s)
}

// guardedTarget checks g (R-ACC-6), reads user userID, the target of the
// change, and applies model's rule to the actor and them as read inside
// tx (skipped for a change without an actor). It returns the target.
func guardedTarget(ctx context.Context, tx *sql.Tx, g *model.Guard, userID int64, rule func(actor, target *model.User) error) (*model.User, error) {
	actor, err := checkGuard(ctx, tx, g)
	if err != nil {
		return nil, err
	}
	u, err := findUserByID(ctx, tx, userID)
	if err != nil {
		return nil, err
	}
	return u, guardedRule(actor, func(actor *model.User) error { return rule(actor, u) })
}

// guardedRule applies rule to the actor that checkGuard returned, when
// there is one: a change without an actor has no actor's rule to meet.
func guardedRule(actor *model.User, rule func(actor *model.User) error) error {
	if actor == nil {
		return nil
	}
	return rule(actor)
}

// guardAccount is the account a guarded change is made in: the guard's, or
// for a change without an actor (seeding), its audit event's.
func guardAccount(g *model.Guard, audit *model.AuditEvent) int64 {
	if g == nil {
		return audit.AccountID
	}
	return g.AccountID
}
