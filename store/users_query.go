package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"acctl/model"
)

// The Users screen's list (R-USR-2) is filtered, sorted and paged here, in
// SQLite, by keyset: no query reads or sorts every user of an account.
//
// Each sort has an index in its order (migration 005) whose keys end in
// the unique email, so the order is total and the keys of a row are a
// cursor. The filter keeps the users whose name or email starts with it
// (case folded for ASCII letters, as COLLATE NOCASE does). Its two halves,
// the name matches and the email matches, are read apart, each at most one
// window in the sort's order; the window is then the first rows of the
// two. A half whose range is in the sort's own order (the names when
// sorting by name) is read straight from its index: one window of entries.
// Any other half is first scanned for along the sort's index, which holds
// name and email, for at most scanBudget entries: enough when the matches
// are many or come early in the order. Failing that, the half's prefix
// range of users_by_name or users_by_email, which hold every sort key, is
// read whole and sorted: as many entries as the half has matches, which
// are then not many, or late in the order.

// userOrder is one sort: the index that holds its order and its key
// columns. The name is ordered and compared without case; the email
// column is COLLATE NOCASE itself.
type userOrder struct {
	index string
	cols  []string
}

var userOrders = map[model.UserSort]userOrder{
	model.SortByName:      {"users_by_name", []string{"u.name", "u.email"}},
	model.SortByEmail:     {"users_by_email", []string{"u.email"}},
	model.SortByLastLogin: {"users_by_login", []string{"u.last_login_sort", "u.name", "u.email"}},
	model.SortBy2FA:       {"users_by_2fa", []string{"u.totp_enabled", "u.name", "u.email"}},
	model.SortByRole:      {"users_by_role", []string{"u.role", "u.name", "u.email"}},
	model.SortByStatus:    {"users_by_status", []string{"u.status", "u.name", "u.email"}},
}

const byName = "u.name COLLATE NOCASE"

// orderBy is the ORDER BY clause of o, all ascending or all descending.
func (o userOrder) orderBy(desc bool) string {
	dir := ""
	if desc {
		dir = " DESC"
	}
	keys := make([]string, len(o.cols))
	for i, c := range o.cols {
		if c == "u.name" {
			c = byName
		}
		keys[i] = c + dir
	}
	return ` ORDER BY ` + strings.Join(keys, ", ")
}

// beyond is the keyset condition of the rows after a cursor's keys (before
// them with desc), one row-value comparison that SQLite turns into a range
// of o's index. The name's collation goes on the right-hand side, where it
// still decides the comparison but leaves the left a plain column, which
// the range needs.
func (o userOrder) beyond(desc bool) string {
	vals := make([]string, len(o.cols))
	for i, c := range o.cols {
		vals[i] = "?"
		if c == "u.name" {
			vals[i] = "? COLLATE NOCASE"
		}
	}
	cmp := ") > ("
	if desc {
		cmp = ") < ("
	}
	return ` AND (` + strings.Join(o.cols, ", ") + cmp + strings.Join(vals, ", ") + `)`
}

// scanBudget is how many entries of the sort's index a half of the filter
// is scanned for before its range is read instead.
const scanBudget = 1000

// filterHalf is one half of the filter: the index of its prefix range, the
// column it leads with, and the range's condition, which takes the filter
// and its upper bound.
type filterHalf struct {
	index, lead, cond string
}

var filterHalves = [2]filterHalf{
	{"users_by_name", "u.name", byName + ` >= ? AND ` + byName + ` < ?`},
	{"users_by_email", "u.email", `u.email COLLATE NOCASE >= ? AND u.email COLLATE NOCASE < ?`},
}

// prefixEnd is appended to a prefix to bound its range from above: no
// valid text that starts with the prefix sorts after it.
const prefixEnd = "\U0010FFFF"

const userRowColumns = `u.id, u.name, u.email, u.last_login_at, u.totp_enabled, u.role, u.status, u.created_at, i.expires_at`

const withInvitation = ` LEFT JOIN invitations i ON i.user_id = u.id`

// userWindow is one window of an account's users being read.
type userWindow struct {
	accountID int64
	order     userOrder
	desc      bool  // walking the order downwards
	after     []any // the cursor's keys; nil from an end
	limit     int
}

// tail is the WHERE, ORDER BY and LIMIT that read up to limit of the
// account's users that meet cond (" AND …" or "") beyond the cursor, in
// order, with their arguments.
func (w *userWindow) tail(cond string, limit int, condArgs ...any) (string, []any) {
	where, args := ` WHERE u.account_id = ?`+cond, append([]any{w.accountID}, condArgs...)
	if w.after != nil {
		where += w.order.beyond(w.desc)
		args = append(args, w.after...)
	}
	return where + w.order.orderBy(w.desc) + ` LIMIT ?`, append(args, limit)
}

