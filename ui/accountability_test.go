package ui

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"backstop/meeting"
)

// openAgenda opens the meeting on step 3.
func (h *harness) openAgenda(id meeting.ID) *agendaStep {
	h.t.Helper()
	h.u.openMeeting(id)
	if h.u.editor == nil {
		h.t.Fatal("the editor did not open")
	}
	test.Tap(h.u.editor.stepButtons[stepAgenda])
	return h.u.editor.agenda
}

func positionRowOf(t *testing.T, v *positionsView, department string) *positionRow {
	t.Helper()
	for _, r := range v.rows {
		if r.department == department {
			return r
		}
	}
	t.Fatalf("no position row for %s", department)
	return nil
}

// TestPositionsAreSetByDigitKeys goes down the department rows of an agenda item as
// the convener would: Tab to a row, a digit for the stance, the reason typed where a
// reservation needs one; the item keeps them in attendance order.
func TestPositionsAreSetByDigitKeys(t *testing.T) {
	h := newHarness(t)
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	s := h.openAgenda(id)
	v := s.item.positions
	var names []string
	for _, r := range v.rows {
		names = append(names, r.department)
	}
	m := exampleMeeting(0, 0)
	if want := strings.Join(m.AttendingDepartments(), " "); strings.Join(names, " ") != want {
		t.Fatalf("rows %v, want one per attending department: %s", names, want)
	}
	for _, r := range v.rows {
		if r.details.Visible() {
			t.Errorf("%s shows its statement before a stance is chosen", r.department)
		}
	}

	nr := positionRowOf(t, v, "自然资源和规划局")
	h.typeInto(nr.stance, "3")
	if !nr.details.Visible() || nr.stance.Selected() != 2 {
		t.Fatalf("digit 3 did not choose 保留意见 (selected %d)", nr.stance.Selected())
	}
	if msg := nr.problem.Text; !nr.problem.shown() || !strings.Contains(msg, "自然资源和规划局") || !strings.Contains(msg, "说明") {
		t.Errorf("a reservation without its reason says %q", msg)
	}
	h.typeInto(nr.statement, "一期与二期共用的消防通道尚未验收")
	if nr.problem.shown() {
		t.Errorf("the reason typed, the row still says %q", nr.problem.Text)
	}
	host := positionRowOf(t, v, "行政审批服务管理办公室")
	h.typeInto(host.stance, "1")
	fire := positionRowOf(t, v, "消防救援大队")
	h.typeInto(fire.stance, "2")
	fire.stance.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight}) // 原则同意 → 保留意见
	fire.stance.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})  // and back
	h.typeInto(fire.conditions, "二期开工前完成通道改造")
	h.autosaved()
	if os.Getenv("BACKSTOP_SHOTS") != "" {
		h.u.win.Resize(fyne.NewSize(1280, 1200)) // the whole item, positions and all
		shot(t, h, "positions")
		h.u.win.Resize(fyne.NewSize(1280, 860))
	}

	got := h.stored(id).Agenda[0].Positions
	want := []meeting.DepartmentPosition{
		{Department: "行政审批服务管理办公室", Stance: meeting.StanceAgree},
		{Department: "自然资源和规划局", Stance: meeting.StanceReserved, Statement: "一期与二期共用的消防通道尚未验收"},
		{Department: "消防救援大队", Stance: meeting.StanceInPrinciple, Conditions: "二期开工前完成通道改造"},
	}
	if len(got) != len(want) {
		t.Fatalf("stored positions %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("position %d stored as %+v, want %+v", i, got[i], want[i])
		}
	}

	// 0 clears a stance and its statement with it; a tap on the chosen one does too.
	h.typeInto(host.stance, "0")
	test.TapAt(fire.stance, fyne.NewPos(fire.stance.Size().Width*3/8, fire.stance.Size().Height/2))
	h.autosaved()
	got = h.stored(id).Agenda[0].Positions
	if len(got) != 1 || got[0].Department != "自然资源和规划局" {
		t.Errorf("after clearing two rows the item stores %+v", got)
	}
	if host.details.Visible() || fire.details.Visible() {
		t.Error("a cleared row still shows its statement")
	}
	// A tap on a segment chooses it.
	test.TapAt(host.stance, fyne.NewPos(host.stance.Size().Width*7/8, host.stance.Size().Height/2))
	if host.stance.Selected() != 3 {
		t.Errorf("a tap on the fourth segment chose %d", host.stance.Selected())
	}
}

