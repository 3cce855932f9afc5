package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"backstop/meeting"
)

// checkIn types part of a department's name into the check-in picker and presses Enter,
// then ticks its sections and types its representative.
func (h *harness) checkIn(typed, want string, sections []string, person string) *attendanceRow {
	h.t.Helper()
	s := h.u.editor.attendance
	h.typeInto(s.picker.entry, typed)
	submit(s.picker.entry)
	r := s.rows[len(s.rows)-1]
	if r.name != want {
		h.t.Fatalf("typing %q checked in %q, want %q", typed, r.name, want)
	}
	for _, sec := range sections {
		tapChoice(h.t, r.sections, sec)
	}
	h.typeInto(r.person, person)
	return r
}

// TestWholeMeeting drives the real widgets through a whole meeting: create it, check in
// six departments with nine sections (one added to the directory on the spot), put two
// cases on the agenda (one registered inline) with three decisions, see a lead that is
// not attending refused with the domain's message, then preview and print.
func TestWholeMeeting(t *testing.T) {
	h := newHarness(t)
	wang := exampleCases()[1]
	if err := h.st.SaveCase(&wang); err != nil {
		t.Fatal(err)
	}

	// Create.
	tapButton(t, h.u.meetings.content, "新建会议（Ctrl+N）")
	ed := h.u.editor
	if ed == nil {
		t.Fatal("no editor opened")
	}
	id := ed.m.ID

	// Step 1: the basic facts.
	b := ed.basic
	h.typeInto(b.title, "关于恒丰公司不动产权证办理等事项的协调会")
	h.typeInto(b.venue, "市民之家三楼协调室")
	h.typeInto(b.hostName, "王明")
	h.typeInto(b.hostPosition, "副主任")
	h.typeInto(b.organizer, "行政审批服务管理办公室")
	h.typeInto(b.recorder, "李静")
	h.autosaved()
	if m := h.stored(id); m.Title != "关于恒丰公司不动产权证办理等事项的协调会" || m.Host.Name != "王明" || m.Date != meeting.DateOf(testNow) {
		t.Fatalf("basic facts not stored: %+v", m)
	}

	// Step 2: check-in, by typing parts of names.
	test.Tap(ed.stepButtons[stepAttendance])
	h.checkIn("审批办", "行政审批服务管理办公室", []string{"兜底办", "投资项目审批科"}, "王明")
	h.checkIn("资规", "自然资源和规划局", []string{"不动产登记科", "用地审批科"}, "张华")
	h.checkIn("住建", "住房和城乡建设局", []string{"建筑管理科", "质量安全监督站"}, "陈刚")
	h.checkIn("经信", "经济和信息化局", []string{"工业投资科"}, "刘洋")
	h.checkIn("公证", "公证处", []string{"不动产公证窗口"}, "吴芳")
	tax := h.checkIn("税务", "税务局", nil, "赵丽")
	tapChoice(t, tax.status, "请假")

	// A department not in the directory joins it on the spot, with a new section.
	s := ed.attendance
	h.typeInto(s.picker.entry, "城市管理局")
	tapButton(t, s.picker.suggestions, "新增单位「城市管理局」并加入名录")
	city := s.rows[len(s.rows)-1]
	if city.name != "城市管理局" {
		t.Fatalf("new department not checked in: %q", city.name)
	}
	test.Tap(city.addSection)
	dlg := h.overlayTop()
	var sectionEntry fyne.Focusable
	walk(dlg, func(o fyne.CanvasObject) bool {
		if e, ok := asEntry(o); ok && sectionEntry == nil {
			sectionEntry = e
		}
		return true
	})
	h.typeInto(sectionEntry, "市容环境卫生管理科")
	tapButton(t, dlg, "确定")
	h.typeInto(city.person, "孙强")

	if got := s.count.Text; got != "6 个部门 · 9 个科室" {
		t.Errorf("live count = %q, want 6 个部门 · 9 个科室", got)
	}
	h.autosaved()
	m := h.stored(id)
	if d, n := m.Counts(); d != 6 || n != 9 {
		t.Fatalf("stored attendance counts %d departments, %d sections; want 6 and 9: %+v", d, n, m.Attendance)
	}
	dir, _ := h.st.Departments()
	var joined bool
	for _, d := range dir {
		if d.Name == "城市管理局" && strings.Join(d.Sections, "、") == "市容环境卫生管理科" {
			joined = true
		}
	}
	if !joined {
		t.Error("城市管理局 and its section did not join the directory")
	}

	// Step 3: the agenda. Case one is registered inline.
	test.Tap(ed.stepButtons[stepAgenda])
	ag := ed.agenda
	test.Tap(ag.register)
	f := ag.newCase
	if f == nil {
		t.Fatal("no case dialog")
	}
	caseDlg := h.overlayTop()
	tapButton(t, caseDlg, "登记")
	if !f.problems["applicant.name"].Visible() || !strings.Contains(f.problems["applicant.name"].Text, "请填写企业名称") {
		t.Errorf("registering an empty case shows no message next to 申请人: %q", f.problems["applicant.name"].Text)
	}
	h.typeInto(f.name, "建德市恒丰塑料母料有限公司")
	h.typeInto(f.creditCode, "91330100799655058X")
	if msg := f.problems["applicant.credit_code"].Text; !strings.Contains(msg, "统一社会信用代码") {
		t.Errorf("bad credit code not reported inline: %q", msg)
	}
	f.creditCode.SetText("")
	h.typeInto(f.creditCode, "91330100799655058B")
	h.typeInto(f.contact, "叶尧平")
	f.category.SetSelectedIndex(1)
	f.channel.SetSelectedIndex(0)
	h.typeInto(f.title, "已建厂房分期办理不动产权证")
	h.typeInto(f.request, "请求先为已建成的一期厂房办理不动产权证，以便向银行办理抵押贷款。")
	tapButton(t, caseDlg, "登记")
	if ag.newCase != nil {
		t.Fatalf("case dialog still open: %v", f.c.Validate())
	}
	item := ag.item
	if item == nil || item.index != 0 {
		t.Fatal("the registered case did not become agenda item 1")
	}
	h.typeInto(item.discussion, "与会部门认为，一期厂房已通过消防和质量验收，具备独立使用条件。")
	tapRadio(t, item.judgment, "应办")
	h.typeInto(item.reason, "企业融资需求紧迫，分期办证不损害公共利益。")
	test.Tap(item.addPolicyButton)
	h.typeInto(item.policies.Objects[0].(*fyne.Container).Objects[0].(*fyne.Container).Objects[0].(*entry), "加强工业用地管理 助力优化营商环境的若干意见")

	// Decision 1, then Enter in its text adds decision 2.
	test.Tap(item.addDecisionButton)
	d1 := item.rows[0]
	h.typeInto(d1.text, "以本次会议纪要为依据，通过线下流程办理一期厂房不动产登记。")
	h.typeInto(d1.lead.entry, "资规")
	submit(d1.lead.entry)
	h.typeInto(d1.cooperating.entry, "住建")
	submit(d1.cooperating.entry)
	h.typeInto(d1.due.entry, "2026-10-30")
	submit(d1.text)
	if len(item.rows) != 2 {
		t.Fatalf("Enter in a decision's text made %d decisions, want 2", len(item.rows))
	}
	d2 := item.rows[1]
	h.typeInto(d2.text, "住建局出具一期厂房分期竣工验收意见。")

	// A lead that is not attending is refused with the domain's message.
	h.typeInto(d2.lead.entry, "税务局")
	submit(d2.lead.entry)
	want := "议题1议定事项2的牵头单位「税务局」未参会（请假），只能选择出席或列席的单位。"
	if !d2.problem.shown() || !strings.Contains(d2.problem.Text, want) {
		t.Errorf("non-attending lead: message %q, want %q", d2.problem.Text, want)
	}
	if d2.lead.entry.Text != "税务局" {
		t.Errorf("the form lost what was typed: %q", d2.lead.entry.Text)
	}
	if ed.m.Agenda[0].Decisions[1].Lead != "" {
		t.Errorf("refused lead was taken: %q", ed.m.Agenda[0].Decisions[1].Lead)
	}
	d2.lead.entry.SetText("")
	h.typeInto(d2.lead.entry, "住房和城乡建设局")
	submit(d2.lead.entry)
	h.typeInto(d2.due.entry, "2026-10-30")
	if strings.Contains(d2.problem.Text, "税务局") {
		t.Errorf("refusal message stayed after a valid lead: %q", d2.problem.Text)
	}

	// Case two was registered before; it is picked by typing the applicant.
	h.typeInto(ag.casePicker.entry, "王秀英")
	submit(ag.casePicker.entry)
	item2 := ag.item
	if item2 == nil || item2.index != 1 {
		t.Fatal("picking a registered case did not add agenda item 2")
	}
	tapRadio(t, item2.judgment, "应办")
	h.typeInto(item2.reason, "翻建时间早于现行规划，历史遗留问题应予解决。")
	test.Tap(item2.addDecisionButton)
	d3 := item2.rows[0]
	h.typeInto(d3.text, "公证处对翻建事实进行公证，资规局据此办理登记。")
	h.typeInto(d3.lead.entry, "公证")
	submit(d3.lead.entry)
	h.typeInto(d3.cooperating.entry, "资规")
	submit(d3.cooperating.entry)
	h.typeInto(d3.due.entry, "2026-10-30")
	h.autosaved()

	mn, err := h.st.Minutes(id)
	if err != nil {
		t.Fatal(err)
	}
	if ps := mn.Validate(); len(ps) > 0 {
		t.Fatalf("the stored meeting is not complete: %v", ps)
	}
	var decisions []meeting.Decision
	for _, it := range mn.Meeting.Agenda {
		decisions = append(decisions, it.Decisions...)
	}
	if len(mn.Meeting.Agenda) != 2 || len(decisions) != 3 {
		t.Fatalf("stored %d agenda items and %d decisions, want 2 and 3", len(mn.Meeting.Agenda), len(decisions))
	}
	if d := decisions[0]; d.Lead != "自然资源和规划局" || strings.Join(d.Cooperating, ",") != "住房和城乡建设局" || d.Due.String() != "2026-10-30" {
		t.Errorf("decision 1 stored as %+v", d)
	}
	if d := decisions[2]; d.Lead != "公证处" || strings.Join(d.Cooperating, ",") != "自然资源和规划局" {
		t.Errorf("decision 3 stored as %+v", d)
	}
	if mn.Cases[0].Applicant.Name != "建德市恒丰塑料母料有限公司" || mn.Cases[0].ID == 0 {
		t.Errorf("inline case not stored: %+v", mn.Cases[0])
	}

	h.previewAndPrint(t, id, mn)
}
