package ledger

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func writeWorkbook(t *testing.T, opts Options) []byte {
	t.Helper()
	cases, items := fixture(t)
	if opts.Meetings == nil {
		opts.Meetings = fixtureMeetings(t)
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, cases, items, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteXLSX(t *testing.T) {
	raw := writeWorkbook(t, Options{Year: 2026, Today: today, Title: "2026年兜底办台账"})
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })

	if got := f.GetSheetList(); len(got) != 3 || got[0] != string(CasesSheet) || got[1] != string(ItemsSheet) || got[2] != string(DeliveriesSheet) {
		t.Fatalf("sheets = %q", got)
	}
	cells := []struct {
		sheet      Sheet
		cell, want string
	}{
		{CasesSheet, "A1", "编号"},
		{CasesSheet, "G1", "统一社会信用代码"},
		{CasesSheet, "J1", "答复/结果"},
		{CasesSheet, "A2", "7"},
		{CasesSheet, "C2", "2026-03-02"},
		{CasesSheet, "F2", "建德市𠀀新材料有限公司"},
		{CasesSheet, "J2", "电话：已办结。\n第二行"},
		{CasesSheet, "A3", ""}, // the 2025 case is filtered out
		{DeliveriesSheet, "D1", "收件单位"},
		{DeliveriesSheet, "D4", "寿昌镇"},
		{DeliveriesSheet, "E4", "未送达"},
		{DeliveriesSheet, "F2", "2026-03-10"},
		{DeliveriesSheet, "A5", ""}, // the 2025 meeting is filtered out
		{ItemsSheet, "A1", "文号"},
		{ItemsSheet, "G1", "逾期天数"},
		{ItemsSheet, "H1", "办结日期"},
		{ItemsSheet, "A2", "〔2026〕5号"},
		{ItemsSheet, "D2", "市住建局、寿昌镇"},
		{ItemsSheet, "E2", "2026-03-20"},
		{ItemsSheet, "G2", "12"},
		{ItemsSheet, "H3", "2026-03-30"},
		{ItemsSheet, "A4", ""},
	}
	for _, c := range cells {
		got, err := f.GetCellValue(string(c.sheet), c.cell)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s!%s = %q, want %q", c.sheet, c.cell, got, c.want)
		}
	}
	if typ, _ := f.GetCellType(string(ItemsSheet), "G2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("days overdue cell type = %v, want a number", typ)
	}

	for _, sheet := range []Sheet{CasesSheet, ItemsSheet} {
		name := string(sheet)
		t.Run(name, func(t *testing.T) {
			panes, err := f.GetPanes(name)
			if err != nil {
				t.Fatal(err)
			}
			if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
				t.Errorf("panes = %+v, want the header row frozen", panes)
			}
			layout, err := f.GetPageLayout(name)
			if err != nil {
				t.Fatal(err)
			}
			if layout.Size == nil || *layout.Size != paperA4 || layout.Orientation == nil || *layout.Orientation != "landscape" {
				t.Errorf("page layout = %+v, want A4 landscape", layout)
			}
			style, err := f.GetCellStyle(name, "A1")
			if err != nil {
				t.Fatal(err)
			}
			s, err := f.GetStyle(style)
			if err != nil {
				t.Fatal(err)
			}
			if s.Font == nil || !s.Font.Bold {
				t.Errorf("header A1 is not bold")
			}
			if w, err := f.GetColWidth(name, "B"); err != nil || w < 8 {
				t.Errorf("width of B = %v, %v", w, err)
			}
		})
	}
	names := f.GetDefinedName()
	titles := map[string]string{}
	for _, n := range names {
		if n.Name == "_xlnm.Print_Titles" {
			titles[n.Scope] = n.RefersTo
		}
	}
	for _, sheet := range []Sheet{CasesSheet, ItemsSheet} {
		if want := "'" + string(sheet) + "'!$1:$1"; titles[string(sheet)] != want {
			t.Errorf("print titles of %s = %q, want %q", sheet, titles[string(sheet)], want)
		}
	}
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Title != "2026年兜底办台账" {
		t.Errorf("title = %q", props.Title)
	}
}

// TestWriteXLSXSecondReader checks the workbook with a reader other than excelize:
// LibreOffice converting it to CSV when installed, and always the OPC package parts a
// spreadsheet application needs, read with archive/zip.
func TestWriteXLSXSecondReader(t *testing.T) {
	raw := writeWorkbook(t, Options{Today: today})

	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", zf.Name, err)
		}
		parts[zf.Name] = string(b)
	}
	for _, part := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} {
		if _, ok := parts[part]; !ok {
			t.Errorf("workbook lacks part %s", part)
		}
	}
	// <col> elements must be in column order, or Excel reports the file as damaged.
	if sheet := parts["xl/worksheets/sheet2.xml"]; strings.Index(sheet, `<col min="1"`) > strings.Index(sheet, `<col min="2"`) {
		t.Errorf("columns out of order in sheet2.xml")
	}
	for _, want := range []string{"诉求台账", "督办台账", "_xlnm.Print_Titles"} {
		if !strings.Contains(parts["xl/workbook.xml"], want) {
			t.Errorf("xl/workbook.xml lacks %q", want)
		}
	}
	for _, want := range []string{`state="frozen"`, `paperSize="9"`, `orientation="landscape"`, "<sheetData>"} {
		if !strings.Contains(parts["xl/worksheets/sheet1.xml"], want) {
			t.Errorf("sheet1.xml lacks %q", want)
		}
	}

	soffice, err := exec.LookPath("soffice")
	if err != nil {
		soffice, err = exec.LookPath("libreoffice")
	}
	if err != nil {
		t.Log("LibreOffice not installed; checked the package parts only")
		return
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "ledger.xlsx")
	if err := os.WriteFile(in, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	csvOut, err := os.ReadFile(filepath.Join(dir, "ledger.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(csvOut), "统一社会信用代码") || !strings.Contains(string(csvOut), "建德市𠀀新材料有限公司") {
		t.Errorf("LibreOffice read:\n%s", csvOut)
	}
}
