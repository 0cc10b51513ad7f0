package profile

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

const emailID = "profile.email"

// emailScreen changes the email the user signs in with (R-ACC-2): the new
// address, then the password (R-PWD-4). A wrong password stays in the
// prompt; an address that is taken comes back here, as typed.
type emailScreen struct {
	components.FormPage
	email string
}

func newEmailScreen(env *common.Env) *emailScreen {
	s := &emailScreen{}
	current := env.Me.User.Email
	intro := "Now " + current + ". You sign in with your email, and notices go to it."
	s.FormPage = components.NewFormPage(env, "Change email", intro, func() []huh.Field {
		return []huh.Field{components.TextInput("New email", &s.email, func(v string) error {
			email, err := model.ValidateEmail(v)
			switch {
			case err != nil:
				return components.FieldErr(err)
			case email == current:
				return errors.New("That is already your email address. Type a different one.")
			}
			return nil
		}).Placeholder("you@example.com")}
	})
	return s
}

func (s *emailScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if m, ok := msg.(components.ActionDoneMsg); ok && m.ID == emailID {
		return s, s.Confirmed(m, s.changed)
	}
	cmd, complete := s.Take(s, msg)
	if !complete {
		return s, cmd
	}
	email, _ := model.ValidateEmail(s.email)
	s.Ask(components.Action{
		ID:     emailID,
		Reason: "To change your email to " + email + ", type your password.",
		Run: func(ctx context.Context, svc *model.Service, password string) (components.Result, error) {
			u, err := svc.ChangeEmail(ctx, email, password)
			return components.Result{Value: u}, err
		},
	})
	return s, nil
}

// changed says the address as the model stored it.
func (s *emailScreen) changed(res components.Result) tea.Cmd {
	u := res.Value.(*model.User)
	s.Env.Nav.Close(s, "Your email is now "+common.CleanLine(u.Email)+". Sign in with it from now on.")
	return common.Emit(common.MeChangedMsg{})
}
