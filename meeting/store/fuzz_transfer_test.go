package store

import (
	"slices"
	"strings"
	"testing"

	"backstop/meeting"
	"backstop/meeting/messagetest"
)

// FuzzTransferIn feeds the store the records of transfer packages: a real export of
// a finalized meeting, a draft and their case, and what the fuzzer makes of them.
// The zip around them is FuzzRead's (export/transfer); here the records are what
// reaches the store. A package is refused with a message for a person (no Go name,
// no library text beyond what the records say), or imported into a store whose revision
// chains still verify; nothing panics.
func FuzzTransferIn(f *testing.F) {
	src := openTest(f)
	finalizedWithoutPDF(f, src)
	set := transferAll(f, src)
	var cases, meetings []string
	for name := range set.Records {
		switch {
		case strings.HasPrefix(name, TransferCasesDir):
			cases = append(cases, name)
		case strings.HasPrefix(name, TransferMeetingsDir):
			meetings = append(meetings, name)
		}
	}
	slices.Sort(cases)
	slices.Sort(meetings)
	for _, m := range meetings {
		f.Add(cases[0], set.Records[cases[0]], m, set.Records[m], set.Records[TransferDepartments])
	}
	f.Add("cases/x.json", []byte(`{}`), "meetings/y.json", []byte(`{"uid":"y"}`), []byte(`[]`))
	dst := openUnverified(f, f.TempDir())
	f.Fuzz(func(t *testing.T, caseName string, caseData []byte, meetingName string, meetingData []byte, departments []byte) {
		records := map[string][]byte{caseName: caseData, meetingName: meetingData, TransferDepartments: departments}
		_, err := dst.TransferIn("梅城镇", records, func(hash, suggested, owner string) (string, error) { return suggested, nil })
		if err != nil {
			code := meeting.ErrorCode(err)
			if code != meeting.CodeInvalid && code != meeting.CodeConflict && code != meeting.CodeCorrupt {
				t.Fatalf("refused with code %s: %v", code, err)
			}
			input := strings.Join([]string{caseName, string(caseData), meetingName, string(meetingData), string(departments)}, "\n")
			if leak := messagetest.LeakBeyond(meeting.ErrorMessage(err), []byte(input)); leak != "" {
				t.Fatalf("the message carries %q: %s", leak, meeting.ErrorMessage(err))
			}
			return
		}
		// The full Check reads the whole file; the records' own check is what an
		// import could break.
		if problems, err := dst.VerifyAll(); err != nil || len(problems) > 0 {
			t.Fatalf("the revision chains fail after an accepted package: %v %v", err, problems)
		}
	})
}
