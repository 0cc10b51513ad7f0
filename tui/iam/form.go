package iam

import (
	"context"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// formSpec is what one of the section's forms asks and does: invite a user
// (R-USR-1), a new API key (R-TOK-1), add or generate an SSH key
// (R-SSH-1).
type formSpec struct {
	title, intro string
	// fields builds the form's fields over the screen's values; it is
	// called again for every attempt, so what was typed is kept.
	fields func() []huh.Field
	// submit takes a snapshot of the values typed: the work to do with
	// them, run in commands that never touch the screen.
	submit func() submission
	// refused, when set, sees every refusal before the form is built
	// again (to clear a private key pasted by mistake).
	refused func(err error)
	// changesSignIn says the change is to how the user signs in (a key
	// added, R-PWD-6): once it is done the console offers to close the
	// user's other sessions.
	changesSignIn string
}

// submission is a filled-in form's work: check, when set, runs without the
// password so that a mistake is said before it is asked for, and may hand
// back a review of what it found to show first; action runs behind the
// password prompt (R-PWD-4), and its Result.Value is the sentence the
// status line shows when it is done.
type submission struct {
	check  func(ctx context.Context, svc *model.Service) (*review, error)
	action components.Action
}

// review is what a check found in what was typed, shown before the
// password is asked for (a pasted GPG key's ID, fingerprint and user IDs,
// R-SSH-4): enter goes on to the password, esc back to the form with what
// was typed. The screen draws it; fields lays the values out for a width.
type review struct {
	title  string
	fields func(width int) [][2]string
	// question is asked under the fields; enter answers yes.
	question string
	// goes is the help of enter ("add this key").
	goes string
	// reason, when set, is the password prompt's line, naming what was
	// found: the prompt covers the review.
	reason string
}

// formCheckedMsg is the answer of a submission's check.
type formCheckedMsg struct {
	screen *formScreen
	review *review
	err    error
}

var formKeys = struct{ Cancel, Go, Change key.Binding }{
	Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	Go:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "go on")),
	Change: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "change it")),
}

// cancelledNote is said when the password prompt was left with esc.
const cancelledNote = "Cancelled: nothing was changed. Change what you typed, or press esc to leave."

// formScreen shows a formSpec in the shell's frame: the form, its check
// behind a spinner, then the password prompt that runs the action. Every
// refusal comes back here with the sentence and what was typed; a done
// action closes the screen (after the secret panel, for an action that
// made a secret) with its sentence in the status line.
type formScreen struct {
	env      *common.Env
	spec     formSpec
	id       string
	form     *components.Form
	spin     spinner.Model
	checking bool    // the check runs
	review   *review // what the check found, waiting for enter
	asking   bool    // the password prompt is open above
	pending  submission
	err      string
	note     string
	width    int
	height   int
}

func newFormScreen(env *common.Env, spec formSpec) *formScreen {
	s := &formScreen{env: env, spec: spec, id: "iam.form." + strconv.Itoa(env.NextSeq()), spin: components.NewSpinner()}
	s.build()
	return s
}

func (s *formScreen) build() {
	s.form = components.NewForm(s.env.IsDark, s.width, s.spec.fields()...)
	s.fit()
}

// fit gives the form the lines its title, intro and sentences leave, so
// that on a small terminal (60×16) it scrolls to the field being filled in
// instead of running off the screen; a field's error is drawn under the
// form, one blank line above it.
func (s *formScreen) fit() {
	if s.height <= 0 {
		return
	}
	w := components.FormWidth(s.width)
	used := 2 + common.Lines(common.Wrap(s.spec.intro, w)) + 1
	for _, text := range []string{s.err, s.note} {
		if text != "" {
			used += 1 + common.Lines(common.Wrap(text, w))
		}
	}
	s.form.Form = s.form.WithHeight(max(s.height-used, 4))
}

func (s *formScreen) Init() tea.Cmd   { return s.form.Init() }
func (s *formScreen) Title() string   { return s.spec.title }
func (s *formScreen) Capturing() bool { return true }
func (s *formScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.form.SetWidth(w)
	s.fit()
}

// Keys are the focused field's own keys and esc; enter and esc while a
// review waits.
func (s *formScreen) Keys() []key.Binding {
	switch {
	case s.checking || s.asking:
		return nil
	case s.review != nil:
		goes := formKeys.Go
		goes.SetHelp("enter", s.review.goes)
		return []key.Binding{goes, formKeys.Change}
	}
	return append(s.form.KeyBinds(), formKeys.Cancel)
}

