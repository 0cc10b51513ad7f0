package profile

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// Texts tests look for.
const (
	recoveryTitle = "Recovery codes"
	recoveryNote  = "Each code signs you in once in place of a code from your app, if you lose your phone. Store the codes somewhere safe now: they will not be shown again."
	recoveryFile  = "acctl-recovery-codes.txt"
	// TwoFactorOnText is said once the codes of a new setup are stored.
	TwoFactorOnText = "Two-factor authentication is on. Signing in now asks for a code from your app."
)

// recoverySecret is the panel that shows the recovery codes once (R-2FA-4).
func recoverySecret(codes []string) *components.Secret {
	return &components.Secret{Title: recoveryTitle, Value: strings.Join(codes, "\n"), Note: recoveryNote, File: recoveryFile, Several: true}
}

// codeRefused turns a wrong or used code, which the model answers as
// EUNAUTHORIZED like a wrong password, into a refusal the password prompt
// hands to the screen: a code is typed again on the screen, not in the
// prompt.
func codeRefused(err error) error {
	switch err {
	case model.ErrWrongCode, model.ErrWrongSetupCode, model.ErrCodeUsed:
		return &model.Error{Code: model.EINVALID, Message: model.ErrorMessage(err)}
	}
	return err
}

const turnOffID = "twofactor.turn-off"

// turnOffScreen turns 2FA off with a current code, from the app or a
// recovery code, and the password (R-2FA-6, R-PWD-4).
type turnOffScreen struct {
	components.FormPage
	code string
}

func newTurnOffScreen(env *common.Env) *turnOffScreen {
	s := &turnOffScreen{}
	intro := "Signing in will then ask for your password only. Type a code from your app, or a recovery code if you lost your phone."
	if env.Me.Account.Enforce2FA {
		intro += " Your account requires two-factor authentication, so you will set it up again before anything else."
	}
	s.FormPage = components.NewFormPage(env, "Turn two-factor authentication off", intro, func() []huh.Field {
		return []huh.Field{components.TextInput("Current code", &s.code, func(v string) error {
			return components.FieldErr(model.ValidateSecondFactor(v))
		}).Placeholder("123 456")}
	})
	return s
}

func (s *turnOffScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if m, ok := msg.(components.ActionDoneMsg); ok && m.ID == turnOffID {
		return s, s.Confirmed(m, func(components.Result) tea.Cmd {
			s.Env.Nav.Close(s, "Two-factor authentication is off.")
			return tea.Batch(common.Emit(common.MeChangedMsg{}),
				components.OfferToCloseOtherSessions(s.Env, "Two-factor authentication is off")) // R-PWD-6
		})
	}
	cmd, complete := s.Take(s, msg)
	if !complete {
		return s, cmd
	}
	code := s.code
	s.Ask(components.Action{
		ID:     turnOffID,
		Reason: "To turn two-factor authentication off, type your password.",
		Run: func(ctx context.Context, svc *model.Service, password string) (components.Result, error) {
			return components.Result{}, codeRefused(svc.DisableTwoFactor(ctx, password, code))
		},
	})
	return s, nil
}
