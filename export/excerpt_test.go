package export

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"backstop/meeting"
)

// plasticsMinutes returns examples/plastics-title-meeting.json finalized as 〔2026〕7号:
// 8 departments in the attendance (6 attending, 1 excused, 1 absent) and 4 decisions.
func plasticsMinutes(t testing.TB) *meeting.Minutes {
	t.Helper()
	mn := plasticsDraft(t)
	if err := meeting.Finalize(mn, meeting.DocNumber{Year: 2026, Seq: 7}, time.Date(2026, 10, 12, 8, 0, 0, 0, time.UTC)); err != nil {
		t.Fatalf("the example does not finalize: %v", err)
	}
	return mn
}

// plasticsDraft returns examples/plastics-title-meeting.json as a draft.
func plasticsDraft(t testing.TB) *meeting.Minutes {
	t.Helper()
	mn := loadExample(t, filepath.Join("..", "examples", "plastics-title-meeting.json"))
	mn.Meeting.ID = 7
	return mn
}

// writeExcerpt writes department's excerpt to a temporary file and returns its path
// and bytes.
func writeExcerpt(t *testing.T, mn *meeting.Minutes, department string) (string, []byte, Report) {
	t.Helper()
	var b bytes.Buffer
	rep, err := WriteExcerpt(&b, mn, department, Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "excerpt.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, b.Bytes(), rep
}

// role is a department's part in one decision of the plastics example, by its position
// in the minutes.
type role struct {
	item, index int
	lead        bool
}

// plasticsRoles is who does what in examples/plastics-title-meeting.json, read off the
// file by hand.
var plasticsRoles = map[string][]role{
	"行政审批服务管理办公室": {{0, 0, false}, {0, 2, false}},
	"自然资源和规划局":    {{0, 0, true}, {1, 0, true}},
	"住房和城乡建设局":    {{0, 1, true}},
	"经济和信息化局":     {{0, 2, true}},
	"消防救援大队":      {{0, 1, false}},
	"公证处":         {{1, 0, false}},
}

func TestExcerptDepartments(t *testing.T) {
	mn := plasticsMinutes(t)
	got := ExcerptDepartments(&mn.Meeting)
	want := []string{"行政审批服务管理办公室", "自然资源和规划局", "住房和城乡建设局", "经济和信息化局", "消防救援大队", "公证处"}
	if !slices.Equal(got, want) {
		t.Errorf("ExcerptDepartments = %v, want %v", got, want)
	}
	for dept, roles := range plasticsRoles {
		var got []role
		for _, e := range ExcerptEntries(&mn.Meeting, dept) {
			got = append(got, role{e.Item, e.Index, e.Lead})
		}
		if !slices.Equal(got, roles) {
			t.Errorf("ExcerptEntries(%s) = %v, want %v", dept, got, roles)
		}
	}
}

// TestExcerptPDFEachDepartment writes the excerpt of every department of the example and
// reads it back with pdftotext: the head of the minutes, the department, the full
// fingerprint, and exactly that department's decisions with its part in each and the
// due date — no other department's decision.
func TestExcerptPDFEachDepartment(t *testing.T) {
	mn := plasticsMinutes(t)
	fp := mn.CurrentRevision().Fingerprint
	m := &mn.Meeting
	for _, dept := range ExcerptDepartments(m) {
		t.Run(dept, func(t *testing.T) {
			path, _, rep := writeExcerpt(t, mn, dept)
			if rep.Fingerprint != fp || rep.Draft || rep.Revision != 1 || len(rep.Replaced) > 0 {
				t.Errorf("report = %+v, want fingerprint %s of revision 1", rep, fp)
			}
			// The text block of every page, without the footers between them.
			text := squeeze(pageText(t, path, 1, rep.Pages))
			for _, want := range []string{
				"建德市行政审批服务管理办公室协调会议纪要", "〔2026〕7号", m.Title, "议定事项分送件",
				"分送：" + dept, "会议时间：2026年10月12日", "会议地点：" + m.Venue,
				"纪要依据：〔2026〕7号第1版，2026年10月12日定稿", fp,
			} {
				if !strings.Contains(text, squeeze(want)) {
					t.Errorf("the excerpt lacks %q", want)
				}
			}
			roles := plasticsRoles[dept]
			lead, coop := 0, 0
			for i, it := range m.Agenda {
				for k, d := range it.Decisions {
					at := slices.IndexFunc(roles, func(r role) bool { return r.item == i && r.index == k })
					has := strings.Contains(text, squeeze(d.Text))
					switch {
					case at < 0 && has:
						t.Errorf("the excerpt shows another department's decision %s（%s）: %s", chineseNumber(i+1), chineseNumber(k+1), d.Text)
					case at >= 0 && !has:
						t.Errorf("the excerpt lacks decision %s（%s）: %s", chineseNumber(i+1), chineseNumber(k+1), d.Text)
					case at >= 0:
						// Numbered as in the minutes, with the part and the due date after the text.
						duty := "（" + chineseNumber(k+1) + "）" + d.Text + "本单位职责："
						if roles[at].lead {
							lead++
							duty += "牵头办理"
						} else {
							coop++
							duty += "配合办理；牵头单位：" + d.Lead
						}
						if !strings.Contains(text, squeeze(duty)) {
							t.Errorf("the excerpt lacks %q", duty)
						}
						if due := "办理时限：" + d.Due.Chinese() + "前。"; !strings.Contains(text, due) {
							t.Errorf("the excerpt lacks %q", due)
						}
					}
				}
			}
			if n := strings.Count(text, "本单位职责："); n != len(roles) {
				t.Errorf("%d decisions shown, want %d", n, len(roles))
			}
			share := map[[2]int]string{{2, 0}: "牵头2项", {1, 0}: "牵头1项", {0, 1}: "配合1项", {0, 2}: "配合2项"}[[2]int{lead, coop}]
			if want := "共形成议定事项4项，其中贵单位" + share + "，"; share == "" || !strings.Contains(text, want) {
				t.Errorf("the excerpt lacks the counts %q", want)
			}
			// Agenda items without a decision for the department are left out.
			for i, it := range m.Agenda {
				heading := chineseNumber(i+1) + "、关于"
				wanted := slices.ContainsFunc(roles, func(r role) bool { return r.item == i })
				if strings.Contains(text, heading) != wanted {
					t.Errorf("heading %q of %s shown: %v, want %v", heading, it.Summary, !wanted, wanted)
				}
			}
		})
	}
}

func TestExcerptNote(t *testing.T) {
	mn := plasticsMinutes(t)
	path, _, rep := writeExcerpt(t, mn, "自然资源和规划局")
	text := squeeze(pageText(t, path, 1, rep.Pages))
	want := squeeze("本单位职责：牵头办理；配合单位：行政审批服务管理办公室。办理时限：2026年10月30日前。办理说明：企业补齐一期验收材料后5个工作日内办结。")
	if !strings.Contains(text, want) {
		t.Errorf("the excerpt lacks %q:\n%s", want, text)
	}
}

func TestExcerptWithoutDecisions(t *testing.T) {
	mn := plasticsMinutes(t)
	for _, dept := range []string{"税务局", "发展和改革局", "", "教育局"} {
		_, _, err := LayoutExcerpt(mn, dept, Options{})
		if meeting.ErrorCode(err) != meeting.CodeNotFound || !strings.Contains(meeting.ErrorMessage(err), "没有牵头或配合的议定事项") {
			t.Errorf("LayoutExcerpt(%q) = %v, want a not-found error", dept, err)
		}
	}
}

// TestExcerptDraft checks that a draft's excerpt says so on every page and carries no
// number and no fingerprint.
func TestExcerptDraft(t *testing.T) {
	mn := plasticsDraft(t)
	path, _, rep := writeExcerpt(t, mn, "公证处")
	if !rep.Draft || rep.Fingerprint != "" {
		t.Errorf("report = %+v, want a draft without fingerprint", rep)
	}
	text := squeeze(run(t, "pdftotext", "-q", path, "-"))
	for _, want := range []string{"草稿", "纪要状态：草稿，尚未定稿，不作为办理依据", "分送：公证处"} {
		if !strings.Contains(text, squeeze(want)) {
			t.Errorf("the draft excerpt lacks %q", want)
		}
	}
	for _, unwanted := range []string{mn.Fingerprint()[:12], "〔2026〕", "纪要指纹"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("the draft excerpt shows %q", unwanted)
		}
	}
	doc, _, err := LayoutExcerpt(mn, "公证处", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range doc.Pages {
		if w, ok := p.Elements[0].(Watermark); !ok || w.Text != "草稿" {
			t.Errorf("page %d has no 草稿 watermark", p.Number)
		}
	}
}

func TestExcerptDeterministic(t *testing.T) {
	_, a, _ := writeExcerpt(t, plasticsMinutes(t), "住房和城乡建设局")
	_, b, _ := writeExcerpt(t, plasticsMinutes(t), "住房和城乡建设局")
	if !bytes.Equal(a, b) {
		t.Error("two excerpts of the same revision differ")
	}
	path := filepath.Join(t.TempDir(), "excerpt.pdf")
	if err := os.WriteFile(path, a, 0o644); err != nil {
		t.Fatal(err)
	}
	if out := run(t, "qpdf", "--check", path); !strings.Contains(out, "No syntax or stream encoding errors found") {
		t.Errorf("qpdf --check:\n%s", out)
	}
	info := run(t, "pdfinfo", path)
	for _, want := range []string{"分送件（住房和城乡建设局）", "backstop-excerpt=true", plasticsMinutes(t).CurrentRevision().Fingerprint} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
}

// TestExcerptLongList checks the excerpt of a department with many decisions: it runs
// over pages, numbers them, and loses none.
func TestExcerptLongList(t *testing.T) {
	mn := largeMinutes(t)
	dept := mn.Meeting.Attendance[0].Department
	entries := ExcerptEntries(&mn.Meeting, dept)
	path, _, rep := writeExcerpt(t, mn, dept)
	if rep.Pages < 2 {
		t.Fatalf("%d decisions on %d page(s); the test wants more than one page", len(entries), rep.Pages)
	}
	text := squeeze(pageText(t, path, 1, rep.Pages))
	for _, e := range entries {
		if !strings.Contains(text, squeeze(e.Decision.Text)) {
			t.Errorf("the excerpt lacks %q", e.Decision.Text)
		}
	}
	if n := strings.Count(text, "本单位职责："); n != len(entries) {
		t.Errorf("%d decisions shown, want %d", n, len(entries))
	}
	all := squeeze(run(t, "pdftotext", "-q", path, "-"))
	if !strings.Contains(all, squeeze("第 "+itoa(rep.Pages)+" 页 共 "+itoa(rep.Pages)+" 页")) {
		t.Error("the last page does not say it is the last")
	}
}

func TestResolveDepartment(t *testing.T) {
	mn := plasticsMinutes(t)
	m := mn.Meeting
	// A second land office, to show that names are matched exactly, not by likeness.
	m.Attendance = append(m.Attendance, meeting.Attendance{DepartmentID: 42, Department: "自然资源局", Status: meeting.Present})
	m.Attendance[1].DepartmentID = 2
	directory := []meeting.Department{
		{ID: 2, Name: "自然资源和规划局", ShortName: "资规局"},
		{ID: 42, Name: "自然资源局", ShortName: "资源局"},
		{ID: 9, Name: "教育局", ShortName: "教育局"},
	}
	tests := []struct {
		name, query, want, err string
	}{
		{"exact", "公证处", "公证处", ""},
		{"exact, white space", " 公证处 ", "公证处", ""},
		{"exact although a prefix of another", "自然资源局", "自然资源局", ""},
		{"unique prefix", "住房", "住房和城乡建设局", ""},
		{"short name by directory ID", "资规局", "自然资源和规划局", ""},
		{"no decisions still resolves", "税务局", "税务局", ""},
		{"ambiguous prefix", "自然资源", "", "「自然资源」可以指自然资源和规划局、自然资源局，请写出完整的部门名称。"},
		{"unknown", "教育", "", "本次会议没有部门「教育」。有议定事项的部门：行政审批服务管理办公室、自然资源和规划局、住房和城乡建设局、经济和信息化局、消防救援大队、公证处。"},
		{"in directory, not at the meeting", "教育局", "", "本次会议没有部门「教育局」。"},
		{"empty", "  ", "", "请指定部门名称。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ResolveDepartment(&m, tt.query, directory)
			if tt.err == "" {
				if err != nil || got != tt.want {
					t.Errorf("ResolveDepartment(%q) = %q, %v; want %q", tt.query, got, err, tt.want)
				}
				return
			}
			if meeting.ErrorCode(err) != meeting.CodeInvalid || !strings.HasPrefix(meeting.ErrorMessage(err), tt.err) {
				t.Errorf("ResolveDepartment(%q) = %q, %v; want the error %q", tt.query, got, err, tt.err)
			}
		})
	}
	// The exact match keeps 自然资源局 from receiving 自然资源和规划局's tasks.
	if e := ExcerptEntries(&m, "自然资源局"); len(e) != 0 {
		t.Errorf("自然资源局 gets %d decisions of 自然资源和规划局", len(e))
	}
}

