package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// positionsView edits the department positions (部门意见) of one agenda item: one
// compact row per attending department, in attendance order. A row holds the
// department's name and a stance picker (digit keys 1–4); once a stance is chosen its
// statement and conditions appear under it. The item keeps its positions in
// attendance order, which is the order the minutes print them in.
type positionsView struct {
	item  *agendaItemView
	box   *fyne.Container
	rows  []*positionRow
	built string // the departments the rows were made for
}

type positionRow struct {
	view       *positionsView
	department string
	stance     *segmentPicker
	statement  *entry
	conditions *entry
	details    *fyne.Container
	problem    *problemLabel
	body       *fyne.Container
}

func newPositionsView(item *agendaItemView) *positionsView {
	v := &positionsView{item: item, box: container.NewVBox()}
	v.rebuild()
	return v
}

func (v *positionsView) object() fyne.CanvasObject {
	hint := widget.NewLabel(lang.L("选中一行后按数字键：1 同意、2 原则同意、3 保留意见、4 不同意，0 清除。保留意见和不同意须写明理由；研判结论仍由主持人作出。"))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	return container.NewVBox(hint, v.box)
}

// departments returns the rows to show: every attending department, then any
// department that has a position but no longer attends (so that it can be cleared).
func (v *positionsView) departments() []string {
	m := &v.item.step.e.m
	names := m.AttendingDepartments()
	for _, p := range v.item.entry().Positions {
		if !slices.Contains(names, p.Department) {
			names = append(names, p.Department)
		}
	}
	return names
}

// refresh makes the rows again if the attendance changed since they were made.
func (v *positionsView) refresh() {
	if strings.Join(v.departments(), "\x00") != v.built {
		v.rebuild()
	}
}

// rebuild makes the rows again.
func (v *positionsView) rebuild() {
	v.built = strings.Join(v.departments(), "\x00")
	v.rows = v.rows[:0]
	var objs []fyne.CanvasObject
	for _, name := range v.departments() {
		r := v.newRow(name)
		v.rows = append(v.rows, r)
		objs = append(objs, r.object())
	}
	if len(objs) == 0 {
		l := widget.NewLabel(lang.L("还没有出席或列席的单位。在第2步签到后，这里可以登记各单位的意见。"))
		l.Importance = widget.LowImportance
		l.Wrapping = fyne.TextWrapWord
		objs = append(objs, l)
	}
	v.box.Objects = objs
	v.box.Refresh()
	v.refreshProblems()
}

func stanceLabels() []string {
	var out []string
	for _, s := range meeting.Stances {
		out = append(out, lang.L(s.Label()))
	}
	return out
}

func (v *positionsView) newRow(name string) *positionRow {
	r := &positionRow{view: v, department: name, problem: newProblemLabel(), details: container.New(newColumns(6, 0.6, 0))}
	p, has := v.item.entry().PositionOf(name)
	selected := -1
	if has {
		selected = slices.Index(meeting.Stances, p.Stance)
	}
	r.stance = newSegmentPicker(stanceLabels(), selected, r.onStance)
	if has {
		r.buildDetails(p)
	} else {
		r.details.Hide()
	}
	if v.item.step.e.readOnly {
		setEnabled(false, r.stance)
	}
	return r
}

// buildDetails makes the statement and conditions entries, the first time the row
// has a stance: a meeting of forty departments opens without eighty idle entries.
func (r *positionRow) buildDetails(p meeting.DepartmentPosition) {
	if r.statement != nil {
		return
	}
	r.statement = newEntry()
	r.statement.SetText(p.Statement)
	r.statement.OnChanged = func(s string) {
		r.update("statement", func(p *meeting.DepartmentPosition) { p.Statement = meeting.CleanText(s) })
	}
	r.conditions = newEntry()
	r.conditions.SetPlaceHolder(lang.L("所附条件（可不填）"))
	r.conditions.SetText(p.Conditions)
	r.conditions.OnChanged = func(s string) {
		r.update("conditions", func(p *meeting.DepartmentPosition) { p.Conditions = meeting.CleanText(s) })
	}
	r.setPlaceholder(p.Stance)
	if r.view.item.step.e.readOnly {
		setEnabled(false, r.statement, r.conditions)
	}
	r.details.Objects = []fyne.CanvasObject{r.statement, r.conditions}
}

