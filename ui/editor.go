package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// The editor's steps, in the order the convener walks through them.
const (
	stepBasic = iota
	stepAttendance
	stepAgenda
	stepPreview
)

var stepTitles = [...]string{"基本信息", "参会单位", "议题与议定事项", "预览与打印"}

// stepShort are the steps' names where the long ones do not fit (see stepBarLayout).
var stepShort = [...]string{"基本", "参会", "议题", "预览"}

// meetingEditor edits one meeting in four steps. It owns the working copy of the
// meeting; every change goes through changed, which revalidates and stores it within
// half a second. A locked meeting is shown read-only.
type meetingEditor struct {
	u         *UI
	m         meeting.Meeting
	cases     map[meeting.ID]meeting.Case
	directory []meeting.Department
	readOnly  bool
	lease     Lease  // the edit lease of a shared store's draft; nil otherwise
	heldBy    string // why a draft is read-only: another PC edits it (its message)
	touched   map[string]bool
	problems  meeting.Problems
	saver     *debouncer

	current     int
	stepButtons [len(stepTitles)]*widget.Button
	steps       [len(stepTitles)]fyne.CanvasObject
	body        *fyne.Container
	title       *widget.Label
	head        *fyne.Container   // title, step bar, lock notice
	notice      fyne.CanvasObject // the lock notice of locked minutes; nil for drafts
	status      *widget.Label

	basic      *basicStep
	attendance *attendanceStep
	agenda     *agendaStep
	preview    *previewStep
}

func openMeetingEditor(u *UI, id meeting.ID) (*meetingEditor, error) {
	mn, err := u.store.Minutes(id)
	if err != nil {
		return nil, err
	}
	dir, err := u.store.Departments()
	if err != nil {
		return nil, err
	}
	e := &meetingEditor{u: u, m: mn.Meeting, directory: dir, cases: map[meeting.ID]meeting.Case{}, touched: map[string]bool{}}
	for _, c := range mn.Cases {
		e.cases[c.ID] = c
	}
	e.readOnly = !e.m.Editable() || u.opts.ReadOnly
	e.takeLease()
	e.saver = newDebouncer(func(f func()) { u.do(f) }, e.save)
	e.revalidate()
	return e, nil
}

// reloadCases fetches the agenda's cases again: they may have been edited on the cases
// screen since the meeting was opened.
func (e *meetingEditor) reloadCases() {
	mn, err := e.u.store.Minutes(e.m.ID)
	if err != nil {
		return
	}
	for _, c := range mn.Cases {
		e.cases[c.ID] = c
	}
}

// minutes returns the working copy with the cases on its agenda.
func (e *meetingEditor) minutes() meeting.Minutes {
	mn := meeting.Minutes{Meeting: e.m}
	for _, it := range e.m.Agenda {
		if c, ok := e.cases[it.CaseID]; ok {
			mn.Cases = append(mn.Cases, c)
		}
	}
	return mn
}

func (e *meetingEditor) build() fyne.CanvasObject {
	back := widget.NewButtonWithIcon(lang.L("会议列表"), theme.NavigateBackIcon(), e.u.closeEditor)
	e.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	e.title.Truncation = fyne.TextTruncateEllipsis
	e.status = widget.NewLabel("")
	e.status.Importance = widget.LowImportance
	e.updateTitle()
	header := container.NewBorder(nil, nil, back, e.status, e.title)

	var bar []fyne.CanvasObject
	steps := &stepBarLayout{gap: theme.Padding()}
	for i, t := range stepTitles {
		i := i
		long := lang.L("第{{.N}}步 · {{.Title}}", map[string]any{"N": i + 1, "Title": lang.L(t)})
		b := widget.NewButton(long, func() { e.showStep(i) })
		e.stepButtons[i] = b
		bar = append(bar, b)
		steps.long = append(steps.long, long)
		steps.short = append(steps.short, fmt.Sprintf("%d %s", i+1, lang.L(stepShort[i])))
		steps.buttons = append(steps.buttons, b)
	}
	top := []fyne.CanvasObject{header, container.New(steps, bar...)}
	if e.readOnly && !e.u.opts.ReadOnly { // a read-only folder has its own banner above
		e.notice = e.lockNotice()
		top = append(top, e.notice)
	}
	top = append(top, widget.NewSeparator())

	e.basic = newBasicStep(e)
	e.attendance = newAttendanceStep(e)
	e.agenda = newAgendaStep(e)
	e.preview = newPreviewStep(e)
	e.steps[stepBasic] = e.basic.build()
	e.steps[stepAttendance] = e.attendance.build()
	e.steps[stepAgenda] = e.agenda.build()
	e.body = container.NewStack()
	e.head = container.NewVBox(top...)
	e.showStep(stepBasic)
	return container.NewBorder(e.head, nil, nil, nil, e.body)
}

// lockNotice explains, in a red banner, why a finalized meeting cannot be edited.
func (e *meetingEditor) lockNotice() fyne.CanvasObject {
	// One line at 1024×768 in 投屏模式: the number and the state are in the title above.
	msg := widget.NewLabel(lang.L("已锁定：只能查看和打印；如需更改，请在「预览与打印」中发起修订。"))
	if e.heldBy != "" {
		// Another PC edits the draft: this window follows it (see takeLease).
		msg.SetText(e.heldBy + lang.L("此处随对方的修改自动刷新。"))
	}
	msg.Wrapping = fyne.TextWrapBreak
	msg.Importance = widget.DangerImportance
	msg.TextStyle.Bold = true
	return container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, msg)
}

