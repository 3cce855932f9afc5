package export

import "backstop/meeting"

// positionSentence words a department's position as offices write it in minutes:
// "自然资源和规划局：同意。", "税务局对本议题持保留意见：……。", with the conditions the
// department attached after it.
func positionSentence(p meeting.DepartmentPosition) string {
	dept := meeting.CleanLine(p.Department)
	statement := meeting.CleanText(p.Statement)
	var s string
	switch p.Stance {
	case meeting.StanceReserved:
		s = dept + "对本议题持保留意见：" + sentence(statement)
	case meeting.StanceAgainst:
		s = dept + "对本议题持不同意见：" + sentence(statement)
	default:
		s = dept + "：" + p.Stance.Label() + "。"
		if statement != "" {
			s += sentence(statement)
		}
	}
	if c := meeting.CleanText(p.Conditions); c != "" {
		s += "所附条件：" + sentence(c)
	}
	return s
}

// positionBlocks returns the 部门意见 of an agenda item, one paragraph per department;
// it only names the departments given, so an excerpt passes just its own.
func positionBlocks(at string, ps []meeting.DepartmentPosition) []Block {
	if len(ps) == 0 {
		return nil
	}
	out := []Block{{Kind: SectionLabel, Runs: []Run{fixed(Heading, "部门意见：")}}}
	for _, p := range ps {
		out = append(out, Block{Kind: Paragraph, Runs: []Run{field(Body, at+"部门意见", positionSentence(p))}})
	}
	return out
}

// positions sets the 部门意见 of an agenda item.
func (l *layouter) positions(at string, ps []meeting.DepartmentPosition) {
	for _, b := range positionBlocks(at, ps) {
		l.setBlock(b)
	}
}
