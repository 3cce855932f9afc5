package archive

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"backstop/meeting"
)

var (
	pngScan  = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{1}, 100)...)
	jpegScan = append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte{2}, 100)...)
	pdfScan  = []byte("%PDF-1.4\n% signed copy\n%%EOF\n")
)

// finalized stores a meeting and finalizes it with its PDF archived.
func finalized(t *testing.T, st meeting.Store, dir string) meeting.ID {
	t.Helper()
	id := draft(t, st, "签字扫描件")
	if _, err := Finalize(st, dir, id, testTime); err != nil {
		t.Fatal(err)
	}
	return id
}

func writeTemp(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAttachScanKinds(t *testing.T) {
	st, dir := openStore(t)
	id := finalized(t, st, dir)
	for i, tc := range []struct {
		file      string
		content   []byte
		mediaType string
		ext       string
	}{
		{"扫描 件 签字版.png", pngScan, "image/png", "png"},
		{"photo.pdf", jpegScan, "image/jpeg", "jpg"}, // content decides, not the name
		{"签字 版.PDF", pdfScan, "application/pdf", "pdf"},
	} {
		m, err := AttachScan(st, dir, id, writeTemp(t, tc.file, tc.content), testTime)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		sc := m.Revisions[0].Scans[i]
		if sc.MediaType != tc.mediaType || sc.Size != int64(len(tc.content)) || sc.Hash != sha(tc.content) {
			t.Errorf("%s recorded as %+v", tc.file, sc)
		}
		if want := "scan-r1-" + string(rune('1'+i)) + "." + tc.ext; filepath.Base(sc.Path) != want {
			t.Errorf("%s archived as %s, want %s", tc.file, sc.Path, want)
		}
		b, err := os.ReadFile(Path(dir, sc.Path))
		if err != nil || !bytes.Equal(b, tc.content) {
			t.Errorf("archived copy of %s differs: %v", tc.file, err)
		}
		if m.State != meeting.StateSigned {
			t.Errorf("state %s after attaching", m.State)
		}
	}
	// The same scan twice is refused and leaves no extra file.
	_, err := AttachScan(st, dir, id, writeTemp(t, "again.png", pngScan), testTime)
	wantCode(t, err, meeting.CodeConflict)
	if _, err := os.Stat(filepath.Join(Dir(dir), "2026")); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(Dir(dir), "*", "*", "scan-*"))
	if len(files) != 3 {
		t.Errorf("archive holds %d scans, want 3: %v", len(files), files)
	}
	if ps, err := VerifyAll(st, dir); err != nil || len(ps) != 0 {
		t.Errorf("VerifyAll: %v %v", ps, err)
	}
}

func TestAttachScanRefused(t *testing.T) {
	st, dir := openStore(t)
	id := finalized(t, st, dir)
	defer func(n int64) { maxScanSize = n }(maxScanSize)
	maxScanSize = 1 << 10

	huge := filepath.Join(t.TempDir(), "巨大 扫描件.pdf")
	if err := os.WriteFile(huge, []byte("%PDF-1.4\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, MaxScanSize+1); err != nil { // sparse
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, file, want string
	}{
		{"text file", writeTemp(t, "会议 记录.pdf", []byte("这不是扫描件，只是文字。")), "不是 PDF、JPEG 或 PNG"},
		{"empty", writeTemp(t, "空 文件.png", nil), "空文件"},
		{"huge", huge, "太大"},
		{"missing", filepath.Join(t.TempDir(), "不存在 的.png"), "不存在"},
		{"folder", t.TempDir(), "文件夹"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := AttachScan(st, dir, id, tc.file, testTime)
			wantCode(t, err, meeting.CodeInvalid)
			msg := meeting.ErrorMessage(err)
			if !strings.Contains(msg, tc.want) || !strings.Contains(msg, tc.file) {
				t.Errorf("message %q should say %q and name %s", msg, tc.want, tc.file)
			}
		})
	}
	m, _ := st.Meeting(id)
	if len(m.Revisions[0].Scans) != 0 || m.State != meeting.StateFinalized {
		t.Errorf("a refused scan changed the meeting: %+v", m.Revisions[0])
	}
	if files, _ := filepath.Glob(filepath.Join(Dir(dir), "*", "*", "scan-*")); len(files) != 0 {
		t.Errorf("refused scans left files: %v", files)
	}
}

func TestAttachScanToDraftOrPendingPDF(t *testing.T) {
	st, dir := openStore(t)
	id := draft(t, st, "草稿")
	file := writeTemp(t, "scan.png", pngScan)
	_, err := AttachScan(st, dir, id, file, testTime)
	wantCode(t, err, meeting.CodeState)

	// Finalized without its PDF, as a version before FinalizeWith could leave it.
	if _, err := st.Finalize(id, testTime); err != nil {
		t.Fatal(err)
	}
	_, err = AttachScan(st, dir, id, file, testTime)
	wantCode(t, err, meeting.CodeState)
	if !strings.Contains(meeting.ErrorMessage(err), "尚未存档") {
		t.Errorf("message %q should say the PDF is not archived yet", meeting.ErrorMessage(err))
	}
}

func TestAttachScanDiskFull(t *testing.T) {
	st, dir := openStore(t)
	id := finalized(t, st, dir)
	fillDisk(t)
	_, err := AttachScan(st, dir, id, writeTemp(t, "big.png", append(pngScan, bytes.Repeat([]byte{3}, 4096)...)), testTime)
	wantCode(t, err, meeting.CodeStorage)
	if s := strays(t, dir); len(s) > 0 {
		t.Errorf("partial files left: %v", s)
	}
	if files, _ := filepath.Glob(filepath.Join(Dir(dir), "*", "*", "scan-*")); len(files) != 0 {
		t.Errorf("scan file left: %v", files)
	}
	if m, _ := st.Meeting(id); m.State != meeting.StateFinalized || len(m.Revisions[0].Scans) != 0 {
		t.Errorf("meeting changed: %s %+v", m.State, m.Revisions[0].Scans)
	}
}

// TestRecoverRemovesUnrecordedScans: a scan copied in by an attach that crashed
// before the store recorded it is removed; recorded scans are kept.
func TestRecoverRemovesUnrecordedScans(t *testing.T) {
	st, dir := openStore(t)
	id := finalized(t, st, dir)
	m, err := AttachScan(st, dir, id, writeTemp(t, "a.png", pngScan), testTime)
	if err != nil {
		t.Fatal(err)
	}
	kept := Path(dir, m.Revisions[0].Scans[0].Path)
	orphan := filepath.Join(filepath.Dir(kept), "scan-r1-2.jpg")
	other := filepath.Join(filepath.Dir(kept), "备注.txt")
	for _, f := range []string{orphan, other} {
		if err := os.WriteFile(f, jpegScan, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Recover(st, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(orphan); !os.IsNotExist(err) {
		t.Errorf("unrecorded scan survived Recover: %v", err)
	}
	for _, f := range []string{kept, other} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("Recover removed %s: %v", f, err)
		}
	}
}