// TestPositionsOfALockedMeetingCannotChange: the picker takes no key in a locked
// meeting.
func TestPositionsOfALockedMeetingCannotChange(t *testing.T) {
	h := newHarness(t)
	id := h.finalizedExample()
	s := h.openAgenda(id)
	r := s.item.positions.rows[0]
	if !r.stance.Disabled() {
		t.Fatal("the stance picker of a locked meeting is enabled")
	}
	r.stance.TypedRune('1')
	if r.stance.Selected() != -1 || len(h.u.editor.m.Agenda[0].Positions) != 0 {
		t.Error("a locked meeting took a position")
	}
}

// TestCarryOverChecklist: a second meeting offers the first one's open decisions;
// ticking one asks for its status and note, and the meeting stores the ticked ones in
// the checklist's order.
func TestCarryOverChecklist(t *testing.T) {
	h := newHarness(t)
	first := h.finalizedExample()
	second := exampleMeeting(0, 0)
	second.Title = "第二次协调会"
	second.Date = meeting.Date{Year: 2026, Month: 11, Day: 16}
	second.Agenda = nil
	if err := h.st.SaveMeeting(&second); err != nil {
		t.Fatal(err)
	}
	items, err := h.st.FollowUps(meeting.FollowUpFilter{Meeting: first})
	if err != nil || len(items) != 3 {
		t.Fatalf("the first meeting has %d items (%v)", len(items), err)
	}

	s := h.openAgenda(second.ID)
	if s.carryShown {
		t.Fatal("the checklist opened by itself on a meeting that reports nothing yet")
	}
	test.Tap(s.carryButton)
	rows := s.carry.rows
	if len(rows) != 3 {
		t.Fatalf("%d rows offered, want the first meeting's 3 open decisions", len(rows))
	}
	text := textsUnder(s.carry.box)
	for _, want := range []string{"一、上次会议议定事项落实情况", "自然资源和规划局", "住房和城乡建设局", "公证处", "还有"} {
		if !strings.Contains(text, want) {
			t.Errorf("the checklist lacks %q:\n%s", want, text)
		}
	}
	if !strings.HasPrefix(rows[0].check.Text, "〔2026〕1号") {
		t.Errorf("a row reads %q, want the minutes' number first", rows[0].check.Text)
	}

	test.Tap(rows[2].check)
	if !rows[2].details.Visible() {
		t.Fatal("a ticked row shows no status")
	}
	if !strings.Contains(rows[2].problem.Text, "落实情况") {
		t.Errorf("a ticked row without status says %q", rows[2].problem.Text)
	}
	tapRadio(t, rows[2].status, "推进中")
	if !strings.Contains(rows[2].problem.Text, "推进情况") {
		t.Errorf("推进中 without a note says %q", rows[2].problem.Text)
	}
	h.typeInto(rows[2].note, "公证已受理，12月上旬出具公证书")
	test.Tap(rows[0].check)
	tapRadio(t, rows[0].status, "已办结")
	test.Tap(rows[1].check)
	tapRadio(t, rows[1].status, "受阻")
	h.typeInto(rows[1].note, "二期验收资料未齐")
	shot(t, h, "carry-over")
	test.Tap(rows[1].check) // taken out again
	h.autosaved()

	got := h.stored(second.ID).CarryOver
	if len(got) != 2 {
		t.Fatalf("stored %+v, want two entries", got)
	}
	if got[0].FollowUpID != rows[0].base.FollowUpID || got[0].Status != meeting.CarryDone ||
		got[1].FollowUpID != rows[2].base.FollowUpID || got[1].Status != meeting.CarryProgressing || got[1].Note != "公证已受理，12月上旬出具公证书" {
		t.Errorf("stored %+v, want rows 1 and 3 in checklist order", got)
	}
	if !strings.Contains(s.carryButton.Text, "已选 2 项") {
		t.Errorf("the button reads %q", s.carryButton.Text)
	}

	// Reopened, the meeting shows its checklist first, the ticks kept.
	h.u.closeEditor()
	s = h.openAgenda(second.ID)
	if !s.carryShown || !s.carry.rows[0].check.Checked || s.carry.rows[1].check.Checked {
		t.Error("the reopened meeting does not show its ticked entries")
	}
}

