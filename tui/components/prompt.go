package components

import (
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/common"
)

// Action is a sensitive change behind the password (R-PWD-4). Run does the
// change with the password under a context that esc cancels, and returns
// what the screen needs; it runs off the update loop and touches no screen.
type Action struct {
	// ID tags the answer, ActionDoneMsg, for the screen that asked.
	ID string
	// Reason is the prompt's line: what the password is for.
	Reason string
	Run    func(ctx context.Context, svc *model.Service, password string) (Result, error)
	// Flash, when set, is what the status line says once it ran, for an
	// action no screen waits for.
	Flash func(Result) string
}

// Result is what an action gives back.
type Result struct {
	// Secret, when set, is shown once in the secret panel before the
	// screen hears that the action is done.
	Secret *Secret
	// Value is handed to the screen as it is (the created key, the user).
	Value any
}

// ActionDoneMsg answers the screen that asked for an action: it ran (Err
// nil), it was refused for a reason the screen shows with what was typed
// kept (Err), or the user cancelled it before it ran (Cancelled).
type ActionDoneMsg struct {
	ID        string
	Result    Result
	Err       error
	Cancelled bool
	// Late says the action had already been done when the user cancelled.
	Late bool
}

// RunWithPassword opens the password prompt that runs a (R-PWD-4).
func RunWithPassword(env *common.Env, a Action) {
	env.Nav.Push(NewPasswordPrompt(env, a))
}

// actionRanMsg carries Run's answer back to the prompt that asked; run
// tells it from answers of earlier submissions.
type actionRanMsg struct {
	prompt *PasswordPrompt
	run    int
	result Result
	err    error
}

var promptKeys = struct{ Confirm, Cancel key.Binding }{
	Confirm: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "confirm")),
	Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
}

// PasswordPrompt is the modal that asks for the account password and runs
// an action with it. A wrong password (or an R-PWD-5 wait) keeps it open
// with the reason; any other answer closes it and goes to the screen that
// asked, through the secret panel when the action made a secret. esc
// cancels the action's context: a change cancelled before it commits is
// never made, and one that had committed is reported as done. The password
// is never drawn and not kept once Run returns.
type PasswordPrompt struct {
	env    *common.Env
	action Action

	form       *Form // nil while the action runs
	spin       spinner.Model
	running    bool
	cancel     context.CancelFunc
	cancelling bool
	run        int
	err        string
	width      int
}

// NewPasswordPrompt builds the prompt for a.
func NewPasswordPrompt(env *common.Env, a Action) *PasswordPrompt {
	p := &PasswordPrompt{env: env, action: a, spin: NewSpinner()}
	p.form = p.newForm()
	return p
}

func (p *PasswordPrompt) Init() tea.Cmd       { return p.form.Init() }
func (p *PasswordPrompt) Title() string       { return "Password" }
func (p *PasswordPrompt) Layer() common.Layer { return common.Modal }
func (p *PasswordPrompt) Capturing() bool     { return true }
func (p *PasswordPrompt) SetSize(w, h int) {
	p.width = w
	if p.form != nil {
		p.form.SetWidth(p.innerWidth())
	}
}

// Keys are enter and esc; only esc while the action runs.
func (p *PasswordPrompt) Keys() []key.Binding {
	if p.running {
		return []key.Binding{promptKeys.Cancel}
	}
	return []key.Binding{promptKeys.Confirm, promptKeys.Cancel}
}

func (p *PasswordPrompt) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case actionRanMsg:
		if msg.prompt != p || msg.run != p.run {
			return p, nil
		}
		return p, p.ran(msg.result, msg.err)
	case spinner.TickMsg:
		var cmd tea.Cmd
		if p.running {
			p.spin, cmd = p.spin.Update(msg)
		}
		return p, cmd
	case tea.KeyPressMsg:
		if key.Matches(msg, promptKeys.Cancel) {
			return p, p.onCancel()
		}
	}
	if p.running || p.form == nil {
		return p, nil
	}
	cmd, done := p.form.Update(msg)
	if done {
		return p, p.submit()
	}
	return p, cmd
}

// submit takes the password out of the finished form and runs the action.
func (p *PasswordPrompt) submit() tea.Cmd { return p.start(p.form.GetString(passwordKey)) }

