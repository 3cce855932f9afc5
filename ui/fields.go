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

// problemLabel shows the domain's messages for one field, in red, under the field.
// Under a form field it is reserved (see reserve): one line that is always there, so
// that a message appearing while one types moves nothing; elsewhere (a row that just
// got a stance, a form after 保存) it is hidden while the field is fine.
type problemLabel struct {
	*widget.Label
	reserved bool
}

func newProblemLabel() *problemLabel {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapBreak
	l.Hide()
	return &problemLabel{Label: l}
}

// reserve makes the label one line of small text that keeps its place when empty;
// a message longer than the line ends in an ellipsis (the preview step lists every
// message whole).
func (p *problemLabel) reserve() *problemLabel {
	p.reserved = true
	p.Wrapping = fyne.TextWrapOff
	p.Truncation = fyne.TextTruncateEllipsis
	p.SizeName = theme.SizeNameCaptionText
	p.Show()
	return p
}

// set shows msgs, or clears (hides) the label when there are none.
func (p *problemLabel) set(msgs []string) {
	if p.reserved {
		text := strings.Join(msgs, "；")
		if p.Text != text || p.Importance != widget.DangerImportance {
			p.Importance = widget.DangerImportance
			p.SetText(text)
		}
		return
	}
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

// setNote shows a remark that is not a problem (the day a count of working days
// gives) in the reserved line, quietly.
func (p *problemLabel) setNote(text string) {
	p.Importance = widget.LowImportance
	p.SetText(text)
}

// shown reports whether a message is showing.
func (p *problemLabel) shown() bool { return p.Visible() && p.Text != "" }

// object is what a form puts under its field: a reserved line is drawn with less
// padding than a label has, so that it costs little height.
func (p *problemLabel) object() fyne.CanvasObject {
	if p.reserved {
		return container.New(compactLayout{}, p.Label)
	}
	return p.Label
}

// compactLayout draws its one object with the label's vertical padding trimmed.
type compactLayout struct{}

func (compactLayout) trim() float32 { return theme.InnerPadding() * 3 / 4 }

func (l compactLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, -l.trim()))
		o.Resize(fyne.NewSize(size.Width, size.Height+2*l.trim()))
	}
}

func (l compactLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s = s.Max(fyne.NewSize(m.Width, m.Height-2*l.trim()))
	}
	return s
}

// formGrid lays out label/field pairs in two columns, the labels right-aligned.
func formGrid(rows ...fyne.CanvasObject) *fyne.Container {
	return container.New(layout.NewFormLayout(), rows...)
}

// fieldLabel is the bold caption in front of a form field.
func fieldLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
}

// withProblem stacks a field above its problem line, reserved.
func withProblem(field fyne.CanvasObject, p *problemLabel) fyne.CanvasObject {
	return container.NewVBox(field, p.reserve().object())
}

// multiLine returns a wrapping multi-line entry for Chinese prose.
func multiLine(placeholder string, rows int) *entry {
	e := newEntry()
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapBreak
	e.SetPlaceHolder(placeholder)
	e.SetMinRowsVisible(rows)
	return e
}

// dateField is an entry for a calendar day ("2026-10-12", also 2026年10月12日) with a
// calendar button. onChange gets the parsed day, or the parse error while the text is
// not a date; the entry keeps what was typed either way.
type dateField struct {
	entry    *entry
	button   *widget.Button
	problem  *problemLabel
	onChange func(d meeting.Date, err error)
	win      func() fyne.Window
	popup    *widget.PopUp

	// workdays, when set, also takes a deadline typed as "10个工作日": it returns the
	// day it falls on and the warnings of the count. note shows the day worked out.
	workdays func(n int) (meeting.Date, []string)

	// err and note are what the field says of the text typed: a date it cannot read,
	// or the day a count of working days gives. onProblem, when set (see share), is
	// told instead of the field's own line, so that a row shows them in its line.
	err, note string
	onProblem func()
}

// share puts what the field says into a row's problem line: onProblem runs when it
// changes, and the row composes its line from err, note and its own problems.
func (f *dateField) share(onProblem func()) {
	f.onProblem = onProblem
}

// say shows the field's own message, in its line or through the row's.
func (f *dateField) say(problems []string, note string) {
	f.err, f.note = strings.Join(problems, "；"), note
	switch {
	case f.onProblem != nil:
		f.onProblem()
	case f.err != "":
		f.problem.set(problems)
	case note != "":
		f.problem.setNote(note)
	default:
		f.problem.set(nil)
	}
}

func newDateField(win func() fyne.Window, d meeting.Date, onChange func(meeting.Date, error)) *dateField {
	f := &dateField{entry: newEntry(), problem: newProblemLabel().reserve(), win: win}
	f.entry.SetPlaceHolder("2026-10-12")
	f.entry.SetText(d.String())
	f.entry.OnChanged = f.onTyped
	f.button = widget.NewButtonWithIcon("", theme.CalendarIcon(), f.onCalendar)
	f.onChange = onChange
	return f
}

func (f *dateField) object() fyne.CanvasObject {
	field := container.NewBorder(nil, nil, nil, f.button, f.entry)
	if f.onProblem != nil {
		return field // the row shows the line
	}
	return container.NewVBox(field, f.problem.object())
}

// acceptWorkdays lets the field take "N个工作日" as well as a date, counted by count.
func (f *dateField) acceptWorkdays(count func(n int) (meeting.Date, []string)) {
	f.workdays = count
	f.entry.SetPlaceHolder(lang.L("2026-10-12 或 10个工作日"))
}

func (f *dateField) onTyped(s string) {
	if n, ok := meeting.ParseWorkdays(s); ok && f.workdays != nil {
		d, warnings := f.workdays(n)
		if d.IsZero() {
			f.say(warnings, "")
			return
		}
		note := lang.L("即 {{.Date}}（会议日期后第 {{.N}} 个工作日）", map[string]any{"Date": d.Chinese(), "N": n})
		for _, w := range warnings {
			note += "；" + w
		}
		f.say(nil, note)
		if f.onChange != nil {
			f.onChange(d, nil)
		}
		return
	}
	d, err := meeting.ParseDate(s)
	if err != nil {
		f.say([]string{err.Error()}, "")
	} else {
		f.say(nil, "")
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

// clockField is an entry for a time of day ("09:30"). What cannot be read as one is
// kept in err, for the form to show in the row's problem line.
type clockField struct {
	entry *entry
	err   string
}

func newClockField(c meeting.Clock, onChange func(meeting.Clock), onProblem func()) *clockField {
	f := &clockField{entry: newEntry()}
	f.entry.SetPlaceHolder("09:30")
	f.entry.SetText(c.String())
	f.entry.OnChanged = func(s string) {
		v, err := meeting.ParseClock(s)
		if err != nil {
			f.err = err.Error()
			onProblem()
			return
		}
		f.err = ""
		onChange(v)
		onProblem()
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
