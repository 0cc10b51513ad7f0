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
func newPageQueries(head string) pageQueries {
	const desc, asc = ` ORDER BY at DESC, id DESC LIMIT ?`, ` ORDER BY at ASC, id ASC LIMIT ?`
	return pageQueries{
		newestFirst: head + desc,
		olderThan:   head + ` AND (at, id) < (?, ?)` + desc,
		oldestFirst: head + asc,
		newerThan:   head + ` AND (at, id) > (?, ?)` + asc,
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
	if p.Limit <= 0 {
		return nil, nil
	}
	kind := kindOf(p)
	var rows *sql.Rows
	var err error
	if kind == olderThan || kind == newerThan {
		rows, err = db.QueryContext(ctx, qs[kind], owner, nanos(p.Cursor.At), p.Cursor.ID, p.Limit)
	} else {
		rows, err = db.QueryContext(ctx, qs[kind], owner, p.Limit)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := make([]T, 0, min(p.Limit, model.MaxPage))
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if kind == oldestFirst || kind == newerThan {
		slices.Reverse(list)
	}
	return list, nil
}
