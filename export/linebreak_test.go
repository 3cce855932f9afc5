package export

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// testWidth is a font-free width model: wide characters (Han, kana, Hangul, full-width
// forms and CJK punctuation) are 1 em, forced breaks 0 and everything else half an em.
func testWidth(r rune) float64 {
	switch {
	case isHardBreak(r):
		return 0
	case isWide(r), r >= 0x3000 && r <= 0x303f, r >= 0xff00 && r <= 0xffef, r == '—', r == '…', r == '“', r == '”', r == '‘', r == '’':
		return 1
	}
	return 0.5
}

func testWidths(text []rune) []float64 {
	w := make([]float64, len(text))
	for i, r := range text {
		w[i] = testWidth(r)
	}
	return w
}

// breakCases hold one case per rule; FuzzBreak is seeded from them.
var breakCases = []struct {
	name        string
	text        string
	first, rest float64
	want        []string
	keep        uint64 // bit i%64 set: keep rune i on the line of rune i-1
}{
	{"empty", "", 4, 4, nil, 0},
	{"fits", "会议纪要", 4, 4, []string{"会议纪要"}, 0},
	{"between CJK characters", "一二三四五六", 4, 4, []string{"一二三四", "五六"}, 0},
	{"first line indented", "一二三四五六", 2, 4, []string{"一二", "三四五六"}, 0},
	{"closing punctuation not at a line start", "一二三，四五", 3, 3, []string{"一二", "三，四", "五"}, 0},
	{"full stop and closing quote stay with the text", "他说同意。”好", 4, 4, []string{"他说同", "意。”好"}, 0},
	{"opening punctuation not at a line end", "一二（三）", 3, 3, []string{"一二", "（三）"}, 0},
	{"opening quote not at a line end", "一二三“四”", 4, 4, []string{"一二三", "“四”"}, 0},
	{"opening bracket followed by a space", "一（ 二三", 3, 3, []string{"一", "（ 二", "三"}, 0},
	{"book title marks", "依据《若干意见》办理", 5, 5, []string{"依据《若干", "意见》办理"}, 0},
	{"dash not at a line start", "一二三——四", 4, 4, []string{"一二", "三——四"}, 0},
	{"ellipsis not at a line start", "一二三……", 4, 4, []string{"一二", "三……"}, 0},
	{"enumeration comma", "甲、乙、丙", 3, 3, []string{"甲、", "乙、丙"}, 0},
	{"percent stays with its number", "增长30%以上", 3, 3, []string{"增长", "30%以", "上"}, 0},
	{"long number kept whole", "一二三四五64712345", 6, 6, []string{"一二三四五", "64712345"}, 0},
	{"number fits after text", "编号64712345转8", 6, 6, []string{"编号64712345", "转8"}, 0},
	{"time kept whole", "会议于9:30开始", 4, 4, []string{"会议于", "9:30开始"}, 0},
	{"decimal kept whole", "约3.25亩土地", 3, 3, []string{"约", "3.25亩", "土地"}, 0},
	{"document number kept whole", "印发〔2026〕12号文件", 6, 6, []string{"印发", "〔2026〕12号", "文件"}, 0},
	{"date parts stay with their numbers", "于2026年10月12日", 4, 4, []string{"于2026年", "10月12日"}, 0},
	{"Latin words break at spaces", "hello world foo", 6, 6, []string{"hello world ", "foo"}, 0},
	{"trailing spaces hang", "ab   cd", 1, 1, []string{"ab   ", "cd"}, 0},
	{"mixed Latin and Chinese", "使用Excel表格", 4, 4, []string{"使用", "Excel表", "格"}, 0},
	{"hyphenated code kept whole", "代码ABC-123号", 5, 5, []string{"代码", "ABC-123号"}, 0},
	{"token wider than the line is split", "代码ABC-123号", 4, 4, []string{"代码", "ABC-123", "号"}, 0},
	{"leading spaces indent", "  一二三", 2, 2, []string{"  一", "二三"}, 0},
	{"ideographic space is a character", "一\u3000二三", 2, 2, []string{"一\u3000", "二三"}, 0},
	{"no-break space glues", "a\u00a0b c", 1.5, 1.5, []string{"a\u00a0b ", "c"}, 0},
	{"newline forces a break", "一二\n三四", 10, 10, []string{"一二\n", "三四"}, 0},
	{"CRLF is one break", "一\r\n二", 10, 10, []string{"一\r\n", "二"}, 0},
	{"trailing newline", "一二\n", 10, 10, []string{"一二\n"}, 0},
	{"empty paragraphs", "\n\n", 10, 10, []string{"\n", "\n"}, 0},
	{"spaces before a newline", "一  \n二", 1, 1, []string{"一  \n", "二"}, 0},
	{"one character wider than the line", "一二三", 0.5, 0.5, []string{"一", "二", "三"}, 0},
	{"zero measure", "ab", 0, 0, []string{"a", "b"}, 0},
	{"word longer than the line is split", "abcdefghij", 2, 2, []string{"abcd", "efgh", "ij"}, 0},
	{"split word keeps its comma", "abcd,", 2, 2, []string{"abc", "d,"}, 0},
	{"combining mark stays with its letter", "一e\u0301", 1.5, 1.5, []string{"一", "e\u0301"}, 0},
	{"emoji sequence stays whole", "一👍🏽二", 1, 1, []string{"一", "👍🏽", "二"}, 0},
	{"supplementary ideographs break like others", "𠀀𠀁𠀂", 2, 2, []string{"𠀀𠀁", "𠀂"}, 0},
	{"kept names stay whole", "程立峰、方晓岚", 5, 5, []string{"程立峰、", "方晓岚"}, 0b1100110},
	{"kept run wider than the line is split", "方晓岚", 2, 2, []string{"方晓", "岚"}, 0b110},
	{"a forced break overrides keep", "一\n二", 5, 5, []string{"一\n", "二"}, 0b110},
	{"long code fills a gaping line", "信用代码：91330182MA2H7Q5K3A）", 10, 10, []string{"信用代码：91330182MA", "2H7Q5K3A）"}, 0},
	{"long code kept whole after a full line", "一二三四五六七八：91330182MA2H7Q5K3A", 10, 10, []string{"一二三四五六七八：", "91330182MA2H7Q5K3A"}, 0},
	{"shorter number kept whole", "一二三四五：12345678901", 10, 10, []string{"一二三四五：", "12345678901"}, 0},
	{"long code keeps four on the next line", "一二：1234567890123", 8, 8, []string{"一二：123456789", "0123"}, 0},
	{"a kept run is not split as a long code", "一ﺌ会0 0000000000", 8, 8, []string{"一", "ﺌ会0 0000000000"}, 125}, // found by FuzzBreak
}

