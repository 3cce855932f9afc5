package ui

import (
	"fmt"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// carryOverView is the first part of step 3: the open decisions of earlier meetings
// (上次会议议定事项落实情况) as a checklist, overdue first and grouped by lead
// department. A ticked item takes the status said in the room and a one-line note;
// the minutes print the ticked ones first, in the checklist's order, and finalizing
// writes each report into the item's progress log.
type carryOverView struct {
	step *agendaStep
	box  *fyne.Container
	rows []*carryRow
}

type carryRow struct {
	view    *carryOverView
	base    meeting.CarryOver // what the follow-up item (or the stored entry) says
	check   *widget.Check
	status  *widget.RadioGroup
	note    *entry
	details *fyne.Container
	problem *problemLabel
	body    *fyne.Container
}

// carryKey identifies an entry: by its follow-up item, or for one without (imported
// from another office's file) by what it says.
func carryKey(c meeting.CarryOver) string {
	if c.FollowUpID != 0 {
		return "f" + strconv.FormatUint(uint64(c.FollowUpID), 10)
	}
	return "t" + c.Number.String() + "\x00" + c.Lead + "\x00" + c.Text
}

// carryOverLimit is how many open items the checklist offers at most.
const carryOverLimit = 300

func newCarryOverView(step *agendaStep) *carryOverView {
	return &carryOverView{step: step, box: container.NewVBox()}
}

// candidates returns the entries to offer: the open items of earlier meetings, then
// any stored entry that is no longer among them (done since, or imported).
func (v *carryOverView) candidates() ([]meeting.CarryOver, []meeting.FollowUp, error) {
	e := v.step.e
	var items []meeting.FollowUp
	if !e.readOnly {
		// The newest open items: a meeting reports on recent decisions, and the
		// checklist stays short enough to read in the room.
		open, err := e.u.store.FollowUps(meeting.FollowUpFilter{Open: true, Limit: carryOverLimit})
		if err != nil {
			return nil, nil, err
		}
		items = meeting.CarryOverCandidates(&e.m, open, e.u.today())
	}
	var out []meeting.CarryOver
	seen := map[string]bool{}
	for _, f := range items {
		c := meeting.CarryOverOf(f)
		out = append(out, c)
		seen[carryKey(c)] = true
	}
	for _, c := range e.m.CarryOver {
		if !seen[carryKey(c)] {
			out = append(out, c)
		}
	}
	return out, items, nil
}

// rebuild reads the candidates again and makes the checklist.
func (v *carryOverView) rebuild() {
	e := v.step.e
	list, items, err := v.candidates()
	if err != nil {
		e.u.showError(err)
	}
	v.rows = v.rows[:0]
	var objs []fyne.CanvasObject
	objs = append(objs, boldLabel(lang.L("一、上次会议议定事项落实情况")))
	hint := widget.NewLabel(lang.L("勾选本次会议要报告的事项（逾期的在前，按牵头单位分组），再选落实情况并简述：推进中写正在做什么，受阻写原因。定稿时，报告写入各事项的督办进展；已办结的事项同时办结。"))
	if e.readOnly {
		hint.SetText(lang.L("本次会议报告的上次会议议定事项。"))
	}
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	objs = append(objs, hint)
	if len(list) == 0 {
		l := widget.NewLabel(lang.L("没有以前会议未办结的议定事项。"))
		l.Importance = widget.LowImportance
		objs = append(objs, l)
	}
	due := map[string]meeting.FollowUp{}
	for _, f := range items {
		due[carryKey(meeting.CarryOverOf(f))] = f
	}
	today := e.u.today()
	group := "\x00"
	for _, c := range list {
		f, isOpen := due[carryKey(c)]
		overdue := isOpen && f.Overdue(today)
		if g := fmt.Sprint(overdue, c.Lead); g != group {
			group = g
			head := boldLabel(c.Lead)
			if overdue {
				head.SetText(lang.L("{{.Lead}}（已逾期）", map[string]any{"Lead": c.Lead}))
				head.Importance = widget.DangerImportance
			}
			objs = append(objs, widget.NewSeparator(), head)
		}
		r := v.newRow(c, f, isOpen)
		v.rows = append(v.rows, r)
		objs = append(objs, r.body)
	}
	v.box.Objects = objs
	v.box.Refresh()
	v.refreshProblems()
	v.step.updateCarryButton()
}

func carryLabels() []string {
	var out []string
	for _, s := range meeting.CarryStatuses {
		out = append(out, lang.L(s.Label()))
	}
	return out
}

func (v *carryOverView) newRow(base meeting.CarryOver, f meeting.FollowUp, isOpen bool) *carryRow {
	e := v.step.e
	r := &carryRow{view: v, base: base, problem: newProblemLabel()}
	stored, ticked := r.stored()
	text := base.Number.String() + "　" + base.Text
	r.check = widget.NewCheck(text, r.onTick)
	r.check.Checked = ticked
	labels := carryLabels()
	r.status = widget.NewRadioGroup(labels, r.onStatus)
	r.status.Horizontal = true
	if i := slices.Index(meeting.CarryStatuses, stored.Status); i >= 0 {
		r.status.Selected = labels[i]
	}
	r.note = newEntry()
	r.note.SetText(stored.Note)
	r.setPlaceholder(stored.Status)
	r.note.OnChanged = func(s string) {
		r.update("note", func(c *meeting.CarryOver) { c.Note = meeting.CleanText(s) })
	}
	var sub string
	switch {
	case isOpen:
		sub = e.u.dueText(f)
	case !base.Due.IsZero():
		sub = lang.L("办理时限 {{.Date}}", map[string]any{"Date": base.Due.Chinese()})
	}
	dueLabel := widget.NewLabel(sub)
	dueLabel.Importance = widget.LowImportance
	if isOpen && f.Overdue(e.u.today()) {
		dueLabel.Importance = widget.DangerImportance
	}
	r.details = container.NewVBox(r.status, r.note)
	if !ticked {
		r.details.Hide()
	}
	r.check.Refresh()
	body := container.NewVBox(r.check)
	if sub != "" {
		body.Add(container.NewPadded(dueLabel))
	}
	body.Add(r.details)
	body.Add(r.problem)
	if e.readOnly {
		setEnabled(false, r.check, r.status, r.note)
	}
	r.body = body
	return r
}

// stored returns the meeting's entry for the row, if it is ticked.
func (r *carryRow) stored() (meeting.CarryOver, bool) {
	if k := r.index(); k >= 0 {
		return r.view.step.e.m.CarryOver[k], true
	}
	return r.base, false
}

func (r *carryRow) index() int {
	key := carryKey(r.base)
	return slices.IndexFunc(r.view.step.e.m.CarryOver, func(c meeting.CarryOver) bool { return carryKey(c) == key })
}

func (r *carryRow) path(k int, field string) string {
	return fmt.Sprintf("carry_over[%d].%s", k, field)
}

func (r *carryRow) setPlaceholder(s meeting.CarryStatus) {
	label := lang.L(s.NoteLabel())
	if s.NeedsNote() {
		r.note.SetPlaceHolder(lang.L("{{.Label}}（必填）", map[string]any{"Label": label}))
	} else {
		r.note.SetPlaceHolder(lang.L("{{.Label}}（可不填）", map[string]any{"Label": label}))
	}
}

// onTick puts the item in the report or takes it out; the report keeps the
// checklist's order.
func (r *carryRow) onTick(on bool) {
	e := r.view.step.e
	k := r.index()
	switch {
	case on && k < 0:
		c := r.base
		c.Status = r.chosenStatus()
		c.Note = meeting.CleanText(r.note.Text)
		e.m.CarryOver = append(slices.Clone(e.m.CarryOver), c)
		r.view.sortEntries()
		r.details.Show()
		r.relayout()
		e.changed("carry_over")
		if c.Status == "" {
			e.touched[r.path(r.index(), "status")] = true
		}
		e.u.focus(r.note)
	case !on && k >= 0:
		e.m.CarryOver = slices.Delete(slices.Clone(e.m.CarryOver), k, k+1)
		r.details.Hide()
		r.relayout()
		e.changed("carry_over")
	}
	r.view.refreshProblems()
	r.view.step.updateCarryButton()
}

// relayout sizes the row again after its details were shown or hidden (a hidden
// object is never laid out, so it would be drawn at size zero).
func (r *carryRow) relayout() {
	r.body.Refresh()
	r.view.box.Refresh()
}

func (r *carryRow) chosenStatus() meeting.CarryStatus {
	if i := slices.Index(carryLabels(), r.status.Selected); i >= 0 {
		return meeting.CarryStatuses[i]
	}
	return ""
}

func (r *carryRow) onStatus(string) {
	s := r.chosenStatus()
	r.setPlaceholder(s)
	r.update("status", func(c *meeting.CarryOver) { c.Status = s })
	if k := r.index(); k >= 0 && s.NeedsNote() {
		r.view.step.e.touched[r.path(k, "note")] = true
		r.view.refreshProblems()
	}
}

func (r *carryRow) update(field string, set func(*meeting.CarryOver)) {
	k := r.index()
	if k < 0 {
		return
	}
	set(&r.view.step.e.m.CarryOver[k])
	r.view.step.e.changed(r.path(k, field))
	r.view.refreshProblems()
}

// sortEntries puts the meeting's entries in the checklist's order.
func (v *carryOverView) sortEntries() {
	rank := map[string]int{}
	for i, r := range v.rows {
		rank[carryKey(r.base)] = i
	}
	slices.SortStableFunc(v.step.e.m.CarryOver, func(a, b meeting.CarryOver) int {
		return rank[carryKey(a)] - rank[carryKey(b)]
	})
}

func (v *carryOverView) refreshProblems() {
	e := v.step.e
	for _, r := range v.rows {
		k := r.index()
		if k < 0 {
			r.problem.set(nil)
			continue
		}
		r.problem.set(e.problemsUnder(r.path(k, ""), nil))
	}
}
