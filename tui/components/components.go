// Package components holds the modal pieces that several screens embed: the
// password-confirmation prompt (R-PWD-4), the one-time secret panel (SPEC §5)
// and a yes/no question. They are not tea.Models: a screen owns one, forwards
// every message to it while it is open, draws its View, and reacts to the
// result messages it emits, each tagged with the ID the screen chose.
package components

import (
	"image/color"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/tui/common"
)

// Box widths. Modals stay narrow enough to read on a wide terminal and never
// get narrower than the shortest useful field.
const (
	minBoxWidth     = 24
	defaultBoxWidth = 60
)

// boxWidth is the outer width of a modal given the width the screen offers
// (0 when it has not said) and the widest the modal should grow.
func boxWidth(offered, widest int) int {
	if offered <= 0 {
		offered = defaultBoxWidth
	}
	return max(min(offered, widest), minBoxWidth)
}

// emit turns a result message into the command that delivers it.
func emit(msg tea.Msg) tea.Cmd {
	return func() tea.Msg { return msg }
}

// helpLine draws "key desc • key desc" from the same bindings that Update
// matches, so the footer cannot drift from what the keys do.
func helpLine(st *common.Styles, bindings []key.Binding) string {
	parts := make([]string, 0, len(bindings))
	for _, b := range bindings {
		if !b.Enabled() {
			continue
		}
		h := b.Help()
		parts = append(parts, st.FooterKey.Render(h.Key)+" "+st.Footer.Render(h.Desc))
	}
	return strings.Join(parts, st.Footer.Render(" • "))
}

// backgroundFor is a stand-in background colour that tells a huh form which
// theme to use before (or without) the terminal answering.
func backgroundFor(isDark bool) color.Color {
	if isDark {
		return color.Black
	}
	return color.White
}
