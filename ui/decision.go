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

// decisionRow edits one numbered decision: its text, the lead and cooperating
// departments (only attending ones), and the due date.
type decisionRow struct {
	item  *agendaItemView
	index int

	number           *widget.Label
	text             *enterEntry
	lead             *picker
	cooperating      *picker
	chips            *fyne.Container
	due              *dateField
	up, down, remove *widget.Button
	problem          *problemLabel
	refused          []string // why the last lead or cooperating department typed was refused
}

func newDecisionRow(item *agendaItemView, index int) *decisionRow {
	return &decisionRow{item: item, index: index}
}

func (r *decisionRow) decision() *meeting.Decision {
	return &r.item.entry().Decisions[r.index]
}

func (r *decisionRow) path(field string) string {
	return fmt.Sprintf("agenda[%d].decisions[%d].%s", r.item.index, r.index, field)
}

func (r *decisionRow) build() fyne.CanvasObject {
	d := *r.decision()
	e := r.item.step.e
	r.number = widget.NewLabelWithStyle(fmt.Sprintf("%d.", r.index+1), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.text = newEnterEntry(func() { r.item.addDecision(r.index + 1) })
	r.text.SetPlaceHolder(lang.L("议定事项内容（回车添加下一条，Shift+回车换行）"))
	r.text.SetText(d.Text)
	r.text.OnChanged = func(v string) {
		r.decision().Text = meeting.CleanText(v)
		e.changed(r.path("text"))
	}

	r.lead = newPicker(lang.L("牵头单位：输入名称选择出席单位"), e.attendingCandidates, r.commitLead)
	r.lead.keep = true
	r.lead.onUnknown = r.commitLead
	r.lead.setText(d.Lead)

	r.cooperating = newPicker(lang.L("配合单位：输入名称添加"), r.cooperatingCandidates, r.addCooperating)
	r.cooperating.onUnknown = r.addCooperating
	r.chips = newWrap(theme.Padding()) // many cooperating departments wrap, not widen the row
	r.updateChips()

	r.due = newDateField(func() fyne.Window { return e.u.win }, d.Due, func(v meeting.Date, err error) {
		if err == nil {
			r.decision().Due = v
			e.changed(r.path("due"))
		}
	})
	r.due.share(r.refreshProblems)
	r.due.acceptWorkdays(func(n int) (meeting.Date, []string) { return e.u.calendar.AddWorkdays(e.m.Date, n) })
	// The due date ends a decision: Enter goes on to the next one, adding it after the
	// last, as Enter in the text does.
	r.due.entry.OnSubmitted = func(string) { r.item.nextDecision(r.index) }
	r.up = widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { r.item.moveDecision(r.index, -1) })
	r.down = widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { r.item.moveDecision(r.index, 1) })
	r.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { r.item.removeDecision(r.index) })
	for _, b := range []*widget.Button{r.up, r.down, r.remove} {
		b.Importance = widget.LowImportance
	}
	r.problem = newProblemLabel().reserve()
	if e.readOnly {
		setEnabled(false, r.text, r.lead.entry, r.cooperating.entry, r.up, r.down, r.remove)
		r.due.setEnabled(false)
	}

	parties := container.New(newColumns(theme.Padding(), 0.5, 0),
		container.NewBorder(nil, nil, widget.NewLabel(lang.L("牵头")), nil, r.lead.object()),
		container.NewBorder(nil, nil, widget.NewLabel(lang.L("配合")), nil, container.NewVBox(r.cooperating.object(), r.chips)))
	due := container.NewBorder(nil, nil, widget.NewLabel(lang.L("办理时限")), nil, r.due.object())
	body := container.NewVBox(r.text, parties, container.NewGridWithColumns(2, due), r.problem.object())
	return container.NewVBox(container.NewBorder(nil, nil, r.number, container.NewVBox(r.up, r.down, r.remove), body), widget.NewSeparator())
}

// refuse returns the domain's messages for the decision as it would be with lead and
// cooperating set: the rule that only attending departments may take on a decision
// lives in package meeting, and the form only asks it.
func (r *decisionRow) refuse(field string, set func(*meeting.Decision)) []string {
	e := r.item.step.e
	trial := e.m
	trial.Agenda = append([]meeting.AgendaItem(nil), e.m.Agenda...)
	it := &trial.Agenda[r.item.index]
	it.Decisions = append([]meeting.Decision(nil), it.Decisions...)
	d := &it.Decisions[r.index]
	d.Cooperating = append([]string(nil), d.Cooperating...)
	set(d)
	var out []string
	for _, p := range trial.Validate(nil) {
		if strings.HasPrefix(p.Field, field) {
			out = append(out, p.Message)
		}
	}
	return out
}

func (r *decisionRow) commitLead(text string) {
	name := strings.TrimSpace(text)
	if msgs := r.refuse(r.path("lead"), func(d *meeting.Decision) { d.Lead = name }); len(msgs) > 0 {
		r.refused = msgs
		r.refreshProblems()
		return
	}
	r.refused = nil
	r.lead.setText(name)
	d := r.decision()
	d.Lead = name
	d.Cooperating = without(d.Cooperating, name) // the lead cannot also cooperate
	r.updateChips()
	r.item.step.e.changed(r.path("lead"))
}

func (r *decisionRow) cooperatingCandidates() []candidate {
	d := r.decision()
	var out []candidate
	for _, c := range r.item.step.e.attendingCandidates() {
		if c.Name != d.Lead && !contains(d.Cooperating, c.Name) {
			out = append(out, c)
		}
	}
	return out
}

func (r *decisionRow) addCooperating(text string) {
	name := strings.TrimSpace(text)
	k := len(r.decision().Cooperating)
	field := fmt.Sprintf("%s[%d]", r.path("cooperating"), k)
	if msgs := r.refuse(field, func(d *meeting.Decision) { d.Cooperating = append(d.Cooperating, name) }); len(msgs) > 0 {
		r.refused = msgs
		r.refreshProblems()
		return
	}
	r.refused = nil
	r.cooperating.clear()
	d := r.decision()
	d.Cooperating = append(d.Cooperating, name)
	r.updateChips()
	r.item.step.e.changed(field)
}

func (r *decisionRow) removeCooperating(name string) {
	d := r.decision()
	d.Cooperating = without(d.Cooperating, name)
	r.updateChips()
	r.item.step.e.changed(r.path("cooperating"))
}

// updateChips shows the cooperating departments as buttons that remove them.
func (r *decisionRow) updateChips() {
	var chips []fyne.CanvasObject
	for _, c := range r.decision().Cooperating {
		c := c
		b := widget.NewButtonWithIcon(c, theme.CancelIcon(), func() { r.removeCooperating(c) })
		b.IconPlacement = widget.ButtonIconTrailingText
		if r.item.step.e.readOnly {
			b.Disable()
		}
		chips = append(chips, b)
	}
	r.chips.Objects = chips
	r.chips.Refresh()
}

func (r *decisionRow) refreshProblems() {
	prefix := fmt.Sprintf("agenda[%d].decisions[%d].", r.item.index, r.index)
	e := r.item.step.e
	var msgs []string
	if r.due != nil && r.due.err != "" {
		msgs = append(msgs, r.due.err)
	}
	msgs = append(msgs, r.refused...)
	msgs = append(msgs, e.problemsUnder(prefix, nil)...)
	if len(msgs) == 0 && r.due != nil && r.due.note != "" {
		r.problem.setNote(r.due.note)
		return
	}
	r.problem.set(msgs)
}
