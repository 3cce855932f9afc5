package archive

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"backstop/meeting"
	"backstop/meeting/pgstore"
	"backstop/meeting/pgstore/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// The PostgreSQL store keeps the archive's files; the bbolt store does not.
var _ FileKeeper = (*pgstore.Store)(nil)

var rolesOnce sync.Once

// officeDB creates a fresh, migrated database on the private PostgreSQL server and
// returns its URL: one office's store, shared by the PCs of the test.
func officeDB(t *testing.T) string {
	t.Helper()
	srv := pgtest.Shared(t)
	rolesOnce.Do(func() { srv.Exec(t, pgstore.RolesSQL) })
	return srv.URL(srv.NewDatabase(t, pgstore.OwnerRole), pgtest.Superuser)
}

// pc opens the office's database as one PC with a data folder of its own; the
// chains are checked and the connections closed at cleanup, before the database is
// dropped.
func pc(t *testing.T, url string) (*pgstore.Store, string) {
	t.Helper()
	st, err := pgstore.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if ps, err := st.VerifyAll(); err != nil || len(ps) > 0 {
			t.Errorf("store chain after test: %v %v", ps, err)
		}
		st.Close()
	})
	return st, t.TempDir()
}

// archiveFiles lists the files in a data folder's archive, markers included, by
// their path relative to the archive folder.
func archiveFiles(t *testing.T, dataDir string) []string {
	t.Helper()
	var found []string
	filepath.WalkDir(Dir(dataDir), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(Dir(dataDir), p)
			found = append(found, filepath.ToSlash(rel))
		}
		return nil
	})
	return found
}

// wantKept fails unless the keeper holds the file at rel with hash.
func wantKept(t *testing.T, k FileKeeper, rel, hash string) {
	t.Helper()
	b, err := k.File(rel, hash)
	if err != nil {
		t.Fatalf("the database lacks %s: %v", rel, err)
	}
	if sha(b) != hash {
		t.Fatalf("the database's %s has SHA-256 %s, want %s", rel, sha(b), hash)
	}
}

// wantLocal fails unless Local gives a file with hash in the data folder's archive.
func wantLocal(t *testing.T, st meeting.Store, dataDir, rel, hash string) {
	t.Helper()
	name, err := Local(st, dataDir, rel, hash)
	if err != nil {
		t.Fatalf("Local(%s): %v", rel, err)
	}
	if name != Path(dataDir, rel) {
		t.Errorf("Local(%s) = %s, want %s", rel, name, Path(dataDir, rel))
	}
	if b, err := os.ReadFile(name); err != nil || sha(b) != hash {
		t.Fatalf("Local(%s) gave a file with SHA-256 %s (%v), want %s", rel, sha(b), err, hash)
	}
}

