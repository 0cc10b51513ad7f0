package iam

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// keyTab is one of the two lists of "SSH & GPG keys".
type keyTab interface {
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(w, h int)
	Keys() []key.Binding
	position() string
}

func (s *SSHKeys) position() string { return s.Win.Position() }
func (s *GPGKeys) position() string { return s.Win.Position() }

// keysTabs switch between the two lists; each list's footer shows the one
// that leads to the other.
var keysTabs = struct{ ToGPG, ToSSH key.Binding }{
	ToGPG: key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→", "GPG keys")),
	ToSSH: key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←", "SSH keys")),
}

// Tab names, as the title line draws them.
const (
	sshTab = "SSH keys"
	gpgTab = "GPG keys"
	tabGap = " │ "
)

// Keys is the portal's "SSH & GPG keys" (R-SSH-1, R-SSH-2, R-SSH-4): two
// lists, as the portal's two tabs, under one title line that names both —
// "SSH keys │ GPG keys →" — the one shown in the title's colour. → and ←
// (or a click on the other name) switch; both lists are read when the
// section opens and keep their selection, so a switch is instant.
type Keys struct {
	env   *common.Env
	ssh   *SSHKeys
	gpg   *GPGKeys
	onGPG bool
}

// NewSSHKeys opens "SSH & GPG keys" on its SSH keys.
func NewSSHKeys(env *common.Env) common.Screen {
	return &Keys{env: env, ssh: newSSHKeys(env), gpg: newGPGKeys(env)}
}

func (s *Keys) shown() keyTab {
	if s.onGPG {
		return s.gpg
	}
	return s.ssh
}

func (s *Keys) Init() tea.Cmd    { return tea.Batch(s.ssh.Init(), s.gpg.Init()) }
func (s *Keys) Title() string    { return "SSH & GPG keys" }
func (s *Keys) SetSize(w, h int) { s.ssh.SetSize(w, h); s.gpg.SetSize(w, h) }

// Keys lead to the other list first, then the list's own.
func (s *Keys) Keys() []key.Binding {
	to := keysTabs.ToGPG
	if s.onGPG {
		to = keysTabs.ToSSH
	}
	return append([]key.Binding{to}, s.shown().Keys()...)
}

// Update gives input to the list shown and everything else (answers of
// reads, questions and prompts, ticks) to both: each list tells its own.
func (s *Keys) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if key.Matches(msg, keysTabs.ToGPG, keysTabs.ToSSH) {
			s.onGPG = key.Matches(msg, keysTabs.ToGPG)
			return s, nil
		}
		return s, s.shown().Update(msg)
	case common.ClickMsg:
		if msg.Y == 0 {
			s.onTabClick(msg.X)
			return s, nil
		}
		return s, s.shown().Update(msg)
	case tea.PasteMsg:
		return s, s.shown().Update(msg)
	}
	return s, tea.Batch(s.ssh.Update(msg), s.gpg.Update(msg))
}

// onTabClick switches to the list whose name was clicked: left of the
// bar is SSH keys, right of it GPG keys.
func (s *Keys) onTabClick(x int) {
	bar := common.Width(sshTab + " ")
	if s.onGPG {
		bar += common.Width("← ")
	}
	switch {
	case x < bar:
		s.onGPG = false
	case x > bar && x < bar+common.Width(tabGap+gpgTab+" →"):
		s.onGPG = true
	}
}

// View is the list shown under the title line of the two names.
func (s *Keys) View() string {
	_, rest, _ := strings.Cut(s.shown().View(), "\n")
	return s.tabs() + "\n" + rest
}

// tabs is the title line: both names, the one shown in the title's
// colour, an arrow beside the other, and the position in the list shown.
func (s *Keys) tabs() string {
	st := s.env.Styles
	line := st.Title.Render(sshTab) + st.Muted.Render(tabGap+gpgTab+" →")
	if s.onGPG {
		line = st.Muted.Render("← "+sshTab+tabGap) + st.Title.Render(gpgTab)
	}
	if pos := s.shown().position(); pos != "" {
		line += "  " + st.Muted.Render(pos)
	}
	return line
}

// keyList is what the two lists share: the list, the one open question
// (delete), the deletion in a command and its sentence (R-SSH-2, R-SSH-4).
type keyList[T any] struct {
	*components.List[T]
	asked question[T]
	// remove deletes a key; it runs in a command.
	remove func(ctx context.Context, svc *model.Service, k T) error
	// gone is the status line's sentence once k is deleted.
	gone func(k T) string
	// onKey handles the screen's own keys, with the selected key; false
	// for the list's keys.
	onKey func(msg tea.KeyPressMsg, x T, selected bool) bool
}

// keyDeletedMsg is the answer of a deletion.
type keyDeletedMsg[T any] struct {
	list *keyList[T]
	said string
	err  error
}

func (l *keyList[T]) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case components.AnsweredMsg:
		if kind, k, yes := l.asked.answered(msg); kind != "" && yes {
			return l.delete(k)
		}
		return nil
	case keyDeletedMsg[T]:
		if msg.list == l {
			return l.deleted(msg)
		}
		return nil
	case tea.KeyPressMsg:
		if x, ok := l.Selected(); l.onKey(msg, x, ok) {
			return nil
		}
	}
	cmd, _ := l.List.Update(msg)
	return cmd
}

// delete removes the key the question was about, off the update loop.
func (l *keyList[T]) delete(k T) tea.Cmd {
	remove, said, me := l.remove, l.gone(k), l
	return l.Env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		return keyDeletedMsg[T]{me, said, remove(ctx, svc, k)}
	})
}

func (l *keyList[T]) deleted(msg keyDeletedMsg[T]) tea.Cmd {
	if msg.err != nil {
		l.Env.FlashError(msg.err)
	} else {
		l.Env.Flash(msg.said)
	}
	return l.Win.Reload()
}
