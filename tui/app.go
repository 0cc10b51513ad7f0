// Package tui is acctl's Bubble Tea program: a root model that owns the
// shell (header, menu, footer, help, lock screen) and one screen per portal
// section. It is built once per console or SSH session and holds no
// package-level state; size, environment and colours arrive as messages.
package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"acctl/model"
	"acctl/tui/common"
)

// Minimum terminal size for the shell.
const (
	MinWidth  = 60
	MinHeight = 16
	menuWidth = 22
)

// DemoLogin is a demo user the sign-in screen shows in --demo mode.
type DemoLogin struct {
	Email    string
	Password string
	Role     string
	// TOTPSecret lets the demo panel show the user's current code. Only
	// --demo sets it: a real console never holds a secret in the clear.
	TOTPSecret string
}

// Options configure one console.
type Options struct {
	Service *model.Service
	Origin  model.Origin // where this console runs
	Client  model.Client
	Demo    []DemoLogin // shown on the sign-in screen; empty outside --demo
	HomeDir string      // for "save to file" of secrets; "~/" expands to it
	// NoColor forces colours off (NO_COLOR in the local environment); over
	// SSH the client's NO_COLOR arrives as an EnvMsg.
	NoColor bool
	// DemoInbox returns the newest one-time-code message queued for an
	// email (--demo only, where no mail or SMS reaches anyone).
	DemoInbox func(ctx context.Context, email string) string
	// DemoInvitee is the invited demo user whose invitation code the
	// invitation screen shows (--demo only).
	DemoInvitee string
	// Mail says emails are delivered (an SMTP server is configured);
	// without it they wait in the outbox (SPEC §8).
	Mail bool
	// Context is the console's life: every call to the model runs under
	// it, so cancelling it (a hang-up, SIGTERM, a lost SSH client)
	// cancels what the console started (R-SES-5). Nil is
	// context.Background().
	Context context.Context
}

type phase int

const (
	phaseLoading phase = iota
	phaseEntry         // sign-in, sign-up, forgot password or an invitation: a.entry
	phaseShell
)

// tickMsg drives the header clock, the R-SES-1 expiry check and the
// R-SES-2 closed-session poll.
type tickMsg time.Time

type needsSignUpMsg struct {
	yes bool
	err error
}

type signedInMsg struct{ session *model.Session }

type meLoadedMsg struct {
	me  *model.Actor
	err error
	b   *backend // the signed-in backend it was loaded through
}

type sessionPollMsg struct {
	open bool
	err  error
	me   *model.Actor // the caller as the poll found them, when open
	b    *backend     // the backend polled; a stale one's answer is dropped
}

// signOutMsg signs the console out (the gate's esc, R-2FA-7/8).
type signOutMsg struct{}

// openMenuMsg reopens the menu at its first section (after the gate).
type openMenuMsg struct{}

// secretHolder is a screen that may be showing a secret, such as new
// recovery codes; while it is, the shell does not replace it.
type secretHolder interface{ HoldsSecret() bool }

func holdsSecret(s Screen) bool {
	h, ok := s.(secretHolder)
	return ok && h.HoldsSecret()
}

type touchedMsg time.Time

// App is the root model.
type App struct {
	opts    Options
	anon    *backend // before sign-in
	b       *backend // signed in
	width   int
	height  int
	isDark  bool
	noColor bool
	st      *common.Styles
	// sc is the one context every screen shares; the App updates it in
	// place (styles, the reloaded user), so no screen holds a stale copy.
	sc *screenCtx

	phase   phase
	entry   entryScreen // before the shell (phaseEntry)
	loadErr string

	me        *model.Actor
	sections  []section
	menuIdx   int
	menuFocus bool
	stack     []Screen
	lock      *lockScreen
	showHelp  bool
	flash     string
	flashErr  bool
	now       time.Time
	lastTouch time.Time
	polling   bool
	topFull   bool // the top screen was last sized as a full screen
}

// New returns the root model of one console.
func New(opts Options) *App {
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	a := &App{opts: opts, anon: &backend{svc: opts.Service, ctx: opts.Context}, isDark: true, noColor: opts.NoColor, width: 80, height: 24}
	a.now = opts.Service.Now()
	a.st = common.NewStyles(a.isDark, a.noColor)
	a.sc = &screenCtx{st: a.st, isDark: a.isDark, homeDir: opts.HomeDir, now: opts.Service.Now, mail: opts.Mail}
	if opts.DemoInbox != nil {
		a.sc.demoInbox = func(email string) string { return common.Clean(opts.DemoInbox(opts.Context, email)) }
	}
	return a
}

