package store

import (
	"reflect"
	"testing"
	"time"

	"backstop/meeting"
)

// A second meeting reports on the first one's decisions: finalizing it enters the
// reports into the items' logs once (an amendment does not repeat them), a 已办结
// report closes its item, and the entries survive a transfer with the chain verifying.
func TestCarryOverReportsIntoTheLogOnce(t *testing.T) {
	a := openTest(t)
	c := saveCase(t, a, testCase())
	first := testMeeting(c.ID)
	first.Agenda[0].Decisions = append(first.Agenda[0].Decisions, meeting.Decision{
		Text: "出具一期厂房竣工验收备案意见。", Lead: "住房和城乡建设局", Due: meeting.Date{Year: 2026, Month: 10, Day: 23}})
	first = saveMeeting(t, a, first)
	if _, err := a.Finalize(first.ID, time.Date(2026, 10, 12, 12, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	items, err := a.FollowUps(meeting.FollowUpFilter{Meeting: first.ID})
	if err != nil || len(items) != 2 {
		t.Fatalf("items of the first meeting: %v %d", err, len(items))
	}

	second := testMeeting(c.ID)
	second.Title, second.Date = "第二次协调会", meeting.Date{Year: 2026, Month: 11, Day: 16}
	second.Agenda[0].Decisions[0].Due = meeting.Date{Year: 2026, Month: 11, Day: 30}
	second = saveMeeting(t, a, second)
	cands := meeting.CarryOverCandidates(&second, items, second.Date)
	if len(cands) != 2 || cands[0].Lead != "住房和城乡建设局" { // overdue first
		t.Fatalf("candidates %+v", cands)
	}
	done, progressing := meeting.CarryOverOf(cands[0]), meeting.CarryOverOf(cands[1])
	done.Status, done.Note = meeting.CarryDone, "10月21日已备案"
	progressing.Status, progressing.Note = meeting.CarryProgressing, "已完成地籍调查"
	second.CarryOver = []meeting.CarryOver{done, progressing}
	second = saveMeeting(t, a, second)
	if got, _ := a.FollowUp(done.FollowUpID); got.Status == meeting.FollowUpDone {
		t.Fatal("saving a draft closed the item: only finalizing may")
	}
	if _, err := a.Finalize(second.ID, time.Date(2026, 11, 16, 17, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	closed, _ := a.FollowUp(done.FollowUpID)
	if closed.Status != meeting.FollowUpDone || closed.CompletedOn != second.Date || closed.CompletionNote != "在2026年11月16日召开的协调会上报告落实情况：已办结，10月21日已备案。" {
		t.Errorf("the 已办结 item: %s %s %q", closed.Status, closed.CompletedOn, closed.CompletionNote)
	}
	open, _ := a.FollowUp(progressing.FollowUpID)
	wantLog := []meeting.ProgressEntry{{On: second.Date, Reporter: "自然资源和规划局", Text: "在2026年11月16日召开的协调会上报告落实情况：推进中，已完成地籍调查。"}}
	if open.Status != meeting.FollowUpInProgress || !reflect.DeepEqual(open.Progress, wantLog) {
		t.Errorf("the 推进中 item: %s %+v", open.Status, open.Progress)
	}

	// An amendment of the second minutes does not report again.
	if _, err := a.Amend(second.ID, "更正文字", time.Date(2026, 11, 17, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Finalize(second.ID, time.Date(2026, 11, 17, 10, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if again, _ := a.FollowUp(progressing.FollowUpID); len(again.Progress) != 1 {
		t.Errorf("the amendment reported again: %+v", again.Progress)
	}

	b := openTest(t)
	if _, err := b.TransferIn("梅城镇", transferAll(t, a).Records, noFiles(t)); err != nil {
		t.Fatal(err)
	}
	got, err := b.Meetings(meeting.MeetingFilter{Query: "第二次协调会"})
	if err != nil || len(got) != 1 {
		t.Fatalf("the second meeting after transfer: %v %v", got, err)
	}
	if len(got[0].CarryOver) != 2 || got[0].CarryOver[0].FollowUpID != 0 || got[0].CarryOver[1].Note != "已完成地籍调查" {
		t.Errorf("carry-over after transfer: %+v", got[0].CarryOver)
	}
	if probs, err := b.VerifyChain(got[0].ID); err != nil || len(probs) != 0 {
		t.Errorf("the revision chain does not verify after the transfer: %v %v", probs, err)
	}
}
