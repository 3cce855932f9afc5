package cli

import (
	"strings"
	"testing"

	"backstop/meeting"
	"backstop/meeting/store"
)

// TestImportedCarryOverReportsIntoTheItems: the follow-up example, imported after the
// first meeting was finalized, ties its carry-over entries to the first meeting's
// items, and finalizing it writes each report into the item's progress log.
func TestImportedCarryOverReportsIntoTheItems(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "import", example)
	mustRun(t, dir, "finalize", "-meeting", "1")
	out := mustRun(t, dir, "import", "../../examples/plastics-title-follow-up.json")
	if !strings.Contains(out, "上次会议议定事项 4 项，其中 4 项对应到本机的督办事项") {
		t.Fatalf("import says %q", out)
	}
	mustRun(t, dir, "finalize", "-meeting", "2")
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m, _ := st.Meeting(2)
	items, err := st.FollowUps(meeting.FollowUpFilter{Meeting: 1})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[meeting.ID]meeting.FollowUp{}
	for _, f := range items {
		byID[f.ID] = f
	}
	for _, c := range m.CarryOver {
		f, ok := byID[c.FollowUpID]
		if !ok {
			t.Fatalf("carry-over %q is tied to no item of the first meeting", c.Text)
		}
		want := c.Report(&m)
		switch c.Status {
		case meeting.CarryDone:
			if f.Status != meeting.FollowUpDone || f.CompletionNote != want {
				t.Errorf("item %d reported done is %s with %q", f.ID, f.Status, f.CompletionNote)
			}
		default:
			if len(f.Progress) == 0 || f.Progress[len(f.Progress)-1].Text != want {
				t.Errorf("item %d lacks the report %q: %+v", f.ID, want, f.Progress)
			}
		}
	}
}
