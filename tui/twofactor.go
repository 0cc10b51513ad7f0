package tui

import (
	"fmt"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"acctl/model"
	"acctl/tui/components"
)

// twoFactorSetupScreen enables 2FA (R-2FA-2): a QR code of the otpauth://
// URI, the URI below it and the secret grouped for reading aloud; then a
// code from the app and the password (R-PWD-4); then the recovery codes,
// once, in the secret-reveal panel (R-2FA-4). It takes the whole terminal,
// so that the code fits 80×24. As the gate of R-2FA-7/8 it is the only
// screen the user has, and esc does not leave it.
type twoFactorSetupScreen struct {
	c    *screenCtx
	gate bool

	setup   *model.TwoFactorSetup
	qr      qrCode
	loadErr string
	spin    spinner.Model

	code   string
	form   *liveForm
	err    string
	prompt *components.PasswordPrompt
	codes  []string // set by the prompt's check, read after it confirms
	reveal *components.SecretReveal

	width, height int
}

const (
	setupPromptID = "twofactor.enable"
	setupCodesID  = "twofactor.codes"
)

// Texts tests look for.
const (
	setupTitle      = "Set up two-factor authentication"
	qrTooSmallText  = "This terminal is too small for the QR code"
	recoveryTitle   = "Recovery codes"
	recoveryNote    = "Each code signs you in once instead of an app code, if you lose your phone. Store them somewhere safe now: they will not be shown again."
	recoveryFile    = "acctl-recovery-codes.txt"
	twoFactorOnText = "Two-factor authentication is on. Signing in now asks for a code from your app."
)

type setupBegunMsg struct {
	setup *model.TwoFactorSetup
	err   error
}

var setupKeys = struct{ Submit, Back, SignOut, Retry key.Binding }{
	Submit:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "turn on")),
	Back:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	SignOut: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "sign out")),
	Retry:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "try again")),
}

func newTwoFactorSetupScreen(c *screenCtx, gate bool) *twoFactorSetupScreen {
	s := &twoFactorSetupScreen{c: c, gate: gate, spin: newSpinner()}
	s.build()
	return s
}

func (s *twoFactorSetupScreen) build() {
	s.form = newForm(s.c.isDark, s.panelWidth(), textInput("Code from your app", &s.code, func(v string) error {
		return fieldErr(checkCodeShape(v))
	}).Placeholder("123 456"))
}

func (s *twoFactorSetupScreen) Init() tea.Cmd {
	b := s.c.b
	return tea.Batch(s.spin.Tick, s.form.Init(), func() tea.Msg {
		setup, err := b.BeginTwoFactorSetup()
		return setupBegunMsg{setup, err}
	})
}

func (s *twoFactorSetupScreen) Title() string    { return "Two-factor setup" }
func (s *twoFactorSetupScreen) Capturing() bool  { return true }
func (s *twoFactorSetupScreen) FullScreen() bool { return s.reveal == nil }

// HoldsSecret keeps the screen while the recovery codes are shown.
func (s *twoFactorSetupScreen) HoldsSecret() bool { return s.reveal != nil }

func (s *twoFactorSetupScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.form.WithWidth(s.panelWidth())
	if s.prompt != nil {
		s.prompt.SetWidth(s.panelWidth())
	}
	if s.reveal != nil {
		s.reveal.SetSize(w, h)
	}
}

func (s *twoFactorSetupScreen) Keys() []key.Binding {
	switch {
	case s.reveal != nil:
		return s.reveal.Keys()
	case s.prompt != nil:
		return s.prompt.Keys()
	case s.gate && s.loadErr != "":
		return []key.Binding{setupKeys.Retry, setupKeys.SignOut}
	case s.loadErr != "":
		return []key.Binding{setupKeys.Retry, setupKeys.Back}
	case s.gate:
		return []key.Binding{setupKeys.Submit, setupKeys.SignOut}
	}
	return []key.Binding{setupKeys.Submit, setupKeys.Back}
}

