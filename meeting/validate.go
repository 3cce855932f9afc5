package meeting

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// phonePattern accepts the numbers people write down in an office: mobiles
// (13812345678, +86 138 1234 5678), landlines with or without area code
// (0571-64712345, 64712345), service numbers (12345) and extensions (转8, -8).
var phonePattern = regexp.MustCompile(`^(?:\+?86)?(?:1[3-9]\d{9}|0\d{2,3}\d{7,8}|[1-9]\d{4,7})(?:(?:转|ext\.?|x|#)\d{1,6})?$`)

// ValidPhone reports whether s looks like a Chinese phone number (see phonePattern).
// Spaces, hyphens and brackets between digits are allowed.
func ValidPhone(s string) bool {
	s = strings.NewReplacer(" ", "", "-", "", "(", "", ")", "", "（", "", "）", "").Replace(s)
	return phonePattern.MatchString(s)
}

// Validate returns every problem of the department entry.
func (d *Department) Validate() Problems {
	var ps Problems
	d.validateInto(&ps, "")
	return ps
}

func (d *Department) validateInto(ps *Problems, at string) {
	ps.checkText(d.Name, textRule{at + "name", "单位名称", true, MaxTitle, false})
	ps.checkText(d.ShortName, textRule{at + "short_name", "单位简称", false, MaxName, false})
	ps.checkText(d.Contact, textRule{at + "contact", "联系人", false, MaxName, false})
	ps.checkPhone(d.Phone, at+"phone", "联系电话")
	ps.checkSections(d.Sections, at+"sections", "单位「"+d.Name+"」的科室")
}

func (ps *Problems) checkDate(d Date, field, label string) {
	switch {
	case d.Valid():
	case d.valid():
		ps.add(field, "%s（%d-%d-%d）超出可用范围，年份应在 1900 至 9999 之间。", label, d.Year, int(d.Month), d.Day)
	default:
		ps.add(field, "%s（%d-%d-%d）不存在。", label, d.Year, int(d.Month), d.Day)
	}
}

func (ps *Problems) checkPhone(s, field, label string) {
	ps.checkText(s, textRule{field, label, false, MaxName, false})
	if strings.TrimSpace(s) != "" && !ValidPhone(s) {
		ps.add(field, "%s「%s」不是有效的电话号码（例如 13812345678 或 0571-64712345）。", label, s)
	}
}

func (ps *Problems) checkSections(sections []string, field, label string) {
	if len(sections) > MaxListItems {
		ps.add(field, "%s过多：%d 个，最多 %d 个。", label, len(sections), MaxListItems)
		return
	}
	seen := map[string]bool{}
	for i, s := range sections {
		f := fmt.Sprintf("%s[%d]", field, i)
		ps.checkText(s, textRule{f, fmt.Sprintf("%s第 %d 项", label, i+1), true, MaxTitle, false})
		if seen[s] && s != "" {
			ps.add(f, "%s「%s」重复。", label, s)
		}
		seen[s] = true
	}
}

// Validate returns every problem of the case.
func (c *Case) Validate() Problems {
	var ps Problems
	c.validateInto(&ps, "")
	return ps
}

func (c *Case) validateInto(ps *Problems, at string) {
	a := c.Applicant
	switch a.Kind {
	case Enterprise:
		ps.checkText(a.Name, textRule{at + "applicant.name", "企业名称", true, MaxTitle, false})
		ps.checkText(a.CreditCode, textRule{at + "applicant.credit_code", "统一社会信用代码", true, 18, false})
		if code := strings.TrimSpace(a.CreditCode); code != "" && !ValidCreditCode(code) {
			ps.add(at+"applicant.credit_code", "统一社会信用代码「%s」无效：应为 18 位，且最后一位校验码须符合 GB 32100。", code)
		}
		ps.checkText(a.Contact, textRule{at + "applicant.contact", "企业联系人", false, MaxName, false})
	case Person:
		ps.checkText(a.Name, textRule{at + "applicant.name", "申请人姓名", true, MaxName, false})
		if a.CreditCode != "" {
			ps.add(at+"applicant.credit_code", "个人申请人不填写统一社会信用代码。")
		}
		ps.checkText(a.Contact, textRule{at + "applicant.contact", "联系人", false, MaxName, false})
	default:
		ps.add(at+"applicant.kind", "请选择申请人类型（企业或个人）。")
	}
	ps.checkPhone(a.Phone, at+"applicant.phone", "申请人联系电话")
	if !c.Category.Valid() {
		ps.add(at+"category", "请选择诉求类别（企业投资项目、不动产权办理或其他民生问题）。")
	}
	if !c.Channel.Valid() {
		ps.add(at+"channel", "请选择受理渠道。")
	}
	if c.Received.IsZero() {
		ps.add(at+"received", "请填写受理日期。")
	}
	ps.checkDate(c.Received, at+"received", "受理日期")
	ps.checkText(c.Title, textRule{at + "title", "诉求标题", true, MaxTitle, false})
	ps.checkText(c.Request, textRule{at + "request", "诉求内容", true, MaxLongText, true})
	ps.checkText(c.Background, textRule{at + "background", "背景情况", false, MaxLongText, true})
	ps.checkText(c.MissingMaterials, textRule{at + "missing_materials", "缺少的材料", false, MaxLongText, true})
}

