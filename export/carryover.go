package export

import (
	"fmt"
	"strings"

	"backstop/meeting"
)

// carryOverHeading is the first part of minutes that report on earlier decisions.
const carryOverHeading = "上次会议议定事项落实情况"

// itemNumber is the number the minutes give agenda item i: after the carry-over part
// when there is one, which is 一、. The excerpts number items alike.
func (s source) itemNumber(i int) int {
	if len(s.m.CarryOver) > 0 {
		return i + 2
	}
	return i + 1
}

// carryOver returns the carry-over part: its heading, then one paragraph per earlier
// decision with what was reported on it in the room.
func (s source) carryOver() []Block {
	if len(s.m.CarryOver) == 0 {
		return nil
	}
	out := []Block{{Kind: ItemHeading, Runs: []Run{fixed(Heading, "一、"+carryOverHeading)}}}
	for k, c := range s.m.CarryOver {
		out = append(out, carryOverEntry(k, c))
	}
	return out
}

// carryOverEntry words one entry: “（一）〔2026〕3号纪要议定：……（牵头单位：……；办理时限：……）。
// 落实情况：推进中，……。”
func carryOverEntry(k int, c meeting.CarryOver) Block {
	where := fmt.Sprintf("上次会议议定事项（%s）", chineseNumber(k+1))
	source := "前次会议议定："
	if !c.Number.IsZero() {
		source = c.Number.String() + "纪要议定："
	}
	due := "待定"
	if !c.Due.IsZero() {
		due = c.Due.Chinese() + "前"
	}
	runs := []Run{
		fixed(Kai, "（"+chineseNumber(k+1)+"）"),
		fixed(Body, source),
		field(Body, where, trimStop(meeting.CleanText(c.Text))),
		fixed(Body, "（牵头单位："),
		field(Body, where+"牵头单位", meeting.CleanLine(c.Lead)),
		fixed(Body, "；办理时限："+due+"）。落实情况："+c.Status.Label()),
	}
	if n := meeting.CleanText(c.Note); n != "" {
		runs = append(runs, fixed(Body, "，"), field(Body, where+c.Status.NoteLabel(), sentence(trimStop(n))))
	} else {
		runs = append(runs, fixed(Body, "。"))
	}
	return Block{Kind: Paragraph, Runs: runs}
}

// trimStop drops the full stops and semicolons that end s, where the sentence goes on.
func trimStop(s string) string { return strings.TrimRight(strings.TrimSpace(s), "。；;.") }