// Init asks for the background colour and decides between sign-up and sign-in.
func (a *App) Init() tea.Cmd {
	svc := a.opts.Service
	return tea.Batch(
		tea.RequestBackgroundColor,
		func() tea.Msg {
			yes, err := svc.NeedsSignUp(a.anon.ctxOrBackground())
			return needsSignUpMsg{yes, err}
		},
		tick(),
	)
}

func tick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// Update routes messages: global ones first, then by phase.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.resize()
		return a, nil
	case tea.BackgroundColorMsg:
		a.isDark = msg.IsDark()
		a.restyle()
		return a, a.forwardAll(msg)
	case tea.ColorProfileMsg:
		if msg.Profile <= colorprofile.Ascii {
			a.noColor = true
			a.restyle()
		}
		return a, nil
	case tea.EnvMsg:
		if _, ok := msg.LookupEnv("NO_COLOR"); ok {
			a.noColor = true
			a.restyle()
		}
		return a, nil
	case tickMsg:
		return a, a.onTick(time.Time(msg))
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" {
			return a, a.quit()
		}
	case needsSignUpMsg:
		if msg.err != nil {
			a.loadErr = errText(msg.err)
			return a, nil
		}
		if msg.yes {
			return a, a.toSignUp()
		}
		return a, a.toSignIn("")
	case signedInMsg:
		a.b = a.anon.signedIn(msg.session.ID)
		a.sc.b = a.b
		a.lastTouch = a.now
		return a, a.loadMe()
	case meLoadedMsg:
		if msg.b != a.b { // loaded for a session that has ended since
			return a, nil
		}
		return a, a.onMeLoaded(msg)
	case meChangedMsg:
		return a, a.loadMe()
	case sessionPollMsg:
		a.polling = false
		if msg.b != a.b || a.phase != phaseShell {
			return a, nil
		}
		if msg.err == nil && !msg.open {
			return a, a.endSession("This session was closed from another console. Sign in again.")
		}
		if msg.me != nil && a.me != nil && (msg.me.MustEnable2FA != a.me.MustEnable2FA || msg.me.User.Role != a.me.User.Role) {
			// An owner turned on enforcement (R-2FA-7) or changed this
			// user's role: apply it now rather than at the next error.
			return a, a.onMeLoaded(meLoadedMsg{me: msg.me, b: msg.b})
		}
		return a, nil
	case signOutMsg:
		return a, a.signOut()
	case openResetMsg:
		return a, a.enter(newResetScreen(a.anon, a.sc, msg.email).withOrigin(a.opts.Origin, a.opts.Client))
	case openInvitationMsg:
		s := newInviteScreen(a.anon, a.sc, a.opts.Origin, a.opts.Client)
		if a.sc.demoInbox != nil && a.opts.DemoInvitee != "" {
			s.demoCode = a.sc.demoInbox(a.opts.DemoInvitee)
			s.demoInvitee = a.opts.DemoInvitee
		}
		return a, a.enter(s)
	case inviteCancelledMsg, resetCancelledMsg:
		return a, a.toSignIn("")
	case resetDoneMsg:
		if msg.res.Session != nil {
			return a, func() tea.Msg { return signedInMsg{msg.res.Session} }
		}
		// R-PWD-3 never bypasses 2FA: the code step follows.
		s := newSignInScreen(a.anon, a.opts, a.sc, "Your password is changed and every session of yours has ended. Now the code.")
		s.email = msg.email
		return a, tea.Batch(a.enter(s), s.challenged(msg.res.Challenge))
	case openMenuMsg:
		a.menuIdx, a.menuFocus = 0, true
		return a, a.openSection(0)
	case sessionEndedMsg:
		return a, a.endSession(msg.reason)
	case touchedMsg:
		a.lastTouch = time.Time(msg)
		return a, nil
	case unlockedMsg:
		a.lock = nil
		a.me.Session.AuthenticatedAt = a.opts.Service.Now()
		return a, tea.Batch(a.loadMe(), flash("Unlocked. Welcome back."))
	}

	switch a.phase {
	case phaseEntry:
		return a, a.updateEntry(msg)
	case phaseShell:
		return a, a.updateShell(msg)
	}
	return a, nil
}

