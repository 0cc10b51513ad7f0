package model

import "time"

// AuditEvent records a change of state: who, what, which object, when and
// from where (R-AUD-1).
type AuditEvent struct {
	ID        int64
	AccountID int64
	ActorID   int64  // the user who made the change; 0 for the system
	Actor     string // the actor's email at the time
	Action    string // "user.name_changed", "session.closed", ...
	Object    string // "user 12", "session 3f2a…"
	Detail    string // a short human-readable detail, never a secret
	Origin    Origin
	At        time.Time
}