// TestDeliveriesOnThePreviewStep records an excerpt's delivery in place on a locked
// meeting, as the convener does when a representative takes the paper in the room.
func TestDeliveriesOnThePreviewStep(t *testing.T) {
	h := newHarness(t)
	id := h.finalizedExample()
	h.u.board.reload()
	if text := textsUnder(h.u.board.undelivered); !strings.Contains(text, "分送件未送达：1 次会议，共 6 个单位") {
		t.Errorf("the board says %q", text)
	}
	h.u.openMeeting(id)
	ed := h.u.editor
	ed.showStep(stepPreview)
	panel := ed.preview.record.deliveries
	if len(panel.rows) != 6 {
		t.Fatalf("%d delivery rows, want the 6 attending departments", len(panel.rows))
	}
	if title := ed.preview.record.deliveryFolder.Title; title != "分送与签收 · 6 个单位未送达" {
		t.Errorf("the fold reads %q", title)
	}
	var row *deliveryRow
	for _, r := range panel.rows {
		if r.d.Department == "自然资源和规划局" {
			row = r
		}
	}
	ed.preview.record.deliveryFold.Open(0)
	test.Tap(row.record)
	if !row.form.Visible() || row.by.Text != "张华" || row.method.Selected != "当场领取" {
		t.Fatalf("the form opened with receiver %q, method %q", row.by.Text, row.method.Selected)
	}
	row.by.SetText("")
	test.Tap(row.save)
	if !row.problem.shown() || row.problem.Text != "请填写签收人。" || !row.form.Visible() {
		t.Errorf("saving without a receiver says %q", row.problem.Text)
	}
	h.typeInto(row.by, "张华")
	if row.problem.shown() {
		t.Error("the problem stays while the receiver is typed")
	}
	tapRadio(t, row.method, "内网")
	shot(t, h, "deliveries")
	submit(row.by)

	m := h.stored(id)
	d := m.Revisions[0].Deliveries[1]
	if d.Department != "自然资源和规划局" || d.Method != meeting.DeliveredIntranet || d.ReceivedBy != "张华" || d.On != m.Date {
		t.Errorf("stored %+v", d)
	}
	if title := ed.preview.record.deliveryFolder.Title; title != "分送与签收 · 5 个单位未送达" {
		t.Errorf("after one delivery the fold reads %q", title)
	}
	if text := textsUnder(panel.box); !strings.Contains(text, "2026年10月12日 内网，签收人 张华") {
		t.Errorf("the panel does not show the delivery:\n%s", text)
	}
	if text := textsUnder(h.u.board.undelivered); !strings.Contains(text, "共 5 个单位") {
		t.Errorf("the board did not follow: %q", text)
	}
	if note := undeliveredNote(&m); !strings.HasPrefix(note, "以下 5 个单位的分送件尚未登记送达：行政审批服务管理办公室、住房和城乡建设局") {
		t.Errorf("the archive warning reads %q", note)
	}
}

