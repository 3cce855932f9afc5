package export

import "unicode"

// This file is the Chinese line breaker. fpdf's MultiCell and SplitText drop one CJK
// character at every automatic line break, so the minutes never use them: every line
// is decided here, from advance widths alone, and drawn at an explicit position.
//
// The rules (design.md §5, after GB/T 15834 and the W3C "Requirements for Chinese Text
// Layout"):
//   - a break is allowed between any two CJK characters;
//   - Latin words, numbers and number-like tokens (2026, 9:30, 64712345, 〔2026〕12号)
//     stay whole where they fit;
//   - no line starts with closing punctuation (，。、；：？！）》」』〕】’”…—％ …);
//   - no line ends with opening punctuation (（《「『〔【‘“ …);
//   - spaces at the end of a line hang in the margin: they stay on the line (so no
//     character is lost) but take no width, and a line break is never taken before them;
//   - a forced break (a newline) ends the line and its paragraph.
//
// Invariant: the lines, joined, are the input, rune for rune, for any input.
//
// Long codes: a run of at least 12 letters and digits (a credit code, an account
// number) is split between two of them, each part keeping four, where keeping it whole
// would leave its line more than a quarter empty (see splitLongToken).
//
// Exception: a cluster that may not be broken by the rules above but is wider than the
// measure on its own (a long URL or digit string, or in the limit one character wider
// than the line) is split between characters, each line taking as many characters as fit
// and at least one. Only then can a line be wider than the measure (one character wider
// than the line), and only then may a line start with closing or end with opening
// punctuation.

// line is one line of broken text: the runes [start, end) of the input.
type line struct {
	start, end int
	// drawEnd ends the runes to draw: end without the trailing hanging spaces and the
	// forced break, which take no width.
	drawEnd int
	// width is the advance width of the runes [start, drawEnd).
	width float64
	// hard reports that the paragraph ends with this line (a forced break or the end of
	// the text): it is not justified.
	hard bool
}

// breakLines breaks text into lines. widths[i] is the advance width of text[i] in any
// unit; first is the measure (available width) of the first line, rest of the others.
// keep, if not nil, forbids more breaks: keep[i] keeps text[i] on the line of text[i-1]
// (a person's name, say), unless text[i-1] is a forced break; like any cluster, a kept
// run wider than the line is split all the same. breakLines is font-agnostic so that it
// can be tested and fuzzed with made-up widths, and runs in time linear in the length of
// the text.
func breakLines(text []rune, widths []float64, keep []bool, first, rest float64) []line {
	n := len(text)
	if n == 0 {
		return nil
	}
	// pre[i] is the advance of text[:i]; forced breaks take no width.
	pre := make([]float64, n+1)
	for i, r := range text {
		w := widths[i]
		if isHardBreak(r) {
			w = 0
		}
		pre[i+1] = pre[i] + w
	}
	cs := clusters(text, keep)
	var lines []line
	ci, from := 0, 0 // the next cluster, and where its unplaced runes start
	for ci < len(cs) {
		measure := rest
		if len(lines) == 0 {
			measure = first
		}
		limit := measure + 1e-9*(1+abs(measure))
		ln := line{start: from, end: from, drawEnd: from}
		for ci < len(cs) {
			c := cs[ci]
			if c.visibleEnd > from {
				if pre[c.visibleEnd]-pre[ln.start] > limit {
					if ln.end > ln.start {
						// The cluster starts the next line, unless it is a long code
						// that would leave this line gaping (and not a kept run, a
						// name): then it fills the line.
						if !c.kept {
							if p := splitLongToken(text, pre, from, c.visibleEnd, ln.start, measure, limit); p > from {
								ln.end, ln.drawEnd, from = p, p, p
							}
						}
						break
					}
					if p := splitCluster(text, widths, from, c.visibleEnd, limit); p < c.visibleEnd {
						ln.end, ln.drawEnd, from = p, p, p
						break
					}
				}
				ln.drawEnd = c.visibleEnd
			}
			ln.end = c.end
			ci++
			if ci < len(cs) {
				from = cs[ci].start
			}
			if isHardBreak(text[c.end-1]) || c.end == n {
				ln.hard = true
				break
			}
		}
		ln.width = pre[ln.drawEnd] - pre[ln.start]
		lines = append(lines, ln)
	}
	return lines
}

// A long code (a credit code, an ID or account number, a URL) is split where keeping it
// whole would leave its line more than a quarter empty, as justification would then
// spread the line's characters wide apart.
const (
	longTokenRunes = 12   // letters and digits that make a code long
	tokenPiece     = 4    // letters and digits each part keeps at least
	gapingLine     = 0.25 // the share of the measure a line may not leave empty for a code
)

