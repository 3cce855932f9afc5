package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"backstop/export/transfer"
	"backstop/meeting/messagetest"
	"backstop/meeting/store"
)

// The hostile characters of testdata/hostile inside a transfer package whose hashes
// are right (the sending office's data, not a damaged file): transfer-import refuses
// the whole package with the exact Chinese message naming the entry, the field and
// the character, and changes nothing.
func TestHostileTransferImports(t *testing.T) {
	src := t.TempDir()
	mustRun(t, src, "import", example)
	st, err := store.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	set, err := st.TransferOut(store.TransferSelection{All: true})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name      string
		entry     string // prefix of the record edited
		old, new  string
		wantLines []string // lines of stderr, {uid} standing for the edited entry's name
	}{
		{"bidi override in a case title", store.TransferCasesDir, `"title": "`, "\"title\": \"\u202e", []string{
			"错误：转办包中的记录有误，未导入任何内容。",
			"{entry}: title：诉求标题第 1 个字处含有不允许的文字方向控制字符（U+202E），请删除。",
		}},
		{"noncharacter in a meeting title", store.TransferMeetingsDir, `"title": "`, "\"title\": \"\uffff", []string{
			"错误：转办包中的记录有误，未导入任何内容。",
			"{entry}: title：会议名称第 1 个字处含有不允许的非字符码位（U+FFFF），请删除。",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			records := map[string][]byte{}
			var edited string
			for name, data := range set.Records {
				if edited == "" && strings.HasPrefix(name, tt.entry) && bytes.Contains(data, []byte(tt.old)) {
					data = bytes.Replace(data, []byte(tt.old), []byte(tt.new), 1)
					edited = name
				}
				records[name] = data
			}
			if edited == "" {
				t.Fatalf("no %s record with %q", tt.entry, tt.old)
			}
			pkg := filepath.Join(t.TempDir(), "hostile.bstx")
			if _, err := transfer.WriteFile(pkg, transfer.Contents{From: "梅城镇", Created: time.Date(2026, 10, 12, 9, 0, 0, 0, time.UTC), Records: records}, src); err != nil {
				t.Fatal(err)
			}
			dst := t.TempDir()
			code, stdout, stderr := run(t, dst, "transfer-import", pkg)
			want := strings.ReplaceAll(strings.Join(tt.wantLines, "\n"), "{entry}", edited) + "\n"
			if code != ExitUser || stderr != want || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr\n%s\nwant exit 1 and\n%s", code, stdout, stderr, want)
			}
			if leak := messagetest.Leak(stderr); leak != "" {
				t.Errorf("the message carries %q", leak)
			}
			if meetings, cases := counts(t, dst); meetings != 0 || cases != 0 {
				t.Errorf("a refused package left %d meetings, %d cases", meetings, cases)
			}
		})
	}
}
