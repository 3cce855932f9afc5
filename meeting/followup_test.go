package meeting

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

// itemIn returns the follow-up item of the fixture's decision brought to the given
// status through the real transitions.
func itemIn(t *testing.T, s FollowUpStatus) FollowUp {
	t.Helper()
	items := FollowUpsFor(minutesIn(t, StateFinalized))
	if len(items) != 1 {
		t.Fatalf("FollowUpsFor: %d items, want 1", len(items))
	}
	f := items[0]
	if s == FollowUpPending {
		return f
	}
	if err := AddProgress(&f, ProgressEntry{On: Date{2026, 10, 14}, Reporter: "张华", Text: "已受理登记申请。"}); err != nil {
		t.Fatalf("AddProgress: %v", err)
	}
	if s == FollowUpInProgress {
		return f
	}
	if err := Complete(&f, Date{2026, 10, 28}, "已颁发一期厂房不动产权证。"); err != nil {
		t.Fatalf("Complete: %v", err)
	}
	return f
}

func TestFollowUpsFor(t *testing.T) {
	for _, s := range States {
		t.Run(string(s), func(t *testing.T) {
			mn := minutesIn(t, s)
			mn.Meeting.Agenda[0].Decisions[0].UID = "d1"
			items := FollowUpsFor(mn)
			if s == StateDraft {
				if items != nil {
					t.Fatalf("draft minutes gave %d items", len(items))
				}
				return
			}
			want := FollowUp{
				DecisionUID: "d1", MeetingID: 1, MeetingDate: Date{2026, 10, 12}, Number: DocNumber{2026, 12}, Revision: 1,
				CaseID: 7, Text: "以本纪要为依据，线下办理一期厂房不动产登记。", Lead: "自然资源和规划局",
				Cooperating: []string{"住房和城乡建设局"}, Due: Date{2026, 10, 30}, Status: FollowUpPending,
			}
			if len(items) != 1 {
				t.Fatalf("got %d items, want 1", len(items))
			}
			got, _ := json.Marshal(items[0])
			w, _ := json.Marshal(want)
			if string(got) != string(w) {
				t.Errorf("item\n got %s\nwant %s", got, w)
			}
			items[0].Cooperating[0] = "changed"
			if mn.Meeting.Agenda[0].Decisions[0].Cooperating[0] != "住房和城乡建设局" {
				t.Error("the item shares its cooperating list with the minutes")
			}
		})
	}
}

func TestFollowUpsForEveryJudgment(t *testing.T) {
	mn := minutesIn(t, StateFinalized)
	mn.Meeting.Agenda[0].Decisions = append(mn.Meeting.Agenda[0].Decisions, Decision{Text: "向申请人说明。", Lead: "行政审批服务管理办公室"})
	for _, j := range Judgments {
		mn.Meeting.Agenda[0].Judgment = j
		if n := len(FollowUpsFor(mn)); n != 2 {
			t.Errorf("%s: %d items, want 2", j, n)
		}
	}
}

