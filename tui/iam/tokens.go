package iam

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// rotateWarning is said, word for word, before a rotation asks for the
// password (seed 002, R-TOK-2).
const rotateWarning = "Generating a new key will replace the existing one; calls with the old key will fail."

// tokenRevealNote goes with a new key in the secret panel.
const tokenRevealNote = "This key cannot be shown again: acctl keeps only a hash of it. Copy it or save it to a file now, and give it only to the program that needs it."

// tokenFile is the file name the secret panel suggests for a key.
const tokenFile = "acctl-api-key.txt"

var tokenKeys = struct{ New, Revoke, Rotate, Details key.Binding }{
	New:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new")),
	Revoke:  key.NewBinding(key.WithKeys("d", "x"), key.WithHelp("d", "revoke")),
	Rotate:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "rotate")),
	Details: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
}

// IDs of the API keys screen's question and password prompts.
const (
	tokenRevokeQuestion = "tokens.revoke"
	tokenAction         = "tokens.action"
)

// Tokens is "API keys" (R-TOK-1..3): the keys the caller may see (an owner
// every key of the account, a manager their own) with name, access,
// expiry, prefix, last use and issuer; new, revoke and rotate go through
// the password prompt (R-PWD-4), and a new secret through the secret
// panel, once.
type Tokens struct {
	*components.List[*model.APIToken]
	asked components.Asked[*model.APIToken]
}

// NewTokens opens API keys.
func NewTokens(env *common.Env) common.Screen {
	id := func(t *model.APIToken) int64 { return t.ID }
	fetch := components.SliceFetch(func(ctx context.Context, svc *model.Service) ([]*model.APIToken, error) {
		return svc.ListTokens(ctx)
	}, id)
	return &Tokens{List: &components.List[*model.APIToken]{
		Env: env, Win: components.NewWindow(env, fetch, id), Name: "API keys", Reload: 10,
		Empty: "No API keys yet. Press n to create one for a program that calls the acctl API.",
		Table: components.Table[*model.APIToken]{
			Cols: []common.Column{{Title: "Name", Width: 16}, {Title: "Access", Width: 10}, {Title: "Expires", Width: 10},
				{Title: "Prefix", Width: 14, Drop: 2}, {Title: "Last used", Width: 16, Drop: 1}, {Title: "Issuer", Width: 18, Drop: 3},
				{Title: "Created", Width: 16, Drop: 4}},
			Row: func(l common.Layout, b *strings.Builder, t *model.APIToken) {
				l.Row(b, t.Name, string(t.Access), expiryCell(t, env.Now()), t.Prefix+"…", orNever(t.LastUsedAt), t.IssuerEmail,
					t.CreatedAt.UTC().Format(common.MinuteLayout))
			},
			Faded: func(t *model.APIToken) bool { return !t.Active(env.Now()) },
		},
		Detail: func(t *model.APIToken) string {
			return t.Name + " · " + t.Prefix + "… · " + t.Access.Title() + " · " + tokenState(t, env.Now()) + " · last used " + orNever(t.LastUsedAt) +
				" · issued by " + issuer(t) + " on " + t.CreatedAt.UTC().Format(common.MinuteLayout)
		},
	}}
}

// expiryCell is the Expires column: the state when the key no longer
// works, else the day it stops.
func expiryCell(t *model.APIToken, now time.Time) string {
	switch {
	case t.RevokedAt != nil:
		return "REVOKED"
	case t.Expired(now):
		return "EXPIRED"
	case t.ExpiresAt == nil:
		return "never"
	}
	return t.ExpiresAt.UTC().Format(common.DateLayout)
}

// tokenState says in words whether, and until when, a key works; a key
// made "in 90 days" expires in 90 days (common.DaysLeft counts up).
func tokenState(t *model.APIToken, now time.Time) string {
	switch {
	case t.RevokedAt != nil:
		return "revoked " + t.RevokedAt.UTC().Format(common.MinuteLayout)
	case t.Expired(now):
		return "expired " + t.ExpiresAt.UTC().Format(common.MinuteLayout)
	case t.ExpiresAt == nil:
		return "never expires"
	}
	return "expires in " + common.DaysLeft(t.ExpiresAt.Sub(now)) + " (" + t.ExpiresAt.UTC().Format(common.MinuteLayout) + " UTC)"
}

