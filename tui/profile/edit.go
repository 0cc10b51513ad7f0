package profile

import (
	"context"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// savedMsg answers a change a form screen made without the password
// prompt.
type savedMsg struct {
	screen common.Screen
	err    error
}

// nameScreen edits the user's name, as the other users of the account see
// it.
type nameScreen struct {
	components.FormPage
	name string
}

func newNameScreen(env *common.Env) *nameScreen {
	s := &nameScreen{name: env.Me.User.Name}
	s.FormPage = components.NewFormPage(env, "Edit name", "Your name as the other users of your account see it.", func() []huh.Field {
		return []huh.Field{components.TextInput("Name", &s.name, components.Check(model.ValidatePersonName))}
	})
	return s
}

func (s *nameScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if m, ok := msg.(savedMsg); ok && m.screen == s {
		if m.err != nil {
			return s, s.Refused(m.err)
		}
		s.Env.Nav.Close(s, "Name saved.")
		return s, common.Emit(common.MeChangedMsg{})
	}
	cmd, complete := s.Take(s, msg)
	if !complete {
		return s, cmd
	}
	name, me := s.name, s
	return s, s.Run("Saving…", func(ctx context.Context, svc *model.Service) tea.Msg {
		_, err := svc.ChangeName(ctx, name)
		return savedMsg{me, err}
	})
}

// passwordScreen changes the password with the current one (R-PWD-2); the
// user's other sessions end, this console stays signed in.
type passwordScreen struct {
	components.FormPage
	current, next, repeat string
}

func newPasswordScreen(env *common.Env) *passwordScreen {
	s := &passwordScreen{}
	me := env.Me
	s.FormPage = components.NewFormPage(env, "Change password", "Your other sessions will be signed out; this console stays signed in.", func() []huh.Field {
		pw, again := components.NewPasswordInputs("New password", "At least 12 characters; a few unrelated words work well.", &s.next, &s.repeat,
			func(v string) error {
				return model.CheckPasswordPolicy(v, me.User.Name, me.User.Email, me.Account.CompanyName)
			})
		return []huh.Field{components.PasswordInput("Current password", &s.current), pw, again}
	})
	return s
}

func (s *passwordScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if m, ok := msg.(savedMsg); ok && m.screen == s {
		return s, s.changed(m.err)
	}
	cmd, complete := s.Take(s, msg)
	if !complete {
		return s, cmd
	}
	current, next, me := s.current, s.next, s
	return s, s.Run("Changing the password…", func(ctx context.Context, svc *model.Service) tea.Msg {
		return savedMsg{me, svc.ChangePassword(ctx, current, next)}
	})
}

// changed closes the screen, or shows the refusal with the new password
// kept; a wrong current password is cleared, as sign-in does, and the form
// starts on it again.
func (s *passwordScreen) changed(err error) tea.Cmd {
	if err == nil {
		s.Env.Nav.Close(s, "Password changed. Your other sessions have been signed out.")
		return nil
	}
	if model.ErrorCode(err) == model.EUNAUTHORIZED {
		s.current = ""
	}
	return s.Refused(err)
}
