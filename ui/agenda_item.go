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

// agendaItemView edits one agenda item: the case it discusses, the discussion, the
// judgment (应不应该办) with its reason, the policy basis and the decisions.
type agendaItemView struct {
	step  *agendaStep
	index int

	summary            *entry
	discussion, reason *entry
	judgment           *widget.RadioGroup
	policies           *fyne.Container
	decisions          *fyne.Container
	rows               []*decisionRow
	addDecisionButton  *widget.Button
	addPolicyButton    *widget.Button
	problems           map[string]*problemLabel
	policyProblem      *problemLabel
	positions          *positionsView
}

func newAgendaItemView(step *agendaStep, index int) *agendaItemView {
	return &agendaItemView{step: step, index: index, problems: map[string]*problemLabel{}}
}

func (v *agendaItemView) entry() *meeting.AgendaItem {
	return &v.step.e.m.Agenda[v.index]
}

func (v *agendaItemView) path(field string) string {
	return fmt.Sprintf("agenda[%d].%s", v.index, field)
}

func (v *agendaItemView) changed(field string) {
	v.step.e.changed(v.path(field))
}

func (v *agendaItemView) build() fyne.CanvasObject {
	e := v.step.e
	it := *v.entry()
	c := e.cases[it.CaseID]

	v.summary = newEntry()
	v.summary.SetText(it.Summary)
	v.summary.SetPlaceHolder(lang.L("议题标题，例如：已建厂房分期办理不动产权证"))
	v.summary.OnChanged = func(s string) {
		v.entry().Summary = meeting.CleanLine(s)
		v.changed("summary")
		v.step.list.RefreshItem(v.index)
	}
	v.discussion = multiLine(lang.L("与会部门的讨论情况"), 3)
	v.discussion.SetText(it.Discussion)
	v.discussion.OnChanged = func(s string) { v.entry().Discussion = meeting.CleanText(s); v.changed("discussion") }

	var labels []string
	for _, j := range meeting.Judgments {
		labels = append(labels, lang.L(j.Label()))
	}
	v.judgment = widget.NewRadioGroup(labels, nil)
	v.judgment.Horizontal = true
	for i, j := range meeting.Judgments {
		if j == it.Judgment {
			v.judgment.Selected = labels[i]
		}
	}
	v.judgment.OnChanged = v.onJudgmentChanged
	v.reason = multiLine(lang.L("研判理由：为什么应该办（或暂缓、不予办理）"), 2)
	v.reason.SetText(it.JudgmentReason)
	v.reason.OnChanged = func(s string) { v.entry().JudgmentReason = meeting.CleanText(s); v.changed("judgment_reason") }

	v.positions = newPositionsView(v)
	v.policies = container.NewVBox()
	v.policyProblem = newProblemLabel()
	v.rebuildPolicies()
	v.addPolicyButton = widget.NewButtonWithIcon(lang.L("添加政策依据"), theme.ContentAddIcon(), v.addPolicy)
	v.decisions = container.NewVBox()
	v.rebuildDecisions()
	v.addDecisionButton = widget.NewButtonWithIcon(lang.L("添加议定事项"), theme.ContentAddIcon(), func() { v.addDecision(len(v.entry().Decisions)) })
	v.addDecisionButton.Importance = widget.HighImportance
	if e.readOnly {
		setEnabled(false, v.summary, v.discussion, v.reason, v.judgment, v.addPolicyButton, v.addDecisionButton)
	}

	var rows []fyne.CanvasObject
	rows = append(rows, fieldLabel(lang.L("关联诉求")), v.caseCard(c))
	rows = append(rows, v.row(lang.L("议题标题"), "summary", v.summary)...)
	rows = append(rows, v.row(lang.L("讨论情况"), "discussion", v.discussion)...)
	rows = append(rows, fieldLabel(lang.L("部门意见")), v.positions.object())
	rows = append(rows, v.row(lang.L("研判结论"), "judgment", v.judgment)...)
	rows = append(rows, v.row(lang.L("研判理由"), "judgment_reason", v.reason)...)
	rows = append(rows, fieldLabel(lang.L("政策依据")), container.NewVBox(v.policies, v.policyProblem, container.NewHBox(v.addPolicyButton)))
	heading := widget.NewLabelWithStyle(lang.L("议定事项"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	decisions := container.NewVBox(heading, v.problemLabel("decisions"), v.decisions, container.NewHBox(v.addDecisionButton))
	return container.NewVBox(formGrid(rows...), widget.NewSeparator(), decisions)
}

func (v *agendaItemView) row(label, field string, w fyne.CanvasObject) []fyne.CanvasObject {
	return []fyne.CanvasObject{fieldLabel(label), withProblem(w, v.problemLabel(field))}
}

func (v *agendaItemView) problemLabel(field string) *problemLabel {
	p := newProblemLabel()
	v.problems[v.path(field)] = p
	return p
}

// caseCard shows the case under discussion, read-only.
func (v *agendaItemView) caseCard(c meeting.Case) fyne.CanvasObject {
	if c.ID == 0 {
		l := widget.NewLabel(lang.L("未关联诉求"))
		l.Importance = widget.DangerImportance
		return l
	}
	head := widget.NewLabelWithStyle(c.Applicant.Name+" · "+c.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Wrapping = fyne.TextWrapBreak
	meta := widget.NewLabel(strings.Join([]string{lang.L(c.Category.Label()), lang.L(c.Channel.Label()), lang.L("受理") + " " + c.Received.Chinese()}, " · "))
	meta.Importance = widget.LowImportance
	meta.Wrapping = fyne.TextWrapWord
	req := widget.NewLabel(c.Request)
	req.Wrapping = fyne.TextWrapBreak
	return container.NewVBox(head, meta, req)
}

func (v *agendaItemView) onJudgmentChanged(label string) {
	it := v.entry()
	it.Judgment = meeting.JudgmentUndecided
	for _, j := range meeting.Judgments {
		if lang.L(j.Label()) == label {
			it.Judgment = j
		}
	}
	v.changed("judgment")
	v.step.list.RefreshItem(v.index)
}

func (v *agendaItemView) rebuildPolicies() {
	var objs []fyne.CanvasObject
	for j := range v.entry().Policies {
		objs = append(objs, v.policyRow(j))
	}
	v.policies.Objects = objs
	v.policies.Refresh()
}

func (v *agendaItemView) policyRow(j int) fyne.CanvasObject {
	p := v.entry().Policies[j]
	field := func(value, placeholder, name string, set func(*meeting.PolicyBasis, string)) *entry {
		w := newEntry()
		w.SetPlaceHolder(placeholder)
		w.SetText(value)
		w.OnChanged = func(s string) {
			set(&v.entry().Policies[j], meeting.CleanLine(s))
			v.changed(fmt.Sprintf("policies[%d].%s", j, name))
		}
		if v.step.e.readOnly {
			w.Disable()
		}
		return w
	}
	title := field(p.Title, lang.L("文件名称（不加书名号）"), "title", func(p *meeting.PolicyBasis, s string) { p.Title = s })
	issuer := field(p.Issuer, lang.L("发文单位"), "issuer", func(p *meeting.PolicyBasis, s string) { p.Issuer = s })
	clause := field(p.Clause, lang.L("条款"), "clause", func(p *meeting.PolicyBasis, s string) { p.Clause = s })
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
		ps := v.entry().Policies
		v.entry().Policies = append(ps[:j:j], ps[j+1:]...)
		v.rebuildPolicies()
		v.changed("policies")
	})
	remove.Importance = widget.LowImportance
	if v.step.e.readOnly {
		remove.Disable()
	}
	return container.NewBorder(nil, nil, nil, remove, container.New(newColumns(6, 0.5, 0.25, 0), title, issuer, clause))
}

func (v *agendaItemView) addPolicy() {
	v.entry().Policies = append(v.entry().Policies, meeting.PolicyBasis{})
	v.rebuildPolicies()
	v.changed("policies")
	if n := len(v.policies.Objects); n > 0 {
		row := v.policies.Objects[n-1].(*fyne.Container)
		cols := row.Objects[0].(*fyne.Container)
		v.step.e.u.focus(cols.Objects[0].(*entry))
	}
}

func (v *agendaItemView) rebuildDecisions() {
	v.rows = v.rows[:0]
	var objs []fyne.CanvasObject
	for j := range v.entry().Decisions {
		r := newDecisionRow(v, j)
		v.rows = append(v.rows, r)
		objs = append(objs, r.build())
	}
	v.decisions.Objects = objs
	v.decisions.Refresh()
}

// addDecision inserts an empty decision at position at and puts the cursor in it.
func (v *agendaItemView) addDecision(at int) {
	if v.step.e.readOnly {
		return
	}
	it := v.entry()
	ds := append([]meeting.Decision(nil), it.Decisions[:at]...)
	ds = append(ds, meeting.Decision{})
	it.Decisions = append(ds, it.Decisions[at:]...)
	v.rebuildDecisions()
	v.changed("decisions")
	v.step.list.RefreshItem(v.index)
	v.step.e.u.focus(v.rows[at].text)
}

// nextDecision puts the cursor in the text of the decision after j, adding one when j
// is the last.
func (v *agendaItemView) nextDecision(j int) {
	if j+1 < len(v.rows) {
		v.step.e.u.focus(v.rows[j+1].text)
		v.step.e.u.reveal(v.rows[j+1].text)
		return
	}
	v.addDecision(j + 1)
}

func (v *agendaItemView) removeDecision(j int) {
	it := v.entry()
	it.Decisions = append(it.Decisions[:j:j], it.Decisions[j+1:]...)
	v.rebuildDecisions()
	v.changed("decisions")
	v.step.list.RefreshItem(v.index)
}

func (v *agendaItemView) moveDecision(j, by int) {
	it := v.entry()
	k := j + by
	if k < 0 || k >= len(it.Decisions) {
		return
	}
	it.Decisions[j], it.Decisions[k] = it.Decisions[k], it.Decisions[j]
	v.rebuildDecisions()
	v.changed("decisions")
}

func (v *agendaItemView) refreshProblems() {
	e := v.step.e
	for path, p := range v.problems {
		p.set(e.problemsFor(path))
	}
	v.policyProblem.set(e.problemsUnder(v.path("policies"), nil))
	v.positions.refreshProblems()
	for _, r := range v.rows {
		r.refreshProblems()
	}
}
