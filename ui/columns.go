package ui

import "fyne.io/fyne/v2"

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
