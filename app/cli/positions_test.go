package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportCarriesPositions(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	dir := t.TempDir()
	if code, _, errs := run(t, dir, "import", example); code != ExitOK {
		t.Fatalf("import: %s", errs)
	}
	out := filepath.Join(t.TempDir(), "minutes.pdf")
	if code, _, errs := run(t, dir, "export", "-meeting", "1", "-o", out); code != ExitOK {
		t.Fatalf("export: %s", errs)
	}
	b, err := exec.Command("pdftotext", "-q", out, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(b)), "")
	for _, want := range []string{"部门意见：", "自然资源和规划局：同意。", "消防救援大队对本议题持保留意见：", "消防救援大队（有保留意见）"} {
		if !strings.Contains(text, want) {
			t.Errorf("the exported minutes lack %q", want)
		}
	}
}

func TestImportRefusesPositionOfAbsentDepartment(t *testing.T) {
	b, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(b), `{"department": "消防救援大队", "stance": "reserved"`, `{"department": "税务局", "stance": "reserved"`, 1)
	if bad == string(b) {
		t.Fatal("the example has no 保留意见 of 消防救援大队 to change")
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "in.json")
	if err := os.WriteFile(f, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, filepath.Join(dir, "data"), "import", f)
	if code != ExitUser || !strings.Contains(errs, "positions[2].department") || !strings.Contains(errs, "「税务局」未参会（请假）") {
		t.Fatalf("exit %d, stderr %q; want a refusal naming the position's department", code, errs)
	}
}
