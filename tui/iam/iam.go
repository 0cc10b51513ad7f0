// Package iam holds the Identity and Access section: Users, for owners only
// (R-USR-1..3, R-ACC-4, R-ACC-5), with each user's sessions (R-SES-6) and
// reset codes to hand over (R-PWD-7); API keys (R-TOK-1..3); and "SSH & GPG
// keys" (R-SSH-1, R-SSH-2, R-SSH-4). Every change behind the password goes
// through components.RunWithPassword (R-PWD-4); every read and write runs
// in a command, never in Update.
package iam

import (
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// orNever is a time to the minute, or "never".
func orNever(t *time.Time) string { return common.TimeOrNever(t) }

// moreTime says how long something still lasts in words that read after
// "valid for": "6 more days", "5 more hours", "12 more minutes"; whole
// units counted up, so that a 7-day invitation sent a second ago is valid
// for 7 more days.
func moreTime(d time.Duration) string {
	units := []struct {
		size       time.Duration
		one, other string
	}{{24 * time.Hour, "day", "days"}, {time.Hour, "hour", "hours"}, {time.Minute, "minute", "minutes"}}
	for _, u := range units {
		if d >= 2*u.size || u.size == time.Minute {
			n := int((d + u.size - 1) / u.size)
			if n == 1 {
				return "1 more " + u.one
			}
			return strconv.Itoa(n) + " more " + u.other
		}
	}
	return ""
}

// userLabel names a user in sentences: their name, or their email while
// invited (they have no name yet).
func userLabel(x *model.UserRow) string {
	if x.Name == "" {
		return x.Email
	}
	return x.Name
}

// nameOrDash is a user's name as a cell.
func nameOrDash(x *model.UserRow) string {
	if x.Name == "" {
		return "—"
	}
	return x.Name
}

// fieldsPage draws a titled page of labelled values, the labels in one
// column and each value wrapped under itself: the details of an API key, a
// stored SSH or GPG key. A value's lines (a GPG key's user IDs) are
// cleaned one by one and stay lines.
func fieldsPage(st *common.Styles, title string, width int, fields [][2]string) string {
	var b strings.Builder
	b.WriteString(st.Title.Render(common.Truncate(common.CleanLine(title), width)) + "\n\n")
	b.WriteString(fieldLines(st, width, fields))
	return b.String()
}

// fieldLines draws labelled values, one a line (or more), the labels in
// one column.
func fieldLines(st *common.Styles, width int, fields [][2]string) string {
	labels := 0
	for _, f := range fields {
		labels = max(labels, common.Width(f[0]))
	}
	var b strings.Builder
	for _, f := range fields {
		b.WriteString(common.Field(st, f[0], cleanLines(f[1]), labels+1, width) + "\n")
	}
	return b.String()
}

// cleanLines cleans each line of s for drawing (SPEC §5), keeping the
// line breaks.
func cleanLines(s string) string {
	if !strings.Contains(s, "\n") {
		return common.CleanLine(s)
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = common.CleanLine(l)
	}
	return strings.Join(lines, "\n")
}

// listDone says in the status line how an action on a list's row ended —
// its sentence (Result.Value) or why it was refused — and reads the list
// again; a cancelled action says nothing.
func listDone[T any](l *components.List[T], msg components.ActionDoneMsg) tea.Cmd {
	switch {
	case msg.Cancelled:
		return nil
	case msg.Err != nil:
		l.Env.FlashError(msg.Err)
	default:
		sentence, _ := msg.Result.Value.(string)
		l.Env.Flash(sentence)
	}
	return l.Win.Reload()
}
