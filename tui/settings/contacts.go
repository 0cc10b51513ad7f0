package settings

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

var contactKeys = struct{ New, Edit, Delete key.Binding }{
	New:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new contact")),
	Edit:   key.NewBinding(key.WithKeys("e", "enter"), key.WithHelp("e", "edit")),
	Delete: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "delete")),
}

const askDeleteContact = "settings.contact.delete"

type contactDeletedMsg struct {
	screen *contacts
	err    error
}

// contacts lists the account's contacts (R-SET-2) by name, read a window at
// a time; n adds one, e edits, d deletes after a question. A contact is
// not a login: their roles route the account's notifications.
type contacts struct {
	*components.List[*model.Contact]
	asked components.Asked[*model.Contact]
}

func newContacts(env *common.Env) *contacts {
	fetch := func(ctx context.Context, svc *model.Service, from **model.Contact, dir components.Dir, limit int) ([]*model.Contact, error) {
		q := model.ContactQuery{Limit: limit, Cursor: model.ContactCursor{Backward: dir == components.Backward}}
		if from != nil {
			q.Cursor = (*from).At(dir == components.Backward)
		}
		return svc.ListContacts(ctx, q)
	}
	return &contacts{List: &components.List[*model.Contact]{
		Env: env, Win: components.NewWindow(env, fetch, func(c *model.Contact) int64 { return c.ID }),
		Name: "Contacts", Empty: "No contacts yet. Press n to add the addresses that should hear about billing, support access or emergencies.",
		Table: components.Table[*model.Contact]{
			Cols: []common.Column{{Title: "Name", Width: 22}, {Title: "Email", Width: 30}, {Title: "P T B A E", Width: 9}},
			Row: func(l common.Layout, b *strings.Builder, c *model.Contact) {
				l.Row(b, c.Name, c.Email, roleMarks(c.Roles))
			},
		},
		Detail: func(c *model.Contact) string { return c.Name + " <" + c.Email + "> · " + c.Roles.Title() },
		Below: func() string {
			return env.Styles.Muted.Render("P Primary · T Technical · B Billing · A Abuse · E Emergency")
		},
	}}
}

// roleMarks is a contact's roles in five cells under "P T B A E":
// Primary, Technical, Billing, Abuse, Emergency.
func roleMarks(r model.ContactRoles) string {
	marks := make([]string, len(model.AllContactRoles))
	for i, role := range model.AllContactRoles {
		marks[i] = "·"
		if r.Has(role) {
			marks[i] = "PTBAE"[i : i+1]
		}
	}
	return strings.Join(marks, " ")
}

func (s *contacts) Title() string { return "Contacts" }
func (s *contacts) Keys() []key.Binding {
	return append([]key.Binding{contactKeys.New, contactKeys.Edit, contactKeys.Delete}, s.List.Keys()...)
}

func (s *contacts) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case components.AnsweredMsg:
		if kind, c, yes := s.asked.Answered(msg); kind != "" {
			return s, s.deleteAnswered(c, yes)
		}
	case contactDeletedMsg:
		if msg.screen == s {
			if msg.err != nil {
				s.Env.FlashError(msg.err)
			} else {
				s.Env.Flash("Contact deleted.")
			}
			return s, s.Win.Reload()
		}
	case tea.KeyPressMsg:
		if cmd, ok := s.onKey(msg); ok {
			return s, cmd
		}
	}
	cmd, _ := s.List.Update(msg)
	return s, cmd
}

func (s *contacts) onKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	c, ok := s.Selected()
	switch {
	case key.Matches(msg, contactKeys.New):
		s.Env.Nav.Push(newContactForm(s.Env, nil))
	case key.Matches(msg, contactKeys.Edit) && ok:
		s.Env.Nav.Push(newContactForm(s.Env, c))
	case key.Matches(msg, contactKeys.Delete) && ok:
		s.asked.Ask(s.Env, askDeleteContact, fmt.Sprintf("Delete the contact %s <%s>? Notifications of their roles stop reaching that address.", c.Name, c.Email), c)
	default:
		return nil, false
	}
	return nil, true
}

func (s *contacts) deleteAnswered(c *model.Contact, yes bool) tea.Cmd {
	if !yes || c == nil {
		return nil
	}
	id, me := c.ID, s
	return s.Env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		return contactDeletedMsg{me, svc.DeleteContact(ctx, id)}
	})
}

// contactForm creates or edits a contact: email, name and roles.
type contactForm struct {
	components.FormPage
	id    int64 // 0 for a new contact
	email string
	name  string
	roles []model.ContactRoles
}

func newContactForm(env *common.Env, c *model.Contact) *contactForm {
	s := &contactForm{}
	title := "New contact"
	if c != nil {
		title = "Edit contact"
		s.id, s.email, s.name = c.ID, c.Email, c.Name
		for _, r := range model.AllContactRoles {
			if c.Roles.Has(r) {
				s.roles = append(s.roles, r)
			}
		}
	}
	s.FormPage = components.NewFormPage(env, title, "A contact receives the account's notifications of its roles; it cannot sign in.", s.fields)
	return s
}

// fields are the form's, over the screen's values.
func (s *contactForm) fields() []huh.Field {
	var opts []huh.Option[model.ContactRoles]
	for _, r := range model.AllContactRoles {
		opts = append(opts, huh.NewOption(r.Title()+" — "+roleUse[r], r))
	}
	return []huh.Field{
		components.TextInput("Email", &s.email, components.Check(model.ValidateEmail)).Placeholder("billing@example.com"),
		components.TextInput("Name", &s.name, nil).Placeholder("a person, or a team"),
		huh.NewMultiSelect[model.ContactRoles]().Title("Roles").Description("space selects, enter saves").Height(len(opts) + 2).
			Options(opts...).Value(&s.roles),
	}
}

// roleUse says what each role receives (SPEC R-SET-2).
var roleUse = map[model.ContactRoles]string{
	model.ContactPrimary:   "every account notification",
	model.ContactTechnical: "support access, staff actions, ticket replies",
	model.ContactBilling:   "account details, deactivation",
	model.ContactAbuse:     "abuse reports",
	model.ContactEmergency: "2FA enforcement, owner changes",
}

func (s *contactForm) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	return s, s.Step(s, msg, s.save, s.saved)
}

func (s *contactForm) save() tea.Cmd {
	var roles model.ContactRoles
	for _, r := range s.roles {
		roles |= r
	}
	in, id := model.ContactInput{Email: s.email, Name: s.name, Roles: roles}, s.id
	return s.Send("Saving…", func(ctx context.Context, svc *model.Service) error {
		var err error
		if id == 0 {
			_, err = svc.CreateContact(ctx, in)
		} else {
			_, err = svc.UpdateContact(ctx, id, in)
		}
		return err
	})
}

func (s *contactForm) saved() tea.Cmd {
	s.Env.Nav.Close(s, "Contact saved.")
	return nil
}
