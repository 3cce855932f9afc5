package ui

import (
	"fmt"
	"image"
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"backstop/export"
)

// The preview draws each role in the very font the PDF sets it in (export.Document.Font):
// the embedded fonts, or the official ones of the 公文字体 setting.
var docFonts struct {
	sync.Mutex
	res map[*export.Font]fyne.Resource
}

// fontResource returns f as a Fyne resource, one per font, so that Fyne's caches of
// faces (by resource) and of text metrics (by resource name) hold it once.
func fontResource(f *export.Font) fyne.Resource {
	docFonts.Lock()
	defer docFonts.Unlock()
	if r, ok := docFonts.res[f]; ok {
		return r
	}
	if docFonts.res == nil {
		docFonts.res = map[*export.Font]fyne.Resource{}
	}
	r := fyne.NewStaticResource(fmt.Sprintf("%s-%d.ttf", f.Name(), len(docFonts.res)), f.Data())
	docFonts.res[f] = r
	return r
}

// roleFont returns the resource of the font the document sets role in.
func (p *pagePainter) roleFont(r export.Role) fyne.Resource {
	return fontResource(p.doc.Font(r))
}

// mmPerPt converts points to millimetres, as export does.
const mmPerPt = 25.4 / 72

// pagePainter turns the pages of export's Document into Fyne canvas objects, scaled
// from millimetres to pixels: the preview draws the very layout the PDF is written
// from, never a second one.
type pagePainter struct {
	doc       *export.Document
	pxPerMM   float32
	baselines map[baselineKey]float32
	marks     map[watermarkKey]image.Image // rendered watermarks
}

type watermarkKey struct {
	text  string
	role  export.Role
	size  float32
	color export.Color
	angle float64
}

type baselineKey struct {
	role export.Role
	size float32
}

func newPagePainter(doc *export.Document, pxPerMM float32) *pagePainter {
	return &pagePainter{doc: doc, pxPerMM: pxPerMM, baselines: map[baselineKey]float32{}, marks: map[watermarkKey]image.Image{}}
}

// pageSize is the size of a page in pixels.
func (p *pagePainter) pageSize() fyne.Size {
	return fyne.NewSize(p.px(p.doc.Width), p.px(p.doc.Height))
}

func (p *pagePainter) px(mm float64) float32 { return float32(mm) * p.pxPerMM }

func rgb(c export.Color) color.Color { return color.NRGBA{R: c.R, G: c.G, B: c.B, A: 0xff} }

// baseline returns how far below the top of a canvas.Text its baseline lies.
func (p *pagePainter) baseline(role export.Role, size float32) float32 {
	k := baselineKey{role, size}
	if b, ok := p.baselines[k]; ok {
		return b
	}
	_, b := fyne.CurrentApp().Driver().RenderedTextSize("国", size, fyne.TextStyle{}, p.roleFont(role))
	p.baselines[k] = b
	return b
}

// objects draws page n: a white sheet, then its elements in order.
func (p *pagePainter) objects(n int) []fyne.CanvasObject {
	sheet := canvas.NewRectangle(color.White)
	sheet.StrokeColor = color.NRGBA{R: 0xc8, G: 0xc8, B: 0xc8, A: 0xff}
	sheet.StrokeWidth = 1
	sheet.Resize(p.pageSize())
	objs := []fyne.CanvasObject{sheet}
	for _, e := range p.doc.Pages[n].Elements {
		switch e := e.(type) {
		case export.Text:
			objs = p.text(objs, e)
		case export.Rule:
			l := canvas.NewLine(rgb(e.Color))
			l.StrokeWidth = max(1, p.px(e.Width))
			l.Position1 = fyne.NewPos(p.px(e.X1), p.px(e.Y1))
			l.Position2 = fyne.NewPos(p.px(e.X2), p.px(e.Y2))
			objs = append(objs, l)
		case export.Rect:
			r := canvas.NewRectangle(color.Transparent)
			if e.Filled {
				r.FillColor = rgb(e.Fill)
			}
			if e.LineWidth > 0 {
				r.StrokeColor = rgb(e.Stroke)
				r.StrokeWidth = max(1, p.px(e.LineWidth))
			}
			r.Move(fyne.NewPos(p.px(e.X), p.px(e.Y)))
			r.Resize(fyne.NewSize(p.px(e.W), p.px(e.H)))
			objs = append(objs, r)
		case export.Watermark:
			objs = p.watermark(objs, e)
		}
	}
	return objs
}

// text draws a run character by character at export's positions, since canvas.Text
// cannot set letter spacing; a run without spacing is drawn whole.
func (p *pagePainter) text(objs []fyne.CanvasObject, t export.Text) []fyne.CanvasObject {
	size := p.px(t.Size * mmPerPt)
	top := p.px(t.Y) - p.baseline(t.Role, size)
	font := p.roleFont(t.Role)
	col := rgb(t.Color)
	put := func(s string, x float64) {
		c := canvas.NewText(s, col)
		c.TextSize = size
		c.FontSource = font
		c.Move(fyne.NewPos(p.px(x), top))
		c.Resize(c.MinSize())
		objs = append(objs, c)
	}
	if t.Spacing == 0 {
		put(t.Text, t.X)
		return objs
	}
	xs := t.RuneX()
	i := 0
	for _, r := range t.Text {
		if i < len(xs) && r != ' ' && r != '\u3000' {
			put(string(r), xs[i])
		}
		i++
	}
	return objs
}

// watermark draws the draft mark turned as export asks, from an image (Fyne cannot
// rotate text), centred on its point; level text if the image cannot be made.
func (p *pagePainter) watermark(objs []fyne.CanvasObject, w export.Watermark) []fyne.CanvasObject {
	size := p.px(w.Size * mmPerPt)
	key := watermarkKey{w.Text, w.Role, size, w.Color, w.Angle}
	img, ok := p.marks[key]
	if !ok {
		img = rotatedText(w.Text, p.doc.Font(w.Role), float64(size), rgb(w.Color), w.Angle)
		p.marks[key] = img
	}
	if img != nil {
		c := canvas.NewImageFromImage(img)
		c.FillMode = canvas.ImageFillStretch
		b := img.Bounds()
		c.Resize(fyne.NewSize(float32(b.Dx()), float32(b.Dy())))
		c.Move(fyne.NewPos(p.px(w.X)-float32(b.Dx())/2, p.px(w.Y)-float32(b.Dy())/2))
		return append(objs, c)
	}
	var width float64
	for _, a := range w.Advances {
		width += a
	}
	c := canvas.NewText(w.Text, rgb(w.Color))
	c.TextSize = size
	c.FontSource = p.roleFont(w.Role)
	baselineY := w.Y + 0.38*w.Size*mmPerPt
	c.Move(fyne.NewPos(p.px(w.X-width/2), p.px(baselineY)-p.baseline(w.Role, size)))
	c.Resize(c.MinSize())
	return append(objs, c)
}

// pageLayout gives a page its size in pixels and leaves its elements where the painter
// put them.
type pageLayout struct{ size fyne.Size }

func (l *pageLayout) Layout([]fyne.CanvasObject, fyne.Size) {}

func (l *pageLayout) MinSize([]fyne.CanvasObject) fyne.Size { return l.size }
