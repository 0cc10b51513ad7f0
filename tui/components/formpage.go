package components

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/common"
)

// FormKeys are a form page's own keys.
var FormKeys = struct{ Cancel key.Binding }{
	Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
}

// FormPage is what every form screen shares: a title and an intro, a form
// over values that live in the screen (so that a form built again keeps
// what was typed), one request at a time behind a spinner, and the last
// refusal and a note under the form. A screen embeds it and adds what it
// does with the values; Step is the whole of a one-step form's Update.
type FormPage struct {
	Env *common.Env
	// Intro is drawn under the title; a screen of several steps changes it
	// before it builds the next step.
	Intro string
	// Form is the form being filled in; Build makes a new one.
	Form *Form
	// Err is the last refusal, drawn under the form until a key is typed;
	// Note is a warning drawn under it (what was cleared, what was
	// cancelled).
	Err, Note string
	// Extra are the screen's own keys, shown after the form's.
	Extra []key.Binding

	title  string
	fields func() []huh.Field
	spin   spinner.Model
	busy   bool
	asking bool // the password prompt the page opened is up
	doing  string
	// cancel ends the running request's context; cancelling says esc
	// did, and the answer is awaited.
	cancel     context.CancelFunc
	cancelling bool
	width      int
	height     int
}

// NewFormPage builds a page whose form has fields, built again over the
// same values for every attempt.
func NewFormPage(env *common.Env, title, intro string, fields func() []huh.Field) FormPage {
	p := FormPage{Env: env, title: title, Intro: intro, fields: fields, spin: NewSpinner()}
	p.Build()
	return p
}

// Build makes a new form over the screen's values.
func (p *FormPage) Build() tea.Cmd {
	p.Form = NewForm(p.Env.IsDark, p.width, p.fields()...)
	p.Fit()
	return p.Form.Init()
}

// Fit gives the form the lines the title, the intro and the sentences
// leave, so that on a small terminal (60×16) it scrolls to the field being
// filled in instead of running off the screen. Call it after changing Err
// or Note.
func (p *FormPage) Fit() {
	if p.height <= 0 {
		return
	}
	w := FormWidth(p.width)
	used := 2 + common.Lines(p.introText())
	for _, text := range []string{p.Err, p.Note} {
		if text != "" {
			used += 1 + common.Lines(common.Wrap(text, w))
		}
	}
	for _, err := range p.Form.Errors() { // drawn under the fields
		used += common.Lines(common.Hanging(err.Error(), 3, w))
	}
	p.Form.Form = p.Form.WithHeight(max(p.height-used, 4))
}

// minFormLines is the room a form needs; on a shorter area the intro is
// left out, so that the fields show.
const minFormLines = 10

// introText is the intro wrapped to the form's width, or nothing when the
// area is too short for it and the form.
func (p *FormPage) introText() string {
	if p.Intro == "" {
		return ""
	}
	intro := common.Wrap(p.Intro, FormWidth(p.width))
	if p.height > 0 && p.height-2-common.Lines(intro) < minFormLines {
		return ""
	}
	return intro
}

func (p *FormPage) Init() tea.Cmd   { return p.Form.Init() }
func (p *FormPage) Title() string   { return p.title }
func (p *FormPage) Capturing() bool { return true }
func (p *FormPage) SetSize(w, h int) {
	p.width, p.height = w, h
	p.Form.SetWidth(w)
	p.Fit()
}

// Width is the page's width.
func (p *FormPage) Width() int { return p.width }

// Keys are the focused field's own keys and esc; while a request runs,
// esc to cancel it (ctrl+c still quits).
func (p *FormPage) Keys() []key.Binding {
	switch {
	case p.busy && !p.cancelling:
		return []key.Binding{FormKeys.Cancel}
	case p.busy || p.asking:
		return nil
	}
	keys := append(p.Form.KeyBinds(), p.Extra...)
	return append(keys, FormKeys.Cancel)
}

// Busy says a request runs.
func (p *FormPage) Busy() bool { return p.busy }

// Asking says the password prompt the page opened is up.
func (p *FormPage) Asking() bool { return p.asking }

// Handle gives msg to the spinner, and, unless a request runs, to the form;
// complete reports that the form was filled in. The screen handles esc.
func (p *FormPage) Handle(msg tea.Msg) (cmd tea.Cmd, complete bool) {
	switch msg.(type) {
	case spinner.TickMsg:
		if p.busy {
			p.spin, cmd = p.spin.Update(msg)
		}
		return cmd, false
	case tea.KeyPressMsg:
		p.Err, p.Note = "", "" // said once; the user is changing what was typed
	}
	if p.busy || p.asking {
		return nil, false // a filled-in form says so to every message
	}
	cmd, complete = p.Form.Update(msg)
	p.Fit() // a field's error may have come or gone
	return cmd, complete
}

