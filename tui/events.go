package tui

import (
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/entry"
)

// onSession handles what changes who is signed in: sign-up or sign-in at
// start, a session opened, the user loaded or changed, the session ended,
// locked or unlocked, a quit.
func (a *App) onSession(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case needsSignUpMsg:
		return a.onNeedsSignUp(msg)
	case common.SignedInMsg:
		return a.sess.begin(msg.Token)
	case meLoadedMsg:
		if msg.id != a.sess.id {
			return nil // loaded for a session that has ended since
		}
		return a.onMe(msg.me, msg.err)
	case pollMsg:
		return a.onPoll(msg)
	case touchedMsg:
		if msg.id == a.sess.id {
			a.sess.lastTouch = msg.at
		}
	case common.SessionEndedMsg:
		a.sess.clear()
		return a.ended(msg.Reason)
	case common.SignOutMsg:
		return a.signOut()
	case common.UnlockedMsg:
		a.closeLock()
		a.env.Flash("Unlocked. Welcome back.")
		return a.sess.unlocked(msg.Token)
	case common.MeChangedMsg:
		return a.sess.load()
	case common.OpenMenuMsg:
		return a.openSection(0, true)
	case common.QuitMsg:
		return a.quit()
	}
	return nil
}

func (a *App) onNeedsSignUp(msg needsSignUpMsg) tea.Cmd {
	switch {
	case msg.err != nil:
		a.loadErr = common.ErrText(msg.err)
		return nil
	case msg.yes && a.env.Remote:
		return a.reset(entry.NewNoAccount(a.env)) // R-SRV-4
	case msg.yes:
		return a.reset(entry.NewSignUp(a.env))
	}
	return a.toSignIn("")
}

// onMe applies the loaded user: the first load opens the shell; a later one
// changes the menu when the role or the 2FA gate changed (R-2FA-7/8).
func (a *App) onMe(me *model.Actor, err error) tea.Cmd {
	switch model.ErrorCode(err) {
	case "":
	case model.EEXPIRED:
		if !a.sess.locked {
			a.sess.locked = true
			return a.push(entry.NewLock(a.env))
		}
		return nil
	case model.EUNAUTHORIZED:
		a.sess.clear()
		return a.ended("Your session has ended. Sign in again.")
	default:
		a.env.FlashError(err)
		return nil
	}
	first := a.env.Me == nil
	a.env.Me = me
	before := a.shell.sections
	a.shell.sections = sectionsFor(me)
	if !first && (sameSections(before, a.shell.sections) || a.holdsSecret()) {
		// A secret on screen is never dropped: its screen reopens the
		// menu once the user has stored it (OpenMenuMsg).
		return nil
	}
	return a.openSection(0, true)
}

// onPoll signs out a console whose session ended elsewhere, and applies a
// change to the caller made since the last poll: an enforcement or role
// change reopens the menu, anything else (a new name) is only redrawn.
func (a *App) onPoll(msg pollMsg) tea.Cmd {
	a.sess.polling = false
	if msg.id != a.sess.id || msg.err != nil || !a.sess.signedIn() {
		return nil
	}
	if !msg.open {
		a.fresh = false
		a.sess.clear()
		return a.ended(msg.reason)
	}
	if msg.me == nil {
		return nil
	}
	a.sess.rev, a.sess.knowRev = msg.rev, true
	me := a.env.Me
	a.fresh = false
	if msg.me.MustEnable2FA != me.MustEnable2FA || msg.me.User.Role != me.User.Role {
		return a.onMe(msg.me, nil)
	}
	a.env.Me = msg.me
	return nil
}

// holdsSecret reports whether any screen on the stack shows a secret.
func (a *App) holdsSecret() bool {
	for _, s := range a.stack {
		if common.HoldsSecret(s) {
			return true
		}
	}
	return false
}

// closeLock takes the lock screen off the stack.
func (a *App) closeLock() {
	for i := len(a.stack) - 1; i >= 0; i-- {
		if entry.IsLock(a.stack[i]) {
			a.stack = append(a.stack[:i], a.stack[i+1:]...)
			break
		}
	}
	a.resize()
}