// splitLongToken returns where to split the cluster text[j:last], which does not fit on
// the line that starts at lineStart, so that its head fills the line: between two
// letters or digits, each part keeping tokenPiece of them. It returns j (no split) when
// the line is full enough, the cluster holds fewer than longTokenRunes letters and
// digits, or no such place fits.
func splitLongToken(text []rune, pre []float64, j, last, lineStart int, measure, limit float64) int {
	if pre[j]-pre[lineStart] > (1-gapingLine)*measure {
		return j
	}
	if wordRunes(text[j:last]) < longTokenRunes {
		return j
	}
	p := j
	for p < last && pre[p+1]-pre[lineStart] <= limit {
		p++
	}
	for ; p > j; p-- {
		if p < last && isWordRune(text[p-1]) && isWordRune(text[p]) &&
			wordRunes(text[j:p]) >= tokenPiece && wordRunes(text[p:last]) >= tokenPiece {
			return p
		}
	}
	return j
}

func wordRunes(rs []rune) int {
	n := 0
	for _, r := range rs {
		if isWordRune(r) {
			n++
		}
	}
	return n
}

// cluster is a run of runes that no line break may split: text[start:end]. Its runes
// from visibleEnd on are hanging spaces and a forced break, which take no width at the
// end of a line; leading spaces (an indent after a forced break) are visible.
type cluster struct {
	start, end, visibleEnd int
	// kept reports that keep joined runes the rules alone would let a line break
	// between (a name): such a cluster is never split as a long code.
	kept bool
}

// clusters splits non-empty text at every break opportunity.
func clusters(text []rune, keep []bool) []cluster {
	var cs []cluster
	c := cluster{}
	solid := rune(-1) // the last rune that is not a hanging space
	indenting := true // no rune but spaces yet in c
	for i, r := range text {
		if i > 0 && breakAt(text, i, solid) {
			if keep == nil || !keep[i] || isHardBreak(text[i-1]) {
				cs = append(cs, c)
				c, indenting = cluster{start: i, end: i, visibleEnd: i}, true
			} else {
				c.kept = true
			}
		}
		switch {
		case isHardBreak(r):
		case isHangingSpace(r) && !indenting:
		default:
			c.visibleEnd = i + 1
			indenting = indenting && isHangingSpace(r)
		}
		c.end = i + 1
		if !isHangingSpace(r) {
			solid = r
		}
	}
	return append(cs, c)
}

// splitCluster returns where to split the unbreakable runes [j, last) that are wider
// than the line on their own: after as many runes as fit, at least one, moved back one
// rune where that keeps a closing punctuation mark off the next line's start or an
// opening one off this line's end.
func splitCluster(text []rune, widths []float64, j, last int, limit float64) int {
	p, w := j+1, widths[j]
	for p < last && w+widths[p] <= limit {
		w += widths[p]
		p++
	}
	if p < last && p-1 > j && (isClosing(text[p]) || isOpening(text[p-1])) {
		p--
	}
	return p
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// breakAllowed reports whether a line may break between text[i-1] and text[i], 0 < i <
// len(text). A break after a forced break is not only allowed but taken.
func breakAllowed(text []rune, i int) bool {
	solid := rune(-1)
	for p := i - 1; p >= 0; p-- {
		if !isHangingSpace(text[p]) {
			solid = text[p]
			break
		}
	}
	return breakAt(text, i, solid)
}

// breakAt is breakAllowed given solid, the last rune before i that is not a hanging
// space (-1 if none): a line may not end with opening punctuation even if spaces follow.
func breakAt(text []rune, i int, solid rune) bool {
	a, b := text[i-1], text[i]
	switch {
	case isHardBreak(a):
		return !(a == '\r' && b == '\n')
	case isHardBreak(b), isHangingSpace(b): // spaces and the newline stay with the line they end
		return false
	case isGlue(a), isGlue(b): // no-break space, word joiner
		return false
	case isExtender(b), a == zeroWidthJoiner: // combining marks, variation selectors, emoji sequences
		return false
	case isClosing(b), isOpening(solid):
		return false
	case isWordRune(a) && isWordRune(b):
		return false
	case isWordJoiner(a) && isWordRune(b) && i >= 2 && isWordRune(text[i-2]): // 9:30, ABC-123, 1,000
		return false
	case isWordJoiner(b) && isWordRune(a) && i+1 < len(text) && isWordRune(text[i+1]):
		return false
	case isDigit(a) && isUnit(b): // 12号, 2026年
		return false
	case isClosingBracket(a) && isDigit(b): // 〔2026〕12号
		return false
	}
	return true
}

const zeroWidthJoiner = '\u200d'

// isHardBreak reports a forced line break: LF, CR, VT, FF, NEL and the Unicode line and
// paragraph separators.
func isHardBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029':
		return true
	}
	return false
}

