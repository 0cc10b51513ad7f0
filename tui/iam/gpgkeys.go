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

var gpgKeyKeys = struct{ Add, Delete, Show key.Binding }{
	Add:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add")),
	Delete: key.NewBinding(key.WithKeys("d", "x"), key.WithHelp("d", "delete")),
	Show:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
}

const gpgKeyDeleteQuestion = "gpgkeys.delete"

// GPGKeys is the GPG half of "SSH & GPG keys" (R-SSH-4): the keys the
// caller may see (an owner every key of the account, with its owner; a
// manager their own, R-ACC-4) with key ID, algorithm, first user ID,
// expiry and creation. Add a pasted armoured public key (read and shown
// before the password, R-PWD-4), show a key's details and armoured text,
// delete with confirmation.
type GPGKeys struct {
	*keyList[*model.GPGKey]
}

// newGPGKeys opens the GPG keys list.
func newGPGKeys(env *common.Env) *GPGKeys {
	id := func(k *model.GPGKey) int64 { return k.ID }
	fetch := components.SliceFetch(func(ctx context.Context, svc *model.Service) ([]*model.GPGKey, error) {
		return svc.ListGPGKeys(ctx)
	}, id)
	owners := env.Me.Can(model.ActionManageOthersKeys)
	cols := []common.Column{{Title: "Key ID", Width: 16}, {Title: "Algorithm", Width: 13}, {Title: "User ID", Width: 24},
		{Title: "Expires", Width: 10, Drop: 1}, {Title: "Created", Width: 10, Drop: 3}}
	if owners { // whose a key is says more than when it was made
		cols = append(cols, common.Column{Title: "Owner", Width: 20, Drop: 2})
	}
	s := &GPGKeys{&keyList[*model.GPGKey]{List: &components.List[*model.GPGKey]{
		Env: env, Win: components.NewWindow(env, fetch, id), Name: "GPG keys", Reload: 10,
		Empty: "No GPG keys yet. Press a to add your public key (gpg --armor --export YOUR_EMAIL).",
		Table: components.Table[*model.GPGKey]{
			Cols: cols,
			Row: func(l common.Layout, b *strings.Builder, k *model.GPGKey) {
				l.Row(b, k.KeyID, k.Algorithm, firstUserID(k), expiryCellGPG(k, env.Now()), k.KeyCreatedAt.UTC().Format(common.DateLayout), k.OwnerEmail)
			},
			Faded: func(k *model.GPGKey) bool { return gpgExpired(k, env.Now()) },
		},
		Detail: func(k *model.GPGKey) string {
			d := k.KeyID + " · " + k.Algorithm + " · " + firstUserID(k) + " · " + gpgExpiryPhrase(k, env.Now()) +
				" · created " + k.KeyCreatedAt.UTC().Format(common.DateLayout) + " · added " + k.CreatedAt.UTC().Format(common.DateLayout)
			if owners {
				d += " · owner " + gpgOwner(k)
			}
			return d
		},
	},
		remove: func(ctx context.Context, svc *model.Service, k *model.GPGKey) error {
			return svc.DeleteGPGKey(ctx, k.ID)
		},
		gone: func(k *model.GPGKey) string { return "GPG key " + k.KeyID + " deleted." },
	}}
	s.onKey = s.keyPressed
	return s
}

// firstUserID is a key's first user ID, with how many more it has:
// "Ada Lovelace <ada@example.com> (+1)".
func firstUserID(k *model.GPGKey) string {
	switch len(k.UserIDs) {
	case 0:
		return "(no user ID)"
	case 1:
		return k.UserIDs[0]
	}
	return fmt.Sprintf("%s (+%d)", k.UserIDs[0], len(k.UserIDs)-1)
}

func gpgExpired(k *model.GPGKey, now time.Time) bool {
	return k.ExpiresAt != nil && !now.Before(*k.ExpiresAt)
}

// expiryCellGPG is the Expires column: the day, "never" or "expired".
func expiryCellGPG(k *model.GPGKey, now time.Time) string {
	switch {
	case k.ExpiresAt == nil:
		return "never"
	case gpgExpired(k, now):
		return "expired"
	}
	return k.ExpiresAt.UTC().Format(common.DateLayout)
}

// gpgExpiry says when a key expires, as the Expires field reads: "never",
// "2027-01-05 12:00 UTC (in 405 days)", "expired 2026-01-06 12:00 UTC".
func gpgExpiry(k *model.GPGKey, now time.Time) string {
	if k.ExpiresAt == nil {
		return "never"
	}
	at := k.ExpiresAt.UTC().Format(common.MinuteLayout) + " UTC"
	if gpgExpired(k, now) {
		return "expired " + at
	}
	return at + " (in " + common.DaysLeft(k.ExpiresAt.Sub(now)) + ")"
}

// gpgExpiryPhrase is gpgExpiry in a sentence's words: "never expires",
// "expires 2027-01-05 12:00 UTC (in 405 days)", "expired …".
func gpgExpiryPhrase(k *model.GPGKey, now time.Time) string {
	switch {
	case k.ExpiresAt == nil:
		return "never expires"
	case gpgExpired(k, now):
		return gpgExpiry(k, now)
	}
	return "expires " + gpgExpiry(k, now)
}

func gpgOwner(k *model.GPGKey) string {
	if k.OwnerName == "" {
		return k.OwnerEmail
	}
	return k.OwnerName + " <" + k.OwnerEmail + ">"
}

// Keys are add, and details and delete while a key is selected.
func (s *GPGKeys) Keys() []key.Binding {
	k := gpgKeyKeys
	_, ok := s.Selected()
	k.Show.SetEnabled(ok)
	k.Delete.SetEnabled(ok)
	return append([]key.Binding{k.Add, k.Show, k.Delete}, s.List.Keys()...)
}

// keyPressed handles the list's own keys; false for the movement keys.
func (s *GPGKeys) keyPressed(msg tea.KeyPressMsg, x *model.GPGKey, selected bool) bool {
	k := gpgKeyKeys
	switch {
	case key.Matches(msg, k.Add):
		s.Env.Nav.Push(newAddGPGKeyForm(s.Env))
	case selected && key.Matches(msg, k.Show):
		s.Env.Nav.Push(newGPGKeyScreen(s.Env, x))
	case selected && key.Matches(msg, k.Delete):
		of := ""
		if x.UserID != s.Env.Me.User.ID {
			of = " of " + gpgOwner(x)
		}
		s.asked.Ask(s.Env, gpgKeyDeleteQuestion, fmt.Sprintf("Delete the GPG key %s (%s, %s)%s? acctl forgets it; the key itself, in gpg, is not touched.",
			x.KeyID, x.Algorithm, firstUserID(x), of), x)
	default:
		return false
	}
	return true
}