// entryScreen is a screen before the shell: sign-in, sign-up, forgot
// password or an invitation. One at a time is live, as a.entry; each draws
// the whole terminal.
type entryScreen interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (entryScreen, tea.Cmd)
	View() string
	SetSize(width, height int)
}

// enter makes s the live entry screen.
func (a *App) enter(s entryScreen) tea.Cmd {
	a.phase, a.entry = phaseEntry, s
	s.SetSize(a.width, a.height)
	return s.Init()
}

func (a *App) updateEntry(msg tea.Msg) tea.Cmd {
	if a.entry == nil {
		return nil
	}
	s, cmd := a.entry.Update(msg)
	a.entry = s
	return cmd
}

func (a *App) toSignIn(notice string) tea.Cmd {
	return a.enter(newSignInScreen(a.anon, a.opts, a.sc, notice))
}

func (a *App) toSignUp() tea.Cmd { return a.enter(newSignUpScreen(a.anon, a.opts, a.sc)) }

func (a *App) loadMe() tea.Cmd {
	b := a.b
	if b == nil {
		return nil
	}
	return func() tea.Msg {
		me, err := b.Me()
		return meLoadedMsg{me, err, b}
	}
}

func (a *App) onMeLoaded(msg meLoadedMsg) tea.Cmd {
	switch model.ErrorCode(msg.err) {
	case "":
	case model.EEXPIRED:
		return a.lockNow()
	case model.EUNAUTHORIZED:
		return a.endSession("Your session has ended. Sign in again.")
	default:
		return flashErr(errText(msg.err))
	}
	first := a.me == nil
	before := a.sections
	a.me = msg.me
	a.sc.me = msg.me
	if !first {
		a.sections = sectionsFor(a.me)
		if sameSections(before, a.sections) || holdsSecret(a.top()) {
			// A secret on screen is never dropped: its screen reopens
			// the menu when the user has stored it (openMenuMsg).
			return nil
		}
		// The gate of R-2FA-7/8 closed or opened, or the role changed:
		// the menu is another one, so start again at its first section.
		a.menuIdx, a.menuFocus = 0, true
		return a.openSection(0)
	}
	a.phase = phaseShell
	a.entry = nil
	a.sections = sectionsFor(a.me)
	a.menuIdx, a.menuFocus = 0, true
	return a.openSection(0)
}

// openSection replaces the stack with section i's first screen.
func (a *App) openSection(i int) tea.Cmd {
	if i < 0 || i >= len(a.sections) {
		return nil
	}
	a.menuIdx = i
	sec := a.sections[i]
	if sec.signOut {
		return a.signOut()
	}
	scr := sec.open(a.ctxFor())
	a.stack = []Screen{scr}
	a.sizeScreen(scr)
	if a.topFull {
		a.menuFocus = false
	}
	return scr.Init()
}

// ctxFor is what screens are built with: the shared context.
func (a *App) ctxFor() *screenCtx { return a.sc }

func (a *App) onTick(t time.Time) tea.Cmd {
	a.now = a.opts.Service.Now()
	cmds := []tea.Cmd{tick()}
	if a.phase != phaseShell || a.me == nil || a.b == nil {
		cmds = append(cmds, a.updateEntry(tickMsg(t)))
		return tea.Batch(cmds...)
	}
	if a.lock == nil && a.me.Session.Expired(a.now) {
		cmds = append(cmds, a.lockNow())
	}
	if !a.polling {
		a.polling = true
		b := a.b
		cmds = append(cmds, func() tea.Msg {
			open, err := b.SessionOpen()
			if err != nil || !open {
				return sessionPollMsg{open: open, err: err, b: b}
			}
			me, _ := b.Me() // an error here (expiry) is the tick's to handle
			return sessionPollMsg{open: true, me: me, b: b}
		})
	}
	if len(a.stack) > 0 {
		cmds = append(cmds, a.updateTop(tickMsg(t)))
	}
	return tea.Batch(cmds...)
}

// lockNow shows the lock screen over the current stack (R-SES-1); nothing
// underneath is lost.
func (a *App) lockNow() tea.Cmd {
	if a.lock != nil {
		return nil
	}
	a.lock = newLockScreen(a.sc)
	a.lock.SetSize(a.width, a.height)
	return a.lock.Init()
}

// endSession drops everything of the signed-in user and opens sign-in.
func (a *App) endSession(reason string) tea.Cmd {
	a.me, a.b, a.stack, a.lock, a.showHelp = nil, nil, nil, nil, false
	a.sc.me, a.sc.b = nil, nil
	a.flash = ""
	return a.toSignIn(reason)
}