// isHangingSpace reports a space that may end a line without taking width there. The
// ideographic space U+3000 is a full-width character instead, and the no-break spaces
// glue their neighbours.
func isHangingSpace(r rune) bool {
	return unicode.IsSpace(r) && !isHardBreak(r) && r != '\u3000' && !isGlue(r)
}

// isGlue reports a character that forbids a break on both sides.
func isGlue(r rune) bool {
	switch r {
	case '\u00a0', '\u2007', '\u202f', '\u2060', '\ufeff':
		return true
	}
	return false
}

// isExtender reports a character that belongs to the one before it.
func isExtender(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc) ||
		r == zeroWidthJoiner ||
		(r >= 0xfe00 && r <= 0xfe0f) || (r >= 0xe0100 && r <= 0xe01ef) || // variation selectors
		(r >= 0x1f3fb && r <= 0x1f3ff) // emoji skin-tone modifiers
}

// isWide reports a character of the scripts set one character per em, between any two
// of which a line may break.
func isWide(r rune) bool {
	return r == '\u3000' || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo, unicode.Yi)
}

// isWordRune reports a letter or digit of a script written in words (Latin, Greek,
// Cyrillic, full-width Latin …): such runs stay whole where they fit.
func isWordRune(r rune) bool {
	if r < 0x80 {
		return isDigit(r) || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
	}
	return !isWide(r) && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func isDigit(r rune) bool { return ('0' <= r && r <= '9') || ('０' <= r && r <= '９') }

// isWordJoiner reports punctuation that joins the word characters on both sides of it
// into one token: 9:30, 3.5, 1,000, ABC-123, a/b, user@example.
func isWordJoiner(r rune) bool {
	switch r {
	case '.', ',', ':', '/', '-', '_', '\'', '@', '&', '+', '#', '=', '·':
		return true
	}
	return false
}

// isUnit reports a character that stays with the number before it: 12号, 2026年, 3个.
func isUnit(r rune) bool {
	switch r {
	case '号', '年', '月', '日', '时', '分', '秒', '个', '件', '项', '条', '款', '次', '期', '万', '亿', '元', '岁', '天', '亩', '家', '名', '位':
		return true
	}
	return false
}

// isOpening reports opening punctuation, which may not end a line.
func isOpening(r rune) bool {
	switch r {
	case '（', '《', '「', '『', '〔', '【', '‘', '“', '〈', '〖', '〘', '〚', '｛', '［', '｢', '﹙', '﹛', '﹝', '＜', '«', '‹', '(', '[', '{':
		return true
	}
	return false
}

// isClosing reports closing punctuation and the other characters that may not start a
// line: stops, commas, closing brackets and quotes, ellipsis and dash, percent signs,
// small kana and the iteration marks.
func isClosing(r rune) bool {
	switch r {
	case '，', '。', '、', '；', '：', '？', '！', '）', '》', '」', '』', '〕', '】', '’', '”', '…', '—', '％', '‰', '℃', '°', '·', '・', '～', '〉', '〗', '〙', '〛', '｝', '］', '｣', '﹚', '﹜', '﹞', '＞', '»', '›', '‥', '﹐', '﹑', '﹒', '﹔', '﹕', '﹖', '﹗', '．', '々', '〻', 'ー', '゛', '゜', 'ゝ', 'ゞ', 'ヽ', 'ヾ',
		'ぁ', 'ぃ', 'ぅ', 'ぇ', 'ぉ', 'っ', 'ゃ', 'ゅ', 'ょ', 'ゎ', 'ゕ', 'ゖ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ッ', 'ャ', 'ュ', 'ョ', 'ヮ', 'ヵ', 'ヶ',
		')', ']', '}', ',', '.', ';', ':', '?', '!', '%':
		return true
	}
	return false
}

// isClosingBracket reports a closing bracket after which a number stays attached, as in
// the document number 〔2026〕12号.
func isClosingBracket(r rune) bool {
	switch r {
	case '〕', '）', '】', ')', ']':
		return true
	}
	return false
}
