package export

import (
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"

	"backstop/meeting"
)

// This file lays out a department's excerpt of the minutes (分送件): the head of the
// minutes, the department it goes to, the fingerprint of the finalized minutes it was
// taken from, and only the decisions the department leads or cooperates on, numbered as
// in the minutes so that each one cites them. Every department leaves the meeting with
// its own task list; the fingerprint lets it check the list against the archive.

// ExcerptEntry is one decision of a department's excerpt.
type ExcerptEntry struct {
	Item     int // index of the agenda item, from 0: 一、 is 0
	Index    int // index of the decision within the item, from 0: （一） is 0
	Decision meeting.Decision
	Lead     bool // the department leads (牵头); otherwise it cooperates (配合)
}

// ExcerptCounts returns how many of entries the department leads and cooperates on.
func ExcerptCounts(entries []ExcerptEntry) (lead, cooperating int) {
	for _, e := range entries {
		if e.Lead {
			lead++
		} else {
			cooperating++
		}
	}
	return lead, cooperating
}

// shareText says how many decisions a department leads and cooperates on, in words:
// 牵头2项、配合1项, leaving out a part it has none of.
func shareText(entries []ExcerptEntry) string {
	lead, coop := ExcerptCounts(entries)
	var parts []string
	if lead > 0 {
		parts = append(parts, fmt.Sprintf("牵头%d项", lead))
	}
	if coop > 0 {
		parts = append(parts, fmt.Sprintf("配合%d项", coop))
	}
	return strings.Join(parts, "、")
}

// ExcerptEntries returns the decisions of m that department leads or cooperates on, in
// agenda and decision order. department is the name of its attendance row, the name
// decisions refer to; it is compared exactly (after the usual clean-up of white space),
// never by likeness, so that 自然资源局 does not receive 自然资源和规划局's tasks.
func ExcerptEntries(m *meeting.Meeting, department string) []ExcerptEntry {
	department = meeting.CleanLine(department)
	if department == "" {
		return nil
	}
	var out []ExcerptEntry
	for i, it := range m.Agenda {
		for k, d := range it.Decisions {
			lead := meeting.CleanLine(d.Lead) == department
			if lead || slices.ContainsFunc(d.Cooperating, func(c string) bool { return meeting.CleanLine(c) == department }) {
				out = append(out, ExcerptEntry{Item: i, Index: k, Decision: d, Lead: lead})
			}
		}
	}
	return out
}

