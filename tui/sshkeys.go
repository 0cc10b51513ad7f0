package tui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/components"
)

// privateKeyFile is where the panel suggests saving a generated key,
// relative to the home directory.
const privateKeyFile = ".ssh/acctl_ed25519"

type sshKeyDeletedMsg struct {
	name string
	err  error
}

var sshKeyKeys = struct {
	Add, Generate, Delete key.Binding
}{
	Add:      key.NewBinding(key.WithKeys("a", "n"), key.WithHelp("a", "add")),
	Generate: key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "generate")),
	Delete:   key.NewBinding(key.WithKeys("d", "x"), key.WithHelp("d", "delete")),
}

const sshKeyDeleteConfirm = "sshkeys.delete"

// sshKeysScreen is "SSH keys" (R-SSH-1, R-SSH-2): the keys the caller may
// see (an owner every key of the account, a manager their own), add a
// pasted public key, generate a pair whose private key is shown once, and
// delete with confirmation.
type sshKeysScreen struct {
	keyList[*model.SSHKey]
}

func newSSHKeysScreen(c *screenCtx) *sshKeysScreen {
	return &sshKeysScreen{newKeyList(c, func() ([]*model.SSHKey, error) { return c.b.ListSSHKeys() })}
}

func (s *sshKeysScreen) Title() string { return "SSH keys" }
func (s *sshKeysScreen) Keys() []key.Binding {
	return s.keys(sshKeyKeys.Add, sshKeyKeys.Generate, sshKeyKeys.Delete)
}

func (s *sshKeysScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if cmd, handled := s.update(msg); handled {
		return s, cmd
	}
	switch msg := msg.(type) {
	case sshKeyDeletedMsg:
		if msg.err != nil {
			return s, tea.Batch(flashErr(errText(msg.err)), s.load())
		}
		return s, tea.Batch(flash(fmt.Sprintf("SSH key %q deleted: it no longer signs in.", msg.name)), s.load())
	case components.ConfirmedMsg:
		k := s.answered()
		if msg.ID != sshKeyDeleteConfirm || !msg.Yes || k == nil {
			return s, nil
		}
		b := s.c.b
		return s, func() tea.Msg { return sshKeyDeletedMsg{k.Name, b.DeleteSSHKey(k.ID)} }
	case tea.KeyPressMsg:
		return s, s.onKey(msg)
	}
	return s, nil
}

func (s *sshKeysScreen) onKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, sshKeyKeys.Add):
		return push(newSSHKeyAddScreen(s.c))
	case key.Matches(msg, sshKeyKeys.Generate):
		return push(newSSHKeyGenerateScreen(s.c))
	case key.Matches(msg, sshKeyKeys.Delete):
		if k, ok := s.selected(); ok {
			s.ask(sshKeyDeleteConfirm,
				fmt.Sprintf("Delete the SSH key %q (%s, %s)? It will no longer sign in to acctl.", k.Name, k.Type, k.Fingerprint), k)
		}
	}
	return nil
}

func (s *sshKeysScreen) View() string {
	head, rows := s.head("SSH keys", fmt.Sprintf("%d registered", len(s.list)),
		"No SSH keys yet. Press a to add your public key, or g to generate a new pair.")
	if !rows {
		return head
	}
	var b strings.Builder
	b.WriteString(head)
	l := newLayout(s.width-2,
		column{"Name", 16, 0}, column{"Type", 11, 0}, column{"Fingerprint", 20, 0},
		column{"Added", 10, 2}, column{"Last used", 16, 1}, column{"User", 18, 3})
	s.draw(&b, l,
		func(k *model.SSHKey) []string {
			return []string{k.Name, k.Type, k.Fingerprint, k.CreatedAt.Format("2006-01-02"), timeOrNever(k.LastUsedAt), k.OwnerEmail}
		},
		func(*model.SSHKey) bool { return false },
		func(k *model.SSHKey) string {
			return k.Fingerprint + " · last used " + timeOrNever(k.LastUsedAt) + " · added " + k.CreatedAt.Format("2006-01-02") + " · " + k.OwnerEmail
		})
	return b.String()
}

// newSSHKeyAddScreen is "Add an SSH key" (R-SSH-1): a name and one pasted
// authorized_keys line (a bracketed paste arrives whole in the text area).
// A refusal comes back with what was typed, except a private key pasted by
// mistake, which is cleared from the field at once.
func newSSHKeyAddScreen(c *screenCtx) *formScreen {
	b := c.b
	var name, line string
	return newFormScreen(c, "Add an SSH key",
		"Paste one line of your public key file, such as ~/.ssh/id_ed25519.pub. Left empty, the name is the key's comment.",
		func() []huh.Field {
			return []huh.Field{
				textInput("Name", &name, optionalSSHKeyName).Placeholder("work laptop (optional)").CharLimit(model.MaxSSHKeyNameLen + 16),
				huh.NewText().Title("Public key").Value(&line).Lines(4).CharLimit(model.MaxSSHKeyPaste).
					ExternalEditor(false).Placeholder("ssh-ed25519 AAAA… you@host"),
			}
		},
		func() (string, error) {
			k, err := b.AddSSHKey(name, line)
			if errors.Is(err, model.ErrSSHKeyPrivate) {
				line = "" // never keep or draw a private key
			}
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("SSH key %q added (%s).", k.Name, k.Fingerprint), nil
		})
}

