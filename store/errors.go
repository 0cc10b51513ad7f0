package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"acctl/model"
)

// uniqueConflicts maps a UNIQUE constraint, as SQLite names it in its error
// ("table.column"), to the conflict a person is shown. A unique violation
// not listed here is a bug and stays an internal error.
var uniqueConflicts = map[string]*model.Error{
	"users.email":          model.ErrEmailTaken,   // R-ACC-2
	"contacts.email":       model.ErrContactTaken, // R-SET-2
	"gpg_keys.fingerprint": model.ErrGPGKeyTaken,  // R-SSH-4
}

// ErrDamaged is met when SQLite finds the file corrupt after it was opened.
// It is an internal error (the cause is logged) whose message says what to do.
// It is never part of the logged text (detailed).
var ErrDamaged = &model.Error{Code: model.EINTERNAL, Message: "The database file is damaged. Restore it from a backup; the details are in the log."}

// mapError turns what SQLite reports into the *model.Error a person can act
// on, in this one place: a listed unique violation becomes its conflict
// (ErrEmailTaken), a foreign key that points nowhere ErrNotFound, a lock
// that outlasted the busy timeout and the retries ErrBusy, damage
// ErrDamaged (wrapped, with the cause). *model.Error values pass through;
// anything else is wrapped with what, as an internal error.
func mapError(what string, err error) error {
	if err == nil {
		return nil
	}
	var me *model.Error
	if errors.As(err, &me) {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			for name, conflict := range uniqueConflicts {
				if strings.Contains(se.Error(), name) {
					return conflict
				}
			}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return model.ErrNotFound
		}
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return &detailed{msg: ErrDamaged, cause: fmt.Errorf("%s: the database file is damaged: %w", what, err)}
		}
		if isBusy(err) {
			return model.ErrBusy
		}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// detailed is an error with two faces: its text, for the log, is the
// cause alone; errors.As finds msg, the sentence shown to a person. So the
// log never repeats the sentence inside the error, and the screen never
// shows the cause.
type detailed struct {
	msg   *model.Error
	cause error
}

func (d *detailed) Error() string { return d.cause.Error() }
func (d *detailed) Unwrap() error { return d.cause }

// Is matches the sentence, so that errors.Is(err, ErrDamaged) holds.
func (d *detailed) Is(target error) bool { return target == d.msg }

// As gives the sentence to errors.As(err, **model.Error).
func (d *detailed) As(target any) bool {
	p, ok := target.(**model.Error)
	if ok {
		*p = d.msg
	}
	return ok
}

// isBusy reports whether err is SQLite's "database is locked" (SQLITE_BUSY
// or SQLITE_LOCKED, any extended code).
func isBusy(err error) bool {
	switch sqliteCode(err) & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return true
	}
	return false
}

// sqliteCode is the extended SQLite result code in err's chain, or 0.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

// notFound turns sql.ErrNoRows into model.ErrNotFound and maps the rest.
func notFound(what string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return model.ErrNotFound
	}
	return mapError(what, err)
}