// TestTabSelectsAFilledField: Tab into a filled field selects its text, so typing
// replaces it; the program putting the cursor in a field (the title on opening) does
// not select, and a multi-line field is never selected whole.
func TestTabSelectsAFilledField(t *testing.T) {
	h := newHarness(t)
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	h.u.openMeeting(id)
	b := h.u.editor.basic
	if got := b.title.SelectedText(); got != "" {
		t.Errorf("opening the meeting selected %q in the title", got)
	}
	c := h.u.win.Canvas().(interface{ FocusNext() })
	c.FocusNext()
	if h.u.win.Canvas().Focused() != b.date.entry {
		t.Fatalf("Tab from the title went to %T, want the date", h.u.win.Canvas().Focused())
	}
	if got := b.date.entry.SelectedText(); got != "2026-10-12" {
		t.Errorf("Tab into the date selected %q", got)
	}
	if d := multiLine("讨论", 3); d.AcceptsTab() {
		t.Error("a multi-line field keeps Tab: the keyboard cannot leave it")
	}
	test.Type(b.date.entry, "2026-10-13")
	h.autosaved()
	if got := h.stored(id).Date.String(); got != "2026-10-13" {
		t.Errorf("typing over the selected date stored %s (field %q)", got, b.date.entry.Text)
	}
}

// TestEnterAndEscapeAnswerDialogs: Enter confirms a question and closes a message,
// Escape dismisses, also from the field of a dialog; the dialog asking to discard
// unsaved edits takes neither as a yes.
func TestEnterAndEscapeAnswerDialogs(t *testing.T) {
	h := newHarness(t)
	c := h.u.win.Canvas()
	key := func(name fyne.KeyName) { c.OnTypedKey()(&fyne.KeyEvent{Name: name}) }
	overlays := func() int { return len(c.Overlays().List()) }

	yes := 0
	h.u.confirm("归档", "确定归档？", func() { yes++ })
	key(fyne.KeyReturn)
	if yes != 1 || overlays() != 0 {
		t.Errorf("Enter on a question: confirmed %d times, %d dialogs open", yes, overlays())
	}
	h.u.confirm("归档", "确定归档？", func() { yes++ })
	key(fyne.KeyEscape)
	if yes != 1 || overlays() != 0 {
		t.Errorf("Escape on a question: confirmed %d times, %d dialogs open", yes, overlays())
	}
	h.u.showInfo("提示", "已导出。")
	key(fyne.KeyReturn)
	if overlays() != 0 {
		t.Error("Enter did not close a message")
	}
	discarded := false
	h.u.confirmDiscard(func() { discarded = true })
	key(fyne.KeyReturn)
	if discarded {
		t.Error("Enter discarded unsaved edits")
	}

	// Escape from the field of the add-section dialog.
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	h.u.openMeeting(id)
	test.Tap(h.u.editor.stepButtons[stepAttendance])
	row := h.u.editor.attendance.rows[0]
	test.Tap(row.addSection)
	in, ok := c.Focused().(*entry)
	if !ok || overlays() != 1 {
		t.Fatalf("the add-section dialog did not open with its field focused (%T)", c.Focused())
	}
	in.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if overlays() != 0 {
		t.Error("Escape in the dialog's field did not close it")
	}
}

// TestStepAndTabShortcuts: Ctrl+1 … Ctrl+4 open the steps of the open meeting, and
// Ctrl+Shift+1 … Ctrl+Shift+5 the main tabs; 帮助 lists them.
func TestStepAndTabShortcuts(t *testing.T) {
	h := newHarness(t)
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	h.u.openMeeting(id)
	for _, k := range []int{3, 2, 4, 1} {
		h.press(fyne.KeyName(strconv.Itoa(k)))
		if h.u.editor.current != k-1 {
			t.Errorf("Ctrl+%d showed step %d", k, h.u.editor.current+1)
		}
	}
	var tabs int
	for _, m := range h.u.win.MainMenu().Items {
		for _, it := range m.Items {
			if s, ok := it.Shortcut.(*desktop.CustomShortcut); ok && s.Modifier&fyne.KeyModifierShift != 0 {
				it.Action()
				if got := h.u.tabs.SelectedIndex(); got != tabs {
					t.Errorf("%s selected tab %d, want %d", it.Label, got, tabs)
				}
				tabs++
			}
		}
	}
	if tabs != 5 {
		t.Errorf("%d tab shortcuts, want 5", tabs)
	}
	h.u.showKeys()
	if text := textsUnder(h.overlayTop()); !strings.Contains(text, "Ctrl+1 … Ctrl+4") || !strings.Contains(text, "部门意见：同意、原则同意、保留意见、不同意 / 清除") {
		t.Errorf("帮助 › 键盘操作 reads:\n%s", text)
	}
}

