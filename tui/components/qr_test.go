package components

import (
	"image"
	"image/color"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// decodeQR reads half-block lines back as a phone would see them: each
// cell is two modules, drawn in the terminal's foreground (fg) or its
// background, then decodes the picture.
func decodeQR(t *testing.T, lines []string, fg, bg color.Gray) string {
	t.Helper()
	const px = 4 // pixels a module
	width := 0
	for _, l := range lines {
		width = max(width, len([]rune(l)))
	}
	margin := 4 * px // the terminal around the code, in its background colour
	img := image.NewGray(image.Rect(0, 0, width*px+2*margin, len(lines)*2*px+2*margin))
	for i := range img.Pix {
		img.Pix[i] = bg.Y
	}
	set := func(x, y int, on bool) {
		c := bg
		if on {
			c = fg
		}
		for dy := range px {
			for dx := range px {
				img.SetGray(margin+x*px+dx, margin+y*px+dy, c)
			}
		}
	}
	for row, l := range lines {
		for col, r := range []rune(l) {
			top := r == '█' || r == '▀'
			bottom := r == '█' || r == '▄'
			set(col, 2*row, top)
			set(col, 2*row+1, bottom)
		}
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("the QR code does not decode: %v", err)
	}
	return res.GetText()
}

// Issue 3, R-2FA-2: the code scans on dark and on light terminals (the
// light rendering swaps blocks and spaces), with the quiet zone drawn.
func TestQRCodeScansOnDarkAndLight(t *testing.T) {
	uri := "otpauth://totp/acctl:ada%40northwind.example?algorithm=SHA1&digits=6&issuer=acctl&period=30&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	q := NewQRCode(uri)
	white, black := color.Gray{Y: 0xff}, color.Gray{Y: 0}
	if got := decodeQR(t, q.Lines(true), white, black); got != uri {
		t.Errorf("dark terminal: decoded %q", got)
	}
	if got := decodeQR(t, q.Lines(false), black, white); got != uri {
		t.Errorf("light terminal: decoded %q", got)
	}
	if q.Width > 47 || q.Height() > 23 {
		t.Errorf("the code is %d×%d cells; it must fit 80×24 beside the panel", q.Width, q.Height())
	}
}
