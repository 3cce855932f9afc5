package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// columnsLayout places objects side by side with fixed fractions of the width, so the
// rows of a list line up like a table. The last fraction may be 0: it takes the rest.
type columnsLayout struct {
	fractions []float32
	gap       float32
}

func newColumns(gap float32, fractions ...float32) *columnsLayout {
	return &columnsLayout{fractions: fractions, gap: gap}
}

func (l *columnsLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for i, o := range objects {
		w := size.Width - x
		if i < len(l.fractions) && l.fractions[i] > 0 {
			w = size.Width*l.fractions[i] - l.gap
		}
		if w < 0 {
			w = 0
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + l.gap
	}
}

func (l *columnsLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objects {
		if m := o.MinSize(); m.Height > h {
			h = m.Height
		}
	}
	return fyne.NewSize(100, h)
}

// fitRowLayout places objects left to right at their minimum width, as many as the
// width holds; those that do not fit are hidden. Its minimum width is that of the
// widest object, so a row of suggestions never makes the window wider than the
// screen.
type fitRowLayout struct{ gap float32 }

func (l fitRowLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for _, o := range objects {
		m := o.MinSize()
		if x+m.Width > size.Width && x > 0 {
			o.Hide()
			continue
		}
		o.Show()
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(min(m.Width, size.Width), size.Height))
		x += m.Width + l.gap
	}
}

func (l fitRowLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		s = s.Max(o.MinSize())
	}
	return s
}

// wrapLayout places objects left to right at their minimum size and starts a new row
// when the next one does not fit, like words in a line: a toolbar that is one row on
// a wide screen takes two on a 1024×768 projector instead of widening the window. Its
// minimum width is that of the widest object; its minimum height is that of the rows
// at the width it was last laid out at (one row before then).
type wrapLayout struct {
	gap   float32
	width float32
	fill  bool // share each row's spare width among its objects
}

func newWrap(gap float32, objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(&wrapLayout{gap: gap}, objects...)
}

// newFillWrap is newWrap whose rows fill the width: panels side by side on a wide
// screen, one under the other where they do not fit (English in 投屏模式).
func newFillWrap(gap float32, objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(&wrapLayout{gap: gap, fill: true}, objects...)
}

// rows splits the visible objects into rows at width w (w ≤ 0: one row).
func (l *wrapLayout) rows(objects []fyne.CanvasObject, w float32) [][]fyne.CanvasObject {
	var rows [][]fyne.CanvasObject
	var row []fyne.CanvasObject
	x := float32(0)
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		if len(row) > 0 && w > 0 && x+m.Width > w {
			rows = append(rows, row)
			row, x = nil, 0
		}
		row = append(row, o)
		x += m.Width + l.gap
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

func rowHeight(row []fyne.CanvasObject) float32 {
	var h float32
	for _, o := range row {
		h = max(h, o.MinSize().Height)
	}
	return h
}

func (l *wrapLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	y := float32(0)
	for _, row := range l.rows(objects, size.Width) {
		h := rowHeight(row)
		var spare float32
		if l.fill {
			spare = size.Width - l.gap*float32(len(row)-1)
			for _, o := range row {
				spare -= o.MinSize().Width
			}
			spare = max(spare, 0) / float32(len(row))
		}
		x := float32(0)
		for _, o := range row {
			w := o.MinSize().Width + spare
			o.Move(fyne.NewPos(x, y))
			o.Resize(fyne.NewSize(min(w, size.Width), h))
			x += w + l.gap
		}
		y += h + l.gap
	}
}

func (l *wrapLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for i, row := range l.rows(objects, l.width) {
		if i > 0 {
			h += l.gap
		}
		h += rowHeight(row)
		for _, o := range row {
			w = max(w, o.MinSize().Width)
		}
	}
	return fyne.NewSize(w, h)
}

// fillLayout gives its objects all its room and asks for no more than min: a list of
// page-sized rows, whose own minimum is one page, scrolls in a short window instead
// of making the window taller than the screen.
type fillLayout struct{ min fyne.Size }

func (l fillLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l fillLayout) MinSize([]fyne.CanvasObject) fyne.Size { return l.min }

// stepBarLayout lays the step buttons out in equal columns. Each button has a long
// label ("第3步 · 议题与议定事项") and a short one ("3 议题"); where the long labels
// do not fit the width (a 1024×768 projector in 投屏模式) all show the short ones,
// so the bar never makes the window wider than the screen.
type stepBarLayout struct {
	gap         float32
	long, short []string
	buttons     []*widget.Button
}

func (l *stepBarLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	n := float32(len(objects))
	if n == 0 {
		return
	}
	per := (size.Width - l.gap*(n-1)) / n
	labels := l.long
	for _, s := range l.long {
		if buttonTextWidth(s) > per {
			labels = l.short
		}
	}
	for i, b := range l.buttons {
		if b.Text != labels[i] {
			b.SetText(labels[i])
		}
	}
	for i, o := range objects {
		o.Move(fyne.NewPos(float32(i)*(per+l.gap), 0))
		o.Resize(fyne.NewSize(per, size.Height))
	}
}

func (l *stepBarLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var h, w float32
	for _, o := range objects {
		h = max(h, o.MinSize().Height)
	}
	for _, s := range l.short {
		w += buttonTextWidth(s) + l.gap
	}
	return fyne.NewSize(w, h)
}

// buttonTextWidth is the width a text button needs for s: its bold text and padding.
func buttonTextWidth(s string) float32 {
	return fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{Bold: true}).Width + 2*theme.InnerPadding()
}

// cappedScroll shows content in a vertical scroll that asks for the content's own
// height up to lines lines of label text, and scrolls beyond it: a list of warnings
// is whole when short and does not push the window past the screen when long. lines
// is asked at every layout, so the cap follows the theme (投屏模式).
func cappedScroll(content fyne.CanvasObject, lines func() float32) *fyne.Container {
	return container.New(&capLayout{content: content, lines: lines}, container.NewVScroll(content))
}

type capLayout struct {
	content fyne.CanvasObject
	lines   func() float32
}

func (l *capLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l *capLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	m := l.content.MinSize()
	line := fyne.MeasureText("兜", theme.TextSize(), fyne.TextStyle{}).Height + 2*theme.InnerPadding()
	return fyne.NewSize(m.Width, min(m.Height, l.lines()*line))
}
