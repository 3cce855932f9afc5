package docx

import (
	"unicode/utf8"

	"backstop/export"
)

// The 版记 (GB/T 9704 §7.4) stands at the foot of the last page, its last rule on the
// text block's lower edge, whatever length the page's text has. In WordprocessingML it
// is a floating table (w:tblpPr) aligned to the bottom of the margins: Word, WPS and
// LibreOffice (which imports it as a frame holding the table) put it there on the page
// of the paragraph it is anchored to, the document's last. Horizontally it is placed
// from the page's edge, not centred in the margins: LibreOffice turns a floating table
// that leaves no room beside it within the margins into an ordinary one, set inline
// (measured). Paragraph frames (w:framePr) were tried before and set inline by
// LibreOffice 7.4.

// colophon rule widths in eighths of a point: GB/T 9704's 0.35 mm and 0.25 mm.
const (
	colophonThick = 8 // 1 pt
	colophonThin  = 6 // 0.75 pt
)

// colophon writes the 版记: a thick rule, the 抄送 line, a thin rule, the issuing unit
// with the date of issue at the right, a thin rule, the working-copy line naming the
// revision and fingerprint, and a thick rule on the text block's lower edge. An empty
// paragraph after it is its anchor and ends the document.
func (w *writer) colophon(x *xmlBuilder, c *export.Content) {
	col := c.Colophon
	x.start("w:tbl")
	x.start("w:tblPr")
	x.empty("w:tblpPr", "w:leftFromText", "0", "w:rightFromText", "0", "w:topFromText", "0", "w:bottomFromText", "0",
		"w:vertAnchor", "margin", "w:horzAnchor", "page", "w:tblpX", itoa(marginLeft), "w:tblpYSpec", "bottom")
	x.empty("w:tblOverlap", "w:val", "never")
	x.empty("w:tblW", "w:w", itoa(textWidth), "w:type", "dxa")
	x.start("w:tblBorders")
	x.empty("w:top", "w:val", "single", "w:sz", itoa(colophonThick), "w:space", "0", "w:color", "000000")
	x.empty("w:left", "w:val", "none")
	x.empty("w:bottom", "w:val", "single", "w:sz", itoa(colophonThick), "w:space", "0", "w:color", "000000")
	x.empty("w:right", "w:val", "none")
	x.empty("w:insideH", "w:val", "single", "w:sz", itoa(colophonThin), "w:space", "0", "w:color", "000000")
	x.empty("w:insideV", "w:val", "none")
	x.end("w:tblBorders")
	x.empty("w:tblLayout", "w:type", "fixed")
	// No cell padding: the rules run the text block's width, and the style indents the
	// text one character from each side.
	x.start("w:tblCellMar")
	for _, side := range []string{"w:top", "w:left", "w:bottom", "w:right"} {
		x.empty(side, "w:w", "0", "w:type", "dxa")
	}
	x.end("w:tblCellMar")
	x.empty("w:tblLook", "w:val", "0000", "w:firstRow", "0", "w:lastRow", "0", "w:firstColumn", "0", "w:lastColumn", "0", "w:noHBand", "1", "w:noVBand", "1")
	x.end("w:tblPr")
	x.start("w:tblGrid")
	x.empty("w:gridCol", "w:w", itoa(textWidth))
	x.end("w:tblGrid")
	x.WriteByte('\n')

	if col.CopyTo.Text != "" {
		n := utf8.RuneCountInString(col.CopyLabel)
		em := colophonHalfPoints * 10 // twips
		p := &paraProps{indLeft: em * (1 + n), indHanging: em * n}
		w.colophonRow(x, func() {
			w.paragraphs(x, "Colophon", p, []export.Run{{Role: export.Body, Text: col.CopyLabel}, col.CopyTo})
		})
	}
	w.colophonRow(x, func() {
		// One line: the issuing unit at the left, a tab to the right stop, the date.
		x.start("w:p")
		x.pPr("Colophon", &paraProps{tabRight: textWidth - colophonHalfPoints*10})
		for _, para := range w.splitParagraphs([]export.Run{col.Issuer}) {
			for _, pc := range para {
				x.run(pc, "", 0)
			}
		}
		if col.Issued != "" {
			x.start("w:r")
			x.empty("w:tab")
			x.end("w:r")
			x.run(piece{role: export.Body, text: col.Issued}, "", 0)
		}
		x.end("w:p")
	})
	w.colophonRow(x, func() {
		w.paragraphs(x, "WorkingCopy", nil, []export.Run{{Role: export.Body, Text: workingCopyLine(c.Info)}})
	})
	x.end("w:tbl")
	x.WriteByte('\n')
	x.emptyParagraph("ColophonAnchor", nil)
}

// colophonRow writes a row of the 版记 table whose one cell holds what cell writes.
func (w *writer) colophonRow(x *xmlBuilder, cell func()) {
	x.start("w:tr")
	x.start("w:trPr")
	x.empty("w:cantSplit")
	x.end("w:trPr")
	x.start("w:tc")
	x.start("w:tcPr")
	x.empty("w:tcW", "w:w", itoa(textWidth), "w:type", "dxa")
	x.empty("w:vAlign", "w:val", "center")
	x.end("w:tcPr")
	cell()
	x.end("w:tc")
	x.end("w:tr")
	x.WriteByte('\n')
}
