// Package entry holds the screens before the shell: sign-in with its code
// step (R-PWD-5, R-2FA-5, R-2FA-9), sign-up of the first owner (R-ACC-3),
// forgot password (R-PWD-3), accepting an invitation (R-USR-1), the note
// that an SSH visitor cannot sign up (R-SRV-4), and the lock screen
// (R-SES-1). Each draws the whole terminal; the root draws their keys.
package entry

import (
	"errors"
	"regexp"
	"strings"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// form is what the entry screens share: their form, one request at a time
// behind a spinner (input is dropped meanwhile), the last refusal, and the
// R-PWD-5 wait it may carry.
type form struct {
	env     *common.Env
	form    *components.Form
	busy    bool
	spin    spinner.Model
	err     string
	retryAt time.Time
	width   int
	height  int
}

func newForm(env *common.Env) form { return form{env: env, spin: components.NewSpinner()} }

func (f *form) Init() tea.Cmd       { return f.form.Init() }
func (f *form) Layer() common.Layer { return common.Full }
func (f *form) Capturing() bool     { return true }

func (f *form) SetSize(w, h int) {
	f.width, f.height = w, h
	f.form.SetWidth(f.textWidth())
}

// textWidth is the width of text inside the screen's padding.
func (f *form) textWidth() int { return max(min(f.width-4, 76), 20) }

// run starts work behind the spinner; the screen calls done when its
// answer arrives.
func (f *form) run(work tea.Cmd) tea.Cmd {
	f.busy, f.err, f.retryAt = true, "", time.Time{}
	return tea.Batch(f.spin.Tick, work)
}

// done ends the work with its refusal, if any.
func (f *form) done(err error) {
	f.busy, f.err, f.retryAt = false, "", time.Time{}
	if err == nil {
		return
	}
	f.err = common.ErrText(err)
	var e *model.Error
	if model.ErrorCode(err) == model.ELOCKED && asError(err, &e) && e.RetryAt > 0 {
		f.retryAt = time.Unix(0, e.RetryAt).UTC()
	}
}

// handle gives msg to the spinner or, unless work runs, to the form;
// complete reports that the form was filled in.
func (f *form) handle(msg tea.Msg) (cmd tea.Cmd, complete bool) {
	if t, ok := msg.(spinner.TickMsg); ok {
		if f.busy {
			f.spin, cmd = f.spin.Update(t)
		}
		return cmd, false
	}
	if f.busy {
		return nil, false
	}
	if edits(msg) && f.retryAt.IsZero() {
		f.err = "" // it was about what was typed before; a wait stays until it ends
	}
	return f.form.Update(msg)
}

// edits reports input that changes what the form holds.
func edits(msg tea.Msg) bool {
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg:
		return true
	}
	return false
}

// errView is the last refusal. A refusal that carries a wait (R-PWD-5's
// after failed attempts, a code asked for too soon) is one live line: the
// model's own sentence with the time left counting down, then a line that
// says the wait is over — never a second line beside it, never a stale one.
func (f *form) errView() string {
	st, w := f.env.Styles, f.textWidth()
	switch {
	case f.err == "":
		return ""
	case f.retryAt.IsZero():
		return st.Error.Render(common.Wrap(f.err, w))
	}
	left := f.retryAt.Sub(f.env.Now())
	if left <= 0 {
		return st.Success.Render(common.Wrap("The wait is over: you can try again.", w))
	}
	return st.Error.Render(common.Wrap(liveWait(f.err, left), w))
}

// waitFor finds the time left in the model's waits: "… Wait 2 minutes:
// you can try again at 09:12:00 UTC." (model's lockedError and its send
// limits).
var waitFor = regexp.MustCompile(`\bWait [^:.]+:`)

// liveWait is sentence with its time left replaced by left, in whole
// seconds rounded up (never "0 seconds", never "60 seconds").
func liveWait(sentence string, left time.Duration) string {
	left = (left + time.Second - 1).Truncate(time.Second)
	return waitFor.ReplaceAllLiteralString(sentence, "Wait "+model.HumanDuration(left)+":")
}

// page draws a titled page: title, intro, then the parts, with padding.
func (f *form) page(title, intro string, parts ...string) string {
	st, w := f.env.Styles, f.textWidth()
	var b strings.Builder
	b.WriteString(st.Title.Render(title) + "\n")
	if intro != "" {
		b.WriteString(st.Muted.Render(common.Wrap(intro, w)) + "\n")
	}
	for _, p := range parts {
		if p != "" {
			b.WriteString("\n" + p + "\n")
		}
	}
	return lipgloss.NewStyle().Padding(1, 2, 0, 2).Render(strings.TrimRight(b.String(), "\n"))
}

// body is the form, or the spinner with what is being done.
func (f *form) body(doing string) string {
	if f.busy {
		return f.spin.View() + " " + doing
	}
	return f.form.View()
}

// fieldCheck is a field's validator from a model check of its shape.
func fieldCheck(check func(string) error) func(string) error {
	return func(v string) error { return components.FieldErr(check(v)) }
}

func asError(err error, target **model.Error) bool { return errors.As(err, target) }
