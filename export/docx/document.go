package docx

import (
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"backstop/export"
)

// Page geometry of GB/T 9704-2012 in twips (1/1440 inch), the unit of WordprocessingML.
const (
	twipsPerMM = 1440 / 25.4

	pageWidth    = 11906                                // 210 mm
	pageHeight   = 16838                                // 297 mm
	marginTop    = 2098                                 // 37 mm
	marginBottom = 1984                                 // 35 mm
	marginLeft   = 1587                                 // 28 mm, the binding side
	marginRight  = 1474                                 // 26 mm
	textWidth    = pageWidth - marginLeft - marginRight // 8845: 156 mm

	bodyHalfPoints = 32 // 三号, 16 pt
	bodyLines      = 22
	bodyChars      = 28

	// linePitch is the exact line height of the body: the most that fits 22 lines in the
	// 225 mm block (12756 twips), rounded down so that the 22nd line is never pushed over.
	linePitch = (pageHeight - marginTop - marginBottom) / bodyLines // 579

	// footerDistance puts the page number's line 7 mm below the text block (GB/T 9704
	// §7.5): from the page's lower edge to the bottom of a 四号 line whose top is 7 mm
	// under the block.
	footerDistance = 1307
)

// charPitch is the width of one of the 28 characters of a line, in twips.
const charPitch = float64(textWidth) / bodyChars // 315.9

// gridCharSpace is w:docGrid's w:charSpace: how much the grid's character pitch exceeds
// the body size, in 1/4096 pt. Rounded down (away from zero) so that 28 pitches fit the
// line: -842, the value of the 公文 templates in circulation.
var gridCharSpace = int(math.Floor((charPitch/20 - float64(bodyHalfPoints)/2) * 4096))

// bodyTracking is the letter spacing of the body in twentieths of a point: -0.4 pt
// sets 28 characters of 16 pt (15.6 pt each, 436.8 of the line's 442.25 pt, never 29)
// on a line without the grid; at -0.25 pt LibreOffice, which rounds the spacing and
// justifies in its own way, still set 27 on lines with digits. The paragraphs do not snap to the grid: LibreOffice sets a
// character wider than the grid's pitch on two cells of it (14 characters a line),
// where Word squeezes it into one, so the styles reach the grid's 22 × 28 by their
// exact line height and this tracking, the same in every program; the grid stays in
// the page setup for what the office types.
const bodyTracking = -8

// Sizes in half-points (w:sz).
const (
	titleHalfPoints     = 44 // 二号, 22 pt
	tableHalfPoints     = 24 // 小四, 12 pt
	referenceHalfPoints = 28 // 四号, under the 会签页 title
	colophonHalfPoints  = 28 // 四号
	noteHalfPoints      = 21 // 五号, the working-copy line of the 版记
)

// signatureColumns are the widths of the 会签页's columns (序号 | 单位 | 科室 | 参会人员 |
// 签字 | 日期) in mm, those of the PDF.
var signatureColumns = []float64{12, 36, 37, 27, 28, 16}

// mm converts millimetres to twips.
func mm(v float64) int { return int(math.Round(v * twipsPerMM)) }

func itoa(n int) string { return strconv.Itoa(n) }

// documentXML returns word/document.xml: the body of the minutes, the signature sheet
// and the 版记, then the section's page setup.
func (w *writer) documentXML(c *export.Content) []byte {
	x := &xmlBuilder{}
	x.WriteString(xml.Header)
	x.start("w:document", "xmlns:w", nsW, "xmlns:r", nsR)
	x.start("w:body")
	x.WriteByte('\n')
	w.head(x, c)
	for _, b := range c.Body {
		style := "BodyText"
		switch b.Kind {
		case export.ItemHeading:
			style = "Heading1"
		case export.SectionLabel:
			style = "SectionLabel"
		}
		w.paragraphs(x, style, nil, b.Runs)
	}
	for i, a := range c.Attendance {
		w.attendance(x, a, i == 0)
	}
	w.signatureSheet(x, &c.Signature)
	w.colophon(x, c)
	w.section(x, c.Info.Draft)
	x.end("w:body")
	x.end("w:document")
	return []byte(x.String())
}

// paragraph properties beyond the style: written in schema order by pPr.
type paraProps struct {
	pageBreak      bool
	borderTop      int // eighths of a point; 0 for none
	borderBottom   int
	borderColor    string
	borderSpace    int // points between text and the bottom border
	tabRight       int // a right tab stop at this position, in twips
	spacingBefore  int
	indLeft        int // twips
	indLeftChars   int // hundredths of a character
	indHanging     int
	indHangingChar int
	jc             string
}

