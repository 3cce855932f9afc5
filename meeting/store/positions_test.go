package store

import (
	"reflect"
	"testing"
	"time"

	"backstop/meeting"
)

// Positions live in the meeting record (JSON, an optional field): no schema change.
// They survive storing, finalizing and a transfer, and stay covered by the fingerprint.
func TestPositionsSurviveFinalizeAndTransfer(t *testing.T) {
	a := openTest(t)
	c := saveCase(t, a, testCase())
	m := testMeeting(c.ID)
	want := []meeting.DepartmentPosition{
		{Department: "自然资源和规划局", Stance: meeting.StanceAgree},
		{Department: "住房和城乡建设局", Stance: meeting.StanceReserved, Statement: "二期规划须另行论证", Conditions: "一期单独验收"},
	}
	m.Agenda[0].Positions = want
	m = saveMeeting(t, a, m)
	if _, err := a.Finalize(m.ID, time.Date(2026, 10, 12, 12, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	b := openTest(t)
	if _, err := b.TransferIn("梅城镇", transferAll(t, a).Records, noFiles(t)); err != nil {
		t.Fatal(err)
	}
	got, err := b.Meetings(meeting.MeetingFilter{State: meeting.StateFinalized})
	if err != nil || len(got) != 1 {
		t.Fatalf("finalized meetings after transfer: %v %v", got, err)
	}
	if !reflect.DeepEqual(got[0].Agenda[0].Positions, want) {
		t.Errorf("positions after transfer = %+v, want %+v", got[0].Agenda[0].Positions, want)
	}
	if probs, err := b.VerifyChain(got[0].ID); err != nil || len(probs) != 0 {
		t.Errorf("the revision chain does not verify after the transfer: %v %v", probs, err)
	}
}
