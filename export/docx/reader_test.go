package docx

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"backstop/export"
)

// pythonDocx returns a Python interpreter that imports docx: the one on PATH, or
// Debian's own, where the python3-docx package installs the module.
func pythonDocx(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import docx").Run() == nil {
			return py
		}
	}
	tool(t, "python3-docx-module", "python3-docx") // skips, or fails under make test
	return ""
}

// docxReading is what testdata/read_docx.py prints.
type docxReading struct {
	Paragraphs []struct{ Style, Text string }
	Tables     [][]struct {
		Cells     []string
		Styles    []string
		Header    bool
		CantSplit bool    `json:"cant_split"`
		HeightMM  float64 `json:"height_mm"`
	}
	Styles         []string
	TablePositions []map[string]string `json:"table_positions"`
	Section        struct {
		PageWidthMM  float64  `json:"page_width_mm"`
		PageHeightMM float64  `json:"page_height_mm"`
		TopMM        float64  `json:"top_mm"`
		BottomMM     float64  `json:"bottom_mm"`
		LeftMM       float64  `json:"left_mm"`
		RightMM      float64  `json:"right_mm"`
		OddAndEven   bool     `json:"odd_and_even"`
		FooterOdd    []string `json:"footer_odd"`
		FooterEven   []string `json:"footer_even"`
		Grid         map[string]string
	}
	Core struct {
		Title, Subject, Keywords, Description string
		Revision                              int
		ContentStatus                         string `json:"content_status"`
	}
}