func (x *xmlBuilder) pPr(style string, p *paraProps) {
	x.start("w:pPr")
	x.empty("w:pStyle", "w:val", style)
	if p != nil {
		if p.pageBreak {
			x.empty("w:pageBreakBefore")
		}
		if p.borderTop > 0 || p.borderBottom > 0 {
			x.start("w:pBdr")
			if p.borderTop > 0 {
				x.empty("w:top", "w:val", "single", "w:sz", itoa(p.borderTop), "w:space", "1", "w:color", p.borderColor)
			}
			if p.borderBottom > 0 {
				x.empty("w:bottom", "w:val", "single", "w:sz", itoa(p.borderBottom), "w:space", itoa(p.borderSpace), "w:color", p.borderColor)
			}
			x.end("w:pBdr")
		}
		if p.tabRight > 0 {
			x.start("w:tabs")
			x.empty("w:tab", "w:val", "right", "w:pos", itoa(p.tabRight))
			x.end("w:tabs")
		}
		if p.spacingBefore > 0 {
			x.empty("w:spacing", "w:before", itoa(p.spacingBefore))
		}
		if p.indLeft > 0 || p.indHanging > 0 {
			x.empty("w:ind", "w:left", itoa(p.indLeft), "w:leftChars", itoa(p.indLeftChars), "w:hanging", itoa(p.indHanging), "w:hangingChars", itoa(p.indHangingChar))
		}
		if p.jc != "" {
			x.empty("w:jc", "w:val", p.jc)
		}
	}
	x.end("w:pPr")
}

// paragraphs writes runs as one paragraph in style per forced line break, as the PDF
// sets them.
func (w *writer) paragraphs(x *xmlBuilder, style string, p *paraProps, runs []export.Run) {
	for _, para := range w.splitParagraphs(runs) {
		x.start("w:p")
		x.pPr(style, p)
		for _, pc := range para {
			x.run(pc, "", 0)
		}
		x.end("w:p")
		x.WriteByte('\n')
	}
}

// run writes text in its role's character style; size (half-points) and color, when
// given, override the paragraph style's. Characters above U+FFFF go in runs of their own
// set in the supplementary face (see supplementaryFace).
func (x *xmlBuilder) run(pc piece, color string, size int) {
	for _, seg := range planeSegments(pc.text) {
		x.runSegment(piece{pc.role, seg.text, pc.keep}, color, size, seg.supplementary)
	}
}

// segment is a stretch of text whose characters are all in the Basic Multilingual
// Plane, or all above it.
type segment struct {
	text          string
	supplementary bool
}

// planeSegments splits s into stretches of BMP and supplementary-plane characters; an
// empty s gives one empty BMP segment.
func planeSegments(s string) []segment {
	var out []segment
	start := 0
	for i, r := range s {
		sup := r > 0xFFFF
		if i == 0 {
			out = append(out, segment{supplementary: sup})
			continue
		}
		if sup != out[len(out)-1].supplementary {
			out[len(out)-1].text = s[start:i]
			out = append(out, segment{supplementary: sup})
			start = i
		}
	}
	if len(out) == 0 {
		return []segment{{}}
	}
	out[len(out)-1].text = s[start:]
	return out
}

func (x *xmlBuilder) runSegment(pc piece, color string, size int, supplementary bool) {
	x.start("w:r")
	if s, ok := roleStyles[pc.role]; ok || color != "" || size > 0 || supplementary || pc.keep {
		x.start("w:rPr")
		if ok {
			x.empty("w:rStyle", "w:val", s)
		}
		if supplementary {
			f := supplementaryFace.name
			x.empty("w:rFonts", "w:ascii", f, "w:hAnsi", f, "w:eastAsia", f, "w:cs", f, "w:hint", "eastAsia")
		}
		if color != "" {
			x.empty("w:color", "w:val", color)
		}
		if size > 0 {
			x.empty("w:sz", "w:val", itoa(size))
			x.empty("w:szCs", "w:val", itoa(size))
		}
		if pc.keep {
			x.empty("w:lang", "w:eastAsia", keptLanguage)
		}
		x.end("w:rPr")
	}
	x.element("w:t", pc.text, "xml:space", "preserve")
	x.end("w:r")
}

// emptyParagraph writes a paragraph without text, keeping its properties (a border).
func (x *xmlBuilder) emptyParagraph(style string, p *paraProps) {
	x.start("w:p")
	x.pPr(style, p)
	x.end("w:p")
	x.WriteByte('\n')
}

