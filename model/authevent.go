package model

import (
	"strings"
	"time"
)

// AuthKind says what an authentication attempt was for.
type AuthKind string

// Kinds of authentication attempt (R-SES-3).
const (
	AuthSignIn  AuthKind = "sign-in"      // the sign-in screen
	AuthConfirm AuthKind = "confirmation" // the password-confirmation modal (R-PWD-4)
	AuthUnlock  AuthKind = "unlock"       // the lock screen after R-SES-1 expiry
	AuthChange  AuthKind = "password change"
)

// AuthResult is the outcome of an attempt.
type AuthResult string

// Results.
const (
	AuthSucceeded     AuthResult = "success"
	AuthWrongPassword AuthResult = "wrong password"
	AuthUnknownEmail  AuthResult = "unknown email" // never shown to the person who typed it
	AuthLocked        AuthResult = "refused: waiting after failures"
	AuthDisabled      AuthResult = "refused: user disabled"
)

// Failed reports whether the attempt was refused. A right password or an
// accepted SSH key whose code is still due (AuthCodeDue, AuthKeyCodeDue,
// R-2FA-5) is not a failure: history does not draw it red, and the R-SES-4
// email does not call it failed, though it says plainly what was accepted.
// Nor is the end of a session (AuthSessionEnd, R-SES-5).
func (r AuthResult) Failed() bool {
	return r != AuthSucceeded && r != AuthCodeDue && r != AuthKeyCodeDue && !strings.HasPrefix(string(r), sessionEndedPrefix)
}

// AuthEvent is one authentication attempt, failed or not (R-SES-3).
type AuthEvent struct {
	ID        int64
	UserID    int64 // 0 when the email matched no user
	AccountID int64
	Email     string // as typed (normalised), for attempts on unknown emails
	Kind      AuthKind
	Result    AuthResult
	Origin    Origin
	Client    Client
	At        time.Time
}

// EventCursor marks a position in a list ordered newest first, for keyset
// pagination: the (At, ID) of the row at the edge of the current window.
type EventCursor struct {
	At time.Time
	ID int64
}

// PageDirection says which way to read from a cursor.
type PageDirection int

// Directions. Older reads towards the oldest row, Newer towards the newest.
const (
	Older PageDirection = iota
	Newer
)

// EventPage asks for a window of events. A zero Cursor with Older starts at
// the newest; a zero Cursor with Newer starts at the oldest. Rows are always
// returned newest first.
type EventPage struct {
	Cursor    EventCursor
	Direction PageDirection
	Limit     int
}
