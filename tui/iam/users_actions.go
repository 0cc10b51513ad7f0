package iam

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

// IDs of the Users screen's questions and password prompts.
const (
	usersDisableQuestion = "users.disable"
	usersCancelQuestion  = "users.cancel"
	usersAction          = "users.action"
)

// userCheckedMsg is the model's answer, before any password, to a role
// change or a disabling: refused (err) or, for a disabling, what goes with
// the user (R-ACC-5, R-USR-3).
type userCheckedMsg struct {
	screen *Users
	row    *model.UserRow
	role   model.Role // the role asked for; "" for a disabling
	impact *model.DisableImpact
	err    error
}

// onActionKey starts an action on the selected user, or says why the key
// does nothing for them.
func (s *Users) onActionKey(msg tea.KeyPressMsg) tea.Cmd {
	x, ok := s.win.Selected()
	k := usersKeys
	switch {
	case !ok:
		return nil
	case key.Matches(msg, k.Role):
		return s.checkRole(x)
	case key.Matches(msg, k.Disable) && x.Status == model.UserActive:
		return s.checkDisable(x)
	case key.Matches(msg, k.Enable) && x.Status == model.UserDisabled:
		s.enable(x)
	case key.Matches(msg, k.Resend) && x.Status == model.UserInvited:
		s.resend(x)
	case key.Matches(msg, k.CancelInvitation) && x.Status == model.UserInvited:
		s.asked.Ask(s.env, usersCancelQuestion, fmt.Sprintf("Cancel the invitation of %s? The invited user is removed and the code in their email stops working.", x.Email), x)
	case key.Matches(msg, k.Sessions) && x.Status == model.UserActive:
		s.env.Nav.Push(newUserSessions(s.env, x))
	case key.Matches(msg, k.ResetCode):
		s.issueResetCode(x)
	case key.Matches(msg, k.Disable, k.Enable, k.Resend, k.CancelInvitation, k.Sessions):
		s.env.FlashErr(notApplicable(x))
	}
	return nil
}

// notApplicable says why an action key does nothing for x.
func notApplicable(x *model.UserRow) string {
	switch x.Status {
	case model.UserInvited:
		return "Not accepted yet: s re-sends the invitation, X cancels it."
	case model.UserDisabled:
		return userLabel(x) + " is disabled: e enables them."
	}
	return userLabel(x) + " is active: x disables them."
}

// checkRole asks the model whether x's role may change before asking for
// the password, so that an R-ACC-5 refusal is said first.
func (s *Users) checkRole(x *model.UserRow) tea.Cmd {
	role := model.RoleOwner
	if x.Role == model.RoleOwner {
		role = model.RoleManager
	}
	me, id := s, x.ID
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		return userCheckedMsg{screen: me, row: x, role: role, err: svc.CheckChangeRole(ctx, id, role)}
	})
}

// checkDisable asks what goes with x, or why x cannot be disabled.
func (s *Users) checkDisable(x *model.UserRow) tea.Cmd {
	me, id := s, x.ID
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		impact, err := svc.DisableImpact(ctx, id)
		return userCheckedMsg{screen: me, row: x, impact: impact, err: err}
	})
}

// checked goes on with a change the model allows, or says why not.
func (s *Users) checked(msg userCheckedMsg) tea.Cmd {
	x := msg.row
	switch {
	case msg.err != nil:
		s.env.FlashError(msg.err)
	case msg.role != "":
		s.changeRole(x, msg.role)
	default:
		s.asked.Ask(s.env, usersDisableQuestion, fmt.Sprintf("Disable %s? These go with them: %s. They cannot sign in until an owner enables them again.",
			userLabel(x), msg.impact.Summary()), x)
	}
	return nil
}

// answered opens the password step of a confirmed disabling or
// cancellation.
func (s *Users) answered(msg components.AnsweredMsg) tea.Cmd {
	switch kind, x, yes := s.asked.Answered(msg); {
	case !yes:
	case kind == usersDisableQuestion:
		s.disable(x)
	case kind == usersCancelQuestion:
		s.cancelInvitation(x)
	}
	return nil
}