// QueryUsers reads one window of an account's users, in q's order whichever
// way the cursor reads; model.ErrNotFound when the cursor's user is gone.
func (db *DB) QueryUsers(ctx context.Context, accountID int64, q model.UserQuery) ([]*model.UserRow, error) {
	query, args, err := db.userQuery(ctx, accountID, q)
	if err != nil || query == "" {
		return nil, err
	}
	list, err := queryUserRows(ctx, db.sql, query, q.Limit, args...)
	if err != nil {
		return nil, mapError("list users", err)
	}
	if q.Cursor.Backward {
		slices.Reverse(list)
	}
	return list, nil
}

// userQuery builds the SELECT that reads q's window, with its arguments;
// with a filter it reads the filter's halves first, and "" means that
// nothing matches.
func (db *DB) userQuery(ctx context.Context, accountID int64, q model.UserQuery) (string, []any, error) {
	o, ok := userOrders[q.Sort]
	if !ok {
		o = userOrders[model.SortByName]
	}
	// Reading backwards walks the order the other way; the window is
	// turned round at the end.
	w := &userWindow{accountID: accountID, order: o, desc: q.Desc != q.Cursor.Backward, limit: q.Limit}
	if q.Cursor.ID != 0 {
		var err error
		if w.after, err = cursorKeys(ctx, db.sql, accountID, o, q.Cursor.ID); err != nil {
			return "", nil, notFound("find cursor", err)
		}
	}
	if q.Filter == "" {
		tail, args := w.tail("", w.limit)
		return `SELECT ` + userRowColumns + ` FROM users u INDEXED BY ` + o.index + withInvitation + tail, args, nil
	}
	var ids []any
	for _, h := range filterHalves {
		got, err := db.readHalf(ctx, w, h, q.Filter)
		if err != nil {
			return "", nil, mapError("filter users", err)
		}
		ids = append(ids, got...)
	}
	if len(ids) == 0 {
		return "", nil, nil
	}
	in := strings.Repeat("?, ", len(ids)-1) + "?"
	return `SELECT ` + userRowColumns + ` FROM users u` + withInvitation + ` WHERE u.id IN (` + in + `)` + o.orderBy(w.desc) + ` LIMIT ?`,
		append(ids, w.limit), nil
}

// readHalf returns the IDs of the first users of w that h of the filter
// keeps, in order.
func (db *DB) readHalf(ctx context.Context, w *userWindow, h filterHalf, filter string) ([]any, error) {
	lo, hi := filter, filter+prefixEnd
	rangeTail, rangeArgs := w.tail(` AND `+h.cond, w.limit, lo, hi)
	readRange := `SELECT u.id FROM users u INDEXED BY ` + h.index + rangeTail
	if h.lead == w.order.cols[0] {
		return queryIDs(ctx, db.sql, readRange, rangeArgs...)
	}
	scanTail, scanArgs := w.tail("", scanBudget)
	ids, err := queryIDs(ctx, db.sql, `SELECT u.id FROM (SELECT u.id, u.name, u.email FROM users u INDEXED BY `+w.order.index+scanTail+
		`) u WHERE `+h.cond+` LIMIT ?`, append(scanArgs, lo, hi, w.limit)...)
	if err != nil || len(ids) == w.limit {
		return ids, err
	}
	return queryIDs(ctx, db.sql, readRange, rangeArgs...)
}

// queryIDs runs a query of one ID column.
func queryIDs(ctx context.Context, q querier, query string, args ...any) ([]any, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []any
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// cursorKeys reads the sort keys of the cursor's user, who must be in the
// account.
func cursorKeys(ctx context.Context, q querier, accountID int64, o userOrder, id int64) ([]any, error) {
	keys := make([]any, len(o.cols))
	ptrs := make([]any, len(o.cols))
	for i := range keys {
		ptrs[i] = &keys[i]
	}
	err := q.QueryRowContext(ctx, `SELECT `+strings.Join(o.cols, ", ")+` FROM users u WHERE u.id = ? AND u.account_id = ?`, id, accountID).Scan(ptrs...)
	return keys, err
}

func queryUserRows(ctx context.Context, q querier, query string, limit int, args ...any) ([]*model.UserRow, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := make([]*model.UserRow, 0, min(limit, model.MaxPage))
	for rows.Next() {
		r, err := scanUserRow(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, r)
	}
	return list, rows.Err()
}

func scanUserRow(s scanner) (*model.UserRow, error) {
	var r model.UserRow
	var lastLogin, invitationEnds sql.NullInt64
	var created int64
	err := s.Scan(&r.ID, &r.Name, &r.Email, &lastLogin, &r.TOTPEnabled, &r.Role, &r.Status, &created, &invitationEnds)
	if err != nil {
		return nil, err
	}
	r.LastLoginAt, r.InvitationExpiresAt = fromNullNanos(lastLogin), fromNullNanos(invitationEnds)
	r.CreatedAt = fromNanos(created)
	return &r, nil
}
