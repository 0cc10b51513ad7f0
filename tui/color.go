package tui

import (
	"image/color"
)

// bgFor is a stand-in background colour, so that forms built after the
// terminal answered get the same light or dark theme.
func bgFor(isDark bool) color.Color {
	if isDark {
		return color.Black
	}
	return color.White
}
