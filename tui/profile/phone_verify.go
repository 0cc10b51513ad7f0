package profile

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// codeSentMsg answers an added number or a new code: the number the code
// went to, and, in --demo, the code the text message carries.
type codeSentMsg struct {
	screen common.Screen
	phone  *model.Phone
	demo   string
	err    error
}

// phoneNumberScreen asks for a mobile or backup number and sends it a code
// (R-2FA-9).
type phoneNumberScreen struct {
	components.FormPage
	backup bool
	number string
}

func newPhoneNumberScreen(env *common.Env, backup bool, number string) *phoneNumberScreen {
	s := &phoneNumberScreen{backup: backup, number: number}
	s.FormPage = components.NewFormPage(env, "Add your "+model.PhoneSlot(backup),
		"Type the number with its country code. A 6-digit code goes to it by SMS, to type here next.", func() []huh.Field {
			return []huh.Field{components.TextInput(slotTitle(backup), &s.number, components.Check(model.NormalizePhone)).
				Placeholder("+44 7700 900123")}
		})
	return s
}

// addPhoneID tags the password prompt of a new number.
const addPhoneID = "profile.phone.add"

func (s *phoneNumberScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if m, ok := msg.(components.ActionDoneMsg); ok && m.ID == addPhoneID {
		return s, s.Confirmed(m, func(r components.Result) tea.Cmd {
			sent := r.Value.(codeSentMsg)
			s.Env.Nav.Replace(newPhoneCodeScreen(s.Env, sent.phone, codeSentText(sent.phone, sent.demo)))
			return nil
		})
	}
	if s.Asking() {
		return s, nil
	}
	cmd, complete := s.Take(s, msg)
	if !complete {
		return s, cmd
	}
	s.Ask(s.addPhone())
	return s, nil
}

// addPhone adds the number after the password (R-PWD-4): a number that can
// receive sign-in codes is a second factor, and its owner gets a notice
// (R-PWD-6). The number is checked before the password.
func (s *phoneNumberScreen) addPhone() components.Action {
	number, backup := s.number, s.backup
	inbox, email := s.Env.Demo.Inbox, s.Env.Me.User.Email
	return components.Action{ID: addPhoneID, Reason: "A number that receives sign-in codes is a way into your account. To add it, type your password.",
		Run: func(ctx context.Context, svc *model.Service, pw string) (components.Result, error) {
			p, err := svc.AddPhone(ctx, number, backup, pw)
			if err != nil {
				return components.Result{}, err
			}
			demo := ""
			if inbox != nil {
				demo = inbox(ctx, email)
			}
			return components.Result{Value: codeSentMsg{phone: p, demo: demo}}, nil
		}}
}

// sendCode runs send, which makes a code go to a number, and reads the
// demo's inbox for it.
func sendCode(env *common.Env, screen common.Screen, send func(ctx context.Context, svc *model.Service) (*model.Phone, error)) func(context.Context, *model.Service) tea.Msg {
	inbox, email := env.Demo.Inbox, env.Me.User.Email
	return func(ctx context.Context, svc *model.Service) tea.Msg {
		p, err := send(ctx, svc)
		demo := ""
		if err == nil && inbox != nil {
			demo = inbox(ctx, email)
		}
		return codeSentMsg{screen: screen, phone: p, demo: demo, err: err}
	}
}

// codeSentText says where the code went, and in --demo what it is.
func codeSentText(p *model.Phone, demo string) string {
	text := "A code is on its way to " + model.FormatPhone(p.Number) + " by SMS. It works for 5 minutes. Nothing after a minute? ctrl+r sends a new one."
	if demo != "" {
		text += " Demo: the text message says " + demo + "."
	}
	return text
}

var phoneCodeKeys = struct{ NewCode key.Binding }{
	NewCode: key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "send a new code")),
}

// phoneCodeScreen takes back the code sent to a number, which verifies it
// (R-2FA-9); ctrl+r sends a new code.
type phoneCodeScreen struct {
	components.FormPage
	phone *model.Phone
	code  string
}

func newPhoneCodeScreen(env *common.Env, p *model.Phone, intro string) *phoneCodeScreen {
	s := &phoneCodeScreen{phone: p}
	s.FormPage = components.NewFormPage(env, "Verify your "+p.Slot(), intro, func() []huh.Field {
		return []huh.Field{components.TextInput("Code", &s.code, nil).Placeholder("123 456")}
	})
	s.Extra = []key.Binding{phoneCodeKeys.NewCode}
	return s
}

func (s *phoneCodeScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch m := msg.(type) {
	case codeSentMsg:
		if m.screen == s {
			return s, s.sent(m)
		}
	case savedMsg:
		if m.screen == s {
			return s, s.verified(m.err)
		}
	case tea.KeyPressMsg:
		if key.Matches(m, phoneCodeKeys.NewCode) && !s.Busy() {
			backup := s.phone.Backup
			return s, s.Run("Sending a new code…", sendCode(s.Env, s, func(ctx context.Context, svc *model.Service) (*model.Phone, error) {
				return svc.SendPhoneCode(ctx, backup)
			}))
		}
	}
	cmd, complete := s.Take(s, msg)
	if !complete {
		return s, cmd
	}
	code, backup, me := s.code, s.phone.Backup, s
	return s, s.Run("Checking the code…", func(ctx context.Context, svc *model.Service) tea.Msg {
		_, err := svc.VerifyPhone(ctx, backup, code)
		return savedMsg{me, err}
	})
}

func (s *phoneCodeScreen) sent(m codeSentMsg) tea.Cmd {
	if m.err == nil {
		s.Intro = codeSentText(m.phone, m.demo)
	}
	return s.Refused(m.err)
}

func (s *phoneCodeScreen) verified(err error) tea.Cmd {
	if err != nil {
		return s.Refused(err)
	}
	text := fmt.Sprintf("Your %s %s is verified.", s.phone.Slot(), model.FormatPhone(s.phone.Number))
	if !s.Env.Me.User.TOTPEnabled {
		text += " Sign-in offers it once two-factor authentication is on."
	}
	s.Env.Nav.Close(s, text)
	return components.OfferToCloseOtherSessions(s.Env, "Your "+s.phone.Slot()+" can now receive sign-in codes") // R-PWD-6
}