func TestFollowUpTransitions(t *testing.T) {
	progress := ProgressEntry{On: Date{2026, 10, 20}, Reporter: "张华", Text: "材料已齐。"}
	transitions := map[string]func(f *FollowUp) error{
		"progress": func(f *FollowUp) error { return AddProgress(f, progress) },
		"complete": func(f *FollowUp) error { return Complete(f, Date{2026, 10, 29}, "已办结。") },
		"reopen": func(f *FollowUp) error {
			return Reopen(f, Date{2026, 11, 2}, "李静", "申请人反映证书信息有误。")
		},
	}
	tests := []struct {
		from FollowUpStatus
		do   string
		want FollowUpStatus // "" when refused
	}{
		{FollowUpPending, "progress", FollowUpInProgress},
		{FollowUpPending, "complete", FollowUpDone},
		{FollowUpPending, "reopen", ""},
		{FollowUpInProgress, "progress", FollowUpInProgress},
		{FollowUpInProgress, "complete", FollowUpDone},
		{FollowUpInProgress, "reopen", ""},
		{FollowUpDone, "progress", ""},
		{FollowUpDone, "complete", ""},
		{FollowUpDone, "reopen", FollowUpInProgress},
	}
	for _, tt := range tests {
		t.Run(string(tt.from)+"/"+tt.do, func(t *testing.T) {
			f := itemIn(t, tt.from)
			before, _ := json.Marshal(f)
			err := transitions[tt.do](&f)
			if tt.want == "" {
				if !errors.Is(err, ErrState) {
					t.Fatalf("err = %v, want CodeState", err)
				}
				if after, _ := json.Marshal(f); string(after) != string(before) {
					t.Errorf("a refused transition changed the item:\n%s\n%s", before, after)
				}
				if !strings.Contains(ErrorMessage(err), "〔2026〕12号") {
					t.Errorf("message does not name the minutes: %s", ErrorMessage(err))
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if f.Status != tt.want {
				t.Errorf("status = %s, want %s", f.Status, tt.want)
			}
			if done := f.Status == FollowUpDone; done != !f.CompletedOn.IsZero() || done != (f.CompletionNote != "") {
				t.Errorf("status %s with completed_on %v and note %q", f.Status, f.CompletedOn, f.CompletionNote)
			}
		})
	}
}

func TestFollowUpTransitionProblems(t *testing.T) {
	tests := []struct {
		name  string
		from  FollowUpStatus
		do    func(f *FollowUp) error
		field string
	}{
		{"progress without date", FollowUpPending, func(f *FollowUp) error {
			return AddProgress(f, ProgressEntry{Reporter: "张华", Text: "x"})
		}, "progress.on"},
		{"progress before meeting", FollowUpPending, func(f *FollowUp) error {
			return AddProgress(f, ProgressEntry{On: Date{2026, 10, 11}, Reporter: "张华", Text: "x"})
		}, "progress.on"},
		{"progress without reporter", FollowUpPending, func(f *FollowUp) error {
			return AddProgress(f, ProgressEntry{On: Date{2026, 10, 13}, Reporter: "  ", Text: "x"})
		}, "progress.reporter"},
		{"progress without text", FollowUpInProgress, func(f *FollowUp) error {
			return AddProgress(f, ProgressEntry{On: Date{2026, 10, 13}, Reporter: "张华"})
		}, "progress.text"},
		{"complete without note", FollowUpInProgress, func(f *FollowUp) error {
			return Complete(f, Date{2026, 10, 20}, " \n ")
		}, "completion_note"},
		{"complete before meeting", FollowUpPending, func(f *FollowUp) error {
			return Complete(f, Date{2026, 10, 9}, "已办结。")
		}, "completed_on"},
		{"complete without date", FollowUpPending, func(f *FollowUp) error {
			return Complete(f, Date{}, "已办结。")
		}, "completed_on"},
		{"complete on impossible day", FollowUpPending, func(f *FollowUp) error {
			return Complete(f, Date{2026, 11, 31}, "已办结。")
		}, "completed_on"},
		{"reopen without reason", FollowUpDone, func(f *FollowUp) error {
			return Reopen(f, Date{2026, 11, 2}, "李静", "")
		}, "reopen.reason"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := itemIn(t, tt.from)
			err := tt.do(&f)
			if ErrorCode(err) != CodeInvalid {
				t.Fatalf("err = %v, want CodeInvalid", err)
			}
			if len(ProblemsOf(err).For(tt.field)) == 0 {
				t.Errorf("no problem for %s: %v", tt.field, err)
			}
			if f.Status != tt.from {
				t.Errorf("status changed to %s", f.Status)
			}
		})
	}
}

func TestFollowUpLifecycle(t *testing.T) {
	f := itemIn(t, FollowUpDone)
	if err := Reopen(&f, Date{2026, 11, 2}, "李静", "申请人反映证书信息有误。"); err != nil {
		t.Fatal(err)
	}
	if err := AddProgress(&f, ProgressEntry{On: Date{2026, 11, 3}, Reporter: "张华", Text: "已更正登记信息。"}); err != nil {
		t.Fatal(err)
	}
	if err := Complete(&f, Date{2026, 11, 5}, "已换发更正后的证书。"); err != nil {
		t.Fatal(err)
	}
	if len(f.Progress) != 3 {
		t.Fatalf("progress: %+v", f.Progress)
	}
	if reopen := f.Progress[1].Text; !strings.Contains(reopen, "申请人反映证书信息有误") || !strings.Contains(reopen, "已颁发一期厂房不动产权证") {
		t.Errorf("the reopening does not keep the reason and the undone completion: %s", reopen)
	}
	if f.CompletedOn != (Date{2026, 11, 5}) || f.CompletionNote != "已换发更正后的证书。" {
		t.Errorf("completion: %v %q", f.CompletedOn, f.CompletionNote)
	}
}

func TestOverdue(t *testing.T) {
	open := itemIn(t, FollowUpInProgress) // due 2026-10-30
	done := itemIn(t, FollowUpDone)
	noDue := open
	noDue.Due = Date{}
	tests := []struct {
		name  string
		f     FollowUp
		today Date
		want  bool
		days  int
	}{
		{"before due", open, Date{2026, 10, 29}, false, 0},
		{"on due day", open, Date{2026, 10, 30}, false, 0},
		{"day after", open, Date{2026, 10, 31}, true, 1},
		{"into next month", open, Date{2026, 11, 24}, true, 25},
		{"done is never overdue", done, Date{2026, 11, 24}, false, 0},
		{"no due day", noDue, Date{2027, 1, 1}, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.Overdue(tt.today); got != tt.want {
				t.Errorf("Overdue = %v, want %v", got, tt.want)
			}
			if got := tt.f.DaysOverdue(tt.today); got != tt.days {
				t.Errorf("DaysOverdue = %d, want %d", got, tt.days)
			}
		})
	}
}