// userDone is what a user action hands back: the sentence to say, and
// whether it changed the signed-in user.
type userDone struct {
	sentence string
	me       bool
}

// userAction asks for the password and runs change; done is what is said
// when it is made.
func (s *Users) userAction(reason string, done userDone, change func(ctx context.Context, svc *model.Service, password string) error) {
	components.RunWithPassword(s.env, components.Action{ID: usersAction, Reason: reason,
		Run: func(ctx context.Context, svc *model.Service, password string) (components.Result, error) {
			if err := change(ctx, svc, password); err != nil {
				return components.Result{}, err
			}
			return components.Result{Value: done}, nil
		}})
}

func (s *Users) changeRole(x *model.UserRow, role model.Role) {
	id, label := x.ID, userLabel(x)
	done := userDone{sentence: fmt.Sprintf("%s is now %s.", label, role.WithArticle()), me: id == s.env.Me.User.ID}
	s.userAction(fmt.Sprintf("%s becomes %s. To change the role, type your password.", label, role.WithArticle()),
		done,
		func(ctx context.Context, svc *model.Service, password string) error {
			_, err := svc.ChangeRole(ctx, id, role, password)
			return err
		})
}

func (s *Users) disable(x *model.UserRow) {
	id, label := x.ID, userLabel(x)
	s.userAction("To disable "+label+", type your password.",
		userDone{sentence: label + " is disabled: their sessions ended and their API keys were revoked."},
		func(ctx context.Context, svc *model.Service, password string) error {
			_, err := svc.DisableUser(ctx, id, password)
			return err
		})
}

func (s *Users) enable(x *model.UserRow) {
	id, label := x.ID, userLabel(x)
	s.userAction(label+" can sign in again; API keys revoked when they were disabled stay revoked. To enable "+label+", type your password.",
		userDone{sentence: label + " is enabled."},
		func(ctx context.Context, svc *model.Service, password string) error {
			_, err := svc.EnableUser(ctx, id, password)
			return err
		})
}

func (s *Users) resend(x *model.UserRow) {
	id, email := x.ID, x.Email
	components.RunWithPassword(s.env, components.Action{ID: usersAction,
		Reason: "A new invitation goes to " + email + ", valid for 7 days; the code of the earlier one stops working. To re-send it, type your password.",
		Run: func(ctx context.Context, svc *model.Service, password string) (components.Result, error) {
			_, code, err := svc.ResendInvitation(ctx, id, password)
			if err != nil {
				return components.Result{}, err
			}
			return components.Result{Value: userDone{sentence: "Invitation sent again to " + email + "."}, Secret: invitationSecret(email, code)}, nil
		}})
}

// invitationSecret is the invitation code to hand over when no mail server
// is configured (R-PWD-7): shown once, to the inviter; nil when the email
// carries it.
func invitationSecret(email, code string) *components.Secret {
	if code == "" {
		return nil
	}
	return &components.Secret{Title: "Invitation code for " + email, Value: code, File: "acctl-invitation.txt",
		Note: "No mail server is configured, so the invitation email cannot reach " + email + ". Give them this code yourself, by a way only they read; it works once, for 7 days, at \"I have an invitation\" on acctl's sign-in screen."}
}

func (s *Users) cancelInvitation(x *model.UserRow) {
	id, email := x.ID, x.Email
	s.userAction("To cancel the invitation of "+email+", type your password.",
		userDone{sentence: "The invitation of " + email + " is cancelled."},
		func(ctx context.Context, svc *model.Service, password string) error {
			return svc.CancelInvitation(ctx, id, password)
		})
}

// actionDone says how a user action ended and reads the list again; a
// change of the signed-in user's own role reloads them, and the menu with
// them (R-ACC-4).
func (s *Users) actionDone(msg components.ActionDoneMsg) tea.Cmd {
	switch {
	case msg.ID != usersAction || msg.Cancelled:
		return nil
	case msg.Err != nil:
		s.env.FlashError(msg.Err)
		return s.reload()
	}
	done, _ := msg.Result.Value.(userDone)
	s.env.Flash(done.sentence)
	if done.me {
		return tea.Batch(s.reload(), common.Emit(common.MeChangedMsg{}))
	}
	return s.reload()
}

