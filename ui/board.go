package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// boardScreen is the 督办 screen: the board of items overdue or due within three
// working days, by lead department, or a list of all items by status; the selected
// item's details, progress and the actions on it.
type boardScreen struct {
	u        *UI
	view     *widget.Select
	dept     *widget.Select
	summary  *widget.Label
	warnings *widget.Label
	list     *widget.List
	detail   *fyne.Container
	// undelivered lists the meetings whose excerpts are not all delivered.
	undelivered *fyne.Container

	rows     []boardRow
	selected meeting.ID // the item shown, kept across reloads
}

// boardRow is a line of the list: a department heading, or an item.
type boardRow struct {
	heading string // the department, on a heading line
	counts  string // its counts, under it
	item    meeting.FollowUp
}

// boardListLimit is how many items the lists other than the board show at most: those
// of the newest meetings.
const boardListLimit = 1000

// The views of the list, in the order of the view selector.
const (
	boardViewBoard = iota // overdue and due soon, by department
	boardViewOpen         // every open item
	boardViewDone         // every done item
	boardViewAll          // every item
)

func newBoardScreen(u *UI) *boardScreen { return &boardScreen{u: u} }

func (s *boardScreen) build() fyne.CanvasObject {
	s.view = widget.NewSelect([]string{lang.L("看板：已逾期和即将到期"), lang.L("全部未办结"), lang.L("已办结"), lang.L("全部事项")},
		func(string) { s.reload() })
	s.view.SetSelectedIndex(boardViewBoard)
	s.dept = widget.NewSelect([]string{lang.L("全部牵头单位")}, func(string) { s.reload() })
	s.dept.SetSelectedIndex(0)
	s.summary = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.summary.Wrapping = fyne.TextWrapWord
	s.warnings = widget.NewLabel("")
	s.warnings.Importance = widget.WarningImportance
	s.warnings.Wrapping = fyne.TextWrapWord
	s.warnings.Hide()
	s.list = widget.NewList(func() int { return len(s.rows) }, newTwoLineRow, s.updateRow)
	s.list.OnSelected = s.onSelected
	hint := widget.NewLabel(lang.L("选择左侧的督办事项，查看详情、登记进展或办结。"))
	hint.Wrapping = fyne.TextWrapWord
	s.detail = container.NewStack(hint)

	s.undelivered = container.NewVBox()
	top := container.NewVBox(s.summary, s.warnings, s.undelivered, container.New(newColumns(theme.Padding(), 0.5, 0), s.view, s.dept))
	left := container.NewBorder(top, nil, nil, nil, s.list)
	split := container.NewHSplit(left, container.NewVScroll(container.NewPadded(s.detail)))
	split.Offset = 0.42
	s.reload()
	return split
}

// undeliveredShown is how many meetings with undelivered excerpts the board names.
const undeliveredShown = 5

// reloadUndelivered names the meetings whose excerpts are not all delivered, each a
// button to its 分送与签收.
func (s *boardScreen) reloadUndelivered() {
	ms, err := s.u.store.Undelivered()
	if err != nil {
		s.undelivered.Objects = []fyne.CanvasObject{widget.NewLabel(meeting.ErrorMessage(err))}
		s.undelivered.Refresh()
		return
	}
	var objs []fyne.CanvasObject
	if len(ms) > 0 {
		total := 0
		for _, m := range ms {
			total += len(m.Undelivered())
		}
		head := widget.NewLabel(lang.L("分送件未送达：{{.M}} 次会议，共 {{.N}} 个单位", map[string]int{"M": len(ms), "N": total}))
		head.Importance = widget.WarningImportance
		head.Wrapping = fyne.TextWrapWord
		objs = append(objs, head)
	}
	for i, m := range ms {
		if i == undeliveredShown {
			more := widget.NewLabel(lang.L("……另有 {{.N}} 次会议", map[string]int{"N": len(ms) - i}))
			more.Importance = widget.LowImportance
			objs = append(objs, more)
			break
		}
		id := m.ID
		// The number on the button, the title beside it cut to the room there is: a
		// long title must not widen the board (and the window) on a small screen.
		b := widget.NewButtonWithIcon(lang.L("{{.Number}} · {{.N}} 个单位未送达",
			map[string]any{"Number": m.Number.String(), "N": len(m.Undelivered())}), theme.MailSendIcon(), func() {
			s.u.tabs.Select(s.u.meetingsTab)
			s.u.openMeeting(id)
			if s.u.editor != nil && s.u.editor.m.ID == id {
				s.u.editor.showStep(stepPreview)
			}
		})
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		title := widget.NewLabel(m.Title)
		title.Truncation = fyne.TextTruncateEllipsis
		title.Importance = widget.LowImportance
		objs = append(objs, container.NewBorder(nil, nil, b, nil, title))
	}
	s.undelivered.Objects = objs
	s.undelivered.Refresh()
}

