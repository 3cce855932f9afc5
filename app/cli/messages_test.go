package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"backstop/meeting/messagetest"
)

// Every refusal of the command line, as printed: a table of the ways a person gets a
// command wrong, each of which must get a Chinese sentence with nothing of the
// program's or a library's own text in it. Flag errors are the flag package's English
// unless translated, so they are here with their exact wording.
func TestRefusalsSpeakToAPerson(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "import", example)
	notJSON := filepath.Join(t.TempDir(), "x.json")
	os.WriteFile(notJSON, []byte("{\"format\": 12}"), 0o600)
	for _, tt := range []struct {
		args []string
		want string // exact last line of stderr, or "" for any
	}{
		{[]string{"list", "-bogus"}, "错误：参数有误：没有参数「-bogus」。用 backstop list -h 查看可用的参数。"},
		{[]string{"list", "-n", "many"}, "错误：参数有误：参数「-n」的值「many」无效，应为整数。用 backstop list -h 查看可用的参数。"},
		{[]string{"list", "-year"}, "错误：参数有误：参数「-year」后面缺少值。用 backstop list -h 查看可用的参数。"},
		{[]string{"list", "-h"}, "错误：以上是 backstop list 的参数。"},
		{[]string{"verify", "-all=maybe"}, "错误：参数有误：参数「-all」的值「maybe」无效，应为 true 或 false。用 backstop verify -h 查看可用的参数。"},
		{[]string{"list", "-state", "done"}, ""},
		{[]string{"export", "-meeting", "0", "-o", "x.pdf"}, ""},
		{[]string{"import", notJSON}, ""},
		{[]string{"import", filepath.Join(dir, "missing.json")}, ""},
		{[]string{"restore", filepath.Join(dir, "missing.db")}, ""},
		{[]string{"verify", filepath.Join(dir, "missing.pdf")}, ""},
		{[]string{"attach", "-meeting", "1", notJSON}, ""},
		{[]string{"amend", "-meeting", "1", "-reason", "x"}, ""},
		{[]string{"ledger", "-o", filepath.Join(dir, "x.txt")}, ""},
		{[]string{"nonsense"}, ""},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, stderr := run(t, dir, tt.args...)
			if code != ExitUser {
				t.Errorf("exit %d, want 1", code)
			}
			lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
			if tt.want != "" && lines[len(lines)-1] != tt.want {
				t.Errorf("last line %q, want %q", lines[len(lines)-1], tt.want)
			}
			if leak := messagetest.Leak(stderr); leak != "" {
				t.Errorf("stderr carries %q:\n%s", leak, stderr)
			}
		})
	}
}
