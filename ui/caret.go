package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Caret is where the text cursor of the focused field is, in the window's
// coordinates: the top of the line and the line's height. The input method's
// candidate window belongs just below it.
type Caret struct {
	Pos    fyne.Position
	Height float32
	Scale  float32 // pixels per unit of the window
	// Window is the window the field is in.
	Window fyne.Window
}

// caretOf returns the caret of an entry: its position on screen, then the width of
// the text before the cursor on the cursor's line, inside the entry's padding. o is
// the entry as the window holds it (a type embedding widget.Entry, or e itself).
func caretOf(o fyne.CanvasObject, e *widget.Entry) (Caret, bool) {
	d := fyne.CurrentApp().Driver()
	if d.CanvasForObject(o) == nil {
		return Caret{}, false
	}
	pos := d.AbsolutePositionForObject(o)
	size := theme.TextSize()
	pad := theme.InnerPadding()
	lines := strings.Split(e.Text, "\n")
	row := min(max(e.CursorRow, 0), len(lines)-1)
	line := []rune(lines[row])
	col := min(max(e.CursorColumn, 0), len(line))
	w := fyne.MeasureText(string(line[:col]), size, e.TextStyle).Width
	h := fyne.MeasureText("兜", size, e.TextStyle).Height
	x := pos.X + pad + min(w, max(e.Size().Width-2*pad, 0))
	y := pos.Y + pad/2 + min(float32(row)*h, max(e.Size().Height-h-pad, 0))
	return Caret{Pos: fyne.NewPos(x, y), Height: h + pad/2}, true
}

// focusedEntry returns the text field that has the cursor, if any: the object the
// window holds, and its widget.Entry.
func (u *UI) focusedEntry() (fyne.CanvasObject, *widget.Entry, bool) {
	switch f := u.win.Canvas().Focused().(type) {
	case *entry:
		return f, &f.Entry, true
	case *enterEntry:
		return f, &f.Entry, true
	case *widget.Entry:
		return f, f, true
	}
	return nil, nil, false
}

// followCaret tells the input method where the caret of the focused field is
// (Options.Caret) whenever it moves: typing, a click, Tab to another field, a
// scroll or a resize. It looks a few times a second rather than hooking every
// field, so that no way of moving the cursor is missed.
func (u *UI) followCaret() {
	var last Caret
	var lastFocus fyne.Focusable
	tick := time.NewTicker(caretPoll)
	go func() {
		for range tick.C {
			fyne.Do(func() {
				if f := u.win.Canvas().Focused(); f != lastFocus {
					lastFocus = f
					if o, ok := f.(fyne.CanvasObject); ok && f != nil {
						u.reveal(o)
					}
				}
				if u.opts.Caret == nil {
					return
				}
				o, e, ok := u.focusedEntry()
				if !ok {
					return
				}
				c, ok := caretOf(o, e)
				c.Scale, c.Window = u.win.Canvas().Scale(), u.win
				if ok && c != last {
					last = c
					u.opts.Caret(c)
				}
			})
		}
	}()
}

// caretPoll is how often followCaret looks: fast enough that the candidates follow
// the cursor before the next syllable is typed.
const caretPoll = 100 * time.Millisecond

// Scroll containers whose fields the keyboard reaches: Tab into a field below the
// fold scrolls it into view (Fyne's Scroll does not follow the focus). A scroll is
// registered with the layer it is in: the window, or a dialog over it.
type focusScroll struct {
	sc       *container.Scroll
	inDialog bool
}

// followScroll registers sc (see focusScroll) and returns it.
func (u *UI) followScroll(sc *container.Scroll, inDialog bool) *container.Scroll {
	// Screens and dialogs come and go: the oldest registrations go first.
	if len(u.scrolls) >= maxFollowedScrolls {
		u.scrolls = append(u.scrolls[:0:0], u.scrolls[len(u.scrolls)-maxFollowedScrolls/2:]...)
	}
	u.scrolls = append(u.scrolls, focusScroll{sc, inDialog})
	return sc
}

// maxFollowedScrolls bounds the registrations kept.
const maxFollowedScrolls = 64

// reveal scrolls the innermost registered scroll that holds o, in the layer the
// focus is in, so that o is inside its viewport.
func (u *UI) reveal(o fyne.CanvasObject) {
	d := fyne.CurrentApp().Driver()
	c := u.win.Canvas()
	inDialog := c.Overlays().Top() != nil
	pos, size := d.AbsolutePositionForObject(o), o.Size()
	var best *container.Scroll
	var bestArea float32
	for _, f := range u.scrolls {
		sc := f.sc
		if f.inDialog != inDialog || !sc.Visible() || d.CanvasForObject(sc) != c || sc.Content == nil {
			continue
		}
		content := d.AbsolutePositionForObject(sc.Content)
		csize := sc.Content.Size()
		if pos.X < content.X || pos.Y < content.Y || pos.X+size.Width > content.X+csize.Width+1 || pos.Y+size.Height > content.Y+csize.Height+1 {
			continue
		}
		if a := sc.Size().Width * sc.Size().Height; best == nil || a < bestArea {
			best, bestArea = sc, a
		}
	}
	if best == nil {
		return
	}
	top := pos.Y - d.AbsolutePositionForObject(best).Y // within the viewport
	pad := theme.Padding() * 2
	view := best.Size().Height
	switch {
	case top < 0:
		best.Offset.Y = max(best.Offset.Y+top-pad, 0)
	case top+size.Height > view:
		best.Offset.Y += top + size.Height - view + pad
	default:
		return
	}
	best.Refresh()
}
