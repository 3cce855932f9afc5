package docx

import (
	"encoding/xml"

	"backstop/export"
)

// red is the red of the masthead and the rule under the number, the PDF's.
const red = "E60012"

// paraStyle is a paragraph style of styles.xml; zero fields are inherited.
type paraStyle struct {
	id, name, basedOn, next string
	role                    export.Role
	setRole                 bool // write the role's fonts
	size                    int  // half-points
	color                   string
	keepNext                bool
	offGrid                 bool // not on the document grid: its own line height and character widths
	tracking                int  // letter spacing in twentieths of a point; set when trackingSet
	trackingSet             bool
	line                    int // exact line height in twips
	before, after           int
	firstLine               int // hundredths of a character
	indLeft, indRight       int // twips
	jc                      string
	outline                 int // outline level + 1; 0 for none
}

// paragraphStyles are the document's paragraph styles, named in Chinese as the office
// sees them in the style list; the built-in ones (Normal, heading 1, footer) keep their
// built-in names, which Word and WPS show translated.
var paragraphStyles = []paraStyle{
	{id: "Normal", name: "Normal", role: export.Body, setRole: true, size: bodyHalfPoints, line: linePitch, jc: "both", offGrid: true, tracking: bodyTracking, trackingSet: true},
	{id: "BodyText", name: "纪要正文", basedOn: "Normal", firstLine: 200},
	{id: "Heading1", name: "heading 1", basedOn: "Normal", next: "BodyText", role: export.Heading, setRole: true, keepNext: true, firstLine: 200, outline: 1},
	{id: "SectionLabel", name: "分项标题", basedOn: "BodyText", next: "BodyText", role: export.Heading, setRole: true, keepNext: true},
	{id: "Masthead", name: "版头", basedOn: "Normal", next: "DocNumber", role: export.Title, setRole: true, size: 72, color: red, offGrid: true, jc: "center"},
	// The number's place under the masthead, the red rule's under the number and the
	// title's under the rule are the PDF's as LibreOffice 7.4 sets them (measured with
	// pdftotext -bbox and the rendered rule: within half a millimetre).
	{id: "DocNumber", name: "发文字号", basedOn: "Normal", next: "Title", before: mm(4.2), jc: "center"},
	{id: "Title", name: "纪要标题", basedOn: "Normal", next: "BodyText", role: export.Title, setRole: true, size: titleHalfPoints, offGrid: true,
		line: 638, before: 474, after: linePitch / 2, jc: "center"}, // 1.45 em; a line below the rule, half a line above the text
	{id: "Attendance", name: "出席名单", basedOn: "Normal"},
	{id: "SheetTitle", name: "会签页标题", basedOn: "Normal", next: "SheetReference", role: export.Title, setRole: true, size: titleHalfPoints, offGrid: true, line: 638, jc: "center"},
	{id: "SheetReference", name: "会签页说明", basedOn: "Normal", size: referenceHalfPoints, offGrid: true, line: mm(8), after: mm(3), jc: "center"},
	{id: "TableText", name: "表格文字", basedOn: "Normal", size: tableHalfPoints, offGrid: true, line: mm(5.6), jc: "center"},
	{id: "SignLine", name: "签字行", basedOn: "Normal", jc: "left"},
	{id: "Colophon", name: "版记", basedOn: "Normal", size: colophonHalfPoints, offGrid: true, line: mm(7),
		indLeft: colophonHalfPoints * 10, indRight: colophonHalfPoints * 10, jc: "left"},
	{id: "WorkingCopy", name: "工作副本说明", basedOn: "Colophon", size: noteHalfPoints, line: mm(5), jc: "left"},
	// The empty last paragraph the 版记 is anchored to: a point high, so that it never
	// makes a page of its own.
	{id: "ColophonAnchor", name: "版记位置", basedOn: "Normal", size: 2, offGrid: true, line: 20},
	{id: "Footer", name: "footer", basedOn: "Normal", size: 28, offGrid: true, line: 28 * 10},
}

// charStyle is a character style: a font role's face.
type charStyle struct {
	id, name string
	role     export.Role
}

var characterStyles = []charStyle{
	{"Label", "标签（黑体）", export.Heading},
	{"KaiChar", "楷体文字", export.Kai},
	{"TitleChar", "标题文字（小标宋）", export.Title},
}

// rFonts writes the role's typeface in every script slot, East Asian first in mind:
// w:hint="eastAsia" makes Word and WPS set shared characters (quotes, dashes) in it.
func (x *xmlBuilder) rFonts(role export.Role) {
	f := typefaces[role].name
	x.empty("w:rFonts", "w:ascii", f, "w:hAnsi", f, "w:eastAsia", f, "w:cs", f, "w:hint", "eastAsia")
}

