package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.etcd.io/bbolt"
)

// A meeting record overwritten in place: check names it and offers restore -damaged,
// which puts back that record alone from the backup, after which check passes and a
// meeting imported after the backup is still there.
func TestRestoreDamagedCommand(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "import", example)
	mustRun(t, dir, "backup", "-o", filepath.Join(dir, "backups", "backstop-manual.db"))
	mustRun(t, dir, "import", example) // meeting 2, after the backup

	path := filepath.Join(dir, "backstop.db")
	var value []byte
	func() {
		db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		_ = db.View(func(tx *bbolt.Tx) error {
			value = bytes.Clone(tx.Bucket([]byte("meetings")).Get([]byte{0, 0, 0, 0, 0, 0, 0, 1}))
			return nil
		})
	}()
	data, _ := os.ReadFile(path)
	if len(value) == 0 || !bytes.Contains(data, value) {
		t.Fatal("meeting 1 not found in the file")
	}
	// Every copy, the live one and any left on free pages.
	data = bytes.ReplaceAll(data, value, append([]byte("<"), value[1:]...))
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}

	code, _, stderr := run(t, dir, "check")
	if code != ExitUser || !strings.Contains(stderr, "会议（编号 1）无法读取") || !strings.Contains(stderr, "backstop restore -damaged") {
		t.Fatalf("check: exit %d, %s", code, stderr)
	}
	// list shows the intact meeting, names the damaged one and exits as check does.
	code, stdout, stderr := run(t, dir, "list")
	if code != ExitUser || strings.Count(stdout, "企业分期办理不动产权证等疑难事项协调会") != 1 ||
		!strings.Contains(stderr, "会议（编号 1）的记录已损坏，没有列出。") {
		t.Errorf("list of a store with a damaged meeting: exit %d, %q, %q", code, stdout, stderr)
	}
	out := mustRun(t, dir, "restore", "-damaged")
	backup := filepath.Join(dir, "backups", "backstop-manual.db")
	if !strings.Contains(out, "已从备份 "+backup+" 放回会议（编号 1）。") || !strings.Contains(out, "共放回 1 条记录") {
		t.Errorf("restore -damaged said %q", out)
	}
	if out := mustRun(t, dir, "check"); !strings.Contains(out, "数据文件完好") {
		t.Errorf("check after the repair: %q", out)
	}
	if out := mustRun(t, dir, "list"); strings.Count(out, "企业分期办理不动产权证等疑难事项协调会") != 2 {
		t.Errorf("list after the repair: %q", out)
	}
	if out := mustRun(t, dir, "restore", "-damaged"); !strings.Contains(out, "没有损坏的记录") {
		t.Errorf("a second repair: %q", out)
	}
}
