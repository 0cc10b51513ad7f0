package common

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"acctl/model"
)

// Env is what every screen of one console shares: the service and the
// console's context, the signed-in user, the styles, the clock and the
// navigation. The root owns it and changes it in place (a new colour
// scheme, the reloaded user), so no screen holds a stale copy. It is read
// and written on the update goroutine only: a command captures the values
// it needs (Run does) instead of holding the Env.
type Env struct {
	// Svc is the one way to the model; screens never touch the store.
	Svc *model.Service
	// Ctx is the console's context, cancelled when the console goes away
	// (a quit, a hang-up, a lost SSH client); once signed in it carries
	// the session (model.WithSession).
	Ctx context.Context
	// Me is the signed-in caller; nil before sign-in.
	Me *model.Actor

	Styles *Styles
	IsDark bool
	Now    func() time.Time

	Origin model.Origin
	Client model.Client
	// Saver writes a shown-once secret to a file; nil where nothing may be
	// written (over SSH, R-SRV-5).
	Saver SecretSaver
	// Mail says emails are delivered (an SMTP server is configured).
	Mail bool
	// Remote says the console is served over SSH: no sign-up (R-SRV-4).
	Remote bool
	// SSHPort is the port the client connected to (0 when unknown).
	SSHPort int
	// Demo holds what --demo shows on the entry screens; zero otherwise.
	Demo Demo

	Nav   Nav
	flash Flash
	seq   int
}

// Demo is what a --demo console shows: the demo logins and, since no mail
// reaches anyone, the one-time codes acctl queued.
type Demo struct {
	Logins []DemoLogin
	// Inbox returns the newest one-time-code message queued for an email.
	Inbox func(ctx context.Context, email string) string
	// Invitee is the invited demo user whose code the invitation screen
	// shows.
	Invitee string
}

// DemoLogin is a demo user the sign-in screen shows.
type DemoLogin struct {
	Email    string
	Password string
	Role     string
	// TOTPSecret lets the demo panel show the user's current code. Only
	// --demo sets it: a real console never holds a secret in the clear.
	TOTPSecret string
}

// On reports whether this is a --demo console.
func (d Demo) On() bool { return len(d.Logins) > 0 }

// SecretSaver writes a shown-once secret to a new file (0600, never
// replacing one) on the machine the console runs on.
type SecretSaver interface {
	// Suggest is the path the save field starts with for a file name.
	Suggest(name string) string
	// Save writes secret to path and returns the path written.
	Save(path, secret string) (string, error)
}

// Run runs work off the update loop with the console's service and
// context as they are now, and delivers what it returns.
func (e *Env) Run(work func(ctx context.Context, svc *model.Service) tea.Msg) tea.Cmd {
	ctx, svc := e.Ctx, e.Svc
	return func() tea.Msg { return work(ctx, svc) }
}

// NextSeq numbers a request, so that a screen can tell the answer to its
// newest request from answers it overtook.
func (e *Env) NextSeq() int {
	e.seq++
	return e.seq
}

// Flash shows a one-line message in the status line until the next key.
func (e *Env) Flash(text string) { e.flash = Flash{Text: text} }

// FlashErr shows an error in the status line until the next key.
func (e *Env) FlashErr(text string) { e.flash = Flash{Text: text, Err: true} }

// FlashError shows err's sentence in the status line.
func (e *Env) FlashError(err error) { e.FlashErr(ErrText(err)) }

// CurrentFlash is the status line's message; the root clears it on the
// next key.
func (e *Env) CurrentFlash() Flash { return e.flash }

// ClearFlash empties the status line.
func (e *Env) ClearFlash() { e.flash = Flash{} }

// Flash is the status line's message.
type Flash struct {
	Text string
	Err  bool
}

// Nav is how a screen changes the stack. A change is applied as soon as the
// Update that asked for it returns, before the next message is read, so the
// keys of a burst that opens a screen reach the new screen, never the one
// being left (SPEC §5).
type Nav struct{ ops []NavOp }

// NavOp is one change of the stack.
type NavOp struct {
	Kind   NavKind
	Screen Screen // the screen to push, or the screen closing (Close)
	// Flash is shown after a Close.
	Flash string
}

// NavKind is what a NavOp does.
type NavKind int

const (
	// NavPush opens Screen on top.
	NavPush NavKind = iota
	// NavClose closes Screen and every screen above it.
	NavClose
	// NavReplace closes the top screen and opens Screen in its place.
	NavReplace
)

// Push opens s on top of the stack.
func (n *Nav) Push(s Screen) { n.ops = append(n.ops, NavOp{Kind: NavPush, Screen: s}) }

// Close closes s (and anything above it), showing flash if not empty.
func (n *Nav) Close(s Screen, flash string) {
	n.ops = append(n.ops, NavOp{Kind: NavClose, Screen: s, Flash: flash})
}

// Replace puts s in the place of the top screen.
func (n *Nav) Replace(s Screen) { n.ops = append(n.ops, NavOp{Kind: NavReplace, Screen: s}) }

// Drain returns the changes asked for since the last call.
func (n *Nav) Drain() []NavOp {
	ops := n.ops
	n.ops = nil
	return ops
}

// ErrText is an error as a screen draws it: the model's sentence, which is
// written for a person, on one line and cleaned.
func ErrText(err error) string { return CleanLine(model.ErrorMessage(err)) }
