package profile

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

const enableID = "twofactor.enable"

// Texts tests look for.
const (
	setupTitle     = "Set up two-factor authentication"
	qrTooSmallText = "This terminal is too small for the QR code"
	// codeChangedText explains a code that passed its check but not the
	// enabling: its 30 seconds ran out while the password was typed.
	codeChangedText = "Your app has shown a new code since: type the code it shows now, then your password again."
)

type (
	setupBegunMsg struct {
		screen *Setup
		setup  *model.TwoFactorSetup
		err    error
	}
	codeCheckedMsg struct {
		screen *Setup
		err    error
	}
)

var setupKeys = struct{ Check, Cancel, SignOut, Retry key.Binding }{
	Check:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "check the code")),
	Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	SignOut: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "sign out")),
	Retry:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "try again")),
}

// Setup turns 2FA on (R-2FA-1, R-2FA-2): the QR code of the otpauth:// URI
// on the left, the URI and the secret grouped for reading on the right,
// and a field for the app's code. The code is checked, shape and value,
// before the password is asked (R-PWD-4); then the ten recovery codes are
// shown once (R-2FA-4). It takes the whole terminal so that the QR code
// fits 80×24; a smaller terminal is told so and still gets the URI and
// the secret.
//
// As the gate of R-2FA-7/8 it is the only screen a user held there has:
// esc signs out, and once the codes are stored the menu opens.
type Setup struct {
	env  *common.Env
	gate bool

	setup   *model.TwoFactorSetup
	qr      components.QRCode
	loadErr string

	code     string
	form     *components.Form
	checking bool
	asking   bool // the password prompt is open
	err      string
	spin     spinner.Model

	width, height int
}

// NewGate is the 2FA setup a user must finish before anything else
// (R-2FA-7, R-2FA-8).
func NewGate(env *common.Env) common.Screen { return newSetup(env, true) }

func newSetup(env *common.Env, gate bool) *Setup {
	s := &Setup{env: env, gate: gate, spin: components.NewSpinner()}
	s.build()
	return s
}

// build makes the code field over the typed code.
func (s *Setup) build() tea.Cmd {
	s.form = components.NewForm(s.env.IsDark, s.panelWidth(),
		components.TextInput("Code from your app", &s.code, components.Check(model.ValidateTOTPCode)).Placeholder("123 456"))
	return s.form.Init()
}

func (s *Setup) Init() tea.Cmd { return tea.Batch(s.spin.Tick, s.form.Init(), s.begin()) }

func (s *Setup) begin() tea.Cmd {
	me := s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		setup, err := svc.BeginTwoFactorSetup(ctx)
		return setupBegunMsg{me, setup, err}
	})
}

func (s *Setup) Title() string       { return "Two-factor setup" }
func (s *Setup) Layer() common.Layer { return common.Full }
func (s *Setup) Capturing() bool     { return true }
func (s *Setup) SetSize(w, h int) {
	s.width, s.height = w, h
	s.form.SetWidth(s.panelWidth())
}

// Keys are enter to check the code, r after a failed start, and esc: back,
// or at the gate, sign out.
func (s *Setup) Keys() []key.Binding {
	leave := setupKeys.Cancel
	if s.gate {
		leave = setupKeys.SignOut
	}
	switch {
	case s.loadErr != "":
		return []key.Binding{setupKeys.Retry, leave}
	case s.setup == nil || s.checking:
		return []key.Binding{leave}
	}
	return []key.Binding{setupKeys.Check, leave}
}

