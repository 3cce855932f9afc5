package ui

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"backstop/export/archive"
	"backstop/meeting"
)

// TestSignArchiveAndVerify walks the record after finalizing: the preview lists the
// revision, a scan with Chinese characters and spaces in its path is attached, the
// record is archived, and dropping the archived PDF (and an altered copy) on the window
// says what each file is.
func TestSignArchiveAndVerify(t *testing.T) {
	h := newHarness(t)
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	mn, err := archive.Finalize(h.st, h.dir, id, testNow)
	if err != nil {
		t.Fatal(err)
	}
	h.u.openMeeting(id)
	h.u.editor.showStep(stepPreview)
	p := h.u.editor.preview.record
	if p == nil {
		t.Fatal("the preview of finalized minutes shows no archive record")
	}
	lines := textsUnder(p.revisions)
	if !strings.Contains(lines, "第 1 版") || !strings.Contains(lines, mn.Meeting.Revisions[0].Fingerprint[:12]) {
		t.Fatalf("the record does not list revision 1 with its fingerprint: %q", lines)
	}
	if p.archive.Disabled() == false || p.attach.Disabled() {
		t.Fatal("before signing, 附加签字扫描件 should be enabled and 归档 disabled")
	}

	scan := filepath.Join(t.TempDir(), "签字 扫描件 第1页.png")
	writePNG(t, scan)
	p.attachFile(scan)
	h.waitFor(10*time.Second, "the scan to be attached", func() bool { return h.stored(id).State == meeting.StateSigned })
	h.drain(50 * time.Millisecond)

	p = h.u.editor.preview.record
	test.Tap(p.archive)
	tapButton(t, h.overlayTop(), "确定")
	if m := h.stored(id); m.State != meeting.StateArchived {
		t.Fatalf("after 归档 the state is %s", m.State)
	}

	stored := h.stored(id)
	rev, _ := stored.LastRevision()
	pdf := archive.Path(h.dir, rev.PDFPath)
	altered := filepath.Join(t.TempDir(), "改动过.pdf")
	b, _ := os.ReadFile(pdf)
	b[len(b)/2] ^= 1
	os.WriteFile(altered, b, 0o600)
	h.u.verifyDropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(pdf), storage.NewFileURI(altered)})
	var result string
	h.waitFor(10*time.Second, "the verification result", func() bool {
		top := h.u.win.Canvas().Overlays().Top()
		if top == nil {
			return false
		}
		result = textsUnder(top)
		return strings.Contains(result, "与存档")
	})
	if !strings.Contains(result, "第 1 版的会议纪要 PDF，与存档一致") || !strings.Contains(result, "改动过.pdf：与存档中的任何文件都不一致") {
		t.Fatalf("verification result: %q", result)
	}
}

func writePNG(t *testing.T, path string) {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 40, 20))
	img.Set(3, 3, color.White)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// TestArchiveExportAndVerifyAllFromTheMenu writes the year's package from the app and
// verifies the whole archive, before and after a byte of the archived PDF changes.
func TestArchiveExportAndVerifyAllFromTheMenu(t *testing.T) {
	h := newHarness(t)
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := archive.Finalize(h.st, h.dir, id, testNow); err != nil {
		t.Fatal(err)
	}
	dialogText := func() string {
		var text string
		h.waitFor(10*time.Second, "a dialog", func() bool {
			top := h.u.win.Canvas().Overlays().Top()
			if top == nil {
				return false
			}
			text = textsUnder(top)
			return text != "" && !strings.Contains(text, "请稍候") // past the progress dialog
		})
		return text
	}
	h.u.exportArchive(testNow.Year())
	if got := dialogText(); !strings.Contains(got, "backstop-archive-2026.zip") {
		t.Fatalf("export dialog: %q", got)
	}
	if info, err := os.Stat(filepath.Join(h.dir, "exports", "backstop-archive-2026.zip")); err != nil || info.Size() == 0 {
		t.Fatalf("no package written: %v", err)
	}
	h.u.win.Canvas().Overlays().Top().Hide()
	h.u.win.Canvas().Overlays().Remove(h.u.win.Canvas().Overlays().Top())

	h.u.onVerifyAll()
	if got := dialogText(); !strings.Contains(got, "全部存档文件与记录一致") {
		t.Fatalf("verify-all on an intact archive: %q", got)
	}
	h.u.win.Canvas().Overlays().Remove(h.u.win.Canvas().Overlays().Top())

	stored := h.stored(id)
	rev, _ := stored.LastRevision()
	pdf := archive.Path(h.dir, rev.PDFPath)
	b, _ := os.ReadFile(pdf)
	b[100] ^= 1
	os.WriteFile(pdf, b, 0o600)
	h.u.onVerifyAll()
	if got := dialogText(); !strings.Contains(got, "发现 1 个问题") {
		t.Fatalf("verify-all after a one-byte change: %q", got)
	}
}
