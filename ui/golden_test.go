package ui

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"
)

var update = flag.Bool("update", false, "rewrite the markup goldens in testdata")

// assertMarkup compares the window's markup with testdata/name, rewriting it first
// with -update.
func (h *harness) assertMarkup(t *testing.T, name string) {
	t.Helper()
	h.drain(0)
	if *update {
		path := filepath.Join("testdata", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(test.RenderToMarkup(h.u.win.Canvas())), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	test.AssertRendersToMarkup(t, name, h.u.win.Canvas())
}

// TestScreensMarkup keeps a golden of each main screen showing the example meeting.
func TestScreensMarkup(t *testing.T) {
	h := newHarness(t)
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	h.u.meetings.reload()
	h.assertMarkup(t, "meetings.xml")

	h.u.openMeeting(id)
	h.assertMarkup(t, "editor_basic.xml")
	test.Tap(h.u.editor.stepButtons[stepAttendance])
	h.assertMarkup(t, "editor_attendance.xml")
	test.Tap(h.u.editor.stepButtons[stepAgenda])
	h.assertMarkup(t, "editor_agenda.xml")
	h.u.closeEditor()

	h.u.tabs.SelectIndex(1)
	h.u.cases.list.Select(0)
	h.assertMarkup(t, "cases.xml")

	h.u.tabs.SelectIndex(2)
	h.u.directory.list.Select(1)
	h.assertMarkup(t, "directory.xml")
}
