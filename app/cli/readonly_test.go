package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"backstop/export/archive"
	"backstop/meeting/store/storetest"
)

// A data folder on a read-only mount: the reading commands work and say once that the
// folder is read-only; the writing commands refuse with exit 1 naming the folder; and
// nothing in the folder changes.
func TestReadOnlyDataFolder(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "import", example)
	mustRun(t, dir, "finalize", "-meeting", "1")
	mustRun(t, dir, "import", example) // a draft, meeting 2
	archived := archive.Path(dir, recorded(t, dir, 1).Revisions[0].PDFPath)
	before := folderState(t, dir)
	ro := storetest.ReadOnlyView(t, dir)
	notice := "数据文件夹只读，只能查看（" + ro + "）\n"
	out := t.TempDir()

	reading := []struct {
		args []string
		says string // on standard output
	}{
		{[]string{"list"}, "企业分期办理不动产权证等疑难事项协调会"},
		{[]string{"check"}, "数据文件完好"},
		{[]string{"export", "-fonts", "embedded", "-meeting", "2", "-o", filepath.Join(out, "draft.pdf")}, "已导出"},
		{[]string{"export", "-fonts", "embedded", "-meeting", "1", "-o", filepath.Join(out, "final.pdf")}, "已导出"},
		{[]string{"excerpt", "-fonts", "embedded", "-meeting", "1", "-dept", "公证处", "-o", filepath.Join(out, "excerpt.pdf")}, "已导出"},
		{[]string{"verify", "--all"}, "存档完好"},
		{[]string{"ledger", "-o", filepath.Join(out, "ledger.csv")}, "已导出"},
		{[]string{"backup", "-o", filepath.Join(out, "copy.db")}, "已备份到"},
		{[]string{"archive-export", "-year", "2026", "-o", filepath.Join(out, "2026.zip")}, "已导出 2026 年的归档包"},
		{[]string{"transfer-export", "-all", "-o", filepath.Join(out, "all.bstx")}, "已导出转办包"},
	}
	for _, tt := range reading {
		t.Run(tt.args[0], func(t *testing.T) {
			code, stdout, stderr := run(t, ro, tt.args...)
			if code != ExitOK || !strings.Contains(stdout, tt.says) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit 0 saying %q", code, stdout, stderr, tt.says)
			}
			if !strings.HasPrefix(stderr, notice) || strings.Count(stderr, "只读") != 1 {
				t.Errorf("stderr %q should begin with %q, once", stderr, notice)
			}
		})
	}
	if code, stdout, stderr := run(t, ro, "verify", archived); code != ExitOK || !strings.Contains(stdout, "第 1 版") {
		t.Errorf("verify of the archived PDF: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "copy.db")); err != nil {
		t.Errorf("backup -o wrote nothing: %v", err)
	}

	scan := filepath.Join(t.TempDir(), "scan.png")
	if err := os.WriteFile(scan, append([]byte("\x89PNG\r\n\x1a\n"), "signed"...), 0o600); err != nil {
		t.Fatal(err)
	}
	refusal := "错误：数据文件夹只读，不能修改数据（" + ro + "）。"
	writing := [][]string{
		{"import", example},
		{"finalize", "-meeting", "2"},
		{"amend", "-meeting", "1", "-reason", "更正文号"},
		{"attach", "-meeting", "1", scan},
		{"archive", "-meeting", "1"},
		{"transfer-import", filepath.Join(out, "all.bstx")},
		{"backup"}, // into the data folder's backups
	}
	for _, args := range writing {
		t.Run(args[0], func(t *testing.T) {
			code, stdout, stderr := run(t, ro, args...)
			t.Logf("exit %d: %s", code, stderr)
			if code != ExitUser {
				t.Errorf("exit %d, want %d (the user's environment, not an internal error)", code, ExitUser)
			}
			if !strings.Contains(stderr, ro) || !strings.Contains(stderr, "只读") || strings.Contains(stdout, "已") {
				t.Errorf("stdout %q, stderr %q; want a refusal naming %s", stdout, stderr, ro)
			}
			if args[0] != "backup" && !strings.HasPrefix(stderr, refusal) {
				t.Errorf("stderr %q, want it to begin with %q", stderr, refusal)
			}
		})
	}
	if code, _, stderr := run(t, ro, "restore", filepath.Join(out, "copy.db")); code != ExitUser || !strings.Contains(stderr, "只读") || !strings.Contains(stderr, ro) {
		t.Errorf("restore: exit %d, stderr %q", code, stderr)
	}
	if after := folderState(t, dir); after != before {
		t.Errorf("the read-only folder changed:\nbefore\n%s\nafter\n%s", before, after)
	}
}

// folderState lists every file under dir with its size and modification time.
func folderState(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		b.WriteString(rel + " " + info.Mode().String())
		if !info.IsDir() {
			fmt.Fprintf(&b, " %d %s", info.Size(), info.ModTime())
		}
		b.WriteString("\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