func stylesXML() []byte {
	x := &xmlBuilder{}
	x.WriteString(xml.Header)
	x.start("w:styles", "xmlns:w", nsW)
	x.start("w:docDefaults")
	x.start("w:rPrDefault")
	x.start("w:rPr")
	x.rFonts(export.Body)
	x.empty("w:kern", "w:val", "2")
	x.empty("w:sz", "w:val", itoa(bodyHalfPoints))
	x.empty("w:szCs", "w:val", itoa(bodyHalfPoints))
	x.empty("w:lang", "w:val", "en-US", "w:eastAsia", "zh-CN", "w:bidi", "ar-SA")
	x.end("w:rPr")
	x.end("w:rPrDefault")
	x.start("w:pPrDefault")
	x.start("w:pPr")
	// No widow and orphan control: the PDF leaves one line of a paragraph at a page's
	// foot where Word and LibreOffice would carry it over (it only avoids a last line
	// alone at the top, which WordprocessingML cannot ask for alone); with it the
	// example took one page more in LibreOffice than in the PDF.
	x.empty("w:widowControl", "w:val", "0")
	x.end("w:pPr")
	x.end("w:pPrDefault")
	x.end("w:docDefaults")
	x.WriteByte('\n')
	for _, s := range paragraphStyles {
		s.write(x)
	}
	for _, s := range characterStyles {
		x.start("w:style", "w:type", "character", "w:customStyle", "1", "w:styleId", s.id)
		x.empty("w:name", "w:val", s.name)
		x.empty("w:qFormat")
		x.start("w:rPr")
		x.rFonts(s.role)
		x.end("w:rPr")
		x.end("w:style")
		x.WriteByte('\n')
	}
	x.start("w:style", "w:type", "character", "w:default", "1", "w:styleId", "DefaultParagraphFont")
	x.empty("w:name", "w:val", "Default Paragraph Font")
	x.end("w:style")
	// The 会签页's table: every border a thin line (0.75 pt; the PDF's is 0.3 mm), the
	// PDF's 1.5 mm of padding at the sides.
	x.start("w:style", "w:type", "table", "w:customStyle", "1", "w:styleId", "SignatureTable")
	x.empty("w:name", "w:val", "会签表")
	x.start("w:tblPr")
	x.start("w:tblBorders")
	for _, side := range []string{"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"} {
		x.empty(side, "w:val", "single", "w:sz", "6", "w:space", "0", "w:color", "000000")
	}
	x.end("w:tblBorders")
	x.start("w:tblCellMar")
	x.empty("w:left", "w:w", itoa(mm(1.5)), "w:type", "dxa")
	x.empty("w:right", "w:w", itoa(mm(1.5)), "w:type", "dxa")
	x.end("w:tblCellMar")
	x.end("w:tblPr")
	x.end("w:style")
	x.WriteByte('\n')
	x.end("w:styles")
	return []byte(x.String())
}

// write writes the style with its properties in the schema's order.
func (s paraStyle) write(x *xmlBuilder) {
	attrs := []string{"w:type", "paragraph"}
	if s.id == "Normal" {
		attrs = append(attrs, "w:default", "1")
	} else if s.id != "Heading1" && s.id != "Footer" {
		attrs = append(attrs, "w:customStyle", "1")
	}
	x.start("w:style", append(attrs, "w:styleId", s.id)...)
	x.empty("w:name", "w:val", s.name)
	if s.basedOn != "" {
		x.empty("w:basedOn", "w:val", s.basedOn)
	}
	if s.next != "" {
		x.empty("w:next", "w:val", s.next)
	}
	x.empty("w:qFormat")
	x.start("w:pPr")
	if s.keepNext {
		x.empty("w:keepNext")
		x.empty("w:keepLines")
	}
	if s.id == "Normal" {
		// No extra space between Chinese and Latin letters or digits: the PDF has none,
		// and GB/T 9704 counts 28 characters to the line.
		// w:overflowPunct="1" allows a closing mark to hang in the margin, which is
		// what Word and WPS do by default (允许标点溢出边界). LibreOffice reads the
		// value inverted (its DOCX import sets hanging punctuation for 0 and absent,
		// none for 1): with 1 it keeps the marks inside the line by carrying the
		// character before them over, as the PDF does. Left hanging, LibreOffice 7.4
		// paints no mark that hangs from a justified line: 投产， came out 投产.
		// w:wordWrap="0" lets Word and WPS break a long Latin run (a credit code) at
		// any letter, as the PDF does (允许西文在单词中间换行); LibreOffice 7.4 ignores
		// it and moves the code whole, stretching the line before it.
		x.empty("w:wordWrap", "w:val", "0")
		x.empty("w:overflowPunct", "w:val", "1")
		x.empty("w:autoSpaceDE", "w:val", "0")
		x.empty("w:autoSpaceDN", "w:val", "0")
	}
	if s.offGrid {
		x.empty("w:snapToGrid", "w:val", "0")
	}
	if s.line > 0 || s.before > 0 || s.after > 0 {
		attrs := []string{"w:before", itoa(s.before), "w:after", itoa(s.after)}
		if s.line > 0 {
			attrs = append(attrs, "w:line", itoa(s.line), "w:lineRule", "exact")
		}
		x.empty("w:spacing", attrs...)
	}
	switch {
	case s.firstLine > 0:
		x.empty("w:ind", "w:firstLine", itoa(int(float64(s.firstLine)/100*charPitch+0.5)), "w:firstLineChars", itoa(s.firstLine))
	case s.indLeft > 0 || s.indRight > 0:
		x.empty("w:ind", "w:left", itoa(s.indLeft), "w:right", itoa(s.indRight))
	}
	if s.jc != "" {
		x.empty("w:jc", "w:val", s.jc)
	}
	if s.outline > 0 {
		x.empty("w:outlineLvl", "w:val", itoa(s.outline-1))
	}
	x.end("w:pPr")
	x.start("w:rPr")
	if s.setRole {
		x.rFonts(s.role)
	}
	if s.offGrid {
		x.empty("w:snapToGrid", "w:val", "0")
	}
	if s.color != "" {
		x.empty("w:color", "w:val", s.color)
	}
	// Tracking is for the body size: other sizes set their characters untracked.
	if s.trackingSet || (s.size > 0 && s.size != bodyHalfPoints) {
		x.empty("w:spacing", "w:val", itoa(s.tracking))
	}
	if s.size > 0 {
		x.empty("w:sz", "w:val", itoa(s.size))
		x.empty("w:szCs", "w:val", itoa(s.size))
	}
	x.end("w:rPr")
	x.end("w:style")
	x.WriteByte('\n')
}