func (a *App) signOut() tea.Cmd {
	b := a.b
	a.endSession("You have signed out.")
	if b == nil {
		return nil
	}
	return func() tea.Msg {
		_ = b.SignOut()
		return nil
	}
}

// End ends the console's signed-in session, if any, with reason (R-SES-5):
// the front end calls it once the program has returned, for any reason —
// a quit, a hang-up, SIGTERM — with a context that is still live (the
// console's own is cancelled by then). A session already closed (a sign-out,
// or from elsewhere) is left as it is.
func (a *App) End(ctx context.Context, reason string) error {
	if a.b == nil {
		return nil
	}
	return a.opts.Service.EndSession(model.WithSession(ctx, a.b.SessionID()), reason)
}

// quit closes this console's session (its console is going away) and exits.
func (a *App) quit() tea.Cmd {
	if a.b == nil {
		return tea.Quit
	}
	b := a.b
	return tea.Sequence(func() tea.Msg {
		_ = b.SignOut()
		return nil
	}, tea.Quit)
}

func (a *App) updateShell(msg tea.Msg) tea.Cmd {
	if a.lock != nil {
		// Input belongs to the lock screen alone; everything else (ticks,
		// spinners, results of work started before the lock) still reaches
		// the screens underneath, so nothing there is lost.
		switch msg.(type) {
		case tea.KeyPressMsg, tea.PasteMsg, tea.MouseMsg, unlockFailedMsg, spinner.TickMsg:
			l, cmd := a.lock.Update(msg)
			a.lock = l
			if _, ok := msg.(spinner.TickMsg); !ok {
				return cmd
			}
			return tea.Batch(cmd, a.updateTop(msg))
		}
	}
	switch msg := msg.(type) {
	case pushMsg:
		a.stack = append(a.stack, msg.screen)
		a.sizeScreen(msg.screen)
		a.menuFocus = false
		return msg.screen.Init()
	case popMsg:
		if len(a.stack) > 1 {
			a.stack = a.stack[:len(a.stack)-1]
			a.sizeScreen(a.top())
		}
		if msg.flash != "" {
			a.flash, a.flashErr = msg.flash, false
		}
		return a.updateTop(screenResumedMsg{})
	case flashMsg:
		a.flash, a.flashErr = msg.text, msg.isErr
		return nil
	case tea.MouseClickMsg:
		return a.onClick(msg)
	case tea.KeyPressMsg:
		a.flash = ""
		return tea.Batch(a.touch(), a.onKey(msg))
	}
	return a.updateTop(msg)
}

func (a *App) touch() tea.Cmd {
	if a.now.Sub(a.lastTouch) < time.Minute {
		return nil
	}
	b, last := a.b, a.lastTouch
	a.lastTouch = a.now // no second write while this one runs
	return func() tea.Msg {
		t, err := b.Touch(last)
		if err != nil {
			return nil
		}
		return touchedMsg(t)
	}
}

func (a *App) onKey(msg tea.KeyPressMsg) tea.Cmd {
	top := a.top()
	capturing := top != nil && top.Capturing() && !a.menuFocus
	if a.showHelp {
		if k := msg.String(); k == "?" || k == "esc" || k == "q" {
			a.showHelp = false
		}
		return nil
	}
	if capturing {
		return a.updateTop(msg)
	}
	g := globalKeys
	switch {
	case key.Matches(msg, g.Help):
		a.showHelp = true
		return nil
	case key.Matches(msg, g.Quit) && (a.menuFocus || len(a.stack) <= 1):
		return a.quit()
	case key.Matches(msg, g.Tab):
		a.menuFocus = !a.menuFocus
		return nil
	}
	if a.menuFocus {
		return a.onMenuKey(msg)
	}
	if key.Matches(msg, g.Back) {
		if len(a.stack) > 1 {
			return pop("")
		}
		a.menuFocus = true
		return nil
	}
	return a.updateTop(msg)
}