// TestDueWithinNationalDay looks three working days ahead from the eve of the 2026
// National Day holiday (1–7 October off, Saturday 10 October worked): the next
// working days are 8, 9 and 10 October, so items due up to Sunday the 11th are due
// soon. Monday to Friday alone would stop at 5 October.
func TestDueWithinNationalDay(t *testing.T) {
	cal := DefaultCalendar()
	today := Date{2026, 9, 30}
	tests := []struct {
		due         Date
		official    bool
		mondayFri   bool
		description string
	}{
		{Date{2026, 9, 29}, false, false, "overdue, not due soon"},
		{Date{2026, 9, 30}, true, true, "due today"},
		{Date{2026, 10, 5}, true, true, "in the holiday"},
		{Date{2026, 10, 7}, true, false, "last day of the holiday"},
		{Date{2026, 10, 8}, true, false, "first working day after"},
		{Date{2026, 10, 10}, true, false, "make-up Saturday"},
		{Date{2026, 10, 11}, true, false, "Sunday before the fourth working day"},
		{Date{2026, 10, 12}, false, false, "fourth working day"},
	}
	for _, tt := range tests {
		t.Run(tt.due.String(), func(t *testing.T) {
			f := FollowUp{Status: FollowUpPending, Due: tt.due}
			if got := f.DueWithin(today, 3, cal); got != tt.official {
				t.Errorf("%s: official calendar DueWithin = %v, want %v", tt.description, got, tt.official)
			}
			if got := f.DueWithin(today, 3, nil); got != tt.mondayFri {
				t.Errorf("%s: Monday–Friday DueWithin = %v, want %v", tt.description, got, tt.mondayFri)
			}
			f.Status = FollowUpDone
			if f.DueWithin(today, 3, cal) {
				t.Error("a done item is due soon")
			}
		})
	}
}

