package store

import (
	"context"
	"database/sql"
	"errors"

	"acctl/model"
)

// checkGuard reads the actor of a change inside its transaction and applies
// model's R-ACC-6 rule to them; the store never re-implements it.
func checkGuard(ctx context.Context, tx *sql.Tx, g model.Guard) error {
	u, err := findUserByID(ctx, tx, g.ActorID)
	if errors.Is(err, sql.ErrNoRows) {
		return g.Check(nil)
	}
	if err != nil {
		return err
	}
	return g.Check(u)
}