func (s *twoFactorSetupScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case setupBegunMsg:
		if msg.err != nil {
			s.loadErr = errText(msg.err)
			return s, nil
		}
		s.setup, s.loadErr = msg.setup, ""
		s.qr = newQRCode(msg.setup.URI)
		return s, nil
	case spinner.TickMsg:
		if s.setup != nil || s.loadErr != "" {
			return s, nil
		}
		var cmd tea.Cmd
		s.spin, cmd = s.spin.Update(msg)
		return s, cmd
	case tea.BackgroundColorMsg:
		s.build()
		return s, s.form.Init()
	case components.PasswordConfirmedMsg:
		if msg.ID != setupPromptID {
			return s, nil
		}
		s.prompt = nil
		s.reveal = components.NewSecretReveal(setupCodesID, recoveryTitle, strings.Join(s.codes, "\n"), recoveryNote, recoveryFile, s.c.homeDir, s.c.st)
		s.codes = nil
		s.reveal.SetSize(s.width, s.height)
		return s, tea.Batch(s.reveal.Init(), func() tea.Msg { return meChangedMsg{} })
	case components.PasswordFailedMsg:
		if msg.ID != setupPromptID {
			return s, nil
		}
		s.prompt, s.err = nil, errText(unwrapCodeErr(msg.Err))
		s.build()
		return s, s.form.Init()
	case components.PasswordCancelledMsg:
		if msg.ID != setupPromptID {
			return s, nil
		}
		s.prompt = nil
		s.build()
		return s, s.form.Init()
	case components.SecretAcknowledgedMsg:
		if msg.ID != setupCodesID {
			return s, nil
		}
		s.reveal = nil
		if s.gate {
			// The reload that followed the enabling lifted the gate; the
			// shell reopens with every section.
			return s, tea.Sequence(func() tea.Msg { return openMenuMsg{} }, flash(twoFactorOnText))
		}
		return s, pop(twoFactorOnText)
	}
	switch {
	case s.reveal != nil:
		var cmd tea.Cmd
		s.reveal, cmd = s.reveal.Update(msg)
		return s, cmd
	case s.prompt != nil:
		var cmd tea.Cmd
		s.prompt, cmd = s.prompt.Update(msg)
		return s, cmd
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, setupKeys.SignOut) && s.gate:
			return s, func() tea.Msg { return signOutMsg{} }
		case key.Matches(k, setupKeys.Back):
			return s, pop("")
		case key.Matches(k, setupKeys.Retry) && s.loadErr != "":
			s.loadErr = ""
			return s, s.Init()
		}
		if s.setup == nil {
			return s, nil
		}
	}
	var cmd tea.Cmd
	s.form, cmd = updateForm(s.form, msg)
	if s.form.State == huh.StateCompleted {
		return s, s.confirm()
	}
	return s, cmd
}

// confirm asks for the password; the enabling runs as the prompt's check,
// so a wrong password stays in the prompt while a wrong code comes back to
// the code field with the QR code unchanged.
func (s *twoFactorSetupScreen) confirm() tea.Cmd {
	s.err = ""
	b, code := s.c.b, s.code
	s.prompt = components.NewPasswordPrompt(setupPromptID, "Confirm with your password",
		"To turn on two-factor authentication, type your password.",
		func(pw string) error {
			codes, err := b.EnableTwoFactor(pw, code)
			if err != nil {
				return asCodeErr(err)
			}
			s.codes = codes
			return nil
		}, s.c.st)
	s.prompt.SetWidth(s.panelWidth())
	return s.prompt.Init()
}

// panelWidth is the width of the text beside (or under) the QR code.
func (s *twoFactorSetupScreen) panelWidth() int {
	if s.sideBySide() {
		return s.width - s.qr.width - 2
	}
	return min(s.width, 72)
}

// sideBySide reports whether the QR code and the panel fit next to each
// other; the panel needs 30 columns.
func (s *twoFactorSetupScreen) sideBySide() bool {
	return s.qr.width > 0 && s.width >= s.qr.width+2+30 && s.height >= s.qr.height()
}

