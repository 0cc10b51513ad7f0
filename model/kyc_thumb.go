package model

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // R-KYC-1: the image types a verification file may be
	"image/png"
)

// ThumbSide bounds the side of a verification image's thumbnail, in
// pixels: enough for a half-block drawing of a 240×120 terminal, and all
// that a preview holds of an identity document (R-STF-2).
const ThumbSide = 480

// Thumb is an image shrunk to at most ThumbSide on each side, as 8-bit RGB
// rows.
type Thumb struct {
	W, H int
	Pix  []uint8 // 3 bytes a pixel
}

// MakeThumb decodes a JPEG or PNG and shrinks it by averaging the source
// pixels under each thumbnail pixel (a box filter on a grid of up to 4×4
// samples, so the work does not grow with the source beyond the decode).
// Decoding a 10 MB JPEG takes most of a second: it is done once, when the
// file is given, and the thumbnail kept sealed beside it.
func MakeThumb(data []byte) (*Thumb, error) {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	sw, sh := b.Dx(), b.Dy()
	if sw == 0 || sh == 0 {
		return &Thumb{}, nil
	}
	scale := max(float64(sw)/ThumbSide, float64(sh)/ThumbSide, 1)
	t := &Thumb{W: max(int(float64(sw)/scale), 1), H: max(int(float64(sh)/scale), 1)}
	t.Pix = make([]uint8, 3*t.W*t.H)
	samples := min(int(scale+0.999), 4)
	for y := 0; y < t.H; y++ {
		for x := 0; x < t.W; x++ {
			var r, g, bl, n uint32
			for sy := 0; sy < samples; sy++ {
				py := b.Min.Y + min(int((float64(y)+(float64(sy)+0.5)/float64(samples))*scale), sh-1)
				for sx := 0; sx < samples; sx++ {
					px := b.Min.X + min(int((float64(x)+(float64(sx)+0.5)/float64(samples))*scale), sw-1)
					cr, cg, cb := rgbAt(img, px, py)
					r, g, bl, n = r+uint32(cr), g+uint32(cg), bl+uint32(cb), n+1
				}
			}
			i := 3 * (y*t.W + x)
			t.Pix[i], t.Pix[i+1], t.Pix[i+2] = uint8(r/n), uint8(g/n), uint8(bl/n)
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

// EncodeThumb is t as a PNG, to seal and store beside its file.
func EncodeThumb(t *Thumb) ([]byte, error) {
	img := image.NewNRGBA(image.Rect(0, 0, t.W, t.H))
	for y := 0; y < t.H; y++ {
		for x := 0; x < t.W; x++ {
			i, o := 3*(y*t.W+x), img.PixOffset(x, y)
			img.Pix[o], img.Pix[o+1], img.Pix[o+2], img.Pix[o+3] = t.Pix[i], t.Pix[i+1], t.Pix[i+2], 0xff
		}
	}
	var b bytes.Buffer
	err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img)
	return b.Bytes(), err
}

// At is the colour of the thumbnail at x, y.
func (t *Thumb) At(x, y int) (uint8, uint8, uint8) {
	i := 3 * (y*t.W + x)
	return t.Pix[i], t.Pix[i+1], t.Pix[i+2]
}

// kycThumbLabel binds a sealed thumbnail to its request and slot (SPEC §7).
func kycThumbLabel(requestID int64, kind KYCFileKind) string {
	return kycFileLabel(requestID, kind) + ":thumb"
}

// sealedThumb makes the thumbnail of an image file and seals it; nil for a
// PDF. An image that does not decode is refused as it would be shown.
func (s *Service) sealedThumb(f *KYCFile, data []byte, requestID int64, kind KYCFileKind) ([]byte, error) {
	if !f.Type.IsImage() {
		return nil, nil
	}
	t, err := MakeThumb(data)
	if err != nil {
		return nil, Errorf(EINVALID, "This image cannot be read (%v). Send it again as a JPEG or PNG.", err)
	}
	enc, err := EncodeThumb(t)
	if err != nil {
		return nil, s.internal("encode verification thumbnail", err)
	}
	sealed, err := s.sealer.Seal(enc, kycThumbLabel(requestID, kind))
	if err != nil {
		return nil, s.internal("seal verification thumbnail", err)
	}
	return sealed, nil
}

// VerificationPreview opens the thumbnail of an image of a sent
// verification request for staff to look at (R-STF-2): made when the
// image was given, so that a preview costs no decoding of a 10 MB file.
// Recorded like VerificationFile. A file given before thumbnails were kept
// comes whole, to be shrunk by the caller (Thumb nil, Data set).
func (s *Service) VerificationPreview(ctx context.Context, id int64, kind KYCFileKind) (*KYCFileContent, *Thumb, error) {
	c, sealedThumb, err := s.openVerification(ctx, id, kind, true)
	if err != nil || sealedThumb == nil {
		return c, nil, err
	}
	enc, err := s.sealer.Open(sealedThumb, kycThumbLabel(id, kind))
	if err != nil {
		return nil, nil, s.internal("open verification thumbnail", fmt.Errorf("verification %d %s: %w", id, kind, err))
	}
	img, err := png.Decode(bytes.NewReader(enc))
	if err != nil {
		return nil, nil, s.internal("decode verification thumbnail", err)
	}
	b := img.Bounds()
	t := &Thumb{W: b.Dx(), H: b.Dy(), Pix: make([]uint8, 3*b.Dx()*b.Dy())}
	for y := 0; y < t.H; y++ {
		for x := 0; x < t.W; x++ {
			r, g, bl := rgbAt(img, b.Min.X+x, b.Min.Y+y)
			i := 3 * (y*t.W + x)
			t.Pix[i], t.Pix[i+1], t.Pix[i+2] = r, g, bl
		}
	}
	return c, t, nil
}