func TestCaseClosing(t *testing.T) {
	reply := Reply{On: Date{2026, 10, 29}, Channel: "电话", Content: "已告知申请人证书已颁发。"}
	tests := []struct {
		name   string
		item   FollowUpStatus
		status CaseStatus
		reply  Reply
		code   Code
		field  string
	}{
		{"all done", FollowUpDone, CaseOpen, reply, "", ""},
		{"item pending", FollowUpPending, CaseOpen, reply, CodeInvalid, "follow_ups"},
		{"item in progress", FollowUpInProgress, CaseOpen, reply, CodeInvalid, "follow_ups"},
		{"no reply content", FollowUpDone, CaseOpen, Reply{On: reply.On, Channel: "电话"}, CodeInvalid, "reply.content"},
		{"no reply channel", FollowUpDone, CaseOpen, Reply{On: reply.On, Content: "x"}, CodeInvalid, "reply.channel"},
		{"no reply date", FollowUpDone, CaseOpen, Reply{Channel: "电话", Content: "x"}, CodeInvalid, "reply.on"},
		{"reply before receipt", FollowUpDone, CaseOpen, Reply{On: Date{2026, 9, 1}, Channel: "电话", Content: "x"}, CodeInvalid, "reply.on"},
		{"already closed", FollowUpDone, CaseClosed, reply, CodeState, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validMinutes().Cases[0]
			c.Status = tt.status
			items := []FollowUp{itemIn(t, tt.item), {CaseID: 99, Status: FollowUpPending, Lead: "其他案件"}}
			err := CloseCase(&c, items, tt.reply)
			if ErrorCode(err) != tt.code {
				t.Fatalf("err = %v, want code %q", err, tt.code)
			}
			if tt.field != "" && len(ProblemsOf(err).For(tt.field)) == 0 {
				t.Errorf("no problem for %s: %v", tt.field, err)
			}
			if err != nil {
				if c.Status != tt.status || (tt.status == CaseOpen && c.Reply != nil) {
					t.Errorf("a refused close changed the case: %s %+v", c.Status, c.Reply)
				}
				return
			}
			if c.Status != CaseClosed || c.ClosedOn != reply.On || c.Reply == nil || c.Reply.Content != reply.Content {
				t.Errorf("closed case: %s %v %+v", c.Status, c.ClosedOn, c.Reply)
			}
			if ps := CanClose(c, items); len(ps) != 0 {
				t.Errorf("CanClose after closing: %v", ps)
			}
		})
	}
}

func TestCanCloseWithoutItems(t *testing.T) {
	c := validMinutes().Cases[0]
	if ps := CanClose(c, nil); len(ps.For("reply")) != 1 || len(ps) != 1 {
		t.Errorf("CanClose without reply: %v", ps)
	}
	if err := CloseCase(&c, nil, Reply{On: Date{2026, 10, 13}, Channel: "书面", Content: "经研究不予办理，已书面说明理由。"}); err != nil {
		t.Errorf("a case without decisions cannot close: %v", err)
	}
}

