package staff

import (
	"strconv"

	"acctl/model"
)

// halfBlocks draws t in at most cols×rows cells, keeping its proportions,
// two pixels a cell as the QR code is: the upper half block in the upper
// pixel's colour on the lower pixel's. The colours are written as 24-bit
// sequences, which the program turns into what the terminal's profile
// can show (256 or 16 colours). Without colour (NO_COLOR, an ASCII
// profile) each cell is a shade of its two pixels' brightness, light on
// dark or dark on light. It runs in a command.
func halfBlocks(t *model.Thumb, cols, rows int, color, isDark bool) []string {
	if t.W == 0 || cols <= 0 || rows <= 0 {
		return nil
	}
	scale := max(float64(t.W)/float64(cols), float64(t.H)/float64(2*rows))
	w, h := max(int(float64(t.W)/scale), 1), max(int(float64(t.H)/scale), 2)
	lines := make([]string, 0, (h+1)/2)
	var b []byte
	for y := 0; y < h; y += 2 {
		b = b[:0]
		for x := 0; x < w; x++ {
			sx := min(int(float64(x)*scale), t.W-1)
			r1, g1, b1 := t.At(sx, min(int(float64(y)*scale), t.H-1))
			r2, g2, b2 := t.At(sx, min(int(float64(y+1)*scale), t.H-1))
			if color {
				b = appendRGB(append(b, "\x1b[38;2;"...), r1, g1, b1)
				b = appendRGB(append(b, "\x1b[48;2;"...), r2, g2, b2)
				b = append(b, "▀"...)
				continue
			}
			b = append(b, shade(luma(r1, g1, b1)/2+luma(r2, g2, b2)/2, isDark)...)
		}
		if color {
			b = append(b, "\x1b[m"...)
		}
		lines = append(lines, string(b))
	}
	return lines
}

func appendRGB(b []byte, r, g, bl uint8) []byte {
	b = strconv.AppendUint(b, uint64(r), 10)
	b = append(b, ';')
	b = strconv.AppendUint(b, uint64(g), 10)
	b = append(b, ';')
	b = strconv.AppendUint(b, uint64(bl), 10)
	return append(b, 'm')
}

// luma is a colour's brightness, 0-255 (Rec. 601).
func luma(r, g, b uint8) int { return (299*int(r) + 587*int(g) + 114*int(b)) / 1000 }

var shades = []string{" ", "░", "▒", "▓", "█"}

// shade is the block that draws brightness l: a terminal draws blocks in
// its foreground, so on a light background the scale is turned round.
func shade(l int, isDark bool) string {
	if !isDark {
		l = 255 - l
	}
	return shades[min(l*len(shades)/256, len(shades)-1)]
}
