package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// seedFollowUps stores the example meeting with its three decisions due on 10-09
// (overdue on testNow, 10-12), 10-14 (due within three working days) and 11-30, and
// finalizes it. It returns the meeting's ID and the two case IDs.
func seedFollowUps(t *testing.T, h *harness) (meeting.ID, meeting.ID, meeting.ID) {
	t.Helper()
	cs := exampleCases()
	for i := range cs {
		if err := h.st.SaveCase(&cs[i]); err != nil {
			t.Fatal(err)
		}
	}
	m := exampleMeeting(cs[0].ID, cs[1].ID)
	m.Date = meeting.Date{Year: 2026, Month: 9, Day: 30}
	m.Agenda[0].Decisions[0].Due = meeting.Date{Year: 2026, Month: 10, Day: 9}
	m.Agenda[0].Decisions[1].Due = meeting.Date{Year: 2026, Month: 10, Day: 14}
	m.Agenda[1].Decisions[0].Due = meeting.Date{Year: 2026, Month: 11, Day: 30}
	if err := h.st.SaveMeeting(&m); err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.Finalize(m.ID, testNow); err != nil {
		t.Fatal(err)
	}
	return m.ID, cs[0].ID, cs[1].ID
}

func TestBoardBannerAndItemLifecycle(t *testing.T) {
	h := newHarness(t)
	_, caseA, _ := seedFollowUps(t, h)
	h.u.refreshBanner()
	if got := textsUnder(h.u.banner); !strings.Contains(got, "有 1 项议定事项已逾期，1 项将在 3 个工作日内到期。") {
		t.Fatalf("banner says %q", got)
	}

	tapButton(t, h.u.banner, "查看督办")
	if h.u.tabs.Selected() != h.u.boardTab {
		t.Fatal("查看督办 did not open the board")
	}
	s := h.u.board
	if len(s.rows) != 4 || s.rows[0].heading != "自然资源和规划局" || s.rows[0].counts != "逾期 1 项 · 即将到期 0 项" ||
		s.rows[1].item.Lead != "自然资源和规划局" || s.rows[2].heading != "住房和城乡建设局" {
		t.Fatalf("board rows = %+v, want the overdue department first, each heading over its items", s.rows)
	}
	shot(t, h, "board")

	s.list.Select(1)
	overdue := s.rows[1].item
	detail := s.detail.Objects[0]
	if got := textsUnder(detail); !strings.Contains(got, "逾期 3 天（时限 2026年10月9日）") {
		t.Errorf("detail of the overdue item says:\n%s", got)
	}

	// Completing without a note is refused, with the reason, and nothing is stored.
	tapButton(t, detail, "标记办结")
	if got := textsUnder(s.detail); !strings.Contains(got, "办结情况") {
		t.Errorf("refused completion shows:\n%s", got)
	}
	if f, _ := h.st.FollowUp(overdue.ID); f.Status != meeting.FollowUpPending {
		t.Fatalf("a refused completion changed the item: %s", f.Status)
	}

	// Progress, then completion.
	var progressText, note *widget.Entry
	walk(detail, func(o fyne.CanvasObject) bool {
		if e, ok := asEntry(o); ok {
			switch e.PlaceHolder {
			case "进展情况":
				progressText = e
			case "办结情况，如：已核发不动产权证书":
				note = e
			}
		}
		return true
	})
	var reporter *widget.Entry
	walk(detail, func(o fyne.CanvasObject) bool {
		if e, ok := asEntry(o); ok && strings.HasPrefix(e.PlaceHolder, "报告人") {
			reporter = e
		}
		return true
	})
	test.Type(reporter, "自然资源和规划局 张华")
	test.Type(progressText, "已受理登记申请。")
	tapButton(t, detail, "登记进展")
	f, _ := h.st.FollowUp(overdue.ID)
	if f.Status != meeting.FollowUpInProgress || len(f.Progress) != 1 || f.Progress[0].Reporter != "自然资源和规划局 张华" {
		t.Fatalf("after 登记进展 the item is %+v", f)
	}
	detail = s.detail.Objects[0]
	walk(detail, func(o fyne.CanvasObject) bool {
		if e, ok := asEntry(o); ok && e.PlaceHolder == "办结情况，如：已核发不动产权证书" {
			note = e
		}
		return true
	})
	test.Type(note, "已核发一期厂房不动产权证书。")
	tapButton(t, detail, "标记办结")
	if f, _ := h.st.FollowUp(overdue.ID); f.Status != meeting.FollowUpDone || f.CompletedOn != meeting.DateOf(testNow) {
		t.Fatalf("after 标记办结 the item is %+v", f)
	}
	if got := textsUnder(h.u.banner); !strings.Contains(got, "有 1 项议定事项将在 3 个工作日内到期。") {
		t.Errorf("banner after completing the overdue item says %q", got)
	}

	// The case cannot be closed while its other item is open; it says which.
	h.u.showCase(caseA)
	if h.u.tabs.Selected() != h.u.casesTab {
		t.Fatal("查看诉求 did not open the cases screen")
	}
	if got := textsUnder(h.u.cases.detail); !strings.Contains(got, "还有 1 项督办事项未办结（住房和城乡建设局）") {
		t.Errorf("the case's closing part says:\n%s", got)
	}
}

