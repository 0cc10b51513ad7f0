package staff

import (
	"bytes"
	"image"
	"image/color"
	_ "image/jpeg" // R-KYC-1: the image types a verification file may be
	_ "image/png"
	"strconv"
)

// thumbSide bounds the side of the thumbnail a preview keeps, in pixels:
// enough for a half-block drawing of a 240×120 terminal, and all that
// stays in memory of an identity document once it is drawn (R-STF-2).
const thumbSide = 480

// thumb is a decoded image shrunk to at most thumbSide on each side, as
// 8-bit RGB rows.
type thumb struct {
	w, h int
	pix  []uint8 // 3 bytes a pixel
}

// decodeThumb decodes a JPEG or PNG and shrinks it by averaging the
// source pixels under each thumbnail pixel (a box filter on a grid of up
// to 4×4 samples, so the work does not grow with the source beyond the
// decode). It runs in a command, never on the update loop.
func decodeThumb(data []byte) (*thumb, error) {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	sw, sh := b.Dx(), b.Dy()
	if sw == 0 || sh == 0 {
		return &thumb{}, nil
	}
	scale := max(float64(sw)/thumbSide, float64(sh)/thumbSide, 1)
	t := &thumb{w: max(int(float64(sw)/scale), 1), h: max(int(float64(sh)/scale), 1)}
	t.pix = make([]uint8, 3*t.w*t.h)
	samples := min(int(scale+0.999), 4)
	for y := 0; y < t.h; y++ {
		for x := 0; x < t.w; x++ {
			var r, g, bl, n uint32
			for sy := 0; sy < samples; sy++ {
				py := b.Min.Y + min(int((float64(y)+(float64(sy)+0.5)/float64(samples))*scale), sh-1)
				for sx := 0; sx < samples; sx++ {
					px := b.Min.X + min(int((float64(x)+(float64(sx)+0.5)/float64(samples))*scale), sw-1)
					cr, cg, cb := rgbAt(img, px, py)
					r, g, bl, n = r+uint32(cr), g+uint32(cg), bl+uint32(cb), n+1
				}
			}
			i := 3 * (y*t.w + x)
			t.pix[i], t.pix[i+1], t.pix[i+2] = uint8(r/n), uint8(g/n), uint8(bl/n)
		}
	}
	return t, nil
}

// rgbAt reads one pixel, without going through color.Color for the
// types JPEG and PNG decode to most often.
func rgbAt(img image.Image, x, y int) (uint8, uint8, uint8) {
	switch m := img.(type) {
	case *image.YCbCr:
		c := m.YCbCrAt(x, y)
		return color.YCbCrToRGB(c.Y, c.Cb, c.Cr)
	case *image.RGBA:
		i := m.PixOffset(x, y)
		return m.Pix[i], m.Pix[i+1], m.Pix[i+2]
	case *image.NRGBA:
		i := m.PixOffset(x, y)
		return m.Pix[i], m.Pix[i+1], m.Pix[i+2]
	case *image.Gray:
		v := m.Pix[m.PixOffset(x, y)]
		return v, v, v
	}
	r, g, b, _ := img.At(x, y).RGBA()
	return uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)
}

// at is the colour of the thumbnail at x, y.
func (t *thumb) at(x, y int) (uint8, uint8, uint8) {
	i := 3 * (y*t.w + x)
	return t.pix[i], t.pix[i+1], t.pix[i+2]
}

// halfBlocks draws t in at most cols×rows cells, keeping its proportions,
// two pixels a cell as the QR code is: the upper half block in the upper
// pixel's colour on the lower pixel's. The colours are written as 24-bit
// sequences, which the program turns into what the terminal's profile
// can show (256 or 16 colours). Without colour (NO_COLOR, an ASCII
// profile) each cell is a shade of its two pixels' brightness, light on
// dark or dark on light. It runs in a command.
func halfBlocks(t *thumb, cols, rows int, color, isDark bool) []string {
	if t.w == 0 || cols <= 0 || rows <= 0 {
		return nil
	}
	scale := max(float64(t.w)/float64(cols), float64(t.h)/float64(2*rows))
	w, h := max(int(float64(t.w)/scale), 1), max(int(float64(t.h)/scale), 2)
	lines := make([]string, 0, (h+1)/2)
	var b []byte
	for y := 0; y < h; y += 2 {
		b = b[:0]
		for x := 0; x < w; x++ {
			sx := min(int(float64(x)*scale), t.w-1)
			r1, g1, b1 := t.at(sx, min(int(float64(y)*scale), t.h-1))
			r2, g2, b2 := t.at(sx, min(int(float64(y+1)*scale), t.h-1))
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