// TestTwoPCsShareArchivedFiles: PC A finalizes and attaches a scan and a receipt;
// PC B, whose archive folder is empty, verifies everything, opens the revision's
// PDF and exports the year's package, byte for byte the one A exports.
func TestTwoPCsShareArchivedFiles(t *testing.T) {
	url := officeDB(t)
	a, dirA := pc(t, url)
	b, dirB := pc(t, url)

	id := draft(t, a, "两台电脑共用存档")
	mn, err := Finalize(a, dirA, id, testTime)
	if err != nil {
		t.Fatal(err)
	}
	rev, _ := mn.Meeting.LastRevision()
	wantKept(t, a, rev.PDFPath, rev.PDFHash)
	m, err := AttachScan(a, dirA, id, writeTemp(t, "签字版.png", pngScan), testTime)
	if err != nil {
		t.Fatal(err)
	}
	scan := m.Revisions[0].Scans[0]
	wantKept(t, a, scan.Path, sha(pngScan))
	dept := m.Revisions[0].Deliveries[0].Department
	if _, err := a.Deliver(id, meeting.DeliveryRecord{Department: dept, Method: meeting.DeliveredOnSite, On: m.Date, ReceivedBy: "王明"}, testTime); err != nil {
		t.Fatal(err)
	}
	m, err = AttachReceipt(a, dirA, id, dept, writeTemp(t, "回执.jpg", jpegScan), testTime)
	if err != nil {
		t.Fatal(err)
	}
	receipt := m.Revisions[0].Deliveries[0].Receipt
	wantKept(t, a, receipt.Path, sha(jpegScan))
	if got, want := archiveFiles(t, dirA), []string{rev.PDFPath, receipt.Path, scan.Path}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("PC A's archive holds %v, want %v (no unsent marker left)", got, want)
	}

	// PC B has never had any of them.
	if n, err := Recover(b, dirB); err != nil || n != 0 {
		t.Fatalf("Recover on PC B: %d %v", n, err)
	}
	if files := archiveFiles(t, dirB); len(files) > 0 {
		t.Fatalf("PC B's archive is not empty: %v", files)
	}
	if ps, err := VerifyAll(b, dirB); err != nil || len(ps) > 0 {
		t.Fatalf("VerifyAll on PC B: %v %v", ps, err)
	}
	if match, err := VerifyFile(b, dirB, Path(dirA, scan.Path)); err != nil || match.Kind != KindScan || match.Path != scan.Path {
		t.Errorf("VerifyFile on PC B of A's scan: %+v %v", match, err)
	}

	os.RemoveAll(Dir(dirB))
	wantLocal(t, b, dirB, rev.PDFPath, rev.PDFHash)

	os.RemoveAll(Dir(dirB))
	var fromA, fromB bytes.Buffer
	if _, err := ExportYear(a, dirA, 2026, &fromA, testTime); err != nil {
		t.Fatal(err)
	}
	man, err := ExportYear(b, dirB, 2026, &fromB, testTime)
	if err != nil {
		t.Fatalf("ExportYear on PC B: %v", err)
	}
	if !bytes.Equal(fromA.Bytes(), fromB.Bytes()) {
		t.Error("PC B's package for the records office differs from PC A's")
	}
	zr, err := zip.NewReader(bytes.NewReader(fromB.Bytes()), int64(fromB.Len()))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{rev.PDFPath: rev.PDFHash, scan.Path: scan.Hash, receipt.Path: receipt.Hash}
	for _, f := range zr.File {
		if hash, ok := want[f.Name]; ok {
			rc, _ := f.Open()
			content, _ := io.ReadAll(rc)
			rc.Close()
			if sha(content) != hash {
				t.Errorf("the package's %s has SHA-256 %s, want %s", f.Name, sha(content), hash)
			}
			delete(want, f.Name)
		}
	}
	if len(want) > 0 || len(man.Files) != 5 {
		t.Errorf("the package lacks %v; manifest lists %v", want, man.Files)
	}
}

// TestCorruptCacheIsReplaced: a local copy that no longer has the recorded hash is
// never used: Local and VerifyAll replace it with the database's file.
func TestCorruptCacheIsReplaced(t *testing.T) {
	url := officeDB(t)
	a, dirA := pc(t, url)
	b, dirB := pc(t, url)
	id := draft(t, a, "缓存被改动")
	mn, err := Finalize(a, dirA, id, testTime)
	if err != nil {
		t.Fatal(err)
	}
	rev, _ := mn.Meeting.LastRevision()

	for _, damage := range []struct {
		name    string
		content []byte
	}{
		{"one byte changed", nil},
		{"empty", []byte{}},
		{"another PDF", pdfScan},
	} {
		t.Run(damage.name, func(t *testing.T) {
			name := Path(dirA, rev.PDFPath)
			content := damage.content
			if content == nil {
				good, _ := os.ReadFile(name)
				content = bytes.Clone(good)
				content[len(content)/2] ^= 1
			}
			if err := os.WriteFile(name, content, 0o600); err != nil {
				t.Fatal(err)
			}
			wantLocal(t, a, dirA, rev.PDFPath, rev.PDFHash)

			// PC B's cache, damaged the same way, is repaired by VerifyAll.
			if err := os.MkdirAll(filepath.Dir(Path(dirB, rev.PDFPath)), 0o700); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(Path(dirB, rev.PDFPath), content, 0o600)
			if ps, err := VerifyAll(b, dirB); err != nil || len(ps) > 0 {
				t.Fatalf("VerifyAll with a damaged cache: %v %v", ps, err)
			}
			if got, _ := os.ReadFile(Path(dirB, rev.PDFPath)); sha(got) != rev.PDFHash {
				t.Error("VerifyAll left PC B's damaged copy in place")
			}
		})
	}

	// Without a keeper a damaged file is refused, naming it.
	st, dir := openStore(t)
	id = draft(t, st, "本机存档")
	mn, err = Finalize(st, dir, id, testTime)
	if err != nil {
		t.Fatal(err)
	}
	rev, _ = mn.Meeting.LastRevision()
	wantLocal(t, st, dir, rev.PDFPath, rev.PDFHash)
	os.WriteFile(Path(dir, rev.PDFPath), pdfScan, 0o600)
	_, err = Local(st, dir, rev.PDFPath, rev.PDFHash)
	wantCode(t, err, meeting.CodeCorrupt)
	if !strings.Contains(meeting.ErrorMessage(err), Path(dir, rev.PDFPath)) {
		t.Errorf("the message does not name the file: %v", err)
	}
	os.Remove(Path(dir, rev.PDFPath))
	_, err = Local(st, dir, rev.PDFPath, rev.PDFHash)
	wantCode(t, err, meeting.CodeNotFound)
}

