package ui

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// chartBar is one bar of a chart: what it counts, how many, and the number written on it.
type chartBar struct {
	Label string
	Value int
	Text  string // the number as shown; empty: Value
}

func (b chartBar) text() string {
	if b.Text != "" {
		return b.Text
	}
	return strconv.Itoa(b.Value)
}

// barColour is the ink of ordinary bars: a quiet slate blue that reads on a projector
// and leaves the office red for what needs attention.
var barColour = color.NRGBA{R: 0x3d, G: 0x64, B: 0x8c, A: 0xff}

// barChart draws counts as bars with their label and their number, so the figures
// can be read off the screen without hovering: horizontal rows (label, bar, number)
// or vertical columns (number above, label below). Sizes follow the theme, so the
// chart grows with projector mode.
type barChart struct {
	widget.BaseWidget
	vertical bool
	bars     []chartBar
}

func newBarChart(vertical bool) *barChart {
	c := &barChart{vertical: vertical}
	c.ExtendBaseWidget(c)
	return c
}

// setBars replaces the bars and redraws.
func (c *barChart) setBars(bars []chartBar) {
	c.bars = bars
	c.Refresh()
}

func (c *barChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barChartRenderer{chart: c}
	r.rebuild()
	return r
}

// barChartRenderer keeps, for every bar, its label, track, bar and number.
type barChartRenderer struct {
	chart   *barChart
	labels  []*canvas.Text
	tracks  []*canvas.Rectangle
	fills   []*canvas.Rectangle
	numbers []*canvas.Text
	axis    *canvas.Rectangle
	objects []fyne.CanvasObject
}

// metrics are the theme's sizes for the chart.
type chartMetrics struct {
	text, pad float32
	lineH     float32
	labelW    float32
	numberW   float32
}

func (r *barChartRenderer) metrics() chartMetrics {
	th := r.chart.Theme()
	m := chartMetrics{text: th.Size(theme.SizeNameText), pad: th.Size(theme.SizeNamePadding)}
	m.lineH = fyne.MeasureText("国0", m.text, fyne.TextStyle{}).Height
	for _, b := range r.chart.bars {
		if w := fyne.MeasureText(b.Label, m.text, fyne.TextStyle{}).Width; w > m.labelW {
			m.labelW = w
		}
		if w := fyne.MeasureText(b.text(), m.text, fyne.TextStyle{Bold: true}).Width; w > m.numberW {
			m.numberW = w
		}
	}
	return m
}

// rebuild makes the canvas objects for the current bars and theme.
func (r *barChartRenderer) rebuild() {
	th := r.chart.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, v)
	track := th.Color(theme.ColorNameInputBackground, v)
	size := th.Size(theme.SizeNameText)
	n := len(r.chart.bars)
	r.labels, r.tracks, r.fills, r.numbers = make([]*canvas.Text, n), make([]*canvas.Rectangle, n), make([]*canvas.Rectangle, n), make([]*canvas.Text, n)
	r.objects = make([]fyne.CanvasObject, 0, 4*n+1)
	r.axis = canvas.NewRectangle(th.Color(theme.ColorNameShadow, v))
	if r.chart.vertical {
		r.objects = append(r.objects, r.axis)
	}
	for i, b := range r.chart.bars {
		l := canvas.NewText(b.Label, fg)
		l.TextSize = size
		num := canvas.NewText(b.text(), fg)
		num.TextSize = size
		num.TextStyle.Bold = true
		t := canvas.NewRectangle(track)
		f := canvas.NewRectangle(barColour)
		if r.chart.vertical {
			l.Alignment, num.Alignment = fyne.TextAlignCenter, fyne.TextAlignCenter
		} else {
			l.Alignment = fyne.TextAlignTrailing
		}
		r.labels[i], r.tracks[i], r.fills[i], r.numbers[i] = l, t, f, num
		if r.chart.vertical {
			// Columns stand free above the axis; a track would run behind the number.
			r.objects = append(r.objects, f, l, num)
		} else {
			r.objects = append(r.objects, t, f, l, num)
		}
	}
}

