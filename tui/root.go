package tui

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/entry"
)

// start opens the first screen: the shell for a sign-in made before the
// console, the code step for one that needs a code, else sign-in or sign-up.
func (a *App) start() tea.Cmd {
	if st := a.opts.Start; st != nil {
		if st.Session != nil {
			return common.Emit(common.SignedInMsg{Token: st.Session.Token})
		}
		if st.Challenge != nil {
			return a.reset(entry.NewCodeStep(a.env, st.Challenge, ""))
		}
	}
	return a.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		yes, err := svc.NeedsSignUp(ctx)
		return needsSignUpMsg{yes, err}
	})
}

// toSignIn opens sign-in with a notice (why the last session ended).
func (a *App) toSignIn(notice string) tea.Cmd {
	a.shell.sections = nil
	return a.reset(entry.NewSignIn(a.env, notice))
}

// onKey routes a key: ctrl+c always quits (asking first while a secret is
// on screen); a screen whose text field has the keyboard gets every other
// key; else the shell's keys, then the menu or the screen with the focus.
// clipboardKeys are the text fields' clipboard keys, which acctl never
// passes on (R-SRV-5: nothing a remote user does runs on the server).
var clipboardKeys = key.NewBinding(key.WithKeys("ctrl+v", "ctrl+shift+c", "ctrl+shift+v"))

const pasteHint = "Paste with your terminal: ctrl+shift+v, shift+insert or the mouse, as it offers."

func (a *App) onKey(msg tea.KeyPressMsg) tea.Cmd {
	a.env.ClearFlash()
	touch := a.sess.touch()
	g := common.GlobalKeys
	top := a.top()
	switch {
	case key.Matches(msg, g.ForceQuit):
		return tea.Batch(touch, a.onCtrlC())
	case key.Matches(msg, clipboardKeys):
		// The text fields would read or write the clipboard of the machine
		// acctl runs on, by running xclip there: over SSH, the server's.
		// A terminal's own paste arrives as a paste, not as these keys.
		a.env.Flash(pasteHint)
		return touch
	case top == nil:
		return touch
	case !a.shell.menuFocus && common.Capturing(top) || common.LayerOf(top) != common.Framed || !a.sess.signedIn():
		return tea.Batch(touch, a.toTop(msg))
	case key.Matches(msg, g.Help):
		return tea.Batch(touch, a.push(a.help(top)))
	case key.Matches(msg, g.SignOut):
		return a.signOut()
	case key.Matches(msg, g.Quit) && (a.shell.menuFocus || len(a.stack) == 1):
		return a.quit()
	case key.Matches(msg, g.Tab):
		a.shell.menuFocus = !a.shell.menuFocus
		a.resize()
		return tea.Batch(touch, common.Emit(common.ResizedMsg{}))
	case key.Matches(msg, g.Sections):
		return tea.Batch(touch, a.openSection(a.shell.byKey(msg.String()), a.shell.menuFocus))
	case a.shell.menuFocus:
		return tea.Batch(touch, a.onMenuKey(msg))
	case key.Matches(msg, g.Back):
		return tea.Batch(touch, a.back())
	}
	return tea.Batch(touch, a.toTop(msg))
}

// back closes the top screen, or at a section's first screen gives the
// focus to the menu.
func (a *App) back() tea.Cmd {
	if len(a.stack) > 1 {
		a.env.Nav.Close(a.top(), "")
		return a.applyNav()
	}
	a.shell.menuFocus = true
	a.resize()
	return common.Emit(common.ResizedMsg{})
}

func (a *App) onMenuKey(msg tea.KeyPressMsg) tea.Cmd {
	g := common.GlobalKeys
	switch {
	case key.Matches(msg, g.Up):
		return a.openSection(a.shell.idx-1, true)
	case key.Matches(msg, g.Down):
		return a.openSection(a.shell.idx+1, true)
	case key.Matches(msg, g.Open):
		if a.shell.sections[a.shell.idx].signOut {
			return a.signOut()
		}
		a.shell.menuFocus = false
		a.resize()
		return common.Emit(common.ResizedMsg{})
	}
	// The menu has no use for other keys: the screen beside it takes them,
	// unless its text field would (the field waits for the focus).
	if common.Capturing(a.top()) {
		return nil
	}
	return a.toTop(msg)
}

// openSection makes section i's screen the only one; the menu keeps the
// focus when it had it.
func (a *App) openSection(i int, menuFocus bool) tea.Cmd {
	secs := a.shell.sections
	if i < 0 || i >= len(secs) {
		return nil
	}
	if secs[i].signOut {
		if menuFocus {
			return nil // ↑/↓ stop at the last section; enter signs out
		}
		return a.signOut()
	}
	if common.HoldsSecret(a.top()) {
		a.env.FlashErr(storeSecretFirst)
		return nil
	}
	a.shell.idx = i
	cmd := a.reset(secs[i].open(a.env))
	a.shell.menuFocus = menuFocus
	a.resize()
	return cmd
}

