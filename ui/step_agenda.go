package ui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// agendaStep is step 3: the agenda items, listed on the left, and the one selected
// edited on the right. Items come from registered cases, or a case registered inline.
type agendaStep struct {
	e          *meetingEditor
	list       *widget.List
	casePicker *picker
	detail     *fyne.Container
	scroll     *container.Scroll
	item       *agendaItemView
	selected   int
	openCases  []meeting.Case
	newCase    *caseForm // the case being registered inline, while its dialog is open

	register, up, down, remove *widget.Button
}

func newAgendaStep(e *meetingEditor) *agendaStep {
	return &agendaStep{e: e, selected: -1}
}

func (s *agendaStep) build() fyne.CanvasObject {
	s.list = widget.NewList(func() int { return len(s.e.m.Agenda) }, s.createItem, s.updateItem)
	s.list.OnSelected = s.onSelected
	s.casePicker = newPicker(lang.L("输入申请人或诉求标题，回车添加议题"), s.caseCandidates, s.onCasePicked)
	s.register = widget.NewButtonWithIcon(lang.L("登记新诉求"), theme.DocumentCreateIcon(), s.onRegisterCase)
	s.up = widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { s.moveItem(-1) })
	s.down = widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { s.moveItem(1) })
	s.remove = widget.NewButtonWithIcon(lang.L("移除议题"), theme.DeleteIcon(), s.onRemoveItem)
	s.remove.Importance = widget.LowImportance
	if s.e.readOnly {
		setEnabled(false, s.casePicker.entry, s.register, s.up, s.down, s.remove)
	}
	left := container.NewBorder(
		container.NewVBox(boldLabel(lang.L("议题")), s.casePicker.object(), s.register),
		container.NewHBox(s.up, s.down, s.remove), nil, nil, s.list)
	s.detail = container.NewStack()
	s.scroll = container.NewVScroll(container.NewPadded(s.detail))
	split := container.NewHSplit(left, s.scroll)
	split.Offset = 0.28
	if len(s.e.m.Agenda) > 0 {
		s.list.Select(0)
	} else {
		s.showEmpty()
	}
	return split
}

func (s *agendaStep) showEmpty() {
	l := widget.NewLabel(lang.L("还没有议题。在左侧输入申请人或诉求标题添加，或登记一个新诉求。"))
	l.Wrapping = fyne.TextWrapBreak
	l.Importance = widget.LowImportance
	s.detail.Objects = []fyne.CanvasObject{l}
	s.detail.Refresh()
	s.item = nil
}

func (s *agendaStep) createItem() fyne.CanvasObject {
	return newTwoLineRow()
}

func (s *agendaStep) updateItem(i widget.ListItemID, o fyne.CanvasObject) {
	it := s.e.m.Agenda[i]
	objs := o.(*fyne.Container).Objects
	summary := it.Summary
	if summary == "" {
		summary = s.e.cases[it.CaseID].Title
	}
	objs[0].(*widget.Label).SetText(lang.L("议题{{.N}}", map[string]int{"N": i + 1}) + " · " + summary)
	objs[1].(*widget.Label).SetText(s.e.cases[it.CaseID].Applicant.Name + " · " + lang.L(it.Judgment.Label()) + " · " +
		lang.L("{{.N}} 条议定事项", map[string]int{"N": len(it.Decisions)}))
}

func (s *agendaStep) onSelected(i widget.ListItemID) {
	if i < 0 || i >= len(s.e.m.Agenda) {
		return
	}
	s.selected = i
	s.item = newAgendaItemView(s, i)
	s.detail.Objects = []fyne.CanvasObject{s.item.build()}
	s.detail.Refresh()
	s.scroll.ScrollToTop()
	s.item.refreshProblems()
}

// reloadCases fetches the open cases that can be put on the agenda.
func (s *agendaStep) reloadCases() {
	cs, err := s.e.u.store.Cases(meeting.CaseFilter{Status: meeting.CaseOpen})
	if err != nil {
		s.e.u.showError(err)
		return
	}
	s.openCases = cs
}

func (s *agendaStep) caseCandidates() []candidate {
	if s.openCases == nil {
		s.reloadCases()
	}
	onAgenda := map[meeting.ID]bool{}
	for _, it := range s.e.m.Agenda {
		onAgenda[it.CaseID] = true
	}
	var out []candidate
	for _, c := range s.openCases {
		if onAgenda[c.ID] {
			continue
		}
		out = append(out, candidate{Name: strconv.FormatUint(uint64(c.ID), 10), Label: c.Applicant.Name + "：" + c.Title, Also: c.Applicant.CreditCode})
	}
	return out
}

func (s *agendaStep) onCasePicked(key string) {
	id, err := strconv.ParseUint(key, 10, 64)
	if err != nil {
		return
	}
	for _, c := range s.openCases {
		if c.ID == meeting.ID(id) {
			s.addCase(c)
			return
		}
	}
}

// addCase puts a case on the agenda and selects the new item.
func (s *agendaStep) addCase(c meeting.Case) {
	s.e.cases[c.ID] = c
	s.e.m.Agenda = append(s.e.m.Agenda, meeting.AgendaItem{CaseID: c.ID, Summary: c.Title})
	s.e.changed("agenda")
	s.list.Refresh()
	s.list.Select(len(s.e.m.Agenda) - 1)
	s.e.u.win.Canvas().Focus(s.item.discussion)
}

// onRegisterCase registers a new case in a dialog and puts it on the agenda.
func (s *agendaStep) onRegisterCase() {
	s.newCase = showCaseDialog(s.e.u, meeting.Case{Received: s.e.m.Date}, func(c meeting.Case) {
		s.newCase = nil
		s.openCases = append(s.openCases, c)
		s.addCase(c)
	})
}

func (s *agendaStep) moveItem(by int) {
	i := s.selected
	j := i + by
	ag := s.e.m.Agenda
	if i < 0 || j < 0 || j >= len(ag) {
		return
	}
	ag[i], ag[j] = ag[j], ag[i]
	s.e.changed("agenda")
	s.list.Refresh()
	s.list.Select(j)
}

func (s *agendaStep) onRemoveItem() {
	i := s.selected
	if i < 0 || i >= len(s.e.m.Agenda) {
		return
	}
	it := s.e.m.Agenda[i]
	s.e.u.confirm(lang.L("移除议题"), lang.L("从本次会议中移除「{{.Title}}」及其议定事项？诉求本身不会被删除。", map[string]string{"Title": it.Summary}), func() {
		s.e.m.Agenda = append(s.e.m.Agenda[:i:i], s.e.m.Agenda[i+1:]...)
		s.e.changed("agenda")
		s.list.UnselectAll()
		s.list.Refresh()
		s.selected = -1
		if len(s.e.m.Agenda) > 0 {
			s.list.Select(min(i, len(s.e.m.Agenda)-1))
		} else {
			s.showEmpty()
		}
	})
}

// refreshAttending runs when the step is shown: the attendance may have changed, so
// the decisions' problems are recomputed.
func (s *agendaStep) refreshAttending() {
	s.reloadCases()
	s.refreshProblems()
}

func (s *agendaStep) refreshProblems() {
	if s.item != nil {
		s.item.refreshProblems()
	}
}
