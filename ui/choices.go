package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// choiceButtons is a row of text buttons switched with one click: exactly one on
// (single), or any number (multi), the ones on filled in the primary colour. It stands
// in for radio and check groups in the check-in list, where forty rows of SVG-drawn
// boxes would make opening a large meeting slow, and where big flat buttons are easier
// to hit and to read on the projector.
type choiceButtons struct {
	options   []string
	labels    []string // shown text, translated
	multi     bool
	on        map[string]bool
	buttons   []*keyButton
	box       *fyne.Container
	onChanged func(selected []string)
	disabled  bool
}

func newChoiceButtons(options, labels []string, multi bool, selected []string, onChanged func([]string)) *choiceButtons {
	c := &choiceButtons{multi: multi, on: map[string]bool{}, box: container.NewHBox(), onChanged: onChanged}
	for _, s := range selected {
		c.on[s] = true
	}
	for i, o := range options {
		l := o
		if labels != nil {
			l = labels[i]
		}
		c.add(o, l)
	}
	return c
}

// add appends an option.
func (c *choiceButtons) add(option, label string) {
	c.options = append(c.options, option)
	c.labels = append(c.labels, label)
	b := newKeyButton(label, func() { c.tap(option) })
	c.buttons = append(c.buttons, b)
	c.box.Add(b)
	c.style(len(c.buttons) - 1)
}

func (c *choiceButtons) style(i int) {
	b := c.buttons[i]
	imp, text := widget.MediumImportance, c.labels[i]
	if c.on[c.options[i]] {
		imp = widget.HighImportance
		if c.multi {
			text = "√ " + text
		}
	}
	if b.Importance != imp || b.Text != text {
		b.Importance = imp
		b.Text = text
		b.Refresh()
	}
}

// tap switches an option as a click does.
func (c *choiceButtons) tap(option string) {
	if c.disabled {
		return
	}
	if c.multi {
		c.on[option] = !c.on[option]
	} else {
		if c.on[option] {
			return
		}
		c.on = map[string]bool{option: true}
	}
	for i := range c.buttons {
		c.style(i)
	}
	if c.onChanged != nil {
		c.onChanged(c.selected())
	}
}

// selected returns the options on, in option order.
func (c *choiceButtons) selected() []string {
	var out []string
	for _, o := range c.options {
		if c.on[o] {
			out = append(out, o)
		}
	}
	return out
}

// setReadOnly keeps the buttons as they look, so a locked meeting still shows who
// attended, but ignores clicks.
func (c *choiceButtons) setReadOnly(ro bool) {
	c.disabled = ro
}

// keyButton is a button that keeps the keyboard focus when Space presses it. A
// widget.Button drops the focus on every tap, also one from the keyboard, so the next
// Tab would start again from the top of the window: in a row of choices the convener
// goes on to the next one.
type keyButton struct {
	widget.Button
}

func newKeyButton(label string, tapped func()) *keyButton {
	b := &keyButton{}
	b.Text = label
	b.OnTapped = tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey implements fyne.Focusable: Space presses the button, the focus stays.
func (b *keyButton) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeySpace {
		if !b.Disabled() && b.OnTapped != nil {
			b.OnTapped()
		}
		return
	}
	b.Button.TypedKey(ev)
}
