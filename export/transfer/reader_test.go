package transfer

import (
	"archive/zip"
	"bytes"
	"testing"
	"time"
)

// tinyPackage writes a package of one record without files.
func tinyPackage(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	c := Contents{From: "梅城镇", Created: time.Date(2026, 10, 12, 9, 0, 0, 0, time.UTC),
		Records: map[string][]byte{"cases/ab.json": []byte(`{"uid":"ab"}` + "\n")}}
	if _, err := Write(&buf, c, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteIsDeterministicAndReadsBack(t *testing.T) {
	a, b := tinyPackage(t), tinyPackage(t)
	if !bytes.Equal(a, b) {
		t.Errorf("the same contents gave different bytes")
	}
	p, err := Read(bytes.NewReader(a), int64(len(a)), "tiny.bstx")
	if err != nil {
		t.Fatal(err)
	}
	if p.Manifest.Counts != (Counts{Cases: 1}) || string(p.Records["cases/ab.json"]) != `{"uid":"ab"}`+"\n" || p.Manifest.From != "梅城镇" {
		t.Errorf("read back %+v %q", p.Manifest, p.Records)
	}
	zr, _ := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if last := zr.File[len(zr.File)-1].Name; last != ManifestName {
		t.Errorf("last entry %s, want the manifest", last)
	}
}

// FuzzRead feeds Read damaged packages: it must refuse them with an error, never
// panic, and accept only what its manifest vouches for.
func FuzzRead(f *testing.F) {
	good := tinyPackage(f)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Read(bytes.NewReader(data), int64(len(data)), "fuzz.bstx")
		if err != nil {
			return
		}
		listed := map[string]bool{}
		for _, e := range p.Manifest.Entries {
			listed[e.Name] = true
		}
		for name := range p.Records {
			if !listed[name] {
				t.Errorf("record %s is not in the manifest", name)
			}
		}
	})
}