// TestCheckInByKeyboard: a department typed and Enter is checked in with the cursor
// in its representative's field; Enter there goes back for the next department.
func TestCheckInByKeyboard(t *testing.T) {
	h := newHarness(t)
	h.u.newMeeting()
	test.Tap(h.u.editor.stepButtons[stepAttendance])
	s := h.u.editor.attendance
	c := h.u.win.Canvas()
	for i, name := range []string{"自然资源", "住房"} {
		h.typeInto(s.picker.entry, name)
		submit(s.picker.entry)
		row := s.rows[len(s.rows)-1]
		if c.Focused() != row.person {
			t.Fatalf("after checking in %s the cursor is in %T", name, c.Focused())
		}
		test.Type(row.person, []string{"张华", "陈刚"}[i])
		submit(row.person)
		if c.Focused() != s.picker.entry {
			t.Fatalf("Enter in the representative's field left the cursor in %T", c.Focused())
		}
	}
	h.autosaved()
	m := h.stored(h.u.editor.m.ID)
	if len(m.Attendance) != 2 || m.Attendance[0].Person != "张华" || m.Attendance[1].Department != "住房和城乡建设局" || m.Attendance[1].Person != "陈刚" {
		t.Errorf("stored attendance %+v", m.Attendance)
	}
}

// TestNewMeetingStartsFromTheLastOne: the room, the host, the organizing unit and the
// recorder come from the latest meeting; each step puts the cursor where it is
// worked from; an applicant no case has, typed in step 3, opens the registration
// with the name filled in.
func TestNewMeetingStartsFromTheLastOne(t *testing.T) {
	h := newHarness(t)
	if _, err := seedExample(h.st); err != nil {
		t.Fatal(err)
	}
	h.u.newMeeting()
	ed := h.u.editor
	last := exampleMeeting(0, 0)
	if ed.m.Venue != last.Venue || ed.m.Host != last.Host || ed.m.Organizer != last.Organizer || ed.m.Recorder != last.Recorder || ed.m.Title != "" || len(ed.m.Attendance) != 0 {
		t.Errorf("new meeting %+v", ed.m)
	}
	c := h.u.win.Canvas()
	if c.Focused() != ed.basic.title {
		t.Errorf("step 1 has the cursor in %T", c.Focused())
	}
	h.press("2")
	if c.Focused() != ed.attendance.picker.entry {
		t.Errorf("step 2 has the cursor in %T", c.Focused())
	}
	h.press("3")
	if c.Focused() != ed.agenda.casePicker.entry {
		t.Errorf("step 3 has the cursor in %T", c.Focused())
	}
	h.typeInto(ed.agenda.casePicker.entry, "周新民")
	submit(ed.agenda.casePicker.entry)
	if ed.agenda.newCase == nil || ed.agenda.newCase.name.Text != "周新民" || c.Focused() != ed.agenda.newCase.name {
		t.Fatal("Enter on an unknown applicant did not open the registration with the name")
	}

	fresh := newHarness(t)
	fresh.u.newMeeting()
	if got := fresh.u.editor.m.Organizer; got != "行政审批服务管理办公室" {
		t.Errorf("the first meeting's organizer is %q, want the directory's first department", got)
	}
}

// TestSectionsByKeyboard: Space on a section keeps the cursor there, so Tab and Space
// tick the next one (a plain button drops the focus when pressed).
func TestSectionsByKeyboard(t *testing.T) {
	h := newHarness(t)
	h.u.newMeeting()
	test.Tap(h.u.editor.stepButtons[stepAttendance])
	s := h.u.editor.attendance
	h.typeInto(s.picker.entry, "自然资源")
	submit(s.picker.entry)
	row := s.rows[0]
	c := h.u.win.Canvas()
	nav := c.(interface {
		FocusPrevious()
		FocusNext()
	})
	for i := 0; i < 5; i++ { // from the representative: ＋科室, then the sections backwards
		nav.FocusPrevious()
	}
	if c.Focused() != row.sections.buttons[0] {
		t.Fatalf("Shift+Tab ×5 from the representative reached %T, want the first section", c.Focused())
	}
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if c.Focused() != row.sections.buttons[0] {
		t.Fatalf("Space on a section moved the focus to %T", c.Focused())
	}
	nav.FocusNext()
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if got := h.u.editor.m.Attendance[0].Sections; len(got) != 2 || got[0] != "不动产登记科" || got[1] != "用地审批科" {
		t.Errorf("sections ticked by keyboard: %v", got)
	}
}