// Valid reports whether c is one of the three categories.
func (c Category) Valid() bool { return slices.Contains(Categories, c) }

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return slices.Contains(Channels, c) }

// Valid reports whether s is a known attendance status.
func (s AttendanceStatus) Valid() bool { return slices.Contains(AttendanceStatuses, s) }

// Validate returns every problem of the meeting as it would be finalized. A draft may
// be saved with problems (the convener fills it in during the meeting); finalizing
// refuses while any remain. cases resolves the agenda's case references; a nil
// function skips that check.
func (m *Meeting) Validate(cases func(ID) (Case, bool)) Problems {
	var ps Problems
	ps.checkText(m.Title, textRule{"title", "会议名称", true, MaxTitle, false})
	if m.Date.IsZero() {
		ps.add("date", "请填写会议日期。")
	}
	ps.checkDate(m.Date, "date", "会议日期")
	if !m.Start.Valid() {
		ps.add("start", "开始时间无效，应在 00:00 到 23:59 之间。")
	}
	if !m.End.Valid() {
		ps.add("end", "结束时间无效，应在 00:00 到 23:59 之间。")
	} else if m.End <= m.Start {
		ps.add("end", "结束时间（%s）应晚于开始时间（%s）。", m.End, m.Start)
	}
	ps.checkText(m.Venue, textRule{"venue", "会议地点", true, MaxTitle, false})
	ps.checkText(m.Host.Name, textRule{"host.name", "主持人", true, MaxName, false})
	ps.checkText(m.Host.Position, textRule{"host.position", "主持人职务", false, MaxName, false})
	ps.checkText(m.Organizer, textRule{"organizer", "牵头单位", true, MaxTitle, false})
	ps.checkText(m.Recorder, textRule{"recorder", "记录人", true, MaxName, false})
	ps.checkText(m.CopyTo, textRule{"copy_to", "抄送", false, MaxCopyTo, false})
	ps.checkText(m.AmendReason, textRule{"amend_reason", "修订理由", len(m.Revisions) > 0, MaxLongText, true})

	m.validateAttendance(&ps)
	m.validateCarryOver(&ps)
	if len(m.Agenda) == 0 {
		ps.add("agenda", "请至少添加一个议题。")
	}
	if len(m.Agenda) > MaxListItems {
		ps.add("agenda", "议题过多：%d 个，最多 %d 个。", len(m.Agenda), MaxListItems)
	}
	seenCase := map[ID]int{}
	for i := range m.Agenda {
		m.validateAgendaItem(&ps, i, cases, seenCase)
	}
	return ps
}

func (m *Meeting) validateAttendance(ps *Problems) {
	if len(m.Attendance) > MaxListItems {
		ps.add("attendance", "参会单位过多：%d 个，最多 %d 个。", len(m.Attendance), MaxListItems)
	}
	seen := map[string]int{}
	attending := 0
	for i, a := range m.Attendance {
		at := fmt.Sprintf("attendance[%d].", i)
		label := fmt.Sprintf("参会单位第 %d 行", i+1)
		ps.checkText(a.Department, textRule{at + "department", label + "的单位名称", true, MaxTitle, false})
		if first, dup := seen[a.Department]; dup && a.Department != "" {
			ps.add(at+"department", "参会单位「%s」重复列出（第 %d 行和第 %d 行），请合并为一行。", a.Department, first+1, i+1)
		} else {
			seen[a.Department] = i
		}
		name := a.Department
		if name == "" {
			name = label
		}
		ps.checkSections(a.Sections, at+"sections", "「"+name+"」的科室")
		if !a.Status.Valid() {
			ps.add(at+"status", "请选择「%s」的出席情况（出席、请假、列席或缺席）。", name)
		}
		if a.Status.Attending() {
			attending++
			ps.checkText(a.Person, textRule{at + "person", "「" + name + "」的参会人员", true, MaxTitle, false})
		} else {
			ps.checkText(a.Person, textRule{at + "person", "「" + name + "」的参会人员", false, MaxTitle, false})
		}
		ps.checkText(a.Position, textRule{at + "position", "「" + name + "」参会人员的职务", false, MaxTitle, false})
		ps.checkPhone(a.Phone, at+"phone", "「"+name+"」参会人员的电话")
	}
	if attending == 0 {
		ps.add("attendance", "请至少登记一个出席的参会单位。")
	}
}

