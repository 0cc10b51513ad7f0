package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/tui/common"
)

// helpScreen is ?: every key of the screen it was opened over, then the
// keys that work everywhere, each with what it does.
type helpScreen struct {
	env    *common.Env
	title  string
	keys   []key.Binding
	width  int
	height int
}

var helpKeys = struct{ Close key.Binding }{
	Close: key.NewBinding(key.WithKeys("esc", "?", "q"), key.WithHelp("esc", "close help")),
}

func newHelp(env *common.Env, title string, keys []key.Binding) *helpScreen {
	return &helpScreen{env: env, title: title, keys: keys}
}

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
	var b strings.Builder
	b.WriteString(st.Title.Render("Keys") + "\n\n")
	b.WriteString(st.Muted.Render(common.CleanLine(h.title)) + "\n")
	seen := map[string]bool{}
	for _, k := range h.keys {
		h.line(&b, k, seen)
	}
	g := common.GlobalKeys
	b.WriteString("\n" + st.Muted.Render("Everywhere") + "\n")
	for _, k := range []key.Binding{g.Tab, g.Sections, g.Back, g.SignOut, g.Help, g.Quit, g.ForceQuit} {
		h.line(&b, k, seen)
	}
	return b.String()
}

func (h *helpScreen) line(b *strings.Builder, k key.Binding, seen map[string]bool) {
	d := k.Help()
	if !k.Enabled() || d.Key == "" || seen[d.Key+d.Desc] {
		return
	}
	seen[d.Key+d.Desc] = true
	b.WriteString("  " + h.env.Styles.FooterKey.Render(common.PadRight(d.Key, 12)) + " " + common.Hanging(d.Desc, 15, h.width) + "\n")
}
