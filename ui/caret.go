package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
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
	tick := time.NewTicker(caretPoll)
	go func() {
		for range tick.C {
			fyne.Do(func() {
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
