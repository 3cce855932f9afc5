package export

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"backstop/meeting"
)

// examplePages is the page count of the example minutes: 4 pages of minutes and the
// signature sheet with the 版记.
const examplePages = 5

// minutesFields returns the text fields the minutes part of mn (the pages before the
// signature sheet) prints, in order; each must appear there exactly once.
func minutesFields(mn *meeting.Minutes) []string {
	m := mn.Meeting
	fields := []string{m.Title, m.Venue, m.Host.Position + m.Host.Name, m.Recorder}
	for _, it := range m.Agenda {
		c, _ := mn.Case(it.CaseID)
		fields = append(fields, c.Applicant.Name+it.Summary, c.Applicant.CreditCode, c.Title, c.Request, c.Background, c.MissingMaterials, it.Discussion, it.JudgmentReason)
		for _, p := range it.Policies {
			fields = append(fields, p.Title, p.Issuer, p.Clause)
		}
		for _, d := range it.Decisions {
			fields = append(fields, d.Text, d.Note)
		}
	}
	for _, status := range []meeting.AttendanceStatus{meeting.Present, meeting.Excused, meeting.Observer} {
		for _, a := range m.Attendance {
			if a.Status == status {
				fields = append(fields, a.Person)
			}
		}
	}
	return fields
}

func TestExampleMinutesPDF(t *testing.T) {
	mn := exampleMinutes(t)
	path, pdf, rep := writePDF(t, mn, Options{})

	if rep.Pages != examplePages {
		t.Errorf("%d pages, want %d", rep.Pages, examplePages)
	}
	if info := run(t, "pdfinfo", path); !strings.Contains(info, "Pages:           5") {
		t.Errorf("pdfinfo:\n%s", info)
	}
	if rep.Fingerprint != mn.Fingerprint() || rep.Revision != 1 || rep.Draft || len(rep.Replaced) != 0 {
		t.Errorf("report %+v", rep)
	}
	t.Logf("%d pages, %d bytes", rep.Pages, len(pdf))

	t.Run("text fields once and in order", func(t *testing.T) {
		minutes := pageText(t, path, 1, rep.Pages-1)
		checkInOrder(t, minutes, append([]string{"建德市行政审批服务管理办公室协调会议纪要", "〔2026〕12号"}, minutesFields(mn)...))
		if strings.Contains(squeeze(minutes), "会签页") {
			t.Error("the signature sheet starts before the last page")
		}
	})
	t.Run("signature sheet", func(t *testing.T) {
		sheet := pageText(t, path, rep.Pages, rep.Pages)
		var want []string
		for _, a := range mn.Meeting.Attendance {
			if a.Status.Attending() {
				want = append(want, a.Person)
			}
		}
		checkInOrder(t, sheet, append(append([]string{"会签页"}, want...), "主持人（签字）", "记录人（签字）", mn.Meeting.CopyTo, "2026年10月12日印发"))
		// The 序号 and 单位 columns, read top to bottom: one row per attending department.
		numbers := squeeze(columnText(t, path, rep.Pages, rep.Pages, marginLeft, signatureColumns[0]))
		units := squeeze(columnText(t, path, rep.Pages, rep.Pages, marginLeft+signatureColumns[0], signatureColumns[1]))
		wantNumbers, wantUnits := "序号", "单位"
		for i, d := range mn.Meeting.AttendingDepartments() {
			wantNumbers += strconv.Itoa(i + 1)
			wantUnits += d
		}
		if rows := regexp.MustCompile(`序号\d+`).FindString(numbers); rows != wantNumbers || !strings.Contains(units, wantUnits) {
			t.Errorf("signature rows:\n序号 %q\nwant %q\n单位 %q\nwant %q", numbers, wantNumbers, units, wantUnits)
		}
	})
	t.Run("page furniture", func(t *testing.T) {
		for p := 1; p <= rep.Pages; p++ {
			all := squeeze(run(t, "pdftotext", "-q", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), path, "-"))
			for _, s := range []string{"—" + strconv.Itoa(p) + "—", "第" + strconv.Itoa(p) + "页共5页", "指纹" + rep.Fingerprint[:12], "〔2026〕12号"} {
				if !strings.Contains(all, s) {
					t.Errorf("page %d lacks %q", p, s)
				}
			}
		}
	})
	t.Run("metadata", func(t *testing.T) {
		info := run(t, "pdfinfo", path)
		for _, s := range []string{
			"Title:           " + mn.Meeting.Title,
			"Author:          " + mn.Meeting.Organizer,
			"Creator:         Backstop",
			"backstop-fingerprint=" + rep.Fingerprint,
			"backstop-revision=1",
			"CreationDate:    Mon Oct 12 11:30:00 2026",
		} {
			if !strings.Contains(info, s) {
				t.Errorf("pdfinfo lacks %q:\n%s", s, info)
			}
		}
	})
	t.Run("qpdf check", func(t *testing.T) {
		out := run(t, "qpdf", "--check", path)
		if !strings.Contains(out, "No syntax or stream encoding errors found") {
			t.Errorf("qpdf --check:\n%s", out)
		}
	})
	t.Run("fonts embedded", func(t *testing.T) {
		out := run(t, "pdffonts", path)
		lines := strings.Split(strings.TrimSpace(out), "\n")[2:]
		if len(lines) != 3 {
			t.Errorf("want 3 fonts (body, title, heading):\n%s", out)
		}
		for _, l := range lines {
			if f := strings.Fields(l); len(f) < 5 || f[len(f)-5] != "yes" {
				t.Errorf("font not embedded: %s", l)
			}
		}
	})
}

// TestDeterministic writes the same minutes twice, the second time in another time
// zone: the bytes must not change.
func TestDeterministic(t *testing.T) {
	mn := exampleMinutes(t)
	var a, b bytes.Buffer
	if _, err := WriteMinutes(&a, mn, Options{}); err != nil {
		t.Fatal(err)
	}
	old := time.Local
	time.Local = time.FixedZone("elsewhere", -5*3600)
	defer func() { time.Local = old }()
	if _, err := WriteMinutes(&b, exampleMinutes(t), Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same minutes gave different PDFs")
	}
}
