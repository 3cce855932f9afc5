package export

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

// lxgwWenKai is a 楷体-style font with composite glyphs, installed by Debian's
// fonts-lxgw-wenkai; tests that use it skip when it is absent.
const lxgwWenKai = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"

// TestCutRendersLikeFpdf draws the same text once in fpdf's own cut of a font and once
// in subset.go's: the pages must render to the same pixels.
func TestCutRendersLikeFpdf(t *testing.T) {
	needTool(t, "pdftoppm")
	fs, err := DefaultFonts()
	if err != nil {
		t.Fatal(err)
	}
	fonts := []*Font{fs.Body, fs.Title, fs.Heading}
	if b, err := os.ReadFile(lxgwWenKai); err == nil {
		kai, err := ParseFont("LXGWWenKai-Regular", b)
		if err != nil {
			t.Fatal(err)
		}
		fonts = append(fonts, kai)
	}
	const sample = "会议纪要〔2026〕12号，ABCxyz g（一）《若干意见》…—¨´−∕〓"
	for _, f := range fonts {
		t.Run(f.Name(), func(t *testing.T) {
			var runes []rune
			for _, r := range sample {
				if f.Has(r) {
					runes = append(runes, r)
				}
			}
			text := string(runes)
			slices.Sort(runes)
			runes = slices.Compact(runes)
			ours, _, err := f.cut(runes, nil)
			if err != nil {
				t.Fatal(err)
			}
			theirs := fpdf.UTF8CutFont(f.data, text)
			if len(ours) >= len(theirs)*2 {
				t.Errorf("our cut is %d bytes, fpdf's %d", len(ours), len(theirs))
			}
			if !bytes.Equal(render(t, ours, text), render(t, theirs, text)) {
				t.Error("the cuts render differently")
			}
		})
	}
}

// render draws text in the font at 36 pt and returns the page as a greyscale image.
func render(t *testing.T, font []byte, text string) []byte {
	t.Helper()
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("f", "", font)
	pdf.SetFont("f", "", 36)
	pdf.AddPage()
	pdf.Text(10, 40, text)
	dir := t.TempDir()
	path := filepath.Join(dir, "cut.pdf")
	if err := pdf.OutputFileAndClose(path); err != nil {
		t.Fatal(err)
	}
	run(t, "pdftoppm", "-r", "50", "-gray", "-singlefile", path, filepath.Join(dir, "page"))
	png, err := os.ReadFile(filepath.Join(dir, "page.pgm"))
	if err != nil {
		t.Fatal(err)
	}
	return png
}