func issuer(t *model.APIToken) string {
	if t.IssuerName == "" {
		return t.IssuerEmail
	}
	return t.IssuerName + " <" + t.IssuerEmail + ">"
}

func (s *Tokens) Title() string { return "API keys" }

// Keys are new, and for the selected key what applies to it, then moving.
func (s *Tokens) Keys() []key.Binding {
	k := tokenKeys
	t, ok := s.Selected()
	k.Details.SetEnabled(ok)
	k.Revoke.SetEnabled(ok && t.RevokedAt == nil)
	k.Rotate.SetEnabled(ok && t.RevokedAt == nil && t.UserID == s.Env.Me.User.ID)
	return append([]key.Binding{k.New, k.Details, k.Revoke, k.Rotate}, s.List.Keys()...)
}

func (s *Tokens) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case components.AnsweredMsg:
		if kind, t, yes := s.asked.Answered(msg); kind != "" && yes {
			s.revoke(t)
		}
		return s, nil
	case components.ActionDoneMsg:
		if msg.ID == tokenAction {
			return s, listDone(s.List, msg)
		}
		return s, nil
	case tea.KeyPressMsg:
		if cmd, ok := s.onKey(msg); ok {
			return s, cmd
		}
	}
	cmd, _ := s.List.Update(msg)
	return s, cmd
}

// onKey handles the screen's own keys; ok is false for the list's.
func (s *Tokens) onKey(msg tea.KeyPressMsg) (cmd tea.Cmd, ok bool) {
	k := tokenKeys
	if key.Matches(msg, k.New) {
		s.Env.Nav.Push(newTokenForm(s.Env))
		return nil, true
	}
	t, selected := s.Selected()
	switch {
	case !selected || !key.Matches(msg, k.Details, k.Revoke, k.Rotate):
		return nil, false
	case key.Matches(msg, k.Details):
		s.Env.Nav.Push(newTokenDetails(s.Env, t))
	case t.RevokedAt != nil:
		s.Env.FlashErr("That key is revoked: create a new key with n instead.")
	case key.Matches(msg, k.Revoke):
		s.asked.Ask(s.Env, tokenRevokeQuestion,
			fmt.Sprintf("Revoke the API key %q (%s…)? Programs that use it will be refused at once.", t.Name, t.Prefix), t)
	case t.UserID != s.Env.Me.User.ID:
		s.Env.FlashError(model.ErrRotateOthersToken)
	default:
		s.rotate(t)
	}
	return nil, true
}

// revoke asks for the password and revokes the key the question was about
// (R-TOK-2).
func (s *Tokens) revoke(t *model.APIToken) {
	id, done := t.ID, fmt.Sprintf("API key %q revoked.", t.Name)
	components.RunWithPassword(s.Env, components.Action{ID: tokenAction, Reason: fmt.Sprintf("To revoke the API key %q, type your password.", t.Name),
		Run: func(ctx context.Context, svc *model.Service, password string) (components.Result, error) {
			if err := svc.RevokeToken(ctx, id, password); err != nil {
				return components.Result{}, err
			}
			return components.Result{Value: done}, nil
		}})
}

// rotate says what rotation does, asks for the password and shows the new
// key once (R-TOK-2).
func (s *Tokens) rotate(t *model.APIToken) {
	id, name := t.ID, t.Name
	components.RunWithPassword(s.Env, components.Action{ID: tokenAction,
		Reason: rotateWarning + fmt.Sprintf(" To rotate %q, type your password.", name),
		Run: func(ctx context.Context, svc *model.Service, password string) (components.Result, error) {
			secret, _, err := svc.RotateToken(ctx, id, password)
			if err != nil {
				return components.Result{}, err
			}
			return components.Result{
				Secret: &components.Secret{Title: fmt.Sprintf("The new key for %q", name), Value: secret, Note: tokenRevealNote, File: tokenFile},
				Value:  fmt.Sprintf("API key %q rotated: the old key no longer works.", name),
			}, nil
		}})
}
