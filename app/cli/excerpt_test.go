package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// pdfText returns the text of the PDF at path without white space.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (Debian poppler-utils)")
	}
	out, err := exec.Command("pdftotext", "-q", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, string(out))
}

// TestExcerptCommand writes the excerpt of every department of the example once it is
// finalized, naming the department in each of the ways -dept accepts, and checks each
// holds its decisions and the fingerprint of the stored revision.
func TestExcerptCommand(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "import", example)
	mustRun(t, dir, "finalize", "-meeting", "1")
	rev := recorded(t, dir, 1).Revisions[0]

	tests := []struct {
		dept, name string // as typed, as resolved
		mine, not  []string
		lead, coop int
	}{
		{"自然资源和规划局", "自然资源和规划局", []string{"通过线下流程受理企业一期", "公证处提供现场公证服务"}, []string{"对一期厂房单独组织竣工验收", "将企业列入重点帮扶名单"}, 2, 0},
		{"资规局", "自然资源和规划局", []string{"通过线下流程受理企业一期"}, nil, 2, 0},
		{"住建局", "住房和城乡建设局", []string{"对一期厂房单独组织竣工验收"}, []string{"受理企业一期厂房", "将企业列入重点帮扶名单", "公证处提供现场公证服务"}, 1, 0},
		{"经济", "经济和信息化局", []string{"将企业列入重点帮扶名单"}, []string{"对一期厂房单独组织竣工验收", "受理企业一期厂房"}, 1, 0},
		{"行政审批", "行政审批服务管理办公室", []string{"通过线下流程受理企业一期", "将企业列入重点帮扶名单"}, []string{"对一期厂房单独组织竣工验收", "公证处提供现场公证服务"}, 0, 2},
		{"消防救援大队", "消防救援大队", []string{"对一期厂房单独组织竣工验收"}, []string{"受理企业一期厂房", "将企业列入重点帮扶名单", "公证处提供现场公证服务"}, 0, 1},
		{"公证处", "公证处", []string{"公证处提供现场公证服务"}, []string{"受理企业一期厂房", "对一期厂房单独组织竣工验收", "将企业列入重点帮扶名单"}, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.dept, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "分送件 "+tt.dept+".pdf")
			code, stdout, errs := run(t, dir, "excerpt", "-meeting", "1", "-dept", tt.dept, "-o", out, "-fonts", "embedded")
			if code != ExitOK || errs != "" {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
			for _, want := range []string{"已导出" + tt.name + "的分送件", rev.Fingerprint, "纪要〔2026〕1号第 1 版"} {
				if !strings.Contains(stdout, want) {
					t.Errorf("stdout %q lacks %q", stdout, want)
				}
			}
			text := pdfText(t, out)
			for _, want := range append([]string{"分送：" + tt.name, rev.Fingerprint, "〔2026〕1号"}, tt.mine...) {
				if !strings.Contains(text, want) {
					t.Errorf("the excerpt lacks %q", want)
				}
			}
			for _, unwanted := range tt.not {
				if strings.Contains(text, unwanted) {
					t.Errorf("the excerpt shows another department's decision %q", unwanted)
				}
			}
			if n := strings.Count(text, "本单位职责：牵头办理"); n != tt.lead {
				t.Errorf("%d decisions led, want %d", n, tt.lead)
			}
			if n := strings.Count(text, "本单位职责：配合办理"); n != tt.coop {
				t.Errorf("%d decisions cooperated on, want %d", n, tt.coop)
			}
		})
	}

	// The same revision gives the same bytes.
	a, b := filepath.Join(t.TempDir(), "a.pdf"), filepath.Join(t.TempDir(), "b.pdf")
	mustRun(t, dir, "excerpt", "-meeting", "1", "-dept", "公证处", "-o", a, "-fonts", "embedded")
	mustRun(t, dir, "excerpt", "-meeting", "1", "-dept", "公证处", "-o", b, "-fonts", "embedded")
	ba, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	if len(ba) == 0 || !bytes.Equal(ba, bb) {
		t.Error("two excerpts of the same revision differ")
	}
}

func TestExcerptCommandDraft(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "import", example)
	out := filepath.Join(t.TempDir(), "draft.pdf")
	code, stdout, errs := run(t, dir, "excerpt", "-meeting", "1", "-dept", "公证处", "-o", out, "-fonts", "embedded")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "尚未定稿") || !strings.Contains(stdout, "分送件草稿") {
		t.Errorf("stdout %q, stderr %q: want the draft said plainly", stdout, errs)
	}
	if text := pdfText(t, out); !strings.Contains(text, "纪要状态：草稿") || strings.Contains(text, "纪要指纹") {
		t.Errorf("the draft excerpt reads:\n%s", text)
	}
}

func TestExcerptCommandErrors(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "import", example)
	mustRun(t, dir, "finalize", "-meeting", "1")
	out := filepath.Join(t.TempDir(), "excerpt.pdf")
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-meeting", "1", "-dept", "税务局", "-o", out}, ExitUser, "「税务局」在本次会议中没有牵头或配合的议定事项，无需分送。有议定事项的部门：行政审批服务管理办公室、自然资源和规划局、住房和城乡建设局、经济和信息化局、消防救援大队、公证处。"},
		{[]string{"-meeting", "1", "-dept", "教育", "-o", out}, ExitUser, "本次会议没有部门「教育」。有议定事项的部门：行政审批服务管理办公室、"},
		{[]string{"-meeting", "1", "-o", out}, ExitUser, "请用 -dept 指定部门。"},
		{[]string{"-meeting", "1", "-dept", "公证处"}, ExitUser, "请用 -o 指定输出的 PDF 文件。"},
		{[]string{"-meeting", "x", "-dept", "公证处", "-o", out}, ExitUser, "会议 ID「x」无效"},
		{[]string{"-meeting", "9", "-dept", "公证处", "-o", out}, ExitUser, "未找到"},
		{[]string{"-meeting", "1", "-dept", "公证处", "-o", filepath.Join(dir, "no", "such", "dir.pdf")}, ExitUser, "文件夹不存在"}, // a place the user named that is not there
		{[]string{"-meeting", "1", "-bogus"}, ExitUser, "参数有误"},
	} {
		code, stdout, errs := run(t, dir, append([]string{"excerpt", "-fonts", "embedded"}, tt.args...)...)
		if code != tt.code || !strings.Contains(errs, tt.want) || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", tt.args, code, stdout, errs, tt.code, tt.want)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a refused excerpt left a file: %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
		t.Errorf("a refused excerpt left %d files behind", len(entries))
	}
}
