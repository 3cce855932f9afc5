package cli

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportWord: -o with .docx writes the Word working copy of the imported draft;
// the package opens and its main part holds the minutes' title.
func TestExportWord(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, dir, "import", example); code != ExitOK {
		t.Fatalf("import: %s", errs)
	}
	out := filepath.Join(t.TempDir(), "纪要 工作副本.DOCX")
	code, stdout, errs := run(t, dir, "export", "-meeting", "1", "-o", out)
	if code != ExitOK {
		t.Fatalf("export exit %d: %s", code, errs)
	}
	if !strings.Contains(stdout, "已导出 Word 工作副本") || !strings.Contains(stdout, "以归档的 PDF 为准") {
		t.Errorf("export output %q", stdout)
	}
	z, err := zip.OpenReader(out)
	if err != nil {
		t.Fatalf("export wrote no .docx: %v", err)
	}
	defer z.Close()
	f, err := z.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(example), "企业分期办理不动产权证等疑难事项协调会") || !strings.Contains(string(b), "企业分期办理不动产权证等疑难事项协调会") {
		t.Error("the document lacks the meeting's title")
	}
}
