package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"backstop/meeting/messagetest"
)

// goIdentifier matches what must never reach a person: Go type names
// (cli.meetingFile, []meeting.Attendance), raw library prefixes, fmt's marks.
var goIdentifier = regexp.MustCompile(`\b[a-z]+\.[A-Z]\w*|\[\][a-z*]|\b(json|zip|flate|bbolt):|%!|<nil>|\bstruct\b|invalid character|unexpected EOF`)

// TestHostileImports runs the hostile files of testdata/hostile through import and
// wants the exact Chinese message (first line, then the line count), and no Go
// identifier anywhere in what is printed.
func TestHostileImports(t *testing.T) {
	tests := []struct {
		file  string
		first string // first line of stderr
		lines int
	}{
		{"bidi-override.json", "错误：请修改以下内容：", 0},
		{"noncharacter.json", "错误：请修改以下内容：", 0},
		{"lone-surrogate.json", "错误：导入文件有误：第 1 行第 54 列的 \\ud800 是不成对的 UTF-16 代理项，不是有效的字符（多为文字在转换编码时被截断）。请改正后重试。", 1},
		{"date-year-one.json", "错误：请修改以下内容：", 0},
		{"attendance-not-a-list.json", "错误：导入文件不是有效的会议 JSON：第 1 行第 56 列：字段 meeting.attendance 的值应为列表（[ … ]），实际是对象。", 1},
		{"top-level-string.json", "错误：导入文件不是有效的会议 JSON：第 1 行第 15 列：文件最外层的值应为对象（{ … }），实际是文字。", 1},
		{"agenda-10000.json", "错误：请修改以下内容：", 22},
	}
	wantLines := map[string]string{
		"bidi-override.json": "meeting.title：会议名称第 3 个字处含有不允许的文字方向控制字符（U+202E），请删除。",
		"noncharacter.json":  "meeting.title：会议名称第 3 个字处含有不允许的非字符码位（U+FFFF），请删除。",
		"date-year-one.json": "meeting.date：会议日期「0001-01-01」无效：日期 0001-01-01 超出可用范围，年份应在 1900 至 9999 之间。",
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, _, errs := run(t, filepath.Join(t.TempDir(), "data"), "import", filepath.Join("testdata", "hostile", tt.file))
			lines := strings.Split(strings.TrimRight(errs, "\n"), "\n")
			if lines[0] != tt.first {
				t.Errorf("first line %q, want %q", lines[0], tt.first)
			}
			if tt.lines > 0 && len(lines) != tt.lines {
				t.Errorf("%d lines, want %d:\n%s", len(lines), tt.lines, errs)
			}
			if want, ok := wantLines[tt.file]; ok && !strings.Contains(errs, want) {
				t.Errorf("stderr %q lacks %q", errs, want)
			}
			if tt.file == "date-year-one.json" && strings.Contains(errs, "请填写会议日期") {
				t.Errorf("unreadable date asked for again: %s", errs)
			}
			if m := goIdentifier.FindString(errs); m != "" {
				t.Errorf("message carries %q: %s", m, errs)
			}
			if leak := messagetest.Leak(errs); leak != "" {
				t.Errorf("message carries %q: %s", leak, errs)
			}
			t.Logf("%s → %s", tt.file, lines[0])
		})
	}
	if _, err := os.Stat(filepath.Join("testdata", "hostile")); err != nil {
		t.Fatal(err)
	}
}
