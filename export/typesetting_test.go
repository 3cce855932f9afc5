package export

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestSupplementaryCharactersAreSet sets a person's name with a character above U+FFFF
// that the embedded body font has: it is printed in the font, not as 〓, and the PDF's
// text gives the character back (the ToUnicode update maps its alias), while a
// character no font has is still 〓 and reported at every place.
func TestSupplementaryCharactersAreSet(t *testing.T) {
	def, err := DefaultFonts()
	if err != nil {
		t.Fatal(err)
	}
	var have []rune
	for r := range def.Body.supp {
		have = append(have, r)
	}
	slices.Sort(have)
	if len(have) == 0 {
		t.Fatal("the embedded body font has no character above U+FFFF")
	}
	rare := have[0]
	mn := exampleDraft()
	mn.Meeting.Attendance[1].Person = "许" + string(rare) + "博、胡" + string(rune(0x2ebe0)) + "怡"
	path, b, rep := writePDF(t, mn, Options{})
	if len(rep.Replaced) != 1 || rep.Replaced[0].Rune != 0x2ebe0 {
		t.Fatalf("replaced %v, want only U+2EBE0", rep.Replaced)
	}
	if got, want := rep.Replaced[0].Places, []string{"出席单位和人员", "会签页 自然资源和规划局"}; !slices.Equal(got, want) {
		t.Errorf("places %q, want %q", got, want)
	}
	text := squeeze(run(t, "pdftotext", "-q", path, "-"))
	if n := strings.Count(text, "许"+string(rare)+"博"); n != 2 {
		t.Errorf("the PDF's text has %q %d times, want 2 (attendance, 会签页)", "许"+string(rare)+"博", n)
	}
	if strings.ContainsFunc(text, func(r rune) bool { return r >= aliasFirst && r <= aliasLast }) {
		t.Error("the PDF's text holds a Private Use Area alias")
	}
	if !strings.Contains(text, "胡〓怡") {
		t.Error("the character no font has is not 〓")
	}
	run(t, "qpdf", "--check", path)
	// The same document, the same bytes.
	_, again, _ := writePDF(t, mn, Options{})
	if string(again) != string(b) {
		t.Error("two writes of the same minutes differ")
	}
}

// TestPunctuationCompression measures the advances of adjacent full-width marks: the
// first of a compressible pair gives up half an em, other characters keep their own.
func TestPunctuationCompression(t *testing.T) {
	def, err := DefaultFonts()
	if err != nil {
		t.Fatal(err)
	}
	fonts, _ := (&FontSet{}).resolve()
	l := &layouter{fonts: fonts}
	st := style{size: bodySize, left: marginLeft, width: blockWidth, align: alignLeft}
	em := bodySize * mmPerPt
	for _, tc := range []struct {
		text     string
		squeezed []int // indexes of the runes set half an em narrower
	}{
		{"办理），事项", []int{2}},
		{"融资”。企业", []int{2}},
		{"用地）、厂房", []int{2}},
		{"抵押，“融资", []int{2}},
		{"见（“通知”）", []int{1, 5}},
		{"没有标点的句子", nil},
		{"单个，标点", nil},
		{"问号？”后", nil}, // ？ is not compressed
	} {
		t.Run(tc.text, func(t *testing.T) {
			lines := l.setParagraph(st, []span{{role: Body, text: tc.text}})
			if len(lines) != 1 {
				t.Fatalf("%d lines", len(lines))
			}
			ln := lines[0]
			var got []int
			for i, r := range ln.runes {
				natural := float64(def.Body.Advance(r)) / 1000 * em
				switch d := natural - ln.advances[i]; {
				case math.Abs(d) < 1e-9:
				case math.Abs(d-em/2) < 1e-9:
					got = append(got, i)
				default:
					t.Errorf("%q: advance %v, natural %v", r, ln.advances[i], natural)
				}
			}
			if !slices.Equal(got, tc.squeezed) {
				t.Errorf("squeezed %v, want %v", got, tc.squeezed)
			}
			// Joining the runs gives the text back.
			var joined strings.Builder
			for _, r := range ln.runs(100, st) {
				joined.WriteString(r.Text)
			}
			if joined.String() != tc.text {
				t.Errorf("runs give %q", joined.String())
			}
		})
	}
	// In the PDF the pair reads as one word: no line break between ）and ，.
	mn := exampleDraft()
	path, _, _ := writePDF(t, mn, Options{})
	if text := run(t, "pdftotext", "-q", "-f", "1", "-l", "1", path, "-"); !strings.Contains(text, "权办理），事项为") {
		t.Errorf("page 1 does not read ），as one:\n%s", text)
	}
}

