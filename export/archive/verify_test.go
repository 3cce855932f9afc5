package archive

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"backstop/meeting"
)

// signed returns a data directory with one meeting finalized and signed, and the
// recorded paths of its PDF and scan.
func signed(t *testing.T) (meeting.Store, string, meeting.ID, []string) {
	st, dir := openStore(t)
	id := finalized(t, st, dir)
	m, err := AttachScan(st, dir, id, writeTemp(t, "签字 扫描.jpg", jpegScan), testTime)
	if err != nil {
		t.Fatal(err)
	}
	return st, dir, id, []string{m.Revisions[0].PDFPath, m.Revisions[0].Scans[0].Path}
}

func TestVerifyFileMatches(t *testing.T) {
	st, dir, id, paths := signed(t)
	for i, kind := range []string{KindPDF, KindScan} {
		// A copy elsewhere is recognised by content.
		b, _ := os.ReadFile(Path(dir, paths[i]))
		match, err := VerifyFile(st, dir, writeTemp(t, "拷贝 "+kind, b))
		if err != nil {
			t.Fatal(err)
		}
		if !match.Found() || match.Meeting != id || match.Revision != 1 || match.Kind != kind || match.Path != paths[i] {
			t.Errorf("%s matched %+v", kind, match)
		}
		if !strings.Contains(match.String(), "第 1 版") {
			t.Errorf("description %q", match.String())
		}
	}
	if _, err := VerifyFile(st, dir, filepath.Join(t.TempDir(), "无")); meeting.ErrorCode(err) != meeting.CodeInvalid {
		t.Errorf("missing file: %v", err)
	}
}

// TestOneByteChange flips every byte position of the archived PDF and scan in turn
// (sampled for the PDF) and requires VerifyFile and VerifyAll to notice each time.
func TestOneByteChange(t *testing.T) {
	st, dir, _, paths := signed(t)
	for _, rel := range paths {
		file := Path(dir, rel)
		orig, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		step := max(1, len(orig)/97)
		for pos := 0; pos < len(orig); pos += step {
			for _, delta := range []byte{1, 0x80} {
				changed := append([]byte(nil), orig...)
				changed[pos] ^= delta
				if err := os.WriteFile(file, changed, 0o600); err != nil {
					t.Fatal(err)
				}
				if m, err := VerifyFile(st, dir, file); err != nil || m.Found() {
					t.Fatalf("%s with byte %d changed: VerifyFile = %+v, %v", rel, pos, m, err)
				}
				ps, err := VerifyAll(st, dir)
				if err != nil || len(ps) != 1 || ps[0].Path != rel || !strings.Contains(ps[0].Message, "已被改动") {
					t.Fatalf("%s with byte %d changed: VerifyAll = %v, %v", rel, pos, ps, err)
				}
			}
		}
		if err := os.WriteFile(file, orig, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if ps, err := VerifyAll(st, dir); err != nil || len(ps) != 0 {
		t.Errorf("restored archive: %v %v", ps, err)
	}
	// Appending or truncating a byte is noticed too.
	file := Path(dir, paths[1])
	orig, _ := os.ReadFile(file)
	for _, b := range [][]byte{append(append([]byte(nil), orig...), 0), orig[:len(orig)-1]} {
		os.WriteFile(file, b, 0o600)
		if m, _ := VerifyFile(st, dir, file); m.Found() {
			t.Errorf("length %d matched", len(b))
		}
		if ps, _ := VerifyAll(st, dir); len(ps) != 1 {
			t.Errorf("length %d: %v", len(b), ps)
		}
	}
	os.WriteFile(file, orig, 0o600)
}

func TestVerifyAllMissing(t *testing.T) {
	st, dir, _, paths := signed(t)
	for _, rel := range paths {
		if err := os.Remove(Path(dir, rel)); err != nil {
			t.Fatal(err)
		}
	}
	ps, err := VerifyAll(st, dir)
	if err != nil || len(ps) != 2 {
		t.Fatalf("VerifyAll = %v, %v", ps, err)
	}
	for i, p := range ps {
		if p.Path != paths[i] || !strings.Contains(p.Message, "缺失") {
			t.Errorf("problem %d: %+v", i, p)
		}
	}
	if !strings.Contains(ps[0].Message, "定稿 PDF") || !strings.Contains(ps[1].Message, "签字扫描件") {
		t.Errorf("messages do not say which file: %v", ps)
	}
}

func TestVerifyAllPendingPDF(t *testing.T) {
	st, dir := openStore(t)
	id := draft(t, st, "待补写")
	// Finalized without its PDF, as a version before FinalizeWith could leave it.
	if _, err := st.Finalize(id, testTime); err != nil {
		t.Fatal(err)
	}
	ps, err := VerifyAll(st, dir)
	if err != nil || len(ps) != 1 || !strings.Contains(ps[0].Message, "尚未存档") {
		t.Fatalf("VerifyAll = %v, %v", ps, err)
	}
}
