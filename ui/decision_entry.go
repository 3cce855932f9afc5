package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// enterEntry is a wrapping multi-line entry in which Enter runs onEnter (adding the next
// decision) and Shift+Enter breaks the line, so the convener can dictate decision after
// decision without reaching for the mouse.
type enterEntry struct {
	widget.Entry
	onEnter func()
	shift   bool
}

func newEnterEntry(onEnter func()) *enterEntry {
	e := &enterEntry{onEnter: onEnter}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapBreak
	e.ExtendBaseWidget(e)
	e.SetMinRowsVisible(2)
	return e
}

// TypedKey implements fyne.Focusable.
func (e *enterEntry) TypedKey(k *fyne.KeyEvent) {
	if (k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter) && !e.shift && e.onEnter != nil {
		e.onEnter()
		return
	}
	e.Entry.TypedKey(k)
}

// KeyDown implements desktop.Keyable, to know whether Shift is held.
func (e *enterEntry) KeyDown(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = true
	}
	e.Entry.KeyDown(k)
}

// KeyUp implements desktop.Keyable.
func (e *enterEntry) KeyUp(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = false
	}
	e.Entry.KeyUp(k)
}

// AcceptsTab implements fyne.Tabbable: Tab moves on to the decision's lead.
func (e *enterEntry) AcceptsTab() bool { return false }
