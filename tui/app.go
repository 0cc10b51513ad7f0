// Package tui is acctl's Bubble Tea program. The root model routes: it
// keeps one stack of screens (entry screens, a section's screens, forms,
// modals, the lock screen, the help), gives input to the top one and every
// other message to all of them, and draws the shell around framed screens.
// A session sub-model owns the signed-in user and its timers. Screens live
// in one package per portal section (entry, profile, iam, activity);
// shared pieces in tui/common and tui/components. It is built once per
// console or SSH session and holds no package-level state.
package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// Options configure one console.
type Options struct {
	// Context is the console's: it is cancelled when the console goes away
	// (a hang-up, a lost SSH client), and every command runs under it.
	Context context.Context
	Service *model.Service
	Origin  model.Origin // where this console runs
	Client  model.Client
	// Saver writes shown-once secrets to files; nil over SSH, where
	// nothing a remote user does may write on the server (R-SRV-5).
	Saver common.SecretSaver
	// NoColor forces colours off (NO_COLOR in the local environment); over
	// SSH the client's NO_COLOR arrives as an EnvMsg.
	NoColor bool
	// Mail says emails are delivered (an SMTP server is configured).
	Mail bool
	// Remote says the console is served over SSH: no sign-up (R-SRV-4).
	Remote bool
	// SSHPort is the port a remote console's client connected to, for the
	// scp commands it shows; 0 when unknown.
	SSHPort int
	Demo    common.Demo
	// Start, when set, is a sign-in already made (an SSH key, R-SRV-2):
	// its session opens the shell, or its challenge the code step.
	Start *model.SignInResult
	// IdleTimeout, when set, ends the console after that long without a
	// key, click or paste; Deadline, when set, ends it at that time. Over
	// SSH they are R-SRV-3's idle timeout and lifetime: the console quits
	// itself, so the client's terminal is restored, before the server
	// would cut the connection. Reason then says why.
	IdleTimeout time.Duration
	Deadline    time.Time
	// Ticked says the console's owner sends it Tick every second, as the
	// SSH server does for all its consoles from one timer; otherwise the
	// console runs its own.
	Ticked bool
}

// App is the root model of one console.
type App struct {
	env     *common.Env
	opts    Options
	sess    *session
	stack   []common.Screen
	shell   shell
	width   int
	height  int
	noColor bool
	loadErr string
	// lastInput is when the person last typed, clicked or pasted.
	lastInput time.Time
	// reason says why the console ended itself, for the SSH server to
	// write once the terminal is restored.
	reason string
	// quitting is set once the person quit: nothing is drawn any more.
	quitting bool
	// The last frame drawn, reused while fresh: a tick that changes
	// nothing on screen draws nothing (an idle console costs next to no
	// CPU, which matters for many consoles over SSH). clock is the header's
	// time left as drawn.
	frameCache tea.View
	fresh      bool
	clock      string
}

// tickMsg drives clocks, the R-SES-1 lock and the R-SES-2 poll.
type tickMsg struct{}

type needsSignUpMsg struct {
	yes bool
	err error
}

// New returns the root model of one console.
func New(opts Options) *App {
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	env := &common.Env{
		Svc: opts.Service, Ctx: opts.Context, IsDark: true, Now: opts.Service.Now,
		Origin: opts.Origin, Client: opts.Client, Saver: opts.Saver, Mail: opts.Mail,
		Remote: opts.Remote, SSHPort: opts.SSHPort, Demo: opts.Demo,
	}
	env.Styles = common.NewStyles(true, opts.NoColor)
	a := &App{env: env, opts: opts, noColor: opts.NoColor, width: 80, height: 24, lastInput: env.Now()}
	a.sess = newSession(env)
	a.shell = shell{env: env}
	return a
}

// Init asks for the background colour and starts at sign-in, sign-up or,
// for a sign-in made before the console (SSH keys), the shell.
func (a *App) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, a.ownTick(), a.start())
}

// Tick is the console's one-second clock, for an owner that drives it
// (Options.Ticked).
func Tick() tea.Msg { return tickMsg{} }

// ownTick schedules the next tick, unless the owner sends them.
func (a *App) ownTick() tea.Cmd {
	if a.opts.Ticked {
		return nil
	}
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg{} })
}

// Update routes: terminal events and the session's messages to the root,
// input to the top screen, everything else to every screen.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg.(type) {
	case tickMsg, pollMsg, touchedMsg: // redraw only if they change something
	default:
		a.fresh = false
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.resize()
		return a, nil
	case tea.BackgroundColorMsg, tea.ColorProfileMsg, tea.EnvMsg:
		return a, a.restyle(msg)
	case tea.KeyPressMsg:
		a.lastInput = a.env.Now()
		return a, a.onKey(msg)
	case tea.MouseClickMsg:
		a.lastInput = a.env.Now()
		return a, a.onClick(msg)
	case tea.PasteMsg:
		a.lastInput = a.env.Now()
		return a, a.toTop(msg)
	case components.OthersCountedMsg:
		msg.Open()
		return a, a.applyNav()
	case tickMsg:
		return a, a.onTick()
	case needsSignUpMsg, meLoadedMsg, pollMsg, touchedMsg, common.SignedInMsg, common.SessionEndedMsg,
		common.SignOutMsg, common.UnlockedMsg, common.MeChangedMsg, common.OpenMenuMsg, common.QuitMsg:
		return a, a.onSession(msg)
	}
	return a, a.broadcast(msg)
}

// End closes the console's session, if one is open, with the reason it
// ended for (R-SES-5: a hang-up, a lost SSH client, the server stopping,
// the console closed), which the sign-in history and the security log
// show. main and the SSH server call it once the program has returned;
// it does nothing when the console had already ended its session.
func (a *App) End(ctx context.Context, reason string) error {
	if a.sess.id == "" {
		return nil
	}
	ctx = model.WithSession(ctx, a.sess.id)
	a.sess.clear()
	return a.opts.Service.EndSession(ctx, reason)
}

// Reason says why the console ended itself — idle, at its deadline, its
// session closed elsewhere or signed out over SSH — or "" when the person
// quit or it was stopped from outside. The SSH server writes it to the
// client after the program returned and the terminal is restored.
func (a *App) Reason() string { return a.reason }
