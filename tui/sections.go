package tui

import (
	"strconv"

	"acctl/model"
	"acctl/tui/activity"
	"acctl/tui/common"
	"acctl/tui/iam"
	"acctl/tui/profile"
	"acctl/tui/settings"
)

// section is one item of the menu: a portal section and the screen it
// opens. Adding a screen to the console is one package function and one
// entry here.
type section struct {
	name    string
	open    func(env *common.Env) common.Screen
	signOut bool
	n       int // its number key, 1-9
}

func (s section) key() string {
	if s.signOut || s.n == 0 {
		return " "
	}
	return strconv.Itoa(s.n)
}

// sectionsFor lists the sections the actor's role may see (R-ACC-4), or
// only the 2FA setup while R-2FA-7/8 hold them there.
func sectionsFor(me *model.Actor) []section {
	if me.MustEnable2FA {
		return number([]section{
			{name: "Two-factor setup", open: profile.NewGate},
			{name: "Sign out", signOut: true},
		})
	}
	s := []section{
		{name: "Profile", open: profile.New},
		{name: "Sessions", open: activity.NewSessions},
		{name: "Sign-in history", open: activity.NewHistory},
	}
	if me.Can(model.ActionManageUsers) { // R-ACC-4: owners only
		s = append(s, section{name: "Users", open: iam.NewUsers})
	}
	if me.Can(model.ActionReadSecurityLog) {
		s = append(s, section{name: "Security log", open: activity.NewSecurityLog})
	}
	s = append(s,
		section{name: "API keys", open: iam.NewTokens},
		section{name: "SSH keys", open: iam.NewSSHKeys},
		section{name: "Account settings", open: settings.New},
		section{name: "Outbox", open: activity.NewOutbox},
		section{name: "Sign out", signOut: true})
	return number(s)
}

func number(s []section) []section {
	n := 0
	for i := range s {
		if !s[i].signOut && n < 9 {
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
