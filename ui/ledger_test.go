package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// TestLedgerExportDialog exports the 督办台账 as CSV from the 导出台账 dialog, with the
// item status filter, and finds the file where the dialog says.
func TestLedgerExportDialog(t *testing.T) {
	h := newHarness(t)
	seedFollowUps(t, h)
	export := func(itemStatus, format string) string {
		t.Helper()
		h.u.onLedgerExport()
		dlg := h.overlayTop()
		var selects []*widget.Select
		var radio *widget.RadioGroup
		walk(dlg, func(o fyne.CanvasObject) bool {
			switch w := o.(type) {
			case *widget.Select:
				selects = append(selects, w)
			case *widget.RadioGroup:
				radio = w
			}
			return true
		})
		if len(selects) != 3 || radio == nil {
			t.Fatalf("the dialog has %d selects and radio %v; want year, case status, item status and a format", len(selects), radio)
		}
		selects[2].SetSelected(itemStatus)
		radio.SetSelected(format)
		tapButton(t, dlg, "导出")
		var said string
		h.waitFor(10*time.Second, "the ledger", func() bool {
			if top := h.u.win.Canvas().Overlays().Top(); top != nil {
				said = textsUnder(top)
			}
			return strings.Contains(said, "台账已导出到")
		})
		path := strings.TrimSpace(said[strings.Index(said, "\n")+1:])
		path = strings.Fields(path)[0]
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("the dialog names %q: %v", path, err)
		}
		if filepath.Dir(path) != filepath.Join(h.dir, "exports") {
			t.Errorf("written to %s, want the data folder's exports/", path)
		}
		tapButton(t, h.u.win.Canvas().Overlays().Top(), "确定")
		return string(b)
	}
	csv := export("待办理", "CSV：督办台账")
	if rows := strings.Count(csv, "\r\n") - 1; rows != 3 || !strings.Contains(csv, "公证处") {
		t.Errorf("pending items CSV has %d rows:\n%s", rows, csv)
	}
	if csv := export("已办结", "CSV：督办台账"); strings.Count(csv, "\r\n") != 1 {
		t.Errorf("done items CSV should hold the header only:\n%s", csv)
	}
}
