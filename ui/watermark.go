package ui

import (
	"image"
	"image/color"
	"math"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"backstop/export"
)

// Fyne cannot rotate text, so the preview draws the draft watermark as an image: the
// text rendered in the document's font for its role, then turned by export's angle.

// watermarkFonts holds the fonts parsed for drawing, by the document's font.
var watermarkFonts struct {
	sync.Mutex
	parsed map[*export.Font]*opentype.Font
}

func watermarkFont(f *export.Font) *opentype.Font {
	if f == nil {
		return nil
	}
	watermarkFonts.Lock()
	defer watermarkFonts.Unlock()
	if o, ok := watermarkFonts.parsed[f]; ok {
		return o
	}
	if watermarkFonts.parsed == nil {
		watermarkFonts.parsed = map[*export.Font]*opentype.Font{}
	}
	o, err := opentype.Parse(f.Data())
	if err != nil {
		o = nil
	}
	watermarkFonts.parsed[f] = o
	return o
}

// rotatedText renders text of sizePx pixels in col, turned angle degrees
// counter-clockwise about its centre, on a transparent image just large enough.
func rotatedText(text string, docFont *export.Font, sizePx float64, col color.Color, angle float64) image.Image {
	f := watermarkFont(docFont)
	if f == nil || sizePx < 1 {
		return nil
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: sizePx, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil
	}
	defer face.Close()
	m := face.Metrics()
	w := font.MeasureString(face, text).Ceil()
	h := (m.Ascent + m.Descent).Ceil()
	flat := image.NewNRGBA(image.Rect(0, 0, w, h))
	d := &font.Drawer{Dst: flat, Src: image.NewUniform(col), Face: face, Dot: fixed.Point26_6{Y: m.Ascent}}
	d.DrawString(text)

	rad := angle * math.Pi / 180
	sin, cos := math.Sin(rad), math.Cos(rad)
	fw, fh := float64(w), float64(h)
	rw := int(math.Ceil(math.Abs(fw*cos) + math.Abs(fh*sin)))
	rh := int(math.Ceil(math.Abs(fw*sin) + math.Abs(fh*cos)))
	out := image.NewNRGBA(image.Rect(0, 0, rw, rh))
	cx, cy, ox, oy := fw/2, fh/2, float64(rw)/2, float64(rh)/2
	for y := 0; y < rh; y++ {
		for x := 0; x < rw; x++ {
			// Inverse rotation (y grows downwards, so counter-clockwise on screen).
			dx, dy := float64(x)+0.5-ox, float64(y)+0.5-oy
			sx := cos*dx - sin*dy + cx
			sy := sin*dx + cos*dy + cy
			if sx >= 0 && sy >= 0 && sx < fw && sy < fh {
				out.Set(x, y, flat.At(int(sx), int(sy)))
			}
		}
	}
	return out
}
