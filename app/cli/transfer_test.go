package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"backstop/meeting/store"
)

func TestTransferCommands(t *testing.T) {
	township := t.TempDir()
	mustRun(t, township, "import", example)
	mustRun(t, township, "finalize", "-meeting", "1")
	scan := filepath.Join(t.TempDir(), "signed.png")
	os.WriteFile(scan, append([]byte("\x89PNG\r\n\x1a\n"), "signed"...), 0o600)
	mustRun(t, township, "attach", "-meeting", "1", scan)
	receipt := filepath.Join(t.TempDir(), "receipt.png")
	os.WriteFile(receipt, append([]byte("\x89PNG\r\n\x1a\n"), "receipt"...), 0o600)
	mustRun(t, township, "deliver", "-meeting", "1", "-dept", "公证处", "-how", "邮寄", "-by", "吴芳", "-on", "2026-10-13", "-receipt", receipt)

	file := filepath.Join(t.TempDir(), "梅城镇 2026-10.bstx")
	out := mustRun(t, township, "transfer-export", "-o", file, "-from", "梅城镇便民服务中心", "-meeting", "1")
	if !strings.Contains(out, "2 个诉求，1 个会议，3 个存档文件") {
		t.Errorf("transfer-export output %q", out)
	}

	city := t.TempDir()
	out = mustRun(t, city, "transfer-import", file)
	for _, want := range []string{"转办包来自：梅城镇便民服务中心", "新增 3 条，已有且相同 0 条，冲突 0 条", "复制存档文件 3 个", "新增：会议「〔2026〕1号"} {
		if !strings.Contains(out, want) {
			t.Errorf("transfer-import output lacks %q:\n%s", want, out)
		}
	}
	meetings, cases := counts(t, city)
	if meetings != 1 || cases != 2 {
		t.Errorf("city has %d meetings and %d cases, want 1 and 2", meetings, cases)
	}
	if out := mustRun(t, city, "verify", "--all"); !strings.Contains(out, "存档完好") {
		t.Errorf("verify --all after import: %s", out)
	}
	m := recorded(t, city, 1)
	if d := m.Revisions[0].Deliveries[5]; d.Department != "公证处" || d.ReceivedBy != "吴芳" || d.Receipt == nil {
		t.Errorf("the township's delivery came over as %+v", d)
	} else if out := mustRun(t, city, "verify", filepath.Join(city, "archive", filepath.FromSlash(d.Receipt.Path))); !strings.Contains(out, "「公证处」分送件的签收回执") {
		t.Errorf("verify of the imported receipt: %q", out)
	}
	if out := mustRun(t, city, "verify", filepath.Join(city, "archive", filepath.FromSlash(m.Revisions[0].PDFPath))); !strings.Contains(out, "〔2026〕1号") {
		t.Errorf("verify of the imported PDF: %q", out)
	}

	// The same package again adds nothing.
	out = mustRun(t, city, "transfer-import", file)
	if !strings.Contains(out, "新增 0 条，已有且相同 3 条，冲突 0 条") {
		t.Errorf("second import: %q", out)
	}

	// The city edits the case; the township's copy is now a conflict: exit 1.
	st, err := store.Open(city)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := st.Case(1)
	c.Request += "（市兜底办补充：已电话联系申请人）"
	if err := st.SaveCase(&c); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, errs := run(t, city, "transfer-import", file)
	if code != ExitUser || !strings.Contains(out, "冲突：诉求") || !strings.Contains(out, "诉求内容") || !strings.Contains(errs, "1 条记录与本机记录冲突") {
		t.Errorf("conflicting import: exit %d\n%s\n%s", code, out, errs)
	}
	st, err = store.Open(city)
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := st.Case(1); after.Request != c.Request {
		t.Errorf("the conflicting import overwrote the city's case")
	}
	st.Close()

	// By case UID, and by case ID.
	byUID := filepath.Join(t.TempDir(), "uid.bstx")
	mustRun(t, city, "transfer-export", "-o", byUID, "-case", c.UID)
	byID := filepath.Join(t.TempDir(), "id.bstx")
	mustRun(t, city, "transfer-export", "-o", byID, "-case", "1")
}

func TestTransferCommandErrors(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "import", example)
	bad := filepath.Join(t.TempDir(), "bad.bstx")
	os.WriteFile(bad, []byte("PK\x03\x04 not really"), 0o600)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"transfer-export", "-case", "1"}, "-o"},
		{[]string{"transfer-export", "-o", filepath.Join(t.TempDir(), "x.bstx")}, "-all"},
		{[]string{"transfer-export", "-o", filepath.Join(t.TempDir(), "x.bstx"), "-case", "9"}, "未找到编号为 9 的诉求"},
		{[]string{"transfer-export", "-o", filepath.Join(t.TempDir(), "x.bstx"), "-meeting", "x"}, "会议 ID「x」无效"},
		{[]string{"transfer-import"}, "用法"},
		{[]string{"transfer-import", bad}, "不是完整的转办包"},
		{[]string{"transfer-import", filepath.Join(t.TempDir(), "missing.bstx")}, "找不到转办包"},
	} {
		if code, _, errs := run(t, dir, tt.args...); code != ExitUser || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, %q; want exit 1 with %q", tt.args, code, errs, tt.want)
		}
	}
	if meetings, cases := counts(t, dir); meetings != 1 || cases != 2 {
		t.Errorf("refused commands changed the data: %d meetings, %d cases", meetings, cases)
	}
}