func (s *twoFactorSetupScreen) View() string {
	st := s.c.st
	if s.reveal != nil {
		return s.reveal.View()
	}
	if s.loadErr != "" {
		return st.Title.Render(setupTitle) + "\n\n" + st.Error.Render(s.loadErr) + "\n\n" + st.Muted.Render("Press r to try again.")
	}
	if s.setup == nil {
		return st.Title.Render(setupTitle) + "\n\n" + s.spin.View() + " Preparing a new secret…"
	}
	panel := s.panelView()
	qr := strings.Join(s.qr.lines(s.c.isDark), "\n")
	if s.sideBySide() {
		return lipgloss.JoinHorizontal(lipgloss.Top, qr, "  ", panel)
	}
	if s.qr.width <= s.width && s.qr.height()+lipgloss.Height(panel) <= s.height {
		return qr + "\n" + panel
	}
	note := st.Warning.Render(fmt.Sprintf("%s (it needs %d×%d). Enlarge the window, or type the secret below into your app.", qrTooSmallText, s.qr.width+32, s.qr.height()+1))
	return note + "\n" + panel
}

func (s *twoFactorSetupScreen) panelView() string {
	st := s.c.st
	w := s.panelWidth()
	wrap := lipgloss.NewStyle().Width(w)
	var b strings.Builder
	b.WriteString(st.Title.Render(setupTitle) + "\n")
	if s.gate {
		b.WriteString(wrap.Render(st.Warning.Render(gateReason(s.c.me))) + "\n")
	}
	b.WriteString(wrap.Render("Scan the code with an authenticator app, or type the secret into it.") + "\n\n")
	b.WriteString(st.Muted.Render("Secret") + "\n" + wrap.Render(groupSecret(s.setup.Secret)) + "\n")
	b.WriteString(st.Muted.Render("URI") + "\n" + wrapHard(s.setup.URI, w) + "\n\n")
	if s.prompt != nil {
		b.WriteString(s.prompt.View())
		return b.String()
	}
	b.WriteString(s.form.View())
	if s.err != "" {
		b.WriteString("\n" + wrap.Render(st.Error.Render(s.err)))
	}
	return b.String()
}

// gateReason says why the user is held at the setup (R-2FA-7, R-2FA-8).
func gateReason(me *model.Actor) string {
	if me != nil && me.Account.Enforce2FA {
		return "Your account requires two-factor authentication. Set it up to go on, or press esc to sign out."
	}
	return "New users set up two-factor authentication first. Set it up to go on, or press esc to sign out."
}

// groupSecret writes a base32 secret in groups of four, to read aloud.
func groupSecret(secret string) string {
	var b strings.Builder
	for i, r := range secret {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// wrapHard breaks s every w cells: a URI has no spaces to wrap at.
func wrapHard(s string, w int) string {
	if w < 1 {
		return s
	}
	var lines []string
	r := []rune(s)
	for len(r) > w {
		lines = append(lines, string(r[:w]))
		r = r[w:]
	}
	return strings.Join(append(lines, string(r)), "\n")
}

// checkCodeShape checks what a code field holds before it is sent: six
// digits, where spaces and dashes are ignored (issue 3, bad input).
func checkCodeShape(v string) error {
	digits := 0
	for _, r := range v {
		switch {
		case r == ' ' || r == '-':
		case unicode.IsDigit(r) && r < 128:
			digits++
		default:
			return model.Errorf(model.EINVALID, "A code has digits only. Type the 6 digits your app shows.")
		}
	}
	if digits != model.TOTPDigits {
		return model.Errorf(model.EINVALID, "A code has 6 digits; this has %d. Type the code your app shows now.", digits)
	}
	return nil
}

// codeErr carries a refused code out of a password prompt: the prompt keeps
// itself open for EUNAUTHORIZED (a wrong password), but a wrong code has to
// go back to the code field.
type codeErr struct{ err error }

func (e codeErr) Error() string { return e.err.Error() }

func asCodeErr(err error) error {
	switch err {
	case model.ErrWrongSetupCode, model.ErrWrongCode, model.ErrCodeUsed, model.ErrNoTwoFactorSetup:
		return codeErr{err}
	}
	if model.ErrorCode(err) == model.EINVALID {
		return codeErr{err}
	}
	return err
}

func unwrapCodeErr(err error) error {
	if c, ok := err.(codeErr); ok {
		return c.err
	}
	return err
}