func (a *App) onMenuKey(msg tea.KeyPressMsg) tea.Cmd {
	g := globalKeys
	switch {
	case key.Matches(msg, g.Up):
		if a.menuIdx > 0 && !a.sections[a.menuIdx-1].signOut {
			return a.openSection(a.menuIdx - 1)
		}
	case key.Matches(msg, g.Down):
		if a.menuIdx+1 < len(a.sections) && !a.sections[a.menuIdx+1].signOut {
			return a.openSection(a.menuIdx + 1)
		}
	case key.Matches(msg, g.Open):
		if a.sections[a.menuIdx].signOut {
			return a.signOut()
		}
		a.menuFocus = false
	case key.Matches(msg, g.SignOut):
		return a.signOut()
	default:
		if s := msg.String(); len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
			i := int(s[0] - '1')
			if i < len(a.sections) {
				return a.openSection(i)
			}
		}
	}
	return nil
}

// onClick selects a menu item under the mouse; the menu starts on the row
// below the header.
func (a *App) onClick(msg tea.MouseClickMsg) tea.Cmd {
	if a.lock != nil || a.showHelp || msg.Button != tea.MouseLeft {
		return nil
	}
	if msg.X >= menuWidth {
		a.menuFocus = false
		return nil
	}
	i := msg.Y - 2
	if i >= 0 && i < len(a.sections) {
		a.menuFocus = true
		if a.sections[i].signOut {
			return a.signOut()
		}
		return a.openSection(i)
	}
	return nil
}

func (a *App) top() Screen {
	if len(a.stack) == 0 {
		return nil
	}
	return a.stack[len(a.stack)-1]
}

func (a *App) updateTop(msg tea.Msg) tea.Cmd {
	top := a.top()
	if top == nil {
		return nil
	}
	next, cmd := top.Update(msg)
	a.stack[len(a.stack)-1] = next
	if isFullScreen(next) != a.topFull {
		a.sizeScreen(next)
	}
	return cmd
}

// fullScreener is a screen that needs the whole terminal, such as the 2FA
// setup, whose QR code would not fit 80×24 beside the menu. The shell then
// draws it alone above the footer, for as long as FullScreen says so.
type fullScreener interface{ FullScreen() bool }

func isFullScreen(s Screen) bool {
	f, ok := s.(fullScreener)
	return ok && f.FullScreen()
}

// forwardAll gives every live screen and form a message (colour changes).
func (a *App) forwardAll(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for i, s := range a.stack {
		next, cmd := s.Update(msg)
		a.stack[i] = next
		cmds = append(cmds, cmd)
	}
	cmds = append(cmds, a.updateEntry(msg))
	return tea.Batch(cmds...)
}

func (a *App) restyle() {
	a.st = common.NewStyles(a.isDark, a.noColor)
	a.sc.st, a.sc.isDark = a.st, a.isDark
}

func (a *App) resize() {
	for _, s := range a.stack {
		a.sizeScreen(s)
	}
	if a.entry != nil {
		a.entry.SetSize(a.width, a.height)
	}
	if a.lock != nil {
		a.lock.SetSize(a.width, a.height)
	}
}

// bodySize is the area a screen draws into: right of the menu, between the
// header and the two footer lines.
func (a *App) bodySize() (int, int) {
	return max(a.width-menuWidth-1, 10), max(a.height-4, 3)
}

func (a *App) sizeScreen(s Screen) {
	if s == a.top() {
		a.topFull = isFullScreen(s)
	}
	if isFullScreen(s) {
		s.SetSize(a.width, a.height-1)
		return
	}
	w, h := a.bodySize()
	s.SetSize(w, h)
}

// View draws the whole frame.
func (a *App) View() tea.View {
	v := tea.NewView(a.frame())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "acctl"
	return v
}

func (a *App) frame() string {
	if a.width < MinWidth || a.height < MinHeight {
		return fmt.Sprintf("The terminal is too small (%d×%d).\nMake it at least %d×%d, or press ctrl+c to quit.", a.width, a.height, MinWidth, MinHeight)
	}
	switch a.phase {
	case phaseLoading:
		if a.loadErr != "" {
			return a.st.Error.Render(a.loadErr) + "\n\nPress ctrl+c to quit."
		}
		return "Opening the database…"
	case phaseEntry:
		return a.entry.View()
	}
	if a.lock != nil {
		return a.lock.View()
	}
	if top := a.top(); top != nil && a.topFull && !a.showHelp && !a.menuFocus {
		body := lipgloss.NewStyle().Width(a.width).Height(a.height - 1).MaxHeight(a.height - 1).MaxWidth(a.width).Render(top.View())
		return lipgloss.JoinVertical(lipgloss.Left, body, a.footer())
	}
	return lipgloss.JoinVertical(lipgloss.Left, a.header(), a.middle(), a.statusLine(), a.footer())
}