// storeSecretFirst is said when a key would leave a secret unseen.
const storeSecretFirst = "Store the secret first: press d when you have."

// onClick selects the menu row under the pointer, or hands the click to
// the screen in the screen's own coordinates.
func (a *App) onClick(msg tea.MouseClickMsg) tea.Cmd {
	if msg.Button != tea.MouseLeft || a.top() == nil {
		return nil
	}
	if !a.sess.signedIn() || common.LayerOf(a.top()) != common.Framed {
		return a.toTop(common.ClickMsg{X: msg.X, Y: msg.Y})
	}
	i, x, y, inContent := a.shell.hit(msg.X, msg.Y, a.width, a.height)
	switch {
	case i >= 0:
		return a.openSection(i, false)
	case inContent:
		a.shell.menuFocus = false
		return a.toTop(common.ClickMsg{X: x, Y: y})
	}
	return nil
}

// onCtrlC quits, but while a secret is on screen asks first (SPEC §5).
func (a *App) onCtrlC() tea.Cmd {
	if top := a.top(); common.HoldsSecret(top) {
		return a.toTop(common.QuitAskedMsg{})
	}
	return a.quit()
}

// quit closes the console's session (it is going away) and exits. The
// screens go first: with the session cleared, a screen of the signed-in
// user would draw a user the console no longer has.
func (a *App) quit() tea.Cmd {
	a.quitting = true
	a.stack = a.stack[:0]
	return tea.Sequence(a.sess.end(model.EndQuit), tea.Quit)
}

func (a *App) signOut() tea.Cmd {
	end := a.sess.end("you signed out")
	if a.env.Remote {
		return tea.Sequence(end, a.stop("You have signed out."))
	}
	return tea.Batch(end, a.toSignIn("You have signed out."))
}

// ended leaves a console whose session ended elsewhere (closed from
// another console, the user disabled): back to sign-in, or over SSH out,
// so that the connection ends with the session (R-SRV-6).
func (a *App) ended(notice string) tea.Cmd {
	if a.env.Remote {
		return a.stop(notice)
	}
	return a.toSignIn(notice)
}

// stop ends the console by itself, closing its session first, and keeps
// why for Reason.
func (a *App) stop(reason string) tea.Cmd {
	a.reason = reason
	a.stack = a.stack[:0] // nothing signed in is drawn any more
	return tea.Sequence(a.sess.end(reason), tea.Quit)
}

// timeUp says why the console must end now — idle too long or at its
// deadline (R-SRV-3) — or "".
func (a *App) timeUp() string {
	now := a.env.Now()
	switch {
	case !a.opts.Deadline.IsZero() && !now.Before(a.opts.Deadline):
		return "This connection reached its time limit. Connect again to go on."
	case a.opts.IdleTimeout > 0 && now.Sub(a.lastInput) >= a.opts.IdleTimeout:
		return "This connection was idle for " + model.HumanDuration(a.opts.IdleTimeout) + ", so it has ended. Connect again to go on."
	}
	return ""
}

// onTick runs the session's clocks and gives the screens their tick.
func (a *App) onTick() tea.Cmd {
	if why := a.timeUp(); why != "" {
		a.fresh = false
		return a.stop(why)
	}
	lock, poll := a.sess.tick()
	cmds := []tea.Cmd{a.ownTick(), poll, a.broadcast(common.TickMsg{})}
	if lock {
		cmds = append(cmds, a.push(entry.NewLock(a.env)))
	}
	if lock || a.tickRedraws() {
		a.fresh = false
	}
	return tea.Batch(cmds...)
}

// tickRedraws reports whether the frame can change with the time alone:
// the header's time left changed, or the screen is one with clocks and
// countdowns of its own (sign-in and the other entry screens, full screens,
// dialogs, a screen that says it animates). A list that reloads on the
// tick is redrawn when its rows arrive.
func (a *App) tickRedraws() bool {
	top := a.top()
	if top == nil || !a.sess.signedIn() || common.LayerOf(top) != common.Framed {
		return true
	}
	if an, ok := top.(interface{ Animating() bool }); ok && an.Animating() {
		return true
	}
	return a.shell.timeLeft() != a.clock
}

// restyle follows the terminal's background, colour profile and NO_COLOR.
func (a *App) restyle(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		a.env.IsDark = msg.IsDark()
	case tea.ColorProfileMsg:
		a.noColor = a.noColor || msg.Profile <= colorprofile.Ascii
	case tea.EnvMsg:
		if _, ok := msg.LookupEnv("NO_COLOR"); ok {
			a.noColor = true
		}
	}
	a.env.Styles = common.NewStyles(a.env.IsDark, a.noColor)
	return a.broadcast(msg)
}

