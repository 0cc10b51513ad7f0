package modeltest

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"strings"
	"testing"
)

// PNG is a w×h PNG of noise, which does not compress: its bytes are
// unlike anything else in a database, so a scan can tell whether they are
// stored in the clear (R-KYC-1, SPEC §7).
func PNG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	seed := uint32(2463534242)
	for i := range img.Pix {
		seed ^= seed << 13
		seed ^= seed >> 17
		seed ^= seed << 5
		img.Pix[i] = byte(seed)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// PDF is a PDF of pages pages, padded with a comment to size bytes when
// size is larger (R-KYC-1).
func PDF(pages, size int) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n")
	fmt.Fprintf(&b, "2 0 obj << /Type /Pages /Count %d >> endobj\n", pages)
	for i := range pages {
		fmt.Fprintf(&b, "%d 0 obj << /Type /Page /Parent 2 0 R >> endobj\n", i+3)
	}
	if pad := size - b.Len() - len("%%EOF\n") - 2; pad > 0 {
		b.WriteString("%" + strings.Repeat("x", pad) + "\n")
	}
	b.WriteString("%%EOF\n")
	return b.Bytes()
}