func TestRecordCallBack(t *testing.T) {
	closed := func(t *testing.T) Case {
		c := validMinutes().Cases[0]
		if err := CloseCase(&c, []FollowUp{itemIn(t, FollowUpDone)}, Reply{On: Date{2026, 10, 29}, Channel: "电话", Content: "已告知。"}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	tests := []struct {
		name   string
		open   bool
		cb     CallBack
		code   Code
		field  string
		status CaseStatus
	}{
		{"satisfied", false, CallBack{On: Date{2026, 11, 5}, Result: Satisfied}, "", "", CaseClosed},
		{"basically satisfied", false, CallBack{On: Date{2026, 11, 5}, Result: BasicallySatisfied, Note: "希望更快。"}, "", "", CaseClosed},
		{"unsatisfied reopens", false, CallBack{On: Date{2026, 11, 5}, Result: Unsatisfied, Note: "证书面积有误。"}, "", "", CaseOpen},
		{"unsatisfied without note", false, CallBack{On: Date{2026, 11, 5}, Result: Unsatisfied}, CodeInvalid, "call_back.note", CaseClosed},
		{"no result", false, CallBack{On: Date{2026, 11, 5}}, CodeInvalid, "call_back.result", CaseClosed},
		{"unknown result", false, CallBack{On: Date{2026, 11, 5}, Result: "happy"}, CodeInvalid, "call_back.result", CaseClosed},
		{"no date", false, CallBack{Result: Satisfied}, CodeInvalid, "call_back.on", CaseClosed},
		{"before closing", false, CallBack{On: Date{2026, 10, 28}, Result: Satisfied}, CodeInvalid, "call_back.on", CaseClosed},
		{"open case", true, CallBack{On: Date{2026, 11, 5}, Result: Satisfied}, CodeState, "", CaseOpen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validMinutes().Cases[0]
			if !tt.open {
				c = closed(t)
			}
			err := RecordCallBack(&c, tt.cb)
			if ErrorCode(err) != tt.code {
				t.Fatalf("err = %v, want code %q", err, tt.code)
			}
			if tt.field != "" && len(ProblemsOf(err).For(tt.field)) == 0 {
				t.Errorf("no problem for %s: %v", tt.field, err)
			}
			if c.Status != tt.status {
				t.Errorf("status = %s, want %s", c.Status, tt.status)
			}
			if recorded := len(c.CallBacks) == 1; recorded != (err == nil) {
				t.Errorf("call-backs: %+v", c.CallBacks)
			}
		})
	}
}

// TestCaseLifecycle follows a case around the loop twice: closed, unsatisfied
// call-back reopens it, the item is reopened and done again, a new reply closes it,
// and the second call-back is satisfied.
func TestCaseLifecycle(t *testing.T) {
	c := validMinutes().Cases[0]
	f := itemIn(t, FollowUpDone)
	if err := CloseCase(&c, []FollowUp{f}, Reply{On: Date{2026, 10, 29}, Channel: "电话", Content: "已告知。"}); err != nil {
		t.Fatal(err)
	}
	if err := RecordCallBack(&c, CallBack{On: Date{2026, 11, 2}, Result: Unsatisfied, Note: "证书面积有误。"}); err != nil {
		t.Fatal(err)
	}
	if c.Status != CaseOpen || !c.ClosedOn.IsZero() || c.ReopenReason != "证书面积有误。" {
		t.Fatalf("after an unsatisfied call-back: %s %v %q", c.Status, c.ClosedOn, c.ReopenReason)
	}
	if err := Reopen(&f, Date{2026, 11, 2}, "李静", c.ReopenReason); err != nil {
		t.Fatal(err)
	}
	second := Reply{On: Date{2026, 11, 9}, Channel: "当面", Content: "已更正证书。"}
	if ps := CanClose(c, []FollowUp{f}); len(ps.For("follow_ups")) != 1 {
		t.Errorf("CanClose with the reopened item: %v", ps)
	}
	if err := CloseCase(&c, []FollowUp{f}, second); ErrorCode(err) != CodeInvalid {
		t.Fatalf("closing with the item reopened: %v", err)
	}
	if err := Complete(&f, Date{2026, 11, 6}, "已更正证书面积。"); err != nil {
		t.Fatal(err)
	}
	if err := CloseCase(&c, []FollowUp{f}, second); err != nil {
		t.Fatal(err)
	}
	if err := RecordCallBack(&c, CallBack{On: Date{2026, 11, 12}, Result: Satisfied}); err != nil {
		t.Fatal(err)
	}
	if c.Status != CaseClosed || c.ClosedOn != second.On || c.ReopenReason != "" || len(c.CallBacks) != 2 {
		t.Errorf("after the second round: %+v", c)
	}
}

func TestCaseJSONWithoutClosing(t *testing.T) {
	var c Case
	if err := json.Unmarshal([]byte(`{"applicant":{"kind":"person","name":"张三"},"category":"livelihood","channel":"hotline","received":"2026-09-01","title":"t","request":"r","status":"open","created":"2026-09-01T00:00:00Z","updated":"2026-09-01T00:00:00Z"}`), &c); err != nil {
		t.Fatalf("a case stored before the closed loop does not decode: %v", err)
	}
	b, _ := json.Marshal(c)
	for _, k := range []string{"reply", "closed_on", "call_backs", "reopen_reason"} {
		if strings.Contains(string(b), `"`+k+`"`) {
			t.Errorf("an open case writes %s: %s", k, b)
		}
	}
}

func TestBoard(t *testing.T) {
	item := func(id ID, lead string, due Date, s FollowUpStatus) FollowUp {
		return FollowUp{ID: id, Lead: lead, Due: due, Status: s, Number: DocNumber{2026, 12}}
	}
	items := []FollowUp{
		item(1, "税务局", Date{2026, 9, 28}, FollowUpPending),             // overdue 2 days
		item(2, "自然资源和规划局", Date{2026, 9, 20}, FollowUpInProgress),     // overdue 10 days
		item(3, "自然资源和规划局", Date{2026, 9, 29}, FollowUpPending),        // overdue 1 day
		item(4, "自然资源和规划局", Date{2026, 9, 1}, FollowUpDone),            // done: off the board
		item(5, "住房和城乡建设局", Date{2026, 10, 10}, FollowUpPending),       // due soon (make-up Saturday)
		item(6, "住房和城乡建设局", Date{2026, 10, 8}, FollowUpInProgress),     // due soon
		item(7, "住房和城乡建设局", Date{2026, 10, 12}, FollowUpPending),       // beyond three working days
		item(8, "税务局", Date{2026, 9, 30}, FollowUpPending),             // due today
		item(9, "行政审批服务管理办公室", Date{}, FollowUpPending),                // no due day
		item(10, "行政审批服务管理办公室", Date{2026, 10, 2}, FollowUpInProgress), // due soon, in the holiday
	}
	v := Board(items, Date{2026, 9, 30}, DefaultCalendar())
	if v.Overdue != 3 || v.DueSoon != 4 {
		t.Errorf("counts: %d overdue, %d due soon; want 3, 4", v.Overdue, v.DueSoon)
	}
	type row struct {
		dept             string
		overdue, dueSoon []ID
	}
	ids := func(fs []FollowUp) []ID {
		var out []ID
		for _, f := range fs {
			out = append(out, f.ID)
		}
		return out
	}
	want := []row{
		{"自然资源和规划局", []ID{2, 3}, nil},
		{"税务局", []ID{1}, []ID{8}},
		{"住房和城乡建设局", nil, []ID{6, 5}},
		{"行政审批服务管理办公室", nil, []ID{10}},
	}
	if len(v.Departments) != len(want) {
		t.Fatalf("departments: %+v", v.Departments)
	}
	for i, w := range want {
		got := v.Departments[i]
		if got.Department != w.dept || !slices.Equal(ids(got.Overdue), w.overdue) || !slices.Equal(ids(got.DueSoon), w.dueSoon) {
			t.Errorf("row %d: got %s %v %v, want %s %v %v", i, got.Department, ids(got.Overdue), ids(got.DueSoon), w.dept, w.overdue, w.dueSoon)
		}
	}
	if v.Warnings != nil {
		t.Errorf("warnings inside 2026: %v", v.Warnings)
	}
	if got := v.Summary(); got != "有 3 项议定事项已逾期，4 项将在 3 个工作日内到期。" {
		t.Errorf("Summary = %s", got)
	}
}

func TestBoardWarnsOfMissingYear(t *testing.T) {
	v := Board(nil, Date{2027, 12, 30}, DefaultCalendar())
	if !slices.Contains(v.Warnings, MissingYearWarning(2027)) || !slices.Contains(v.Warnings, MissingYearWarning(2028)) {
		t.Errorf("warnings: %v", v.Warnings)
	}
}

func TestBoardSummary(t *testing.T) {
	tests := []struct {
		overdue, dueSoon int
		want             string
	}{
		{3, 5, "有 3 项议定事项已逾期，5 项将在 3 个工作日内到期。"},
		{2, 0, "有 2 项议定事项已逾期。"},
		{0, 1, "有 1 项议定事项将在 3 个工作日内到期。"},
		{0, 0, "没有逾期或即将到期的议定事项。"},
	}
	for _, tt := range tests {
		if got := (BoardView{Overdue: tt.overdue, DueSoon: tt.dueSoon}).Summary(); got != tt.want {
			t.Errorf("%d/%d: %s, want %s", tt.overdue, tt.dueSoon, got, tt.want)
		}
	}
}

func TestFollowUpLabels(t *testing.T) {
	for _, s := range FollowUpStatuses {
		if s.Label() == string(s) {
			t.Errorf("status %s has no label", s)
		}
	}
	for _, r := range CallBackResults {
		if r.Label() == string(r) {
			t.Errorf("result %s has no label", r)
		}
	}
}
