package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"backstop/meeting"
	"backstop/meeting/store"
)

const example = "../../examples/plastics-title-meeting.json"

// run runs the command line in-process against dir and returns exit code and output.
func run(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, Version: "test"}
	code = Main(append([]string{"--data", dir}, args...), env)
	return code, out.String(), errb.String()
}

// counts opens the store and returns how many meetings and cases it holds.
func counts(t *testing.T, dir string) (meetings, cases int) {
	t.Helper()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ms, err := st.Meetings(meeting.MeetingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := st.Cases(meeting.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(ms), len(cs)
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

func TestImportExampleThenList(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := run(t, dir, "import", example)
	if code != ExitOK {
		t.Fatalf("import exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "6 个部门 · 9 个科室") {
		t.Errorf("import summary lacks the attendance count: %q", out)
	}
	id := lastLine(out)
	if id != "1" {
		t.Fatalf("last line = %q, want the new meeting's ID 1", id)
	}
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	mn, err := st.Minutes(1)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(mn.Cases) != 2 || len(mn.Meeting.Agenda) != 2 || len(mn.Meeting.Agenda[0].Decisions) != 3 {
		t.Fatalf("imported minutes incomplete: %d cases, agenda %+v", len(mn.Cases), mn.Meeting.Agenda)
	}
	if mn.Cases[0].Applicant.Name != "建德市恒丰塑料母料有限公司" || mn.Meeting.State != meeting.StateDraft {
		t.Fatalf("imported minutes wrong: %+v", mn.Cases[0].Applicant)
	}
	if ps := mn.Validate(); len(ps) != 0 {
		t.Fatalf("the example does not validate after import: %v", ps)
	}

	code, out, _ = run(t, dir, "list")
	if code != ExitOK || !strings.Contains(out, "企业分期办理不动产权证等疑难事项协调会") || !strings.Contains(out, "草稿") {
		t.Fatalf("list exit %d: %q", code, out)
	}
	code, out, _ = run(t, dir, "list", "-q", "恒丰")
	if code != ExitOK || !strings.Contains(out, "企业分期办理") {
		t.Fatalf("list -q by applicant exit %d: %q", code, out)
	}
	code, out, _ = run(t, dir, "list", "-year", "2025")
	if code != ExitOK || !strings.Contains(out, "没有符合条件的会议") {
		t.Fatalf("list -year 2025 exit %d: %q", code, out)
	}
	code, out, _ = run(t, dir, "check")
	if code != ExitOK || !strings.Contains(out, "数据文件完好") {
		t.Fatalf("check exit %d: %q", code, out)
	}
}

func TestImportReportsEveryErrorAndChangesNothing(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, dir, "import", example); code != ExitOK {
		t.Fatalf("first import: %s", errs)
	}
	beforeMeetings, beforeCases := counts(t, dir)

	raw, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.NewReplacer(
		`"91330182MA2H7Q5K3A"`, `"91330182MA2H7Q5K3B"`, // corrupt check character
		`"lead": "经济和信息化局"`, `"lead": "税务局"`, // excused department leads
		`"end": "11:00"`, `"end": "08:00"`, // end before start
		`"due": "2026-11-20"`, `"due": "2026-02-30"`, // impossible date
		`"case": "wang-house"`, `"case": "nobody"`, // unknown case
	).Replace(string(raw))
	bad := filepath.Join(t.TempDir(), "坏 文件.json")
	if err := os.WriteFile(bad, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, dir, "import", bad)
	if code != ExitUser {
		t.Fatalf("exit %d, want %d; stderr %s", code, ExitUser, errs)
	}
	for _, want := range []string{
		"cases[0].applicant.credit_code：统一社会信用代码",
		"meeting.end：结束时间（08:00）应晚于开始时间（09:00）",
		"meeting.agenda[0].decisions[2].due：议题1议定事项3的办理时限「2026-02-30」无效",
		"meeting.agenda[0].decisions[2].lead：议题1议定事项3的牵头单位「税务局」未参会（请假）",
		"meeting.agenda[1].case：议题2引用的诉求「nobody」不在 cases 中",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if m, c := counts(t, dir); m != beforeMeetings || c != beforeCases {
		t.Fatalf("a refused import changed the store: %d/%d meetings, %d/%d cases", m, beforeMeetings, c, beforeCases)
	}
}

func TestImportFileErrors(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"empty", "", "文件不完整或为空"},
		{"syntax", "{\n  \"format\": \"backstop-meeting/1\",\n  \"meeting\": {\"title\": }\n}", "第 3 行第 24 列不符合 JSON 语法"},
		{"unknown field", `{"format": "backstop-meeting/1", "meting": {}}`, `未知字段 "meting"`},
		{"wrong type", `{"format": "backstop-meeting/1", "meeting": {"title": 12}}`, "字段 meeting.title 的值应为文字（用双引号括起），实际是数字"},
		{"wrong format", `{"format": "x", "meeting": {}}`, `format：格式标识应为 "backstop-meeting/1"`},
		{"no meeting", `{"format": "backstop-meeting/1"}`, "缺少会议内容"},
		{"not utf-8", "{\"format\": \"\xc4\xe3\"}", "不是 UTF-8 编码"},
		{"control character", `{"format": "backstop-meeting/1", "meeting": {"title": "协调\u0007会"}}`, "meeting.title：会议名称第 3 个字处含有不允许的控制字符"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			f := filepath.Join(dir, "in.json")
			if err := os.WriteFile(f, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			code, _, errs := run(t, filepath.Join(dir, "data"), "import", f)
			if code != ExitUser || !strings.Contains(errs, tt.want) {
				t.Fatalf("exit %d, stderr %q; want exit 1 containing %q", code, errs, tt.want)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"frobnicate"}, ExitUser, "未知的子命令「frobnicate」"},
		{[]string{"import"}, ExitUser, "请指定一个要导入的 JSON 文件"},
		{[]string{"import", filepath.Join(dir, "missing.json")}, ExitUser, "无法打开导入文件"},
		{[]string{"list", "-state", "done"}, ExitUser, "状态「done」无效"},
		{[]string{"restore"}, ExitUser, "请指定要恢复的备份文件"},
		{[]string{}, ExitUser, "此版本没有桌面窗口"},
	}
	for _, tt := range tests {
		code, _, errs := run(t, filepath.Join(dir, "data"), tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d containing %q", tt.args, code, errs, tt.code, tt.want)
		}
	}
}

func TestDataDir(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "BACKSTOP_DATA" {
				return v
			}
			return ""
		}
	}
	if d, _ := DataDir("/x/flag", env("/x/env")); d != "/x/flag" {
		t.Errorf("flag should win, got %s", d)
	}
	if d, _ := DataDir("", env("/x/env")); d != "/x/env" {
		t.Errorf("BACKSTOP_DATA should be used, got %s", d)
	}
	if d, err := DataDir("", env("")); err == nil && filepath.Base(d) != "backstop" {
		t.Errorf("default should end in backstop, got %s", d)
	}
}

func TestExportPDF(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, dir, "import", example); code != ExitOK {
		t.Fatalf("import: %s", errs)
	}
	out := filepath.Join(t.TempDir(), "纪要 草稿.pdf")
	code, stdout, errs := run(t, dir, "export", "-meeting", "1", "-o", out)
	if code != ExitOK {
		t.Fatalf("export exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("export wrote no PDF: %v", err)
	}
	if !strings.Contains(stdout, "已导出") || !strings.Contains(stdout, "页") {
		t.Errorf("export output %q", stdout)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "-meeting", "x", "-o", out}, "会议 ID「x」无效"},
		{[]string{"export", "-meeting", "9", "-o", out}, "未找到"},
		{[]string{"export", "-meeting", "1"}, "请用 -o 指定"},
		{[]string{"export", "-meeting", "1", "-o", filepath.Join(dir, "no", "such", "dir.pdf")}, "文件夹不存在"},
	} {
		if code, _, errs := run(t, dir, tt.args...); code == ExitOK || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want failure containing %q", tt.args, code, errs, tt.want)
		}
	}
}

func TestWriteTableAlignsChinese(t *testing.T) {
	var b bytes.Buffer
	writeTable(&b, [][]string{{"ID", "状态", "文号"}, {"12", "已定稿", "〔2026〕1号"}})
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	// The third column starts at the same terminal column in both lines.
	col := func(line, cell string) int { return displayWidth(line[:strings.Index(line, cell)]) }
	if col(lines[0], "文号") != col(lines[1], "〔2026〕1号") {
		t.Fatalf("columns not aligned:\n%s", b.String())
	}
}
