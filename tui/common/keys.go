package common

import "charm.land/bubbles/v2/key"

// GlobalKeys work on every screen of the shell whose text field does not
// have the keyboard; ctrl+c works everywhere.
var GlobalKeys = struct {
	Up, Down, Open, Sections, Tab, Back, Help, Quit, SignOut, ForceQuit key.Binding
}{
	Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "section")),
	Down:      key.NewBinding(key.WithKeys("down", "j")),
	Open:      key.NewBinding(key.WithKeys("enter", "right", "l"), key.WithHelp("enter", "open")),
	Sections:  key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9", "0"), key.WithHelp("0-9", "go to section")),
	Tab:       key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "menu")),
	Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
	Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
	SignOut:   key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "sign out")),
	ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit, anywhere")),
}
