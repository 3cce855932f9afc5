package ledger

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// openpyxlScript loads a workbook with openpyxl (Debian's python3-openpyxl, a reader
// written apart from excelize) and prints what a spreadsheet user sees of it: the
// sheets, their frozen panes, print titles and page setup, and every cell as text.
const openpyxlScript = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    out.append({
        "name": ws.title,
        "freeze": ws.freeze_panes,
        "print_titles": ws.print_title_rows,
        "orientation": ws.page_setup.orientation,
        "paper": str(ws.page_setup.paperSize),
        "rows": [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)],
    })
json.dump(out, sys.stdout, ensure_ascii=False)
`

// TestWriteXLSXReadByOpenpyxl is the second reader of the ledger: the workbook opens
// in openpyxl with its three sheets, the frozen header, print titles and A4 landscape, and
// the cells as written, characters above U+FFFF included. make test installs
// python3-openpyxl; without it the test is skipped and says so.
func TestWriteXLSXReadByOpenpyxl(t *testing.T) {
	// Debian's own interpreter: a python3 earlier in PATH (pyenv) lacks the package.
	python := "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import openpyxl").Run(); err != nil {
		t.Skip("python3-openpyxl is not installed (make test installs it): the second reader was not run")
	}
	path := filepath.Join(t.TempDir(), "台账.xlsx")
	if err := os.WriteFile(path, writeWorkbook(t, Options{Today: today}), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(python, "-c", openpyxlScript, path).Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("openpyxl could not read the workbook: %v\n%s", err, stderr)
	}
	var sheets []struct {
		Name        string     `json:"name"`
		Freeze      string     `json:"freeze"`
		PrintTitles string     `json:"print_titles"`
		Orientation string     `json:"orientation"`
		Paper       string     `json:"paper"`
		Rows        [][]string `json:"rows"`
	}
	if err := json.Unmarshal(out, &sheets); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(sheets) != 3 || sheets[0].Name != string(CasesSheet) || sheets[1].Name != string(ItemsSheet) || sheets[2].Name != string(DeliveriesSheet) {
		t.Fatalf("openpyxl sees sheets %+v", sheets)
	}
	cases, items := fixture(t)
	for i, s := range sheets {
		if s.Freeze == "" || s.PrintTitles == "" || s.Orientation != "landscape" || s.Paper != "9" {
			t.Errorf("sheet %s: frozen %q, print titles %q, %s, paper %s; want a frozen header repeated on A4 landscape",
				s.Name, s.Freeze, s.PrintTitles, s.Orientation, s.Paper)
		}
		cols, want := caseColumns, len(cases)
		switch i {
		case 1:
			cols, want = itemColumns, len(items)
		case 2:
			cols, want = deliveryColumns, 4 // both meetings, every year
		}
		header := slices.IndexFunc(s.Rows, func(r []string) bool { return len(r) > 0 && r[0] == cols[0].header })
		if header < 0 || len(s.Rows[header]) != len(cols) || s.Rows[header][len(cols)-1] != cols[len(cols)-1].header {
			t.Fatalf("sheet %s has no header row of its %d columns: %q", s.Name, len(cols), s.Rows)
		}
		if got := len(s.Rows) - header - 1; got != want {
			t.Errorf("sheet %s has %d data rows, want %d", s.Name, got, want)
		}
	}
	all := string(out)
	for _, want := range []string{"建德市𠀀新材料有限公司", "91330182MA2H0X1234", `厂房竣工验收, \"消防\"问题`} {
		if !strings.Contains(all, want) {
			t.Errorf("openpyxl does not read %q in the workbook", want)
		}
	}
}