// reload reads the board and the list again, keeping the selected item shown.
func (s *boardScreen) reload() {
	if s.list == nil {
		return
	}
	today := s.u.today()
	board, err := s.u.store.Board(today, s.u.calendar)
	if err != nil {
		s.u.showError(err)
		return
	}
	s.summary.SetText(boardSummary(board))
	s.reloadUndelivered()
	if len(board.Warnings) > 0 {
		s.warnings.SetText(strings.Join(board.Warnings, "\n"))
		s.warnings.Show()
	} else {
		s.warnings.Hide()
	}

	var items []meeting.FollowUp
	if s.view.SelectedIndex() != boardViewBoard {
		f := meeting.FollowUpFilter{Limit: boardListLimit}
		switch s.view.SelectedIndex() {
		case boardViewDone:
			f.Status = meeting.FollowUpDone
		case boardViewOpen:
			f.Open = true
		}
		if i := s.dept.SelectedIndex(); i > 0 {
			f.Lead = s.dept.Options[i]
		}
		if items, err = s.u.store.FollowUps(f); err != nil {
			s.u.showError(err)
			return
		}
		slices.Reverse(items) // newest meeting first
		if len(items) >= boardListLimit {
			s.warnings.SetText(lang.L("只列出最近 {{.N}} 项；请按牵头单位筛选。", map[string]any{"N": boardListLimit}))
			s.warnings.Show()
		}
	}
	s.updateDepartments(board, items)
	dept := ""
	if i := s.dept.SelectedIndex(); i > 0 {
		dept = s.dept.Options[i]
	}

	s.rows = s.rows[:0]
	if s.view.SelectedIndex() == boardViewBoard {
		for _, d := range board.Departments {
			if dept != "" && d.Department != dept {
				continue
			}
			s.rows = append(s.rows, boardRow{heading: d.Department, counts: lang.L("逾期 {{.Overdue}} 项 · 即将到期 {{.Soon}} 项",
				map[string]any{"Overdue": len(d.Overdue), "Soon": len(d.DueSoon)})})
			for _, f := range append(slices.Clone(d.Overdue), d.DueSoon...) {
				s.rows = append(s.rows, boardRow{item: f})
			}
		}
	} else {
		for _, f := range items {
			if dept == "" || f.Lead == dept {
				s.rows = append(s.rows, boardRow{item: f})
			}
		}
	}
	s.list.UnselectAll()
	s.list.Refresh()
	if s.selected != 0 {
		s.showItem(s.selected)
	}
}

// updateDepartments offers the departments of the directory and those leading what
// is listed (a department may have left the directory), keeping the choice.
func (s *boardScreen) updateDepartments(board meeting.BoardView, items []meeting.FollowUp) {
	var names []string
	if dir, err := s.u.store.Departments(); err == nil {
		for _, d := range dir {
			names = append(names, d.Name)
		}
	}
	for _, d := range board.Departments {
		names = append(names, d.Department)
	}
	for _, f := range items {
		names = append(names, f.Lead)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	current := ""
	if i := s.dept.SelectedIndex(); i > 0 {
		current = s.dept.Options[i]
	}
	s.dept.Options = append([]string{lang.L("全部牵头单位")}, names...)
	if current != "" && !slices.Contains(names, current) {
		s.dept.Options = append(s.dept.Options, current) // keep a filter that now matches nothing
	}
	s.dept.Refresh()
}

func (s *boardScreen) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	r := s.rows[i]
	objs := o.(*fyne.Container).Objects
	title, sub := objs[0].(*widget.Label), objs[1].(*widget.Label)
	if r.heading != "" {
		title.Importance, sub.Importance = widget.HighImportance, widget.HighImportance
		title.SetText(r.heading)
		sub.SetText(r.counts)
		return
	}
	f := r.item
	title.Importance, sub.Importance = widget.MediumImportance, widget.LowImportance
	if f.Overdue(s.u.today()) {
		sub.Importance = widget.DangerImportance
	}
	title.SetText(f.Text)
	sub.SetText(fmt.Sprintf("%s · %s · %s", f.Number, f.Lead, s.u.dueText(f)))
}