func (r *positionRow) object() fyne.CanvasObject {
	name := widget.NewLabel(r.department)
	name.Truncation = fyne.TextTruncateEllipsis
	if !slices.Contains(r.view.item.step.e.m.AttendingDepartments(), r.department) {
		name.SetText(r.department + lang.L("（未参会）"))
		name.Importance = widget.DangerImportance
	}
	line := container.New(newColumns(6, 0.3, 0), name, container.NewHBox(r.stance))
	r.body = container.NewVBox(line, r.details, r.problem)
	return r.body
}

// relayout sizes the row again after its details were shown or hidden (a hidden
// object is never laid out, so it would be drawn at size zero).
func (r *positionRow) relayout() {
	r.body.Refresh()
	r.view.box.Refresh()
}

func (r *positionRow) setPlaceholder(s meeting.Stance) {
	if s.NeedsStatement() {
		r.statement.SetPlaceHolder(lang.L("理由（必填）：持保留意见或不同意的原因"))
	} else {
		r.statement.SetPlaceHolder(lang.L("意见说明（可不填）"))
	}
}

// index returns where the row's department sits in the item's positions, -1 when
// it has none.
func (r *positionRow) index() int {
	return slices.IndexFunc(r.view.item.entry().Positions, func(p meeting.DepartmentPosition) bool { return p.Department == r.department })
}

func (r *positionRow) path(k int, field string) string {
	return r.view.item.path(fmt.Sprintf("positions[%d].%s", k, field))
}

// onStance sets or clears the department's stance; a cleared stance drops its
// statement and conditions with it.
func (r *positionRow) onStance(i int) {
	it := r.view.item.entry()
	k := r.index()
	if i < 0 {
		if k >= 0 {
			it.Positions = slices.Delete(slices.Clone(it.Positions), k, k+1)
		}
		r.details.Hide()
		r.relayout()
		r.view.item.changed("positions")
		return
	}
	s := meeting.Stances[i]
	if k < 0 {
		r.buildDetails(meeting.DepartmentPosition{})
		it.Positions = append(slices.Clone(it.Positions), meeting.DepartmentPosition{
			Department: r.department, Statement: meeting.CleanText(r.statement.Text), Conditions: meeting.CleanText(r.conditions.Text),
		})
		r.view.sortPositions()
		k = r.index()
	}
	it.Positions[k].Stance = s
	r.setPlaceholder(s)
	if !r.details.Visible() {
		r.details.Show()
		r.relayout()
	}
	r.view.item.changed(fmt.Sprintf("positions[%d].stance", k))
	if s.NeedsStatement() {
		r.view.item.step.e.touched[r.path(k, "statement")] = true
		r.view.refreshProblems()
	}
}

// update changes a field of the department's position, if it has one.
func (r *positionRow) update(field string, set func(*meeting.DepartmentPosition)) {
	k := r.index()
	if k < 0 {
		return
	}
	set(&r.view.item.entry().Positions[k])
	r.view.item.changed(fmt.Sprintf("positions[%d].%s", k, field))
}

// sortPositions puts the positions in attendance order, those of departments no
// longer attending last.
func (v *positionsView) sortPositions() {
	order := map[string]int{}
	for i, name := range v.item.step.e.m.AttendingDepartments() {
		order[name] = i + 1
	}
	rank := func(name string) int {
		if n, ok := order[name]; ok {
			return n
		}
		return len(order) + 1
	}
	slices.SortStableFunc(v.item.entry().Positions, func(a, b meeting.DepartmentPosition) int {
		return rank(a.Department) - rank(b.Department)
	})
}

// refreshProblems shows each row's problems: a row with a stance is something the
// convener did, so its problems show at once.
func (v *positionsView) refreshProblems() {
	e := v.item.step.e
	for _, r := range v.rows {
		k := r.index()
		if k < 0 {
			r.problem.set(nil)
			continue
		}
		prefix := r.path(k, "")
		r.problem.set(e.problemsUnder(prefix, func(field string) bool { return field == prefix+"department" }))
	}
}
