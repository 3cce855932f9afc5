package meeting

import (
	"slices"
	"testing"
)

func TestCarryOverInFingerprint(t *testing.T) {
	mn := validMinutes()
	without := mn.Fingerprint()
	mn.Meeting.CarryOver = []CarryOver{}
	if mn.Fingerprint() != without {
		t.Error("an empty carry-over changed the fingerprint: minutes finalized before it existed would no longer verify")
	}
	mn.Meeting.CarryOver = []CarryOver{{FollowUpID: 7, Number: DocNumber{2026, 3}, Text: "办理不动产登记", Lead: "自然资源和规划局", Status: CarryProgressing, Note: "已完成地籍调查"}}
	progressing := mn.Fingerprint()
	if progressing == without {
		t.Fatal("a carry-over entry did not change the fingerprint")
	}
	mn.Meeting.CarryOver[0].FollowUpID = 9 // a record ID, not what the minutes say
	if mn.Fingerprint() != progressing {
		t.Error("the follow-up item's record ID changed the fingerprint: a transferred copy would not verify")
	}
	mn.Meeting.CarryOver[0].Status = CarryBlocked
	if mn.Fingerprint() == progressing {
		t.Error("changing the status did not change the fingerprint")
	}
}

// Candidates: open items of earlier meetings only, overdue first, then grouped by
// lead department in the order of each department's earliest due item.
func TestCarryOverCandidates(t *testing.T) {
	m := &Meeting{ID: 5, Date: Date{2026, 11, 20}}
	today := Date{2026, 11, 20}
	items := []FollowUp{
		{ID: 1, MeetingID: 2, MeetingDate: Date{2026, 10, 12}, Lead: "住房和城乡建设局", Due: Date{2026, 12, 30}, Status: FollowUpPending},
		{ID: 2, MeetingID: 2, MeetingDate: Date{2026, 10, 12}, Lead: "自然资源和规划局", Due: Date{2026, 12, 10}, Status: FollowUpInProgress},
		{ID: 3, MeetingID: 2, MeetingDate: Date{2026, 10, 12}, Lead: "税务局", Due: Date{2026, 11, 1}, Status: FollowUpPending}, // overdue
		{ID: 4, MeetingID: 2, MeetingDate: Date{2026, 10, 12}, Lead: "住房和城乡建设局", Due: Date{2026, 12, 1}, Status: FollowUpPending},
		{ID: 5, MeetingID: 2, MeetingDate: Date{2026, 10, 12}, Lead: "自然资源和规划局", Status: FollowUpDone},    // done
		{ID: 6, MeetingID: 5, MeetingDate: Date{2026, 11, 20}, Lead: "自然资源和规划局", Status: FollowUpPending}, // this meeting's own
		{ID: 7, MeetingID: 3, MeetingDate: Date{2026, 11, 25}, Lead: "自然资源和规划局", Status: FollowUpPending}, // a later meeting's
		{ID: 8, MeetingID: 2, MeetingDate: Date{2026, 10, 12}, Lead: "自然资源和规划局", Status: FollowUpPending}, // no due date
	}
	var got []ID
	for _, f := range CarryOverCandidates(m, items, today) {
		got = append(got, f.ID)
	}
	// 住建局's earliest due (12-01) comes before 资规局's (12-10); no due date last.
	if want := []ID{3, 4, 1, 2, 8}; !slices.Equal(got, want) {
		t.Errorf("candidates %v, want %v", got, want)
	}
}

func TestReportCarryOver(t *testing.T) {
	m := &Meeting{Date: Date{2026, 11, 20}}
	f := FollowUp{MeetingDate: Date{2026, 10, 12}, Number: DocNumber{2026, 3}, Lead: "自然资源和规划局", Text: "办理不动产登记", Status: FollowUpPending}
	c := CarryOverOf(f)
	c.Status, c.Note = CarryBlocked, "历史档案缺失"
	if err := ReportCarryOver(&f, c, m); err != nil {
		t.Fatal(err)
	}
	want := ProgressEntry{On: m.Date, Reporter: "自然资源和规划局", Text: "在2026年11月20日召开的协调会上报告落实情况：受阻，历史档案缺失。"}
	if f.Status != FollowUpInProgress || len(f.Progress) != 1 || f.Progress[0] != want {
		t.Errorf("after a 受阻 report: %s %+v, want in progress with %+v", f.Status, f.Progress, want)
	}
	c.Status, c.Note = CarryDone, ""
	if err := ReportCarryOver(&f, c, m); err != nil {
		t.Fatal(err)
	}
	if f.Status != FollowUpDone || f.CompletedOn != m.Date || f.CompletionNote != "在2026年11月20日召开的协调会上报告落实情况：已办结。" {
		t.Errorf("after an 已办结 report: %s %s %q", f.Status, f.CompletedOn, f.CompletionNote)
	}
	// A done item takes nothing more.
	if err := ReportCarryOver(&f, c, m); err != nil || len(f.Progress) != 1 {
		t.Errorf("a report on a done item: %v, %d entries", err, len(f.Progress))
	}
}

func TestLinkCarryOver(t *testing.T) {
	n1 := DocNumber{Year: 2026, Seq: 1}
	items := []FollowUp{
		{ID: 1, DecisionUID: "u1", Number: n1, Lead: "住建局", Text: "出具验收意见。"},
		{ID: 2, DecisionUID: "u2", Number: n1, Lead: "资规局", Text: "办理登记。"},
		{ID: 3, DecisionUID: "u3", Number: n1, Lead: "资规局", Text: "办理登记。"}, // the same decision twice: ambiguous
		{ID: 4, DecisionUID: "u4", Number: n1, Lead: "税务局", Text: "核定税款。", Status: FollowUpDone},
	}
	entries := []CarryOver{
		{Number: n1, Lead: "住建局", Text: "出具验收意见。"},
		{Number: n1, Lead: "资规局", Text: "办理登记。"},
		{Number: n1, Lead: "税务局", Text: "核定税款。"},
		{Number: DocNumber{Year: 2026, Seq: 2}, Lead: "住建局", Text: "出具验收意见。"},
		{FollowUpID: 9, Number: n1, Lead: "住建局", Text: "出具验收意见。"},
	}
	if n := LinkCarryOver(entries, items); n != 1 {
		t.Errorf("linked %d, want only the one unambiguous open match", n)
	}
	want := []ID{1, 0, 0, 0, 9}
	for i, c := range entries {
		if c.FollowUpID != want[i] {
			t.Errorf("entry %d tied to %d, want %d", i, c.FollowUpID, want[i])
		}
	}
	if entries[0].DecisionUID != "u1" {
		t.Errorf("decision UID %q", entries[0].DecisionUID)
	}
}