func (a *App) header() string {
	left := fmt.Sprintf(" acctl │ %s │ %s (%s)", a.me.Account.CompanyName, a.me.User.Name, a.me.User.Role.Title())
	left = common.CleanLine(left)
	right := "session " + model.HumanDuration(max(a.me.Session.ExpiresAt().Sub(a.now), 0)) + " left "
	gap := a.width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		left = truncate(left, a.width-lipgloss.Width(right)-1)
		gap = 1
	}
	return a.st.Header.Width(a.width).Render(left + strings.Repeat(" ", gap) + right)
}

func (a *App) middle() string {
	_, h := a.bodySize()
	var body string
	if a.showHelp {
		body = a.helpView()
	} else if top := a.top(); top != nil {
		body = top.View()
	}
	bodyW, _ := a.bodySize()
	body = lipgloss.NewStyle().Width(bodyW).Height(h).MaxHeight(h).MaxWidth(bodyW).Render(body)
	return lipgloss.JoinHorizontal(lipgloss.Top, a.menuView(h), " ", body)
}

func (a *App) menuView(h int) string {
	var b strings.Builder
	for i, s := range a.sections {
		label := fmt.Sprintf(" %d %s", i+1, s.name)
		if s.signOut {
			label = "   " + s.name
		}
		label = truncate(label, menuWidth-1)
		style := a.st.MenuItem
		if i == a.menuIdx {
			style = a.st.MenuSelected
			if !a.menuFocus {
				style = a.st.MenuSelectedBlurred
			}
		}
		b.WriteString(style.Width(menuWidth - 1).Render(label))
		b.WriteByte('\n')
	}
	return a.st.Menu.Width(menuWidth).Height(h).MaxHeight(h).Render(strings.TrimRight(b.String(), "\n"))
}

func (a *App) statusLine() string {
	if a.flash == "" {
		var path []string
		for _, s := range a.stack {
			path = append(path, s.Title())
		}
		return a.st.Muted.Render(" " + truncate(strings.Join(path, " › "), a.width-2))
	}
	style := a.st.Success
	if a.flashErr {
		style = a.st.Error
	}
	return style.Render(" " + truncate(common.CleanLine(a.flash), a.width-2))
}

// footer lists the keys that work here: the screen's own, then the global ones.
func (a *App) footer() string {
	var keys []key.Binding
	if a.showHelp {
		keys = []key.Binding{globalKeys.Help}
	} else if a.menuFocus {
		keys = []key.Binding{globalKeys.Up, globalKeys.Down, globalKeys.Open, globalKeys.Tab, globalKeys.SignOut, globalKeys.Help, globalKeys.Quit}
	} else {
		if top := a.top(); top != nil {
			keys = append(keys, top.Keys()...)
		}
		// A full screen names its own way back, and a secret on screen
		// closes only when it is stored.
		if !a.topFull && !holdsSecret(a.top()) {
			keys = append(keys, globalKeys.Back)
		}
		keys = append(keys, globalKeys.Help)
	}
	return a.st.Footer.Width(a.width).Render(truncate(shortHelp(keys), a.width))
}

func (a *App) helpView() string {
	var b strings.Builder
	b.WriteString(a.st.Title.Render("Keys") + "\n\n")
	if top := a.top(); top != nil {
		b.WriteString(a.st.Muted.Render(top.Title()) + "\n")
		for _, k := range top.Keys() {
			b.WriteString(helpLine(k))
		}
		b.WriteString("\n")
	}
	b.WriteString(a.st.Muted.Render("Everywhere") + "\n")
	for _, k := range globalKeys.all() {
		b.WriteString(helpLine(k))
	}
	b.WriteString("\n" + a.st.Muted.Render("Press ? or esc to close this help."))
	return b.String()
}

func helpLine(k key.Binding) string {
	h := k.Help()
	return fmt.Sprintf("  %-14s %s\n", h.Key, h.Desc)
}

func shortHelp(keys []key.Binding) string {
	var parts []string
	for _, k := range keys {
		if !k.Enabled() {
			continue
		}
		h := k.Help()
		parts = append(parts, h.Key+" "+h.Desc)
	}
	return " " + strings.Join(parts, " • ")
}

// truncate cuts s to at most w cells, with an ellipsis. It is on every
// row of every list, so it is linear and allocation-free when s fits.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if len(s) <= w && isASCII(s) {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
