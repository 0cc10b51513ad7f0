package tui

import (
	"reflect"
	"strings"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// liveForm is a huh form with a type-ahead buffer. huh moves between fields
// through a command, so keys that arrive in the same burst as the enter that
// leaves a field (a fast typist, a paste, a slow SSH link delivering several
// keys at once) would otherwise land in the field being left. liveForm holds
// such keys back until the form has handled the move, then replays them.
type liveForm struct {
	*huh.Form
	moving bool
	waited int // messages seen while moving; a safety valve
	queue  []tea.Msg
}

// isMove reports whether msg is huh's own (unexported) message that moves
// the focus between fields.
func isMove(msg tea.Msg) bool {
	t := reflect.TypeOf(msg)
	if t == nil || t.PkgPath() != "charm.land/huh/v2" {
		return false
	}
	return t.Name() == "nextFieldMsg" || t.Name() == "prevFieldMsg"
}

// newForm builds a huh form in acctl's theme. Forms are rebuilt for every
// attempt (a finished form ignores input); the values live in the screen
// and are handed back through Value pointers, so nothing typed is lost.
func newForm(isDark bool, width int, fields ...huh.Field) *liveForm {
	keys := huh.NewDefaultKeyMap()
	keys.Quit.SetEnabled(false) // esc and ctrl+c belong to the screen and the root
	f := huh.NewForm(huh.NewGroup(fields...)).
		WithTheme(huh.ThemeFunc(huh.ThemeCharm)).
		WithKeyMap(keys).
		WithShowHelp(false).
		WithWidth(formWidth(width))
	f.Update(tea.BackgroundColorMsg{Color: bgFor(isDark)})
	return &liveForm{Form: f}
}

// updateForm forwards msg to the form, holding keys back while the form
// moves between fields.
func updateForm(f *liveForm, msg tea.Msg) (*liveForm, tea.Cmd) {
	_, isKey := msg.(tea.KeyPressMsg)
	_, isPaste := msg.(tea.PasteMsg)
	if f.moving && (isKey || isPaste) {
		f.queue = append(f.queue, msg)
		return f, nil
	}
	cmd := f.forward(msg)
	if f.moving && !isKey && !isPaste {
		if f.waited++; !isMove(msg) && f.waited < 16 {
			return f, cmd
		}
		// The move has been handled: replay what was typed meanwhile.
		f.moving = false
		queued := f.queue
		f.queue = nil
		cmds := []tea.Cmd{cmd}
		for i, m := range queued {
			if f.moving {
				f.queue = append(f.queue, queued[i:]...)
				break
			}
			cmds = append(cmds, f.forward(m))
			if f.State != huh.StateNormal {
				break
			}
		}
		return f, tea.Batch(cmds...)
	}
	return f, cmd
}

// forward gives msg to the form; a key that leaves a field starts a move.
func (f *liveForm) forward(msg tea.Msg) tea.Cmd {
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

func newSpinner() spinner.Model {
	return spinner.New(spinner.WithSpinner(spinner.Dot))
}

// textInput is a single-line field; password fields hide what is typed.
func textInput(title string, value *string, validate func(string) error) *huh.Input {
	in := huh.NewInput().Title(title).Value(value).CharLimit(300)
	if validate != nil {
		in = in.Validate(validate)
	}
	return in
}

func passwordInput(title string, value *string) *huh.Input {
	return huh.NewInput().Title(title).Value(value).EchoMode(huh.EchoModePassword).CharLimit(1024)
}

// formWidth is the width forms get in an area w cells wide.
func formWidth(w int) int { return min(max(w, 30), 72) }

// newPasswordInputs are the "choose a password" pair of fields: the
// password, checked by policy as it is typed (R-PWD-1), and its repeat.
func newPasswordInputs(title, description string, password, repeat *string, policy func(string) error) (*huh.Input, *huh.Input) {
	first := passwordInput(title, password).Description(description).
		Validate(func(v string) error { return fieldErr(policy(v)) })
	again := passwordInput("Repeat the "+strings.ToLower(title[:1])+title[1:], repeat).Validate(func(v string) error {
		if v != *password {
			return errorString("The two passwords differ. Type the same password again.")
		}
		return nil
	})
	return first, again
}
