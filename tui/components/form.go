package components

import (
	"errors"
	"image/color"
	"reflect"
	"strings"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"acctl/tui/common"
)

// Form is a huh form with a type-ahead buffer. huh moves between fields
// through a command, so keys that arrive in the same burst as the enter
// that leaves a field (a fast typist, a paste, a slow SSH link delivering
// several keys at once) would otherwise land in the field being left. Form
// holds such keys back until the form has handled the move, then replays
// them.
type Form struct {
	*huh.Form
	errStyle lipgloss.Style // the theme's, for the fields' errors
	width    int
	moving   bool
	waited   int // messages seen while moving; a safety valve
	queue    []tea.Msg
}

// isMove reports whether msg is huh's own (unexported) message that moves
// the focus between fields.
func isMove(msg tea.Msg) bool {
	t := reflect.TypeOf(msg)
	if t == nil || t.PkgPath() != "charm.land/huh/v2" {
		return false
	}
	switch t.Name() {
	case "nextFieldMsg", "prevFieldMsg", "nextGroupMsg", "prevGroupMsg":
		return true
	}
	return false
}

// NewForm builds a form in acctl's theme. Forms are rebuilt for every
// attempt (a finished form ignores input); the values live in the screen
// and are handed back through Value pointers, so nothing typed is lost.
func NewForm(isDark bool, width int, fields ...huh.Field) *Form {
	return newForm(isDark, width, huh.NewDefaultKeyMap(), fields...)
}

func newForm(isDark bool, width int, keys *huh.KeyMap, fields ...huh.Field) *Form {
	keys.Quit.SetEnabled(false) // esc and ctrl+c belong to the screen and the root
	noEditor(keys, fields)
	group := huh.NewGroup(fields...).WithShowErrors(false) // View draws them
	f := huh.NewForm(group).
		WithTheme(huh.ThemeFunc(huh.ThemeCharm)).
		WithKeyMap(keys).
		WithShowHelp(false).
		WithWidth(FormWidth(width))
	f.Update(tea.BackgroundColorMsg{Color: Background(isDark)})
	return &Form{Form: f, errStyle: errStyle(isDark), width: FormWidth(width)}
}

// noEditor takes away the external editor of multi-line fields (huh opens
// $EDITOR on ctrl+e): over SSH it would run on the server, as the server's
// user, a shell away; locally it writes what was typed to a temporary
// file.
func noEditor(keys *huh.KeyMap, fields []huh.Field) {
	keys.Text.Editor.SetEnabled(false)
	for _, f := range fields {
		if t, ok := f.(*huh.Text); ok {
			t.ExternalEditor(false)
		}
	}
}

func errStyle(isDark bool) lipgloss.Style {
	return huh.ThemeCharm(isDark).Focused.ErrorMessage.UnsetString()
}

// View draws the form and its fields' errors, each wrapped under its own
// first line: huh wraps an error's second line back to column 0. The
// errors come right under the fields: a form given a height pads its view
// with blank lines, which would push them to the bottom of the area, or
// past it.
func (f *Form) View() string {
	v := f.Form.View()
	errs := f.Form.Errors()
	if len(errs) == 0 {
		return v
	}
	var b strings.Builder
	b.WriteString(trimBlankLines(v))
	for _, err := range errs {
		b.WriteString("\n" + f.errStyle.Render(" * "+common.Hanging(err.Error(), 3, f.width)))
	}
	return b.String()
}

// trimBlankLines drops the lines at the end of v that draw nothing.
func trimBlankLines(v string) string {
	v = strings.TrimRight(v, "\n")
	for {
		i := strings.LastIndexByte(v, '\n')
		if i < 0 || strings.TrimSpace(ansi.Strip(v[i+1:])) != "" {
			return v
		}
		v = v[:i]
	}
}