func (s *Setup) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case setupBegunMsg:
		if msg.screen == s {
			s.begun(msg.setup, msg.err)
		}
		return s, nil
	case codeCheckedMsg:
		if msg.screen == s {
			return s, s.checked(msg.err)
		}
		return s, nil
	case components.ActionDoneMsg:
		if msg.ID == enableID {
			return s, s.enabled(msg)
		}
		return s, nil
	case spinner.TickMsg:
		var cmd tea.Cmd
		if s.checking || (s.setup == nil && s.loadErr == "") {
			s.spin, cmd = s.spin.Update(msg)
		}
		return s, cmd
	case tea.KeyPressMsg:
		if cmd, ok := s.onKey(msg); ok {
			return s, cmd
		}
	}
	if s.checking || s.asking {
		return s, nil // a finished form reports itself finished again
	}
	typed := s.code
	cmd, complete := s.form.Update(msg)
	if s.code != typed {
		s.err = "" // it was about the code as it was
	}
	if complete {
		return s, s.check()
	}
	return s, cmd
}

// onKey handles esc and r; it swallows keys while there is no field to
// type in.
func (s *Setup) onKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, setupKeys.Cancel) && s.gate:
		return common.Emit(common.SignOutMsg{}), true
	case key.Matches(msg, setupKeys.Cancel):
		s.env.Nav.Close(s, "")
		return nil, true
	case s.loadErr != "" && key.Matches(msg, setupKeys.Retry):
		s.loadErr = ""
		return tea.Batch(s.spin.Tick, s.begin()), true
	}
	return nil, s.setup == nil || s.loadErr != "" || s.checking || s.asking
}

func (s *Setup) begun(setup *model.TwoFactorSetup, err error) {
	if err != nil {
		s.loadErr = common.ErrText(err)
		return
	}
	s.setup, s.loadErr = setup, ""
	s.qr = components.NewQRCode(setup.URI)
	s.form.SetWidth(s.panelWidth())
}

// check checks the typed code against the new secret before any password.
func (s *Setup) check() tea.Cmd {
	s.checking, s.err = true, ""
	code, me := s.code, s
	return tea.Batch(s.spin.Tick, s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		return codeCheckedMsg{me, svc.CheckTwoFactorSetupCode(ctx, code)}
	}))
}

// checked asks for the password once the code is right; a wrong code
// comes back to the field as typed.
func (s *Setup) checked(err error) tea.Cmd {
	s.checking = false
	if err != nil {
		s.err = common.ErrText(err)
		return s.build()
	}
	code := s.code
	s.asking = true
	components.RunWithPassword(s.env, components.Action{
		ID:     enableID,
		Reason: "The code is right. To turn on two-factor authentication, type your password.",
		Run: func(ctx context.Context, svc *model.Service, password string) (components.Result, error) {
			codes, err := svc.EnableTwoFactor(ctx, password, code)
			if err == model.ErrWrongSetupCode { // right a moment ago
				return components.Result{}, &model.Error{Code: model.EINVALID, Message: codeChangedText}
			}
			if err != nil {
				return components.Result{}, codeRefused(err)
			}
			return components.Result{Secret: recoverySecret(codes)}, nil
		},
	})
	return nil
}

// enabled goes on once the codes are stored: back to Profile, or from the
// gate to the menu, which the reloaded user opens up.
func (s *Setup) enabled(msg components.ActionDoneMsg) tea.Cmd {
	s.asking = false
	switch {
	case msg.Cancelled:
		return s.build()
	case msg.Err != nil:
		s.err = common.ErrText(msg.Err)
		return s.build()
	case !s.gate:
		s.env.Nav.Close(s, TwoFactorOnText)
		return tea.Batch(common.Emit(common.MeChangedMsg{}),
			components.OfferToCloseOtherSessions(s.env, "Two-factor authentication is on")) // R-PWD-6
	}
	s.env.Flash(TwoFactorOnText)
	if s.env.Me.MustEnable2FA {
		// The root has not read the user again yet: reading it lifts
		// the gate and opens the menu.
		return common.Emit(common.MeChangedMsg{})
	}
	return common.Emit(common.OpenMenuMsg{})
}

