package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// basicStep is step 1: title, date and times, venue, host, organizer and recorder.
type basicStep struct {
	e *meetingEditor

	title, venue, hostName, hostPosition, recorder, copyTo *entry
	organizer                                              *widget.SelectEntry
	date                                                   *dateField
	start, end                                             *clockField
	problems                                               map[string]*problemLabel
}

func newBasicStep(e *meetingEditor) *basicStep {
	return &basicStep{e: e, problems: map[string]*problemLabel{}}
}

// text makes an entry bound to one string field of the meeting.
func (s *basicStep) text(path, value, placeholder string, set func(string)) *entry {
	w := newEntry()
	w.SetPlaceHolder(placeholder)
	w.SetText(value)
	w.OnChanged = func(v string) {
		set(meeting.CleanLine(v))
		if path == "title" {
			s.e.updateTitle()
		}
		s.e.changed(path)
	}
	return w
}

func (s *basicStep) row(label, path string, field fyne.CanvasObject) []fyne.CanvasObject {
	p := newProblemLabel()
	s.problems[path] = p
	return []fyne.CanvasObject{fieldLabel(label), withProblem(field, p)}
}

func (s *basicStep) build() fyne.CanvasObject {
	m := &s.e.m
	s.title = s.text("title", m.Title, lang.L("例如：关于某公司厂房分期办理不动产权证的协调会"), func(v string) { m.Title = v })
	s.venue = s.text("venue", m.Venue, lang.L("例如：市民之家三楼协调室"), func(v string) { m.Venue = v })
	s.hostName = s.text("host.name", m.Host.Name, lang.L("姓名"), func(v string) { m.Host.Name = v })
	s.hostPosition = s.text("host.position", m.Host.Position, lang.L("职务，例如：副主任"), func(v string) { m.Host.Position = v })
	s.recorder = s.text("recorder", m.Recorder, lang.L("姓名"), func(v string) { m.Recorder = v })
	s.copyTo = s.text("copy_to", m.CopyTo, lang.L("抄送单位，可不填"), func(v string) { m.CopyTo = v })

	var names []string
	for _, d := range s.e.directory {
		if d.Active {
			names = append(names, d.Name)
		}
	}
	s.organizer = widget.NewSelectEntry(names)
	s.organizer.SetPlaceHolder(lang.L("召集会议的单位"))
	s.organizer.SetText(m.Organizer)
	s.organizer.OnChanged = func(v string) {
		m.Organizer = meeting.CleanLine(v)
		s.e.changed("organizer")
	}

	s.date = newDateField(func() fyne.Window { return s.e.u.win }, m.Date, func(d meeting.Date, err error) {
		if err == nil {
			m.Date = d
			s.e.changed("date")
		}
	})
	s.start = newClockField(m.Start, func(c meeting.Clock) { m.Start = c; s.e.changed("end") }, s.refreshProblems)
	s.end = newClockField(m.End, func(c meeting.Clock) { m.End = c; s.e.changed("end") }, s.refreshProblems)
	times := container.NewGridWithColumns(2,
		container.NewBorder(nil, nil, widget.NewLabel(lang.L("开始")), nil, s.start.entry),
		container.NewBorder(nil, nil, widget.NewLabel(lang.L("结束")), nil, s.end.entry))
	host := container.NewGridWithColumns(2, s.hostName, s.hostPosition)

	var rows []fyne.CanvasObject
	rows = append(rows, s.row(lang.L("会议名称"), "title", s.title)...)
	rows = append(rows, fieldLabel(lang.L("会议日期")), s.date.object())
	rows = append(rows, s.row(lang.L("会议时间"), "end", times)...)
	rows = append(rows, s.row(lang.L("会议地点"), "venue", s.venue)...)
	rows = append(rows, s.row(lang.L("主持人及职务"), "host.name", host)...)
	rows = append(rows, s.row(lang.L("牵头单位"), "organizer", s.organizer)...)
	rows = append(rows, s.row(lang.L("记录人"), "recorder", s.recorder)...)
	rows = append(rows, s.row(lang.L("抄送"), "copy_to", s.copyTo)...)
	if s.e.readOnly {
		setEnabled(false, s.title, s.venue, s.hostName, s.hostPosition, s.recorder, s.copyTo, s.organizer, s.start.entry, s.end.entry)
		s.date.setEnabled(false)
	}
	hint := widget.NewLabel(lang.L("每项修改会在半秒内自动保存，无需点击保存。"))
	hint.Importance = widget.LowImportance
	return s.e.u.followScroll(container.NewVScroll(container.NewPadded(container.NewVBox(formGrid(rows...), hint))), false)
}

func (s *basicStep) refreshProblems() {
	for path, p := range s.problems {
		msgs := s.e.problemsFor(path)
		switch path {
		case "host.name":
			msgs = append(msgs, s.e.problemsFor("host.position")...)
		case "end": // the times as typed, then what the domain says of them
			var typed []string
			for _, f := range []*clockField{s.start, s.end} {
				if f != nil && f.err != "" {
					typed = append(typed, f.err)
				}
			}
			msgs = append(typed, msgs...)
		}
		p.set(msgs)
	}
}