// TestPageNumberPosition measures the page numbers with pdftotext -bbox: the top of the
// number 7 mm (±0.5) below the text block, one character in from the outer edge.
func TestPageNumberPosition(t *testing.T) {
	path, _, rep := writePDF(t, exampleMinutes(t), Options{})
	bbox := run(t, "pdftotext", "-q", "-bbox", path, "-")
	pages := strings.Split(bbox, "<page ")[1:]
	if len(pages) != rep.Pages {
		t.Fatalf("%d pages in -bbox, %d in the report", len(pages), rep.Pages)
	}
	word := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">—</word>`)
	em := pageNumberSize * mmPerPt
	for i, p := range pages {
		dashes := word.FindAllStringSubmatch(p, -1)
		if len(dashes) != 2 {
			t.Fatalf("page %d: %d dashes", i+1, len(dashes))
		}
		mm := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v / ptPerMM }
		if gap := mm(dashes[0][2]) - blockBottom; math.Abs(gap-7) > 0.5 {
			t.Errorf("page %d: the number's top is %.2f mm below the block, want 7", i+1, gap)
		}
		left, right := mm(dashes[0][1]), mm(dashes[1][3])
		if (i+1)%2 == 1 && math.Abs(right-(blockRight-em)) > 0.3 {
			t.Errorf("page %d (odd): the number ends at %.2f mm, want %.2f", i+1, right, blockRight-em)
		}
		if (i+1)%2 == 0 && math.Abs(left-(marginLeft+em)) > 0.3 {
			t.Errorf("page %d (even): the number starts at %.2f mm, want %.2f", i+1, left, marginLeft+em)
		}
	}
}

// TestGeometryFromPDF measures the text block from the PDF as a reader sees it
// (pdftotext -bbox-layout): on every page the lines stay inside the 156 × 225 mm block
// at 28 mm from the left edge and 37 mm from the top (the page number below it), body
// lines start at the left margin and justified ones end at the right, and the lines of
// the body pages sit on the 22-line grid.
func TestGeometryFromPDF(t *testing.T) {
	path, _, rep := writePDF(t, exampleMinutes(t), Options{})
	out := run(t, "pdftotext", "-q", "-bbox-layout", path, "-")
	pages := strings.Split(out, "<page ")[1:]
	if len(pages) != rep.Pages {
		t.Fatalf("%d pages in -bbox-layout, %d in the report", len(pages), rep.Pages)
	}
	line := regexp.MustCompile(`<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">`)
	mm := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v / ptPerMM }
	var left, right []float64
	onGrid, offGrid := 0, 0
	for i, p := range pages {
		var bottoms []float64
		for _, m := range line.FindAllStringSubmatch(p, -1) {
			x0, y0, x1, y1 := mm(m[1]), mm(m[2]), mm(m[3]), mm(m[4])
			if y0 >= blockBottom { // the page number, the revision line of the furniture
				if y0-blockBottom < 6.5 || y1 > pageHeight-10 {
					t.Errorf("page %d: a line at %.1f–%.1f mm below the block", i+1, y0, y1)
				}
				continue
			}
			// pdftotext boxes a line by its font's ascender, which for the large
			// masthead reaches about a millimetre above the block's top.
			if x0 < marginLeft-0.3 || x1 > blockRight+0.3 || y0 < marginTop-1 {
				t.Errorf("page %d: line %.2f,%.2f–%.2f,%.2f mm leaves the block", i+1, x0, y0, x1, y1)
			}
			left, right = append(left, x0), append(right, x1)
			bottoms = append(bottoms, y1)
		}
		// The grid holds the body pages: page 1 starts with the masthead and the
		// title, the 会签页 has rows of 15 mm for the signatures.
		if i == 0 || strings.Contains(p, ">会签页<") || strings.Contains(p, ">会<") {
			continue
		}
		slices.Sort(bottoms)
		for j := 1; j < len(bottoms); j++ {
			d := bottoms[j] - bottoms[j-1]
			if d < 1 { // two runs of one line (a label and its text)
				continue
			}
			if k := math.Round(d / linePitch); k >= 1 && math.Abs(d-k*linePitch) < 0.15 {
				onGrid++
			} else {
				offGrid++
				t.Logf("page %d: %.2f mm from the line at %.2f", i+1, d, bottoms[j-1])
			}
		}
	}
	slices.Sort(left)
	slices.Sort(right)
	cases := []struct {
		what      string
		got, want float64
		tolerance float64
	}{
		{"leftmost line start", left[0], marginLeft, 0.3},
		{"rightmost line end", right[len(right)-1], blockRight, 0.5},
		{"median line end (justified lines)", right[len(right)*3/4], blockRight, 0.5},
		{"block width", blockRight - marginLeft, 156, 0.01},
		{"line pitch (22 lines in 225 mm)", linePitch, 225.0 / 22, 0.01},
	}
	for _, c := range cases {
		t.Logf("%s: %.2f mm (want %.2f)", c.what, c.got, c.want)
		if math.Abs(c.got-c.want) > c.tolerance {
			t.Errorf("%s: %.2f mm, want %.2f ± %.2f", c.what, c.got, c.want, c.tolerance)
		}
	}
	t.Logf("line to line: %d on the %.2f mm grid, %d off it", onGrid, linePitch, offGrid)
	if onGrid == 0 || offGrid > 0 {
		t.Errorf("%d line steps on the grid, %d off it: want all on it", onGrid, offGrid)
	}
}
