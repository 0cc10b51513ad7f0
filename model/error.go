// Package model is acctl's domain core: the types, the rules of SPEC §4, the
// permission table and the Service that every front end calls. It holds no
// terminal code and no SQL.
package model

import (
	"errors"
	"fmt"
)

// Error codes. Front ends switch on these, never on message text.
const (
	EINVALID      = "invalid"      // bad input; the message says what to fix
	ENOTFOUND     = "not_found"    // the thing does not exist (or is not yours)
	ECONFLICT     = "conflict"     // the change collides with existing data
	EUNAUTHORIZED = "unauthorized" // wrong credentials or no valid session
	EFORBIDDEN    = "forbidden"    // signed in, but the role does not allow it
	ELOCKED       = "locked"       // too many failures; wait (R-PWD-5)
	EBUSY         = "busy"         // the database stayed locked; try again
	EINTERNAL     = "internal"     // a bug or I/O failure; cause is logged, not drawn
)

// Error is the one error type of acctl. Message is written for a person and
// is safe to draw; internal causes are never put in it.
type Error struct {
	Code    string
	Message string
	// RetryAt is set on ELOCKED errors: when the next attempt is allowed.
	RetryAt int64
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("acctl %s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the *Error in err's chain, EINTERNAL for any
// other error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the person-readable message of err: the *Error's
// message, or "Internal error." for anything else (whose cause must be logged,
// never drawn).
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error. The details were written to the log; please try again."
}

// Common errors that several rules share.
var (
	// ErrBadCredentials is the one answer to a failed sign-in, whatever the
	// cause, so that no message reveals whether an email exists (R-PWD-5).
	ErrBadCredentials = &Error{Code: EUNAUTHORIZED, Message: "The email or password is incorrect. Check both and try again."}
	// ErrWrongPassword answers a failed password confirmation (R-PWD-4).
	ErrWrongPassword = &Error{Code: EUNAUTHORIZED, Message: "That password is not correct. Type your account password and try again."}
	// ErrSessionEnded is returned when the caller's session was closed or has expired.
	ErrSessionEnded = &Error{Code: EUNAUTHORIZED, Message: "Your session has ended. Sign in again."}
	// ErrLastOwner protects R-ACC-1.
	ErrLastOwner = &Error{Code: ECONFLICT, Message: "You are the last active owner: make another user an owner first."}
	// ErrEmailTaken protects R-ACC-2 without saying which account has the address.
	ErrEmailTaken = &Error{Code: ECONFLICT, Message: "That email address is already in use. Use another address."}
	// ErrBusy is returned when the database stayed locked after retries.
	ErrBusy = &Error{Code: EBUSY, Message: "The database is busy with another program. Wait a moment and try again."}
	// ErrNotFound is the generic not-found answer.
	ErrNotFound = &Error{Code: ENOTFOUND, Message: "That item no longer exists. Refresh the list and try again."}
)
