package tui

import (
	"time"

	"charm.land/bubbles/v2/key"

	"acctl/model"
	"acctl/tui/common"
)

// screenCtx is what every screen is built with.
type screenCtx struct {
	b       *backend
	me      *model.Actor
	st      *common.Styles
	isDark  bool
	homeDir string
	now     func() time.Time
	mail    bool // emails are delivered (SPEC §8)
	// demoInbox shows a demo user's newest code message (--demo only).
	demoInbox func(email string) string
}

// screenResumedMsg tells a screen it is on top again after a pop, so it can
// refresh what the screen above may have changed.
type screenResumedMsg struct{}

// section is one item of the left menu.
type section struct {
	name    string
	open    func(*screenCtx) Screen
	signOut bool
}

// sectionsFor lists the sections the actor's role may see (R-ACC-4).
func sectionsFor(me *model.Actor) []section {
	if me.MustEnable2FA {
		// R-2FA-7, R-2FA-8: nothing but the setup, or signing out.
		return []section{
			{name: "Two-factor setup", open: func(c *screenCtx) Screen { return newTwoFactorSetupScreen(c, true) }},
			{name: "Sign out", signOut: true},
		}
	}
	s := []section{
		{name: "Profile", open: func(c *screenCtx) Screen { return newProfileScreen(c) }},
		{name: "Sessions", open: func(c *screenCtx) Screen { return newSessionsScreen(c) }},
		{name: "Sign-in history", open: func(c *screenCtx) Screen { return newHistoryScreen(c) }},
	}
	if me.Can(model.ActionManageUsers) { // R-ACC-4: owners only
		s = append(s, section{name: "Users", open: func(c *screenCtx) Screen { return newUsersScreen(c) }})
	}
	if me.Can(model.ActionReadSecurityLog) {
		s = append(s, section{name: "Security log", open: func(c *screenCtx) Screen { return newAuditScreen(c) }})
	}
	s = append(s, section{name: "API keys", open: func(c *screenCtx) Screen { return newTokensScreen(c) }})
	s = append(s, section{name: "SSH keys", open: func(c *screenCtx) Screen { return newSSHKeysScreen(c) }})
	s = append(s, section{name: "Outbox", open: func(c *screenCtx) Screen { return newOutboxScreen(c) }})
	return append(s, section{name: "Sign out", signOut: true})
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

// globalKeyMap holds the keys that work everywhere in the shell.
type globalKeyMap struct {
	Up, Down, Open, Tab, Back, Help, Quit, SignOut key.Binding
}

func (g globalKeyMap) all() []key.Binding {
	return []key.Binding{g.Up, g.Down, g.Open, g.Tab, g.Back, g.SignOut, g.Help, g.Quit,
		key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit from anywhere"))}
}

var globalKeys = globalKeyMap{
	Up:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
	Down:    key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
	Open:    key.NewBinding(key.WithKeys("enter", "right", "l"), key.WithHelp("enter", "open")),
	Tab:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "switch pane")),
	Back:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	Help:    key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
	Quit:    key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
	SignOut: key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "sign out")),
}