// start runs the action with password under a context esc cancels.
func (p *PasswordPrompt) start(password string) tea.Cmd {
	p.form, p.running, p.err = nil, true, ""
	p.run++
	ctx, cancel := context.WithCancel(p.env.Ctx)
	p.cancel = cancel
	run, svc, prompt, n := p.action.Run, p.env.Svc, p, p.run
	return tea.Batch(p.spin.Tick, func() tea.Msg {
		defer cancel()
		res, err := run(ctx, svc, password)
		password = ""
		return actionRanMsg{prompt: prompt, run: n, result: res, err: err}
	})
}

// onCancel closes the prompt, or cancels a running action and waits for
// its answer, which says whether it was done before the cancel reached it.
func (p *PasswordPrompt) onCancel() tea.Cmd {
	if !p.running {
		p.env.Nav.Close(p, "")
		return common.Emit(ActionDoneMsg{ID: p.action.ID, Cancelled: true})
	}
	if !p.cancelling {
		p.cancelling = true
		p.cancel()
	}
	return nil
}

// ran turns Run's answer into the prompt's next state.
func (p *PasswordPrompt) ran(res Result, err error) tea.Cmd {
	p.running = false
	switch {
	case err != nil && p.cancelling:
		p.env.Nav.Close(p, "")
		return common.Emit(ActionDoneMsg{ID: p.action.ID, Cancelled: true})
	case err != nil && keepsPromptOpen(err):
		p.err = common.ErrText(err)
		p.form = p.newForm()
		return p.form.Init()
	case err != nil:
		p.env.Nav.Close(p, "")
		return common.Emit(ActionDoneMsg{ID: p.action.ID, Err: err})
	}
	done := ActionDoneMsg{ID: p.action.ID, Result: res, Late: p.cancelling}
	if p.action.Flash != nil {
		p.env.Flash(p.action.Flash(res))
	}
	if res.Secret != nil {
		reveal := NewSecretReveal(p.env, *res.Secret, done)
		p.env.Nav.Replace(reveal)
		return reveal.Init()
	}
	p.env.Nav.Close(p, "")
	return common.Emit(done)
}

// keepsPromptOpen reports errors the user answers by typing again: a wrong
// password, or the R-PWD-5 wait. An ended session is also EUNAUTHORIZED,
// but no password fixes it, so it goes to the screen.
func keepsPromptOpen(err error) bool {
	if errors.Is(err, model.ErrSessionEnded) {
		return false
	}
	switch model.ErrorCode(err) {
	case model.EUNAUTHORIZED, model.ELOCKED:
		return true
	}
	return false
}

const passwordKey = "password"

func (p *PasswordPrompt) newForm() *Form {
	field := huh.NewInput().Key(passwordKey).Title("Password").
		EchoMode(huh.EchoModePassword).CharLimit(1024).
		Validate(func(s string) error {
			if s == "" {
				return errors.New("Type your password, then press enter.")
			}
			return nil
		})
	keys := huh.NewDefaultKeyMap()
	keys.Input.Next.SetEnabled(false) // one field: only enter submits
	keys.Input.Prev.SetEnabled(false)
	return newForm(p.env.IsDark, p.innerWidth(), keys, field)
}

// View draws the modal: what the password is for, the hidden field or the
// spinner, the last error and the keys.
func (p *PasswordPrompt) View() string {
	st, w := p.env.Styles, p.innerWidth()
	var b strings.Builder
	b.WriteString(st.Title.Render("Confirm with your password") + "\n")
	if p.action.Reason != "" {
		b.WriteString(common.Wrap(common.Clean(p.action.Reason), w) + "\n")
	}
	b.WriteString("\n")
	switch {
	case p.cancelling:
		b.WriteString(p.spin.View() + " Cancelling…\n")
	case p.running:
		b.WriteString(p.spin.View() + " Checking your password…\n")
	default:
		b.WriteString(p.form.View() + "\n")
	}
	if p.err != "" {
		b.WriteString("\n" + st.Error.Render(common.Wrap(p.err, w)) + "\n")
	}
	b.WriteString("\n" + HelpLine(st, p.Keys(), w))
	return st.Modal.Width(p.boxWidth()).Render(b.String())
}

func (p *PasswordPrompt) boxWidth() int { return boxWidth(p.width, 64) }

func (p *PasswordPrompt) innerWidth() int {
	return p.boxWidth() - p.env.Styles.Modal.GetHorizontalFrameSize()
}
