package iam

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

var sshKeyKeys = struct{ Add, Generate, Delete, Show key.Binding }{
	Add:      key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add")),
	Generate: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "generate")),
	Delete:   key.NewBinding(key.WithKeys("d", "x"), key.WithHelp("d", "delete")),
	Show:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "show")),
}

const sshKeyDeleteQuestion = "sshkeys.delete"

// SSHKeys is the SSH half of "SSH & GPG keys" (R-SSH-1, R-SSH-2): the keys
// the caller may see (an owner every key of the account, with its owner; a
// manager their own) with name, type, fingerprint, added and last used.
// Add a pasted public key, generate a pair whose private key is shown
// once, show a key's public line, delete with confirmation.
type SSHKeys struct {
	*keyList[*model.SSHKey]
}

// newSSHKeys opens the SSH keys list.
func newSSHKeys(env *common.Env) *SSHKeys {
	id := func(k *model.SSHKey) int64 { return k.ID }
	fetch := components.SliceFetch(func(ctx context.Context, svc *model.Service) ([]*model.SSHKey, error) {
		return svc.ListSSHKeys(ctx)
	}, id)
	owners := env.Me.Can(model.ActionManageOthersKeys)
	cols := []common.Column{{Title: "Name", Width: 16}, {Title: "Type", Width: 11}, {Title: "Fingerprint", Width: 20},
		{Title: "Added", Width: 10, Drop: 2}, {Title: "Last used", Width: 16, Drop: 1}}
	if owners {
		cols = append(cols, common.Column{Title: "Owner", Width: 22, Drop: 3})
	}
	s := &SSHKeys{&keyList[*model.SSHKey]{List: &components.List[*model.SSHKey]{
		Env: env, Win: components.NewWindow(env, fetch, id), Name: "SSH keys", Reload: 10,
		Empty: "No SSH keys yet. Press a to add your public key, or n to generate a new pair. → shows your GPG keys.",
		Table: components.Table[*model.SSHKey]{
			Cols: cols,
			Row: func(l common.Layout, b *strings.Builder, k *model.SSHKey) {
				l.Row(b, k.Name, k.Type, k.Fingerprint, k.CreatedAt.UTC().Format(common.DateLayout), orNever(k.LastUsedAt), k.OwnerEmail)
			},
		},
		Detail: func(k *model.SSHKey) string {
			d := k.Name + " · " + k.Type + " · " + k.Fingerprint + " · added " + k.CreatedAt.UTC().Format(common.DateLayout) +
				" · last used " + orNever(k.LastUsedAt)
			if owners {
				d += " · owner " + owner(k)
			}
			return d
		},
	},
		remove: func(ctx context.Context, svc *model.Service, k *model.SSHKey) error {
			return svc.DeleteSSHKey(ctx, k.ID)
		},
		gone: func(k *model.SSHKey) string { return fmt.Sprintf("SSH key %q deleted: it no longer signs in.", k.Name) },
	}}
	s.onKey = s.keyPressed
	return s
}

func owner(k *model.SSHKey) string {
	if k.OwnerName == "" {
		return k.OwnerEmail
	}
	return k.OwnerName + " <" + k.OwnerEmail + ">"
}

// Keys are add and generate, and show and delete while a key is selected.
func (s *SSHKeys) Keys() []key.Binding {
	k := sshKeyKeys
	_, ok := s.Selected()
	k.Show.SetEnabled(ok)
	k.Delete.SetEnabled(ok)
	return append([]key.Binding{k.Add, k.Generate, k.Show, k.Delete}, s.List.Keys()...)
}

// keyPressed handles the screen's own keys; false for the list's.
func (s *SSHKeys) keyPressed(msg tea.KeyPressMsg, x *model.SSHKey, selected bool) bool {
	k := sshKeyKeys
	switch {
	case key.Matches(msg, k.Add):
		s.Env.Nav.Push(newAddSSHKeyForm(s.Env))
	case key.Matches(msg, k.Generate):
		s.Env.Nav.Push(newGenerateSSHKeyForm(s.Env))
	case selected && key.Matches(msg, k.Show):
		s.Env.Nav.Push(newSSHKeyScreen(s.Env, x))
	case selected && key.Matches(msg, k.Delete):
		s.asked.Ask(s.Env, sshKeyDeleteQuestion,
			fmt.Sprintf("Delete the SSH key %q (%s, %s)? It will no longer sign in to acctl.", x.Name, x.Type, x.Fingerprint), x)
	default:
		return false
	}
	return true
}

var sshKeyScreenKeys = struct{ Copy key.Binding }{
	Copy: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy public key")),
}

// sshKeyScreen shows a stored key: its public key line, fingerprint and
// the rest (R-SSH-2). The public key is no secret: c copies it.
type sshKeyScreen struct {
	env   *common.Env
	k     *model.SSHKey
	width int
}

func newSSHKeyScreen(env *common.Env, k *model.SSHKey) *sshKeyScreen {
	return &sshKeyScreen{env: env, k: k}
}

func (s *sshKeyScreen) Init() tea.Cmd       { return nil }
func (s *sshKeyScreen) Title() string       { return common.CleanLine(s.k.Name) }
func (s *sshKeyScreen) Keys() []key.Binding { return []key.Binding{sshKeyScreenKeys.Copy} }
func (s *sshKeyScreen) SetSize(w, h int)    { s.width = w }

func (s *sshKeyScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, sshKeyScreenKeys.Copy) {
		s.env.Flash("Public key copied with OSC 52.")
		return s, tea.SetClipboard(s.k.PublicKey)
	}
	return s, nil
}

func (s *sshKeyScreen) View() string {
	st, k := s.env.Styles, s.k
	page := fieldsPage(st, "SSH key "+k.Name, s.width, [][2]string{
		{"Type", k.Type},
		{"Fingerprint", k.Fingerprint},
		{"Added", k.CreatedAt.UTC().Format(common.MinuteLayout) + " UTC"},
		{"Last used", orNever(k.LastUsedAt)},
		{"Owner", owner(k)},
	})
	return page + "\n" + st.Muted.Render("Public key, as acctl stores it:") + "\n" + common.Wrap(common.CleanLine(k.PublicKey), max(s.width, 10))
}
