package components

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"acctl/model"
	"acctl/tui/common"
)

// PasswordConfirmedMsg reports that verify accepted the password: the
// sensitive action it guarded has run (R-PWD-4).
type PasswordConfirmedMsg struct{ ID string }

// PasswordFailedMsg reports that verify failed for a reason other than the
// password (an email already taken, a lost session, a busy database). The
// prompt stays usable but the screen should close it and show Err.
type PasswordFailedMsg struct {
	ID  string
	Err error
}

// PasswordCancelledMsg reports that the user pressed esc; a check still
// running is ignored when it comes back.
type PasswordCancelledMsg struct{ ID string }

// passwordCheckedMsg carries verify's answer back to the prompt that asked.
// run tells a current check from one that was cancelled.
type passwordCheckedMsg struct {
	id  string
	run int
	err error
}

// passwordFieldKey names the form's only field.
const passwordFieldKey = "password"

// passwordKeys are the prompt's bindings, matched in Update and drawn in the
// footer.
type passwordKeys struct {
	Confirm key.Binding
	Cancel  key.Binding
}

// PasswordPrompt is the modal that asks for the account password before a
// sensitive change (R-PWD-4). verify runs the change with the password, off
// the update loop; a wrong password (or an R-PWD-5 wait) keeps the modal open
// with the reason, anything else is handed to the screen. The password is
// never drawn and not kept once verify returns.
type PasswordPrompt struct {
	id     string
	title  string
	reason string
	verify func(password string) error
	st     *common.Styles
	keys   passwordKeys

	form     *huh.Form // nil while a check runs: the finished form held the password
	spinner  spinner.Model
	checking bool
	run      int // bumped by every submit and cancel; stale answers carry an old value
	errText  string
	width    int
	isDark   bool
}

// NewPasswordPrompt builds a prompt. id is echoed in its result messages so
// a screen with several prompts can tell them apart; title and reason are
// cleaned before they are drawn. Call Init to focus the field.
func NewPasswordPrompt(id, title, reason string, verify func(password string) error, st *common.Styles) *PasswordPrompt {
	p := &PasswordPrompt{
		id:     id,
		title:  common.CleanLine(title),
		reason: common.Clean(reason),
		verify: verify,
		st:     st,
		isDark: st.IsDark,
		keys: passwordKeys{
			Confirm: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "confirm")),
			Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		},
		spinner: spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(lipgloss.NewStyle().Foreground(st.Accent))),
	}
	p.form = p.newForm()
	return p
}

// Init focuses the password field.
func (p *PasswordPrompt) Init() tea.Cmd {
	if p.form == nil {
		return nil
	}
	return p.form.Init()
}

// SetWidth sets the width the modal may use.
func (p *PasswordPrompt) SetWidth(w int) {
	p.width = w
	if p.form != nil {
		p.form = p.form.WithWidth(p.formWidth())
	}
}

// Keys are the bindings that work now: only esc while a check runs.
func (p *PasswordPrompt) Keys() []key.Binding {
	if p.checking {
		return []key.Binding{p.keys.Cancel}
	}
	return []key.Binding{p.keys.Confirm, p.keys.Cancel}
}

// Update handles keys, the form's own messages and the answer of verify.
func (p *PasswordPrompt) Update(msg tea.Msg) (*PasswordPrompt, tea.Cmd) {
	switch msg := msg.(type) {
	case passwordCheckedMsg:
		if msg.id != p.id || msg.run != p.run || !p.checking {
			return p, nil // another prompt's answer, or one that was cancelled
		}
		return p, p.checked(msg.err)
	case spinner.TickMsg:
		if !p.checking {
			return p, nil
		}
		var cmd tea.Cmd
		p.spinner, cmd = p.spinner.Update(msg)
		return p, cmd
	case tea.BackgroundColorMsg:
		p.isDark = msg.IsDark()
	case tea.KeyPressMsg:
		if key.Matches(msg, p.keys.Cancel) {
			return p, p.cancel()
		}
		if p.checking {
			return p, nil
		}
	case tea.PasteMsg:
		if p.checking {
			return p, nil
		}
	}
	if p.form == nil {
		return p, nil
	}
	var cmd tea.Cmd
	p.form, cmd = updateForm(p.form, msg)
	if p.form.State == huh.StateCompleted {
		return p, p.submit()
	}
	return p, cmd
}

