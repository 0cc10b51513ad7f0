package components

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"
)

func keyPress(k string) tea.KeyPressMsg {
	if k == "enter" {
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	}
	return tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
}

// A field's error that wraps keeps its second line under its first, not
// at column 0 (issue 9).
func TestFormErrorsWrapUnderThemselves(t *testing.T) {
	var v string
	f := NewForm(true, 40, TextInput("Code", &v, func(string) error {
		return errors.New("A code has only digits: type the 6 digits that your authenticator app shows.")
	}))
	f.Init()
	f.Update(keyPress("x"))
	f.Update(keyPress("enter"))
	view := ansi.Strip(f.View())
	lines := strings.Split(view, "\n")
	at := -1
	for i, l := range lines {
		if strings.Contains(l, "* A code has only digits") {
			at = i
		}
	}
	if at < 0 || at == len(lines)-1 {
		t.Fatalf("no wrapped error in\n%s", view)
	}
	if !strings.HasPrefix(lines[at+1], "   ") || strings.TrimSpace(lines[at+1]) == "" {
		t.Fatalf("the error's second line starts at column %d:\n%s", len(lines[at+1])-len(strings.TrimLeft(lines[at+1], " ")), view)
	}
}

// A form given a height pads its view with blank lines; a field's error
// comes right under the fields all the same, not below the padding, where
// the area may end before it.
func TestFormErrorsComeUnderTheFields(t *testing.T) {
	var v string
	f := NewForm(true, 60, TextInput("Server", &v, func(string) error {
		return errors.New("That is not a host name.")
	}))
	f.Form = f.WithHeight(20)
	f.Init()
	f.Update(keyPress("x"))
	f.Update(keyPress("enter"))
	lines := strings.Split(ansi.Strip(f.View()), "\n")
	field, errAt := -1, -1
	for i, l := range lines {
		switch {
		case strings.Contains(l, "> x"):
			field = i
		case strings.Contains(l, "* That is not a host name."):
			errAt = i
		}
	}
	if field < 0 || errAt < 0 || errAt-field > 2 {
		t.Fatalf("the error is on line %d, the field on line %d:\n%s", errAt, field, strings.Join(lines, "\n"))
	}
}

// A multi-line field never opens an external editor (ctrl+e): over SSH it
// would run on the server.
func TestFormOpensNoEditor(t *testing.T) {
	var v string
	f := NewForm(true, 60, huh.NewText().Title("Public key").Value(&v))
	f.Init()
	for _, b := range f.KeyBinds() {
		if b.Enabled() && b.Help().Desc == "open editor" {
			t.Fatalf("the form offers %q", b.Help().Key+" "+b.Help().Desc)
		}
	}
	cmd, _ := f.Update(tea.KeyPressMsg{Code: 'e', Mod: tea.ModCtrl})
	if runsProgram(cmd) {
		t.Fatal("ctrl+e runs a program")
	}
}

// runsProgram reports whether cmd, or a command it batches, asks Bubble
// Tea to run a program (its unexported execMsg).
func runsProgram(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			if runsProgram(c) {
				return true
			}
		}
		return false
	default:
		return fmt.Sprintf("%T", msg) == "tea.execMsg"
	}
}
