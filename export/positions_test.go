package export

import (
	"strings"
	"testing"

	"backstop/meeting"
)

// withPositions is the example with positions on the first agenda item: one plain
// agreement, one with conditions, one reservation.
func withPositions(t *testing.T) *meeting.Minutes {
	mn := exampleMinutes(t)
	mn.Meeting.Agenda[0].Positions = []meeting.DepartmentPosition{
		{Department: "自然资源和规划局", Stance: meeting.StanceAgree},
		{Department: "住房和城乡建设局", Stance: meeting.StanceInPrinciple, Conditions: "企业书面承诺二期按原规划建设"},
		{Department: "消防救援大队", Stance: meeting.StanceReserved, Statement: "一期厂房须先通过消防验收，再办理登记"},
	}
	return mn
}

func TestPositionSentence(t *testing.T) {
	tests := []struct {
		name string
		p    meeting.DepartmentPosition
		want string
	}{
		{"agree", meeting.DepartmentPosition{Department: "自然资源和规划局", Stance: meeting.StanceAgree}, "自然资源和规划局：同意。"},
		{"in principle with conditions", meeting.DepartmentPosition{Department: "住房和城乡建设局", Stance: meeting.StanceInPrinciple, Conditions: "补齐材料"}, "住房和城乡建设局：原则同意。所附条件：补齐材料。"},
		{"reserved", meeting.DepartmentPosition{Department: "税务局", Stance: meeting.StanceReserved, Statement: "需核实欠税情况"}, "税务局对本议题持保留意见：需核实欠税情况。"},
		{"against", meeting.DepartmentPosition{Department: "税务局", Stance: meeting.StanceAgainst, Statement: "不符合规定。"}, "税务局对本议题持不同意见：不符合规定。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := positionSentence(tt.p); got != tt.want {
				t.Errorf("positionSentence = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMinutesPrintPositions(t *testing.T) {
	needTool(t, "pdftotext")
	mn := withPositions(t)
	path, _, _ := writePDF(t, mn, Options{})
	text := pageText(t, path, 1, 99)
	it := mn.Meeting.Agenda[0]
	checkInOrder(t, text, []string{
		meeting.CleanText(it.Discussion),
		"部门意见：",
		"自然资源和规划局：同意。",
		"住房和城乡建设局：原则同意。所附条件：企业书面承诺二期按原规划建设。",
		"消防救援大队对本议题持保留意见：一期厂房须先通过消防验收，再办理登记。",
		sentence(meeting.CleanText(it.JudgmentReason)),
	})
	if all := squeeze(run(t, "pdftotext", "-q", path, "-")); !strings.Contains(all, "消防救援大队（有保留意见）") {
		t.Error("the 会签页 does not mark 消防救援大队 as signing with reservations")
	} else if strings.Count(all, "（有保留意见）") != 1 {
		t.Errorf("（有保留意见） occurs %d times, want once", strings.Count(all, "（有保留意见）"))
	}
}

func TestExcerptCarriesOnlyItsOwnPosition(t *testing.T) {
	needTool(t, "pdftotext")
	mn := withPositions(t)
	path, _, _ := writeExcerpt(t, mn, "住房和城乡建设局")
	text := squeeze(run(t, "pdftotext", "-q", path, "-"))
	if !strings.Contains(text, "住房和城乡建设局：原则同意。所附条件：企业书面承诺二期按原规划建设。") {
		t.Errorf("the excerpt lacks its department's own position:\n%s", text)
	}
	for _, other := range []string{"自然资源和规划局：同意", "消防救援大队对本议题持保留意见"} {
		if strings.Contains(text, other) {
			t.Errorf("the excerpt of 住房和城乡建设局 shows another department's position %q", other)
		}
	}
}
