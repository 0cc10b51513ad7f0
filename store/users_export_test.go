package store

import (
	"context"
	"strings"

	"acctl/model"
)

// UserQueryPlan is SQLite's plan for the query that QueryUsers runs for q,
// one step a line, for the tests of package store_test.
func (db *DB) UserQueryPlan(ctx context.Context, accountID int64, q model.UserQuery) (string, error) {
	query, args, err := db.userQuery(ctx, accountID, q)
	if err != nil {
		return "", err
	}
	rows, err := db.sql.QueryContext(ctx, `EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return "", err
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "\n"), rows.Err()
}
