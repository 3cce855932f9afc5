package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// attendanceRow is one checked-in department: its sections, representative, and status
// switched with one click.
type attendanceRow struct {
	s    *attendanceStep
	name string

	sections                *choiceButtons
	person, position, phone *entry
	status                  *choiceButtons
	addSection              *widget.Button
	up, down, remove        *widget.Button
	problem                 *problemLabel
}

func newAttendanceRow(s *attendanceStep, name string) *attendanceRow {
	return &attendanceRow{s: s, name: name}
}

// entry returns the row's attendance entry in the working copy.
func (r *attendanceRow) entry() *meeting.Attendance {
	i := r.s.indexOf(r.name)
	if i < 0 {
		return &meeting.Attendance{}
	}
	return &r.s.e.m.Attendance[i]
}

func (r *attendanceRow) path(field string) string {
	return fmt.Sprintf("attendance[%d].%s", r.s.indexOf(r.name), field)
}

func (r *attendanceRow) build() fyne.CanvasObject {
	a := *r.entry()
	options := []string{}
	if d, ok := r.s.department(r.name); ok {
		options = append(options, d.Sections...)
	}
	for _, sec := range a.Sections {
		if !contains(options, sec) {
			options = append(options, sec)
		}
	}
	r.sections = newChoiceButtons(options, nil, true, a.Sections, r.onSectionsChanged)

	r.person = r.text(a.Person, lang.L("参会人员（多人用、分隔）"), "person", func(at *meeting.Attendance, v string) { at.Person = v })
	r.position = r.text(a.Position, lang.L("职务"), "position", func(at *meeting.Attendance, v string) { at.Position = v })
	r.phone = r.text(a.Phone, lang.L("联系电话"), "phone", func(at *meeting.Attendance, v string) { at.Phone = v })

	var statuses, labels []string
	for _, st := range meeting.AttendanceStatuses {
		statuses = append(statuses, string(st))
		labels = append(labels, lang.L(st.Label()))
	}
	r.status = newChoiceButtons(statuses, labels, false, []string{string(a.Status)}, r.onStatusChanged)

	// Text buttons: forty rows of SVG icons would slow down opening a large meeting.
	r.addSection = widget.NewButton(lang.L("＋科室"), r.onAddSection)
	r.addSection.Importance = widget.LowImportance
	r.up = widget.NewButton("↑", func() { r.s.move(r.name, -1) })
	r.down = widget.NewButton("↓", func() { r.s.move(r.name, 1) })
	r.remove = widget.NewButton(lang.L("移除"), func() { r.s.remove(r.name) })
	for _, b := range []*widget.Button{r.up, r.down, r.remove} {
		b.Importance = widget.LowImportance
	}
	r.problem = newProblemLabel()
	if r.s.e.readOnly {
		setEnabled(false, r.person, r.position, r.phone)
		for _, b := range []*widget.Button{r.addSection, r.up, r.down, r.remove} {
			b.Hide()
		}
		r.sections.setReadOnly(true)
		r.status.setReadOnly(true)
	}

	name := widget.NewLabelWithStyle(r.name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	line1 := container.NewBorder(nil, nil, name, container.NewHBox(r.status.box, widget.NewSeparator(), r.up, r.down, r.remove))
	line2 := container.NewBorder(nil, nil, widget.NewLabel(lang.L("科室")), nil, container.NewHBox(r.sections.box, r.addSection))
	labelled := func(label string, e *entry) fyne.CanvasObject {
		return container.NewBorder(nil, nil, widget.NewLabel(label), nil, e)
	}
	line3 := container.NewGridWithColumns(3, labelled(lang.L("代表"), r.person), labelled(lang.L("职务"), r.position), labelled(lang.L("电话"), r.phone))
	return container.NewVBox(line1, line2, line3, r.problem, widget.NewSeparator())
}

func (r *attendanceRow) text(value, placeholder, field string, set func(*meeting.Attendance, string)) *entry {
	w := newEntry()
	w.SetPlaceHolder(placeholder)
	w.SetText(value)
	w.OnChanged = func(v string) {
		set(r.entry(), meeting.CleanLine(v))
		r.s.e.changed(r.path(field))
	}
	// Enter goes back to the check-in field for the next department.
	w.OnSubmitted = func(string) { r.s.e.u.focus(r.s.picker.entry) }
	return w
}

func (r *attendanceRow) onSectionsChanged(selected []string) {
	// selected is in the directory's order, whatever order they were ticked in.
	r.entry().Sections = selected
	r.s.updateCount()
	r.s.e.changed(r.path("sections"))
}

func (r *attendanceRow) onStatusChanged(selected []string) {
	if len(selected) == 1 {
		r.entry().Status = meeting.AttendanceStatus(selected[0])
	}
	r.s.updateCount()
	r.s.e.changed(r.path("status"))
}

func (r *attendanceRow) onAddSection() {
	in := newEntry()
	in.SetPlaceHolder(lang.L("科室名称"))
	d := dialog.NewForm(lang.L("为「{{.Name}}」添加科室", map[string]string{"Name": r.name}), lang.L("确定"), lang.L("取消"),
		[]*widget.FormItem{widget.NewFormItem(lang.L("科室"), in)}, func(ok bool) {
			if ok {
				if err := r.s.addSection(r, in.Text); err != nil {
					r.s.e.u.showError(err)
				}
			}
		}, r.s.e.u.win)
	in.OnSubmitted = func(string) { d.Submit() }
	r.s.e.u.show(d, d.Submit)
	r.s.e.u.focus(in)
}

func (r *attendanceRow) refreshProblems(i int) {
	at := fmt.Sprintf("attendance[%d].", i)
	var msgs []string
	for _, f := range []string{"department", "sections", "status", "person", "position", "phone"} {
		msgs = append(msgs, r.s.e.problemsFor(at+f)...)
	}
	r.problem.set(msgs)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