// TestTabScrollsTheFieldIntoView: a field below the fold of the registration dialog,
// reached by the keyboard, is scrolled into view.
func TestTabScrollsTheFieldIntoView(t *testing.T) {
	h := newHarness(t)
	h.u.win.Resize(fyne.NewSize(1012, 728))
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	h.u.openMeeting(id)
	h.press("3")
	s := h.u.editor.agenda
	s.registerCase("周新民")
	f := s.newCase
	var sc *container.Scroll
	for _, r := range h.u.scrolls {
		if r.inDialog {
			sc = r.sc
		}
	}
	if sc == nil {
		t.Fatal("the registration's scroll is not followed")
	}
	h.u.focus(f.missing)
	h.u.reveal(f.missing)
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(f.missing).Y - d.AbsolutePositionForObject(sc).Y
	if sc.Offset.Y == 0 || top < 0 || top+f.missing.Size().Height > sc.Size().Height {
		t.Errorf("the field is at %v in a viewport of %v (offset %v)", top, sc.Size().Height, sc.Offset.Y)
	}
	h.u.focus(f.name)
	h.u.reveal(f.name)
	if top := d.AbsolutePositionForObject(f.name).Y - d.AbsolutePositionForObject(sc).Y; top < 0 {
		t.Errorf("back at the applicant's name, the field is %v above the viewport", -top)
	}
}

// TestWindowFitsTheScreen: the first size is capped by the screen's work area, and the
// size the window closes with is remembered for that screen only.
func TestWindowFitsTheScreen(t *testing.T) {
	h := newHarness(t)
	scr := Screen{Name: "VGA-1", Pixels: [2]int{1024, 768}, Size: fyne.NewSize(1024, 768)}
	h.u.opts.Screen = func(float32) (Screen, bool) { return scr, true }
	h.u.fitScreen()
	if got := h.u.win.Canvas().Size(); got.Width > 1024-frameAllowance.Width || got.Height > 768-frameAllowance.Height {
		t.Errorf("on a 1024×768 screen the window opens %v", got)
	}
	h.u.win.Resize(fyne.NewSize(900, 700))
	h.u.onClose()
	p := h.app.Preferences()
	if w := p.Float(prefWindowWidth + ".VGA-1@1024x768"); w != 900 {
		t.Errorf("remembered width for the screen %v, want 900", w)
	}
	if p.Float(prefWindowWidth) != 0 {
		t.Error("the size was also remembered for every other screen")
	}
}

// TestEnterInDueDateGoesToTheNextDecision: the due date ends a decision, so Enter there
// moves to the next decision's text, and after the last one adds a decision.
func TestEnterInDueDateGoesToTheNextDecision(t *testing.T) {
	h := newHarness(t)
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	a := h.openAgenda(id)
	a.list.Select(0)
	v := a.item
	if len(v.rows) != 2 {
		t.Fatalf("the example's first item has %d decisions, the test expects 2", len(v.rows))
	}
	h.u.focus(v.rows[0].due.entry)
	h.u.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got := h.u.win.Canvas().Focused(); got != v.rows[1].text {
		t.Fatalf("Enter in the first decision's due date focused %T, not the second decision's text", got)
	}
	h.u.focus(v.rows[1].due.entry)
	h.u.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.autosaved()
	if n := len(h.stored(id).Agenda[0].Decisions); n != 3 {
		t.Fatalf("after Enter in the last due date %d decisions are stored, want 3", n)
	}
	if got := h.u.win.Canvas().Focused(); got != a.item.rows[2].text {
		t.Errorf("the cursor is in %T, not in the new decision's text", got)
	}
}
