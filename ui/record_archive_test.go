//go:build linux

package ui

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"backstop/export/archive"
	"backstop/meeting"
)

// fileHash returns the SHA-256 of a file in hex, "" when it cannot be read.
func fileHash(name string) string {
	b, err := os.ReadFile(name)
	if err != nil {
		return ""
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// openArchivedPDF opens the meeting on the preview step and taps 打开存档 PDF.
func (h *harness) openArchivedPDF(id meeting.ID) {
	h.t.Helper()
	h.u.openMeeting(id)
	h.u.editor.showStep(stepPreview)
	h.drain(50 * time.Millisecond)
	tapButton(h.t, h.u.editor.preview.record.box, "打开存档 PDF")
}

// TestOpenArchivedPDFFromTheSharedStore: PC B never had the PDF PC A finalized;
// 打开存档 PDF fetches it from the database into B's archive with the recorded
// hash, and replaces a copy that was altered.
func TestOpenArchivedPDFFromTheSharedStore(t *testing.T) {
	stA, stB := sharedStores(t)
	id, err := seedExample(stA)
	if err != nil {
		t.Fatal(err)
	}
	mn, err := archive.Finalize(stA, t.TempDir(), id, testNow)
	if err != nil {
		t.Fatal(err)
	}
	rev, _ := mn.Meeting.LastRevision()
	b := liveHarness(t, stB, "PC-B 投屏")
	local := archive.Path(b.dir, rev.PDFPath)

	b.openArchivedPDF(id)
	b.waitFor(5*time.Second, "the PDF in B's archive", func() bool { return fileHash(local) == rev.PDFHash })
	b.drain(50 * time.Millisecond)
	if text := dialogText(b); strings.Contains(text, "存档文件") {
		t.Errorf("opening the fetched PDF showed %q", text)
	}

	if err := os.WriteFile(local, []byte("%PDF-1.7\n% altered\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tapButton(t, b.u.editor.preview.record.box, "打开存档 PDF")
	b.waitFor(5*time.Second, "the altered copy replaced", func() bool { return fileHash(local) == rev.PDFHash })
}

// TestOpenArchivedPDFMissing: with the embedded store, a PDF missing from the
// archive is not opened; the message names the file and says what to do.
func TestOpenArchivedPDFMissing(t *testing.T) {
	h := newHarness(t)
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	mn, err := archive.Finalize(h.st, h.dir, id, testNow)
	if err != nil {
		t.Fatal(err)
	}
	rev, _ := mn.Meeting.LastRevision()
	local := archive.Path(h.dir, rev.PDFPath)
	if err := os.Remove(local); err != nil {
		t.Fatal(err)
	}
	h.openArchivedPDF(id)
	h.waitFor(5*time.Second, "the error", func() bool { return strings.Contains(dialogText(h), "缺失") })
	if text := dialogText(h); !strings.Contains(text, local) || !strings.Contains(text, "verify --all") {
		t.Errorf("the message reads %q", text)
	}
}
