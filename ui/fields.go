package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// problemLabel shows the domain's messages for one field, in red, under the field. It
// is hidden while the field is fine.
type problemLabel struct {
	*widget.Label
}

func newProblemLabel() *problemLabel {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapBreak
	l.Hide()
	return &problemLabel{l}
}

// set shows msgs, or hides the label when there are none.
func (p *problemLabel) set(msgs []string) {
	text := strings.Join(msgs, "\n")
	if len(msgs) == 0 {
		if p.Visible() {
			p.Hide()
		}
		return
	}
	if p.Text != text {
		p.SetText(text)
	}
	if !p.Visible() {
		p.Show()
	}
}

// formGrid lays out label/field pairs in two columns, the labels right-aligned.
func formGrid(rows ...fyne.CanvasObject) *fyne.Container {
	return container.New(layout.NewFormLayout(), rows...)
}

// fieldLabel is the bold caption in front of a form field.
func fieldLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
}

// withProblem stacks a field above its problem label.
func withProblem(field fyne.CanvasObject, p *problemLabel) fyne.CanvasObject {
	return container.NewVBox(field, p)
}

// multiLine returns a wrapping multi-line entry for Chinese prose.
func multiLine(placeholder string, rows int) *widget.Entry {
	e := widget.NewMultiLineEntry()
	e.Wrapping = fyne.TextWrapBreak
	e.SetPlaceHolder(placeholder)
	e.SetMinRowsVisible(rows)
	return e
}

// dateField is an entry for a calendar day ("2026-10-12", also 2026年10月12日) with a
// calendar button. onChange gets the parsed day, or the parse error while the text is
// not a date; the entry keeps what was typed either way.
type dateField struct {
	entry    *widget.Entry
	button   *widget.Button
	problem  *problemLabel
	onChange func(d meeting.Date, err error)
	win      func() fyne.Window
	popup    *widget.PopUp

	// workdays, when set, also takes a deadline typed as "10个工作日": it returns the
	// day it falls on and the warnings of the count. note shows the day worked out.
	workdays func(n int) (meeting.Date, []string)
	note     *widget.Label
}

func newDateField(win func() fyne.Window, d meeting.Date, onChange func(meeting.Date, error)) *dateField {
	f := &dateField{entry: widget.NewEntry(), problem: newProblemLabel(), win: win, note: widget.NewLabel("")}
	f.note.Hide()
	f.entry.SetPlaceHolder("2026-10-12")
	f.entry.SetText(d.String())
	f.entry.OnChanged = f.onTyped
	f.button = widget.NewButtonWithIcon("", theme.CalendarIcon(), f.onCalendar)
	f.onChange = onChange
	return f
}

func (f *dateField) object() fyne.CanvasObject {
	return container.NewVBox(container.NewBorder(nil, nil, nil, f.button, f.entry), f.note, f.problem)
}

// acceptWorkdays lets the field take "N个工作日" as well as a date, counted by count.
func (f *dateField) acceptWorkdays(count func(n int) (meeting.Date, []string)) {
	f.workdays = count
	f.note.Importance = widget.LowImportance
	f.note.Wrapping = fyne.TextWrapWord
	f.entry.SetPlaceHolder(lang.L("2026-10-12 或 10个工作日"))
}

func (f *dateField) onTyped(s string) {
	if n, ok := meeting.ParseWorkdays(s); ok && f.workdays != nil {
		d, warnings := f.workdays(n)
		if d.IsZero() {
			f.note.Hide()
			f.problem.set(warnings)
			return
		}
		f.problem.set(nil)
		note := lang.L("即 {{.Date}}（会议日期后第 {{.N}} 个工作日）", map[string]any{"Date": d.Chinese(), "N": n})
		for _, w := range warnings {
			note += "\n" + w
		}
		f.note.SetText(note)
		f.note.Show()
		if f.onChange != nil {
			f.onChange(d, nil)
		}
		return
	}
	f.note.Hide()
	d, err := meeting.ParseDate(s)
	if err != nil {
		f.problem.set([]string{err.Error()})
	} else {
		f.problem.set(nil)
	}
	if f.onChange != nil {
		f.onChange(d, err)
	}
}

func (f *dateField) onCalendar() {
	start := time.Now()
	if d, err := meeting.ParseDate(f.entry.Text); err == nil && !d.IsZero() {
		start = d.Time()
	}
	cal := widget.NewCalendar(start, func(t time.Time) {
		f.entry.SetText(meeting.DateOf(t).String())
		if f.popup != nil {
			f.popup.Hide()
		}
	})
	c := f.win().Canvas()
	f.popup = widget.NewPopUp(cal, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(f.button)
	f.popup.ShowAtPosition(pos.Add(fyne.NewPos(0, f.button.Size().Height)))
}

func (f *dateField) setEnabled(on bool) {
	if on {
		f.entry.Enable()
		f.button.Enable()
	} else {
		f.entry.Disable()
		f.button.Disable()
	}
}

// clockField is an entry for a time of day ("09:30").
type clockField struct {
	entry   *widget.Entry
	problem *problemLabel
}

func newClockField(c meeting.Clock, onChange func(meeting.Clock)) *clockField {
	f := &clockField{entry: widget.NewEntry(), problem: newProblemLabel()}
	f.entry.SetPlaceHolder("09:30")
	f.entry.SetText(c.String())
	f.entry.OnChanged = func(s string) {
		v, err := meeting.ParseClock(s)
		if err != nil {
			f.problem.set([]string{err.Error()})
			return
		}
		f.problem.set(nil)
		onChange(v)
	}
	return f
}

// setEnabled enables or disables any number of widgets at once.
func setEnabled(on bool, ws ...fyne.Disableable) {
	for _, w := range ws {
		if on {
			w.Enable()
		} else {
			w.Disable()
		}
	}
}

// newTwoLineRow builds a list row of a bold title over a quieter line, both cut with
// an ellipsis; the list's update function sets their texts.
func newTwoLineRow() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	sub := widget.NewLabel("")
	sub.Importance = widget.LowImportance
	sub.Truncation = fyne.TextTruncateEllipsis
	return container.NewVBox(title, sub)
}

// without returns list with every occurrence of s removed.
func without(list []string, s string) []string {
	var rest []string
	for _, v := range list {
		if v != s {
			rest = append(rest, v)
		}
	}
	return rest
}
