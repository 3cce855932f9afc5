package export

import "strings"

// This file is the page flow: paragraphs of styled spans are broken into lines
// (linebreak.go) and placed down the text block, page after page.

// Page geometry of GB/T 9704-2012, in mm.
const (
	pageWidth   = 210.0
	pageHeight  = 297.0
	marginLeft  = 28.0
	marginTop   = 37.0
	blockWidth  = 156.0
	blockHeight = 225.0
	blockRight  = marginLeft + blockWidth
	blockBottom = marginTop + blockHeight

	bodySize  = 16.0 // 3号
	bodyLines = 22
	bodyChars = 28
	linePitch = blockHeight / bodyLines // 10.23 mm: 22 lines to the page
	charPitch = blockWidth / bodyChars  // 5.57 mm: 28 characters to the line

	// gridTracking is the spacing, per em of font size, that fits 28 characters of
	// 16 pt (5.64 mm each) into 156 mm, as a word processor's document grid does.
	gridTracking = charPitch/(bodySize*mmPerPt) - 1

	// emCentre is where the centre of a CJK em box lies above the baseline, in em: the
	// ideographic em box runs from 0.88 em above the baseline to 0.12 em below.
	emCentre = 0.38
)

// alignment is how a paragraph's lines sit in the measure.
type alignment uint8

const (
	justify alignment = iota // full lines spread to the measure, last lines at the left
	alignLeft
	alignCenter
	alignRight
)

// style is how a paragraph is set.
type style struct {
	size   float64 // font size in pt
	pitch  float64 // line height in mm
	left   float64 // x of the lines' left edge
	width  float64 // measure in mm
	indent float64 // extra indent of the first line in mm
	align  alignment
	color  Color
	grid   bool // set on the character grid (gridTracking)
}

// bodyStyle is 3号 body text on the grid, first lines indented two characters.
func bodyStyle() style {
	return style{size: bodySize, pitch: linePitch, left: marginLeft, width: blockWidth, indent: 2 * charPitch, align: justify, color: Black, grid: true}
}

// span is text in one role, already cleaned of characters the role's font lacks. A kept
// span (a name) is not broken across lines unless it is wider than a line.
type span struct {
	role Role
	text string
	keep bool
}

// setLine is one broken line, ready to place.
type setLine struct {
	runes    []rune
	roles    []Role
	faces    []*Font   // the font that sets each rune
	advances []float64 // natural, mm, less half an em where punctuation is compressed
	squeezed []bool    // the rune's advance is compressed: a run ends after it
	x        float64
	spacing  float64
}

// paragraphs sets spans as one paragraph per line of their text ('\n' separates
// paragraphs) and places them.
func (l *layouter) paragraphs(st style, spans ...span) {
	for _, p := range splitParagraphs(spans) {
		l.place(st, l.setParagraph(st, p))
	}
}

