package common

import (
	"fmt"
	"strconv"
	"time"

	"acctl/model"
)

// Time layouts the console draws, all in UTC.
const (
	DateLayout    = "2006-01-02"
	MinuteLayout  = "2006-01-02 15:04"
	SecondsLayout = "2006-01-02 15:04:05"
)

// TimeOrNever is t to the minute, or "never".
func TimeOrNever(t *time.Time) string {
	if t == nil {
		return "never"
	}
	return t.UTC().Format(MinuteLayout)
}

// DaysLeft says how long until a moment d away: whole days, counted up, from
// two days on ("90 days" for a key made to last 90 days a second ago), else
// hours and minutes.
func DaysLeft(d time.Duration) string {
	day := 24 * time.Hour
	if d >= 2*day {
		return strconv.Itoa(int((d+day-1)/day)) + " days"
	}
	return model.HumanDuration(d)
}

// OnOff is a flag as the lists show it.
func OnOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

// Thousands writes n with thousands separators: 1,000,000.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Plural writes n things: "1 session", "2 sessions".
func Plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// Thousandsf formats with %s verbs for ints written with separators.
func Thousandsf(format string, n ...int) string {
	args := make([]any, len(n))
	for i, v := range n {
		args[i] = Thousands(v)
	}
	return fmt.Sprintf(format, args...)
}
