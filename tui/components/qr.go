package components

import (
	"bytes"
	"strings"

	"github.com/mdp/qrterminal/v3"
)

// QRCode is a QR code drawn with half blocks (two modules a cell), computed
// once per secret (issue 3: never on every frame). A terminal draws blocks
// in its foreground colour, so the light modules are the blocks on a dark
// background and the spaces on a light one: both renderings are kept and
// View picks one.
type QRCode struct {
	dark, light []string
	Width       int // cells
}

// qrQuietZone is the light margin around the code, in modules. Two is
// below the standard's four, but phones read it, and four would not fit
// 80×24 (the terminal around the code is not part of the margin on a dark
// background).
const qrQuietZone = 2

func NewQRCode(text string) QRCode {
	render := func(light, dark, lightDark, darkLight string) []string {
		var b bytes.Buffer
		qrterminal.GenerateWithConfig(text, qrterminal.Config{
			Level: qrterminal.L, Writer: &b, HalfBlocks: true, QuietZone: qrQuietZone,
			WhiteChar: light, BlackChar: dark, WhiteBlackChar: lightDark, BlackWhiteChar: darkLight,
		})
		return strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	}
	q := QRCode{
		dark:  render("█", " ", "▀", "▄"),
		light: render(" ", "█", "▄", "▀"),
	}
	for _, l := range q.dark {
		q.Width = max(q.Width, len([]rune(l)))
	}
	return q
}

func (q QRCode) Height() int { return len(q.dark) }

// lines is the code for the terminal's background.
func (q QRCode) Lines(isDark bool) []string {
	if isDark {
		return q.dark
	}
	return q.light
}
