package export

import (
	"bytes"
	"errors"
	"os"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"backstop/assets"
	"backstop/meeting"
)

func TestDefaultFonts(t *testing.T) {
	start := time.Now()
	fs, err := DefaultFonts()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("parsed the default fonts in %v", time.Since(start))
	fonts, err := fs.resolve()
	if err != nil {
		t.Fatal(err)
	}
	for role, f := range fonts.role {
		for _, r := range "〓一〔〕（）《》，。：0123456789ABCxyz—" {
			if !f.Has(r) {
				t.Errorf("%s (%s) lacks %q", f.Name(), Role(role), r)
			}
		}
		if f.Has(0xffff) || f.Has(0) || f.Has(0x10ffff) {
			t.Errorf("%s claims a glyph no font has", f.Name())
		}
		if f.Ascent() <= 0 || f.Descent() >= 0 {
			t.Errorf("%s: ascent %v, descent %v", f.Name(), f.Ascent(), f.Descent())
		}
	}
	if fonts.role[Kai] != fonts.role[Body] {
		t.Error("without a 楷体 font the Kai role should use the body font")
	}
}

// TestAdvanceMatchesFpdf checks that the widths the layout uses are the ones fpdf
// writes into the PDF, so that positions computed here are where glyphs land.
func TestAdvanceMatchesFpdf(t *testing.T) {
	fs, err := DefaultFonts()
	if err != nil {
		t.Fatal(err)
	}
	const sample = "会议纪要〔2026〕12号，Backstop 64712345 ABC-123《若干意见》（一）—…％"
	for _, f := range []*Font{fs.Body, fs.Title, fs.Heading} {
		pdf := fpdf.New("P", "mm", "A4", "")
		pdf.AddUTF8FontFromBytes("f", "", f.data)
		pdf.SetFont("f", "", 10)
		if err := pdf.Error(); err != nil {
			t.Fatal(err)
		}
		for _, r := range sample {
			if got, want := f.Advance(r), pdf.GetStringSymbolWidth(string(r)); got != want {
				t.Errorf("%s: advance of %q is %d, fpdf says %d", f.Name(), r, got, want)
			}
		}
	}
}

func TestParseFontRejects(t *testing.T) {
	ttc, _ := os.ReadFile("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
	cases := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"not a font", []byte("this is not a font file at all")},
		{"CFF OpenType", append([]byte("OTTO"), make([]byte, 60)...)},
		{"collection", append([]byte("ttcf"), make([]byte, 60)...)},
		{"truncated", assets.SerifRegular[:4096]},
		{"directory only", assets.SerifRegular[:400]},
	}
	if ttc != nil {
		cases = append(cases, struct {
			name string
			data []byte
		}{"Debian Noto CJK collection", ttc})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := ParseFont("Broken", c.data)
			if err == nil || f != nil {
				t.Fatalf("ParseFont accepted %s", c.name)
			}
			if !errors.Is(err, ErrFont) || !errors.Is(err, meeting.ErrInvalid) {
				t.Errorf("error %v is not ErrFont and meeting.ErrInvalid", err)
			}
			t.Log(err)
		})
	}
}

func TestSubsetDependsOnTheSetOnly(t *testing.T) {
	fs, err := DefaultFonts()
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := fs.Body.subset([]rune("纪要会议纪要"), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := fs.Body.subset([]rune("要议会纪"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("subsets of the same rune set differ")
	}
}
