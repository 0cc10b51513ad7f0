package profile

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

type phonesReadMsg struct {
	screen *Phones
	list   []*model.Phone
	err    error
}

const removePhoneID = "phones.remove"

var phoneKeys = struct{ Move, Up, Down, Add, Verify, Remove key.Binding }{
	Move:   key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "choose")),
	Up:     key.NewBinding(key.WithKeys("up", "k")),
	Down:   key.NewBinding(key.WithKeys("down", "j")),
	Add:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add number")),
	Verify: key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "verify with a code")),
	Remove: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "remove number")),
}

// Phones lists the user's mobile number and backup number for SMS codes,
// set or not, verified or not (R-2FA-9). a adds a number to the chosen
// slot and asks for the code sent to it; v asks for the code of a number
// not yet verified; d removes one after the password (R-PWD-4).
type Phones struct {
	env    *common.Env
	phones [2]*model.Phone // the mobile number, the backup number; nil when not set
	sel    int             // 0 mobile, 1 backup
	read   bool
	err    string
	width  int
}

func newPhones(env *common.Env) *Phones { return &Phones{env: env} }

func (s *Phones) Init() tea.Cmd        { return s.load() }
func (s *Phones) Title() string        { return "Mobile numbers" }
func (s *Phones) SetSize(w, h int)     { s.width = w }
func (s *Phones) backup() bool         { return s.sel == 1 }
func (s *Phones) chosen() *model.Phone { return s.phones[s.sel] }

// Keys offer verify and remove only where there is a number for them.
func (s *Phones) Keys() []key.Binding {
	k := phoneKeys
	keys := []key.Binding{k.Move, k.Add}
	if p := s.chosen(); p != nil {
		if !p.Verified() {
			keys = append(keys, k.Verify)
		}
		keys = append(keys, k.Remove)
	}
	return keys
}

func (s *Phones) load() tea.Cmd {
	me := s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		list, err := svc.ListPhones(ctx)
		return phonesReadMsg{me, list, err}
	})
}

func (s *Phones) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case phonesReadMsg:
		if msg.screen == s {
			s.setPhones(msg.list, msg.err)
		}
	case components.ActionDoneMsg:
		if msg.ID == removePhoneID {
			return s, s.removed(msg)
		}
	case common.ResumedMsg:
		return s, s.load()
	case common.ClickMsg:
		if i := msg.Y - s.firstRow(); i == 0 || i == 1 {
			s.sel = i
		}
	case tea.KeyPressMsg:
		return s, s.onKey(msg)
	}
	return s, nil
}

func (s *Phones) setPhones(list []*model.Phone, err error) {
	s.err = ""
	if err != nil {
		s.err = common.ErrText(err)
		return
	}
	s.phones, s.read = [2]*model.Phone{}, true
	for _, p := range list {
		s.phones[slot(p.Backup)] = p
	}
}

func slot(backup bool) int {
	if backup {
		return 1
	}
	return 0
}

func (s *Phones) onKey(msg tea.KeyPressMsg) tea.Cmd {
	k, p := phoneKeys, s.chosen()
	switch {
	case key.Matches(msg, k.Up):
		s.sel = 0
	case key.Matches(msg, k.Down):
		s.sel = 1
	case key.Matches(msg, k.Add):
		s.add(p)
	case key.Matches(msg, k.Verify):
		s.verify(p)
	case key.Matches(msg, k.Remove):
		s.remove(p)
	}
	return nil
}

// add opens the number form for the chosen slot; a verified number is
// removed first.
func (s *Phones) add(p *model.Phone) {
	if p != nil && p.Verified() {
		s.env.FlashErr(fmt.Sprintf("Your %s is verified. To change it, remove it first (d), then add the new one.", p.Slot()))
		return
	}
	number := ""
	if p != nil {
		number = p.Number
	}
	s.env.Nav.Push(newPhoneNumberScreen(s.env, s.backup(), number))
}