// showStep switches to step i.
func (e *meetingEditor) showStep(i int) {
	if i == stepPreview && e.steps[stepPreview] == nil {
		e.steps[stepPreview] = e.preview.build()
	}
	e.current = i
	for j, b := range e.stepButtons {
		if j == i {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.MediumImportance
		}
		b.Refresh()
	}
	if e.notice != nil && e.heldBy == "" {
		// Step 4 has 发起修订 beside the pages: the notice pointing there would only
		// take their height.
		if i == stepPreview {
			e.notice.Hide()
		} else {
			e.notice.Show()
		}
		e.head.Refresh()
	}
	e.body.Objects = []fyne.CanvasObject{e.steps[i]}
	e.body.Refresh()
	switch i {
	case stepAgenda:
		e.agenda.refreshAttending()
	case stepPreview:
		e.saver.flush()
		e.reloadCases()
		e.preview.render()
	}
	e.focusStep()
}

// focusStep puts the cursor where the step is worked from: the title, the check-in
// field, the case picker (or the open item's discussion).
func (e *meetingEditor) focusStep() {
	if e.readOnly {
		return
	}
	switch e.current {
	case stepBasic:
		if e.basic.title != nil {
			e.u.focus(e.basic.title)
		}
	case stepAttendance:
		e.u.focus(e.attendance.picker.entry)
	case stepAgenda:
		if e.agenda.item != nil {
			e.u.focus(e.agenda.item.discussion)
		} else {
			e.u.focus(e.agenda.casePicker.entry)
		}
	case stepPreview:
		// The copy count, selected: a digit sets it, Ctrl+P prints, Tab reaches 定稿.
		if e.preview.copies != nil {
			e.u.focusSelecting(e.preview.copies)
		}
	}
}

func (e *meetingEditor) updateTitle() {
	t := e.m.Title
	if t == "" {
		t = lang.L("（未命名会议）")
	}
	label := lang.L(e.m.State.Label())
	if !e.m.Number.IsZero() {
		label += " " + e.m.Number.String()
	}
	e.title.SetText(t + "  ·  " + label)
}

// focusFirst puts the cursor in the first field of the open step.
func (e *meetingEditor) focusFirst() { e.focusStep() }

// changed records an edit of the field at path (a JSON path as in meeting.Problem),
// revalidates, and schedules the autosave.
func (e *meetingEditor) changed(path string) {
	if e.readOnly {
		return
	}
	if path != "" {
		e.touched[path] = true
	}
	e.revalidate()
	e.status.SetText(lang.L("正在保存……"))
	e.saver.changed()
	e.refreshProblems()
}

// revalidate asks the domain for every problem of the working copy.
func (e *meetingEditor) revalidate() {
	mn := e.minutes()
	e.problems = mn.Validate()
}

// problemsFor returns the messages for a field the user has edited; the preview step
// lists all of them.
func (e *meetingEditor) problemsFor(path string) []string {
	if !e.touched[path] {
		return nil
	}
	return e.problems.For(path)
}

// problemsUnder returns the messages of the fields under prefix (a JSON path ending
// in "." or "[") that the user has edited, or that show says to show at once.
func (e *meetingEditor) problemsUnder(prefix string, show func(field string) bool) []string {
	var msgs []string
	for _, p := range e.problems {
		if strings.HasPrefix(p.Field, prefix) && (e.touched[p.Field] || show != nil && show(p.Field)) {
			msgs = append(msgs, p.Message)
		}
	}
	return msgs
}

func (e *meetingEditor) refreshProblems() {
	e.basic.refreshProblems()
	e.attendance.refreshProblems()
	e.agenda.refreshProblems()
}

// save stores the working copy; it runs on the UI goroutine from the debouncer.
func (e *meetingEditor) save() {
	cp := e.m
	if err := e.u.store.SaveMeeting(&cp); err != nil {
		e.saver.failed()
		e.status.SetText(lang.L("保存失败：修改仍在窗口中，下次修改时再保存"))
		e.u.showError(err)
		return
	}
	e.m.Updated = cp.Updated
	e.status.SetText(lang.L("已自动保存 {{.Time}}", map[string]string{"Time": e.u.now().Format("15:04:05")}))
	e.updateTitle()
}

// close stores what is pending before the editor goes away, and reports whether
// everything is stored.
func (e *meetingEditor) close() bool {
	e.saver.flush()
	return !e.saver.unsaved()
}

// attendingCandidates offers the departments that may lead or cooperate: those present
// or observing.
func (e *meetingEditor) attendingCandidates() []candidate {
	var out []candidate
	for _, name := range e.m.AttendingDepartments() {
		out = append(out, candidate{Name: name, Also: e.shortName(name)})
	}
	return out
}

func (e *meetingEditor) shortName(name string) string {
	for _, d := range e.directory {
		if d.Name == name {
			return d.ShortName
		}
	}
	return ""
}