// TestExcerptGolden compares the text of the land office's excerpt with
// testdata/excerpt-land.txt and, with -update, rewrites it along with
// testdata/excerpt-land.png, its first page at 60 dpi for people to review.
//
//	go test ./export -run TestExcerptGolden -update
func TestExcerptGolden(t *testing.T) {
	path, _, _ := writeExcerpt(t, plasticsMinutes(t), "自然资源和规划局")
	text := run(t, "pdftotext", "-q", "-layout", path, "-")
	golden := filepath.Join("testdata", "excerpt-land.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		run(t, "pdftoppm", "-r", "60", "-png", "-singlefile", "-f", "1", "-l", "1", path, filepath.Join(dir, "page"))
		png, err := os.ReadFile(filepath.Join(dir, "page.png"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("testdata", "excerpt-land.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if squeeze(text) != squeeze(string(want)) {
		t.Errorf("the text of the excerpt changed; review it and run with -update:\n%s", text)
	}
}

// BenchmarkExcerpt measures one department's excerpt of the example (lay out and write
// the PDF), and every excerpt of the large meeting (20 items, 60 decisions, 15
// departments).
func BenchmarkExcerpt(b *testing.B) {
	b.Run("one", func(b *testing.B) {
		mn := plasticsMinutes(b)
		for b.Loop() {
			if _, err := WriteExcerpt(&bytes.Buffer{}, mn, "自然资源和规划局", Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("all-large", func(b *testing.B) {
		mn := largeMinutes(b)
		depts := ExcerptDepartments(&mn.Meeting)
		for b.Loop() {
			for _, d := range depts {
				if _, err := WriteExcerpt(&bytes.Buffer{}, mn, d, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(len(depts)), "excerpts/op")
	})
}