// keepMask expands a case's keep bits to one flag per rune.
func keepMask(n int, bits uint64) []bool {
	if bits == 0 {
		return nil
	}
	keep := make([]bool, n)
	for i := range keep {
		keep[i] = bits&(1<<(i%64)) != 0
	}
	return keep
}

func breakString(text string, first, rest float64, keep uint64) []string {
	runes := []rune(text)
	var out []string
	for _, ln := range breakLines(runes, testWidths(runes), keepMask(len(runes), keep), first, rest) {
		out = append(out, string(runes[ln.start:ln.end]))
	}
	return out
}

func TestBreakLines(t *testing.T) {
	for _, c := range breakCases {
		t.Run(c.name, func(t *testing.T) {
			got := breakString(c.text, c.first, c.rest, c.keep)
			if !slices.Equal(got, c.want) {
				t.Errorf("breakLines(%q, %v, %v)\n got %q\nwant %q", c.text, c.first, c.rest, got, c.want)
			}
			checkBreak(t, []rune(c.text), c.first, c.rest, c.keep)
		})
	}
}

func FuzzBreak(f *testing.F) {
	for _, c := range breakCases {
		f.Add(c.text, c.first, c.rest, c.keep)
	}
	f.Fuzz(func(t *testing.T, text string, first, rest float64, keep uint64) {
		if !utf8.ValidString(text) || !(first >= 0 && first < 1e6) || !(rest >= 0 && rest < 1e6) {
			t.Skip()
		}
		checkBreak(t, []rune(text), first, rest, keep)
	})
}

