package sshserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	bm "charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/colorprofile"
	gossh "golang.org/x/crypto/ssh"

	"acctl/model"
	"acctl/tui"
)

// Sentences the server writes to a client outside the console.
const (
	sayNoPTY     = "acctl is a full-screen console and needs a terminal. Connect with ssh -t, from a terminal."
	sayNoCommand = "acctl serves its console only. Connect without a command."
	sayTooMany   = "The server has too many consoles open. Try again in a few minutes."
	sayStopping  = "The server is stopping. Connect again in a moment."
)

// handle is the server's one middleware: every SSH session becomes one
// console, or gets a sentence why not.
func (s *Server) handle(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		s.serve(sess)
		next(sess)
	}
}

func (s *Server) serve(sess ssh.Session) {
	if t, ok := transferOf(sess); ok { // scp of verification files (R-KYC-1)
		s.upload(sess, t)
		return
	}
	if sess.RawCommand() != "" || sess.Subsystem() != "" {
		refuse(sess, sayNoCommand)
		return
	}
	pty, _, ok := sess.Pty()
	if !ok {
		refuse(sess, sayNoPTY) // R-SRV-3: a sentence, not a hang
		return
	}
	host := hostOf(sess.RemoteAddr())
	if !s.sessions.acquire(host) {
		s.log.Warn("console refused: too many open", "remote", host)
		refuse(sess, sayTooMany)
		return
	}
	defer s.sessions.release(host)
	c, err := s.newConsole(sess, pty)
	if err != nil {
		refuse(sess, model.ErrorMessage(err))
		return
	}
	if !s.track(c) {
		refuse(sess, sayStopping)
		return
	}
	defer s.untrack(c)
	if c := connOf(sess.Context()); c != nil {
		c.consoleStarted()
	}
	run := bm.MiddlewareWithProgramHandler(func(ssh.Session) *tea.Program {
		onFrame(s.cfg.FPS)
		return c.prog
	})
	s.log.Info("console started", "remote", sess.RemoteAddr().String(), "key", c.key)
	run(func(ssh.Session) {})(sess)
	reason := c.finish()
	s.log.Info("console ended", "remote", sess.RemoteAddr().String(), "reason", reason)
}

// refuse writes a sentence to the client and ends its session.
func refuse(sess ssh.Session, sentence string) {
	say(sess, sentence)
	_ = sess.Exit(1)
}

// say writes a sentence on its own line of the client's terminal.
func say(sess ssh.Session, sentence string) {
	_, _ = fmt.Fprint(sess, "\n"+sentence+"\n")
}

// console is one SSH session's console.
type console struct {
	sess    ssh.Session
	app     *tui.App
	prog    *tea.Program
	key     string      // the fingerprint of the key that signed in, if one did
	stopped atomic.Bool // the server is stopping
	ticking atomic.Bool // a tick is on its way
}

// tick sends the console its one-second tick, unless the last one is not
// taken yet. The send waits for the program's loop, so it runs on its own
// short-lived goroutine: a busy console never holds up the others.
func (c *console) tick() {
	if c.ticking.Swap(true) {
		return
	}
	go func() {
		c.prog.Send(tui.Tick())
		c.ticking.Store(false)
	}()
}

// newConsole signs in by the session's key, if it authenticated with one
// (R-SRV-2), and builds the console's program with the client's size,
// TERM, environment and colour profile.
func (s *Server) newConsole(sess ssh.Session, pty ssh.Pty) (*console, error) {
	ctx := sess.Context()
	origin := model.Origin{Remote: sess.RemoteAddr().String()}
	client := model.Client{SSHVersion: ctx.ClientVersion(), Term: pty.Term}.Bounded() // R-SRV-6
	start, err := s.keySignIn(ctx, sess.PublicKey(), origin, client)
	if err != nil {
		s.log.Info("key sign-in refused", "remote", origin.Remote, "err", err)
		return nil, err
	}
	opts := s.consoleOptions(ctx, origin, client, start)
	opts.SSHPort = portOf(sess.LocalAddr())
	app := tui.New(opts)
	env := environ(sess.Environ(), client.Term)
	w, h := clampSize(pty.Window.Width, pty.Window.Height)
	prog := tea.NewProgram(app,
		tea.WithInput(sess), tea.WithOutput(sess),
		tea.WithEnvironment(env), tea.WithColorProfile(colorprofile.Env(env)),
		tea.WithWindowSize(w, h),
		tea.WithoutSignalHandler(), // R-SRV-7: SIGTERM is the server's to handle
		tea.WithFilter(filter), tea.WithFPS(s.cfg.FPS))
	c := &console{sess: sess, app: app, prog: prog}
	if start != nil {
		c.key = gossh.FingerprintSHA256(sess.PublicKey())
	}
	return c, nil
}