// head writes the red masthead, the number above the red rule, and the title.
func (w *writer) head(x *xmlBuilder, c *export.Content) {
	for _, para := range w.splitParagraphs([]export.Run{c.Masthead}) {
		size := mastheadSize(para)
		x.start("w:p")
		x.start("w:pPr")
		x.empty("w:pStyle", "w:val", "Masthead")
		// 1.3 em, the PDF's pitch, at the size chosen.
		x.empty("w:spacing", "w:line", itoa(size*13), "w:lineRule", "exact")
		x.end("w:pPr")
		for _, pc := range para {
			x.run(pc, "", size)
		}
		x.end("w:p")
		x.WriteByte('\n')
	}
	rule := &paraProps{borderBottom: 18, borderColor: red, borderSpace: 8} // 2.25 pt, the PDF's 0.8 mm
	if c.Number == "" {
		x.emptyParagraph("DocNumber", rule)
	} else {
		w.paragraphs(x, "DocNumber", rule, []export.Run{{Role: export.Body, Text: c.Number}})
	}
	w.paragraphs(x, "Title", nil, []export.Run{c.Title})
}

// mastheadSize returns the largest size from 36 pt down to 22 pt, in half-points, at
// which the masthead fits one line, as the PDF chooses it; a full-width character
// takes an em, others half.
func mastheadSize(para []piece) int {
	ems := 0.0
	for _, pc := range para {
		for _, r := range pc.text {
			if utf8.RuneLen(r) >= 3 {
				ems++
			} else {
				ems += 0.5
			}
		}
	}
	size := 36
	for ; size > 22; size-- {
		if ems*float64(size)*20 <= textWidth {
			break
		}
	}
	return size * 2
}

// attendance writes one of the 出席, 请假 and 列席 lines: the label two characters in,
// the units and names after it, wrapped lines hanging under the first after the colon.
func (w *writer) attendance(x *xmlBuilder, a export.AttendanceLine, first bool) {
	n := utf8.RuneCountInString(a.Label)
	p := &paraProps{
		indLeft: int(math.Round(float64(2+n) * charPitch)), indLeftChars: (2 + n) * 100,
		indHanging: int(math.Round(float64(n) * charPitch)), indHangingChar: n * 100,
	}
	if first {
		p.spacingBefore = linePitch // a blank line after the closing sentence
	}
	runs := append([]export.Run{{Role: export.Heading, Text: a.Label}}, a.Entries...)
	w.paragraphs(x, "Attendance", p, runs)
}

// signatureSheet writes the 会签页 on a new page: its title and reference, the table
// (its header row repeated on every page, no row split across pages) and the lines
// for the host and the recorder.
func (w *writer) signatureSheet(x *xmlBuilder, s *export.SignatureSheet) {
	w.paragraphs(x, "SheetTitle", &paraProps{pageBreak: true}, []export.Run{{Role: export.Title, Text: s.Title}})
	w.paragraphs(x, "SheetReference", nil, []export.Run{{Role: export.Body, Text: s.Reference}})
	x.start("w:tbl")
	x.start("w:tblPr")
	x.empty("w:tblStyle", "w:val", "SignatureTable")
	x.empty("w:tblW", "w:w", itoa(textWidth), "w:type", "dxa")
	x.empty("w:jc", "w:val", "center")
	x.empty("w:tblLayout", "w:type", "fixed")
	x.empty("w:tblLook", "w:val", "0020", "w:firstRow", "1", "w:lastRow", "0", "w:firstColumn", "0", "w:lastColumn", "0", "w:noHBand", "1", "w:noVBand", "1")
	x.end("w:tblPr")
	widths := columnWidths()
	x.start("w:tblGrid")
	for _, cw := range widths {
		x.empty("w:gridCol", "w:w", itoa(cw))
	}
	x.end("w:tblGrid")
	x.WriteByte('\n')
	header := make([][]export.Run, len(s.Header))
	for i, h := range s.Header {
		header[i] = []export.Run{{Role: export.Heading, Text: h}}
	}
	w.row(x, widths, header, true)
	for _, cells := range s.Rows {
		w.row(x, widths, cells, false)
	}
	x.end("w:tbl")
	x.WriteByte('\n')
	for i, label := range s.SignLines {
		w.signLine(x, label, s.DateLabel, i == 0)
	}
}

// columnWidths returns the table's column widths in twips, the last one taking what
// rounding left so that they add up to the text width.
func columnWidths() []int {
	out := make([]int, len(signatureColumns))
	sum := 0
	for i, c := range signatureColumns {
		out[i] = mm(c)
		sum += out[i]
	}
	out[len(out)-1] += textWidth - sum
	return out
}

