package model

import (
	"bytes"
	"testing"
)

// FuzzInspectKYCFile: whatever a customer sends, the checks of R-KYC-1
// answer without a panic; what they accept is what its first bytes say,
// of at most MaxKYCFileSize, with pages if a PDF and a sane size if an
// image; what they refuse is refused with a sentence.
func FuzzInspectKYCFile(f *testing.F) {
	f.Add("passport.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"))
	f.Add("scan.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"))
	f.Add("permit.pdf", []byte("%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n%%EOF"))
	f.Add("note.txt", []byte("hello"))
	f.Add("", []byte{})
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		typ, detected := DetectFileType(data)
		file, err := inspectKYCFile(name, data)
		if err != nil {
			if ErrorCode(err) != EINVALID || ErrorMessage(err) == "" {
				t.Fatalf("refused without a sentence: %v", err)
			}
			return
		}
		if !detected || file.Type != typ || file.Size != int64(len(data)) || len(data) == 0 || len(data) > MaxKYCFileSize {
			t.Fatalf("accepted %+v for %d bytes detected as %q", file, len(data), typ)
		}
		switch typ {
		case FilePDF:
			if !bytes.HasPrefix(data, pdfMagic) || file.Pages < 1 {
				t.Fatalf("accepted a PDF without pages: %+v", file)
			}
		case FileJPEG, FilePNG:
			if file.Width < 1 || file.Height < 1 || int64(file.Width)*int64(file.Height) > MaxImagePixels {
				t.Fatalf("accepted an image of %d×%d", file.Width, file.Height)
			}
		}
	})
}

// FuzzDetectFileType: the type is decided by the first bytes alone, and
// only the three accepted types are ever named.
func FuzzDetectFileType(f *testing.F) {
	for _, seed := range [][]byte{jpegMagic, pngMagic, pdfMagic, []byte("GIF89a"), nil} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		typ, ok := DetectFileType(data)
		want := map[FileType][]byte{FileJPEG: jpegMagic, FilePNG: pngMagic, FilePDF: pdfMagic}
		if !ok {
			for k, magic := range want {
				if bytes.HasPrefix(data, magic) {
					t.Fatalf("%q starts like a %s but was not detected", data, k)
				}
			}
			return
		}
		if magic, known := want[typ]; !known || !bytes.HasPrefix(data, magic) {
			t.Fatalf("detected %q for %q", typ, data)
		}
		if more, _ := DetectFileType(append(bytes.Clone(data), "trailing bytes"...)); more != typ {
			t.Fatalf("appending changed the type from %q to %q", typ, more)
		}
	})
}