// portOf is the port of addr, the address the client connected to, which
// the console's scp commands name (R-KYC-1); 0 when it cannot tell.
func portOf(addr net.Addr) int {
	if a, ok := addr.(*net.TCPAddr); ok {
		return a.Port
	}
	return 0
}

// consoleOptions are an SSH console's: the session's context, no sign-up
// and no saver, and the limits' timeouts.
func (s *Server) consoleOptions(ctx context.Context, origin model.Origin, client model.Client, start *model.SignInResult) tui.Options {
	l := s.cfg.Limits
	opts := tui.Options{
		Context: ctx, // R-SRV-8: a dropped client cancels what it started
		Service: s.cfg.Service, Origin: origin, Client: client,
		Saver:  nil,  // R-SRV-5: nothing a remote user does writes a file here
		Remote: true, // R-SRV-4: no sign-up
		Mail:   s.cfg.Mail, Demo: s.cfg.Demo, Start: start,
		IdleTimeout: l.IdleTimeout,
		Ticked:      true, // one timer for every console: tickConsoles
	}
	if l.Lifetime > 0 {
		opts.Deadline = s.cfg.Service.Now().Add(l.Lifetime) // on the console's clock
	}
	return opts
}

// keySignIn signs in by the key the client authenticated with — never one
// it merely offered (CVE-2024-45337) — if any. A key removed since the
// handshake leads to the sign-in screen.
func (s *Server) keySignIn(ctx context.Context, pub ssh.PublicKey, origin model.Origin, client model.Client) (*model.SignInResult, error) {
	if pub == nil {
		return nil, nil
	}
	res, err := s.cfg.Service.SignInWithKey(ctx, pub, origin, client)
	if errors.Is(err, model.ErrSSHKeyNotAllowed) {
		return nil, nil
	}
	return res, err
}

// filter bounds every window size the client reports and keeps the
// program from suspending, which over SSH would hang it.
func filter(_ tea.Model, msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		msg.Width, msg.Height = clampSize(msg.Width, msg.Height)
		return msg
	case tea.SuspendMsg:
		return tea.ResumeMsg{}
	}
	return msg
}

// stop asks the console to end because the server stops (R-SRV-7).
func (c *console) stop() {
	c.stopped.Store(true)
	c.prog.Quit()
}

// finish runs once the program has returned and the client's terminal is
// restored: it ends the console's session with the reason (R-SES-5) and
// tells the client why the console ended, when it did not quit itself.
func (c *console) finish() (reason string) {
	reason, sentence := c.outcome()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c.app.End(ctx, reason)
	if sentence != "" {
		say(c.sess, sentence)
	}
	return reason
}

// outcome is why the console ended, for the history, and what to tell
// the client.
func (c *console) outcome() (reason, sentence string) {
	switch {
	case c.stopped.Load():
		return "the server stopped", sayStopping
	case c.sess.Context().Err() != nil:
		return "the SSH connection was lost", ""
	case c.app.Reason() != "":
		return c.app.Reason(), c.app.Reason()
	}
	return "quit", ""
}

// track registers a console for Shutdown, unless the server is stopping.
func (s *Server) track(c *console) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping.Load() {
		return false
	}
	s.consoles[c] = struct{}{}
	s.running.Add(1)
	return true
}

func (s *Server) untrack(c *console) {
	s.mu.Lock()
	delete(s.consoles, c)
	s.mu.Unlock()
	s.running.Done()
}

// onFrame waits for the next instant of a grid of frames common to every
// console. A program's renderer wakes fps times a second from when it
// starts, idle or not; started on the grid, every console's renderer wakes
// at the same instants, and the runtime serves them in one batch instead
// of each on a wake-up of its own — with many idle consoles, most of the
// CPU they cost. It delays a console's first frame by one frame at most.
func onFrame(fps int) {
	period := time.Second / time.Duration(fps)
	now := time.Now()
	time.Sleep(now.Truncate(period).Add(period).Sub(now))
}
