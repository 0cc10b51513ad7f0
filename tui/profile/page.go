package profile

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/tui/common"
	"acctl/tui/components"
)

var pageKeys = struct{ Next, Prev, Cancel key.Binding }{
	Next:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next / save")),
	Prev:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
	Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
}

// page is what the Profile's forms share: a title and an intro, a form
// whose values live in the screen that embeds the page (so a rebuilt form
// keeps what was typed), one request at a time behind a spinner, and the
// last refusal under the form. esc closes the screen.
type page struct {
	env    *common.Env
	self   common.Screen // the screen that embeds the page, to close it
	title  string
	intro  string
	fields func() []huh.Field
	extra  []key.Binding // the screen's own keys, after enter

	form   *components.Form
	many   bool // more than one field
	busy   bool
	asking bool // the password prompt is open
	doing  string
	spin   spinner.Model
	err    string
	width  int
	height int
}

func newPage(env *common.Env, self common.Screen, title, intro string, fields func() []huh.Field) page {
	p := page{env: env, self: self, title: title, intro: intro, fields: fields, spin: components.NewSpinner()}
	p.build()
	return p
}

func (p *page) Init() tea.Cmd   { return p.form.Init() }
func (p *page) Title() string   { return p.title }
func (p *page) Capturing() bool { return true }
func (p *page) SetSize(w, h int) {
	p.width, p.height = w, h
	p.form.SetWidth(p.textWidth())
}

// Keys are enter, the screen's own keys and esc; only esc while a request
// runs. shift+tab is offered where there is a field to go back to.
func (p *page) Keys() []key.Binding {
	if p.busy {
		return []key.Binding{pageKeys.Cancel}
	}
	keys := append([]key.Binding{pageKeys.Next}, p.extra...)
	if p.many {
		keys = append(keys, pageKeys.Prev)
	}
	return append(keys, pageKeys.Cancel)
}

func (p *page) textWidth() int { return max(min(p.width-2, 76), 20) }

// build makes a new form over the screen's values.
func (p *page) build() tea.Cmd {
	fields := p.fields()
	p.many = len(fields) > 1
	p.form = components.NewForm(p.env.IsDark, p.textWidth(), fields...)
	return p.form.Init()
}

// handle gives msg to the spinner, esc to the screen's closing, and the
// rest, unless a request runs, to the form; complete reports that the form
// was filled in.
func (p *page) handle(msg tea.Msg) (cmd tea.Cmd, complete bool) {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if p.busy {
			p.spin, cmd = p.spin.Update(msg)
		}
		return cmd, false
	case tea.KeyPressMsg:
		if key.Matches(msg, pageKeys.Cancel) && !p.busy {
			p.env.Nav.Close(p.self, "")
			return nil, false
		}
	}
	if p.busy || p.asking {
		return nil, false // a finished form reports itself finished again
	}
	return p.form.Update(msg)
}

// ask opens the password prompt that runs a (R-PWD-4); the form waits for
// its answer, which confirmed takes.
func (p *page) ask(a components.Action) {
	p.asking, p.err = true, ""
	components.RunWithPassword(p.env, a)
}

// run starts a request behind the spinner, saying what it does.
func (p *page) run(doing string, work tea.Cmd) tea.Cmd {
	p.busy, p.doing, p.err = true, doing, ""
	return tea.Batch(p.spin.Tick, work)
}

// refused ends a request, or a confirmation, with err's sentence (none for
// nil) and a new form over what was typed.
func (p *page) refused(err error) tea.Cmd {
	p.busy, p.err = false, ""
	if err != nil {
		p.err = common.ErrText(err)
	}
	return p.build()
}

// confirmed answers the password prompt the page opened: a cancel or a
// refusal goes back to the form with what was typed; a success goes to ok.
func (p *page) confirmed(msg components.ActionDoneMsg, ok func(components.Result) tea.Cmd) tea.Cmd {
	p.asking = false
	switch {
	case msg.Cancelled:
		return p.refused(nil)
	case msg.Err != nil:
		return p.refused(msg.Err)
	}
	return ok(msg.Result)
}

// View draws the title, the intro, the form (or the spinner) and the last
// refusal, each wrapped to the area. When the area is short the intro,
// then the gaps, are left out, so that the fields and the refusal show.
func (p *page) View() string {
	st, w := p.env.Styles, p.textWidth()
	title := st.Title.Render(common.Truncate(common.CleanLine(p.title), w))
	intro := ""
	if p.intro != "" {
		intro = st.Muted.Render(common.Wrap(common.Clean(p.intro), w))
	}
	body := strings.TrimRight(p.form.View(), "\n")
	if p.busy {
		body = p.spin.View() + " " + p.doing
	}
	refusal := ""
	if p.err != "" {
		refusal = st.Error.Render(common.Wrap(p.err, w))
	}
	for _, parts := range [][]string{
		{title, intro, "", body, "", refusal},
		{title, "", body, "", refusal},
		{title, body, refusal},
	} {
		if v := joinParts(parts); p.height <= 0 || common.Lines(v) <= p.height {
			return v
		}
	}
	return joinParts([]string{title, body, refusal})
}

// joinParts joins the lines of a view, leaving out empty parts but the
// gaps between two that are there.
func joinParts(parts []string) string {
	var kept []string
	for i, part := range parts {
		gap := part == "" && i > 0 && i < len(parts)-1 && parts[i-1] != "" && parts[i+1] != ""
		if part != "" || gap {
			kept = append(kept, part)
		}
	}
	return strings.Join(kept, "\n")
}
