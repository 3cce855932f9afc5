package export

import (
	"backstop/meeting"
)

// This file is the content of the minutes: their text in the order printed, before any
// layout. Layout sets it on PDF pages; other writers (package export/docx) write the
// same content in their own format, so that every format says the same in the same
// order and a wording changes in one place.

// Run is a piece of the minutes' text in one font role.
type Run struct {
	Role Role
	// Text is as the meeting holds it, not yet fitted to a font: it may hold characters
	// no font has, and line breaks ('\n' and the other forced breaks), each of which
	// starts a new paragraph in the same style.
	Text string
	// Field names, in Chinese, the field the text comes from ("议题一 背景情况"); empty
	// for the minutes' own wording.
	Field string
	// Keep asks for the run (a name) not to be broken across lines where it fits.
	Keep bool
	// verbatim marks a separator between names that the PDF sets as it is.
	verbatim bool
}

// BlockKind says how a block of the body is set.
type BlockKind uint8

// Kinds of body blocks.
const (
	// Paragraph is a body paragraph in 3号, its first line indented two characters; a
	// label in 黑体 (基本情况：) may open it.
	Paragraph BlockKind = iota
	// ItemHeading is the level-1 heading of an agenda item (一、关于……的问题) in 黑体,
	// kept with the line after it.
	ItemHeading
	// SectionLabel is a label on a line of its own (部门意见：, 议定事项：), kept with
	// the paragraph after it.
	SectionLabel
)

// Block is one paragraph of the body of the minutes.
type Block struct {
	Kind BlockKind
	Runs []Run
}

// AttendanceLine is one of the 出席, 请假 and 列席 lines of GB/T 9704 §10.3: the label
// in 黑体, then the units and names in the body font, wrapped lines aligned after the
// label's colon.
type AttendanceLine struct {
	Status  meeting.AttendanceStatus
	Label   string // "出席："
	Entries []Run
}

// SignatureSheet is the 会签页: a table with one row per department present or
// observing, and lines for the host and the recorder to sign on.
type SignatureSheet struct {
	Title     string   // 会签页
	Reference string   // the minutes signed: "〔2026〕12号会议纪要（第1版）"
	Header    []string // the column heads: 序号, 单位, 科室, 参会人员, 签字, 日期
	// Rows holds the cells of each department's row: 序号, 单位, 科室 and 参会人员;
	// the 签字 and 日期 cells are left blank for the pen.
	Rows      [][][]Run
	SignLines []string // "主持人（签字）：", "记录人（签字）："
	DateLabel string   // "日期："
}

// Colophon is the 版记 at the foot of the last page (GB/T 9704 §7.4).
type Colophon struct {
	CopyLabel string // "抄送："
	CopyTo    Run    // the 抄送 line; empty Text when there is none
	Issuer    Run    // the organizing unit
	Issued    string // "2026年10月12日印发"; "" when the date is unknown
}

// Content is the text of the minutes in the order printed: the head, the body, the
// attendance, the signature sheet and the 版记. Page numbers and footers are not part
// of it: each format pages by itself.
type Content struct {
	Masthead   Run    // the red masthead, in the title role
	Number     string // 〔2026〕12号; "" for a draft
	Title      Run    // the meeting's title, in the title role; may be empty
	Body       []Block
	Attendance []AttendanceLine
	Signature  SignatureSheet
	Colophon   Colophon
	Info       Info // as Layout gives it: revision, fingerprint, draft, dates
}

// ContentOf returns the content of the minutes of mn as Layout sets them: a finalized
// revision, or a draft. Like Layout it depends on mn and opts only (opts.Fonts is not
// used) and does not validate.
func ContentOf(mn *meeting.Minutes, opts Options) (Content, error) {
	if mn == nil {
		return Content{}, &meeting.Error{Code: meeting.CodeInternal, Message: "没有可导出的会议纪要。"}
	}
	s := newSource(mn, &mn.Meeting, opts)
	masthead, title := s.headRuns()
	return Content{
		Masthead:   masthead,
		Number:     s.number(),
		Title:      title,
		Body:       s.body(),
		Attendance: s.attendanceLines(),
		Signature: SignatureSheet{
			Title: signatureTitle, Reference: s.signatureReference(), Header: signatureHeader,
			Rows: s.signatureRows(), SignLines: signLines, DateLabel: signDateLabel,
		},
		Colophon: s.colophonText(),
		Info:     s.info(),
	}, nil
}

// source is what the content is made from: the minutes, the revision shown and the
// options. The layouter embeds it and adds the fonts and the page cursor.
type source struct {
	mn    *meeting.Minutes
	m     *meeting.Meeting
	rev   meeting.Revision
	draft bool
	opts  Options
}

// newSource returns the source of the minutes of m (mn's meeting, or a changed copy of
// it for an excerpt).
func newSource(mn *meeting.Minutes, m *meeting.Meeting, opts Options) source {
	return source{mn: mn, m: m, rev: mn.CurrentRevision(), draft: m.Editable(), opts: opts}
}

// fixed returns the minutes' own wording in role as a run.
func fixed(role Role, s string) Run { return Run{Role: role, Text: s} }

// field returns a field's text in role as a run; where names the field.
func field(role Role, where, s string) Run { return Run{Role: role, Text: s, Field: where} }

// nameRuns returns a list of names (people, sections) as runs separated by sep, each
// name kept whole on a line where it fits.
func nameRuns(role Role, where string, names []string, sep string) []Run {
	var out []Run
	for i, n := range names {
		if n = meeting.CleanLine(n); n == "" {
			continue
		}
		if i > 0 && len(out) > 0 {
			out = append(out, Run{Role: role, Text: sep, verbatim: true})
		}
		out = append(out, Run{Role: role, Text: n, Field: where, Keep: true})
	}
	return out
}

// spans fits runs to the fonts: each becomes a span of cleaned text (see clean), a
// character no font has recorded under its field.
func (l *layouter) spans(runs ...Run) []span {
	out := make([]span, 0, len(runs))
	for _, r := range runs {
		if r.verbatim {
			out = append(out, span{role: r.Role, text: r.Text})
			continue
		}
		where := r.Field
		if where == "" {
			where = "版式文字"
		}
		s := l.span(r.Role, where, r.Text)
		s.keep = r.Keep
		out = append(out, s)
	}
	return out
}

// setBlock sets one block of the body.
func (l *layouter) setBlock(b Block) {
	st := bodyStyle()
	spans := l.spans(b.Runs...)
	switch b.Kind {
	case ItemHeading:
		l.need(float64(l.lineCount(st, spans...)+1) * st.pitch) // keep the heading with its first line
	case SectionLabel:
		l.need(2 * st.pitch)
	}
	l.paragraphs(st, spans...)
}