// sideBySide reports whether the QR code and a panel of 30 columns fit
// next to each other.
func (s *Setup) sideBySide() bool {
	return s.qr.Width > 0 && s.width >= s.qr.Width+2+30 && s.height >= s.qr.Height()
}

// panelWidth is the width of the text beside (or under) the QR code.
func (s *Setup) panelWidth() int {
	if s.sideBySide() {
		return s.width - s.qr.Width - 2
	}
	return max(min(s.width, 76), 20)
}

// View draws the QR code and the panel side by side, or the panel under
// the code, or, on a terminal too small for the code, says so above the
// panel, which still has the URI and the secret.
func (s *Setup) View() string {
	st := s.env.Styles
	switch {
	case s.loadErr != "":
		return st.Title.Render(setupTitle) + "\n\n" + st.Error.Render(common.Wrap(s.loadErr, s.width)) + "\n\n" +
			st.Muted.Render("Press r to try again.")
	case s.setup == nil:
		return st.Title.Render(setupTitle) + "\n\n" + s.spin.View() + " Preparing a new secret…"
	}
	qr := strings.Join(s.qr.Lines(s.env.IsDark), "\n")
	if s.sideBySide() {
		return lipgloss.JoinHorizontal(lipgloss.Top, qr, "  ", s.panel(s.height))
	}
	if s.qr.Width <= s.width {
		if panel := s.panel(s.height - s.qr.Height()); s.qr.Height()+common.Lines(panel) <= s.height {
			return qr + "\n" + panel
		}
	}
	note := fmt.Sprintf("%s (it needs %d×%d). Enlarge the window, or type the secret into your app.", qrTooSmallText, s.qr.Width+32, s.qr.Height()+1)
	note = st.Warning.Render(common.Wrap(note, s.panelWidth()))
	return note + "\n" + s.panel(s.height-common.Lines(note))
}

// panel is the text beside the code in at most h lines when it can be:
// the hint, the gaps, then the gate's reason are left out when the lines
// are short.
func (s *Setup) panel(h int) string {
	st, w := s.env.Styles, s.panelWidth()
	title := st.Title.Render(common.Truncate(setupTitle, w))
	head := title
	if s.gate {
		head += "\n" + st.Warning.Render(common.Wrap(s.gateReason(), w))
	}
	hint := common.Wrap("Scan the QR code with an authenticator app, or type the secret into it.", w)
	secret := st.Muted.Render("Secret") + "\n" + common.Wrap(groupSecret(common.CleanLine(s.setup.Secret)), w) + "\n" +
		st.Muted.Render("URI") + "\n" + hardWrap(common.CleanLine(s.setup.URI), w)
	if s.asking { // under the password prompt, which bits of them would show beside
		secret = st.Muted.Render(common.Wrap("The code is right: confirm with your password.", w))
	}
	form := strings.TrimRight(s.form.View(), "\n")
	if s.checking {
		form = s.spin.View() + " Checking the code…"
	}
	if s.err != "" {
		form += "\n" + st.Error.Render(common.Wrap(s.err, w))
	}
	for _, parts := range [][]string{
		{head, hint, "", secret, "", form},
		{head, secret, "", form},
		{head, secret, form},
		{title, secret, form}, // the footer still says esc signs out
	} {
		panel := strings.Join(parts, "\n")
		if common.Lines(panel) <= h {
			return panel
		}
	}
	return title + "\n" + secret + "\n" + form
}

// gateReason says why the user is held at the setup (R-2FA-7, R-2FA-8).
func (s *Setup) gateReason() string {
	if s.env.Me != nil && s.env.Me.Account.Enforce2FA {
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

// hardWrap breaks s every w cells: a URI has no spaces to wrap at.
func hardWrap(s string, w int) string {
	r := []rune(s)
	var lines []string
	for w > 0 && len(r) > w {
		lines = append(lines, string(r[:w]))
		r = r[w:]
	}
	return strings.Join(append(lines, string(r)), "\n")
}
