package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"backstop/meeting"
)

// importFormat names the version of the meeting JSON format (docs/meeting-json.md).
const importFormat = "backstop-meeting/1"

// maxImportBytes bounds an import file; the largest real meeting is a few hundred KB.
const maxImportBytes = 20 << 20

// meetingFile is the JSON a meeting is imported from. Dates, times and enumerations
// are plain strings here so that every bad value is reported with its JSON path,
// rather than stopping the decoder at the first one.
type meetingFile struct {
	Format      string               `json:"format"`
	Departments []meeting.Department `json:"departments"`
	Cases       []caseFile           `json:"cases"`
	Meeting     *meetingBody         `json:"meeting"`
}

type caseFile struct {
	Ref              string            `json:"ref"`
	Applicant        meeting.Applicant `json:"applicant"`
	Category         string            `json:"category"`
	Channel          string            `json:"channel"`
	Received         string            `json:"received"`
	Title            string            `json:"title"`
	Request          string            `json:"request"`
	Background       string            `json:"background"`
	MissingMaterials string            `json:"missing_materials"`
}

type meetingBody struct {
	Title      string               `json:"title"`
	Date       string               `json:"date"`
	Start      string               `json:"start"`
	End        string               `json:"end"`
	Venue      string               `json:"venue"`
	Host       meeting.Host         `json:"host"`
	Organizer  string               `json:"organizer"`
	Recorder   string               `json:"recorder"`
	CopyTo     string               `json:"copy_to"`
	Attendance []meeting.Attendance `json:"attendance"`
	CarryOver  []carryOverFile      `json:"carry_over"`
	Agenda     []agendaFile         `json:"agenda"`
}

type carryOverFile struct {
	Number string `json:"number"`
	Text   string `json:"text"`
	Lead   string `json:"lead"`
	Due    string `json:"due"`
	Status string `json:"status"`
	Note   string `json:"note"`
}

type agendaFile struct {
	Case           string                `json:"case"`
	Summary        string                `json:"summary"`
	Discussion     string                `json:"discussion"`
	Judgment       string                `json:"judgment"`
	JudgmentReason string                `json:"judgment_reason"`
	Policies       []meeting.PolicyBasis `json:"policies"`
	Decisions      []decisionFile        `json:"decisions"`
	Positions      []positionFile        `json:"positions"`
}

type positionFile struct {
	Department string `json:"department"`
	Stance     string `json:"stance"`
	Statement  string `json:"statement"`
	Conditions string `json:"conditions"`
}

type decisionFile struct {
	Text        string   `json:"text"`
	Lead        string   `json:"lead"`
	Cooperating []string `json:"cooperating"`
	Due         string   `json:"due"`
	Note        string   `json:"note"`
}

// importBundle is a parsed and checked meeting file, ready for meeting.Store.Import.
type importBundle struct {
	Departments []meeting.Department
	Cases       []meeting.Case // provisional IDs 1..n, referred to by the agenda
	Meeting     meeting.Meeting
}