// View draws the modal: title, reason, the hidden field (or the spinner),
// the last error and the keys.
func (p *PasswordPrompt) View() string {
	st := p.st
	var b strings.Builder
	b.WriteString(st.Title.Render(p.title) + "\n")
	if p.reason != "" {
		b.WriteString(p.reason + "\n")
	}
	b.WriteString("\n")
	if p.checking || p.form == nil {
		b.WriteString(p.spinner.View() + " Checking your password…\n")
	} else {
		b.WriteString(p.form.View() + "\n")
	}
	if p.errText != "" {
		b.WriteString("\n" + st.Error.Render(p.errText) + "\n")
	}
	b.WriteString("\n" + helpLine(st, p.Keys()))
	return st.Modal.Width(p.boxWidth()).Render(b.String())
}

// submit takes the password out of the finished form, drops the form and
// starts verify in a command.
func (p *PasswordPrompt) submit() tea.Cmd {
	password := p.form.GetString(passwordFieldKey)
	p.form = nil
	p.checking = true
	p.errText = ""
	p.run++
	return tea.Batch(checkPassword(p.id, p.run, p.verify, password), p.spinner.Tick)
}

// checkPassword runs verify off the update loop. The closure's copy of the
// password is cleared as soon as verify returns.
func checkPassword(id string, run int, verify func(string) error, password string) tea.Cmd {
	return func() tea.Msg {
		err := verify(password)
		password = ""
		return passwordCheckedMsg{id: id, run: run, err: err}
	}
}

// checked turns verify's answer into the prompt's next state.
func (p *PasswordPrompt) checked(err error) tea.Cmd {
	switch {
	case err == nil:
		return tea.Batch(p.reset(), emit(PasswordConfirmedMsg{ID: p.id}))
	case keepsPromptOpen(err):
		reset := p.reset()
		p.errText = common.CleanLine(model.ErrorMessage(err))
		return reset
	default:
		return tea.Batch(p.reset(), emit(PasswordFailedMsg{ID: p.id, Err: err}))
	}
}

// keepsPromptOpen reports errors the user answers by typing again: a wrong
// password, or the R-PWD-5 wait. An ended session is also EUNAUTHORIZED, but
// no password fixes it, so it goes to the screen.
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

// cancel abandons any running check and reports esc.
func (p *PasswordPrompt) cancel() tea.Cmd {
	p.run++
	return tea.Batch(p.reset(), emit(PasswordCancelledMsg{ID: p.id}))
}

// reset puts an empty, focused form back (a finished huh form ignores
// input) and clears the error.
func (p *PasswordPrompt) reset() tea.Cmd {
	p.checking = false
	p.errText = ""
	p.form = p.newForm()
	return p.form.Init()
}

func (p *PasswordPrompt) newForm() *huh.Form {
	keys := huh.NewDefaultKeyMap()
	keys.Quit.SetEnabled(false) // esc and ctrl+c belong to the prompt and the root
	keys.Input.Next.SetEnabled(false)
	keys.Input.Prev.SetEnabled(false) // one field: only enter submits, tab does nothing
	field := huh.NewInput().
		Key(passwordFieldKey).
		Title("Password").
		EchoMode(huh.EchoModePassword).
		CharLimit(1024).
		Validate(requirePassword)
	f := huh.NewForm(huh.NewGroup(field)).
		WithTheme(huh.ThemeFunc(huh.ThemeCharm)).
		WithKeyMap(keys).
		WithShowHelp(false).
		WithWidth(p.formWidth())
	f, _ = updateForm(f, tea.BackgroundColorMsg{Color: backgroundFor(p.isDark)})
	return f
}

// requirePassword is the inline answer to enter on an empty field; huh
// draws the error text under the field, so it is a sentence.
func requirePassword(s string) error {
	if s == "" {
		return errors.New("Enter your password.")
	}
	return nil
}

func (p *PasswordPrompt) boxWidth() int { return boxWidth(p.width, 64) }

func (p *PasswordPrompt) formWidth() int {
	return p.boxWidth() - p.st.Modal.GetHorizontalFrameSize()
}

// updateForm forwards msg to a huh form and keeps the form it returns.
func updateForm(f *huh.Form, msg tea.Msg) (*huh.Form, tea.Cmd) {
	next, cmd := f.Update(msg)
	if nf, ok := next.(*huh.Form); ok {
		f = nf
	}
	return f, cmd
}
