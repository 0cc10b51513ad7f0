package pdfpages

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"testing"
)

// pdf writes a PDF of the given objects (numbered from 1), without a
// cross-reference table, which Count does not read.
func pdf(objects ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	for i, o := range objects {
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	b.WriteString("trailer\n<< /Root 1 0 R /Size 9 >>\n%%EOF\n")
	return b.Bytes()
}

// pagesPDF is a plain PDF of n pages: a catalog, a page tree and the pages.
func pagesPDF(n int) []byte {
	kids := make([]string, n)
	objects := []string{"<< /Type /Catalog /Pages 2 0 R >>", ""}
	for i := range n {
		kids[i] = fmt.Sprintf("%d 0 R", i+3)
		objects = append(objects, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
	}
	objects[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n)
	return pdf(objects...)
}

func deflate(s string) []byte {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

// objStm is an object stream holding objects numbered from first, at
// the offsets their text takes, compressed unless plain.
func objStm(first int, plain bool, objects ...string) string {
	var head, body strings.Builder
	for i, o := range objects {
		fmt.Fprintf(&head, "%d %d ", first+i, body.Len())
		body.WriteString(o + "\n")
	}
	data := head.String() + body.String()
	dict := fmt.Sprintf("/Type /ObjStm /N %d /First %d", len(objects), head.Len())
	if plain {
		return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
	}
	z := deflate(data)
	return fmt.Sprintf("<< %s /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream", dict, len(z), z)
}

func TestCount(t *testing.T) { // R-STF-2: PDFs listed by page count
	for _, tc := range []struct {
		name string
		data []byte
		want int
	}{
		{"one page", pagesPDF(1), 1},
		{"three pages", pagesPDF(3), 3},
		{"forty pages", pagesPDF(40), 40},
		{"not a PDF", []byte("hello"), 0},
		{"empty", nil, 0},
		{"page tree without pages", pdf("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"), 0},
		{"no spaces", pdf("<</Type/Page/Parent 2 0 R>>", "<</Type/Pages/Count 1>>"), 1},
		{"escaped name", pdf("<< /Type /Pa#67e >>", "<< /Ty#70e /Page >>"), 2},
		{"line breaks and comments between key and value", pdf("<< /Type % a comment\n/Page >>"), 1},
		{"the words in a string", pdf("<< /Type /Annot /Contents (see /Type /Page (nested /Type /Page)) >>"), 0},
		{"an escaped parenthesis in a string", pdf("<< /Type /Annot /Contents (a \\) /Type /Page ) >>"), 0},
		{"the words in a hex string", pdf("<< /Type /Annot /Contents <2F54797065202F50616765> >>"), 0},
		{"the words in a comment", pdf("<< /Type /Catalog >> % /Type /Page"), 0},
		{"the words in a content stream", pdf("<< /Length 24 >>\nstream\n<< /Type /Page >> BT ET\nendstream", "<< /Type /Page >>"), 1},
		{"a stream that holds the word endstream", pdf("<< /Length 28 >>\nstream\nendstream << /Type /Page >>\nendstream"), 0},
		// An indirect /Length is not resolved: the stream ends at the
		// first "endstream".
		{"a stream with an indirect length", pdf("<< /Length 28 0 R >>\nstream\nendstream << /Type /Page >>\nendstream"), 1},
		{"a nested dictionary is not the object's type", pdf("<< /Type /Annot /AP << /Type /Page >> >>"), 0},
		{"an array value ends before the next key", pdf("<< /Filter [/FlateDecode] /Type /Page >>"), 1},
		{"an incremental update replaces an object", append(pagesPDF(2), []byte("3 0 obj\n<< /Type /Annot >>\nendobj\n%%EOF\n")...), 1},
		{"an object cut short", []byte("%PDF-1.4\n1 0 obj\n<< /Type /Page >>\n2 0 obj\n<< /Type /Page >>\nendobj\n"), 2},
		{"compressed object stream", pdf("<< /Type /Catalog >>", objStm(3, false, "<< /Type /Page >>", "<< /Type /Pages /Count 2 >>", "<< /Type /Page >>")), 2},
		{"plain object stream", pdf(objStm(2, true, "<< /Type /Page >>", "42", "<< /Type /Page >>")), 2},
		{"object stream value that is not a dictionary", pdf(objStm(2, true, "42", "<< /Type /Page >>")), 1},
		{"object stream with a broken header", pdf("<< /Type /ObjStm /N 5 /First 4 /Length 10 >>\nstream\nxx 0 <<>>\nendstream"), 0},
		{"object stream that does not inflate", pdf("<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length 8 >>\nstream\n0 0 junk\nendstream"), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Count(tc.data); got != tc.want {
				t.Errorf("Count = %d, want %d", got, tc.want)
			}
		})
	}
}

// FuzzCount: any input is counted without a panic, in time linear in its
// size, and never to more pages than it has "obj" keywords or object
// stream entries could name.
func FuzzCount(f *testing.F) {
	f.Add(pagesPDF(3))
	f.Add(pdf(objStm(3, false, "<< /Type /Page >>", "<< /Type /Page >>")))
	f.Add(pdf(objStm(2, true, "<< /Type /Page >>")))
	f.Add([]byte("%PDF-1.4\n1 0 obj << /Type /Page /Kids [1 0 R] /Length 3 0 R >> stream\nxx endstream endobj"))
	f.Add([]byte("1 0 obj <</Type/Pa#67e (a\\)b) <0a> >> endobj"))
	f.Fuzz(func(t *testing.T, data []byte) {
		n := Count(data)
		if n < 0 {
			t.Fatalf("Count = %d", n)
		}
		if n > 0 && !bytes.Contains(data, []byte("obj")) {
			t.Fatalf("Count = %d without a single object", n)
		}
	})
}

// BenchmarkCount counts a 200-page PDF of about 10 MB, the largest a
// verification file may be (R-KYC-1).
func BenchmarkCount(b *testing.B) {
	data := pagesPDF(200)
	filler := pdf("<< /Length 10000000 >>\nstream\n" + strings.Repeat("q 1 0 0 1 0 0 cm Q\n", 10_000_000/19) + "\nendstream")
	data = append(data, filler...)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if n := Count(data); n != 200 {
			b.Fatal(n)
		}
	}
}
