package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// entry is the text field of the forms. Reached by the keyboard (Tab), a filled
// single-line entry selects its text, so that typing replaces it as in any desktop
// form; a click, or the program moving the cursor there, places the cursor instead.
// A multi-line entry is never selected whole (the next keystroke would replace a
// discussion), and Tab leaves it as it leaves any field: Chinese prose has no use
// for a tab character, and a field that keeps Tab is a trap for the keyboard.
type entry struct {
	widget.Entry
	pointer bool // the focus comes from a mouse button
	focused bool
}

func newEntry() *entry {
	e := &entry{}
	e.ExtendBaseWidget(e)
	return e
}

// MouseDown notes that the focus, which Entry.MouseDown asks for, comes from the mouse.
func (e *entry) MouseDown(m *desktop.MouseEvent) {
	e.pointer = true
	defer func() { e.pointer = false }()
	e.Entry.MouseDown(m)
}

// FocusGained selects the text unless the mouse brought the focus (or the entry had
// it already).
func (e *entry) FocusGained() {
	again := e.focused
	e.focused = true
	e.Entry.FocusGained()
	if !again && !e.pointer && !e.MultiLine && e.Text != "" && !e.Disabled() {
		e.TypedShortcut(&fyne.ShortcutSelectAll{})
	}
}

// FocusLost implements fyne.Focusable.
func (e *entry) FocusLost() {
	e.focused = false
	e.Entry.FocusLost()
}

// SetText replaces the text and drops a selection of the text it replaces, which
// the next keystroke would otherwise delete.
func (e *entry) SetText(text string) {
	e.Entry.SetText(text)
	if e.focused {
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	}
}

// focus puts the cursor in o without selecting its text: the program moving the
// cursor somewhere is not the person tabbing into a field.
func (u *UI) focus(o fyne.Focusable) {
	if e, ok := o.(*entry); ok {
		e.pointer = true
		defer func() { e.pointer = false }()
	}
	u.win.Canvas().Focus(o)
}

// focusSelecting puts the cursor in o with its text selected, for a field whose
// text the next keystroke should replace (a search box reached by Ctrl+F, a
// suggested receiver).
func (u *UI) focusSelecting(o fyne.Focusable) {
	u.win.Canvas().Focus(o)
}

// escapeKey, set by New, answers Escape for an open dialog; an entry in a dialog
// passes Escape on to it, since a focused field takes the keys first.
var escapeKey func(*fyne.KeyEvent) bool

// TypedKey implements fyne.Focusable: Escape closes the dialog the entry is in.
func (e *entry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && escapeKey != nil && escapeKey(ev) {
		return
	}
	e.Entry.TypedKey(ev)
}

// AcceptsTab implements fyne.Tabbable: Tab moves to the next field.
func (e *entry) AcceptsTab() bool { return false }