// dueText says where the item stands against its due day, in words.
func (u *UI) dueText(f meeting.FollowUp) string {
	today := u.today()
	switch {
	case f.Status == meeting.FollowUpDone:
		return lang.L("已于{{.Date}}办结", map[string]any{"Date": f.CompletedOn.Chinese()})
	case f.Due.IsZero():
		return lang.L(f.Status.Label()) + " · " + lang.L("无办理时限")
	case f.Overdue(today):
		return lang.L("逾期 {{.N}} 天（时限 {{.Date}}）", map[string]any{"N": f.DaysOverdue(today), "Date": f.Due.Chinese()})
	case f.Due == today:
		return lang.L("今天到期")
	default:
		return lang.L("还有 {{.N}} 个工作日（时限 {{.Date}}）", map[string]any{"N": u.calendar.WorkdaysBetween(today, f.Due), "Date": f.Due.Chinese()})
	}
}

func (s *boardScreen) onSelected(i widget.ListItemID) {
	if i < 0 || i >= len(s.rows) || s.rows[i].heading != "" {
		return
	}
	s.selected = s.rows[i].item.ID
	s.showItem(s.selected)
}

// showItem shows an item as stored, with the forms for what can be done with it.
func (s *boardScreen) showItem(id meeting.ID) {
	f, err := s.u.store.FollowUp(id)
	if err != nil {
		s.selected = 0
		s.detail.Objects = []fyne.CanvasObject{widget.NewLabel(meeting.ErrorMessage(err))}
		s.detail.Refresh()
		return
	}
	s.detail.Objects = []fyne.CanvasObject{newItemView(s.u, f, func(changed meeting.FollowUp) {
		s.selected = changed.ID
		s.reload()
		s.u.refreshBanner()
	}).build()}
	s.detail.Refresh()
}

// itemView shows one follow-up item and records progress, completion or reopening.
type itemView struct {
	u       *UI
	f       meeting.FollowUp
	done    func(meeting.FollowUp)
	problem *problemLabel
}

func newItemView(u *UI, f meeting.FollowUp, done func(meeting.FollowUp)) *itemView {
	return &itemView{u: u, f: f, done: done, problem: newProblemLabel()}
}

func (v *itemView) build() fyne.CanvasObject {
	f := v.f
	text := widget.NewLabel(f.Text)
	text.Wrapping = fyne.TextWrapWord
	coop := lang.L("无")
	if len(f.Cooperating) > 0 {
		coop = strings.Join(f.Cooperating, "、")
	}
	due := widget.NewLabel(v.u.dueText(f))
	if f.Overdue(v.u.today()) {
		due.Importance = widget.DangerImportance
	}
	rows := []fyne.CanvasObject{
		fieldLabel(lang.L("会议纪要")), widget.NewLabel(lang.L("{{.Number}}（{{.Date}}会议，第 {{.Rev}} 版）",
			map[string]any{"Number": f.Number.String(), "Date": f.MeetingDate.Chinese(), "Rev": f.Revision})),
		fieldLabel(lang.L("议定事项")), text,
		fieldLabel(lang.L("牵头")), widget.NewLabel(f.Lead),
		fieldLabel(lang.L("配合单位")), widget.NewLabel(coop),
		fieldLabel(lang.L("办理时限")), due,
		fieldLabel(lang.L("办理状态")), widget.NewLabel(lang.L(f.Status.Label())),
	}
	if f.Status == meeting.FollowUpDone {
		note := widget.NewLabel(f.CompletedOn.Chinese() + "：" + f.CompletionNote)
		note.Wrapping = fyne.TextWrapWord
		rows = append(rows, fieldLabel(lang.L("办结情况")), note)
	}
	if c, err := v.u.store.Case(f.CaseID); err == nil {
		open := widget.NewButtonWithIcon(lang.L("查看诉求"), theme.NavigateNextIcon(), func() { v.u.showCase(c.ID) })
		open.Importance = widget.LowImportance
		label := widget.NewLabel(c.Applicant.Name + "：" + c.Title + "（" + lang.L(c.Status.Label()) + "）")
		label.Wrapping = fyne.TextWrapWord
		rows = append(rows, fieldLabel(lang.L("所属诉求")), container.NewBorder(nil, nil, nil, open, label))
	}
	parts := []fyne.CanvasObject{formGrid(rows...), widget.NewSeparator(), v.progressList()}
	if f.Status == meeting.FollowUpDone {
		parts = append(parts, widget.NewSeparator(), v.reopenForm())
	} else {
		parts = append(parts, widget.NewSeparator(), v.progressForm(), widget.NewSeparator(), v.completeForm())
	}
	return container.NewVBox(append(parts, v.problem)...)
}