// row writes one row of the signature table; cells beyond those given (签字, 日期) are
// left blank.
func (w *writer) row(x *xmlBuilder, widths []int, cells [][]export.Run, header bool) {
	x.start("w:tr")
	x.start("w:trPr")
	x.empty("w:cantSplit")
	if header {
		x.empty("w:trHeight", "w:val", itoa(mm(10)), "w:hRule", "atLeast")
		x.empty("w:tblHeader")
	} else {
		// Room for a hand signature: at least 15 mm.
		x.empty("w:trHeight", "w:val", itoa(mm(15)), "w:hRule", "atLeast")
	}
	x.end("w:trPr")
	for i, cw := range widths {
		x.start("w:tc")
		x.start("w:tcPr")
		x.empty("w:tcW", "w:w", itoa(cw), "w:type", "dxa")
		x.empty("w:vAlign", "w:val", "center")
		x.end("w:tcPr")
		var paras [][]piece
		if i < len(cells) {
			paras = w.splitParagraphs(cells[i])
		}
		if len(paras) == 0 {
			x.emptyParagraph("TableText", nil) // a cell needs a paragraph
		}
		for _, para := range paras {
			x.start("w:p")
			x.pPr("TableText", nil)
			for _, pc := range para {
				x.run(pc, "", 0)
			}
			x.end("w:p")
		}
		x.end("w:tc")
	}
	x.end("w:tr")
	x.WriteByte('\n')
}

// signLine writes a label followed by an underlined blank to sign on, and a date.
func (w *writer) signLine(x *xmlBuilder, label, dateLabel string, first bool) {
	p := &paraProps{}
	if first {
		p.spacingBefore = mm(10)
	}
	x.start("w:p")
	x.pPr("SignLine", p)
	x.run(piece{role: export.Heading, text: label}, "", 0)
	x.underlined(9)
	x.run(piece{role: export.Body, text: "\u3000"}, "", 0)
	x.run(piece{role: export.Heading, text: dateLabel}, "", 0)
	x.underlined(28 - 9 - 1 - utf8.RuneCountInString(label) - utf8.RuneCountInString(dateLabel))
	x.end("w:p")
	x.WriteByte('\n')
}

// underlined writes n underlined ideographic spaces: a line to write on that stays a
// line when the text around it is edited.
func (x *xmlBuilder) underlined(n int) {
	if n <= 0 {
		return
	}
	x.start("w:r")
	x.start("w:rPr")
	x.empty("w:u", "w:val", "single")
	x.end("w:rPr")
	x.element("w:t", strings.Repeat("\u3000", n), "xml:space", "preserve")
	x.end("w:r")
}

// workingCopyLine says which revision the document was made from and that the archived
// PDF is the record; the fingerprint, 64 digits that do not fit after the sentence,
// starts a paragraph of its own.
func workingCopyLine(info export.Info) string {
	what := fmt.Sprintf("第%d版", info.Revision)
	if info.Draft {
		what += "草稿"
	}
	s := "工作副本：本文件据会议纪要" + what + "生成，供编辑发文使用，以归档的 PDF 文件为准。"
	if info.Fingerprint != "" {
		s += "\n纪要指纹（SHA-256）：" + info.Fingerprint
	}
	return s
}

// section writes the page setup: A4, the margins, the footers of odd and even pages
// (and a draft's headers, which carry its watermark), and the document grid of 22
// lines of 28 characters.
func (w *writer) section(x *xmlBuilder, draft bool) {
	x.start("w:sectPr")
	if draft {
		x.empty("w:headerReference", "w:type", "default", "r:id", relHeaderOdd)
		x.empty("w:headerReference", "w:type", "even", "r:id", relHeaderEven)
	}
	x.empty("w:footerReference", "w:type", "default", "r:id", relFooterOdd)
	x.empty("w:footerReference", "w:type", "even", "r:id", relFooterEven)
	x.empty("w:pgSz", "w:w", itoa(pageWidth), "w:h", itoa(pageHeight))
	x.empty("w:pgMar", "w:top", itoa(marginTop), "w:right", itoa(marginRight), "w:bottom", itoa(marginBottom),
		"w:left", itoa(marginLeft), "w:header", "851", "w:footer", itoa(footerDistance), "w:gutter", "0")
	x.empty("w:cols", "w:space", "425")
	x.empty("w:docGrid", "w:type", "linesAndChars", "w:linePitch", itoa(linePitch), "w:charSpace", itoa(gridCharSpace))
	x.end("w:sectPr")
}