func (s *formScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case formCheckedMsg:
		if msg.screen == s {
			return s, s.checked(msg.review, msg.err)
		}
		return s, nil
	case components.ActionDoneMsg:
		if msg.ID == s.id {
			return s, s.done(msg)
		}
		return s, nil
	case spinner.TickMsg:
		var cmd tea.Cmd
		if s.checking {
			s.spin, cmd = s.spin.Update(msg)
		}
		return s, cmd
	case tea.KeyPressMsg:
		if s.review != nil && !s.asking {
			return s, s.onReviewKey(msg)
		}
		if key.Matches(msg, formKeys.Cancel) {
			s.env.Nav.Close(s, "")
			return s, nil
		}
		s.err, s.note = "", "" // said once; the user is changing what was typed
	}
	if s.checking || s.asking {
		return s, nil // a filled-in form says so to every message
	}
	cmd, complete := s.form.Update(msg)
	if complete {
		return s, s.submit()
	}
	s.fit() // a field's error may have come or gone
	return s, cmd
}

// submit runs the check, or asks for the password at once.
func (s *formScreen) submit() tea.Cmd {
	s.pending, s.err, s.note = s.spec.submit(), "", ""
	s.pending.action.ID = s.id
	if s.pending.check == nil {
		return s.checked(nil, nil)
	}
	s.checking = true
	check, me := s.pending.check, s
	return tea.Batch(s.spin.Tick, s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		r, err := check(ctx, svc)
		return formCheckedMsg{me, r, err}
	}))
}

// checked shows what the check found, or asks for the password, or shows
// why not.
func (s *formScreen) checked(r *review, err error) tea.Cmd {
	s.checking = false
	switch {
	case err != nil:
		return s.again(err)
	case r != nil:
		s.review = r
		if r.reason != "" {
			s.pending.action.Reason = r.reason
		}
		return nil
	}
	return s.ask()
}

// ask opens the password prompt that runs the action.
func (s *formScreen) ask() tea.Cmd {
	s.asking = true
	components.RunWithPassword(s.env, s.pending.action)
	return nil
}

// onReviewKey goes on to the password, or back to the form as typed.
func (s *formScreen) onReviewKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, formKeys.Go):
		return s.ask()
	case key.Matches(msg, formKeys.Change):
		return s.again(nil)
	}
	return nil
}

// done closes the form with the action's sentence, or builds the form again
// with what was typed and why it was refused or that it was cancelled.
func (s *formScreen) done(msg components.ActionDoneMsg) tea.Cmd {
	s.asking = false
	switch {
	case msg.Cancelled:
		s.note = cancelledNote
		return s.again(nil)
	case msg.Err != nil:
		return s.again(msg.Err)
	}
	sentence, _ := msg.Result.Value.(string)
	s.review = nil
	s.env.Nav.Close(s, sentence)
	if s.spec.changesSignIn != "" {
		return components.OfferToCloseOtherSessions(s.env, s.spec.changesSignIn)
	}
	return nil
}

func (s *formScreen) again(err error) tea.Cmd {
	s.pending, s.review = submission{}, nil // it holds what was typed: keep no copy
	if err != nil {
		if s.spec.refused != nil {
			s.spec.refused(err)
		}
		s.err = common.ErrText(err)
	}
	s.build()
	return s.form.Init()
}

func (s *formScreen) View() string {
	st, w := s.env.Styles, components.FormWidth(s.width)
	var b strings.Builder
	if s.review != nil { // the intro is about typing: the review takes its room
		return st.Title.Render(common.Truncate(s.spec.title+": "+common.CleanLine(s.review.title), w)) + "\n\n" + s.reviewView(w)
	}
	b.WriteString(st.Title.Render(s.spec.title) + "\n")
	if s.spec.intro != "" {
		b.WriteString(st.Muted.Render(common.Wrap(s.spec.intro, w)) + "\n")
	}
	b.WriteString("\n")
	switch {
	case s.checking:
		b.WriteString(s.spin.View() + " Checking…")
	default:
		b.WriteString(strings.TrimRight(s.form.View(), "\n"))
	}
	if s.err != "" {
		b.WriteString("\n\n" + st.Error.Render(common.Wrap(s.err, w)))
	}
	if s.note != "" {
		b.WriteString("\n\n" + st.Warning.Render(common.Wrap(s.note, w)))
	}
	return b.String()
}

// reviewView draws what the check found and the question enter answers.
func (s *formScreen) reviewView(w int) string {
	return fieldLines(s.env.Styles, w, s.review.fields(w)) + "\n" + common.Wrap(s.review.question, w)
}