// crashFinalize finalizes as Finalize does up to the commit and then stops, as a
// crash between the commit and the upload would: the PDF and its unsent marker are
// in PC's archive, the record is committed, the database lacks the file.
func crashFinalize(t *testing.T, st *pgstore.Store, dataDir string, id meeting.ID) meeting.Revision {
	t.Helper()
	mn, err := st.FinalizeWith(id, testTime, func(mn meeting.Minutes) (meeting.PDFFile, error) {
		pdf, err := writePDF(dataDir, &mn, meetingFolder(&mn.Meeting, mn.Meeting.Title), len(mn.Meeting.Revisions))
		if err != nil {
			return pdf, err
		}
		return pdf, markUnsent(st, dataDir, pdf.Path)
	})
	if err != nil {
		t.Fatal(err)
	}
	rev, _ := mn.Meeting.LastRevision()
	if _, err := st.File(rev.PDFPath, rev.PDFHash); meeting.ErrorCode(err) != meeting.CodeNotFound {
		t.Fatalf("before the upload the database has the PDF: %v", err)
	}
	return rev
}

// TestRecoverSendsWhatACrashLeftUnsent: a crash between the commit and the upload
// is healed by Recover on the PC that has the file; when no PC has it, another PC
// renders the PDF again, with the recorded bytes; a scan no PC has is reported.
func TestRecoverSendsWhatACrashLeftUnsent(t *testing.T) {
	url := officeDB(t)
	a, dirA := pc(t, url)
	b, dirB := pc(t, url)

	t.Run("the PC that finalized", func(t *testing.T) {
		id := draft(t, a, "定稿后崩溃")
		rev := crashFinalize(t, a, dirA, id)
		scan, _, err := copyScanFile(t, dirA, rev, pngScan)
		if err != nil {
			t.Fatal(err)
		}
		if err := markUnsent(a, dirA, scan.Path); err != nil {
			t.Fatal(err)
		}
		if _, err := a.AttachScan(id, scan, testTime); err != nil {
			t.Fatal(err)
		}
		if n, err := Recover(a, dirA); err != nil || n != 0 {
			t.Fatalf("Recover: %d %v", n, err)
		}
		wantKept(t, a, rev.PDFPath, rev.PDFHash)
		wantKept(t, a, scan.Path, scan.Hash)
		for _, f := range archiveFiles(t, dirA) {
			if strings.Contains(f, unsentPrefix) {
				t.Errorf("Recover left the marker %s", f)
			}
		}
		if ps, err := VerifyAll(b, dirB); err != nil || len(ps) > 0 {
			t.Errorf("VerifyAll on PC B after Recover on PC A: %v %v", ps, err)
		}
	})

	t.Run("no PC has the PDF", func(t *testing.T) {
		id := draft(t, a, "定稿后硬盘损坏")
		rev := crashFinalize(t, a, dirA, id)
		os.RemoveAll(Dir(dirA)) // PC A's disk is lost
		wantLocal(t, b, dirB, rev.PDFPath, rev.PDFHash)
		wantKept(t, b, rev.PDFPath, rev.PDFHash)
	})

	t.Run("no PC has the scan", func(t *testing.T) {
		id := draft(t, a, "扫描件丢失")
		mn, err := Finalize(a, dirA, id, testTime)
		if err != nil {
			t.Fatal(err)
		}
		rev, _ := mn.Meeting.LastRevision()
		scan, name, err := copyScanFile(t, dirA, rev, jpegScan)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.AttachScan(id, scan, testTime); err != nil {
			t.Fatal(err)
		}
		os.Remove(name)
		ps, err := VerifyAll(b, dirB)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 1 || ps[0].Path != scan.Path || !strings.Contains(ps[0].Message, scan.Path) || !strings.Contains(ps[0].Message, "打开 Backstop") {
			t.Errorf("VerifyAll of a scan no PC has: %v", ps)
		}
		_, err = Local(b, dirB, scan.Path, scan.Hash)
		wantCode(t, err, meeting.CodeNotFound)
		// Drop the record's file from the check at cleanup: the chain is intact.
	})
}

