package export

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden compares the text of the example minutes with testdata/minutes.txt and,
// with -update, rewrites it along with testdata/minutes-page1.png and
// testdata/minutes-signature.png: the first page and the signature sheet rendered at 60
// dpi, kept for people to review what the minutes look like.
//
//	go test ./export -run TestGolden -update
func TestGolden(t *testing.T) {
	path, _, rep := writePDF(t, exampleMinutes(t), Options{})
	text := run(t, "pdftotext", "-q", "-layout", path, "-")
	golden := filepath.Join("testdata", "minutes.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		for name, page := range map[string]int{"minutes-page1": 1, "minutes-signature": rep.Pages} {
			run(t, "pdftoppm", "-r", "60", "-png", "-singlefile", "-f", itoa(page), "-l", itoa(page), path, filepath.Join(dir, name))
			png, err := os.ReadFile(filepath.Join(dir, name+".png"))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join("testdata", name+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	// Compared without white space: pdftotext's spacing of justified lines may differ
	// between poppler versions, the characters may not.
	if squeeze(text) != squeeze(string(want)) {
		t.Errorf("the text of the example minutes changed; review it and run with -update:\n%s", text)
	}
}
