package tui

import (
	"strings"

	"charm.land/lipgloss/v2"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/tui/common"
)

// helpScreen is ?: every key of the screen it was opened over, then the
// keys that work everywhere, each with what it does.
type helpScreen struct {
	env    *common.Env
	groups []helpGroup
	width  int
	height int
}

// helpGroup is a heading and its keys.
type helpGroup struct {
	title string
	keys  []key.Binding
}

var helpKeys = struct{ Close key.Binding }{
	Close: key.NewBinding(key.WithKeys("esc", "?", "q"), key.WithHelp("esc", "close help")),
}

func newHelp(env *common.Env, groups ...helpGroup) *helpScreen {
	return &helpScreen{env: env, groups: groups}
}

func (h *helpScreen) Layer() common.Layer   { return common.Full }
func (h *helpScreen) Init() tea.Cmd         { return nil }
func (h *helpScreen) Title() string         { return "Help" }
func (h *helpScreen) Capturing() bool       { return true }
func (h *helpScreen) Keys() []key.Binding   { return []key.Binding{helpKeys.Close} }
func (h *helpScreen) SetSize(w, height int) { h.width, h.height = w, height }
func (h *helpScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, helpKeys.Close) {
		h.env.Nav.Close(h, "")
	}
	return h, nil
}

func (h *helpScreen) View() string {
	st := h.env.Styles
	listed := map[string]bool{}
	g := common.GlobalKeys
	groups := append(h.groups, helpGroup{"Everywhere", []key.Binding{g.Tab, g.Sections, g.Back, g.SignOut, g.Help, g.Quit, g.ForceQuit}})
	var blocks []string
	lines := 0
	for _, grp := range groups {
		var b strings.Builder
		b.WriteString(st.Muted.Render(common.CleanLine(grp.title)) + "\n")
		seen := map[string]bool{}
		if grp.title == "Everywhere" {
			seen = listed
		}
		for _, k := range grp.keys {
			h.line(&b, k, seen)
			listed[k.Help().Key+k.Help().Desc] = true
		}
		blocks = append(blocks, strings.TrimRight(b.String(), "\n"))
		lines += common.Lines(blocks[len(blocks)-1]) + 1
	}
	body := strings.Join(blocks, "\n\n")
	if lines > h.height-3 { // side by side when one column does not fit
		for i := range blocks[:len(blocks)-1] {
			blocks[i] = lipgloss.NewStyle().PaddingRight(2).Render(blocks[i])
		}
		body = lipgloss.JoinHorizontal(lipgloss.Top, blocks...)
	}
	return "\n " + st.Title.Render("Keys") + "\n\n" + lipgloss.NewStyle().PaddingLeft(1).Render(body)
}

func (h *helpScreen) line(b *strings.Builder, k key.Binding, seen map[string]bool) {
	d := k.Help()
	if !k.Enabled() || d.Key == "" || seen[d.Key+d.Desc] {
		return
	}
	seen[d.Key+d.Desc] = true
	b.WriteString(" " + h.env.Styles.FooterKey.Render(common.PadRight(d.Key, 7)) + " " + d.Desc + "\n")
}
