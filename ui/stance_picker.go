package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// segmentPicker is a row of mutually exclusive choices that takes one tab stop: a
// digit key picks the choice of that number (0 clears), Left and Right step through
// them, Delete clears, and a tap on the chosen one clears it too. The department
// positions use it, one per attending department, so that the convener can go down
// the rows with Tab and a digit.
type segmentPicker struct {
	widget.DisableableWidget
	labels   []string
	selected int // -1: none
	focused  bool
	hovered  bool

	// OnChanged runs after the user changed the choice, with the new index (-1: none).
	OnChanged func(int)
}

func newSegmentPicker(labels []string, selected int, changed func(int)) *segmentPicker {
	p := &segmentPicker{labels: labels, selected: selected, OnChanged: changed}
	p.ExtendBaseWidget(p)
	return p
}

// Selected returns the chosen index, -1 when none.
func (p *segmentPicker) Selected() int { return p.selected }

// SetSelected changes the choice without calling OnChanged.
func (p *segmentPicker) SetSelected(i int) {
	if i < -1 || i >= len(p.labels) {
		i = -1
	}
	p.selected = i
	p.Refresh()
}

func (p *segmentPicker) choose(i int) {
	if p.Disabled() || i == p.selected {
		return
	}
	p.SetSelected(i)
	if p.OnChanged != nil {
		p.OnChanged(p.selected)
	}
}

// Tapped chooses the segment under the pointer, or clears the choice when it is
// already the chosen one.
func (p *segmentPicker) Tapped(ev *fyne.PointEvent) {
	if p.Disabled() || len(p.labels) == 0 {
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(p); c != nil {
		c.Focus(p)
	}
	i := len(p.labels) - 1
	for j, end := range p.segmentEnds(p.Size().Width) {
		if ev.Position.X < end {
			i = j
			break
		}
	}
	if i == p.selected {
		p.choose(-1)
	} else {
		p.choose(i)
	}
}

// segmentWidths is each segment's least width: its label in bold (as when chosen)
// with inner padding on both sides.
func (p *segmentPicker) segmentWidths() []float32 {
	th := p.Theme()
	pad := th.Size(theme.SizeNameInnerPadding)
	ws := make([]float32, len(p.labels))
	for i, l := range p.labels {
		ws[i] = fyne.MeasureText(l, th.Size(theme.SizeNameText), fyne.TextStyle{Bold: true}).Width + 2*pad
	}
	return ws
}

// segmentEnds is where each segment ends across a picker of the given width: each
// segment is as wide as its label needs, and the spare width is shared equally, so a
// long label ("Agree in principle") does not make every segment as wide as itself.
func (p *segmentPicker) segmentEnds(width float32) []float32 {
	ws := p.segmentWidths()
	spare := width
	for _, w := range ws {
		spare -= w
	}
	spare = max(spare, 0) / float32(max(len(ws), 1))
	x := float32(0)
	for i, w := range ws {
		x += w + spare
		ws[i] = x
	}
	return ws
}

func (p *segmentPicker) FocusGained() { p.focused = true; p.Refresh() }
func (p *segmentPicker) FocusLost()   { p.focused = false; p.Refresh() }

func (p *segmentPicker) TypedRune(r rune) {
	switch {
	case r == '0':
		p.choose(-1)
	case r >= '1' && int(r-'1') < len(p.labels):
		p.choose(int(r - '1'))
	}
}

func (p *segmentPicker) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyLeft:
		if p.selected > 0 {
			p.choose(p.selected - 1)
		}
	case fyne.KeyRight:
		if p.selected < len(p.labels)-1 {
			p.choose(p.selected + 1)
		}
	case fyne.KeyDelete, fyne.KeyBackspace:
		p.choose(-1)
	}
}