// Update forwards msg to the form, holding keys back while the form moves
// between fields. Done reports that the form was filled in.
func (f *Form) Update(msg tea.Msg) (cmd tea.Cmd, done bool) {
	_, isKey := msg.(tea.KeyPressMsg)
	_, isPaste := msg.(tea.PasteMsg)
	if f.moving && (isKey || isPaste) {
		f.queue = append(f.queue, msg)
		return nil, false
	}
	if bg, ok := msg.(tea.BackgroundColorMsg); ok {
		f.errStyle = errStyle(bg.IsDark())
	}
	before := f.GetFocusedField()
	cmd = f.forward(msg)
	if f.moving && !isKey && !isPaste {
		// Leaving the last field moves twice (to the field, then the
		// group): the keys wait until the form has completed.
		stayed := isMove(msg) && f.GetFocusedField() == before && f.State == huh.StateNormal
		if f.waited++; (!isMove(msg) || stayed) && f.waited < 16 {
			return cmd, f.State == huh.StateCompleted
		}
		cmd = tea.Batch(cmd, f.replay())
	}
	return cmd, f.State == huh.StateCompleted
}

// replay gives the form the keys typed while it moved. Keys typed after
// the enter that completed the form are kept for the screen (Leftover).
func (f *Form) replay() tea.Cmd {
	f.moving = false
	queued := f.queue
	f.queue = nil
	var cmds []tea.Cmd
	for i, m := range queued {
		if f.moving || f.State != huh.StateNormal {
			f.queue = append(f.queue, queued[i:]...)
			break
		}
		cmds = append(cmds, f.forward(m))
	}
	return tea.Batch(cmds...)
}

// Leftover returns the keys typed after the form was completed, for the
// screen to give to what comes next (SPEC §5: type-ahead reaches the new
// state, never nowhere).
func (f *Form) Leftover() []tea.Msg {
	if f.State == huh.StateNormal {
		return nil
	}
	q := f.queue
	f.queue = nil
	return q
}

// forward gives msg to the form; a key that leaves a field starts a move.
func (f *Form) forward(msg tea.Msg) tea.Cmd {
	next, cmd := f.Form.Update(msg)
	if nf, ok := next.(*huh.Form); ok {
		f.Form = nf
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && cmd != nil && f.State == huh.StateNormal {
		switch k.String() {
		case "enter", "tab", "shift+tab":
			f.moving, f.waited = true, 0
		}
	}
	return cmd
}

// SetWidth sets the width of the form's fields.
func (f *Form) SetWidth(w int) {
	f.width = FormWidth(w)
	f.Form = f.WithWidth(f.width)
}

// NewSpinner is the spinner every wait shows.
func NewSpinner() spinner.Model { return spinner.New(spinner.WithSpinner(spinner.Dot)) }

// TextInput is a one-line field checked by validate as it is left.
func TextInput(title string, value *string, validate func(string) error) *huh.Input {
	in := huh.NewInput().Title(title).Value(value).CharLimit(300)
	if validate != nil {
		in = in.Validate(validate)
	}
	return in
}

// PasswordInput is a field whose input is hidden.
func PasswordInput(title string, value *string) *huh.Input {
	return huh.NewInput().Title(title).Value(value).EchoMode(huh.EchoModePassword).CharLimit(1024)
}

// FormWidth is the width forms get in an area w cells wide.
func FormWidth(w int) int { return min(max(w, 30), 72) }

// NewPasswordInputs are the "choose a password" pair of fields: the
// password, checked by policy as it is typed (R-PWD-1), and its repeat.
func NewPasswordInputs(title, description string, password, repeat *string, policy func(string) error) (*huh.Input, *huh.Input) {
	first := PasswordInput(title, password).Description(description).
		Validate(func(v string) error { return FieldErr(policy(v)) })
	again := PasswordInput("Repeat the "+strings.ToLower(title[:1])+title[1:], repeat).Validate(func(v string) error {
		if v != *password {
			return errors.New("The two passwords differ. Type the same password again.")
		}
		return nil
	})
	return first, again
}

// FieldErr turns a model error into the sentence a form shows under a
// field.
func FieldErr(err error) error {
	if err == nil {
		return nil
	}
	return errors.New(common.ErrText(err))
}

// Check is a field validator from a model check that returns a value too
// (model.ValidateEmail and the like).
func Check[T any](check func(string) (T, error)) func(string) error {
	return func(v string) error {
		_, err := check(v)
		return FieldErr(err)
	}
}

// Background is a stand-in background colour that tells a huh form which
// theme to use before (or without) the terminal answering.
func Background(isDark bool) color.Color {
	if isDark {
		return color.Black
	}
	return color.White
}
