package iam

import (
	"context"

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
}

// tabScreen is a list as a tab of the section.
type tabScreen struct {
	keyTab
	title string
}

func (t tabScreen) Title() string { return t.title }
func (t tabScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	return t, t.keyTab.Update(msg)
}

// NewSSHKeys opens the portal's "SSH & GPG keys" (R-SSH-1, R-SSH-2,
// R-SSH-4) on its SSH keys: two lists, as the portal's two tabs, under one
// title line that names both; → and ← switch.
func NewSSHKeys(env *common.Env) common.Screen {
	return components.NewTabs(env, "SSH & GPG keys",
		components.Tab{Name: "SSH keys", Screen: tabScreen{newSSHKeys(env), "SSH keys"}},
		components.Tab{Name: "GPG keys", Screen: tabScreen{newGPGKeys(env), "GPG keys"}})
}

// keyList is what the two lists share: the list, the one open question
// (delete), the deletion in a command and its sentence (R-SSH-2, R-SSH-4).
type keyList[T any] struct {
	*components.List[T]
	asked components.Asked[T]
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
		if kind, k, yes := l.asked.Answered(msg); kind != "" && yes {
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