// readDocx reads a .docx with python-docx, a reader independent of this package.
func readDocx(t *testing.T, data []byte) docxReading {
	t.Helper()
	py := pythonDocx(t)
	path := filepath.Join(t.TempDir(), "minutes.docx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := run(t, nil, py, filepath.Join("testdata", "read_docx.py"), path)
	var r docxReading
	if err := json.Unmarshal([]byte(unjoined(out)), &r); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	return r
}

func TestPythonDocxReadsTheExample(t *testing.T) {
	mn := exampleMinutes(t)
	data, _ := writeDocx(t, mn)
	r := readDocx(t, data)
	c, err := export.ContentOf(mn, export.Options{})
	if err != nil {
		t.Fatal(err)
	}

	// Every paragraph, in order, in the style it should have.
	k := 0
	for _, want := range contentParagraphs(c) {
		for k < len(r.Paragraphs) && r.Paragraphs[k].Text != want {
			k++
		}
		if k == len(r.Paragraphs) {
			t.Fatalf("python-docx does not find paragraph %q (in order)", want)
		}
	}
	styleOf := func(text string) string {
		for _, p := range r.Paragraphs {
			if strings.HasPrefix(p.Text, text) {
				return p.Style
			}
		}
		return ""
	}
	for text, style := range map[string]string{
		c.Masthead.Text: "版头", c.Number: "发文字号", c.Title.Text: "纪要标题", "一、关于": "Heading 1",
		"基本情况：": "纪要正文", "议定事项：": "分项标题", "（一）": "纪要正文", "出席：": "出席名单", "会签页": "会签页标题",
		"主持人（签字）：": "签字行",
	} {
		if got := styleOf(text); got != style {
			t.Errorf("the paragraph %q has style %q, want %q", text, got, style)
		}
	}
	for _, s := range []string{"纪要正文", "Heading 1", "分项标题", "版头", "发文字号", "纪要标题", "出席名单", "会签页标题",
		"表格文字", "版记", "工作副本说明", "标签（黑体）", "楷体文字", "会签表"} {
		if !slices.Contains(r.Styles, s) {
			t.Errorf("python-docx does not find the style %q", s)
		}
	}

	// The 会签页: a header row repeated on every page, one row per department present or
	// observing, rows at least 15 mm high that are not split across pages.
	if len(r.Tables) != 2 {
		t.Fatalf("%d tables, want the 会签页's and the 版记's", len(r.Tables))
	}
	if len(r.TablePositions[0]) != 0 {
		t.Errorf("the 会签页 floats: %v", r.TablePositions[0])
	}
	rows := r.Tables[0]
	if len(rows) != len(c.Signature.Rows)+1 {
		t.Fatalf("%d rows, want a header and %d departments", len(rows), len(c.Signature.Rows))
	}
	if !slices.Equal(rows[0].Cells, c.Signature.Header) || !rows[0].Header {
		t.Errorf("header row %+v", rows[0])
	}
	for i, row := range rows[1:] {
		want := c.Signature.Rows[i]
		for j, cell := range want {
			var s strings.Builder
			for _, run := range cell {
				s.WriteString(run.Text)
			}
			if row.Cells[j] != s.String() {
				t.Errorf("row %d cell %d is %q, want %q", i+1, j, row.Cells[j], s.String())
			}
		}
		if row.Cells[4] != "" || row.Cells[5] != "" || !row.CantSplit || row.Header || row.HeightMM < 15-0.05 {
			t.Errorf("row %d: %+v", i+1, row)
		}
	}

	// The 版记: a table floating at the foot of the text block, one row for 抄送, one for
	// the issuing unit and the date, one for the working-copy line.
	col, pos := r.Tables[1], r.TablePositions[1]
	if pos["vertAnchor"] != "margin" || pos["tblpYSpec"] != "bottom" || pos["horzAnchor"] != "page" || pos["tblpX"] != "1587" {
		t.Errorf("the 版记 is positioned by %v", pos)
	}
	wantRows := [][2]string{
		{c.Colophon.CopyLabel + c.Colophon.CopyTo.Text, "版记"},
		{c.Colophon.Issuer.Text + "\t" + c.Colophon.Issued, "版记"},
		{workingCopyLine(c.Info), "工作副本说明"}, // python-docx joins a cell's paragraphs with \n
	}
	if len(col) != len(wantRows) {
		t.Fatalf("the 版记 has %d rows: %+v", len(col), col)
	}
	for i, want := range wantRows {
		if col[i].Cells[0] != want[0] || col[i].Styles[0] != want[1] {
			t.Errorf("版记 row %d is %q in %q, want %q in %q", i+1, col[i].Cells[0], col[i].Styles[0], want[0], want[1])
		}
	}

	// The page: A4, margins 37/35/28/26 mm, 22 lines of 28 characters, odd and even footers.
	s := r.Section
	for name, got := range map[string][2]float64{
		"width": {s.PageWidthMM, 210}, "height": {s.PageHeightMM, 297}, "top": {s.TopMM, 37},
		"bottom": {s.BottomMM, 35}, "left": {s.LeftMM, 28}, "right": {s.RightMM, 26},
	} {
		if math.Abs(got[0]-got[1]) > 0.05 {
			t.Errorf("%s %.2f mm, want %.0f", name, got[0], got[1])
		}
	}
	if s.Grid["type"] != "linesAndChars" || s.Grid["linePitch"] != "579" || !s.OddAndEven {
		t.Errorf("grid %v, odd and even footers %v", s.Grid, s.OddAndEven)
	}
	if strings.Join(s.FooterOdd, "") != "— 1 —" || strings.Join(s.FooterEven, "") != "— 1 —" {
		t.Errorf("footers %q and %q", s.FooterOdd, s.FooterEven)
	}

	// The properties: the revision and fingerprint, and a working copy.
	if r.Core.Revision != 1 || !strings.Contains(r.Core.Keywords, "backstop-fingerprint="+c.Info.Fingerprint) ||
		r.Core.ContentStatus != "工作副本" || !strings.Contains(r.Core.Description, c.Info.Fingerprint) || r.Core.Title != c.Info.Title {
		t.Errorf("core properties %+v", r.Core)
	}
}

func TestPythonDocxReadsHostileText(t *testing.T) {
	mn, long := hostileDraft(t)
	data, _ := writeDocx(t, mn)
	r := readDocx(t, data)
	var all strings.Builder
	for _, p := range r.Paragraphs {
		all.WriteString(p.Text + "\n")
	}
	for _, row := range r.Tables[0] {
		all.WriteString(strings.Join(row.Cells, "\n") + "\n")
	}
	for _, s := range []string{"许𠀀博", "胡𪚥怡", "建德市𠮷野塑料母料有限公司", long, "理由〓甲〓乙〓丙〓丁"} {
		if !strings.Contains(all.String(), s) {
			t.Errorf("python-docx does not find %.40q", s)
		}
	}
	if r.Core.ContentStatus != "草稿（工作副本）" {
		t.Errorf("a draft's status is %q", r.Core.ContentStatus)
	}
}
