package tui

import (
	"strconv"

	"acctl/model"
	"acctl/tui/activity"
	"acctl/tui/common"
	"acctl/tui/iam"
	"acctl/tui/profile"
	"acctl/tui/requests"
	"acctl/tui/settings"
	"acctl/tui/staff"
)

// section is one item of the menu: a portal section and the screen it
// opens, under the heading of its group. Adding a screen to the console is
// one package function and one entry here.
type section struct {
	group   string
	name    string
	open    func(env *common.Env) common.Screen
	signOut bool
	n       int // its number key, 1-9 then 0; -1 for none
}

func (s section) key() string {
	switch {
	case s.signOut || s.n < 0:
		return " "
	case s.n == 10:
		return "0"
	}
	return strconv.Itoa(s.n)
}

// sectionsFor lists the sections the actor's role may see (R-ACC-4), by
// the portal's groups; the staff's own (SPEC §10); or only the 2FA setup
// while R-2FA-7/8 hold them there.
func sectionsFor(me *model.Actor) []section {
	switch {
	case me.MustEnable2FA:
		return number([]section{
			{name: "Two-factor setup", open: profile.NewGate},
			{name: "Sign out", signOut: true},
		})
	case me.IsStaff():
		return number([]section{
			{group: "Support", name: "Requests queue", open: staff.NewQueue},
			{group: "Support", name: "Verifications", open: staff.NewVerifications},
			{group: "Support", name: "Deactivations", open: staff.NewDeactivations},
			{group: "Support", name: "Accounts", open: staff.NewAccounts},
			{group: "Support", name: "Caller check", open: staff.NewCallerCheck},
			{group: "You", name: "Profile", open: profile.New},
			{group: "You", name: "Sessions", open: activity.NewSessions},
			{group: "You", name: "Sign-in history", open: activity.NewHistory},
			{name: "Sign out", signOut: true},
		})
	}
	s := []section{
		{group: "Profile", name: "Profile", open: profile.New},
		{group: "Profile", name: "Sessions", open: activity.NewSessions},
		{group: "Profile", name: "Sign-in history", open: activity.NewHistory},
	}
	if me.Can(model.ActionManageUsers) { // R-ACC-4: owners only
		s = append(s, section{group: "Identity and Access", name: "Users", open: iam.NewUsers})
	}
	s = append(s,
		section{group: "Identity and Access", name: "API keys", open: iam.NewTokens},
		section{group: "Identity and Access", name: "SSH & GPG keys", open: iam.NewSSHKeys},
		section{group: "Account", name: "Account settings", open: settings.New})
	if me.Can(model.ActionReadSecurityLog) {
		s = append(s, section{group: "Account", name: "Security log", open: activity.NewSecurityLog})
	}
	s = append(s,
		section{group: "Account", name: "Outbox", open: activity.NewOutbox},
		section{group: "Requests", name: "Requests", open: requests.New},
		section{name: "Sign out", signOut: true})
	return number(s)
}

// number gives the first ten sections the keys 1-9 and 0.
func number(s []section) []section {
	n := 0
	for i := range s {
		s[i].n = -1
		if !s[i].signOut && n < 10 {
			n++
			s[i].n = n
		}
	}
	return s
}

// sameSections reports whether two menus list the same sections.
func sameSections(a, b []section) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].name != b[i].name {
			return false
		}
	}
	return true
}