// View draws the whole frame, or gives the last one again while nothing
// has changed since.
func (a *App) View() tea.View {
	if a.fresh {
		return a.frameCache
	}
	if a.sess.signedIn() {
		a.clock = a.shell.timeLeft()
	}
	v := tea.NewView(a.frame())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	if r, ok := a.top().(interface{ ReleasesMouse() bool }); ok && r.ReleasesMouse() {
		v.MouseMode = tea.MouseModeNone
	}
	v.WindowTitle = "acctl"
	if v.Content == a.frameCache.Content {
		// The same text as the last frame: hand over the same string, so
		// that the renderer's sixty comparisons a second find it equal by
		// its pointer, not byte by byte (idle CPU over SSH, issue 11).
		v.Content = a.frameCache.Content
	}
	a.frameCache, a.fresh = v, true
	return v
}

func (a *App) frame() string {
	w, h := a.width, a.height
	if w < MinWidth || h < MinHeight {
		return common.Wrap(fmt.Sprintf("The terminal is %d×%d. acctl needs at least %d×%d: make the window bigger, or press ctrl+c to quit.",
			w, h, MinWidth, MinHeight), max(w, 1))
	}
	top := a.top()
	switch {
	case a.loadErr != "":
		return a.env.Styles.Error.Render(common.Wrap(a.loadErr, w)) + "\n\nPress ctrl+c to quit."
	case top == nil && a.reason != "":
		return common.Wrap(a.reason, w)
	case top == nil && a.quitting:
		return ""
	case top == nil:
		return "Opening the database…"
	case common.LayerOf(top) == common.Full:
		return a.full(top)
	}
	base, i := a.framed()
	if i < len(a.stack)-1 { // a modal over the screen below
		return a.overlay(base, top.View(), common.LayerOf(a.stack[i]) == common.Full)
	}
	return base
}

// full draws a Full screen on the whole terminal, with the keys of the top
// screen on the last row.
func (a *App) full(s common.Screen) string {
	foot := a.bareFooter()
	return common.FitHeight(lipgloss.NewStyle().MaxWidth(a.width).Render(s.View()), a.height-common.Lines(foot)) + "\n" + foot
}

// bareFooter is the footer of a screen drawn without the shell: the keys,
// and above them a flash when there is one (the screens say their own
// refusals; this is the root's, such as how to paste).
func (a *App) bareFooter() string {
	foot := a.shell.footer(a.width, a.keys())
	if a.env.CurrentFlash().Text != "" {
		foot = a.shell.status(a.width, nil) + "\n" + foot
	}
	return foot
}

// framed draws the highest framed screen in the shell, with the keys of the
// top screen, and returns its index.
func (a *App) framed() (string, int) {
	i := len(a.stack) - 1
	for i > 0 && common.LayerOf(a.stack[i]) == common.Modal {
		i--
	}
	if common.LayerOf(a.stack[i]) == common.Full { // under a modal: as it was, not squeezed into the shell
		return a.full(a.stack[i]), i
	}
	if !a.sess.signedIn() {
		foot := a.bareFooter()
		return lipgloss.NewStyle().MaxWidth(a.width).Render(common.FitHeight(a.stack[i].View(), a.height-common.Lines(foot))) +
			"\n" + foot, i
	}
	var path []string
	for _, s := range a.stack[:i+1] {
		path = append(path, s.Title())
	}
	return a.shell.frame(a.width, a.height, a.stack[i].View(), path, a.keys()), i
}

// overlay draws a modal box centred over the content area of base, or
// over the whole of a Full base.
func (a *App) overlay(base, box string, full bool) string {
	cw, ch := a.shell.contentSize(a.width, a.height)
	x := a.width - cw + max((cw-lipgloss.Width(box))/2, 0)
	y := 1 + max((ch-lipgloss.Height(box))/2, 0)
	if full {
		x = max((a.width-lipgloss.Width(box))/2, 0)
		y = max((a.height-1-lipgloss.Height(box))/2, 0)
	}
	return lipgloss.NewCompositor(lipgloss.NewLayer(base), lipgloss.NewLayer(box).X(x).Y(y).Z(1)).Render()
}

// help is ? over top: the menu's keys while it has the focus, the screen's,
// then the keys that work everywhere.
func (a *App) help(top common.Screen) *helpScreen {
	screen := helpGroup{top.Title(), top.Keys()}
	if a.shell.menuFocus {
		return newHelp(a.env, helpGroup{"Menu", menuKeys()}, screen)
	}
	return newHelp(a.env, screen)
}

// keys are the bindings the footer shows: the menu's while it has the
// focus, else the top screen's and the shell's own.
func (a *App) keys() []key.Binding {
	top := a.top()
	if top == nil {
		return nil
	}
	if !a.sess.signedIn() || common.LayerOf(top) != common.Framed || common.Capturing(top) {
		return top.Keys()
	}
	if a.shell.menuFocus {
		return menuKeys()
	}
	g := common.GlobalKeys
	keys := append([]key.Binding{}, top.Keys()...)
	if !common.HoldsSecret(top) {
		back := g.Back
		if len(a.stack) == 1 {
			back = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "menu"))
		}
		keys = append(keys, back)
	}
	return append(keys, g.Help)
}
