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
	carry      *carryOverView
	carryShown bool

	carryButton *widget.Button

	register, up, down, remove *widget.Button
}

func newAgendaStep(e *meetingEditor) *agendaStep {
	return &agendaStep{e: e, selected: -1}
}

func (s *agendaStep) build() fyne.CanvasObject {
	s.list = widget.NewList(func() int { return len(s.e.m.Agenda) }, s.createItem, s.updateItem)
	s.list.OnSelected = s.onSelected
	s.casePicker = newPicker(lang.L("输入申请人或诉求标题，回车添加议题；没有的，回车即登记"), s.caseCandidates, s.onCasePicked)
	// A name no registered case has: Enter registers a new case for that applicant.
	s.casePicker.onUnknownEnter = func(text string) { s.registerCase(text) }
	s.register = widget.NewButtonWithIcon(lang.L("登记新诉求"), theme.DocumentCreateIcon(), s.onRegisterCase)
	s.up = widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { s.moveItem(-1) })
	s.down = widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { s.moveItem(1) })
	s.remove = widget.NewButtonWithIcon(lang.L("移除议题"), theme.DeleteIcon(), s.onRemoveItem)
	s.remove.Importance = widget.LowImportance
	s.carry = newCarryOverView(s)
	s.carryButton = widget.NewButtonWithIcon("", theme.HistoryIcon(), s.showCarryOver)
	s.carryButton.Alignment = widget.ButtonAlignLeading
	s.updateCarryButton()
	var left fyne.CanvasObject
	if s.e.readOnly {
		// Locked minutes take no new items and keep their order: the controls that
		// would change them are left out rather than shown disabled, so that the list
		// has the height (a 1024×768 projector in 投屏模式 has none to spare).
		setEnabled(false, s.casePicker.entry, s.register, s.up, s.down, s.remove)
		left = container.NewBorder(container.NewVBox(s.carryButton, widget.NewSeparator(), boldLabel(lang.L("议题"))), nil, nil, nil, s.list)
	} else {
		left = container.NewBorder(
			container.NewVBox(s.carryButton, widget.NewSeparator(), container.NewBorder(nil, nil, boldLabel(lang.L("议题")), s.register), s.casePicker.object()),
			container.NewHBox(s.up, s.down, s.remove), nil, nil, s.list)
	}
	s.detail = container.NewStack()
	s.scroll = s.e.u.followScroll(container.NewVScroll(container.NewPadded(s.detail)), false)
	split := container.NewHSplit(left, s.scroll)
	split.Offset = 0.28
	switch {
	case len(s.e.m.Agenda) > 0:
		s.list.Select(0)
	case len(s.e.m.CarryOver) > 0:
		s.showCarryOver()
	default:
		s.showEmpty()
	}
	return split
}

// showCarryOver shows the checklist of earlier decisions in the right pane.
func (s *agendaStep) showCarryOver() {
	s.list.UnselectAll()
	s.selected = -1
	s.item = nil
	s.carryShown = true
	s.carry.rebuild()
	s.detail.Objects = []fyne.CanvasObject{s.carry.box}
	s.detail.Refresh()
	s.scroll.ScrollToTop()
}

// updateCarryButton says how many earlier decisions the meeting reports on.
func (s *agendaStep) updateCarryButton() {
	if s.carryButton == nil {
		return
	}
	// Short: the button sets the left pane's width, which a 1024×768 projector cannot spare.
	text := lang.L("上次议定事项")
	if n := len(s.e.m.CarryOver); n > 0 {
		text += " · " + lang.L("已选 {{.N}} 项", map[string]int{"N": n})
	}
	s.carryButton.SetText(text)
	if s.carryShown {
		s.carryButton.Importance = widget.HighImportance
	} else {
		s.carryButton.Importance = widget.MediumImportance
	}
	s.carryButton.Refresh()
}

func (s *agendaStep) showEmpty() {
	s.carryShown = false
	s.updateCarryButton()
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
	s.carryShown = false
	s.updateCarryButton()
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
	s.e.u.focus(s.item.discussion)
}

// onRegisterCase registers a new case in a dialog and puts it on the agenda.
func (s *agendaStep) onRegisterCase() { s.registerCase("") }

// registerCase registers a new case, its applicant named as typed, in a dialog and
// puts it on the agenda.
func (s *agendaStep) registerCase(applicant string) {
	s.casePicker.clear()
	c := meeting.Case{Received: s.e.m.Date}
	c.Applicant.Name = meeting.CleanLine(applicant)
	s.newCase = showCaseDialog(s.e.u, c, func(c meeting.Case) {
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
	if s.item != nil {
		s.item.positions.refresh()
	}
	if s.carryShown {
		s.carry.rebuild()
	}
	s.refreshProblems()
}

func (s *agendaStep) refreshProblems() {
	if s.item != nil {
		s.item.refreshProblems()
	}
	if s.carryShown {
		s.carry.refreshProblems()
	}
}
