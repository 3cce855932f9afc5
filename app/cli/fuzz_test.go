package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"backstop/meeting"
	"backstop/meeting/messagetest"
	"backstop/meeting/store"
)

// FuzzImport feeds the importer meeting files: the example, the hostile files of
// testdata/hostile and what the fuzzer makes of them. A file is refused with
// CodeInvalid and a message for a person (no Go name, no library text), or it parses
// into minutes that the store imports and that validate; nothing panics.
func FuzzImport(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "hostile", "*.json"))
	seeds = append(seeds, example)
	for _, name := range seeds {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) < 64<<10 { // the 10,000-item file is a test of its own
			f.Add(b)
		}
	}
	st, err := store.Open(f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := parseMeetingFile(bytes.NewReader(data))
		if err != nil {
			refusedForAPerson(t, err, data, meeting.CodeInvalid)
			return
		}
		m, err := st.Import(b.Departments, b.Cases, b.Meeting)
		if err != nil {
			refusedForAPerson(t, err, data, meeting.CodeInvalid, meeting.CodeConflict)
			return
		}
		mn, err := st.Minutes(m.ID)
		if err != nil {
			t.Fatalf("the imported meeting %d cannot be read back: %v", m.ID, err)
		}
		if ps := mn.Validate(); len(ps) > 0 {
			t.Fatalf("an imported meeting does not validate: %v", ps)
		}
	})
}

// refusedForAPerson fails unless err carries one of the codes and a message with
// nothing of the program's internals in it beyond what the input itself says.
func refusedForAPerson(t *testing.T, err error, input []byte, codes ...meeting.Code) {
	t.Helper()
	code := meeting.ErrorCode(err)
	ok := false
	for _, c := range codes {
		ok = ok || code == c
	}
	if !ok {
		t.Fatalf("refused with code %s, want one of %v: %v", code, codes, err)
	}
	msg := meeting.ErrorMessage(err)
	if leak := messagetest.LeakBeyond(msg, input); leak != "" {
		t.Fatalf("the message carries %q: %s", leak, msg)
	}
}