func (s *Phones) verify(p *model.Phone) {
	switch {
	case p == nil:
		s.env.FlashErr(fmt.Sprintf("There is no %s yet. Add one first (a).", model.PhoneSlot(s.backup())))
	case p.Verified():
		s.env.Flash(fmt.Sprintf("Your %s is already verified.", p.Slot()))
	default:
		s.env.Nav.Push(newPhoneCodeScreen(s.env, p, "Type the code of the newest SMS sent to "+model.FormatPhone(p.Number)+
			". No SMS, or too old? ctrl+r sends a new one."))
	}
}

// remove deletes the chosen number after the password (R-PWD-4).
func (s *Phones) remove(p *model.Phone) {
	if p == nil {
		s.env.FlashErr(fmt.Sprintf("There is no %s to remove.", model.PhoneSlot(s.backup())))
		return
	}
	backup := p.Backup
	components.RunWithPassword(s.env, components.Action{
		ID:     removePhoneID,
		Reason: fmt.Sprintf("To remove your %s %s, type your password. Codes can then no longer be sent to it.", p.Slot(), model.FormatPhone(p.Number)),
		Run: func(ctx context.Context, svc *model.Service, password string) (components.Result, error) {
			return components.Result{}, svc.RemovePhone(ctx, backup, password)
		},
	})
}

func (s *Phones) removed(msg components.ActionDoneMsg) tea.Cmd {
	switch {
	case msg.Cancelled:
		return nil
	case msg.Err != nil:
		s.env.FlashError(msg.Err)
	default:
		s.env.Flash(fmt.Sprintf("Your %s was removed.", model.PhoneSlot(s.backup())))
	}
	return s.load()
}

// intro is the line under the title.
const phonesIntro = "A code by SMS can take the place of the authenticator app at sign-in."

// firstRow is the line of the mobile number's row.
func (s *Phones) firstRow() int { return 1 + common.Lines(common.Wrap(phonesIntro, s.textWidth())) + 2 }

func (s *Phones) textWidth() int { return max(s.width-1, 20) }

func (s *Phones) View() string {
	st, w := s.env.Styles, s.textWidth()
	var b strings.Builder
	b.WriteString(st.Title.Render("Mobile numbers") + "\n")
	b.WriteString(st.Muted.Render(common.Wrap(phonesIntro, w)) + "\n\n")
	switch {
	case s.err != "" && !s.read:
		return b.String() + st.Error.Render(common.Wrap(s.err, w))
	case !s.read:
		return b.String() + st.Muted.Render("Loading…")
	}
	l := common.NewLayout(w, common.Column{Title: "", Width: 13}, common.Column{Title: "Number", Width: 16},
		common.Column{Title: "State", Width: 20})
	b.WriteString(st.TableHeader.Render(l.Header()) + "\n")
	for i, p := range s.phones {
		var row strings.Builder
		number, state := phoneState(p)
		l.Row(&row, slotTitle(i == 1), number, state)
		line := common.PadRight(row.String(), w)
		if i == s.sel {
			line = st.SelectedRow.Render(line)
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("\n")
	if !s.env.Me.User.TOTPEnabled {
		b.WriteString(st.Warning.Render(common.Wrap("Two-factor authentication is off: sign-in offers SMS codes once it is on (Profile, t).", w)) + "\n")
	}
	b.WriteString(st.Muted.Render(common.Wrap("The backup number is used when the mobile number cannot be reached. Codes work for 5 minutes, once.", w)))
	if s.err != "" {
		b.WriteString("\n" + st.Error.Render(common.Wrap(s.err, w)))
	}
	return b.String()
}

// phoneState is a slot's number and state as the list shows them.
func phoneState(p *model.Phone) (number, state string) {
	switch {
	case p == nil:
		return "—", "not set"
	case p.Verified():
		return model.FormatPhone(p.Number), "verified " + p.VerifiedAt.UTC().Format(common.DateLayout)
	}
	return model.FormatPhone(p.Number), "waiting for its code"
}

// slotTitle is a slot's name at the start of a line: "Mobile number".
func slotTitle(backup bool) string {
	name := model.PhoneSlot(backup)
	return strings.ToUpper(name[:1]) + name[1:]
}