func TestCaseClosingAndCallBack(t *testing.T) {
	h := newHarness(t)
	id, caseA, _ := seedFollowUps(t, h)
	items, err := h.st.FollowUps(meeting.FollowUpFilter{Meeting: id, Case: caseA})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range items {
		if _, err := h.st.CompleteFollowUp(f.ID, meeting.DateOf(testNow), "已办结。"); err != nil {
			t.Fatal(err)
		}
	}
	h.u.showCase(caseA)
	detail := h.u.cases.detail
	var content *widget.Entry
	var channel *widget.SelectEntry
	walk(detail, func(o fyne.CanvasObject) bool {
		if e, ok := asEntry(o); ok && e.PlaceHolder == "答复内容：向申请人说明办理结果" {
			content = e
		}
		switch e := o.(type) {
		case *widget.SelectEntry:
			channel = e
		}
		return true
	})
	if content == nil || channel == nil {
		t.Fatalf("no reply form under the case:\n%s", textsUnder(detail))
	}
	tapButton(t, detail, "登记答复并办结")
	if c, _ := h.st.Case(caseA); c.Status != meeting.CaseOpen {
		t.Fatal("a reply without channel and content closed the case")
	}
	if got := textsUnder(detail); !strings.Contains(got, "请填写答复方式。") {
		t.Errorf("the refusal does not name the field:\n%s", got)
	}
	channel.SetText("电话")
	test.Type(content, "已告知企业一期厂房不动产权证书已核发。")
	tapButton(t, detail, "登记答复并办结")
	c, _ := h.st.Case(caseA)
	if c.Status != meeting.CaseClosed || c.Reply == nil || c.Reply.Channel != "电话" {
		t.Fatalf("after the reply the case is %+v", c)
	}

	// An unsatisfied call-back reopens the case; the reason is required.
	detail = h.u.cases.detail
	var result *widget.RadioGroup
	var cbNote *widget.Entry
	walk(detail, func(o fyne.CanvasObject) bool {
		switch e := o.(type) {
		case *widget.RadioGroup:
			if len(e.Options) == 3 {
				result = e
			}
		}
		if e, ok := asEntry(o); ok && strings.HasPrefix(e.PlaceHolder, "回访情况") {
			cbNote = e
		}
		return true
	})
	if result == nil || cbNote == nil {
		t.Fatalf("no call-back form on the closed case:\n%s", textsUnder(detail))
	}
	result.SetSelected("不满意")
	tapButton(t, detail, "登记回访")
	if c, _ := h.st.Case(caseA); c.Status != meeting.CaseClosed || len(c.CallBacks) != 0 {
		t.Fatal("an unsatisfied call-back without a reason was recorded")
	}
	test.Type(cbNote, "抵押贷款仍未办下来。")
	tapButton(t, detail, "登记回访")
	c, _ = h.st.Case(caseA)
	if c.Status != meeting.CaseOpen || len(c.CallBacks) != 1 || c.ReopenReason != "抵押贷款仍未办下来。" {
		t.Fatalf("after the unsatisfied call-back the case is %+v", c)
	}
	if got := textsUnder(h.u.cases.detail); !strings.Contains(got, "回访不满意后重新办理") {
		t.Errorf("the reopened case does not say why:\n%s", got)
	}
	shot(t, h, "case-closing")
}