// TestRecoverSendsWhatTheDatabaseLacks: a recorded file the database lacks is sent
// by Recover from a PC whose copy has the recorded hash even when no marker says it
// is unsent (a marker lost, or a file recorded before markers); a copy that is not
// the recorded file is not sent.
func TestRecoverSendsWhatTheDatabaseLacks(t *testing.T) {
	url := officeDB(t)
	a, dirA := pc(t, url)
	b, dirB := pc(t, url)

	id := draft(t, a, "标记丢失")
	rev := crashFinalize(t, a, dirA, id)
	Unmark(dirA, rev.PDFPath)
	altered := draft(t, a, "本机副本被改动")
	other := crashFinalize(t, a, dirA, altered)
	Unmark(dirA, other.PDFPath)
	name := Path(dirA, other.PDFPath)
	content, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, append(content, '\n'), 0o600); err != nil {
		t.Fatal(err)
	}

	if _, err := Recover(a, dirA); err != nil {
		t.Fatalf("Recover: %v", err)
	}
	wantKept(t, a, rev.PDFPath, rev.PDFHash)
	kept, err := a.FileHashes()
	if err != nil {
		t.Fatal(err)
	}
	if h, ok := kept[other.PDFPath]; ok {
		t.Errorf("Recover sent a local copy that is not the recorded file (database holds %s)", h)
	}
	if kept[rev.PDFPath] != rev.PDFHash {
		t.Errorf("FileHashes: %s holds %q, want %q", rev.PDFPath, kept[rev.PDFPath], rev.PDFHash)
	}
	// PC B gets the sent PDF from the database, and the other one rendered again.
	wantLocal(t, b, dirB, rev.PDFPath, rev.PDFHash)
	wantLocal(t, b, dirB, other.PDFPath, other.PDFHash)
}

// TestRecoverSendsPendingPDF: a revision finalized without its PDF gets it from
// Recover, and the database gets it too.
func TestRecoverSendsPendingPDF(t *testing.T) {
	url := officeDB(t)
	a, dirA := pc(t, url)
	b, dirB := pc(t, url)
	id := draft(t, a, "补写 PDF")
	if _, err := a.Finalize(id, testTime); err != nil {
		t.Fatal(err)
	}
	if n, err := Recover(a, dirA); err != nil || n != 1 {
		t.Fatalf("Recover: %d %v", n, err)
	}
	m, _ := b.Meeting(id)
	rev, _ := m.LastRevision()
	wantKept(t, b, rev.PDFPath, rev.PDFHash)
	if ps, err := VerifyAll(b, dirB); err != nil || len(ps) > 0 {
		t.Errorf("VerifyAll on PC B: %v %v", ps, err)
	}
	if got, want := archiveFiles(t, dirA), []string{rev.PDFPath}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("PC A's archive holds %v, want %v", got, want)
	}
}

// copyScanFile copies content into the archive as the next scan of rev, as
// AttachScan does before recording it, and returns the scan and its local path.
func copyScanFile(t *testing.T, dataDir string, rev meeting.Revision, content []byte) (meeting.Scan, string, error) {
	t.Helper()
	file := writeTemp(t, "scan", content)
	f, mediaType, size, err := openScan(file)
	if err != nil {
		return meeting.Scan{}, "", err
	}
	defer f.Close()
	rel := strings.TrimSuffix(rev.PDFPath, "r1.pdf") + "scan-r1-" + string(rune('1'+len(rev.Scans))) + "." + scanExtensions[mediaType]
	return copyScan(dataDir, rel, file, f, mediaType, size)
}
