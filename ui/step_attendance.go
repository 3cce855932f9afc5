package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// newDepartmentText offers to add typed text as a new department (a lang key).
const newDepartmentText = "新增单位「{{.Name}}」并加入名录"

// attendanceStep is step 2, the check-in: departments picked from the directory by
// typing, their sections, representative and status, and the live count.
type attendanceStep struct {
	e      *meetingEditor
	picker *picker
	count  *widget.Label
	rows   []*attendanceRow
	list   *fyne.Container
	empty  *widget.Label
}

func newAttendanceStep(e *meetingEditor) *attendanceStep {
	return &attendanceStep{e: e}
}

func (s *attendanceStep) build() fyne.CanvasObject {
	s.picker = newPicker(lang.L("输入单位名称或简称，回车登记（例如：资规）"), s.candidates, s.onDepartmentPicked)
	s.picker.onUnknown = s.onUnknownDepartment
	s.picker.unknownText = newDepartmentText
	s.picker.onUnknownEnter = s.onUnknownDepartmentEnter
	s.count = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	s.count.Importance = widget.HighImportance
	s.list = container.NewVBox()
	s.empty = widget.NewLabel(lang.L("还没有登记参会单位。在上方输入单位名称，回车即可登记。"))
	s.empty.Importance = widget.LowImportance
	s.rebuildRows()
	top := container.NewBorder(nil, nil, fieldLabel(lang.L("登记单位")), s.count, s.picker.object())
	if s.e.readOnly {
		s.picker.entry.Disable()
		top = container.NewBorder(nil, nil, nil, s.count)
	}
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, s.e.u.followScroll(container.NewVScroll(container.NewVBox(s.empty, s.list)), false))
}

// candidates offers the active departments not yet checked in.
func (s *attendanceStep) candidates() []candidate {
	var out []candidate
	for _, d := range s.e.directory {
		if !d.Active {
			continue
		}
		if _, in := s.e.m.AttendanceOf(d.Name); in {
			continue
		}
		out = append(out, candidate{Name: d.Name, Also: d.ShortName})
	}
	return out
}

func (s *attendanceStep) department(name string) (meeting.Department, bool) {
	for _, d := range s.e.directory {
		if d.Name == name {
			return d, true
		}
	}
	return meeting.Department{}, false
}

func (s *attendanceStep) onDepartmentPicked(name string) {
	if _, in := s.e.m.AttendanceOf(name); in {
		return
	}
	a := meeting.Attendance{Department: name, Status: meeting.Present}
	if d, ok := s.department(name); ok {
		a.DepartmentID = d.ID
	}
	s.e.m.Attendance = append(s.e.m.Attendance, a)
	row := newAttendanceRow(s, name)
	s.rows = append(s.rows, row)
	s.list.Add(row.build())
	s.empty.Hide()
	s.e.changed("attendance")
	s.updateCount()
	s.e.u.focus(row.person)
}

// onUnknownDepartment adds a department that is not in the directory yet: it joins the
// directory, then the meeting.
func (s *attendanceStep) onUnknownDepartment(name string) {
	d := meeting.Department{Name: meeting.CleanLine(name), Active: true, Order: len(s.e.directory) + 1}
	if err := d.Validate().Err(); err != nil {
		s.e.u.showError(err)
		return
	}
	if err := s.e.u.store.SaveDepartment(&d); err != nil {
		s.e.u.showError(err)
		return
	}
	s.e.directory = append(s.e.directory, d)
	s.picker.clear()
	s.onDepartmentPicked(d.Name)
}

// onUnknownDepartmentEnter asks before adding typed text as a new department, since
// Enter on a typo would otherwise put it in the directory.
func (s *attendanceStep) onUnknownDepartmentEnter(name string) {
	s.e.u.confirm(lang.L("新增单位"), lang.L("名录中没有「{{.Name}}」。把它作为新单位加入名录并登记参会？", map[string]string{"Name": name}), func() {
		s.onUnknownDepartment(name)
	})
}

// rebuildRows makes one row per attendance entry, after a removal or on opening.
func (s *attendanceStep) rebuildRows() {
	s.rows = s.rows[:0]
	var objs []fyne.CanvasObject
	for _, a := range s.e.m.Attendance {
		r := newAttendanceRow(s, a.Department)
		s.rows = append(s.rows, r)
		objs = append(objs, r.build())
	}
	s.list.Objects = objs
	s.list.Refresh()
	if len(objs) == 0 {
		s.empty.Show()
	} else {
		s.empty.Hide()
	}
	s.updateCount()
}

func (s *attendanceStep) updateCount() {
	d, n := s.e.m.Counts()
	s.count.SetText(lang.L("{{.D}} 个部门 · {{.S}} 个科室", map[string]int{"D": d, "S": n}))
}

func (s *attendanceStep) indexOf(name string) int {
	for i, a := range s.e.m.Attendance {
		if a.Department == name {
			return i
		}
	}
	return -1
}

func (s *attendanceStep) remove(name string) {
	i := s.indexOf(name)
	if i < 0 {
		return
	}
	s.e.m.Attendance = append(s.e.m.Attendance[:i], s.e.m.Attendance[i+1:]...)
	s.rebuildRows()
	s.e.changed("attendance")
}

func (s *attendanceStep) move(name string, by int) {
	i := s.indexOf(name)
	j := i + by
	if i < 0 || j < 0 || j >= len(s.e.m.Attendance) {
		return
	}
	at := s.e.m.Attendance
	at[i], at[j] = at[j], at[i]
	s.rebuildRows()
	s.e.changed("attendance")
}

func (s *attendanceStep) refreshProblems() {
	for i, r := range s.rows {
		r.refreshProblems(i)
	}
}

// addSection adds a section to a department of the directory and ticks it in the row.
func (s *attendanceStep) addSection(r *attendanceRow, section string) error {
	section = meeting.CleanLine(section)
	if section == "" {
		return nil
	}
	if d, ok := s.department(r.name); ok {
		d.Sections = append(append([]string(nil), d.Sections...), section)
		if err := d.Validate().Err(); err != nil {
			return err
		}
		if err := s.e.u.store.SaveDepartment(&d); err != nil {
			return err
		}
		for i := range s.e.directory {
			if s.e.directory[i].ID == d.ID {
				s.e.directory[i] = d
			}
		}
	}
	r.sections.add(section, section)
	r.sections.tap(section)
	return nil
}
