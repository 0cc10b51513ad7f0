package components

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/tui/common"
)

// Tab is one screen of a Tabs: its name as the title line shows it when
// another tab is shown.
type Tab struct {
	Name   string
	Screen common.Screen
}

// Tabs shows one of a section's screens at a time under a title line that
// names them all, as the portal's tabs do ("SSH keys │ GPG keys →"): the
// screen shown draws its own first line (its title, with its position)
// among the other names; → and ← (or a click on a name) switch. Every tab
// is opened with the section and keeps its state, so a switch is instant.
// Input goes to the tab shown; everything else (answers of reads,
// questions, prompts, ticks) to every tab, each telling its own.
type Tabs struct {
	env   *common.Env
	title string
	tabs  []Tab
	on    int
	width int
}

// NewTabs opens the section called title on its first tab.
func NewTabs(env *common.Env, title string, tabs ...Tab) *Tabs {
	return &Tabs{env: env, title: title, tabs: tabs}
}

var tabKeys = struct{ Next, Prev key.Binding }{
	Next: key.NewBinding(key.WithKeys("right", "l")),
	Prev: key.NewBinding(key.WithKeys("left", "h")),
}

const tabGap = " │ "

// Shown is the tab shown.
func (t *Tabs) Shown() common.Screen { return t.tabs[t.on].Screen }

// Title is the section's, and the tab's when it is not the first.
func (t *Tabs) Title() string {
	if t.on == 0 {
		return t.title
	}
	return t.title + " › " + t.tabs[t.on].Name
}

func (t *Tabs) Init() tea.Cmd {
	cmds := make([]tea.Cmd, len(t.tabs))
	for i, tab := range t.tabs {
		cmds[i] = tab.Screen.Init()
	}
	return tea.Batch(cmds...)
}

func (t *Tabs) SetSize(w, h int) {
	t.width = w
	for _, tab := range t.tabs {
		tab.Screen.SetSize(w, h)
	}
}

// Capturing is the shown tab's: a tab taking text keeps the section keys.
func (t *Tabs) Capturing() bool { return common.Capturing(t.Shown()) }

// Keys are the shown tab's own, then the ways to its neighbours (which the
// title line's arrows show too, when the footer has no room).
func (t *Tabs) Keys() []key.Binding {
	keys := t.Shown().Keys()
	if t.on < len(t.tabs)-1 {
		next := tabKeys.Next
		next.SetHelp("→", t.tabs[t.on+1].Name)
		keys = append(keys, next)
	}
	if t.on > 0 {
		prev := tabKeys.Prev
		prev.SetHelp("←", t.tabs[t.on-1].Name)
		keys = append(keys, prev)
	}
	return keys
}

func (t *Tabs) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, tabKeys.Next) && t.on < len(t.tabs)-1 && !common.Capturing(t.Shown()):
			t.on++
			return t, nil
		case key.Matches(msg, tabKeys.Prev) && t.on > 0 && !common.Capturing(t.Shown()):
			t.on--
			return t, nil
		}
		return t, t.toShown(msg)
	case common.ClickMsg:
		if msg.Y == 0 {
			if i := t.nameAt(msg.X); i >= 0 {
				t.on = i
				return t, nil
			}
		}
		return t, t.toShown(msg)
	case tea.PasteMsg, tea.MouseMsg:
		return t, t.toShown(msg)
	}
	cmds := make([]tea.Cmd, len(t.tabs))
	for i := range t.tabs {
		t.tabs[i].Screen, cmds[i] = t.tabs[i].Screen.Update(msg)
	}
	return t, tea.Batch(cmds...)
}

func (t *Tabs) toShown(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	t.tabs[t.on].Screen, cmd = t.Shown().Update(msg)
	return cmd
}

// View is the shown tab under the title line of every name.
func (t *Tabs) View() string {
	first, rest, _ := strings.Cut(t.Shown().View(), "\n")
	return common.Truncate(strings.Join(t.parts(first), ""), t.width) + "\n" + rest
}

// parts are the title line's pieces, left to right: an arrow to the tab
// before, then each tab (the shown one as its own first line draws it,
// the others muted), then an arrow to the tab after.
func (t *Tabs) parts(first string) []string {
	st := t.env.Styles
	var parts []string
	if t.on > 0 {
		parts = append(parts, st.Muted.Render("← "))
	}
	for i, tab := range t.tabs {
		text := st.Muted.Render(tab.Name)
		if i == t.on {
			text = first
		}
		if i > 0 {
			text = st.Muted.Render(tabGap) + text
		}
		parts = append(parts, text)
	}
	if t.on < len(t.tabs)-1 {
		parts = append(parts, st.Muted.Render(" →"))
	}
	return parts
}

// nameAt is the tab whose name is drawn at column x of the title line;
// -1 for none (an arrow, a gap, past the end).
func (t *Tabs) nameAt(x int) int {
	first, _, _ := strings.Cut(t.Shown().View(), "\n")
	at := 0
	if t.on > 0 {
		at = common.Width("← ")
	}
	for i, tab := range t.tabs {
		if i > 0 {
			at += common.Width(tabGap)
		}
		w := common.Width(tab.Name)
		if i == t.on {
			w = common.Width(first)
		}
		if x >= at && x < at+w {
			return i
		}
		at += w
	}
	return -1
}
