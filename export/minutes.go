package export

import (
	"fmt"
	"slices"
	"strings"

	"backstop/meeting"
)

// This file makes the text of the minutes and sets it: masthead, number, title, opening,
// one section per agenda item, the closing sentence and the attendance (GB/T 9704
// §10.3). Every field of the meeting that the minutes print appears once. The source
// methods make the content (content.go), which other formats write too; the layouter
// methods set it on the pages.

// minutes lays out the body of the minutes from the top of the first page.
func (l *layouter) minutes() {
	l.head()
	for _, b := range l.body() {
		l.setBlock(b)
	}
	l.attendance()
}

// closingSentence ends the body: what the signed minutes are for.
const closingSentence = "以上事项经参会单位协商一致。本纪要经参会单位会签后，作为各相关单位办理上述事项的依据；各单位以本纪要为依据，通过线下流程办理，并在办理时限内将办理结果反馈会议牵头单位。"

// body returns the blocks of the body: the amendment note, the opening, one section per
// agenda item and the closing sentence.
func (s source) body() []Block {
	out := s.amendment()
	out = append(out, s.opening())
	out = append(out, s.carryOver()...)
	for i, it := range s.m.Agenda {
		out = append(out, s.item(i, it)...)
	}
	return append(out, Block{Kind: Paragraph, Runs: []Run{fixed(Body, closingSentence)}})
}

// headRuns returns the masthead and the title.
func (s source) headRuns() (masthead, title Run) {
	return field(Title, "版头", s.masthead()), field(Title, "会议名称", meeting.CleanLine(s.m.Title))
}

// head sets the red masthead, the number, the red rule and the title.
func (l *layouter) head() {
	mastheadRun, titleRun := l.headRuns()
	masthead := l.spans(mastheadRun)[0]
	// The largest size from 36 pt down to 22 pt that fits one line; below that, 22 pt
	// broken into centred lines.
	size := 36.0
	for ; size > 22; size-- {
		if l.naturalWidth(masthead, size) <= blockWidth {
			break
		}
	}
	em := size * mmPerPt
	l.paragraphs(style{size: size, pitch: 1.3 * em, left: marginLeft, width: blockWidth, align: alignCenter, color: Red}, masthead)
	l.y += 6
	numberStyle := style{size: bodySize, pitch: linePitch, left: marginLeft, width: blockWidth, align: alignCenter, color: Black, grid: true}
	if n := l.number(); n != "" {
		l.paragraphs(numberStyle, l.fixed(Body, n))
	} else {
		l.y += linePitch
	}
	ruleY := l.y - linePitch/2 + emCentre*bodySize*mmPerPt + 4.5
	l.add(Rule{X1: marginLeft, Y1: ruleY, X2: blockRight, Y2: ruleY, Width: 0.8, Color: Red})
	l.y = ruleY + linePitch
	if title := l.spans(titleRun)[0]; title.text != "" {
		l.paragraphs(style{size: 22, pitch: 1.45 * 22 * mmPerPt, left: marginLeft, width: blockWidth, align: alignCenter, color: Black}, title)
		l.y += linePitch / 2
	}
}

// naturalWidth is the width of s set in one line at size, without grid tracking.
func (l *layouter) naturalWidth(s span, size float64) float64 {
	w := 0
	for _, r := range s.text {
		w += l.fonts.face(s.role, r).Advance(r)
	}
	return float64(w) / 1000 * size * mmPerPt
}

// amendment states, on an amended revision, which revision it replaces and why.
func (s source) amendment() []Block {
	if s.rev.N < 2 {
		return nil
	}
	replaced := "第" + fmt.Sprint(s.rev.N-1) + "版"
	if fp := s.rev.Replaces; len(fp) >= 12 {
		replaced += "（指纹 " + fp[:12] + "）"
	}
	return []Block{{Kind: Paragraph, Runs: []Run{
		fixed(Heading, "修订说明："),
		fixed(Body, fmt.Sprintf("本纪要为第%d版，替代%s。修订理由：", s.rev.N, replaced)),
		field(Body, "修订理由", sentence(s.rev.Reason)),
	}}}
}

// opening returns the paragraph that says when, where, who and what.
func (s source) opening() Block {
	m := s.m
	var b strings.Builder
	b.WriteString(m.Date.Chinese())
	if m.End > m.Start {
		b.WriteString(m.Start.Chinese() + "至" + m.End.Chinese())
	}
	if b.Len() > 0 {
		b.WriteString("，")
	}
	b.WriteString(meeting.CleanLine(m.Organizer))
	if v := meeting.CleanLine(m.Venue); v != "" {
		b.WriteString("在" + v)
	}
	b.WriteString("牵头召开协调会")
	if d, secs := m.Counts(); secs > 0 {
		fmt.Fprintf(&b, "，相关%d个部门%d个科室参会", d, secs)
	} else if d > 0 {
		fmt.Fprintf(&b, "，相关%d个部门参会", d)
	}
	b.WriteString("。")
	if host := meeting.CleanLine(m.Host.Position) + meeting.CleanLine(m.Host.Name); host != "" {
		b.WriteString("会议由" + host + "主持")
		if r := meeting.CleanLine(m.Recorder); r != "" {
			b.WriteString("，" + r + "记录")
		}
		b.WriteString("。")
	}
	if n := len(m.Agenda); n > 0 {
		var cats []string
		for _, it := range m.Agenda {
			if c, ok := s.mn.Case(it.CaseID); ok && c.Category.Valid() && !slices.Contains(cats, c.Category.Label()) {
				cats = append(cats, c.Category.Label())
			}
		}
		if k := len(m.CarryOver); k > 0 {
			fmt.Fprintf(&b, "会议听取了上次会议%d项议定事项的落实情况，研究了", k)
		} else {
			b.WriteString("会议研究了")
		}
		if len(cats) > 0 {
			b.WriteString(strings.Join(cats, "、") + "方面的")
		}
		fmt.Fprintf(&b, "%d个疑难事项。现将会议议定事项纪要如下：", n)
	}
	return Block{Kind: Paragraph, Runs: []Run{field(Body, "会议基本情况", b.String())}}
}

// itemHeading returns the heading of agenda item i (“一、关于申请人标题的问题”). The
// minutes and the excerpts number items alike.
func (s source) itemHeading(i int, it meeting.AgendaItem) Block {
	c, _ := s.mn.Case(it.CaseID)
	at := "议题" + chineseNumber(i+1) + " "
	summary := meeting.CleanLine(it.Summary)
	ending := "的问题"
	if strings.HasSuffix(summary, "问题") {
		ending = ""
	}
	return Block{Kind: ItemHeading, Runs: []Run{
		fixed(Heading, chineseNumber(s.itemNumber(i))+"、关于"),
		field(Heading, at+"申请人", meeting.CleanLine(c.Applicant.Name)),
		field(Heading, at+"标题", summary),
		fixed(Heading, ending),
	}}
}

// itemHeading sets the heading of agenda item i, kept with the line after it.
func (l *layouter) itemHeading(i int, it meeting.AgendaItem) { l.setBlock(l.source.itemHeading(i, it)) }

// item returns the section of one agenda item.
func (s source) item(i int, it meeting.AgendaItem) []Block {
	c, _ := s.mn.Case(it.CaseID)
	at := "议题" + chineseNumber(i+1) + " "
	out := []Block{s.itemHeading(i, it)}

	// 基本情况: who asked what, when, through which channel.
	var facts strings.Builder
	if c.Applicant.Kind == meeting.Enterprise {
		facts.WriteString("该企业")
		if code := strings.TrimSpace(c.Applicant.CreditCode); code != "" {
			facts.WriteString("（统一社会信用代码：" + code + "）")
		}
	} else {
		facts.WriteString("申请人")
	}
	if !c.Received.IsZero() {
		facts.WriteString("于" + c.Received.Chinese())
	}
	if c.Channel.Valid() {
		// Printed Chinese takes full-width brackets (GB/T 15834): 乡镇（街道）服务中心.
		facts.WriteString("通过" + strings.NewReplacer("(", "（", ")", "）").Replace(c.Channel.Label()))
	}
	facts.WriteString("提出诉求")
	if c.Category.Valid() {
		facts.WriteString("（" + c.Category.Label() + "）")
	}
	if t := meeting.CleanLine(c.Title); t != "" {
		facts.WriteString("，事项为“" + t + "”")
	}
	facts.WriteString("。")
	out = append(out,
		labelled("基本情况：", field(Body, at+"基本情况", facts.String()), field(Body, at+"诉求内容", meeting.CleanText(c.Request))),
		Block{Kind: Paragraph, Runs: []Run{field(Body, at+"背景情况", meeting.CleanText(c.Background))}})
	if t := meeting.CleanText(c.MissingMaterials); t != "" {
		out = append(out, labelled("缺少材料：", field(Body, at+"缺少材料", sentence(t))))
	}
	if t := meeting.CleanText(it.Discussion); t != "" {
		out = append(out, labelled("会议讨论：", field(Body, at+"会议讨论", t)))
	}
	out = append(out, positionBlocks(at, it.Positions)...)
	out = append(out, labelled("研判意见：", fixed(Body, judgmentSentence(it.Judgment)), field(Body, at+"研判理由", sentence(meeting.CleanText(it.JudgmentReason)))))
	if len(it.Policies) > 0 {
		var runs []Run
		for k, p := range it.Policies {
			sep := "；"
			if k == len(it.Policies)-1 {
				sep = "。"
			}
			runs = append(runs, field(Body, at+"政策依据", policyText(p)+sep))
		}
		out = append(out, labelled("政策依据：", runs...))
	}
	if len(it.Decisions) > 0 {
		out = append(out, Block{Kind: SectionLabel, Runs: []Run{fixed(Heading, "议定事项：")}})
		for k, d := range it.Decisions {
			out = append(out, decision(at, k, d))
		}
	}
	return out
}

// labelled returns a body paragraph that starts with a label in 黑体.
func labelled(label string, runs ...Run) Block {
	return Block{Kind: Paragraph, Runs: append([]Run{fixed(Heading, label)}, runs...)}
}

// labelled sets a body paragraph that starts with a label in 黑体.
func (l *layouter) labelled(label string, spans ...span) {
	l.paragraphs(bodyStyle(), append([]span{l.fixed(Heading, label)}, spans...)...)
}

// decision returns one numbered decision with its lead, cooperating units and due date.
func decision(at string, k int, d meeting.Decision) Block {
	where := fmt.Sprintf("%s议定事项（%s）", at, chineseNumber(k+1))
	runs := []Run{
		fixed(Kai, "（"+chineseNumber(k+1)+"）"),
		field(Body, where, sentence(meeting.CleanText(d.Text))),
		fixed(Body, "牵头单位："),
		field(Body, where+"牵头单位", meeting.CleanLine(d.Lead)),
	}
	if len(d.Cooperating) > 0 {
		runs = append(runs, fixed(Body, "；配合单位："), field(Body, where+"配合单位", strings.Join(d.Cooperating, "、")))
	}
	due := "待定"
	if !d.Due.IsZero() {
		due = d.Due.Chinese() + "前"
	}
	runs = append(runs, fixed(Body, "；办理时限："+due+"。"))
	if n := meeting.CleanText(d.Note); n != "" {
		runs = append(runs, fixed(Body, "办理说明："), field(Body, where+"办理说明", sentence(n)))
	}
	return Block{Kind: Paragraph, Runs: runs}
}

// attendanceLines returns the 出席, 请假 and 列席 lines that have anyone in them.
func (s source) attendanceLines() []AttendanceLine {
	var out []AttendanceLine
	for _, status := range []meeting.AttendanceStatus{meeting.Present, meeting.Excused, meeting.Observer} {
		where := status.Label() + "单位和人员"
		var entries []Run
		for _, a := range s.m.Attendance {
			if a.Status != status {
				continue
			}
			if len(entries) > 0 {
				entries = append(entries, fixed(Body, "，"))
			}
			unit := meeting.CleanLine(a.Department)
			if len(a.Sections) > 0 {
				unit += "（" + strings.Join(a.Sections, "、") + "）"
			}
			// Unit names may break like any text; people's names stay whole.
			entries = append(entries, field(Body, where, unit))
			entries = append(entries, nameRuns(Body, where, splitNames(a.Person), "、")...)
		}
		if len(entries) > 0 {
			out = append(out, AttendanceLine{Status: status, Label: status.Label() + "：", Entries: entries})
		}
	}
	return out
}

// attendance sets the 出席, 请假 and 列席 lines of GB/T 9704 §10.3: the label in 黑体
// with a full-width colon, two characters in from the left; the units and names after
// it, wrapped lines aligned after the colon.
func (l *layouter) attendance() {
	l.skip(linePitch)
	for _, a := range l.attendanceLines() {
		entries := l.spans(a.Entries...)
		labelWidth := float64(len([]rune(a.Label))) * charPitch
		st := style{size: bodySize, pitch: linePitch, left: marginLeft + 2*charPitch + labelWidth, align: justify, color: Black, grid: true}
		st.width = blockRight - st.left
		lines := l.setParagraph(st, entries)
		l.need(linePitch)
		labelLine := l.setParagraph(style{size: bodySize, left: marginLeft + 2*charPitch, width: labelWidth + 1, align: alignLeft, grid: true}, []span{l.fixed(Heading, a.Label)})
		l.drawLine(labelLine[0], l.y+linePitch/2+emCentre*bodySize*mmPerPt, st)
		l.place(st, lines)
	}
}

// judgmentSentence states the meeting's answer to "should this be done?".
func judgmentSentence(j meeting.Judgment) string {
	switch j {
	case meeting.JudgmentShould:
		return "经研判，该事项应当办理。"
	case meeting.JudgmentDefer:
		return "经研判，该事项暂缓办理。"
	case meeting.JudgmentRefuse:
		return "经研判，该事项不予办理。"
	}
	return "该事项尚未研判。"
}

// policyText cites a policy document: 《title》（issuer，clause）.
func policyText(p meeting.PolicyBasis) string {
	t := strings.TrimSuffix(strings.TrimPrefix(meeting.CleanLine(p.Title), "《"), "》")
	s := "《" + t + "》"
	var notes []string
	for _, n := range []string{meeting.CleanLine(p.Issuer), meeting.CleanLine(p.Clause)} {
		if n != "" {
			notes = append(notes, n)
		}
	}
	if len(notes) > 0 {
		s += "（" + strings.Join(notes, "，") + "）"
	}
	return s
}

// sentence ends s with a full stop unless it already ends a sentence.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	t := strings.TrimRight(s, "”’」』）》)\"'")
	if t == "" || strings.ContainsRune("。！？…；.!?;", []rune(t)[len([]rune(t))-1]) {
		return s
	}
	return s + "。"
}

// chineseNumber writes n (1–9999) in Chinese numerals, as in 一、 and （十二）.
func chineseNumber(n int) string {
	if n <= 0 || n > 9999 {
		return fmt.Sprint(n)
	}
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	units := []string{"", "十", "百", "千"}
	var out []string
	zero := false
	for p := 3; p >= 0; p-- {
		d := n / pow10(p) % 10
		switch {
		case d == 0:
			zero = len(out) > 0
		default:
			if zero {
				out = append(out, "零")
				zero = false
			}
			if !(d == 1 && p == 1 && len(out) == 0) { // 十一, not 一十一
				out = append(out, digits[d])
			}
			out = append(out, units[p])
		}
	}
	return strings.Join(out, "")
}

func pow10(p int) int {
	n := 1
	for range p {
		n *= 10
	}
	return n
}