// ExcerptDepartments returns the departments that get an excerpt: those that lead or
// cooperate on at least one decision, in attendance order, then any a decision names
// that has no attendance row (only a draft can have one).
func ExcerptDepartments(m *meeting.Meeting) []string {
	named := map[string]bool{}
	var order []string
	for _, it := range m.Agenda {
		for _, d := range it.Decisions {
			for _, n := range append([]string{d.Lead}, d.Cooperating...) {
				if n = meeting.CleanLine(n); n != "" && !named[n] {
					named[n] = true
					order = append(order, n)
				}
			}
		}
	}
	var out []string
	for _, a := range m.Attendance {
		if n := meeting.CleanLine(a.Department); named[n] && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	for _, n := range order {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// ResolveDepartment finds the department a person means by query, as typed after
// -dept: the exact name of an attendance row; the name or short name (简称) of a
// directory entry whose ID an attendance row carries; or the beginning of exactly one
// attendance row's name. It returns the row's name, which ExcerptEntries matches.
// Unknown and ambiguous names are CodeInvalid errors that list the candidates.
func ResolveDepartment(m *meeting.Meeting, query string, directory []meeting.Department) (string, error) {
	q := meeting.CleanLine(query)
	if q == "" {
		return "", &meeting.Error{Code: meeting.CodeInvalid, Message: "请指定部门名称。"}
	}
	var names []string // every department of the meeting, attendance first
	for _, a := range m.Attendance {
		if n := meeting.CleanLine(a.Department); n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, n := range ExcerptDepartments(m) {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if slices.Contains(names, q) {
		return q, nil
	}
	for _, d := range directory {
		if d.ID == 0 || (meeting.CleanLine(d.Name) != q && meeting.CleanLine(d.ShortName) != q) {
			continue
		}
		for _, a := range m.Attendance {
			if a.DepartmentID == d.ID {
				return meeting.CleanLine(a.Department), nil
			}
		}
	}
	var matches []string
	for _, n := range names {
		if strings.HasPrefix(n, q) {
			matches = append(matches, n)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		msg := fmt.Sprintf("本次会议没有部门「%s」。", q)
		if with := ExcerptDepartments(m); len(with) > 0 {
			msg += "有议定事项的部门：" + strings.Join(with, "、") + "。"
		} else {
			msg += "本次会议没有议定事项。"
		}
		return "", &meeting.Error{Code: meeting.CodeInvalid, Message: msg}
	}
	return "", &meeting.Error{Code: meeting.CodeInvalid, Message: fmt.Sprintf("「%s」可以指%s，请写出完整的部门名称。", q, strings.Join(matches, "、"))}
}

// WriteExcerpt lays out department's excerpt of the minutes and writes it to w as
// PDF: LayoutExcerpt, then WritePDF.
func WriteExcerpt(w io.Writer, mn *meeting.Minutes, department string, opts Options) (Report, error) {
	doc, rep, err := LayoutExcerpt(mn, department, opts)
	if err != nil {
		return rep, err
	}
	return rep, doc.WritePDF(w)
}

// LayoutExcerpt lays out the excerpt of the minutes for department, the name of its
// attendance row (see ResolveDepartment). It uses the minutes' fonts, page, masthead and
// furniture. Finalized minutes give the number and the full fingerprint of the revision,
// which Report.Fingerprint repeats; a draft gets the 草稿 watermark, no number and no
// fingerprint (Report.Fingerprint is empty), and says it is no basis for action. A
// department without decisions is refused with CodeNotFound. Like Layout, the result
// depends on its arguments only.
func LayoutExcerpt(mn *meeting.Minutes, department string, opts Options) (*Document, Report, error) {
	if mn == nil {
		return nil, Report{}, &meeting.Error{Code: meeting.CodeInternal, Message: "没有可导出的会议纪要。"}
	}
	department = meeting.CleanLine(department)
	entries := ExcerptEntries(&mn.Meeting, department)
	if len(entries) == 0 {
		msg := fmt.Sprintf("「%s」在本次会议中没有牵头或配合的议定事项，无需分送。", department)
		if with := ExcerptDepartments(&mn.Meeting); len(with) > 0 {
			msg += "有议定事项的部门：" + strings.Join(with, "、") + "。"
		}
		return nil, Report{}, &meeting.Error{Code: meeting.CodeNotFound, Message: msg}
	}
	fonts, err := opts.Fonts.resolve()
	if err != nil {
		return nil, Report{}, err
	}
	// The 版记 of an excerpt names no 抄送: the excerpt goes to one department only.
	m := mn.Meeting
	m.CopyTo = ""
	l := &layouter{source: newSource(mn, &m, opts), fonts: fonts}
	if l.draft {
		l.rev.Fingerprint = "" // a draft's content may still change: nothing to check against
	}
	l.doc = &Document{Width: pageWidth, Height: pageHeight, fonts: fonts}
	l.doc.Info = l.excerptInfo(department)
	l.newPage()
	l.excerpt(department, entries)
	// The 版记 (issuing unit and date) closes the last page where it fits; the head
	// already says who issued the minutes and when, so it never takes a page of its own.
	if l.y+colophonPitch+linePitch <= blockBottom {
		l.colophon()
	}
	l.furnishExcerpt(department)
	rep := Report{
		Pages: len(l.doc.Pages), Fingerprint: l.rev.Fingerprint, Revision: l.rev.N,
		Draft: l.draft, Replaced: l.subst.list, Fonts: l.doc.FontUses(),
	}
	l.doc.Info.Keywords += fontKeywords(rep.Fonts)
	return l.doc, rep, nil
}

// excerptInfo returns the metadata of an excerpt: the minutes' own, naming the
// department and marked as an excerpt in the keywords.
func (l *layouter) excerptInfo(department string) Info {
	info := l.info()
	info.Title = meeting.CleanLine(l.m.Title) + " 分送件（" + department + "）"
	info.Subject = strings.Join(strings.Fields(fmt.Sprintf("%s %s 第%d版 分送件（%s）", l.masthead(), l.number(), l.rev.N, department)), " ")
	if l.draft {
		info.Subject += "（草稿）"
	}
	info.Keywords = fmt.Sprintf("backstop-excerpt=true backstop-fingerprint=%s backstop-revision=%d backstop-department=%s",
		l.rev.Fingerprint, l.rev.N, url.PathEscape(department))
	if l.draft {
		info.Keywords += " backstop-draft=true"
	}
	info.Fingerprint = l.rev.Fingerprint
	return info
}

// excerpt sets the text of the excerpt from the top of the first page.
func (l *layouter) excerpt(department string, entries []ExcerptEntry) {
	l.head()
	l.paragraphs(style{size: bodySize, pitch: linePitch, left: marginLeft, width: blockWidth, align: alignCenter, color: Black, grid: true},
		l.fixed(Heading, "议定事项分送件"))
	// 分送 stands where GB/T 9704 puts the 主送机关: flush left under the title.
	flush := bodyStyle()
	flush.indent = 0
	l.paragraphs(flush, l.fixed(Heading, "分送："), l.span(Body, "分送单位", department))

	m := l.m
	when := m.Date.Chinese()
	if m.End > m.Start {
		when += m.Start.Chinese() + "至" + m.End.Chinese()
	}
	if when != "" {
		l.labelled("会议时间：", l.span(Body, "会议时间", when))
	}
	if v := meeting.CleanLine(m.Venue); v != "" {
		l.labelled("会议地点：", l.span(Body, "会议地点", v))
	}
	if host := meeting.CleanLine(m.Host.Position) + meeting.CleanLine(m.Host.Name); host != "" {
		l.labelled("主持人：", l.span(Body, "主持人", host))
	}
	if l.draft {
		l.labelled("纪要状态：", l.fixed(Body, "草稿，尚未定稿，不作为办理依据；定稿后以正式分送件为准。"))
	} else {
		l.labelled("纪要依据：", l.fixed(Body, fmt.Sprintf("%s第%d版，%s定稿", l.number(), l.rev.N, l.issued().Chinese())))
		// 64 hex digits do not fit a line at 3号: the label, then the digits at 五号 under it.
		l.need(linePitch + 7)
		l.labelled("纪要指纹（SHA-256）：")
		hex := style{size: 10.5, pitch: 6, left: marginLeft + 2*charPitch, width: blockWidth - 2*charPitch, align: alignLeft, color: Black}
		l.paragraphs(hex, l.fixed(Body, l.rev.Fingerprint))
		l.y += 2
	}

	total := 0
	for _, it := range m.Agenda {
		total += len(it.Decisions)
	}
	l.paragraphs(bodyStyle(), l.fixed(Body, fmt.Sprintf(
		"本次会议共形成议定事项%d项，其中贵单位%s，摘录如下，序号与会议纪要一致。请在办理时限内完成，并将办理结果反馈会议牵头单位；内容以会议纪要原文为准。",
		total, shareText(entries))))

	for k := 0; k < len(entries); {
		item := entries[k].Item
		l.excerptItem(item)
		// Only the department's own position: the others' are in the minutes.
		if p, ok := m.Agenda[item].PositionOf(department); ok {
			l.positions("议题"+chineseNumber(item+1)+" ", []meeting.DepartmentPosition{p})
		}
		for ; k < len(entries) && entries[k].Item == item; k++ {
			l.excerptDecision(entries[k], department)
		}
	}
}

// excerptItem sets the heading of agenda item i as the minutes number it.
func (l *layouter) excerptItem(i int) { l.itemHeading(i, l.m.Agenda[i]) }

// excerptDecision sets one decision as numbered in the minutes, then the department's
// part in it, the due date and the note.
func (l *layouter) excerptDecision(e ExcerptEntry, department string) {
	d := e.Decision
	where := fmt.Sprintf("议题%s 议定事项（%s）", chineseNumber(e.Item+1), chineseNumber(e.Index+1))
	st := bodyStyle()
	text := []span{
		l.fixed(Kai, "（"+chineseNumber(e.Index+1)+"）"),
		l.span(Body, where, sentence(meeting.CleanText(d.Text))),
	}
	l.paragraphs(st, text...)

	var others []string
	for _, c := range d.Cooperating {
		if c = meeting.CleanLine(c); c != "" && c != department {
			others = append(others, c)
		}
	}
	role := "牵头办理"
	switch {
	case e.Lead && len(others) > 0:
		role += "；配合单位：" + strings.Join(others, "、")
	case !e.Lead:
		role = "配合办理；牵头单位：" + meeting.CleanLine(d.Lead)
		if len(others) > 0 {
			role += "；其他配合单位：" + strings.Join(others, "、")
		}
	}
	due := "待定"
	if !d.Due.IsZero() {
		due = d.Due.Chinese() + "前"
	}
	label := func(s string) span { // a label is not broken across lines
		sp := l.fixed(Heading, s)
		sp.keep = true
		return sp
	}
	duties := []span{
		label("本单位职责："), l.span(Body, where+"牵头和配合单位", role+"。"),
		label("办理时限："), l.fixed(Body, due+"。"),
	}
	if n := meeting.CleanText(d.Note); n != "" {
		duties = append(duties, label("办理说明："), l.span(Body, where+"办理说明", sentence(n)))
	}
	l.paragraphs(st, duties...)
}

// furnishExcerpt adds the page number to every page, a footer tying the page to the
// excerpt and the minutes' fingerprint, and on a draft the watermark.
func (l *layouter) furnishExcerpt(department string) {
	total := len(l.doc.Pages)
	ref := l.number()
	if l.draft {
		ref = "草稿"
	}
	fp := l.rev.Fingerprint
	if len(fp) > 12 {
		fp = fp[:12]
	}
	st := style{size: footerSize, left: marginLeft, width: blockWidth, align: alignCenter, color: Grey}
	for i := range l.doc.Pages {
		p := &l.doc.Pages[i]
		l.pageNumber(p)
		page := fmt.Sprintf("第 %d 页 共 %d 页", p.Number, total)
		if fp != "" {
			page += "　纪要指纹 " + fp
		}
		lines := l.setParagraph(st, []span{l.fixed(Body, ref+"分送件（"+department+"）　"+page)})
		if len(lines) > 1 { // a very long name: the page reference matters more
			lines = l.setParagraph(st, []span{l.fixed(Body, ref+"分送件　"+page)})
		}
		p.Elements = append(p.Elements, l.text(lines[0], 283, st)...)
		if l.draft {
			p.Elements = append([]Element{l.watermark()}, p.Elements...)
		}
	}
}
