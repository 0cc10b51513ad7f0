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
	"charm.land/huh/v2"
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
	fields  []huh.Field
	busy    bool
	spin    spinner.Model
	err     string
	retryAt time.Time
	width   int
	height  int
}

func newForm(env *common.Env) form { return form{env: env, spin: components.NewSpinner()} }

// setFields builds the form anew with fields; the values live in the
// screen, so nothing typed is lost.
func (f *form) setFields(fields ...huh.Field) {
	f.fields = fields
	f.form = components.NewForm(f.env.IsDark, f.textWidth(), fields...)
}

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
	if edits(msg) && !f.env.Now().Before(f.retryAt) {
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

// page draws a titled page: the title and intro, the parts before the
// form, the form (or the spinner while work runs), the parts after it,
// with a blank line between them. When they do not fit, the form gets the
// rows the rest leaves, and huh scrolls its fields to keep the focused one
// on screen; if even that does not fit, the intro and then the parts
// before the form go: the focused field and the refusals after it stay
// (SPEC §5: every form fits, down to 60×16).
func (f *form) page(title, intro, doing string, before []string, after ...string) string {
	st, w := f.env.Styles, f.textWidth()
	head := st.Title.Render(title)
	render := func(body string) string {
		blocks := []string{head}
		for _, p := range append(append(append([]string{}, before...), body), after...) {
			if p != "" {
				blocks = append(blocks, p)
			}
		}
		return lipgloss.NewStyle().Padding(1, 2, 0, 2).Render(strings.Join(blocks, "\n\n"))
	}
	if intro != "" {
		head += "\n" + st.Muted.Render(common.Wrap(intro, w))
	}
	if f.busy {
		return render(f.spin.View() + " " + doing)
	}
	natural, focused := f.formHeights()
	for step := 0; ; step++ {
		f.form.WithHeight(natural)
		over := lipgloss.Height(render(f.form.View())) - f.height
		switch {
		case over <= 0:
			return render(f.form.View())
		case natural-over >= focused || step == 2:
			// The form's errors and its trimmed padding do not shrink with
			// its height: take rows away until the page fits.
			for h := max(natural-over, focused); ; h-- {
				f.form.WithHeight(h)
				if v := render(f.form.View()); lipgloss.Height(v) <= f.height || h <= focused {
					return v
				}
			}
		case step == 0:
			head = st.Title.Render(title)
		case step == 1:
			before = nil
		}
	}
}

// formHeights are the rows the form's fields take, and the rows of the
// focused one.
func (f *form) formHeights() (natural, focused int) {
	for i, fl := range f.fields {
		if i > 0 {
			natural++ // the blank line between fields
		}
		natural += lipgloss.Height(fl.View())
	}
	if fl := f.form.GetFocusedField(); fl != nil {
		focused = lipgloss.Height(fl.View())
	}
	return max(natural, 1), max(focused, 1)
}

// fieldCheck is a field's validator from a model check of its shape.
func fieldCheck(check func(string) error) func(string) error {
	return func(v string) error { return components.FieldErr(check(v)) }
}

func asError(err error, target **model.Error) bool { return errors.As(err, target) }
