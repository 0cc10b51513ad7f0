package common

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Screen is one layer of the console: an entry screen (sign-in, sign-up,
// forgot password, an invitation), a section's screen, a form, a modal, the
// lock screen or the help. The root keeps them on one stack. Only the top
// screen gets input (keys, pastes, clicks); every screen on the stack gets
// every other message, so a result that comes back for a screen under a
// modal still reaches it. Only the root returns a tea.View: screens draw
// strings into the area SetSize gives them.
type Screen interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (Screen, tea.Cmd)
	View() string
	SetSize(width, height int)
	// Title names the screen in the status line's path.
	Title() string
	// Keys are the bindings that work on the screen now, declared once as
	// data: the footer and the ? help are drawn from them, and a key the
	// footer shows always works (SPEC §5).
	Keys() []key.Binding
}

// Layer says how the root draws a screen.
type Layer int

const (
	// Framed screens draw inside the shell: header, menu, status line and
	// footer around them. The default.
	Framed Layer = iota
	// Full screens draw the whole terminal but its last row, where the
	// root draws their keys: entry screens, the lock screen, the 2FA setup
	// whose QR code needs the room.
	Full
	// Modal screens draw a box over the screen below them, which stays
	// visible but gets no input.
	Modal
)

// Layered is a screen that is not Framed.
type Layered interface{ Layer() Layer }

// LayerOf is the layer s asks for.
func LayerOf(s Screen) Layer {
	if l, ok := s.(Layered); ok {
		return l.Layer()
	}
	return Framed
}

// Capturer is a screen whose text field has the keyboard: the root then
// leaves every key but ctrl+c to it (q, ?, tab, esc, digits are typed).
type Capturer interface{ Capturing() bool }

// Capturing reports whether s has a text field with the keyboard.
func Capturing(s Screen) bool {
	c, ok := s.(Capturer)
	return ok && c.Capturing()
}

// SecretHolder is a screen that may be showing a shown-once secret. While
// it is, the root never replaces it, and ctrl+c asks whether the secret is
// stored before quitting (SPEC §5).
type SecretHolder interface{ HoldsSecret() bool }

// HoldsSecret reports whether s is showing a secret now.
func HoldsSecret(s Screen) bool {
	h, ok := s.(SecretHolder)
	return ok && h.HoldsSecret()
}

// Messages the root sends to screens.
type (
	// TickMsg arrives every second: clocks, countdowns and periodic
	// reloads.
	TickMsg struct{}
	// ResumedMsg tells the top screen that the screen above it closed, so
	// it can reload what that screen may have changed.
	ResumedMsg struct{}
	// ResizedMsg follows a change of the screens' sizes, so that a list
	// that now shows more rows can read them.
	ResizedMsg struct{}
	// ClickMsg is a left click at X, Y counted from the screen's own
	// top-left corner.
	ClickMsg struct{ X, Y int }
	// QuitAskedMsg asks a screen holding a secret whether the console may
	// quit; the screen asks the user and answers with QuitMsg.
	QuitAskedMsg struct{}
)

// Messages screens send to the root.
type (
	// MeChangedMsg asks the root to reload the signed-in user (after a
	// profile change).
	MeChangedMsg struct{}
	// SignedInMsg carries the token of the session an entry screen opened
	// (the bearer secret; the store keeps only its hash, R-SES-1).
	SignedInMsg struct{ Token string }
	// SessionEndedMsg signs the console out, with the reason to show on
	// sign-in.
	SessionEndedMsg struct{ Reason string }
	// SignOutMsg signs the console out at the user's request.
	SignOutMsg struct{}
	// QuitMsg ends the console.
	QuitMsg struct{}
	// UnlockedMsg reports that the lock screen authenticated the user
	// again; Token is the session's new token (R-SES-1).
	UnlockedMsg struct{ Token string }
	// OpenMenuMsg reopens the menu at its first section (after the gate
	// of R-2FA-7/8 lets the user through).
	OpenMenuMsg struct{}
)

// Emit turns a message into the command that delivers it.
func Emit(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }
