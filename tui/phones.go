package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/components"
)

type phonesLoadedMsg struct {
	list []*model.Phone
	err  error
}

// phoneSentMsg answers an add or a new code: the number a code went to.
type phoneSentMsg struct {
	phone *model.Phone
	err   error
}

type phoneVerifiedMsg struct {
	phone *model.Phone
	err   error
}

var phoneKeys = struct {
	Up, Down, Add, Verify, Remove, Submit, NewCode, Cancel key.Binding
}{
	Up:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
	Down:    key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
	Add:     key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add number")),
	Verify:  key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "verify with a code")),
	Remove:  key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "remove number")),
	Submit:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "send")),
	NewCode: key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "send a new code")),
	Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
}

// phoneMode is what the screen asks for: nothing (the list), a number, or
// the code sent to it.
type phoneMode int

const (
	phoneList phoneMode = iota
	phoneAskNumber
	phoneAskCode
)

const phoneRemovePromptID = "phones.remove"

// phonesScreen lists the user's mobile number and backup number for SMS
// codes, verified or not (R-2FA-9). a adds a number to the selected slot
// and asks for the code sent to it; v asks for the code of an unverified
// one (ctrl+r sends a new code); d removes one after the password (R-PWD-4).
// The two slots are always listed, set or not.
type phonesScreen struct {
	c       *screenCtx
	phones  [2]*model.Phone // the mobile number, the backup number; nil when not set
	sel     int             // 0 mobile, 1 backup
	loading bool
	err     string // of the list, or of the form on show

	mode     phoneMode
	number   string
	code     string
	form     *liveForm
	busy     bool
	busyText string // what the spinner says
	spin     spinner.Model
	notice   string // above the code form: where the code went
	prompt   *components.PasswordPrompt

	width, height int
}

func newPhonesScreen(c *screenCtx) Screen {
	return &phonesScreen{c: c, loading: true, spin: newSpinner()}
}

func (s *phonesScreen) Init() tea.Cmd { return s.load() }

func (s *phonesScreen) load() tea.Cmd {
	b := s.c.b
	return func() tea.Msg {
		list, err := b.ListPhones()
		return phonesLoadedMsg{list, err}
	}
}

func (s *phonesScreen) Title() string   { return "Mobile numbers" }
func (s *phonesScreen) Capturing() bool { return s.mode != phoneList || s.prompt != nil }

func (s *phonesScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	if s.form != nil {
		s.form.WithWidth(formWidth(w))
	}
	if s.prompt != nil {
		s.prompt.SetWidth(w)
	}
}

func (s *phonesScreen) Keys() []key.Binding {
	switch {
	case s.prompt != nil:
		return s.prompt.Keys()
	case s.mode == phoneAskNumber:
		return []key.Binding{phoneKeys.Submit, phoneKeys.Cancel}
	case s.mode == phoneAskCode:
		return []key.Binding{phoneKeys.Submit, phoneKeys.NewCode, phoneKeys.Cancel}
	}
	return []key.Binding{phoneKeys.Down, phoneKeys.Up, phoneKeys.Add, phoneKeys.Verify, phoneKeys.Remove}
}

// backup reports whether the selected slot is the backup number.
func (s *phonesScreen) backup() bool { return s.sel == 1 }

func (s *phonesScreen) selected() *model.Phone { return s.phones[s.sel] }

func (s *phonesScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case phonesLoadedMsg:
		s.loading = false
		if msg.err != nil {
			s.err = errText(msg.err)
			return s, nil
		}
		s.phones = [2]*model.Phone{}
		for _, p := range msg.list {
			s.phones[slotIndex(p.Backup)] = p
		}
		if s.mode == phoneList {
			s.err = ""
		}
		return s, nil
	case phoneSentMsg:
		return s, s.onSent(msg)
	case phoneVerifiedMsg:
		return s, s.onVerified(msg)
	case components.PasswordConfirmedMsg, components.PasswordFailedMsg, components.PasswordCancelledMsg:
		return s, s.onPrompt(msg)
	case screenResumedMsg:
		return s, s.load()
	case spinner.TickMsg:
		if !s.busy {
			return s, nil
		}
		var cmd tea.Cmd
		s.spin, cmd = s.spin.Update(msg)
		return s, cmd
	}
	if s.prompt != nil {
		var cmd tea.Cmd
		s.prompt, cmd = s.prompt.Update(msg)
		return s, cmd
	}
	if s.mode == phoneList {
		if k, ok := msg.(tea.KeyPressMsg); ok {
			return s, s.onListKey(k)
		}
		return s, nil
	}
	return s, s.updateForm(msg)
}

func slotIndex(backup bool) int {
	if backup {
		return 1
	}
	return 0
}

func (s *phonesScreen) onListKey(msg tea.KeyPressMsg) tea.Cmd {
	p := s.selected()
	switch {
	case key.Matches(msg, phoneKeys.Down):
		s.sel = 1
	case key.Matches(msg, phoneKeys.Up):
		s.sel = 0
	case key.Matches(msg, phoneKeys.Add):
		if p != nil && p.Verified() {
			return flashErr(fmt.Sprintf("Your %s is verified. To change it, remove it first (d), then add the new one.", p.Slot()))
		}
		s.number = ""
		if p != nil {
			s.number = p.Number
		}
		return s.open(phoneAskNumber, "Type the number with its country code. A 6-digit code goes to it by SMS, to type here.")
	case key.Matches(msg, phoneKeys.Verify):
		switch {
		case p == nil:
			return flashErr(fmt.Sprintf("There is no %s yet. Add one first (a).", model.PhoneSlot(s.backup())))
		case p.Verified():
			return flash(fmt.Sprintf("Your %s is already verified.", p.Slot()))
		}
		s.code = ""
		return s.open(phoneAskCode, "Type the code of the newest SMS sent to "+model.FormatPhone(p.Number)+". No SMS, or too old? ctrl+r sends a new one.")
	case key.Matches(msg, phoneKeys.Remove):
		if p == nil {
			return flashErr(fmt.Sprintf("There is no %s to remove.", model.PhoneSlot(s.backup())))
		}
		return s.askRemove(p)
	}
	return nil
}

// open shows the number or code form, with notice above it. Forms carry
// no field descriptions: huh sizes a group before its width is known, so a
// description that wraps would hide the input line; the notice, wrapped
// here, says what to type.
func (s *phonesScreen) open(mode phoneMode, notice string) tea.Cmd {
	s.mode, s.notice, s.err = mode, notice, ""
	s.build()
	return s.form.Init()
}

// build makes the form of the mode; the values live in the screen, so a
// rebuilt form keeps what was typed.
func (s *phonesScreen) build() {
	if s.mode == phoneAskNumber {
		s.form = newForm(s.c.isDark, s.width,
			textInput(slotTitle(s.backup()), &s.number, func(v string) error { _, err := model.NormalizePhone(v); return fieldErr(err) }).
				Placeholder("+44 7700 900123"))
		return
	}
	s.form = newForm(s.c.isDark, s.width,
		textInput("Code", &s.code, nil).Placeholder("123 456"))
}

func (s *phonesScreen) updateForm(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if s.busy {
			return nil
		}
		switch {
		case key.Matches(k, phoneKeys.Cancel):
			s.mode, s.err, s.notice = phoneList, "", ""
			return s.load()
		case key.Matches(k, phoneKeys.NewCode) && s.mode == phoneAskCode:
			return s.run("Sending a new code…", func(b *backend, backup bool) tea.Msg {
				p, err := b.SendPhoneCode(backup)
				return phoneSentMsg{p, err}
			})
		}
	}
	if s.busy {
		return nil
	}
	var cmd tea.Cmd
	s.form, cmd = updateForm(s.form, msg)
	if s.form.State != huh.StateCompleted {
		return cmd
	}
	if s.mode == phoneAskNumber {
		number := s.number
		return s.run("Sending the code…", func(b *backend, backup bool) tea.Msg {
			p, err := b.AddPhone(number, backup)
			return phoneSentMsg{p, err}
		})
	}
	code := s.code
	return s.run("Checking the code…", func(b *backend, backup bool) tea.Msg {
		p, err := b.VerifyPhone(backup, code)
		return phoneVerifiedMsg{p, err}
	})
}

// run starts a call for the selected slot, the spinner saying what.
func (s *phonesScreen) run(what string, call func(b *backend, backup bool) tea.Msg) tea.Cmd {
	s.busy, s.busyText, s.err = true, what, ""
	b, backup := s.c.b, s.backup()
	return tea.Batch(s.spin.Tick, func() tea.Msg { return call(b, backup) })
}

// onSent moves on to the code once a code went out, or shows why not with
// the form as it was.
func (s *phonesScreen) onSent(msg phoneSentMsg) tea.Cmd {
	s.busy = false
	if msg.err != nil {
		s.err = errText(msg.err)
		s.build()
		return s.form.Init()
	}
	s.phones[slotIndex(msg.phone.Backup)] = msg.phone
	s.code = ""
	return tea.Batch(s.open(phoneAskCode, "A code is on its way to "+model.FormatPhone(msg.phone.Number)+
		" by SMS. It works for 5 minutes. Nothing after a minute? ctrl+r sends a new one."), s.load())
}

func (s *phonesScreen) onVerified(msg phoneVerifiedMsg) tea.Cmd {
	s.busy = false
	if msg.err != nil {
		s.err = errText(msg.err)
		s.build()
		return s.form.Init()
	}
	s.mode, s.notice = phoneList, ""
	text := fmt.Sprintf("Your %s %s is verified.", msg.phone.Slot(), model.FormatPhone(msg.phone.Number))
	if s.c.me != nil && !s.c.me.User.TOTPEnabled {
		text += " It is offered at sign-in once two-factor authentication is on."
	}
	return tea.Batch(flash(text), s.load())
}

func (s *phonesScreen) askRemove(p *model.Phone) tea.Cmd {
	b, backup := s.c.b, p.Backup
	s.prompt = components.NewPasswordPrompt(phoneRemovePromptID, "Remove your "+p.Slot(),
		"To remove "+model.FormatPhone(p.Number)+", type your password. Codes can no longer be sent to it.",
		func(pw string) error { return b.RemovePhone(backup, pw) }, s.c.st)
	s.prompt.SetWidth(s.width)
	return s.prompt.Init()
}

func (s *phonesScreen) onPrompt(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case components.PasswordConfirmedMsg:
		if msg.ID != phoneRemovePromptID {
			return nil
		}
		s.prompt = nil
		return tea.Batch(flash(fmt.Sprintf("Your %s was removed.", model.PhoneSlot(s.backup()))), s.load())
	case components.PasswordFailedMsg:
		if msg.ID != phoneRemovePromptID {
			return nil
		}
		s.prompt = nil
		return tea.Batch(flashErr(errText(msg.Err)), s.load())
	case components.PasswordCancelledMsg:
		if msg.ID == phoneRemovePromptID {
			s.prompt = nil
		}
	}
	return nil
}

func (s *phonesScreen) View() string {
	st := s.c.st
	var b strings.Builder
	b.WriteString(st.Title.Render("Mobile numbers") + "\n")
	b.WriteString(st.Muted.Width(max(s.width-2, 20)).Render("A code by SMS can take the place of the authenticator app at sign-in.") + "\n\n")
	if s.prompt != nil {
		b.WriteString(s.prompt.View())
		return b.String()
	}
	if s.loading {
		return b.String() + "Loading…"
	}
	if s.mode == phoneList {
		s.viewList(&b)
	} else {
		s.viewForm(&b)
	}
	if s.err != "" {
		b.WriteString("\n" + st.Error.Width(max(s.width-2, 20)).Render(s.err) + "\n")
	}
	return b.String()
}

func (s *phonesScreen) viewList(b *strings.Builder) {
	st := s.c.st
	l := newLayout(s.width-2, column{"", 13, 0}, column{"Number", 17, 0}, column{"State", 20, 0}) // 55 cells: the shell's area at 80 columns
	b.WriteString(st.TableHeader.Render("  "+l.header()) + "\n")
	var line strings.Builder
	for i, p := range s.phones {
		number, state := "—", "not set"
		if p != nil {
			number, state = model.FormatPhone(p.Number), "waiting for its code"
			if p.Verified() {
				state = "verified " + p.VerifiedAt.UTC().Format("2006-01-02")
			}
		}
		line.Reset()
		line.WriteString("  ")
		l.row(&line, slotTitle(i == 1), number, state)
		row := line.String()
		if i == s.sel {
			row = st.SelectedRow.Render(row)
		}
		b.WriteString(row + "\n")
	}
	b.WriteString("\n")
	if s.c.me != nil && !s.c.me.User.TOTPEnabled {
		b.WriteString(st.Warning.Width(max(s.width-2, 20)).Render("Two-factor authentication is off: sign-in offers SMS codes once it is on (Profile).") + "\n")
	}
	b.WriteString(st.Muted.Width(max(s.width-2, 20)).Render("The backup number is used when the mobile number cannot be reached. Codes work for 5 minutes, once."))
}

// slotTitle is a slot's name at the start of a line: "Mobile number".
func slotTitle(backup bool) string {
	name := model.PhoneSlot(backup)
	return strings.ToUpper(name[:1]) + name[1:]
}

func (s *phonesScreen) viewForm(b *strings.Builder) {
	st := s.c.st
	if s.notice != "" {
		b.WriteString(st.Success.Width(max(s.width-2, 20)).Render(s.notice) + "\n\n")
	}
	if s.busy {
		b.WriteString(s.spin.View() + " " + s.busyText + "\n")
		return
	}
	b.WriteString(s.form.View() + "\n")
}
