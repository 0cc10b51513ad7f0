package iam

import (
	"context"
	"strconv"

	"charm.land/bubbles/v2/key"
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

var formKeys = struct{ Go, Change key.Binding }{
	Go:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "go on")),
	Change: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "change it")),
}

// formScreen shows a formSpec in the shell's frame: the form, its check
// behind a spinner, then the password prompt that runs the action. Every
// refusal comes back here with the sentence and what was typed; a done
// action closes the screen (after the secret panel, for an action that
// made a secret) with its sentence in the status line.
type formScreen struct {
	components.FormPage
	spec    formSpec
	id      string
	review  *review // what the check found, waiting for enter
	asking  bool    // the password prompt is open above
	pending submission
}

func newFormScreen(env *common.Env, spec formSpec) *formScreen {
	s := &formScreen{spec: spec, id: "iam.form." + strconv.Itoa(env.NextSeq())}
	s.FormPage = components.NewFormPage(env, spec.title, spec.intro, spec.fields)
	return s
}

// Keys are the form's and esc; enter and esc while a review waits.
func (s *formScreen) Keys() []key.Binding {
	switch {
	case s.asking:
		return nil
	case s.review != nil:
		goes := formKeys.Go
		goes.SetHelp("enter", s.review.goes)
		return []key.Binding{goes, formKeys.Change}
	}
	return s.FormPage.Keys()
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
	case tea.KeyPressMsg:
		if s.review != nil && !s.asking {
			return s, s.onReviewKey(msg)
		}
	}
	if s.asking || s.review != nil {
		// A filled-in form says so to every message: only the review's
		// keys go on, or a stray message would submit it again and
		// replace what the review is about.
		return s, nil
	}
	cmd, complete := s.Take(s, msg)
	if complete {
		return s, s.submit()
	}
	return s, cmd
}

// submit runs the check, or asks for the password at once.
func (s *formScreen) submit() tea.Cmd {
	s.pending, s.Err, s.Note = s.spec.submit(), "", ""
	s.pending.action.ID = s.id
	if s.pending.check == nil {
		return s.checked(nil, nil)
	}
	check, me := s.pending.check, s
	return s.Run("Checking…", func(ctx context.Context, svc *model.Service) tea.Msg {
		r, err := check(ctx, svc)
		return formCheckedMsg{me, r, err}
	})
}

// checked shows what the check found, or asks for the password, or shows
// why not.
func (s *formScreen) checked(r *review, err error) tea.Cmd {
	s.Ready()
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
	components.RunWithPassword(s.Env, s.pending.action)
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
		s.Note = components.FormCancelled
		return s.again(nil)
	case msg.Err != nil:
		return s.again(msg.Err)
	}
	sentence, _ := msg.Result.Value.(string)
	s.review = nil
	s.Env.Nav.Close(s, sentence)
	if s.spec.changesSignIn != "" {
		return components.OfferToCloseOtherSessions(s.Env, s.spec.changesSignIn)
	}
	return nil
}

// again builds the form over what was typed, with err's sentence.
func (s *formScreen) again(err error) tea.Cmd {
	s.pending, s.review = submission{}, nil // it holds what was typed: keep no copy
	if err != nil && s.spec.refused != nil {
		s.spec.refused(err)
	}
	return s.Refused(err)
}

func (s *formScreen) View() string {
	if s.review == nil {
		return s.FormPage.View()
	}
	// The intro is about typing: the review takes its room.
	st, w := s.Env.Styles, components.FormWidth(s.Width())
	return st.Title.Render(common.Truncate(s.spec.title+": "+common.CleanLine(s.review.title), w)) + "\n\n" +
		fieldLines(st, w, s.review.fields(w)) + "\n" + common.Wrap(s.review.question, w)
}
