package model

import "time"

// Clock returns the current time. The Service takes one so tests control time.
type Clock func() time.Time

// SystemClock is the real clock, in UTC.
func SystemClock() time.Time { return time.Now().UTC() }