func (r *barChartRenderer) maxValue() int {
	top := 0
	for _, b := range r.chart.bars {
		top = max(top, b.Value)
	}
	return top
}

func (r *barChartRenderer) Layout(size fyne.Size) {
	m := r.metrics()
	top := r.maxValue()
	share := func(v int) float32 {
		if top <= 0 || v <= 0 {
			return 0
		}
		return float32(v) / float32(top)
	}
	if r.chart.vertical {
		r.layoutVertical(size, m, share)
		return
	}
	rowH := m.lineH + 2*m.pad
	barH := m.lineH * 0.8
	barX := m.labelW + 2*m.pad
	span := size.Width - barX - 2*m.pad - m.numberW
	if span < 0 {
		span = 0
	}
	for i := range r.chart.bars {
		y := float32(i) * rowH
		r.labels[i].Move(fyne.NewPos(0, y+m.pad))
		r.labels[i].Resize(fyne.NewSize(m.labelW, m.lineH))
		barY := y + (rowH-barH)/2
		r.tracks[i].Move(fyne.NewPos(barX, barY))
		r.tracks[i].Resize(fyne.NewSize(span, barH))
		w := span * share(r.chart.bars[i].Value)
		if r.chart.bars[i].Value > 0 && w < 2 {
			w = 2
		}
		r.fills[i].Move(fyne.NewPos(barX, barY))
		r.fills[i].Resize(fyne.NewSize(w, barH))
		// The number sits just after its bar, inside the track's reach.
		nw := fyne.MeasureText(r.numbers[i].Text, m.text, fyne.TextStyle{Bold: true}).Width
		r.numbers[i].Alignment = fyne.TextAlignLeading
		r.numbers[i].Move(fyne.NewPos(barX+w+m.pad, y+m.pad))
		r.numbers[i].Resize(fyne.NewSize(nw, m.lineH))
	}
}

func (r *barChartRenderer) layoutVertical(size fyne.Size, m chartMetrics, share func(int) float32) {
	n := len(r.chart.bars)
	if n == 0 {
		return
	}
	colW := size.Width / float32(n)
	barW := min(colW*0.6, m.lineH*2.2)
	plotTop := m.lineH + m.pad
	base := size.Height - m.lineH - m.pad
	plotH := base - plotTop
	if plotH < 0 {
		plotH = 0
	}
	r.axis.Move(fyne.NewPos(0, base))
	r.axis.Resize(fyne.NewSize(size.Width, 1))
	for i := range r.chart.bars {
		x := float32(i) * colW
		h := plotH * share(r.chart.bars[i].Value)
		if r.chart.bars[i].Value > 0 && h < 2 {
			h = 2
		}
		bx := x + (colW-barW)/2
		r.tracks[i].Move(fyne.NewPos(bx, plotTop))
		r.tracks[i].Resize(fyne.NewSize(barW, plotH))
		r.fills[i].Move(fyne.NewPos(bx, base-h))
		r.fills[i].Resize(fyne.NewSize(barW, h))
		r.numbers[i].Move(fyne.NewPos(x, base-h-m.lineH-m.pad/2))
		r.numbers[i].Resize(fyne.NewSize(colW, m.lineH))
		r.labels[i].Move(fyne.NewPos(x, base+m.pad))
		r.labels[i].Resize(fyne.NewSize(colW, m.lineH))
	}
}

func (r *barChartRenderer) MinSize() fyne.Size {
	m := r.metrics()
	n := float32(len(r.chart.bars))
	if r.chart.vertical {
		colW := max(m.labelW, m.numberW) + 2*m.pad
		return fyne.NewSize(n*colW, 8*m.lineH)
	}
	return fyne.NewSize(m.labelW+m.numberW+4*m.pad+6*m.lineH, n*(m.lineH+2*m.pad))
}

func (r *barChartRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.chart.Size())
	canvas.Refresh(r.chart)
}

func (r *barChartRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *barChartRenderer) Destroy() {}
