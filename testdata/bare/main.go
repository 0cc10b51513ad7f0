// Command bare is the baseline of acctl's start-up benchmark: a Bubble Tea
// v2 program that draws a sign-in form's words and nothing else, so that
// the benchmark can tell what acctl adds to what any such program costs.
package main

import (
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
)

type form struct{}

func (form) Init() tea.Cmd { return nil }

func (f form) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && (k.String() == "ctrl+c" || k.String() == "enter") {
		return f, tea.Quit
	}
	return f, nil
}

func (form) View() tea.View {
	return tea.NewView("\n  acctl — sign in\n\n    Email\n    > \n\n    Password\n    > \n")
}

func main() {
	if _, err := tea.NewProgram(form{}).Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
