package tui

import (
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// entryForm is what the entry screens (sign-in, sign-up, forgot password,
// invitation) share: their form, and one request at a time behind a
// spinner, while which input is dropped. Embedded, it gives them Init and
// SetSize.
type entryForm struct {
	form          *liveForm
	busy          bool
	spin          spinner.Model
	err           string
	width, height int
}

func newEntryForm() entryForm { return entryForm{spin: newSpinner()} }

func (f *entryForm) Init() tea.Cmd { return f.form.Init() }

func (f *entryForm) SetSize(w, h int) {
	f.width, f.height = w, h
	f.form.WithWidth(formWidth(w - 4))
}

// run starts work behind the spinner; the screen clears busy when work's
// message arrives.
func (f *entryForm) run(work func() tea.Msg) tea.Cmd {
	f.busy, f.err = true, ""
	return tea.Batch(f.spin.Tick, work)
}

// handle gives msg to the spinner or, unless a request is running, to the
// form; complete reports that the form was filled in.
func (f *entryForm) handle(msg tea.Msg) (cmd tea.Cmd, complete bool) {
	if t, ok := msg.(spinner.TickMsg); ok {
		f.spin, cmd = f.spin.Update(t)
		return cmd, false
	}
	if f.busy {
		return nil, false
	}
	f.form, cmd = updateForm(f.form, msg)
	return cmd, f.form.State == huh.StateCompleted
}