// formAnsweredMsg is the answer to a page's request (Send).
type formAnsweredMsg struct {
	page *FormPage
	err  error
}

// Send runs work behind the spinner; Step takes its answer.
func (p *FormPage) Send(doing string, work func(ctx context.Context, svc *model.Service) error) tea.Cmd {
	me := p
	return p.Run(doing, func(ctx context.Context, svc *model.Service) tea.Msg {
		return formAnsweredMsg{me, work(ctx, svc)}
	})
}

// Step is what a form of one step does with msg: esc closes self unless a
// request runs; a filled-in form runs submit (which Sends); the answer of
// the request shows its refusal with what was typed, or runs done.
func (p *FormPage) Step(self common.Screen, msg tea.Msg, submit, done func() tea.Cmd) tea.Cmd {
	if msg, ok := msg.(formAnsweredMsg); ok {
		switch {
		case msg.page != p:
			return nil
		case msg.err != nil:
			return p.Refused(msg.err)
		}
		p.busy = false
		return done()
	}
	cmd, complete := p.Take(self, msg)
	if !complete {
		return cmd
	}
	return submit()
}

// Take is Handle after esc, which closes self, or cancels the request
// that runs: a change it had not committed is not made.
func (p *FormPage) Take(self common.Screen, msg tea.Msg) (cmd tea.Cmd, complete bool) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, FormKeys.Cancel) {
		switch {
		case !p.busy:
			p.Env.Nav.Close(self, "")
		case !p.cancelling:
			p.cancelling, p.doing = true, "Cancelling…"
			p.cancel()
		}
		return nil, false
	}
	return p.Handle(msg)
}

// Ask opens the password prompt that runs a (R-PWD-4); the form waits for
// its answer, which Confirmed takes.
func (p *FormPage) Ask(a Action) {
	p.asking, p.Err = true, ""
	RunWithPassword(p.Env, a)
}

// Confirmed answers the password prompt the page opened: a cancel or a
// refusal goes back to the form with what was typed; a success goes to ok.
func (p *FormPage) Confirmed(msg ActionDoneMsg, ok func(Result) tea.Cmd) tea.Cmd {
	p.asking = false
	switch {
	case msg.Cancelled:
		return p.Refused(nil)
	case msg.Err != nil:
		return p.Refused(msg.Err)
	}
	return ok(msg.Result)
}

// Run starts a request behind the spinner, saying what it does, under a
// context esc cancels; work runs off the update loop and its message is
// the answer.
func (p *FormPage) Run(doing string, work func(ctx context.Context, svc *model.Service) tea.Msg) tea.Cmd {
	p.busy, p.doing, p.Err, p.cancelling = true, doing, "", false
	ctx, cancel := context.WithCancel(p.Env.Ctx)
	p.cancel = cancel
	svc := p.Env.Svc
	return tea.Batch(p.spin.Tick, func() tea.Msg {
		defer cancel()
		return work(ctx, svc)
	})
}

// Ready ends the request: the form takes keys again.
func (p *FormPage) Ready() { p.busy = false }

// FormCancelled is said when a request or the password prompt was left
// with esc before the change was made.
const FormCancelled = "Cancelled: nothing was changed. Change what you typed, or press esc to leave."

// SetRefusal shows err as the request's refusal: its sentence, or, for a
// request esc cancelled, that nothing was changed.
func (p *FormPage) SetRefusal(err error) {
	p.Err = ""
	switch {
	case err != nil && p.cancelling:
		p.Note = FormCancelled
	case err != nil:
		p.Err = common.ErrText(err)
	}
	p.cancelling = false
}

// Refused ends a request with err's sentence (none for nil) and a new form
// over what was typed.
func (p *FormPage) Refused(err error) tea.Cmd {
	p.busy = false
	p.SetRefusal(err)
	return p.Build()
}

// View draws the title, the intro, the form (or the spinner), the last
// refusal and the note, each wrapped to the form's width.
func (p *FormPage) View() string {
	st, w := p.Env.Styles, FormWidth(p.width)
	var b strings.Builder
	b.WriteString(st.Title.Render(common.Truncate(common.CleanLine(p.title), p.width)) + "\n")
	if intro := p.introText(); intro != "" {
		b.WriteString(st.Muted.Render(intro) + "\n")
	}
	b.WriteString("\n")
	if p.busy {
		b.WriteString(p.spin.View() + " " + p.doing)
	} else {
		b.WriteString(trimBlankLines(p.Form.View())) // the sentences right under the fields
	}
	if p.Err != "" {
		b.WriteString("\n\n" + st.Error.Render(common.Wrap(p.Err, w)))
	}
	if p.Note != "" {
		b.WriteString("\n\n" + st.Warning.Render(common.Wrap(p.Note, w)))
	}
	return b.String()
}
