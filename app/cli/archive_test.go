package cli

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"backstop/export/archive"
	"backstop/meeting"
	"backstop/meeting/store"
)

// mustRun runs a command that must succeed and returns its standard output.
func mustRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	code, out, errs := run(t, dir, args...)
	if code != ExitOK {
		t.Fatalf("%v: exit %d: %s", args, code, errs)
	}
	return out
}

// recorded returns the meeting as stored.
func recorded(t *testing.T, dir string, id meeting.ID) meeting.Meeting {
	t.Helper()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m, err := st.Meeting(id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestLifecycleCommands(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "import", example)

	out := mustRun(t, dir, "finalize", "-meeting", "1")
	if !strings.Contains(out, "已定稿：会议纪要〔") || !strings.Contains(out, "r1.pdf") {
		t.Errorf("finalize output %q", out)
	}
	m := recorded(t, dir, 1)
	pdf := archive.Path(dir, m.Revisions[0].PDFPath)
	if m.State != meeting.StateFinalized || !strings.Contains(out, m.Revisions[0].PDFHash) {
		t.Fatalf("after finalize: %s %+v", m.State, m.Revisions)
	}

	scan := filepath.Join(t.TempDir(), "签字 扫描件 第一版.png")
	if err := os.WriteFile(scan, append([]byte("\x89PNG\r\n\x1a\n"), "signed"...), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := mustRun(t, dir, "attach", "-meeting", "1", scan); !strings.Contains(out, "scan-r1-1.png") {
		t.Errorf("attach output %q", out)
	}

	for _, file := range []string{pdf, scan} {
		if out := mustRun(t, dir, "verify", file); !strings.Contains(out, "第 1 版") {
			t.Errorf("verify %s: %q", file, out)
		}
	}
	if out := mustRun(t, dir, "verify", "--all"); !strings.Contains(out, "存档完好") {
		t.Errorf("verify --all: %q", out)
	}
	if out := mustRun(t, dir, "archive", "-meeting", "1"); !strings.Contains(out, "已归档") {
		t.Errorf("archive output %q", out)
	}

	out = mustRun(t, dir, "amend", "-meeting", "1", "-reason", "更正议定事项的完成时限")
	if !strings.Contains(out, "第 2 版") {
		t.Errorf("amend output %q", out)
	}
	mustRun(t, dir, "finalize", "-meeting", "1")
	m = recorded(t, dir, 1)
	if len(m.Revisions) != 2 || m.Revisions[1].Reason != "更正议定事项的完成时限" || !strings.HasSuffix(m.Revisions[1].PDFPath, "/r2.pdf") {
		t.Fatalf("after amend and finalize: %+v", m.Revisions)
	}
	if _, err := os.Stat(pdf); err != nil {
		t.Errorf("revision 1's PDF is gone after the amendment: %v", err)
	}

	// One changed byte: verify FILE finds no record, verify --all names the file.
	b, _ := os.ReadFile(pdf)
	b[len(b)/2] ^= 1
	if err := os.WriteFile(pdf, b, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, dir, "verify", pdf)
	if code != ExitUser || !strings.Contains(out, "不一致") {
		t.Errorf("verify of a changed PDF: exit %d, %q %q", code, out, errs)
	}
	code, out, errs = run(t, dir, "verify", "--all")
	if code != ExitUser || !strings.Contains(out, "已被改动") || !strings.Contains(out, m.Revisions[0].PDFPath) || !strings.Contains(errs, "1 个问题") {
		t.Errorf("verify --all with a changed PDF: exit %d, %q %q", code, out, errs)
	}
}

func TestLifecycleCommandErrors(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "import", example)
	text := filepath.Join(t.TempDir(), "说明 文字.pdf")
	os.WriteFile(text, []byte("不是扫描件"), 0o600)
	empty := filepath.Join(t.TempDir(), "空 白.png")
	os.WriteFile(empty, nil, 0o600)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"finalize"}, "请用 -meeting 指定"},
		{[]string{"finalize", "-meeting", "x"}, "会议 ID「x」无效"},
		{[]string{"finalize", "-meeting", "9"}, "未找到"},
		{[]string{"amend", "-meeting", "1", "-reason", "理由"}, "无需修订"},
		{[]string{"attach", "-meeting", "1"}, "请指定一个签字扫描件"},
		{[]string{"attach", "-meeting", "1", text}, "不是 PDF、JPEG 或 PNG"},
		{[]string{"attach", "-meeting", "1", empty}, "空文件"},
		{[]string{"attach", "-meeting", "1", filepath.Join(dir, "无 此文件.png")}, "不存在"},
		{[]string{"archive", "-meeting", "1"}, "只有已签署"},
		{[]string{"verify"}, "--all"},
		{[]string{"verify", "--all", text}, "--all"},
		{[]string{"verify", text}, "不一致"},
	} {
		code, out, errs := run(t, dir, tt.args...)
		if code != ExitUser || !strings.Contains(out+errs, tt.want) {
			t.Errorf("%v: exit %d, output %q %q; want exit 1 with %q", tt.args, code, out, errs, tt.want)
		}
	}
	mustRun(t, dir, "finalize", "-meeting", "1")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"finalize", "-meeting", "1"}, "只有草稿可以定稿"},
		{[]string{"amend", "-meeting", "1"}, "修订理由"},
		{[]string{"attach", "-meeting", "1", text}, "不是 PDF、JPEG 或 PNG"},
	} {
		code, out, errs := run(t, dir, tt.args...)
		if code != ExitUser || !strings.Contains(out+errs, tt.want) {
			t.Errorf("%v: exit %d, output %q %q; want exit 1 with %q", tt.args, code, out, errs, tt.want)
		}
	}
}

