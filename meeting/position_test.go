package meeting

import (
	"slices"
	"testing"
)

func TestPositionsInFingerprint(t *testing.T) {
	mn := validMinutes()
	without := mn.Fingerprint()
	mn.Meeting.Agenda[0].Positions = []DepartmentPosition{}
	if got := mn.Fingerprint(); got != without {
		t.Errorf("an empty list of positions changed the fingerprint: minutes finalized before positions existed would no longer verify")
	}
	mn.Meeting.Agenda[0].Positions = []DepartmentPosition{{Department: "自然资源和规划局", Stance: StanceAgree}}
	agree := mn.Fingerprint()
	if agree == without {
		t.Fatal("a position did not change the fingerprint")
	}
	mn.Meeting.Agenda[0].Positions[0] = DepartmentPosition{Department: "自然资源和规划局", Stance: StanceReserved, Statement: "历史用地手续需另行补正"}
	if mn.Fingerprint() == agree {
		t.Error("changing a stance did not change the fingerprint")
	}
}

func TestPositionsLockedWithTheMinutes(t *testing.T) {
	mn := validMinutes()
	mn.Meeting.Agenda[0].Positions = []DepartmentPosition{{Department: "自然资源和规划局", Stance: StanceReserved, Statement: "历史用地手续需另行补正"}}
	if err := Finalize(&mn, DocNumber{Year: 2026, Seq: 12}, mn.Meeting.Updated); err != nil {
		t.Fatal(err)
	}
	edited := mn.Meeting
	edited.Agenda = slices.Clone(edited.Agenda)
	edited.Agenda[0].Positions = []DepartmentPosition{{Department: "自然资源和规划局", Stance: StanceAgree}}
	if err := mn.Meeting.Edit(edited, mn.Meeting.Updated); ErrorCode(err) != CodeLocked {
		t.Fatalf("editing a position of finalized minutes: got %v, want CodeLocked", err)
	}
	if got := mn.Meeting.Agenda[0].Positions[0].Stance; got != StanceReserved {
		t.Errorf("stance after refused edit = %s, want reserved", got)
	}
	if rev, _ := mn.Meeting.LastRevision(); rev.Fingerprint != mn.Fingerprint() {
		t.Error("the revision's fingerprint does not cover the positions as finalized")
	}
}

func TestDissentingDepartments(t *testing.T) {
	mn := validMinutes()
	m := &mn.Meeting
	m.Agenda[0].Positions = []DepartmentPosition{
		{Department: "住房和城乡建设局", Stance: StanceAgainst, Statement: "不符合规划"},
		{Department: "自然资源和规划局", Stance: StanceInPrinciple},
		{Department: "行政审批服务管理办公室", Stance: StanceReserved, Statement: "待核实"},
	}
	want := []string{"行政审批服务管理办公室", "住房和城乡建设局"} // attendance order
	if got := m.DissentingDepartments(); !slices.Equal(got, want) {
		t.Errorf("DissentingDepartments() = %v, want %v", got, want)
	}
	for _, s := range Stances {
		if s.Label() == string(s) {
			t.Errorf("stance %s has no Chinese label", s)
		}
	}
}