// invite opens "Invite user" (R-USR-1): email and role, then the password
// (R-PWD-4). An address in use anywhere (R-ACC-2) comes back to the form
// with what was typed.
func (s *Users) invite() tea.Cmd {
	f := newInviteForm(s.env)
	s.env.Nav.Push(f)
	return nil
}

func newInviteForm(env *common.Env) *formScreen {
	email, role := "", string(model.RoleManager)
	return newFormScreen(env, formSpec{
		title: "Invite user",
		intro: "They get an email with a code, valid for 7 days, to accept from acctl's sign-in screen (\"I have an invitation\").",
		fields: func() []huh.Field {
			return []huh.Field{
				components.TextInput("Email", &email, components.Check(model.ValidateEmail)).Placeholder("name@example.com"),
				huh.NewSelect[string]().Title("Role").Description("←/→ to choose").Value(&role).Inline(true).Options(
					huh.NewOption("Manager (everything but user management)", string(model.RoleManager)),
					huh.NewOption("Owner (full access)", string(model.RoleOwner))),
			}
		},
		submit: func() submission {
			email, role := email, model.Role(role)
			return submission{action: components.Action{
				Reason: "To send the invitation to " + email + ", type your password.",
				Run: func(ctx context.Context, svc *model.Service, password string) (components.Result, error) {
					u, code, err := svc.InviteUser(ctx, email, role, password)
					if err != nil {
						return components.Result{}, err
					}
					return components.Result{Value: "Invitation sent to " + u.Email + ", valid for 7 days.", Secret: invitationSecret(u.Email, code)}, nil
				},
			}}
		},
	})
}

// resetRefusal is why no reset code can be issued for x (R-PWD-7): the
// model's rule, asked of the row drawn; nil when one can.
func (s *Users) resetRefusal(x *model.UserRow) error {
	me := s.env.Me.User
	return model.CheckIssueResetCode(me, &model.User{ID: x.ID, AccountID: me.AccountID, Name: x.Name, Email: x.Email, Role: x.Role, Status: x.Status})
}

// issueResetCode asks for the password and shows x's new reset code once,
// to hand over (R-PWD-7), or says why there is none to issue.
func (s *Users) issueResetCode(x *model.UserRow) {
	if err := s.resetRefusal(x); err != nil {
		s.env.FlashError(err)
		return
	}
	id, label, email := x.ID, userLabel(x), x.Email
	ttl := model.HumanDuration(model.ResetCodeTTL)
	components.RunWithPassword(s.env, components.Action{ID: usersAction,
		Reason: "A single-use code that sets a new password for " + label + ", valid " + ttl + ", shown to you once to hand over; " +
			label + " is told that you issued it. To issue it, type your password.",
		Run: func(ctx context.Context, svc *model.Service, password string) (components.Result, error) {
			code, err := svc.IssueResetCode(ctx, id, password)
			if err != nil {
				return components.Result{}, err
			}
			return components.Result{Secret: resetSecret(label, email, ttl, code),
				Value: userDone{sentence: "Reset code issued for " + label + ", valid " + ttl + "; they have been notified."}}, nil
		}})
}

// resetSecret is an owner-issued reset code in the secret panel, with how
// its user uses it (R-PWD-7).
func resetSecret(label, email, ttl, code string) *components.Secret {
	return &components.Secret{Title: "Reset code for " + label, Value: code, File: "acctl-reset-code.txt",
		Note: "Hand it to " + label + " by a way only they read. On acctl's sign-in screen: ctrl+r (Forgot password), " + email +
			", ctrl+o (I have a code), then this code and a new password. It works once, for " + ttl + ", and ends their sessions. " +
			label + " has been notified, without the code."}
}
