package ui

import (
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// today is the day by the UI's clock.
func (u *UI) today() meeting.Date { return meeting.DateOf(u.now()) }

// boardSummary is meeting.BoardView.Summary in the interface's language.
func boardSummary(v meeting.BoardView) string {
	args := map[string]any{"Overdue": v.Overdue, "Soon": v.DueSoon, "N": meeting.BoardDueSoonWorkdays}
	switch {
	case v.Overdue > 0 && v.DueSoon > 0:
		return lang.L("有 {{.Overdue}} 项议定事项已逾期，{{.Soon}} 项将在 {{.N}} 个工作日内到期。", args)
	case v.Overdue > 0:
		return lang.L("有 {{.Overdue}} 项议定事项已逾期。", args)
	case v.DueSoon > 0:
		return lang.L("有 {{.Soon}} 项议定事项将在 {{.N}} 个工作日内到期。", args)
	}
	return lang.L("没有逾期或即将到期的议定事项。")
}

// refreshBanner shows, under the top bar, how many items are overdue or due soon,
// with a button to the board. It is what the app says on start; it follows every
// change made on the board and can be closed for the session.
func (u *UI) refreshBanner() {
	if u.banner == nil || u.bannerClosed {
		return
	}
	v, err := u.store.Board(u.today(), u.calendar)
	if err != nil {
		u.banner.Objects = []fyne.CanvasObject{widget.NewLabel(meeting.ErrorMessage(err))}
		u.banner.Refresh()
		return
	}
	icon := theme.InfoIcon()
	msg := widget.NewLabelWithStyle(boardSummary(v), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	if v.Overdue > 0 {
		icon = theme.WarningIcon()
		msg.Importance = widget.DangerImportance
	}
	view := widget.NewButtonWithIcon(lang.L("查看督办"), theme.NavigateNextIcon(), func() { u.tabs.Select(u.boardTab) })
	closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), func() {
		u.bannerClosed = true
		u.banner.RemoveAll()
	})
	closeBtn.Importance = widget.LowImportance
	row := container.NewBorder(nil, nil, widget.NewIcon(icon), container.NewHBox(view, closeBtn), msg)
	u.banner.Objects = []fyne.CanvasObject{container.NewStack(bg, container.NewPadded(row))}
	u.banner.Refresh()
}

// followDays refreshes what depends on the day (the banner, the board, whose items
// become overdue at midnight) just after each midnight, for a window left open
// overnight in the meeting room.
func (u *UI) followDays() {
	now := time.Now()
	y, m, d := now.Date()
	next := time.Date(y, m, d+1, 0, 0, 5, 0, now.Location())
	time.AfterFunc(next.Sub(now), func() {
		u.do(func() {
			u.refreshBanner()
			u.board.reload()
		})
		u.followDays()
	})
}

// showCase opens the 诉求 screen on a case.
func (u *UI) showCase(id meeting.ID) {
	c, err := u.store.Case(id)
	if err != nil {
		u.showError(err)
		return
	}
	u.tabs.Select(u.casesTab)
	u.cases.reveal(c)
}

// showCalendarDialog edits the holiday arrangements (节假日安排) that working-day
// deadlines are counted with: a year published after this program can be entered,
// and a shipped one corrected. An entered year is kept in the data file.
func (u *UI) showCalendarDialog() {
	this := u.today().Year
	years := []int{this - 1, this, this + 1, this + 2}
	years = append(years, u.calendar.Years()...)
	slices.Sort(years)
	years = slices.Compact(years)
	labels := make([]string, len(years))
	for i, y := range years {
		labels[i] = strconv.Itoa(y)
	}

	state := widget.NewLabel("")
	state.Wrapping = fyne.TextWrapWord
	source := newEntry()
	source.SetPlaceHolder(lang.L("依据，如：国务院办公厅关于2027年部分节假日安排的通知"))
	holidays := multiLine(lang.L("每行一个日期或一段日期，如 2027-02-06 至 2027-02-12"), 8)
	workdays := multiLine(lang.L("调休上班的周末，每行一个日期"), 4)
	problem := newProblemLabel()
	year := widget.NewSelect(labels, nil)

	selectedYear := func() int { return years[max(year.SelectedIndex(), 0)] }
	show := func() {
		y := selectedYear()
		stored, err := u.store.CalendarYears()
		if err != nil {
			problem.set([]string{meeting.ErrorMessage(err)})
		}
		entered := slices.ContainsFunc(stored, func(c meeting.CalendarYear) bool { return c.Year == y })
		cy, ok := u.calendar.Year(y)
		switch {
		case entered:
			state.SetText(lang.L("{{.Year}} 年的安排已在本机录入。", map[string]any{"Year": y}))
		case ok:
			state.SetText(lang.L("{{.Year}} 年使用程序自带的安排。如与国务院办公厅的通知不符，改正后保存即可。", map[string]any{"Year": y}))
		default:
			state.SetText(lang.L("{{.Year}} 年的节假日安排尚未录入，按周一至周五计算工作日。", map[string]any{"Year": y}))
		}
		source.SetText(cy.Source)
		holidays.SetText(meeting.FormatDays(cy.Holidays))
		workdays.SetText(meeting.FormatDays(cy.Workdays))
		problem.set(nil)
	}
	year.OnChanged = func(string) { show() }

	save := widget.NewButtonWithIcon(lang.L("保存"), theme.DocumentSaveIcon(), func() {
		y := selectedYear()
		var msgs []string
		off, err := meeting.ParseDays(holidays.Text, lang.L("放假日期"))
		if err != nil {
			msgs = append(msgs, meeting.ErrorMessage(err))
		}
		on, err := meeting.ParseDays(workdays.Text, lang.L("调休上班日期"))
		if err != nil {
			msgs = append(msgs, meeting.ErrorMessage(err))
		}
		if len(msgs) > 0 {
			problem.set(msgs)
			return
		}
		cy := meeting.CalendarYear{Year: y, Source: meeting.CleanLine(source.Text), Holidays: off, Workdays: on}
		if err := u.store.SaveCalendarYear(cy); err != nil {
			problem.set([]string{meeting.ErrorMessage(err)})
			return
		}
		u.reloadCalendar()
		show()
		state.SetText(lang.L("已保存 {{.Year}} 年的节假日安排。", map[string]any{"Year": y}))
	})
	save.Importance = widget.HighImportance
	reset := widget.NewButton(lang.L("恢复程序自带"), func() {
		if err := u.store.DeleteCalendarYear(selectedYear()); err != nil {
			problem.set([]string{meeting.ErrorMessage(err)})
			return
		}
		u.reloadCalendar()
		show()
	})
	u.writing(save, reset)
	year.SetSelectedIndex(slices.Index(years, this))

	form := formGrid(
		fieldLabel(lang.L("年份")), year,
		fieldLabel(lang.L("依据")), source,
		fieldLabel(lang.L("放假日期")), holidays,
		fieldLabel(lang.L("调休上班日期")), workdays,
	)
	body := container.NewVBox(state, form, problem, container.NewHBox(reset, save))
	scroll := container.NewVScroll(body)
	scroll.SetMinSize(fyne.NewSize(640, 560))
	d := dialog.NewCustom(lang.L("节假日安排"), lang.L("关闭"), scroll, u.win)
	u.show(d, nil)
}

// reloadCalendar reads the calendar again after an arrangement was entered, and
// shows the board and the banner by it.
func (u *UI) reloadCalendar() {
	cal, err := u.store.Calendar()
	if err != nil {
		u.showError(err)
	}
	u.calendar = cal
	u.board.reload()
	u.refreshBanner()
}
