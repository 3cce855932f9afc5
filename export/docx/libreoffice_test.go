package docx

import (
	"bytes"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"backstop/export"
	"backstop/meeting"
)

// libreOffice converts .docx files to PDF with LibreOffice headless, in a private
// profile and with a private fontconfig that sets the document's faces in the fonts the
// PDF embeds (仿宋_GB2312 in Noto Serif SC, 方正小标宋简体 in Noto Serif SC Bold, 黑体 in
// Noto Sans SC Bold, 楷体_GB2312 in LXGW WenKai), so the two can be compared. Both are
// removed when the test ends.
type libreOffice struct {
	soffice string
	dir     string
	env     []string
}

func newLibreOffice(t *testing.T) *libreOffice {
	t.Helper()
	soffice := tool(t, "soffice", "libreoffice-writer-nogui")
	tool(t, "pdftotext", "poppler-utils")
	dir, err := os.MkdirTemp("", "backstop-lo-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	fonts, err := filepath.Abs(filepath.Join("..", "..", "assets", "fonts"))
	if err != nil {
		t.Fatal(err)
	}
	var conf strings.Builder
	conf.WriteString(`<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>` +
		`<include ignore_missing="yes">/etc/fonts/fonts.conf</include>`)
	fmt.Fprintf(&conf, "<dir>%s</dir><cachedir>%s</cachedir>", fonts, filepath.Join(dir, "fontconfig"))
	for _, m := range []struct{ name, family, weight string }{
		{"仿宋_GB2312", "Noto Serif SC", ""}, {"方正小标宋简体", "Noto Serif SC", "bold"},
		{"黑体", "Noto Sans SC", "bold"}, {"楷体_GB2312", "LXGW WenKai", ""},
	} {
		fmt.Fprintf(&conf, `<match target="pattern"><test name="family"><string>%s</string></test>`+
			`<edit name="family" mode="assign" binding="strong"><string>%s</string></edit>`, m.name, m.family)
		if m.weight != "" {
			fmt.Fprintf(&conf, `<edit name="weight" mode="assign" binding="strong"><const>%s</const></edit>`, m.weight)
		}
		// Characters above U+FFFF: Debian's fonts-hanazono has them, as SimSun-ExtB does
		// on Windows.
		conf.WriteString(`<edit name="family" mode="append_last"><string>HanaMinB</string></edit></match>`)
	}
	// The face of the characters above U+FFFF, SimSun-ExtB on Windows: Debian's
	// fonts-hanazono has them.
	fmt.Fprintf(&conf, `<match target="pattern"><test name="family"><string>%s</string></test>`+
		`<edit name="family" mode="assign" binding="strong"><string>HanaMinB</string></edit></match>`, supplementaryFace.name)
	conf.WriteString(`</fontconfig>`)
	confPath := filepath.Join(dir, "fonts.conf")
	if err := os.WriteFile(confPath, []byte(conf.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return &libreOffice{soffice: soffice, dir: dir, env: []string{"FONTCONFIG_FILE=" + confPath, "HOME=" + dir}}
}

// convert converts the .docx to PDF and returns the PDF's path and how long it took.
func (lo *libreOffice) convert(t *testing.T, name string, data []byte) (string, time.Duration) {
	t.Helper()
	in := filepath.Join(lo.dir, name+".docx")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	run(t, lo.env, lo.soffice, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(lo.dir, "profile")),
		"--headless", "--norestore", "--convert-to", "pdf", "--outdir", lo.dir, in)
	took := time.Since(start)
	out := filepath.Join(lo.dir, name+".pdf")
	if _, err := os.Stat(out); err != nil {
		t.Fatalf("LibreOffice wrote no PDF: %v", err)
	}
	return out, took
}

// furniture matches the lines of page furniture in pdftotext's output: the page
// number and the PDF's footer.
var furniture = regexp.MustCompile(`^\s*—\s*\d+\s*—\s*$|第\s*\d+\s*页\s*共\s*\d+\s*页`)

// textOf returns the text of a PDF in content order (pdftotext -raw) without page
// furniture, a line per line.
func textOf(t *testing.T, pdf string) []string {
	var out []string
	for _, ln := range strings.Split(run(t, nil, "pdftotext", "-q", "-raw", pdf, "-"), "\n") {
		if ln = strings.TrimSpace(strings.ReplaceAll(ln, "\f", "")); ln != "" && !furniture.MatchString(ln) {
			out = append(out, ln)
		}
	}
	return out
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// cjkStrings returns the runs of Chinese characters and punctuation in s.
func cjkStrings(s string) []string {
	var out []string
	var cur strings.Builder
	for _, r := range s + " " {
		if unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) || strings.ContainsRune("“”‘’—…·", r) {
			cur.WriteRune(r)
		} else if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	return out
}

// geometry is what pdftotext -bbox measures of a PDF, in mm: the page size, the
// extent of the text above the page numbers, and the page numbers' positions.
type geometry struct {
	pages                    int
	width, height            float64
	left, right, top, bottom float64
	numbers                  []box // "— N —" of each page, in page order
}

type box struct{ xMin, yMin, xMax, yMax float64 }

var (
	pageRE = regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)">`)
	wordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
)

func measure(t *testing.T, pdf string) geometry {
	t.Helper()
	const mmPerPt = 25.4 / 72
	html := run(t, nil, "pdftotext", "-q", "-bbox", pdf, "-")
	g := geometry{left: math.Inf(1), top: math.Inf(1)}
	pages := strings.Split(html, "<page ")[1:]
	g.pages = len(pages)
	for _, p := range pages {
		if m := pageRE.FindStringSubmatch("<page " + p); m != nil {
			g.width, _ = strconv.ParseFloat(m[1], 64)
			g.height, _ = strconv.ParseFloat(m[2], 64)
			g.width, g.height = g.width*mmPerPt, g.height*mmPerPt
		}
		var number box
		for _, m := range wordRE.FindAllStringSubmatch(p, -1) {
			var b box
			for i, v := range []*float64{&b.xMin, &b.yMin, &b.xMax, &b.yMax} {
				f, _ := strconv.ParseFloat(m[i+1], 64)
				*v = f * mmPerPt
			}
			if b.yMin > 262+2 { // below the text block: the page number and the PDF's footer
				if b.yMax < 280 {
					if number.xMax == 0 {
						number = b
					}
					number.xMin, number.xMax = min(number.xMin, b.xMin), max(number.xMax, b.xMax)
				}
				continue
			}
			g.left, g.right = min(g.left, b.xMin), max(g.right, b.xMax)
			g.top, g.bottom = min(g.top, b.yMin), max(g.bottom, b.yMax)
		}
		g.numbers = append(g.numbers, number)
	}
	return g
}

func TestLibreOfficeConvertsTheExample(t *testing.T) {
	lo := newLibreOffice(t)
	mn := exampleMinutes(t)
	data, _ := writeDocx(t, mn)
	converted, took := lo.convert(t, "example", data)
	original := filepath.Join(lo.dir, "original.pdf")
	var pdf bytes.Buffer
	if _, err := export.WriteMinutes(&pdf, mn, export.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(original, pdf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	// Every Chinese string the PDF prints, outside its page furniture, is in the text
	// LibreOffice sets, punctuation included: a mark LibreOffice hangs from a justified
	// line is not painted (公证处；办理时限 came out as 公证处办理时限), so the document
	// asks it not to hang them (see w:overflowPunct in styles.go).
	got := squeeze(strings.Join(textOf(t, converted), ""))
	for _, ln := range textOf(t, original) {
		for _, s := range cjkStrings(ln) {
			if !strings.Contains(got, s) {
				t.Errorf("LibreOffice's PDF lacks %q (PDF line %q)", s, ln)
			}
		}
	}

	// The same page and text block, measured.
	a, b := measure(t, original), measure(t, converted)
	t.Logf("pages: PDF %d, LibreOffice %d (conversion %v, .docx %d bytes)", a.pages, b.pages, took.Round(time.Millisecond), len(data))
	t.Logf("text block, mm: PDF left %.1f right %.1f top %.1f bottom %.1f; LibreOffice left %.1f right %.1f top %.1f bottom %.1f",
		a.left, a.right, a.top, a.bottom, b.left, b.right, b.top, b.bottom)
	if math.Abs(a.width-b.width) > 0.1 || math.Abs(a.height-b.height) > 0.1 {
		t.Errorf("page %.1f × %.1f mm, the PDF's %.1f × %.1f", b.width, b.height, a.width, a.height)
	}
	for _, m := range []struct {
		name      string
		got, want float64
		tolerance float64
	}{
		{"left margin", b.left, a.left, 1}, {"right edge of the text", b.right, a.right, 1.5},
		{"top of the text", b.top, a.top, 4}, {"bottom of the text", b.bottom, 262, 0.5},
	} {
		if m.name == "bottom of the text" {
			if m.got > m.want+m.tolerance {
				t.Errorf("LibreOffice sets text down to %.1f mm, below the text block's 262 mm", m.got)
			}
			continue
		}
		if math.Abs(m.got-m.want) > m.tolerance {
			t.Errorf("%s at %.1f mm in LibreOffice's PDF, %.1f mm in ours", m.name, m.got, m.want)
		}
	}
	// LibreOffice sets its body a little longer than the PDF (it spaces Chinese from
	// digits and Latin letters: its DOCX import ignores w:autoSpaceDE/DN="0", which Word
	// honours), so page breaks inside the body may fall a few lines apart; the pages are
	// as many, and the 会签页 is the last page in both.
	if b.pages != a.pages {
		t.Errorf("LibreOffice sets %d pages, the PDF %d", b.pages, a.pages)
	}
	for name, pages := range map[string][][]word{"the PDF": wordsOf(t, original), "LibreOffice": wordsOf(t, converted)} {
		last := pages[len(pages)-1]
		if len(last) == 0 || last[0].text != "会签页" {
			t.Errorf("%s's last page does not start with the 会签页", name)
		}
	}
	// Page numbers 7 mm under the block, at the outer side: odd pages right, even left.
	for i, n := range b.numbers {
		if n.xMax == 0 {
			t.Errorf("page %d has no page number", i+1)
			continue
		}
		odd := (i+1)%2 == 1
		if odd != (n.xMin > 105) {
			t.Errorf("page %d's number is at x %.1f–%.1f mm, want the %s side", i+1, n.xMin, n.xMax, map[bool]string{true: "right", false: "left"}[odd])
		}
		if i < len(a.numbers) && math.Abs(n.yMin-a.numbers[i].yMin) > 2 {
			t.Errorf("page %d's number top at %.1f mm, the PDF's at %.1f", i+1, n.yMin, a.numbers[i].yMin)
		}
	}
	headAsThePDF(t, mn, original, converted)
	colophonAtTheFoot(t, mn, original, converted)
	if dir := os.Getenv("BACKSTOP_DOCX_KEEP"); dir != "" { // for people to look at
		for _, f := range []string{converted, original} {
			b, _ := os.ReadFile(f)
			os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644)
		}
		os.WriteFile(filepath.Join(dir, "example.docx"), data, 0o644)
	}
}

func TestLibreOfficeKeepsHostileText(t *testing.T) {
	lo := newLibreOffice(t)
	mn, long := hostileDraft(t)
	data, _ := writeDocx(t, mn)
	converted, _ := lo.convert(t, "hostile", data)
	got := squeeze(strings.Join(textOf(t, converted), ""))
	if dir := os.Getenv("BACKSTOP_DOCX_KEEP"); dir != "" {
		b, _ := os.ReadFile(converted)
		os.WriteFile(filepath.Join(dir, "hostile.pdf"), b, 0o644)
		os.WriteFile(filepath.Join(dir, "hostile.docx"), data, 0o644)
	}
	for _, s := range []string{squeeze(long), "理由〓甲〓乙〓丙〓丁", "野塑料母料有限公司"} {
		if !strings.Contains(got, s) {
			t.Errorf("LibreOffice's PDF lacks %.40q", s)
		}
	}
	// Characters above U+FFFF are in runs of their own set in SimSun-ExtB, which the
	// private fontconfig maps to HanaMinB: LibreOffice takes them from the eastAsia slot.
	// Left in the office face, they were drawn in a fallback face whose text pdftotext
	// -raw lost.
	for _, s := range []string{"许𠀀博", "胡𪚥怡", "建德市𠮷野"} {
		if !strings.Contains(got, s) {
			t.Errorf("LibreOffice's PDF lacks %q", s)
		}
	}
}

// TestLargeMeetingFigures writes the benchmarks' large meeting and has LibreOffice
// convert it: the figures of README.md.
func TestLargeMeetingFigures(t *testing.T) {
	mn := largeMinutes(t)
	start := time.Now()
	data, _ := writeDocx(t, mn)
	took := time.Since(start)
	var pdf bytes.Buffer
	start = time.Now()
	rep, err := export.WriteMinutes(&pdf, mn, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pdfTook := time.Since(start)
	t.Logf("large meeting: .docx %d bytes in %v; PDF %d bytes, %d pages in %v", len(data), took.Round(time.Microsecond), pdf.Len(), rep.Pages, pdfTook.Round(time.Microsecond))
	lo := newLibreOffice(t)
	converted, conv := lo.convert(t, "large", data)
	g := measure(t, converted)
	t.Logf("LibreOffice: %d pages in %v", g.pages, conv.Round(time.Millisecond))
	if g.pages < rep.Pages-2 || g.pages > rep.Pages+2 {
		t.Errorf("LibreOffice sets %d pages, the PDF %d", g.pages, rep.Pages)
	}
	_ = meeting.MaxLongText
}

// TestLibreOfficeKeepsNamesWhole: a person's name is never broken across lines, in the
// 出席 line or in the 会签页, and the text stays the same (the word joiners are not in
// LibreOffice's text).
func TestLibreOfficeKeepsNamesWhole(t *testing.T) {
	lo := newLibreOffice(t)
	mn := namesDraft(t)
	data, _ := writeDocx(t, mn)
	converted, _ := lo.convert(t, "names", data)
	lines := textOf(t, converted)
	all := squeeze(strings.Join(lines, ""))
	if strings.ContainsRune(all, wordJoiner) {
		t.Error("LibreOffice's text holds word joiners")
	}
	c, err := export.ContentOf(mn, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var attendance strings.Builder
	for _, r := range c.Attendance[0].Entries {
		attendance.WriteString(r.Text)
	}
	if !strings.Contains(all, squeeze(attendance.String())) {
		t.Errorf("LibreOffice's text lacks the 出席 line %q", attendance.String())
	}
	for _, name := range []string{"欧阳明月", "司马长风", "许𠀀博", "胡𪚥怡", "周建国", "邵军"} {
		whole := 0
		for _, ln := range lines {
			whole += strings.Count(squeeze(ln), name)
		}
		if n := strings.Count(all, name); n == 0 || whole != n {
			t.Errorf("%s: %d times in the text, %d of them whole on a line", name, n, whole)
		}
	}
}

// markCentre renders page 1 of a PDF at 30 dpi with pdftoppm and returns how many
// pixels are inside the draft mark's light grey (export.LightGrey, within 3 in every
// channel, and so are their four neighbours: the edges of black text on white are not)
// and their centroid in mm.
func markCentre(t *testing.T, pdf string) (n int, x, y float64) {
	t.Helper()
	const dpi = 30
	img := renderPage(t, pdf, 1, dpi)
	grey := export.LightGrey
	near := func(v uint32, want uint8) bool { return math.Abs(float64(v>>8)-float64(want)) <= 3 }
	inMark := func(px, py int) bool {
		cr, cg, cb, _ := img.At(px, py).RGBA()
		return near(cr, grey.R) && near(cg, grey.G) && near(cb, grey.B)
	}
	r := img.Bounds()
	for y0 := r.Min.Y + 1; y0 < r.Max.Y-1; y0++ {
		for x0 := r.Min.X + 1; x0 < r.Max.X-1; x0++ {
			if inMark(x0, y0) && inMark(x0-1, y0) && inMark(x0+1, y0) && inMark(x0, y0-1) && inMark(x0, y0+1) {
				n++
				x += float64(x0) + 0.5
				y += float64(y0) + 0.5
			}
		}
	}
	if n == 0 {
		return 0, 0, 0
	}
	const mmPerPixel = 25.4 / dpi
	return n, x / float64(n) * mmPerPixel, y / float64(n) * mmPerPixel
}

// TestLibreOfficeMarksTheDraft: a draft's pages carry the light grey 草稿 across their
// middle, as the PDF's do; a finalized revision's do not.
func TestLibreOfficeMarksTheDraft(t *testing.T) {
	lo := newLibreOffice(t)
	draft := exampleDraft(t)
	data, _ := writeDocx(t, draft)
	converted, _ := lo.convert(t, "draft", data)
	final, _ := writeDocx(t, exampleMinutes(t))
	convertedFinal, _ := lo.convert(t, "final", final)
	var pdf bytes.Buffer
	if _, err := export.WriteMinutes(&pdf, draft, export.Options{}); err != nil {
		t.Fatal(err)
	}
	original := filepath.Join(lo.dir, "draft-original.pdf")
	if err := os.WriteFile(original, pdf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	n, x, y := markCentre(t, converted)
	nFinal, _, _ := markCentre(t, convertedFinal)
	nPDF, xPDF, yPDF := markCentre(t, original)
	t.Logf("pixels of the mark on page 1: draft %d at (%.1f, %.1f) mm, finalized %d; the PDF's draft %d at (%.1f, %.1f)", n, x, y, nFinal, nPDF, xPDF, yPDF)
	if n < nPDF/2 || nFinal > n/10 {
		t.Errorf("the draft's page 1 has %d pixels of the mark, the finalized one's %d, the PDF's draft %d", n, nFinal, nPDF)
	}
	if math.Abs(x-xPDF) > 4 || math.Abs(y-yPDF) > 4 {
		t.Errorf("the draft mark's centre at (%.1f, %.1f) mm, the PDF's at (%.1f, %.1f)", x, y, xPDF, yPDF)
	}
}

// word is a word of pdftotext -bbox, its box in mm.
type word struct {
	box
	text string
}

// wordsOf returns the words of each page of a PDF.
func wordsOf(t *testing.T, pdf string) [][]word {
	t.Helper()
	const mmPerPt = 25.4 / 72
	var out [][]word
	for _, p := range strings.Split(run(t, nil, "pdftotext", "-q", "-bbox", pdf, "-"), "<page ")[1:] {
		var ws []word
		for _, m := range wordRE.FindAllStringSubmatch(p, -1) {
			var w word
			for i, v := range []*float64{&w.xMin, &w.yMin, &w.xMax, &w.yMax} {
				f, _ := strconv.ParseFloat(m[i+1], 64)
				*v = f * mmPerPt
			}
			w.text = html.UnescapeString(m[5])
			ws = append(ws, w)
		}
		out = append(out, ws)
	}
	return out
}

// rulesOf renders a page of a PDF at 100 dpi and returns the heights, in mm from the
// page's top, of the horizontal rules that run the text block's width (28 to 184 mm),
// top to bottom: rows of dark pixels across 95 % of it.
func rulesOf(t *testing.T, pdf string, page int) []float64 {
	t.Helper()
	const dpi = 100
	const pxPerMM = dpi / 25.4
	img := renderPage(t, pdf, page, dpi)
	x0, x1 := int(math.Round(29*pxPerMM)), int(math.Round(183*pxPerMM))
	var rules []float64
	last := -2
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		dark := 0
		for x := x0; x < x1; x++ {
			if v := color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y; v < 160 {
				dark++
			}
		}
		if float64(dark) < 0.95*float64(x1-x0) {
			continue
		}
		if y == last+1 { // the same rule, a pixel lower: take its middle
			rules[len(rules)-1] += 0.5 / pxPerMM
		} else {
			rules = append(rules, (float64(y)+0.5)/pxPerMM)
		}
		last = y
	}
	return rules
}

// colophonAtTheFoot checks that LibreOffice sets the 版记 at the foot of the last page
// as the PDF does (GB/T 9704 §7.4): its last rule on the text block's lower edge, and
// between its rules, bottom up, the working-copy line, the issuing unit with the date,
// and the 抄送 line.
func colophonAtTheFoot(t *testing.T, mn *meeting.Minutes, original, converted string) {
	t.Helper()
	c, err := export.ContentOf(mn, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pages := wordsOf(t, converted)
	last := len(pages)
	rules, pdfRules := rulesOf(t, converted, last), rulesOf(t, original, len(wordsOf(t, original)))
	t.Logf("rules across the last page, mm: LibreOffice %.1f, PDF %.1f", rules, pdfRules)
	if len(rules) < 4 || len(pdfRules) == 0 {
		t.Fatalf("%d rules across LibreOffice's last page, %d across the PDF's: no 版记", len(rules), len(pdfRules))
	}
	bottom := rules[len(rules)-1]
	if math.Abs(bottom-pdfRules[len(pdfRules)-1]) > 0.7 || math.Abs(bottom-262) > 0.7 {
		t.Errorf("the 版记's last rule at %.1f mm, the PDF's at %.1f, the text block's edge at 262", bottom, pdfRules[len(pdfRules)-1])
	}
	// The row each line of the 版记 stands in, counted from the bottom rule up.
	rowOf := func(w word) int {
		mid := (w.yMin + w.yMax) / 2
		for i := len(rules) - 1; i > 0; i-- {
			if mid < rules[i] && mid > rules[i-1] {
				return len(rules) - i
			}
		}
		return 0
	}
	fingerprint := c.Info.Fingerprint
	for _, want := range []struct {
		text string
		row  int
	}{{fingerprint, 1}, {"印发", 2}, {"抄送", 3}} {
		found := false
		for _, w := range pages[last-1] {
			if strings.Contains(w.text, want.text) {
				found = true
				if got := rowOf(w); got != want.row {
					t.Errorf("%q at %.1f–%.1f mm is in row %d of the 版记 from the bottom, want %d", w.text, w.yMin, w.yMax, got, want.row)
				}
			}
		}
		if !found {
			t.Errorf("LibreOffice's last page lacks %q", want.text)
		}
	}
}

// headAsThePDF checks the head of page 1: the number, the red rule under it, the title
// and the first line of the body stand where the PDF has them, within 0.7 mm.
func headAsThePDF(t *testing.T, mn *meeting.Minutes, original, converted string) {
	t.Helper()
	c, err := export.ContentOf(mn, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	centre := func(pdf, prefix string) float64 {
		for _, w := range wordsOf(t, pdf)[0] {
			if strings.HasPrefix(w.text, prefix) {
				return (w.yMin + w.yMax) / 2
			}
		}
		t.Errorf("page 1 of %s has no word %q", filepath.Base(pdf), prefix)
		return 0
	}
	for _, what := range []struct{ name, prefix string }{
		{"the number", "〔2026〕"}, {"the title", c.Title.Text}, {"the body's first line", "2026"},
	} {
		got, want := centre(converted, what.prefix), centre(original, what.prefix)
		if math.Abs(got-want) > 0.7 {
			t.Errorf("%s at %.1f mm, the PDF's at %.1f", what.name, got, want)
		}
	}
	got, want := rulesOf(t, converted, 1), rulesOf(t, original, 1)
	if len(got) != 1 || len(want) != 1 || math.Abs(got[0]-want[0]) > 0.7 {
		t.Errorf("rules across page 1 at %.1f mm, the PDF's at %.1f: want the red rule under the number", got, want)
	}
}

// renderPage renders a page of a PDF with pdftoppm at dpi and decodes it.
func renderPage(t *testing.T, pdf string, page, dpi int) image.Image {
	t.Helper()
	tool(t, "pdftoppm", "poppler-utils")
	prefix := filepath.Join(t.TempDir(), "page")
	run(t, nil, "pdftoppm", "-r", strconv.Itoa(dpi), "-png", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), "-singlefile", pdf, prefix)
	f, err := os.Open(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}
