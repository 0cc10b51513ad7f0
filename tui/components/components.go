// Package components holds the pieces that several screens use: the
// password prompt that runs a sensitive action (R-PWD-4), the shown-once
// secret panel (SPEC §5), the yes/no question, forms with type-ahead, the
// keyset list window, the QR code and the text viewer. Prompts, questions
// and the secret panel are screens of their own on the root's stack; each
// answers the screen that opened it with a message tagged with the ID that
// screen chose.
package components

import (
	"strings"

	"charm.land/bubbles/v2/key"

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

// HelpLine draws "key desc • key desc" from the same bindings that Update
// matches, so that what a panel says cannot drift from what the keys do;
// it wraps at the separators, never inside a key's description.
func HelpLine(st *common.Styles, bindings []key.Binding, width int) string {
	var lines []string
	line, used := "", 0
	sep := st.Footer.Render(" • ")
	for _, b := range bindings {
		if !b.Enabled() {
			continue
		}
		h := b.Help()
		w := common.Width(h.Key) + 1 + common.Width(h.Desc)
		item := st.FooterKey.Render(h.Key) + " " + st.Footer.Render(h.Desc)
		switch {
		case used == 0:
			line, used = item, w
		case width > 0 && used+3+w > width:
			lines = append(lines, line)
			line, used = item, w
		default:
			line += sep + item
			used += 3 + w
		}
	}
	if used > 0 {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