func TestCalendarDialogEntersAYear(t *testing.T) {
	h := newHarness(t)
	h.u.showCalendarDialog()
	dlg := h.overlayTop()
	var year *widget.Select
	var holidays, workdays *widget.Entry
	walk(dlg, func(o fyne.CanvasObject) bool {
		switch e := o.(type) {
		case *widget.Select:
			year = e
		}
		if e, ok := asEntry(o); ok {
			if strings.HasPrefix(e.PlaceHolder, "每行一个日期或一段日期") {
				holidays = e
			} else if strings.HasPrefix(e.PlaceHolder, "调休上班的周末") {
				workdays = e
			}
		}
		return true
	})
	if year == nil || holidays == nil || workdays == nil {
		t.Fatal("the dialog lacks the year or the day lists")
	}
	if year.Selected != "2026" || !strings.Contains(holidays.Text, "2026-10-01 至 2026-10-0") {
		t.Errorf("the dialog opens on %s with holidays %q; want 2026 with the shipped National Day", year.Selected, holidays.Text)
	}
	year.SetSelected("2027")
	if holidays.Text != "" || !strings.Contains(textsUnder(dlg), "2027 年的节假日安排尚未录入") {
		t.Errorf("2027 shows holidays %q and says:\n%s", holidays.Text, textsUnder(dlg))
	}
	holidays.SetText("2027-01-01\n2027-02-30")
	tapButton(t, dlg, "保存")
	if got := textsUnder(dlg); !strings.Contains(got, "放假日期第 2 行") {
		t.Errorf("a bad date is not named:\n%s", got)
	}
	if ys, _ := h.st.CalendarYears(); len(ys) != 0 {
		t.Fatalf("a refused year was stored: %+v", ys)
	}
	holidays.SetText("2027-01-01\n2027-02-06 至 2027-02-12")
	workdays.SetText("2027-02-14")
	tapButton(t, dlg, "保存")
	if h.u.calendar.IsWorkday(meeting.Date{Year: 2027, Month: 2, Day: 8}) || !h.u.calendar.IsWorkday(meeting.Date{Year: 2027, Month: 2, Day: 14}) {
		t.Error("the saved 2027 arrangement is not used by the app's calendar")
	}
	if ys, _ := h.st.CalendarYears(); len(ys) != 1 || len(ys[0].Holidays) != 8 {
		t.Errorf("stored years = %+v, want 2027 with 8 holidays", ys)
	}
}

// TestDueInWorkingDays: a decision's deadline typed as "N个工作日" is counted from the
// meeting date by the office's calendar, across the National Day holiday and its
// make-up Saturday, and stored as that day.
func TestDueInWorkingDays(t *testing.T) {
	h := newHarness(t)
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	m := h.stored(id)
	m.Date = meeting.Date{Year: 2026, Month: 9, Day: 28} // Monday before National Day
	if err := h.st.SaveMeeting(&m); err != nil {
		t.Fatal(err)
	}
	h.u.openMeeting(id)
	ed := h.u.editor
	test.Tap(ed.stepButtons[stepAgenda])
	ed.agenda.list.Select(0)
	d := ed.agenda.item.rows[0]
	want, _ := h.u.calendar.AddWorkdays(m.Date, 10)
	if want != (meeting.Date{Year: 2026, Month: 10, Day: 16}) {
		t.Fatalf("the 2026 calendar counts 10 working days after 09-28 to %s; the test expects 10-16", want)
	}
	d.due.entry.SetText("")
	h.typeInto(d.due.entry, "10个工作日")
	h.autosaved()
	if got := h.stored(id).Agenda[0].Decisions[0].Due; got != want {
		t.Errorf("stored due = %s, want %s", got, want)
	}
	if !d.problem.shown() || !strings.Contains(d.problem.Text, "即 2026年10月16日（会议日期后第 10 个工作日）") || d.problem.Importance == widget.DangerImportance {
		t.Errorf("the row says %q (importance %v)", d.problem.Text, d.problem.Importance)
	}
	d.due.entry.SetText("")
	h.typeInto(d.due.entry, "2026-11-02")
	h.autosaved()
	if got := h.stored(id).Agenda[0].Decisions[0].Due; got.String() != "2026-11-02" || d.problem.shown() {
		t.Errorf("a date typed after the count: stored %s, the row says %q", got, d.problem.Text)
	}
}

// TestBoardListViews: the lists beside the board show every open, done or any item,
// filtered by lead department.
func TestBoardListViews(t *testing.T) {
	h := newHarness(t)
	seedFollowUps(t, h)
	h.u.tabs.Select(h.u.boardTab)
	s := h.u.board
	count := func() (n int, leads []string) {
		for _, r := range s.rows {
			if r.heading == "" {
				n++
				leads = append(leads, r.item.Lead)
			}
		}
		return n, leads
	}
	s.view.SetSelectedIndex(boardViewOpen)
	if n, _ := count(); n != 3 {
		t.Errorf("全部未办结 lists %d items, want 3", n)
	}
	s.dept.SetSelected("公证处")
	if n, leads := count(); n != 1 || leads[0] != "公证处" {
		t.Errorf("公证处's open items: %d %v", n, leads)
	}
	s.dept.SetSelectedIndex(0)
	items, _ := h.st.FollowUps(meeting.FollowUpFilter{Lead: "公证处"})
	if _, err := h.st.CompleteFollowUp(items[0].ID, meeting.DateOf(testNow), "已公证。"); err != nil {
		t.Fatal(err)
	}
	s.view.SetSelectedIndex(boardViewDone)
	if n, leads := count(); n != 1 || leads[0] != "公证处" {
		t.Errorf("已办结 lists %d %v, want 公证处's item", n, leads)
	}
	s.view.SetSelectedIndex(boardViewAll)
	if n, _ := count(); n != 3 {
		t.Errorf("全部事项 lists %d items, want 3", n)
	}
	if !slices.Contains(s.dept.Options, "税务局") {
		t.Errorf("the department filter lacks directory departments: %v", s.dept.Options)
	}
}
