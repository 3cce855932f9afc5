package meeting

import (
	"slices"
	"strings"
	"testing"
)

func TestChangedFields(t *testing.T) {
	tests := []struct {
		name string
		edit func(m *Meeting)
		want []string
	}{
		{"nothing", func(*Meeting) {}, nil},
		{"only lifecycle and stamps", func(m *Meeting) { m.Updated, m.State, m.ID = at, StateSigned, 9 }, nil},
		{"empty agenda is no agenda", func(m *Meeting) { m.Agenda = nil }, []string{"议题"}},
		{"title", func(m *Meeting) { m.Title += "（续）" }, []string{"会议名称"}},
		{"a decision's due date", func(m *Meeting) { m.Agenda[0].Decisions[0].Due = Date{2026, 11, 1} }, []string{"议题"}},
		{"attendance and host", func(m *Meeting) {
			m.Attendance[3].Status = Present
			m.Host.Position = "主任"
		}, []string{"主持人", "参会单位"}},
		{"times and copy line", func(m *Meeting) { m.Start, m.End, m.CopyTo = 8*60, 10*60, "" }, []string{"开始时间", "结束时间"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := validMinutes().Meeting
			after := validMinutes().Meeting
			tt.edit(&after)
			if got := ChangedFields(&before, &after); !slices.Equal(got, tt.want) {
				t.Errorf("ChangedFields = %v, want %v", got, tt.want)
			}
		})
	}
	empty, none := Meeting{Attendance: []Attendance{}}, Meeting{}
	if got := ChangedFields(&empty, &none); len(got) != 0 {
		t.Errorf("an empty list and a missing one differ: %v", got)
	}
}

func TestDescribeChange(t *testing.T) {
	draft := validMinutes().Meeting
	edited := draft
	edited.Title = "新标题"
	final := minutesIn(t, StateFinalized)
	signed := minutesIn(t, StateSigned)
	archived := minutesIn(t, StateArchived)
	amended := archived.Meeting
	if err := Amend(&amended, "更正办理时限", at); err != nil {
		t.Fatal(err)
	}
	noPDF := final.Meeting
	noPDF.Revisions = []Revision{final.Meeting.Revisions[0]}
	noPDF.Revisions[0].PDFHash, noPDF.Revisions[0].PDFPath = "", ""

	tests := []struct {
		action   AuditAction
		before   *Meeting
		after    *Meeting
		revision int
		detail   []string // parts the detail must contain
	}{
		{AuditCreate, nil, &draft, 1, []string{"新建", draft.Title}},
		{AuditImport, nil, &draft, 1, []string{"导入", "1 个议题", "4 个参会单位"}},
		{AuditEdit, &draft, &edited, 1, []string{"修改：会议名称"}},
		{AuditFinalize, &draft, &final.Meeting, 1, []string{"第 1 版", "〔2026〕12号", final.Meeting.Revisions[0].Fingerprint}},
		{AuditRecordPDF, &noPDF, &final.Meeting, 1, []string{"2026/12/minutes-r1.pdf", hashOf("pdf")}},
		{AuditAttach, &final.Meeting, &signed.Meeting, 1, []string{"签字扫描件", hashOf("signed"), "application/pdf"}},
		{AuditArchive, &signed.Meeting, &archived.Meeting, 1, []string{"归档", "1 份"}},
		{AuditAmend, &archived.Meeting, &amended, 2, []string{"第 2 版修订", "更正办理时限"}},
		{AuditDelete, &draft, nil, 1, []string{"删除", draft.Title}},
	}
	for _, tt := range tests {
		t.Run(string(tt.action), func(t *testing.T) {
			e, ok := DescribeChange(tt.action, tt.before, tt.after, at)
			if !ok || e.Action != tt.action || e.Revision != tt.revision || !e.At.Equal(at) {
				t.Fatalf("entry %+v (%v), want action %s on revision %d", e, ok, tt.action, tt.revision)
			}
			for _, part := range tt.detail {
				if !strings.Contains(e.Detail, part) {
					t.Errorf("detail %q does not say %q", e.Detail, part)
				}
			}
			if tt.action.Label() == string(tt.action) {
				t.Errorf("action %s has no Chinese label", tt.action)
			}
		})
	}
	if _, ok := DescribeChange(AuditEdit, &draft, &draft, at); ok {
		t.Errorf("an edit that changed nothing gets an entry")
	}
}