// TestOpenRecoversPendingPDF: a PDF lost after the store committed the revision is
// written by the next command that opens the archive.
func TestOpenRecoversPendingPDF(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "import", example)
	mustRun(t, dir, "finalize", "-meeting", "1")
	m := recorded(t, dir, 1)
	pdf := archive.Path(dir, m.Revisions[0].PDFPath)
	mustRun(t, dir, "amend", "-meeting", "1", "-reason", "补充说明")
	// Finalize revision 2 in the store only, as if the process died before the PDF.
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Finalize(1, m.Updated.Add(1e9)); err != nil {
		t.Fatal(err)
	}
	st.Close()
	stray := filepath.Join(filepath.Dir(pdf), ".backstop-tmp-42")
	os.WriteFile(stray, []byte("half a PDF"), 0o600)

	code, out, errs := run(t, dir, "verify", "--all")
	if code != ExitOK || !strings.Contains(errs, "已补写 1 份") || !strings.Contains(out, "存档完好") {
		t.Fatalf("verify --all after a crash: exit %d, %q %q", code, out, errs)
	}
	if _, err := os.Stat(stray); !os.IsNotExist(err) {
		t.Errorf("stray temporary file survived: %v", err)
	}
	if m := recorded(t, dir, 1); m.Revisions[1].PDFHash == "" {
		t.Errorf("revision 2's PDF still pending")
	}
}

func TestArchiveExportCommand(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "import", example)
	mustRun(t, dir, "finalize", "-meeting", "1")
	scan := filepath.Join(t.TempDir(), "签字 扫描件.jpg")
	os.WriteFile(scan, []byte{0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3}, 0o600)
	mustRun(t, dir, "attach", "-meeting", "1", scan)
	zipFile := filepath.Join(t.TempDir(), "2026 归档包.zip")
	out := mustRun(t, dir, "archive-export", "-year", "2026", "-o", zipFile)
	if !strings.Contains(out, "1 个会议纪要") {
		t.Errorf("archive-export output %q", out)
	}
	zr, err := zip.OpenReader(zipFile)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	all := strings.Join(names, " ")
	for _, want := range []string{"manifest.json", "/meeting.json", "/audit.json", "/r1.pdf", "/scan-r1-1.jpg"} {
		if !strings.Contains(all, want) {
			t.Errorf("package lacks %s: %v", want, names)
		}
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"archive-export", "-o", zipFile}, "-year"},
		{[]string{"archive-export", "-year", "2026"}, "-o"},
		{[]string{"archive-export", "-year", "2024", "-o", zipFile}, "没有已定稿"},
	} {
		if code, _, errs := run(t, dir, tt.args...); code != ExitUser || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, %q; want exit 1 with %q", tt.args, code, errs, tt.want)
		}
	}
}

func TestLedgerAfterFinalize(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, dir, "import", example); code != ExitOK {
		t.Fatalf("import: %s", errs)
	}
	if code, _, errs := run(t, dir, "finalize", "-meeting", "1"); code != ExitOK {
		t.Fatalf("finalize: %s", errs)
	}
	csvPath := filepath.Join(t.TempDir(), "督办 台账.csv")
	code, out, errs := run(t, dir, "ledger", "-year", "2026", "-sheet", "督办台账", "-o", csvPath)
	if code != ExitOK || !strings.Contains(out, "4 项议定事项") {
		t.Fatalf("ledger exit %d: %s %s", code, out, errs)
	}
	b, err := os.ReadFile(csvPath)
	if err != nil || !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) || !strings.Contains(string(b), "〔2026〕1号") || !strings.Contains(string(b), "住房和城乡建设局") {
		t.Fatalf("ledger CSV: %v\n%s", err, b)
	}
	xlsx := filepath.Join(t.TempDir(), "台账.xlsx")
	if code, _, errs := run(t, dir, "ledger", "-o", xlsx); code != ExitOK {
		t.Fatalf("ledger xlsx: %s", errs)
	}
	if b, _ := os.ReadFile(xlsx); !bytes.HasPrefix(b, []byte("PK")) {
		t.Fatal("the .xlsx is not a zip package")
	}
	if code, _, errs := run(t, dir, "ledger", "-o", "x.txt"); code != ExitUser || !strings.Contains(errs, ".xlsx 或 .csv") {
		t.Fatalf("bad extension: exit %d %s", code, errs)
	}
	// Status filters, by code or Chinese label: all four items are pending, none done.
	for _, tt := range []struct {
		args []string
		rows int // data rows of the 督办台账 CSV
	}{
		{[]string{"-item-status", "pending"}, 4},
		{[]string{"-item-status", "已办结"}, 0},
		{[]string{"-item-status", "待办理", "-status", "办理中"}, 4},
	} {
		args := append([]string{"ledger", "-sheet", "督办台账", "-o", csvPath}, tt.args...)
		if code, _, errs := run(t, dir, args...); code != ExitOK {
			t.Fatalf("%v: exit %d %s", tt.args, code, errs)
		}
		b, _ := os.ReadFile(csvPath)
		if rows := strings.Count(string(b), "\r\n") - 1; rows != tt.rows {
			t.Errorf("%v: %d rows, want %d:\n%s", tt.args, rows, tt.rows, b)
		}
	}
	if code, _, errs := run(t, dir, "ledger", "-status", "完成", "-o", xlsx); code != ExitUser || !strings.Contains(errs, "-status「完成」无效，应为 办理中、已办结") {
		t.Errorf("bad status: exit %d %s", code, errs)
	}
}
