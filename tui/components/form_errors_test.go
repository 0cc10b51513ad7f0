package components

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
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
