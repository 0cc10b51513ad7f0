package settings

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

var detailsKeys = struct{ Next, Prev, Move, Save, Cancel key.Binding }{
	Next:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next")),
	Prev:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
	Move:   key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "choose")),
	Save:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
	Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
}

type savedMsg struct {
	screen *detailsForm
	err    error
}

// detailsForm edits the company name and billing address (R-SET-1): four
// fields, then the country picked from the ISO 3166 list by typing any of
// its names or its code. A refusal keeps everything typed.
type detailsForm struct {
	env     *common.Env
	d       model.AccountDetails
	form    *components.Form
	picking bool
	filter  textinput.Model
	matches []model.Country
	sel     int
	busy    bool
	err     string
	width   int
	height  int
}

func newDetailsForm(env *common.Env, d model.AccountDetails) *detailsForm {
	s := &detailsForm{env: env, d: d}
	s.filter = textinput.New()
	s.filter.Prompt = "Country: "
	s.filter.Placeholder = "type a name or a code"
	s.filter.CharLimit = 60
	s.filter.SetStyles(textinput.DefaultStyles(env.IsDark))
	s.build()
	return s
}

func (s *detailsForm) build() {
	s.form = components.NewForm(s.env.IsDark, s.width,
		components.TextInput("Company name", &s.d.CompanyName, components.Check(model.ValidateCompanyName)),
		components.TextInput("Street", &s.d.Billing.Street, nil),
		components.TextInput("City", &s.d.Billing.City, nil),
		components.TextInput("Postal code", &s.d.Billing.PostalCode, nil))
}

func (s *detailsForm) Init() tea.Cmd   { return s.form.Init() }
func (s *detailsForm) Title() string   { return "Edit details" }
func (s *detailsForm) Capturing() bool { return true }
func (s *detailsForm) SetSize(w, h int) {
	s.width, s.height = w, h
	s.form.SetWidth(w)
	s.filter.SetWidth(max(min(w, 60)-12, 10))
}

func (s *detailsForm) Keys() []key.Binding {
	k := detailsKeys
	if s.picking {
		return []key.Binding{k.Move, k.Save, k.Prev, k.Cancel}
	}
	return []key.Binding{k.Next, k.Prev, k.Cancel}
}

func (s *detailsForm) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case savedMsg:
		if msg.screen == s {
			return s, s.saved(msg.err)
		}
		return s, nil
	case tea.KeyPressMsg:
		if s.busy {
			return s, nil
		}
		if key.Matches(msg, detailsKeys.Cancel) {
			s.env.Nav.Close(s, "")
			return s, nil
		}
		if s.picking {
			return s, s.onPickerKey(msg)
		}
	}
	if s.picking || s.busy {
		var cmd tea.Cmd
		s.filter, cmd = s.filter.Update(msg)
		return s, cmd
	}
	cmd, done := s.form.Update(msg)
	if !done {
		return s, cmd
	}
	cmds := []tea.Cmd{cmd, s.pick()}
	for _, m := range s.form.Leftover() { // typed after the last field's enter
		if k, ok := m.(tea.KeyPressMsg); ok {
			cmds = append(cmds, s.onPickerKey(k))
		}
	}
	return s, tea.Batch(cmds...)
}

// pick moves from the fields to the country, the current one selected.
func (s *detailsForm) pick() tea.Cmd {
	s.picking = true
	s.filter.SetValue("")
	s.matches = model.FilterCountries("")
	s.sel = 0
	for i, c := range s.matches {
		if c.Code == s.d.Billing.Country {
			s.sel = i
		}
	}
	return s.filter.Focus()
}

func (s *detailsForm) onPickerKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, detailsKeys.Prev):
		s.picking = false
		s.filter.Blur()
		s.build()
		return s.form.Init()
	case msg.String() == "up":
		s.sel = max(s.sel-1, 0)
	case msg.String() == "down":
		s.sel = min(s.sel+1, max(len(s.matches)-1, 0))
	case key.Matches(msg, detailsKeys.Save):
		return s.save()
	default:
		var cmd tea.Cmd
		s.filter, cmd = s.filter.Update(msg)
		s.matches, s.sel = model.FilterCountries(s.filter.Value()), 0
		return cmd
	}
	return nil
}

func (s *detailsForm) save() tea.Cmd {
	if len(s.matches) == 0 {
		s.err = "No country matches " + common.CleanLine(s.filter.Value()) + ". Type its name in English, or its two-letter code."
		return nil
	}
	s.d.Billing.Country = s.matches[s.sel].Code
	s.busy, s.err = true, ""
	d, me := s.d, s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		_, err := svc.UpdateAccountDetails(ctx, d)
		return savedMsg{me, err}
	})
}

func (s *detailsForm) saved(err error) tea.Cmd {
	s.busy = false
	if err != nil {
		s.err, s.picking = common.ErrText(err), false
		s.build()
		return s.form.Init()
	}
	s.env.Nav.Close(s, "Account details saved.")
	return common.Emit(common.MeChangedMsg{})
}

func (s *detailsForm) View() string {
	st := s.env.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render("Edit account details") + "\n")
	b.WriteString(st.Muted.Render(common.Wrap("Owners and managers change them; the change is in the history, and Billing and Primary contacts are told.", s.width)) + "\n\n")
	if !s.picking {
		b.WriteString(s.form.View() + "\n")
		b.WriteString(st.Muted.Render("  Country: "+common.CleanLine(model.CountryName(s.d.Billing.Country))+" (chosen next)") + "\n")
	} else {
		b.WriteString(s.summary() + "\n\n" + s.filter.View() + "\n" + s.list())
	}
	if s.busy {
		b.WriteString("\n" + st.Muted.Render("Saving…"))
	}
	if s.err != "" {
		b.WriteString("\n" + st.Error.Render(common.Wrap(s.err, s.width)))
	}
	return b.String()
}

// summary is what the fields say, while the country is picked.
func (s *detailsForm) summary() string {
	st := s.env.Styles
	a := s.d.Billing
	return st.Muted.Render(common.Wrap(common.CleanLine(s.d.CompanyName+" · "+a.Street+" · "+a.PostalCode+" "+a.City), s.width))
}

// list shows the countries that match, the chosen one marked.
func (s *detailsForm) list() string {
	st := s.env.Styles
	rows := max(min(s.height-12, 8), 3)
	from := min(max(s.sel-rows/2, 0), max(len(s.matches)-rows, 0))
	var b strings.Builder
	for i := from; i < min(from+rows, len(s.matches)); i++ {
		c := s.matches[i]
		line := "  " + c.Code + "  " + c.Name
		if i == s.sel {
			line = st.CursorMark + " " + c.Code + "  " + st.Title.Render(c.Name)
		}
		b.WriteString(common.Truncate(line, s.width) + "\n")
	}
	if len(s.matches) == 0 {
		b.WriteString(st.Muted.Render("  No country matches.") + "\n")
	}
	return b.String()
}