// parseMeetingFile reads a meeting file and checks it with the domain's rules. It
// returns every problem at once, each with its JSON path (e.g.
// "meeting.agenda[0].decisions[1].lead").
func parseMeetingFile(r io.Reader) (importBundle, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxImportBytes+1))
	if err != nil {
		return importBundle{}, meeting.Errorf(meeting.CodeInvalid, "无法读取导入文件。", err)
	}
	if len(data) > maxImportBytes {
		return importBundle{}, meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("导入文件过大（超过 %d MB）。", maxImportBytes>>20), nil)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a BOM from Windows editors
	if !utf8.Valid(data) {
		return importBundle{}, meeting.Errorf(meeting.CodeInvalid, "导入文件不是 UTF-8 编码，请用 UTF-8 保存后重试。", nil)
	}
	if msg := meeting.LoneSurrogate(data); msg != "" {
		return importBundle{}, meeting.Errorf(meeting.CodeInvalid, "导入文件有误："+msg, nil)
	}
	var f meetingFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return importBundle{}, meeting.Errorf(meeting.CodeInvalid, "导入文件不是有效的会议 JSON："+meeting.DescribeJSONError(data, err), err)
	}
	var ps meeting.Problems
	add := func(field, format string, args ...any) {
		ps = append(ps, meeting.Problem{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if f.Format != importFormat {
		add("format", "格式标识应为 %q，实际为 %q。", importFormat, f.Format)
	}
	if f.Meeting == nil {
		add("meeting", "缺少会议内容（meeting）。")
		return importBundle{}, ps.Err()
	}
	// unparsed holds the fields whose value was given but could not be read: the
	// domain, which sees them empty, would ask for them again.
	unparsed := map[string]bool{}
	parseDateField := func(field, label, s string) meeting.Date {
		d, err := meeting.ParseDate(s)
		if err != nil {
			add(field, "%s「%s」无效：%v。", label, s, err)
			unparsed[field] = true
			unparsed[strings.TrimPrefix(field, "meeting.")] = true
		}
		return d
	}
	var b importBundle
	for i, d := range f.Departments {
		d.Name = meeting.CleanLine(d.Name)
		d.ID, d.Active = 0, true
		ps = append(ps, prefixed(fmt.Sprintf("departments[%d].", i), d.Validate())...)
		b.Departments = append(b.Departments, d)
	}
	refs := map[string]meeting.ID{}
	for i, cf := range f.Cases {
		at := fmt.Sprintf("cases[%d].", i)
		c := meeting.Case{
			ID: meeting.ID(i + 1), Applicant: cf.Applicant,
			Category: meeting.Category(cf.Category), Channel: meeting.Channel(cf.Channel),
			Title: meeting.CleanLine(cf.Title), Request: meeting.CleanText(cf.Request),
			Background: meeting.CleanText(cf.Background), MissingMaterials: meeting.CleanText(cf.MissingMaterials),
			Status: meeting.CaseOpen,
		}
		c.Applicant.CreditCode = meeting.NormalizeCreditCode(c.Applicant.CreditCode)
		c.Received = parseDateField(at+"received", "受理日期", cf.Received)
		if cf.Ref == "" {
			add(at+"ref", "诉求%d缺少引用名（ref），议题靠它关联诉求。", i+1)
		} else if _, dup := refs[cf.Ref]; dup {
			add(at+"ref", "诉求引用名「%s」重复。", cf.Ref)
		}
		if cf.Ref != "" {
			refs[cf.Ref] = c.ID
		}
		for _, p := range prefixed(at, c.Validate()) {
			if !unparsed[p.Field] {
				ps = append(ps, p)
			}
		}
		b.Cases = append(b.Cases, c)
	}
	mb := f.Meeting
	m := meeting.Meeting{
		Title: meeting.CleanLine(mb.Title), Venue: meeting.CleanLine(mb.Venue), Host: mb.Host,
		Organizer: meeting.CleanLine(mb.Organizer), Recorder: meeting.CleanLine(mb.Recorder),
		CopyTo: meeting.CleanLine(mb.CopyTo), Attendance: mb.Attendance, State: meeting.StateDraft,
	}
	m.Date = parseDateField("meeting.date", "会议日期", mb.Date)
	m.Start = parseClockField(&ps, "meeting.start", "开始时间", mb.Start)
	m.End = parseClockField(&ps, "meeting.end", "结束时间", mb.End)
	for _, p := range ps {
		if p.Field == "meeting.start" || p.Field == "meeting.end" {
			unparsed["end"] = true // an end compared with an unread time says nothing
		}
	}
	for k, cf := range mb.CarryOver {
		at := fmt.Sprintf("meeting.carry_over[%d].", k)
		c := meeting.CarryOver{
			Text: meeting.CleanText(cf.Text), Lead: meeting.CleanLine(cf.Lead), Status: meeting.CarryStatus(cf.Status),
			Due:  parseDateField(at+"due", fmt.Sprintf("上次会议议定事项第 %d 项的办理时限", k+1), cf.Due),
			Note: meeting.CleanText(cf.Note),
		}
		if n := strings.TrimSpace(cf.Number); n != "" {
			number, err := meeting.ParseDocNumber(n)
			if err != nil {
				add(at+"number", "上次会议议定事项第 %d 项的纪要文号「%s」无效，应写成〔2026〕12号。", k+1, n)
			}
			c.Number = number
		}
		m.CarryOver = append(m.CarryOver, c)
	}
	for i, af := range mb.Agenda {
		at := fmt.Sprintf("meeting.agenda[%d].", i)
		it := meeting.AgendaItem{
			Summary: meeting.CleanLine(af.Summary), Discussion: meeting.CleanText(af.Discussion),
			Judgment: meeting.Judgment(af.Judgment), JudgmentReason: meeting.CleanText(af.JudgmentReason),
			Policies: af.Policies,
		}
		if id, ok := refs[af.Case]; ok && af.Case != "" {
			it.CaseID = id
		} else if af.Case != "" {
			add(at+"case", "议题%d引用的诉求「%s」不在 cases 中。", i+1, af.Case)
		}
		for j, df := range af.Decisions {
			it.Decisions = append(it.Decisions, meeting.Decision{
				Text: meeting.CleanText(df.Text), Lead: df.Lead, Cooperating: df.Cooperating,
				Due:  parseDateField(fmt.Sprintf("%sdecisions[%d].due", at, j), fmt.Sprintf("议题%d议定事项%d的办理时限", i+1, j+1), df.Due),
				Note: meeting.CleanText(df.Note),
			})
		}
		for _, pf := range af.Positions {
			it.Positions = append(it.Positions, meeting.DepartmentPosition{
				Department: meeting.CleanLine(pf.Department), Stance: meeting.Stance(pf.Stance),
				Statement: meeting.CleanText(pf.Statement), Conditions: meeting.CleanText(pf.Conditions),
			})
		}
		m.Agenda = append(m.Agenda, it)
	}
	mn := meeting.Minutes{Meeting: m, Cases: b.Cases}
	for _, p := range mn.Validate() {
		if unparsed[p.Field] {
			continue // the value was there but could not be read: said above
		}
		if strings.HasSuffix(p.Field, ".case_id") {
			if ref := agendaRef(mb.Agenda, p.Field); ref != "" && refs[ref] == 0 {
				continue // already reported as an unknown reference
			}
			p.Field = strings.TrimSuffix(p.Field, "case_id") + "case"
		}
		p.Field = "meeting." + p.Field
		ps = append(ps, p)
	}
	b.Meeting = m
	return b, ps.Err()
}

// agendaRef returns the case reference of the agenda item a problem path names.
func agendaRef(agenda []agendaFile, field string) string {
	var i int
	if _, err := fmt.Sscanf(field, "agenda[%d]", &i); err != nil || i < 0 || i >= len(agenda) {
		return ""
	}
	return agenda[i].Case
}

func prefixed(at string, ps meeting.Problems) meeting.Problems {
	for i := range ps {
		ps[i].Field = at + ps[i].Field
	}
	return ps
}

func parseClockField(ps *meeting.Problems, field, label, s string) meeting.Clock {
	if strings.TrimSpace(s) == "" {
		*ps = append(*ps, meeting.Problem{Field: field, Message: fmt.Sprintf("请填写%s。", label)})
		return 0
	}
	c, err := meeting.ParseClock(s)
	if err != nil {
		*ps = append(*ps, meeting.Problem{Field: field, Message: fmt.Sprintf("%s「%s」无效：%v。", label, s, err)})
	}
	return c
}