func (v *itemView) progressList() fyne.CanvasObject {
	box := container.NewVBox(widget.NewLabelWithStyle(lang.L("办理进展"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	if len(v.f.Progress) == 0 {
		none := widget.NewLabel(lang.L("尚无进展记录。"))
		none.Importance = widget.LowImportance
		box.Add(none)
	}
	for _, p := range v.f.Progress {
		l := widget.NewLabel(p.On.Chinese() + "　" + p.Reporter + "：" + p.Text)
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	return box
}

func (v *itemView) progressForm() fyne.CanvasObject {
	on, day := dayField(v.u)
	reporter := newEntry()
	reporter.SetPlaceHolder(lang.L("报告人，如：自然资源和规划局 张华"))
	text := multiLine(lang.L("进展情况"), 2)
	add := widget.NewButtonWithIcon(lang.L("登记进展"), theme.ContentAddIcon(), func() {
		v.apply(func() (meeting.FollowUp, error) {
			return v.u.store.AddProgress(v.f.ID, meeting.ProgressEntry{On: *day, Reporter: meeting.CleanLine(reporter.Text), Text: meeting.CleanText(text.Text)})
		})
	})
	v.u.writing(add)
	return container.NewVBox(
		widget.NewLabelWithStyle(lang.L("登记进展"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		formGrid(fieldLabel(lang.L("日期")), on.object(), fieldLabel(lang.L("报告人")), reporter, fieldLabel(lang.L("内容")), text),
		container.NewHBox(add))
}

func (v *itemView) completeForm() fyne.CanvasObject {
	on, day := dayField(v.u)
	note := multiLine(lang.L("办结情况，如：已核发不动产权证书"), 2)
	done := widget.NewButtonWithIcon(lang.L("标记办结"), theme.ConfirmIcon(), func() {
		v.apply(func() (meeting.FollowUp, error) {
			return v.u.store.CompleteFollowUp(v.f.ID, *day, meeting.CleanText(note.Text))
		})
	})
	done.Importance = widget.HighImportance
	v.u.writing(done)
	return container.NewVBox(
		widget.NewLabelWithStyle(lang.L("办结"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		formGrid(fieldLabel(lang.L("办结日期")), on.object(), fieldLabel(lang.L("办结情况")), note),
		container.NewHBox(done))
}

func (v *itemView) reopenForm() fyne.CanvasObject {
	on, day := dayField(v.u)
	reporter := newEntry()
	reporter.SetPlaceHolder(lang.L("经办人"))
	reason := multiLine(lang.L("重新打开的原因"), 2)
	reopen := widget.NewButtonWithIcon(lang.L("重新打开"), theme.ViewRefreshIcon(), func() {
		v.apply(func() (meeting.FollowUp, error) {
			return v.u.store.ReopenFollowUp(v.f.ID, *day, meeting.CleanLine(reporter.Text), meeting.CleanText(reason.Text))
		})
	})
	v.u.writing(reopen)
	return container.NewVBox(
		widget.NewLabelWithStyle(lang.L("重新打开"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		formGrid(fieldLabel(lang.L("日期")), on.object(), fieldLabel(lang.L("经办人")), reporter, fieldLabel(lang.L("原因")), reason),
		container.NewHBox(reopen))
}

// apply runs a change on the item; a refusal shows its messages under the forms and
// changes nothing, success shows the item as stored.
func (v *itemView) apply(change func() (meeting.FollowUp, error)) {
	f, err := change()
	if err != nil {
		v.problem.set([]string{meeting.ErrorMessage(err)})
		return
	}
	v.problem.set(nil)
	v.done(f)
}