func (m *Meeting) validateAgendaItem(ps *Problems, i int, cases func(ID) (Case, bool), seenCase map[ID]int) {
	it := m.Agenda[i]
	at := fmt.Sprintf("agenda[%d].", i)
	label := fmt.Sprintf("议题%d", i+1)
	if it.CaseID == 0 {
		ps.add(at+"case_id", "%s未关联诉求，请选择或登记一个诉求。", label)
	} else {
		if cases != nil {
			if _, ok := cases(it.CaseID); !ok {
				ps.add(at+"case_id", "%s关联的诉求（编号 %d）不存在。", label, it.CaseID)
			}
		}
		if first, dup := seenCase[it.CaseID]; dup {
			ps.add(at+"case_id", "%s与议题%d是同一个诉求，请合并。", label, first+1)
		} else {
			seenCase[it.CaseID] = i
		}
	}
	ps.checkText(it.Summary, textRule{at + "summary", label + "的标题", true, MaxTitle, false})
	ps.checkText(it.Discussion, textRule{at + "discussion", label + "的讨论情况", false, MaxLongText, true})
	switch it.Judgment {
	case JudgmentShould, JudgmentDefer, JudgmentRefuse:
	case JudgmentUndecided:
		ps.add(at+"judgment", "请选择%s的研判结论（应办、暂缓或不予办理）。", label)
	default:
		ps.add(at+"judgment", "%s的研判结论「%s」无效。", label, it.Judgment)
	}
	ps.checkText(it.JudgmentReason, textRule{at + "judgment_reason", label + "的研判理由", it.Judgment != JudgmentUndecided, MaxLongText, true})
	if len(it.Policies) > MaxListItems {
		ps.add(at+"policies", "%s的政策依据过多：%d 条，最多 %d 条。", label, len(it.Policies), MaxListItems)
	}
	for j, p := range it.Policies {
		pat := fmt.Sprintf("%spolicies[%d].", at, j)
		plabel := fmt.Sprintf("%s政策依据%d", label, j+1)
		title := strings.TrimSpace(p.Title)
		ps.checkText(p.Title, textRule{pat + "title", plabel + "的文件名称", true, MaxTitle, false})
		if strings.HasPrefix(title, "《") || strings.HasSuffix(title, "》") {
			ps.add(pat+"title", "%s的文件名称不需要书名号，系统会自动加上《》。", plabel)
		}
		ps.checkText(p.Issuer, textRule{pat + "issuer", plabel + "的发文单位", false, MaxTitle, false})
		ps.checkText(p.Clause, textRule{pat + "clause", plabel + "的条款", false, MaxLongText, true})
	}
	if it.Judgment == JudgmentShould && len(it.Decisions) == 0 {
		ps.add(at+"decisions", "%s研判为应办，请至少添加一条议定事项。", label)
	}
	if len(it.Decisions) > MaxListItems {
		ps.add(at+"decisions", "%s的议定事项过多：%d 条，最多 %d 条。", label, len(it.Decisions), MaxListItems)
	}
	for j := range it.Decisions {
		m.validateDecision(ps, it.Decisions[j], fmt.Sprintf("%sdecisions[%d].", at, j), fmt.Sprintf("%s议定事项%d", label, j+1))
	}
	m.validatePositions(ps, it, at, label)
}

func (m *Meeting) validateDecision(ps *Problems, d Decision, at, label string) {
	ps.checkText(d.Text, textRule{at + "text", label + "的内容", true, MaxLongText, true})
	ps.checkText(d.Note, textRule{at + "note", label + "的办理说明", false, MaxLongText, true})
	if strings.TrimSpace(d.Lead) == "" {
		ps.add(at+"lead", "请为%s指定牵头单位。", label)
	} else {
		m.checkAttending(ps, d.Lead, at+"lead", label+"的牵头单位")
	}
	seen := map[string]bool{d.Lead: true}
	for k, c := range d.Cooperating {
		f := fmt.Sprintf("%scooperating[%d]", at, k)
		if strings.TrimSpace(c) == "" {
			ps.add(f, "%s的第 %d 个配合单位为空。", label, k+1)
			continue
		}
		if seen[c] {
			ps.add(f, "%s的配合单位「%s」重复，或与牵头单位相同。", label, c)
			continue
		}
		seen[c] = true
		m.checkAttending(ps, c, f, label+"的配合单位")
	}
	if d.Due.IsZero() {
		ps.add(at+"due", "请填写%s的办理时限。", label)
	} else if !d.Due.Valid() {
		ps.checkDate(d.Due, at+"due", label+"的办理时限")
	} else if !m.Date.IsZero() && d.Due.Before(m.Date) {
		ps.add(at+"due", "%s的办理时限（%s）早于会议日期（%s）。", label, d.Due.Chinese(), m.Date.Chinese())
	}
}

func (m *Meeting) checkAttending(ps *Problems, department, field, label string) {
	a, ok := m.AttendanceOf(department)
	switch {
	case !ok:
		ps.add(field, "%s「%s」不在参会单位名单中，只能选择出席或列席的单位。", label, department)
	case !a.Status.Attending():
		ps.add(field, "%s「%s」未参会（%s），只能选择出席或列席的单位。", label, department, a.Status.Label())
	}
}
