package requests

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

var formKeys = struct{ Cancel key.Binding }{
	Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
}

// formPage is what the section's forms share (a request's two steps, a
// reply, the document type): a title and an intro, a form over values
// that live in the screen (so that a form built again keeps what was
// typed), one request at a time behind a spinner, and the last refusal
// under the form.
type formPage struct {
	env    *common.Env
	title  string
	intro  string
	fields func() []huh.Field

	form   *components.Form
	spin   spinner.Model
	busy   bool
	doing  string
	err    string
	note   string
	width  int
	height int
}

func newFormPage(env *common.Env, title, intro string, fields func() []huh.Field) formPage {
	p := formPage{env: env, title: title, intro: intro, fields: fields, spin: components.NewSpinner()}
	p.build()
	return p
}

// build makes a new form over the screen's values.
func (p *formPage) build() tea.Cmd {
	p.form = components.NewForm(p.env.IsDark, p.width, p.fields()...)
	p.fit()
	return p.form.Init()
}

// fit gives the form the lines the title, the intro and the sentences
// leave, so that on a small terminal it scrolls to the field being filled
// in instead of running off the screen.
func (p *formPage) fit() {
	if p.height <= 0 {
		return
	}
	w := components.FormWidth(p.width)
	used := 2 + common.Lines(p.introText())
	for _, text := range []string{p.err, p.note} {
		if text != "" {
			used += 1 + common.Lines(common.Wrap(text, w))
		}
	}
	for _, err := range p.form.Errors() { // drawn under the fields
		used += common.Lines(common.Hanging(err.Error(), 3, w))
	}
	p.form.Form = p.form.WithHeight(max(p.height-used, 4))
}

// minFormLines is the room a form needs; on a shorter area the intro is
// left out, so that the fields show.
const minFormLines = 10

// introText is the intro wrapped to the form's width, or nothing when the
// area is too short for it and the form.
func (p *formPage) introText() string {
	intro := common.Wrap(p.intro, components.FormWidth(p.width))
	if p.height > 0 && p.height-2-common.Lines(intro) < minFormLines {
		return ""
	}
	return intro
}

func (p *formPage) Init() tea.Cmd   { return p.form.Init() }
func (p *formPage) Title() string   { return p.title }
func (p *formPage) Capturing() bool { return true }
func (p *formPage) SetSize(w, h int) {
	p.width, p.height = w, h
	p.form.SetWidth(w)
	p.fit()
}

// Keys are the focused field's own keys and esc; none while a request
// runs, whose answer the screen waits for (ctrl+c still quits).
func (p *formPage) Keys() []key.Binding {
	if p.busy {
		return nil
	}
	return append(p.form.KeyBinds(), formKeys.Cancel)
}

// handle gives msg to the spinner, and, unless a request runs, to the form;
// complete reports that the form was filled in. The screen handles esc.
func (p *formPage) handle(msg tea.Msg) (cmd tea.Cmd, complete bool) {
	switch msg.(type) {
	case spinner.TickMsg:
		if p.busy {
			p.spin, cmd = p.spin.Update(msg)
		}
		return cmd, false
	case tea.KeyPressMsg:
		p.err, p.note = "", "" // said once; the user is changing what was typed
	}
	if p.busy {
		return nil, false // a filled-in form says so to every message
	}
	cmd, complete = p.form.Update(msg)
	p.fit() // a field's error may have come or gone
	return cmd, complete
}

// answeredMsg is the answer to a form's request (send).
type answeredMsg struct {
	page *formPage
	err  error
}

// send runs work behind the spinner; its answer is an answeredMsg.
func (p *formPage) send(doing string, work func(ctx context.Context, svc *model.Service) error) tea.Cmd {
	me := p
	return p.run(doing, p.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		return answeredMsg{me, work(ctx, svc)}
	}))
}

// update is what a form of one step does with msg: esc closes self unless
// a request runs; a filled-in form runs submit (which sends); the answer
// of the request shows its refusal with what was typed, or runs done.
func (p *formPage) update(self common.Screen, msg tea.Msg, submit, done func() tea.Cmd) tea.Cmd {
	switch msg := msg.(type) {
	case answeredMsg:
		switch {
		case msg.page != p:
			return nil
		case msg.err != nil:
			return p.refused(msg.err)
		}
		p.busy = false
		return done()
	case tea.KeyPressMsg:
		if key.Matches(msg, formKeys.Cancel) && !p.busy {
			p.env.Nav.Close(self, "")
			return nil
		}
	}
	cmd, complete := p.handle(msg)
	if !complete {
		return cmd
	}
	return submit()
}

// run starts a request behind the spinner, saying what it does.
func (p *formPage) run(doing string, work tea.Cmd) tea.Cmd {
	p.busy, p.doing, p.err = true, doing, ""
	return tea.Batch(p.spin.Tick, work)
}

// refused ends a request with err's sentence and a new form over what was
// typed.
func (p *formPage) refused(err error) tea.Cmd {
	p.busy, p.err = false, ""
	if err != nil {
		p.err = common.ErrText(err)
	}
	return p.build()
}

// View draws the title, the intro, the form (or the spinner), the last
// refusal and a note, each wrapped to the form's width.
func (p *formPage) View() string {
	st, w := p.env.Styles, components.FormWidth(p.width)
	var b strings.Builder
	b.WriteString(st.Title.Render(common.Truncate(common.CleanLine(p.title), p.width)) + "\n")
	if intro := p.introText(); intro != "" {
		b.WriteString(st.Muted.Render(intro) + "\n")
	}
	b.WriteString("\n")
	if p.busy {
		b.WriteString(p.spin.View() + " " + p.doing)
	} else {
		b.WriteString(strings.TrimRight(p.form.View(), "\n"))
	}
	if p.err != "" {
		b.WriteString("\n\n" + st.Error.Render(common.Wrap(p.err, w)))
	}
	if p.note != "" {
		b.WriteString("\n\n" + st.Warning.Render(common.Wrap(p.note, w)))
	}
	return b.String()
}

// textArea is a multi-line field that keeps line breaks (alt+enter or
// ctrl+j start a new line, enter goes on). It never opens an external
// editor: over SSH that editor would run on the server, and locally it
// would write the text to a temporary file.
func textArea(title string, value *string, lines, limit int, validate func(string) error) *huh.Text {
	return huh.NewText().Title(title).Value(value).Lines(lines).CharLimit(limit).
		ExternalEditor(false).Validate(validate)
}
