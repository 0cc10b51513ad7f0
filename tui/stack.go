package tui

import (
	tea "charm.land/bubbletea/v2"

	"acctl/tui/common"
)

// top is the screen that gets input; nil on an empty stack.
func (a *App) top() common.Screen {
	if len(a.stack) == 0 {
		return nil
	}
	return a.stack[len(a.stack)-1]
}

// toTop gives msg to the top screen alone (input).
func (a *App) toTop(msg tea.Msg) tea.Cmd {
	top := a.top()
	if top == nil {
		return nil
	}
	next, cmd := top.Update(msg)
	a.stack[len(a.stack)-1] = next
	return tea.Batch(cmd, a.applyNav())
}

// broadcast gives msg to every screen on the stack, bottom first: results
// of work a screen started reach it even under a modal or the lock screen.
func (a *App) broadcast(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(a.stack)+1)
	for i := range a.stack {
		next, cmd := a.stack[i].Update(msg)
		a.stack[i] = next
		cmds = append(cmds, cmd)
	}
	return tea.Batch(append(cmds, a.applyNav())...)
}

// applyNav makes the stack changes screens asked for during the Update that
// just returned, before the next message: keys of the same burst then reach
// the new top screen (SPEC §5).
func (a *App) applyNav() tea.Cmd {
	var cmds []tea.Cmd
	for _, op := range a.env.Nav.Drain() {
		cmds = append(cmds, a.apply(op))
	}
	return tea.Batch(cmds...)
}

func (a *App) apply(op common.NavOp) tea.Cmd {
	switch op.Kind {
	case common.NavPush:
		return a.push(op.Screen)
	case common.NavReplace:
		if len(a.stack) > 0 {
			a.stack = a.stack[:len(a.stack)-1]
		}
		return a.push(op.Screen)
	case common.NavClose:
		for i := len(a.stack) - 1; i >= 0; i-- {
			if a.stack[i] == op.Screen {
				a.stack = a.stack[:i]
				if op.Flash != "" {
					a.env.Flash(op.Flash)
				}
				a.resize()
				return a.toTop(common.ResumedMsg{})
			}
		}
	}
	return nil
}

// push opens s on top, sized for its layer.
func (a *App) push(s common.Screen) tea.Cmd {
	a.stack = append(a.stack, s)
	if common.LayerOf(s) == common.Framed {
		a.shell.focusContent()
	}
	a.resize()
	return s.Init()
}

// reset makes s the only screen.
func (a *App) reset(s common.Screen) tea.Cmd {
	a.stack = a.stack[:0]
	return tea.Batch(a.push(s), a.applyNav())
}

// resize gives every screen the area its layer draws in; a modal gets the
// area of the screen it is drawn over.
func (a *App) resize() {
	w, h := a.shell.contentSize(a.width, a.height)
	for _, s := range a.stack {
		switch common.LayerOf(s) {
		case common.Full:
			w, h = a.width, max(a.height-1, 1)
		case common.Framed:
			w, h = a.shell.contentSize(a.width, a.height)
		}
		s.SetSize(w, h)
	}
}
