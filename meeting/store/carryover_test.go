package store

import (
	"testing"
	"time"

	"backstop/meeting"
	"backstop/meeting/storecontract"
)

// TestCarryOverSurvivesTransfer: minutes that reported on an earlier meeting's
// decisions, and were amended since, keep their carry-over through a transfer,
// without the sender's item IDs, and their revision chain verifies at the receiver.
// What finalizing the reports does to the items is in the contract
// (storecontract: CarryOverReportsIntoTheLogOnce).
func TestCarryOverSurvivesTransfer(t *testing.T) {
	a := openTest(t)
	first, report := storecontract.CarryOverMeetings(t, a)
	cands := meeting.CarryOverCandidates(&report, followUpsOf(t, a, meeting.FollowUpFilter{Meeting: first.ID}), report.Date)
	if len(cands) != 2 {
		t.Fatalf("candidates %+v", cands)
	}
	done, progressing := meeting.CarryOverOf(cands[0]), meeting.CarryOverOf(cands[1])
	done.Status, done.Note = meeting.CarryDone, "10月21日已备案"
	progressing.Status, progressing.Note = meeting.CarryProgressing, "已完成地籍调查"
	report.CarryOver = []meeting.CarryOver{done, progressing}
	report = saveMeeting(t, a, report)
	if _, err := a.Finalize(report.ID, time.Date(2026, 11, 16, 17, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Amend(report.ID, "更正文字", time.Date(2026, 11, 17, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Finalize(report.ID, time.Date(2026, 11, 17, 10, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
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
