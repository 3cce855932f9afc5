package transfer_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"backstop/export/archive"
	"backstop/export/transfer"
	"backstop/meeting"
	"backstop/meeting/pgstore"
	"backstop/meeting/pgstore/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var rolesOnce sync.Once

// keptStore opens a fresh, migrated database on the private PostgreSQL server: a
// store that keeps the archive's files.
func keptStore(t *testing.T) *pgstore.Store {
	t.Helper()
	srv := pgtest.Shared(t)
	rolesOnce.Do(func() { srv.Exec(t, pgstore.RolesSQL) })
	st, err := pgstore.Open(context.Background(), srv.URL(srv.NewDatabase(t, pgstore.OwnerRole), pgtest.Superuser))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func hashOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// putLocal writes content into a data folder's archive at rel.
func putLocal(t *testing.T, dataDir, rel string, content []byte) {
	t.Helper()
	name := archive.Path(dataDir, rel)
	if err := os.MkdirAll(filepath.Dir(name), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, content, 0o600); err != nil {
		t.Fatal(err)
	}
}

// markers lists the unsent markers left in a data folder's archive.
func markers(dataDir string) []string {
	var found []string
	filepath.Walk(archive.Dir(dataDir), func(p string, _ os.FileInfo, err error) error {
		if err == nil && strings.HasPrefix(filepath.Base(p), ".backstop-unsent-") {
			found = append(found, p)
		}
		return nil
	})
	return found
}

// TestKeptFilesTravel: with a store that keeps the archive's files, a package is
// written on a PC whose archive folder lacks them or holds one altered; importing
// it uses the database's files where it has them, keeps off a path the database
// holds another file under, and sends the database the files it lacks once the
// import commits, or none when it does not.
func TestKeptFilesTravel(t *testing.T) {
	st := keptStore(t)
	pdf := []byte("%PDF-1.7\n% the minutes, revision 1\n%%EOF\n")
	scan := []byte("\x89PNG\r\n\x1a\nsigned by every department")
	other := []byte("%PDF-1.7\n% another office's minutes with the same number\n%%EOF\n")
	fresh := []byte("%PDF-1.7\n% a meeting this office has never had\n%%EOF\n")
	const (
		pdfPath   = "2026/1-协调会/r1.pdf"
		scanPath  = "2026/1-协调会/scan-r1-1.png"
		freshPath = "2026/2-新会议/r1.pdf"
	)
	for rel, content := range map[string][]byte{pdfPath: pdf, scanPath: scan} {
		if err := st.PutFile(rel, content, hashOf(content)); err != nil {
			t.Fatal(err)
		}
	}

	// The sending PC has the other office's file and the fresh one locally, an
	// altered copy of the PDF, and no scan.
	sender := t.TempDir()
	putLocal(t, sender, "2026/1-协调会-外/r1.pdf", other)
	putLocal(t, sender, freshPath, fresh)
	putLocal(t, sender, pdfPath, []byte("%PDF-1.7\n% altered\n%%EOF\n"))
	c := transfer.Contents{From: "梅城镇便民服务中心", Created: time.Date(2026, 10, 12, 9, 0, 0, 0, time.UTC),
		Records: map[string][]byte{"meetings/ab.json": []byte("{}\n")},
		Files: map[string]string{
			hashOf(pdf): pdfPath, hashOf(scan): scanPath,
			hashOf(other): "2026/1-协调会-外/r1.pdf", hashOf(fresh): freshPath,
		}}
	file := filepath.Join(t.TempDir(), "转办.bstx")
	if _, err := transfer.WriteFile(file, c, sender); err == nil {
		t.Fatal("without the store, a package from a folder lacking the scan and with an altered PDF was written")
	}
	c.Store = st
	man, err := transfer.WriteFile(file, c, sender)
	if err != nil {
		t.Fatal(err)
	}
	if man.Counts.Files != 4 {
		t.Errorf("the package holds %d files, want 4", man.Counts.Files)
	}
	if got, _ := os.ReadFile(archive.Path(sender, pdfPath)); hashOf(got) != hashOf(pdf) {
		t.Error("the altered local PDF was not replaced from the database")
	}

	pkg, err := transfer.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer pkg.Close()
	receiver := t.TempDir()
	pl := pkg.PlacerFor(st, receiver)
	if rel, err := pl.Place(hashOf(pdf), pdfPath, "0123456789abcdef"); err != nil || rel != pdfPath {
		t.Fatalf("the PDF the database has: placed at %q, %v", rel, err)
	}
	if pl.Placed() != 0 {
		t.Errorf("a file the database has was copied: %d placed", pl.Placed())
	}
	// The other office's minutes suggest the path the database holds the PDF under.
	rel, err := pl.Place(hashOf(other), pdfPath, "0123456789abcdef")
	if want := "2026/1-协调会-01234567/r1.pdf"; err != nil || rel != want {
		t.Fatalf("a file suggested at a path the database holds another under: placed at %q, %v; want %q", rel, err, want)
	}
	if got, err := pl.Place(hashOf(fresh), freshPath, "fedcba9876543210"); err != nil || got != freshPath {
		t.Fatalf("a fresh file: placed at %q, %v", got, err)
	}
	if _, err := st.File(freshPath, hashOf(fresh)); meeting.ErrorCode(err) != meeting.CodeNotFound {
		t.Errorf("the database has the fresh file before the import committed: %v", err)
	}
	if len(markers(receiver)) != 2 {
		t.Errorf("unsent markers before the commit: %v", markers(receiver))
	}
	if err := pl.Send(); err != nil {
		t.Fatal(err)
	}
	for rel, content := range map[string][]byte{rel: other, freshPath: fresh, pdfPath: pdf} {
		if got, err := st.File(rel, hashOf(content)); err != nil || hashOf(got) != hashOf(content) {
			t.Errorf("after Send the database's %s: %v", rel, err)
		}
	}
	if m := markers(receiver); len(m) > 0 {
		t.Errorf("Send left markers %v", m)
	}

	// An import the store refuses sends nothing and leaves nothing.
	scanPlaced := ""
	refused := func(from string, records map[string][]byte, place func(hash, suggested, owner string) (string, error)) (int, error) {
		var err error
		scanPlaced, err = place(hashOf(scan), "2026/9-被拒绝/scan-r1-1.png", "")
		if err != nil {
			return 0, err
		}
		return 0, meeting.Errorf(meeting.CodeConflict, "测试：导入被拒绝。", nil)
	}
	other2 := t.TempDir()
	if _, _, err := transfer.ImportTo(st, file, other2, refused); meeting.ErrorCode(err) != meeting.CodeConflict {
		t.Fatalf("refused import: %v", err)
	}
	if _, err := os.Stat(archive.Path(other2, scanPlaced)); !os.IsNotExist(err) {
		t.Errorf("a refused import left %s: %v", scanPlaced, err)
	}
	if m := markers(other2); len(m) > 0 {
		t.Errorf("a refused import left markers %v", m)
	}
	if _, err := st.File(scanPlaced, hashOf(scan)); meeting.ErrorCode(err) != meeting.CodeNotFound {
		t.Errorf("a refused import sent %s to the database: %v", scanPlaced, err)
	}

	// A committed import sends what it placed.
	committed := func(from string, records map[string][]byte, place func(hash, suggested, owner string) (string, error)) (string, error) {
		return place(hashOf(scan), "2026/9-已导入/scan-r1-1.png", "")
	}
	placed, gotMan, err := transfer.ImportTo(st, file, t.TempDir(), committed)
	if err != nil || gotMan.From != c.From {
		t.Fatalf("import: %v %+v", err, gotMan)
	}
	if got, err := st.File(placed, hashOf(scan)); err != nil || hashOf(got) != hashOf(scan) {
		t.Errorf("after the import the database's %s: %v", placed, err)
	}
}