// settingsXML turns on different footers for odd and even pages (the page number sits
// at the outer side). Punctuation is not compressed: full-width marks keep their em,
// as GB/T 9704's grid counts them (LibreOffice, told to compress, squeezed a mark at
// the end of a line to nothing).
func settingsXML() []byte {
	x := &xmlBuilder{}
	x.WriteString(xml.Header)
	x.start("w:settings", "xmlns:w", nsW)
	x.empty("w:zoom", "w:percent", "100")
	x.empty("w:defaultTabStop", "w:val", "632")
	x.empty("w:evenAndOddHeaders")
	x.empty("w:characterSpacingControl", "w:val", "doNotCompress")
	x.start("w:compat")
	x.empty("w:compatSetting", "w:name", "compatibilityMode", "w:uri", "http://schemas.microsoft.com/office/word", "w:val", "15")
	x.end("w:compat")
	x.empty("w:themeFontLang", "w:val", "en-US", "w:eastAsia", "zh-CN")
	x.empty("w:decimalSymbol", "w:val", ".")
	x.empty("w:listSeparator", "w:val", ",")
	x.end("w:settings")
	return []byte(x.String())
}

// fontTableXML describes the faces, with the alternative Word and WPS take when the
// face is not installed, and GB2312 as their character set.
func fontTableXML() []byte {
	x := &xmlBuilder{}
	x.WriteString(xml.Header)
	x.start("w:fonts", "xmlns:w", nsW)
	for _, role := range export.Roles {
		f := typefaces[role]
		x.start("w:font", "w:name", f.name)
		if f.alt != "" {
			x.empty("w:altName", "w:val", f.alt)
		}
		x.empty("w:charset", "w:val", "86")
		family := "roman"
		if role == export.Heading {
			family = "modern"
		}
		x.empty("w:family", "w:val", family)
		x.empty("w:pitch", "w:val", "variable")
		x.end("w:font")
	}
	x.start("w:font", "w:name", supplementaryFace.name)
	x.empty("w:altName", "w:val", supplementaryFace.alt)
	x.empty("w:charset", "w:val", "86")
	x.empty("w:family", "w:val", "roman")
	x.empty("w:pitch", "w:val", "variable")
	x.end("w:font")
	x.end("w:fonts")
	return []byte(x.String())
}

// footerXML returns a footer with the page number "— N —" in 四号, one character in
// from the side given: the right on odd pages, the left on even ones.
func footerXML(side string) []byte {
	x := &xmlBuilder{}
	x.WriteString(xml.Header)
	x.start("w:ftr", "xmlns:w", nsW, "xmlns:r", nsR)
	x.start("w:p")
	x.start("w:pPr")
	x.empty("w:pStyle", "w:val", "Footer")
	em := itoa(28 * 10) // one character of 14 pt
	if side == "right" {
		x.empty("w:ind", "w:right", em)
	} else {
		x.empty("w:ind", "w:left", em)
	}
	x.empty("w:jc", "w:val", side)
	x.end("w:pPr")
	x.run(piece{role: export.Body, text: "— "}, "", 0)
	x.WriteString(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>`)
	x.run(piece{role: export.Body, text: "1"}, "", 0)
	x.WriteString(`<w:r><w:fldChar w:fldCharType="end"/></w:r>`)
	x.run(piece{role: export.Body, text: " —"}, "", 0)
	x.end("w:p")
	x.end("w:ftr")
	return []byte(x.String())
}
