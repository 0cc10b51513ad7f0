package staff

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand"
	"testing"
)

// photo is a w×h image with gradients and noise, which compresses about
// as badly as a photo of a document does.
func photo(w, h, noise int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewSource(1))
	for y := range h {
		for x := range w {
			n := r.Intn(noise)
			img.SetRGBA(x, y, color.RGBA{uint8(x*255/w + n), uint8(y*255/h + n), uint8((x + y) % 256), 255})
		}
	}
	return img
}

// R-STF-2, issue 13: drawing the preview of a 10 MB image — decode,
// thumbnail, half blocks for an 80×21 area — all of it in a command.
func BenchmarkImagePreview(b *testing.B) {
	var jpg, pngb bytes.Buffer
	if err := jpeg.Encode(&jpg, photo(4000, 3000, 60), &jpeg.Options{Quality: 95}); err != nil {
		b.Fatal(err)
	}
	if err := png.Encode(&pngb, photo(1800, 1400, 255)); err != nil {
		b.Fatal(err)
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{"jpeg-4000x3000", jpg.Bytes()}, {"png-1800x1400", pngb.Bytes()}} {
		b.Run(f.name, func(b *testing.B) {
			b.ReportMetric(float64(len(f.data))/1e6, "MB")
			for b.Loop() {
				t, err := decodeThumb(f.data)
				if err != nil {
					b.Fatal(err)
				}
				if lines := halfBlocks(t, 80, 19, true, true); len(lines) == 0 {
					b.Fatal("nothing drawn")
				}
			}
		})
	}
	t, err := decodeThumb(pngb.Bytes())
	if err != nil {
		b.Fatal(err)
	}
	b.Run("redraw-120x37", func(b *testing.B) {
		for b.Loop() {
			halfBlocks(t, 120, 37, true, true)
		}
	})
}