func (p *segmentPicker) Cursor() desktop.Cursor         { return desktop.PointerCursor }
func (p *segmentPicker) MouseIn(*desktop.MouseEvent)    { p.hovered = true; p.Refresh() }
func (p *segmentPicker) MouseMoved(*desktop.MouseEvent) {}
func (p *segmentPicker) MouseOut()                      { p.hovered = false; p.Refresh() }

func (p *segmentPicker) CreateRenderer() fyne.WidgetRenderer {
	r := &segmentRenderer{p: p, frame: canvas.NewRectangle(color.Transparent)}
	for _, l := range p.labels {
		bg := canvas.NewRectangle(color.Transparent)
		t := canvas.NewText(l, color.Black)
		t.Alignment = fyne.TextAlignCenter
		r.backs = append(r.backs, bg)
		r.texts = append(r.texts, t)
	}
	r.Refresh()
	return r
}

type segmentRenderer struct {
	p     *segmentPicker
	frame *canvas.Rectangle
	backs []*canvas.Rectangle
	texts []*canvas.Text
}

func (r *segmentRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.frame}
	for i := range r.backs {
		objs = append(objs, r.backs[i], r.texts[i])
	}
	return objs
}

func (r *segmentRenderer) MinSize() fyne.Size {
	th := r.p.Theme()
	pad := th.Size(theme.SizeNameInnerPadding)
	var w, h float32
	for _, sw := range r.p.segmentWidths() {
		w += sw
	}
	for _, t := range r.texts {
		h = max(h, fyne.MeasureText(t.Text, th.Size(theme.SizeNameText), t.TextStyle).Height)
	}
	return fyne.NewSize(w+2*r.frame.StrokeWidth, h+2*pad)
}

func (r *segmentRenderer) Layout(size fyne.Size) {
	r.frame.Resize(size)
	n := float32(len(r.texts))
	if n == 0 {
		return
	}
	inset := r.frame.StrokeWidth
	x := float32(0)
	for i, end := range r.p.segmentEnds(size.Width - 2*inset) {
		pos := fyne.NewPos(inset+x, inset)
		sz := fyne.NewSize(end-x, size.Height-2*inset)
		x = end
		r.backs[i].Move(pos)
		r.backs[i].Resize(sz)
		r.texts[i].Move(pos)
		r.texts[i].Resize(sz)
	}
}

func (r *segmentRenderer) Refresh() {
	th := r.p.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.frame.FillColor = th.Color(theme.ColorNameInputBackground, v)
	r.frame.StrokeWidth = th.Size(theme.SizeNameInputBorder)
	r.frame.CornerRadius = th.Size(theme.SizeNameInputRadius)
	switch {
	case r.p.focused:
		r.frame.StrokeColor = th.Color(theme.ColorNamePrimary, v)
	case r.p.hovered && !r.p.Disabled():
		r.frame.StrokeColor = th.Color(theme.ColorNameHover, v)
	default:
		r.frame.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
	}
	for i, t := range r.texts {
		t.TextSize = th.Size(theme.SizeNameText)
		chosen := i == r.p.selected
		r.backs[i].CornerRadius = r.frame.CornerRadius
		switch {
		case chosen && r.p.Disabled():
			r.backs[i].FillColor = th.Color(theme.ColorNameDisabledButton, v)
			t.Color = th.Color(theme.ColorNameForeground, v)
		case chosen:
			r.backs[i].FillColor = th.Color(theme.ColorNamePrimary, v)
			t.Color = th.Color(theme.ColorNameForegroundOnPrimary, v)
		case r.p.Disabled():
			r.backs[i].FillColor = color.Transparent
			t.Color = th.Color(theme.ColorNameDisabled, v)
		default:
			r.backs[i].FillColor = color.Transparent
			t.Color = th.Color(theme.ColorNameForeground, v)
		}
		t.TextStyle.Bold = chosen
		r.backs[i].Refresh()
		t.Refresh()
	}
	r.Layout(r.p.Size())
	r.frame.Refresh()
}

func (r *segmentRenderer) Destroy() {}
