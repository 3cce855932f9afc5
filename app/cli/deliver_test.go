package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeliverVerifyAndArchive walks the delivery of excerpts from the command line:
// the list of excerpts due, a delivery, its receipt, verify naming an excerpt's
// department, and the warning of archive while excerpts are undelivered.
func TestDeliverVerifyAndArchive(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, dir, "import", example); code != ExitOK {
		t.Fatal(errs)
	}
	if code, _, errs := run(t, dir, "finalize", "-meeting", "1"); code != ExitOK {
		t.Fatal(errs)
	}
	code, out, _ := run(t, dir, "deliver", "-meeting", "1")
	if code != ExitOK || !strings.Contains(out, "会议纪要〔2026〕1号第 1 版的分送件：") || strings.Count(out, "未送达") != 6 {
		t.Fatalf("deliver list (exit %d):\n%s", code, out)
	}

	code, out, errs := run(t, dir, "deliver", "-meeting", "1", "-dept", "自然资源和规划局", "-how", "当场领取", "-by", "张华", "-on", "2026-10-12")
	if code != ExitOK || !strings.Contains(out, "已登记：会议纪要〔2026〕1号第 1 版「自然资源和规划局」的分送件于2026年10月12日当场领取，签收人 张华。") ||
		!strings.Contains(out, "尚未送达：") || strings.Contains(lastLine(out), "自然资源和规划局") {
		t.Fatalf("deliver (exit %d): %s%s", code, out, errs)
	}
	for _, bad := range []struct {
		args []string
		msg  string
	}{
		{[]string{"-dept", "自然资源和规划局", "-how", "传真", "-by", "张华"}, "送达方式「传真」无效，应为当场领取、邮寄或内网。"},
		{[]string{"-dept", "不存在的局", "-how", "邮寄", "-by", "张华"}, "「不存在的局」不在会议纪要〔2026〕1号第 1 版的分送单位中。"},
		{[]string{"-dept", "住房和城乡建设局", "-how", "邮寄"}, "请填写签收人。"},
		{[]string{"-dept", "住房和城乡建设局", "-how", "邮寄", "-by", "陈刚", "-on", "2026-13-01"}, "送达日期「2026-13-01」无效"},
	} {
		code, _, errs := run(t, dir, append([]string{"deliver", "-meeting", "1"}, bad.args...)...)
		if code != ExitUser || !strings.Contains(errs, bad.msg) {
			t.Errorf("deliver %v: exit %d, %q; want %q", bad.args, code, errs, bad.msg)
		}
	}

	// The receipt, scanned.
	receipt := filepath.Join(t.TempDir(), "回执.png")
	if err := os.WriteFile(receipt, append([]byte("\x89PNG\r\n\x1a\n"), []byte("receipt of 自然资源和规划局")...), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs = run(t, dir, "deliver", "-meeting", "1", "-dept", "自然资源和规划局", "-receipt", receipt)
	if code != ExitOK || !strings.Contains(out, "已附加签收回执：") {
		t.Fatalf("receipt (exit %d): %s%s", code, out, errs)
	}
	code, out, _ = run(t, dir, "verify", receipt)
	if code != ExitOK || !strings.Contains(out, "第 1 版的「自然资源和规划局」分送件的签收回执") {
		t.Errorf("verify of the receipt (exit %d): %s", code, out)
	}

	// An excerpt is recognised by its metadata and checked by rendering it again.
	excerpt := filepath.Join(t.TempDir(), "分送件.pdf")
	if code, _, errs := run(t, dir, "excerpt", "-meeting", "1", "-dept", "住房和城乡建设局", "-o", excerpt); code != ExitOK {
		t.Fatal(errs)
	}
	code, out, _ = run(t, dir, "verify", excerpt)
	if code != ExitOK || !strings.Contains(out, "第 1 版发给「住房和城乡建设局」的分送件") || !strings.Contains(out, "逐字节一致") || strings.Contains(out, "不逐字节") {
		t.Errorf("verify of the excerpt (exit %d): %s", code, out)
	}
	data, _ := os.ReadFile(excerpt)
	i := strings.Index(string(data), "stream") + 40 // a byte inside the first page's content
	data[i] ^= 0x20
	if err := os.WriteFile(excerpt, data, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ = run(t, dir, "verify", excerpt)
	if code != ExitOK || !strings.Contains(out, "「住房和城乡建设局」的分送件") || !strings.Contains(out, "不逐字节一致") {
		t.Errorf("verify of a changed excerpt (exit %d): %s", code, out)
	}

	// Archive warns while excerpts are undelivered.
	scan := filepath.Join(t.TempDir(), "签字.png")
	if err := os.WriteFile(scan, append([]byte("\x89PNG\r\n\x1a\n"), []byte("signed")...), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, dir, "attach", "-meeting", "1", scan); code != ExitOK {
		t.Fatal(errs)
	}
	code, out, errs = run(t, dir, "archive", "-meeting", "1")
	if code != ExitOK || !strings.Contains(out, "已归档") || !strings.Contains(errs, "注意：5 个单位的分送件尚未登记送达：行政审批服务管理办公室、住房和城乡建设局") {
		t.Errorf("archive (exit %d): %s / %s", code, out, errs)
	}
	if code, out, _ := run(t, dir, "verify", "--all"); code != ExitOK {
		t.Errorf("verify --all after deliveries (exit %d): %s", code, out)
	}
}
