package export

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"backstop/meeting"
)

// exampleFile reads the meeting JSON of docs/meeting-json.md far enough to build the
// minutes, for the files in examples/ (the command line's importer, which checks them
// properly, lives in app/cli).
type exampleFile struct {
	Cases []struct {
		Ref string `json:"ref"`
		meeting.Case
	} `json:"cases"`
	Meeting struct {
		meeting.Meeting
		// The file writes a carry-over entry's number as "〔2026〕1号".
		CarryOver []struct {
			Number string `json:"number"`
			meeting.CarryOver
		} `json:"carry_over"`
		Agenda []struct {
			Case string `json:"case"`
			meeting.AgendaItem
		} `json:"agenda"`
	} `json:"meeting"`
}

// loadExample reads an examples/*.json file as draft minutes, its cases numbered
// from 1 in the order given.
func loadExample(t testing.TB, path string) *meeting.Minutes {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f exampleFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	mn := &meeting.Minutes{Meeting: f.Meeting.Meeting}
	ids := map[string]meeting.ID{}
	for i, c := range f.Cases {
		c.Case.ID = meeting.ID(i + 1)
		ids[c.Ref] = c.Case.ID
		mn.Cases = append(mn.Cases, c.Case)
	}
	mn.Meeting.CarryOver = nil
	for _, c := range f.Meeting.CarryOver {
		n, err := meeting.ParseDocNumber(c.Number)
		if err != nil {
			t.Fatalf("%s: carry-over number %q: %v", path, c.Number, err)
		}
		c.CarryOver.Number = n
		mn.Meeting.CarryOver = append(mn.Meeting.CarryOver, c.CarryOver)
	}
	mn.Meeting.Agenda = nil
	for _, it := range f.Meeting.Agenda {
		it.AgendaItem.CaseID = ids[it.Case]
		mn.Meeting.Agenda = append(mn.Meeting.Agenda, it.AgendaItem)
	}
	mn.Meeting.State = meeting.StateDraft
	return mn
}

// TestExampleFiles writes the minutes of every examples/*.json, finalized, and checks
// that no text field is lost.
func TestExampleFiles(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "examples", "*.json"))
	if len(files) == 0 {
		t.Skip("no examples/*.json")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			mn := loadExample(t, file)
			if err := meeting.Finalize(mn, meeting.DocNumber{Year: 2026, Seq: 1}, time.Date(2026, 10, 12, 8, 0, 0, 0, time.UTC)); err != nil {
				t.Fatalf("the example does not finalize: %v", err)
			}
			path, _, rep := writePDF(t, mn, Options{})
			if len(rep.Replaced) > 0 {
				t.Errorf("characters replaced: %v", rep.Replaced)
			}
			if out := run(t, "qpdf", "--check", path); !strings.Contains(out, "No syntax or stream encoding errors found") {
				t.Errorf("qpdf --check:\n%s", out)
			}
			// The example may quote one field in another (a policy in the discussion), so
			// only presence is checked here; TestExampleMinutesPDF checks order and count.
			text := squeeze(pageText(t, path, 1, rep.Pages))
			for _, field := range minutesFields(mn) {
				if !strings.Contains(text, squeeze(field)) {
					t.Errorf("the PDF lacks %q", field)
				}
			}
			t.Logf("%d pages", rep.Pages)
		})
	}
}
