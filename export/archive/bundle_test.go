package archive

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"backstop/meeting"
)

func TestExportYear(t *testing.T) {
	st, dir, id, paths := signed(t)
	draft(t, st, "未定稿的草稿不进归档包")
	var b bytes.Buffer
	man, err := ExportYear(st, dir, 2026, &b, testTime)
	if err != nil {
		t.Fatal(err)
	}
	if len(man.Meetings) != 1 || man.Meetings[0].ID != id || len(man.Meetings[0].Revisions) != 1 {
		t.Fatalf("manifest meetings %+v", man.Meetings)
	}
	zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	var inZip Manifest
	if err := json.Unmarshal(got["manifest.json"], &inZip); err != nil {
		t.Fatal(err)
	}
	if len(inZip.Files) != len(zr.File)-1 {
		t.Errorf("manifest lists %d files, package holds %d besides it", len(inZip.Files), len(zr.File)-1)
	}
	for _, f := range inZip.Files {
		sum := sha256.Sum256(got[f.Path])
		if hex.EncodeToString(sum[:]) != f.SHA256 {
			t.Errorf("%s does not match its manifest hash", f.Path)
		}
	}
	for _, rel := range paths {
		want, _ := os.ReadFile(Path(dir, rel))
		if !bytes.Equal(got[rel], want) {
			t.Errorf("package lacks %s or holds another file", rel)
		}
	}
	folder := man.Meetings[0].Folder
	var mn meeting.Minutes
	if err := json.Unmarshal(got[folder+"/meeting.json"], &mn); err != nil || mn.Meeting.ID != id {
		t.Errorf("meeting.json: %v", err)
	}
	if !strings.Contains(string(got[folder+"/audit.json"]), "\"action\"") {
		t.Errorf("audit.json missing or empty")
	}

	var again bytes.Buffer
	if _, err := ExportYear(st, dir, 2026, &again, testTime); err != nil || !bytes.Equal(again.Bytes(), b.Bytes()) {
		t.Errorf("a second export gave different bytes (%v)", err)
	}
	if _, err := ExportYear(st, dir, 2025, io.Discard, testTime); meeting.ErrorCode(err) != meeting.CodeNotFound {
		t.Errorf("empty year: %v", err)
	}

	// An altered scan stops the export.
	scan := Path(dir, paths[1])
	orig, _ := os.ReadFile(scan)
	os.WriteFile(scan, append(orig, 0), 0o600)
	_, err = ExportYear(st, dir, 2026, io.Discard, testTime)
	wantCode(t, err, meeting.CodeCorrupt)
	if !strings.Contains(meeting.ErrorMessage(err), "已被改动") {
		t.Errorf("message %q", meeting.ErrorMessage(err))
	}
}