// optionalSSHKeyName checks a typed key name; empty is allowed, the model
// then names the key.
func optionalSSHKeyName(v string) error {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	_, err := model.ValidateSSHKeyName(v)
	return fieldErr(err)
}

type sshKeyGeneratedMsg struct {
	private string
	key     *model.SSHKey
	err     error
}

// sshKeyGenerateScreen is "Generate an SSH key" (R-SSH-1): a name, then a
// new ed25519 pair whose public half is registered and whose private key
// is shown once in the secret-reveal panel, to copy or save to a 0600 file.
type sshKeyGenerateScreen struct {
	c      *screenCtx
	name   string
	form   *liveForm
	busy   bool
	spin   spinner.Model
	reveal *components.SecretReveal
	done   string
	err    string
	width  int
	height int
}

const sshKeyRevealID = "sshkeys.generate.secret"

func newSSHKeyGenerateScreen(c *screenCtx) *sshKeyGenerateScreen {
	s := &sshKeyGenerateScreen{c: c, spin: newSpinner()}
	s.build()
	return s
}

func (s *sshKeyGenerateScreen) build() {
	s.form = newForm(s.c.isDark, s.width,
		textInput("Name", &s.name, optionalSSHKeyName).Placeholder("acctl ed25519 (optional)").CharLimit(model.MaxSSHKeyNameLen+16))
}

func (s *sshKeyGenerateScreen) Init() tea.Cmd   { return s.form.Init() }
func (s *sshKeyGenerateScreen) Title() string   { return "Generate an SSH key" }
func (s *sshKeyGenerateScreen) Capturing() bool { return true }

// HoldsSecret keeps the screen while the private key is shown.
func (s *sshKeyGenerateScreen) HoldsSecret() bool { return s.reveal != nil }

// FullScreen gives the private key the whole width while it is shown, so
// that its 70-character lines are not wrapped at 80 columns.
func (s *sshKeyGenerateScreen) FullScreen() bool { return s.reveal != nil }

func (s *sshKeyGenerateScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.form.WithWidth(formWidth(w))
	if s.reveal != nil {
		s.reveal.SetSize(w, h)
	}
}

func (s *sshKeyGenerateScreen) Keys() []key.Binding {
	if s.reveal != nil {
		return s.reveal.Keys()
	}
	return []key.Binding{formKeys.Submit, formKeys.Cancel}
}

func (s *sshKeyGenerateScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sshKeyGeneratedMsg:
		s.busy = false
		if msg.err != nil {
			s.err = errText(msg.err)
			s.build()
			return s, s.form.Init()
		}
		k := msg.key
		s.done = fmt.Sprintf("SSH key %q added (%s).", k.Name, k.Fingerprint)
		note := fmt.Sprintf("This key cannot be shown again: acctl keeps only the public half, as %q. "+
			"Save it (s) to a file only you can read, then use ssh -i ~/%s.", k.Name, privateKeyFile)
		s.reveal = components.NewSecretReveal(sshKeyRevealID, "Your new private SSH key", strings.TrimRight(msg.private, "\n"),
			note, privateKeyFile, s.c.homeDir, s.c.st)
		s.reveal.SetSize(s.width, s.height)
		return s, s.reveal.Init()
	case components.SecretAcknowledgedMsg:
		if msg.ID != sshKeyRevealID {
			return s, nil
		}
		s.reveal = nil
		return s, pop(s.done)
	case spinner.TickMsg:
		var cmd tea.Cmd
		s.spin, cmd = s.spin.Update(msg)
		return s, cmd
	}
	if s.reveal != nil {
		var cmd tea.Cmd
		s.reveal, cmd = s.reveal.Update(msg)
		return s, cmd
	}
	if s.busy {
		return s, nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, formKeys.Cancel) {
		return s, pop("")
	}
	var cmd tea.Cmd
	s.form, cmd = updateForm(s.form, msg)
	if s.form.State == huh.StateCompleted {
		s.busy, s.err = true, ""
		b, name := s.c.b, s.name
		return s, tea.Batch(s.spin.Tick, func() tea.Msg {
			private, k, err := b.GenerateSSHKey(name)
			return sshKeyGeneratedMsg{private, k, err}
		})
	}
	return s, cmd
}

func (s *sshKeyGenerateScreen) View() string {
	if s.reveal != nil {
		return s.reveal.View()
	}
	st := s.c.st
	var b strings.Builder
	b.WriteString(st.Title.Render("Generate an SSH key") + "\n")
	b.WriteString(st.Muted.Render("A new ed25519 key pair: acctl keeps the public key and shows you the private key once.") + "\n\n")
	if s.busy {
		b.WriteString(s.spin.View() + " Generating…\n")
	} else {
		b.WriteString(s.form.View() + "\n")
	}
	if s.err != "" {
		b.WriteString("\n" + st.Error.Render(s.err) + "\n")
	}
	return b.String()
}
