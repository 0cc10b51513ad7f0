package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
)

// The demo's verification files are drawn at seed time, so that the staff
// console has real images and a real PDF to show (R-STF-2) and the
// repository carries no one's identity document. Each is a specimen:
// shapes where a document has its photo, fields and machine-readable
// lines.

var (
	paper  = color.NRGBA{0xEE, 0xE8, 0xD5, 0xFF}
	band   = color.NRGBA{0x2E, 0x4A, 0x7A, 0xFF}
	ink    = color.NRGBA{0x33, 0x33, 0x40, 0xFF}
	skin   = color.NRGBA{0xE0, 0xB0, 0x8C, 0xFF}
	hair   = color.NRGBA{0x4A, 0x33, 0x24, 0xFF}
	shirt  = color.NRGBA{0x5B, 0x8C, 0x5A, 0xFF}
	wall   = color.NRGBA{0xC9, 0xD6, 0xE3, 0xFF}
	photoB = color.NRGBA{0xB8, 0xC4, 0xD0, 0xFF}
)

// fill paints the rectangle r of img with c.
func fill(img *image.NRGBA, r image.Rectangle, c color.NRGBA) {
	r = r.Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetNRGBA(x, y, c)
		}
	}
}

// ellipse paints the ellipse inside r with c.
func ellipse(img *image.NRGBA, r image.Rectangle, c color.NRGBA) {
	cx, cy := float64(r.Min.X+r.Max.X)/2, float64(r.Min.Y+r.Max.Y)/2
	rx, ry := float64(r.Dx())/2, float64(r.Dy())/2
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			dx, dy := (float64(x)+0.5-cx)/rx, (float64(y)+0.5-cy)/ry
			if dx*dx+dy*dy <= 1 && image.Pt(x, y).In(img.Rect) {
				img.SetNRGBA(x, y, c)
			}
		}
	}
}

// face draws a head and shoulders in r.
func face(img *image.NRGBA, r image.Rectangle) {
	w, h := r.Dx(), r.Dy()
	ellipse(img, image.Rect(r.Min.X+w/10, r.Min.Y+h*6/10, r.Max.X-w/10, r.Max.Y+h*4/10), shirt)
	ellipse(img, image.Rect(r.Min.X+w*25/100, r.Min.Y+h*8/100, r.Max.X-w*25/100, r.Min.Y+h*42/100), hair)
	ellipse(img, image.Rect(r.Min.X+w*28/100, r.Min.Y+h*14/100, r.Max.X-w*28/100, r.Min.Y+h*62/100), skin)
	eye := max(1, w/20)
	for _, ex := range []int{r.Min.X + w*40/100, r.Min.X + w*60/100} {
		fill(img, image.Rect(ex-eye, r.Min.Y+h*33/100, ex+eye, r.Min.Y+h*33/100+eye*2), ink)
	}
	fill(img, image.Rect(r.Min.X+w*43/100, r.Min.Y+h*50/100, r.Max.X-w*43/100, r.Min.Y+h*52/100), ink)
}

// card draws an identity document's front in r: a coloured band, the
// photo, lines of fields and two machine-readable lines.
func card(img *image.NRGBA, r image.Rectangle) {
	w, h := r.Dx(), r.Dy()
	fill(img, r, paper)
	fill(img, image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+h/7), band)
	photo := image.Rect(r.Min.X+w/20, r.Min.Y+h/5, r.Min.X+w*3/10, r.Min.Y+h*7/10)
	fill(img, photo, photoB)
	face(img, photo)
	for i := range 5 {
		y := r.Min.Y + h/5 + i*h/10
		fill(img, image.Rect(r.Min.X+w*36/100, y, r.Min.X+w*(60+(i*7)%30)/100, y+max(2, h/40)), ink)
	}
	for i := range 2 {
		y := r.Min.Y + h*78/100 + i*h/10
		for x := r.Min.X + w/20; x < r.Max.X-w/20; x += max(4, w/44) {
			fill(img, image.Rect(x, y, x+max(2, w/60), y+max(3, h/22)), ink)
		}
	}
}

// encodePNG encodes img.
func encodePNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img); err != nil { // seeded at every --demo start
		return nil, fmt.Errorf("demo image: %w", err)
	}
	return b.Bytes(), nil
}

// passportPNG is the demo's specimen document: a passport's data page,
// 360×240.
func passportPNG() ([]byte, error) {
	img := image.NewNRGBA(image.Rect(0, 0, 360, 240))
	card(img, img.Rect)
	return encodePNG(img)
}

// selfiePNG is the demo's specimen selfie: a person holding the document,
// 240×300.
func selfiePNG() ([]byte, error) {
	img := image.NewNRGBA(image.Rect(0, 0, 240, 300))
	fill(img, img.Rect, wall)
	face(img, image.Rect(40, 20, 200, 260))
	card(img, image.Rect(120, 190, 230, 263))
	return encodePNG(img)
}

// permitPDF is the demo's specimen scan: a residence permit, front and
// back, as a two-page PDF that any viewer opens.
func permitPDF() ([]byte, error) {
	pages := [][]string{
		{"RESIDENCE PERMIT", "SPECIMEN - NOT A REAL DOCUMENT", "Surname: PETROVA", "Given names: OLGA", "Valid until: 2031-04-30"},
		{"RESIDENCE PERMIT (BACK)", "Place of residence: BERLIN", "Remarks: EMPLOYMENT PERMITTED", "IDD<<PETROVA<<OLGA<<<<<<<<<<<<<<<<"},
	}
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"", // the page tree, below
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var kids []string
	for _, lines := range pages {
		var content strings.Builder
		content.WriteString("BT /F1 20 Tf 72 760 Td 24 TL\n")
		for _, l := range lines {
			fmt.Fprintf(&content, "(%s) Tj T*\n", l)
		}
		content.WriteString("ET\n")
		page := len(objects) + 1
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
		objects = append(objects,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", page+1),
			fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()))
	}
	objects[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	return writePDF(objects), nil
}

// writePDF writes objects, numbered from 1, with the cross-reference table
// a viewer reads.
func writePDF(objects []string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}