// splitParagraphs splits spans at '\n' into paragraphs, dropping empty ones.
func splitParagraphs(spans []span) [][]span {
	var out [][]span
	var cur []span
	for _, s := range spans {
		for i, p := range strings.Split(s.text, "\n") {
			if i > 0 && len(cur) > 0 {
				out, cur = append(out, cur), nil
			}
			if p != "" {
				cur = append(cur, span{s.role, p, s.keep})
			}
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// setParagraph breaks one paragraph (no '\n' in its spans) into positioned lines.
func (l *layouter) setParagraph(st style, spans []span) []setLine {
	var runes []rune
	var roles []Role
	var keep []bool
	for _, s := range spans {
		for i, r := range []rune(s.text) {
			if s.keep && i > 0 && keep == nil {
				keep = make([]bool, len(runes), len(runes)+len(s.text))
			}
			if keep != nil {
				keep = append(keep, s.keep && i > 0)
			}
			runes = append(runes, r)
			roles = append(roles, s.role)
		}
	}
	em := st.size * mmPerPt
	tracking := 0.0
	if st.grid {
		tracking = gridTracking * em
	}
	faces := make([]*Font, len(runes))
	advances := make([]float64, len(runes))
	for i, r := range runes {
		if faces[i] = l.fonts.face(roles[i], r); faces[i] == nil { // cleaned text has none
			faces[i] = l.fonts.role[roles[i]]
		}
		advances[i] = float64(faces[i].Advance(r)) / 1000 * em
	}
	squeezed := compressPunctuation(runes, faces, advances, em)
	widths := make([]float64, len(runes))
	for i := range runes {
		widths[i] = advances[i] + tracking
	}
	var out []setLine
	for i, ln := range breakLines(runes, widths, keep, st.width-st.indent, st.width) {
		measure, x := st.width, st.left
		if i == 0 {
			measure, x = st.width-st.indent, st.left+st.indent
		}
		// A mark compressed against the first character of the next line takes its
		// full width again.
		if last := ln.drawEnd - 1; last >= ln.start && squeezed[last] {
			advances[last] += em / 2
			squeezed[last] = false
		}
		n := ln.drawEnd - ln.start
		natural := 0.0
		for _, a := range advances[ln.start:ln.drawEnd] {
			natural += a
		}
		// Full lines are spread (or, on the grid, squeezed by a hair) to end exactly at the
		// measure; other lines keep the grid's spacing but never pass the measure, which
		// the tracking after their last character could otherwise make them do.
		spacing := tracking
		if n > 1 && ((st.align == justify && !ln.hard) || natural+float64(n-1)*spacing > measure) {
			spacing = (measure - natural) / float64(n-1)
		}
		width := natural + float64(max(n-1, 0))*spacing
		switch st.align {
		case alignCenter:
			x += (measure - width) / 2
		case alignRight:
			x += measure - width
		}
		out = append(out, setLine{
			runes: runes[ln.start:ln.drawEnd], roles: roles[ln.start:ln.drawEnd], faces: faces[ln.start:ln.drawEnd],
			advances: advances[ln.start:ln.drawEnd], squeezed: squeezed[ln.start:ln.drawEnd], x: x, spacing: spacing,
		})
	}
	return out
}

// place puts lines one below the other from the cursor, starting a new page when a line
// does not fit, or one line early where the last line of a paragraph of three or more
// would otherwise stand alone at the top of a page.
func (l *layouter) place(st style, lines []setLine) {
	for i, ln := range lines {
		widow := i >= 1 && i == len(lines)-2 && l.y+2*st.pitch > blockBottom+1e-6
		if l.y+st.pitch > blockBottom+1e-6 || widow {
			l.newPage()
		}
		l.drawLine(ln, l.y+st.pitch/2+emCentre*st.size*mmPerPt, st)
		l.y += st.pitch
	}
}

// drawLine adds the Text elements of a line with its baseline at y.
func (l *layouter) drawLine(ln setLine, y float64, st style) {
	for _, t := range ln.runs(y, st) {
		l.add(t)
	}
}

// runs returns the Text elements of a line with its baseline at y: one per run of
// characters in the same role and font, a run also ending after a compressed mark
// (whose advance is less than its font's).
func (ln setLine) runs(y float64, st style) []Text {
	var out []Text
	x := ln.x
	for i := 0; i < len(ln.runes); {
		j := i + 1
		for j < len(ln.runes) && ln.roles[j] == ln.roles[i] && ln.faces[j] == ln.faces[i] && !ln.squeezed[j-1] {
			j++
		}
		t := Text{X: x, Y: y, Text: string(ln.runes[i:j]), Role: ln.roles[i], Face: ln.faces[i], Size: st.size, Color: st.color, Spacing: ln.spacing, Advances: ln.advances[i:j], Squeezed: ln.squeezed[j-1]}
		out = append(out, t)
		x += t.Width() + ln.spacing
		i = j
	}
	return out
}

// lineCount returns how many lines paragraphs of spans take.
func (l *layouter) lineCount(st style, spans ...span) int {
	n := 0
	for _, p := range splitParagraphs(spans) {
		n += len(l.setParagraph(st, p))
	}
	return n
}

// need starts a new page unless h mm fit below the cursor.
func (l *layouter) need(h float64) {
	if l.y+h > blockBottom+1e-6 {
		l.newPage()
	}
}

// skip moves the cursor down by h mm, or to the top of the next page if that leaves
// the block; blank space is never carried over to a new page.
func (l *layouter) skip(h float64) {
	if l.y+h > blockBottom+1e-6 {
		l.newPage()
		return
	}
	l.y += h
}

func (l *layouter) newPage() {
	l.doc.Pages = append(l.doc.Pages, Page{Number: len(l.doc.Pages) + 1})
	l.y = marginTop
}

func (l *layouter) add(e Element) {
	p := &l.doc.Pages[len(l.doc.Pages)-1]
	p.Elements = append(p.Elements, e)
}
