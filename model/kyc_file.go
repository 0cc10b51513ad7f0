package model

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // registers JPEG for image.DecodeConfig
	_ "image/png"  // registers PNG for image.DecodeConfig
	"io"
	"path"
	"strings"

	"acctl/pdfpages"
)

// FileType is what a verification file is by its content, never by its
// name (R-KYC-1): a MIME type.
type FileType string

// The file types a verification accepts.
const (
	FileJPEG FileType = "image/jpeg"
	FilePNG  FileType = "image/png"
	FilePDF  FileType = "application/pdf"
)

// Title is the type as the screens write it.
func (t FileType) Title() string {
	switch t {
	case FileJPEG:
		return "JPEG image"
	case FilePNG:
		return "PNG image"
	case FilePDF:
		return "PDF document"
	}
	return string(t)
}

// IsImage reports whether the file is a picture the staff console draws
// (R-STF-2), rather than a PDF it lists.
func (t FileType) IsImage() bool { return t == FileJPEG || t == FilePNG }

// Limits of a verification file (R-KYC-1). MaxImagePixels keeps an image
// that a staff console decodes to draw it within a few hundred megabytes
// of memory, however well its 10 MB compress.
const (
	MaxKYCFileSize   = 10 << 20 // 10 MB
	MaxImagePixels   = 50_000_000
	MaxKYCFileName   = 255
	kycFileSizeTitle = "10 MB"
)

// The signatures that tell the accepted types apart (their "magic bytes").
var (
	jpegMagic = []byte{0xFF, 0xD8, 0xFF}
	pngMagic  = []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}
	pdfMagic  = []byte("%PDF-")
)

// DetectFileType tells the type of a file by its first bytes: a JPEG, a
// PNG or a PDF; false for anything else (R-KYC-1).
func DetectFileType(data []byte) (FileType, bool) {
	switch {
	case bytes.HasPrefix(data, jpegMagic):
		return FileJPEG, true
	case bytes.HasPrefix(data, pngMagic):
		return FilePNG, true
	case bytes.HasPrefix(data, pdfMagic):
		return FilePDF, true
	}
	return "", false
}

// ErrFileTooLarge refuses a verification file over MaxKYCFileSize.
var ErrFileTooLarge = &Error{Code: EINVALID, Message: "That file is larger than " + kycFileSizeTitle + ". Send a smaller photo or scan: a JPEG or PNG photo, or a PDF, of at most " + kycFileSizeTitle + "."}

// readKYCFile reads a verification file from r, refusing it as soon as it
// passes MaxKYCFileSize, so that no more than that is ever held.
func readKYCFile(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxKYCFileSize+1))
	if err != nil {
		return nil, Errorf(EINVALID, "The file could not be read to the end (%s). Send it again.", plainText(err.Error()))
	}
	if len(data) > MaxKYCFileSize {
		return nil, ErrFileTooLarge
	}
	return data, nil
}

// KYCFileName is the name a verification file is kept under: the last
// element of what was given, checked like any text; "file" when nothing
// is left.
func KYCFileName(name string) (string, error) {
	name = strings.TrimSpace(path.Base(strings.ReplaceAll(name, `\`, "/")))
	if name == "" || name == "." || name == "/" {
		return "file", nil
	}
	return name, checkText("The file name", name, MaxKYCFileName)
}

// inspectKYCFile checks a verification file by its content (R-KYC-1) and
// describes it: not empty, at most MaxKYCFileSize, a JPEG or PNG whose
// header reads and whose size in pixels is sane, or a PDF with pages.
// Each refusal is a sentence that says what to send instead.
func inspectKYCFile(name string, data []byte) (*KYCFile, error) {
	name, err := KYCFileName(name)
	if err != nil {
		return nil, err
	}
	switch {
	case len(data) == 0:
		return nil, Errorf(EINVALID, "%s is empty. Send the photo or scan itself: a JPEG, PNG or PDF file.", name)
	case len(data) > MaxKYCFileSize:
		return nil, ErrFileTooLarge
	}
	typ, ok := DetectFileType(data)
	if !ok {
		return nil, Errorf(EINVALID, "%s is not a JPEG, PNG or PDF file (acctl looks at what is inside, not at the name). Send a photo as JPEG or PNG, or a scan as PDF.", name)
	}
	f := &KYCFile{Name: name, Type: typ, Size: int64(len(data))}
	if typ == FilePDF {
		if f.Pages = pdfpages.Count(data); f.Pages == 0 {
			return nil, Errorf(EINVALID, "No page can be read in %s: it may be encrypted or damaged. Export it again as a plain PDF, or send a JPEG or PNG photo.", name)
		}
		return f, nil
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, Errorf(EINVALID, "%s starts like a %s but cannot be read as one: it may be damaged. Save the photo again and send it.", name, typ.Title())
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxImagePixels {
		return nil, Errorf(EINVALID, "%s is %d×%d pixels: send a photo of at most %d megapixels.", name, cfg.Width, cfg.Height, MaxImagePixels/1_000_000)
	}
	f.Width, f.Height = cfg.Width, cfg.Height
	return f, nil
}

// HumanSize writes a file size the way the screens show it: "812 B",
// "34.5 KB", "9.8 MB".
func HumanSize(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