// checkBreak checks the invariants of breakLines for any input.
func checkBreak(t *testing.T, text []rune, first, rest float64, keepBits uint64) {
	t.Helper()
	widths := testWidths(text)
	keep := keepMask(len(text), keepBits)
	// ruleAllows[i] is breakAllowed(text, i), computed once: the checks below look at
	// many positions of long clusters (runs of spaces), and breakAllowed alone scans
	// back over the spaces before i.
	ruleAllows := make([]bool, len(text)+1)
	solid := rune(-1)
	for i := 1; i < len(text); i++ {
		if !isHangingSpace(text[i-1]) {
			solid = text[i-1]
		}
		ruleAllows[i] = breakAt(text, i, solid)
		if len(text) < 200 && ruleAllows[i] != breakAllowed(text, i) {
			t.Fatalf("at %d: the running break rule says %v, breakAllowed %v", i, ruleAllows[i], !ruleAllows[i])
		}
	}
	allowed := func(i int) bool {
		return ruleAllows[i] && (keep == nil || !keep[i] || isHardBreak(text[i-1]))
	}
	lines := breakLines(text, widths, keep, first, rest)
	var joined []rune
	for i, ln := range lines {
		joined = append(joined, text[ln.start:ln.end]...)
		if ln.start >= ln.end {
			t.Fatalf("line %d is empty: %+v", i, ln)
		}
		if i > 0 && ln.start != lines[i-1].end {
			t.Fatalf("line %d starts at %d, the previous ended at %d", i, ln.start, lines[i-1].end)
		}
		for p := ln.drawEnd; p < ln.end; p++ {
			if !isHangingSpace(text[p]) && !isHardBreak(text[p]) {
				t.Fatalf("line %d: rune %q after drawEnd is neither a space nor a break", i, text[p])
			}
		}
		if w := sumWidths(widths, ln.start, ln.drawEnd); abs(w-ln.width) > 1e-6*(1+w) {
			t.Fatalf("line %d: width %v, runes add up to %v", i, ln.width, w)
		}
		measure := rest
		if i == 0 {
			measure = first
		}
		if ln.width > measure+1e-9*(1+measure) && ln.drawEnd-ln.start != 1 {
			t.Fatalf("line %d %q is %v wide, wider than the measure %v, and not one character", i, string(text[ln.start:ln.end]), ln.width, measure)
		}
		endsParagraph := ln.end == len(text) || isHardBreak(text[ln.end-1])
		if ln.hard != endsParagraph {
			t.Fatalf("line %d: hard = %v, ends a paragraph = %v", i, ln.hard, endsParagraph)
		}
		if i > 0 && !lines[i-1].hard && !allowed(ln.start) && !longTokenSplit(text, ruleAllows, widths, lines[i-1], ln.start, first, rest, i == 1) {
			// Only an unbreakable cluster wider than the line, or a long code that
			// would leave its line gaping, may be split.
			from, to := ln.start, ln.start
			for from > 0 && !allowed(from) {
				from--
			}
			for to < len(text) && (to == ln.start || !allowed(to)) {
				to++
			}
			if w := visibleWidth(text, widths, from, to); w <= measure+1e-9*(1+measure) && w <= first+1e-9*(1+first) {
				t.Fatalf("line %d starts at %d inside the cluster %q (%v wide), which fits the measure %v", i, ln.start, string(text[from:to]), w, measure)
			}
		}
	}
	if !slices.Equal(joined, text) {
		t.Fatalf("joined lines %q, want %q", string(joined), string(text))
	}
}

// longTokenSplit reports whether a line starting at p inside a cluster is the split of
// a long code: between two letters or digits, each part with at least tokenPiece of
// them, the code with at least longTokenRunes, and the previous line prev, without the
// code's head, less than three quarters full.
func longTokenSplit(text []rune, ruleAllows []bool, widths []float64, prev line, p int, first, rest float64, prevIsFirst bool) bool {
	if !isWordRune(text[p-1]) || !isWordRune(text[p]) {
		return false
	}
	from, to := p, p
	for from > prev.start && !ruleAllows[from] {
		from--
	}
	for to < len(text) && (to == p || !ruleAllows[to]) {
		to++
	}
	measure := rest
	if prevIsFirst {
		measure = first
	}
	return wordRunes(text[from:to]) >= longTokenRunes && wordRunes(text[from:p]) >= tokenPiece &&
		wordRunes(text[p:to]) >= tokenPiece && sumWidths(widths, prev.start, from) <= (1-gapingLine)*measure
}

func sumWidths(widths []float64, from, to int) float64 {
	w := 0.0
	for _, v := range widths[from:to] {
		w += v
	}
	return w
}

// visibleWidth is the width of text[from:to] without trailing breaks and, unless it is
// all spaces (an indent), trailing spaces.
func visibleWidth(text []rune, widths []float64, from, to int) float64 {
	for to > from && isHardBreak(text[to-1]) {
		to--
	}
	if slices.ContainsFunc(text[from:to], func(r rune) bool { return !isHangingSpace(r) }) {
		for to > from && isHangingSpace(text[to-1]) {
			to--
		}
	}
	return sumWidths(widths, from, to)
}

func TestBreakRulesStrings(t *testing.T) {
	// The punctuation lists of the issue are all covered.
	for _, r := range "，。、；：？！）》」』〕】’”…—％" {
		if !isClosing(r) {
			t.Errorf("%q should not start a line", r)
		}
	}
	for _, r := range "（《「『〔【‘“" {
		if !isOpening(r) {
			t.Errorf("%q should not end a line", r)
		}
	}
	if strings.ContainsFunc("一二", isWordRune) {
		t.Error("Han characters are not word characters")
	}
}
