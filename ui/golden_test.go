package ui

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
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

// assertObjectMarkup is assertMarkup for one object of the window.
func (h *harness) assertObjectMarkup(t *testing.T, name string, o fyne.CanvasObject) {
	t.Helper()
	h.drain(0)
	if *update {
		if err := os.WriteFile(filepath.Join("testdata", name), []byte(test.RenderObjectToMarkup(o)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	test.AssertObjectRendersToMarkup(t, name, o)
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
	// The preview's pages are export's layout, checked by export's own tests and by the
	// PDF text in TestWholeMeeting; the golden keeps the preview's own controls.
	test.Tap(h.u.editor.stepButtons[stepPreview])
	p := h.u.editor.preview
	h.waitFor(5*time.Second, "the layout", func() bool { return p.doc != nil })
	h.assertObjectMarkup(t, "editor_preview_controls.xml", p.top)
	h.u.closeEditor()

	h.u.tabs.SelectIndex(1)
	h.u.cases.list.Select(0)
	h.assertMarkup(t, "cases.xml")

	h.u.tabs.SelectIndex(3) // 部门
	h.u.directory.list.Select(1)
	h.assertMarkup(t, "directory.xml")
}
