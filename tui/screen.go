package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Screen is one section's view in the shell. Only the root returns a
// tea.View; screens draw strings into the area SetSize gives them.
type Screen interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (Screen, tea.Cmd)
	View() string
	SetSize(width, height int)
	// Title names the screen in the header path.
	Title() string
	// Keys are the screen's own bindings, declared once; the footer and the
	// ? help are drawn from them.
	Keys() []key.Binding
	// Capturing reports whether a text field has the keyboard, so that the
	// root leaves q, ?, tab and esc to the screen.
	Capturing() bool
}

// pushMsg opens a screen on top of the current one.
type pushMsg struct{ screen Screen }

// popMsg closes the top screen and returns to the one below.
type popMsg struct{ flash string }

// flashMsg shows a one-line status message in the footer.
type flashMsg struct {
	text  string
	isErr bool
}

// meChangedMsg asks the root to reload the signed-in user (after a profile change).
type meChangedMsg struct{}

// sessionEndedMsg signs the console out, with the reason to show on sign-in.
type sessionEndedMsg struct{ reason string }

func push(s Screen) tea.Cmd { return func() tea.Msg { return pushMsg{s} } }

func pop(flash string) tea.Cmd { return func() tea.Msg { return popMsg{flash} } }

func flash(text string) tea.Cmd { return func() tea.Msg { return flashMsg{text: text} } }

func flashErr(text string) tea.Cmd {
	return func() tea.Msg { return flashMsg{text: text, isErr: true} }
}
