package store

import (
	"context"
	"database/sql"
	"slices"

	"acctl/model"
)

// Keyset pagination on (at, id), newest first. Each window is one index
// range scan that reads at most Limit rows: no OFFSET, no COUNT. Reading
// towards newer rows scans the index upwards and reverses the window, so
// that every window comes back newest first.

// pageQueries holds the four queries of one list, by pageKind.
type pageQueries [4]string

type pageKind int

const (
	newestFirst pageKind = iota // zero cursor, Older: the newest rows
	olderThan                   // rows strictly before the cursor
	oldestFirst                 // zero cursor, Newer: the oldest rows
	newerThan                   // rows strictly after the cursor
)

// newPageQueries builds the queries of a list from its SELECT … WHERE
// owner = ? head.
func newPageQueries(head string) pageQueries { return newPageQueriesOn(head, "at", "id") }

// newPageQueriesOn is newPageQueries for a list ordered by the columns at
// and id (named as the head's FROM needs them).
func newPageQueriesOn(head, at, id string) pageQueries {
	desc, asc := ` ORDER BY `+at+` DESC, `+id+` DESC LIMIT ?`, ` ORDER BY `+at+` ASC, `+id+` ASC LIMIT ?`
	key := ` AND (` + at + `, ` + id + `)`
	return pageQueries{
		newestFirst: head + desc,
		olderThan:   head + key + ` < (?, ?)` + desc,
		oldestFirst: head + asc,
		newerThan:   head + key + ` > (?, ?)` + asc,
	}
}

// kindOf says which query serves p.
func kindOf(p model.EventPage) pageKind {
	zero := p.Cursor.At.IsZero() && p.Cursor.ID == 0
	switch {
	case p.Direction == model.Newer && zero:
		return oldestFirst
	case p.Direction == model.Newer:
		return newerThan
	case zero:
		return newestFirst
	}
	return olderThan
}

// readPage runs the query for p with owner (a user or account ID) and scans
// at most p.Limit rows with scan, newest first.
func readPage[T any](ctx context.Context, db *sql.DB, qs pageQueries, owner int64, p model.EventPage, scan func(scanner) (T, error)) ([]T, error) {
	return readPageOf(ctx, db, qs, []any{owner}, p, scan)
}

// readPageOf is readPage for a head that takes the arguments keys.
func readPageOf[T any](ctx context.Context, db *sql.DB, qs pageQueries, keys []any, p model.EventPage, scan func(scanner) (T, error)) ([]T, error) {
	if p.Limit <= 0 {
		return nil, nil
	}
	kind := kindOf(p)
	args := keys
	if kind == olderThan || kind == newerThan {
		args = append(args[:len(args):len(args)], nanos(p.Cursor.At), p.Cursor.ID)
	}
	list, err := queryRows(ctx, db, qs[kind], p.Limit, append(args[:len(args):len(args)], p.Limit), scan)
	if err != nil {
		return nil, err
	}
	if kind == oldestFirst || kind == newerThan {
		slices.Reverse(list)
	}
	return list, nil
}

// queryRows runs query and scans at most limit rows with scan.
func queryRows[T any](ctx context.Context, q querier, query string, limit int, args []any, scan func(scanner) (T, error)) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := make([]T, 0, min(limit, model.MaxPage))
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	return list, rows.Err()
}

// Queues (R-STF-1, R-STF-2) are ordered oldest first and paged by keyset
// on (time, id) in both directions, like the lists above turned round:
// each window is one index range scan of at most Limit rows, returned in
// queue order.

// queueQueries holds the four queries of one queue, by queueKind.
type queueQueries [4]string

type queueKind int

const (
	queueFront  queueKind = iota // zero cursor forwards: the oldest rows
	queueAfter                   // rows strictly after the cursor
	queueBack                    // zero cursor backwards: the newest rows
	queueBefore                  // rows strictly before the cursor
)

// newQueueQueries builds the queries of a queue from its SELECT … WHERE
// head, ordered by the columns at and id.
func newQueueQueries(head, at, id string) queueQueries {
	lists := newPageQueriesOn(head, at, id)
	return queueQueries{
		queueFront:  lists[oldestFirst],
		queueAfter:  lists[newerThan],
		queueBack:   lists[newestFirst],
		queueBefore: lists[olderThan],
	}
}

// readQueue runs the query for p with the head's arguments keys and scans
// at most p.Limit rows with scan, in queue order.
func readQueue[T any](ctx context.Context, db *sql.DB, qs queueQueries, keys []any, p model.QueuePage, scan func(scanner) (T, error)) ([]T, error) {
	if p.Limit <= 0 {
		return nil, nil
	}
	zero := p.Cursor.At.IsZero() && p.Cursor.ID == 0
	kind := queueFront
	switch {
	case p.Backward && zero:
		kind = queueBack
	case p.Backward:
		kind = queueBefore
	case !zero:
		kind = queueAfter
	}
	args := keys[:len(keys):len(keys)]
	if !zero {
		args = append(args, nanos(p.Cursor.At), p.Cursor.ID)
	}
	list, err := queryRows(ctx, db, qs[kind], p.Limit, append(args, p.Limit), scan)
	if err != nil {
		return nil, err
	}
	if p.Backward {
		slices.Reverse(list)
	}
	return list, nil
}
