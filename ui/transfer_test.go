package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"backstop/export/archive"
	"backstop/meeting"
)

// transferDialogText joins the text of every label in the topmost dialog, a line each.
func transferDialogText(h *harness) string {
	var b strings.Builder
	walk(h.overlayTop(), func(o fyne.CanvasObject) bool {
		if l, ok := o.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
		return true
	})
	return b.String()
}

func TestTransferMenuExportsAndImports(t *testing.T) {
	township := newHarness(t)
	id, err := seedExample(township.st)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := archive.Finalize(township.st, township.dir, id, testNow); err != nil {
		t.Fatal(err)
	}
	menu := township.u.transferMenu()
	if menu.Label != "转办" || len(menu.Items) != 2 || menu.Items[0].Label != "导出转办包…" || menu.Items[1].Label != "导入转办包…" {
		t.Fatalf("menu %q %v", menu.Label, menu.Items)
	}

	township.u.cases.reload()
	township.u.meetings.reload()
	township.u.onTransferExport()
	shot(t, township, "transfer-export")
	township.u.win.Canvas().Overlays().Remove(township.u.win.Canvas().Overlays().Top())

	// Export the meeting chosen in the dialog.
	td, err := township.u.newTransferDialog()
	if err != nil {
		t.Fatal(err)
	}
	if !td.meeting.Disabled() {
		t.Errorf("the meeting list is enabled while the scope is the listed cases")
	}
	tapRadio(t, td.scope, td.options[scopeMeeting])
	if td.meeting.Disabled() {
		t.Errorf("the meeting list is disabled for the scope of one meeting")
	}
	if _, err := td.selection(); meeting.ErrorCode(err) != meeting.CodeInvalid {
		t.Errorf("no meeting chosen: %v", err)
	}
	td.meeting.SetSelectedIndex(0)
	sel, err := td.selection()
	if err != nil || len(sel.Meetings) != 1 || sel.Meetings[0] != id {
		t.Fatalf("selection %+v %v", sel, err)
	}
	file := filepath.Join(t.TempDir(), "梅城镇.bstx")
	township.u.writeTransfer(sel, "梅城镇便民服务中心", file)
	township.waitFor(5*time.Second, "the export's message", func() bool {
		return township.u.win.Canvas().Overlays().Top() != nil
	})
	if text := transferDialogText(township); !strings.Contains(text, "已导出 2 个诉求、1 个会议和 1 个存档文件到：") {
		t.Errorf("export message %q", text)
	}
	if _, err := os.Stat(file); err != nil {
		t.Fatal(err)
	}

	// The listed cases are the default scope.
	td, _ = township.u.newTransferDialog()
	if sel, err := td.selection(); err != nil || len(sel.Cases) != 2 {
		t.Errorf("listed cases: %+v %v", sel, err)
	}

	city := newHarness(t)
	city.u.importTransfer(file)
	city.waitFor(5*time.Second, "the import report", func() bool { return city.u.win.Canvas().Overlays().Top() != nil })
	text := transferDialogText(city)
	if !strings.Contains(text, "来自梅城镇便民服务中心）：新增 3 条，已有且相同 0 条，冲突 0 条，复制存档文件 1 个。") || !strings.Contains(text, "诉求「") {
		t.Errorf("import report %q", text)
	}
	if len(city.u.cases.rows) != 2 {
		t.Errorf("the cases list shows %d cases after the import, want 2", len(city.u.cases.rows))
	}
	shot(t, city, "transfer-report")
	city.u.win.Canvas().Overlays().Remove(city.u.win.Canvas().Overlays().Top())

	// Changed at the city, then imported again: one conflict, the rest identical.
	c := city.u.cases.rows[0]
	c.Request += "（市兜底办补充）"
	if err := city.st.SaveCase(&c); err != nil {
		t.Fatal(err)
	}
	city.u.importTransfer(file)
	city.waitFor(5*time.Second, "the second report", func() bool { return city.u.win.Canvas().Overlays().Top() != nil })
	text = transferDialogText(city)
	if !strings.Contains(text, "新增 0 条，已有且相同 2 条，冲突 1 条") || !strings.Contains(text, "未覆盖本机记录") {
		t.Errorf("second import report %q", text)
	}
	if got, _ := city.st.Case(c.ID); got.Request != c.Request {
		t.Errorf("the conflicting import overwrote the city's case")
	}
}

func TestTransferImportOfABrokenPackageSaysWhy(t *testing.T) {
	h := newHarness(t)
	bad := filepath.Join(t.TempDir(), "坏的.bstx")
	if err := os.WriteFile(bad, []byte("PK\x03\x04 cut short"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.u.importTransfer(bad)
	h.waitFor(5*time.Second, "the error", func() bool { return h.u.win.Canvas().Overlays().Top() != nil })
	if text := transferDialogText(h); !strings.Contains(text, "不是完整的转办包") || !strings.Contains(text, "未导入任何内容") {
		t.Errorf("error dialog %q", text)
	}
	if cases, _ := h.st.Cases(meeting.CaseFilter{}); len(cases) != 0 {
		t.Errorf("a broken package stored %d cases", len(cases))
	}
}
