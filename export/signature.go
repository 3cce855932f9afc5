package export

import (
	"fmt"
	"slices"

	"backstop/meeting"
)

// This file sets the signature sheet (会签页: local practice, the point of the product)
// and the 版记 that ends the document (GB/T 9704 §7.4).

// Signature table geometry, in mm: columns 序号 | 单位 | 科室 | 参会人员 | 签字 | 日期.
var (
	signatureHeader  = []string{"序号", "单位", "科室", "参会人员", "签字", "日期"}
	signatureColumns = []float64{12, 36, 37, 27, 28, 16} // sum: blockWidth
)

const (
	tableSize      = 12.0 // 小四
	tablePitch     = 5.6  // line height in cells
	tablePad       = 1.5  // horizontal padding in cells
	tableRule      = 0.3  // cell border width
	headerHeight   = 10.0
	signatureRow   = 15.0 // the least height of a row, room for a hand signature
	colophonPitch  = 7.0  // one line of the 版记
	colophonSize   = 14.0 // 4号
	colophonThick  = 0.35 // first and last rules of the 版记
	colophonThin   = 0.25 // rules between its entries
	signLineLength = 48.0 // the host's and recorder's signature lines
)

// The signature sheet's own wording.
const (
	signatureTitle = "会签页"
	signDateLabel  = "日期："
)

// signLines are the lines the host and the recorder sign on, under the table.
var signLines = []string{"主持人（签字）：", "记录人（签字）："}

// signatureReference names the minutes the sheet is signed for.
func (s source) signatureReference() string {
	ref := fmt.Sprintf("会议纪要（第%d版）", s.rev.N)
	if n := s.number(); n != "" {
		ref = n + ref
	} else if s.draft {
		ref = fmt.Sprintf("会议纪要草稿（第%d版）", s.rev.N)
	}
	return ref
}

// signatureRows returns the cells 序号, 单位, 科室 and 参会人员 of each department present
// or observing.
func (s source) signatureRows() [][][]Run {
	var rows [][][]Run
	dissenting := s.m.DissentingDepartments()
	for _, a := range s.m.Attendance {
		if !a.Status.Attending() {
			continue
		}
		where := "会签页 " + meeting.CleanLine(a.Department)
		cells := [][]Run{
			{fixed(Body, fmt.Sprint(len(rows)+1))},
			{field(Body, where, meeting.CleanLine(a.Department))},
			nameRuns(Body, where, a.Sections, "、"),
			nameRuns(Body, where, splitNames(a.Person), "、"),
		}
		// A department that reserved or disagreed signs with reservations, and the
		// sheet says so beside its name.
		if slices.Contains(dissenting, a.Department) {
			cells[1] = append(cells[1], Run{Role: Body, Text: "（有保留意见）", Keep: true})
		}
		if a.Status == meeting.Observer {
			cells[3] = append(cells[3], Run{Role: Body, Text: "（列席）", Keep: true})
		}
		rows = append(rows, cells)
	}
	return rows
}

// signatureSheet sets the signature sheet on a new page: one row per department present
// or observing, the header repeated on every page of the table, then lines for the host
// and the recorder.
func (l *layouter) signatureSheet() {
	l.newPage()
	l.paragraphs(style{size: 22, pitch: 1.45 * 22 * mmPerPt, left: marginLeft, width: blockWidth, align: alignCenter, color: Black}, l.fixed(Title, signatureTitle))
	l.paragraphs(style{size: 14, pitch: 8, left: marginLeft, width: blockWidth, align: alignCenter, color: Black}, l.fixed(Body, l.signatureReference()))
	l.y += 3
	l.tableHeader()
	for _, row := range l.signatureRows() {
		cells := make([][]span, len(row))
		for i, c := range row {
			cells[i] = l.spans(c...)
		}
		l.tableRow(cells)
	}
	l.y += 10
	for _, who := range signLines {
		l.need(linePitch + 4)
		l.signLine(who)
	}
}

// tableHeader sets the header row of the signature table.
func (l *layouter) tableHeader() {
	cells := make([][]span, len(signatureHeader))
	for i, h := range signatureHeader {
		cells[i] = []span{l.fixed(Heading, h)}
	}
	l.cellRow(cells, headerHeight)
}

// tableRow sets one department's row, on a new page under a repeated header if it does
// not fit.
func (l *layouter) tableRow(cells [][]span) {
	h := signatureRow
	for i, c := range cells {
		h = max(h, float64(len(l.cellLines(cellStyle(0, signatureColumns[i]), c)))*tablePitch+4)
	}
	if l.y+h > blockBottom+1e-6 {
		l.newPage()
		l.tableHeader()
	}
	l.cellRow(cells, h)
}

func cellStyle(x, w float64) style {
	return style{size: tableSize, pitch: tablePitch, left: x + tablePad, width: w - 2*tablePad, align: alignCenter, color: Black}
}

// cellLines breaks a cell's text into lines of even length: at the narrowest measure
// that needs no more lines than the cell's full width, so that 自然资源和规划局 reads
// 自然资源 / 和规划局 rather than leaving 局 alone on the second line.
func (l *layouter) cellLines(st style, spans []span) []setLine {
	lines := l.setParagraph(st, spans)
	if len(lines) < 2 {
		return lines
	}
	step := tableSize * mmPerPt / 2
	for narrower := st; narrower.width-step > st.width/2; {
		narrower.width -= step
		narrower.left += step / 2
		try := l.setParagraph(narrower, spans)
		if len(try) > len(lines) {
			break
		}
		lines = try
	}
	return lines
}

// cellRow draws a row of bordered cells of height h at the cursor, each cell's lines
// centred in it, and moves the cursor below it.
func (l *layouter) cellRow(cells [][]span, h float64) {
	x := marginLeft
	for i, w := range signatureColumns {
		l.add(Rect{X: x, Y: l.y, W: w, H: h, LineWidth: tableRule, Stroke: Black})
		if i < len(cells) {
			st := cellStyle(x, w)
			lines := l.cellLines(st, cells[i])
			top := l.y + (h-float64(len(lines))*tablePitch)/2
			for k, ln := range lines {
				l.drawLine(ln, top+(float64(k)+0.5)*tablePitch+emCentre*tableSize*mmPerPt, st)
			}
		}
		x += w
	}
	l.y += h
}

// signLine sets a label followed by a line to sign on and a date line.
func (l *layouter) signLine(label string) {
	st := style{size: bodySize, pitch: linePitch, left: marginLeft, width: blockWidth, align: alignLeft, color: Black, grid: true}
	lines := l.setParagraph(st, []span{l.fixed(Heading, label)})
	baseline := l.y + linePitch/2 + emCentre*bodySize*mmPerPt
	l.drawLine(lines[0], baseline, st)
	x := marginLeft + float64(len([]rune(label)))*charPitch
	l.add(Rule{X1: x, Y1: baseline + 1.5, X2: x + signLineLength, Y2: baseline + 1.5, Width: 0.3, Color: Black})
	date := l.setParagraph(style{size: bodySize, left: x + signLineLength + charPitch, width: 4 * charPitch, align: alignLeft, grid: true}, []span{l.fixed(Heading, signDateLabel)})
	l.drawLine(date[0], baseline, st)
	dx := x + signLineLength + 4*charPitch
	l.add(Rule{X1: dx, Y1: baseline + 1.5, X2: blockRight, Y2: baseline + 1.5, Width: 0.3, Color: Black})
	l.y += linePitch + 4
}

// colophonText returns the 版记's text.
func (s source) colophonText() Colophon {
	c := Colophon{CopyLabel: "抄送：", Issuer: field(Body, "印发机关", meeting.CleanLine(s.m.Organizer))}
	if t := meeting.CleanLine(s.m.CopyTo); t != "" {
		c.CopyTo = field(Body, "抄送", sentence(t))
	}
	if d := s.issued(); !d.IsZero() {
		c.Issued = d.Chinese() + "印发"
	}
	return c
}

// colophon sets the 版记 at the foot of the last page: a thick rule, the 抄送 line, a
// thin rule, the organizing unit and the date of issue, and a thick rule on the bottom
// edge of the text block.
func (l *layouter) colophon() {
	em := colophonSize * mmPerPt
	text := l.colophonText()
	label := text.CopyLabel
	indent := em // one character in from each side
	labelWidth := float64(len([]rune(label))) * em
	copyStyle := style{size: colophonSize, pitch: colophonPitch, left: marginLeft + indent + labelWidth, align: justify, color: Black}
	copyStyle.width = blockRight - indent - copyStyle.left
	var copyLines []setLine
	if text.CopyTo.Text != "" {
		copyLines = l.setParagraph(copyStyle, l.spans(text.CopyTo))
	}
	var date []setLine
	dateWidth := 0.0
	issuer := style{size: colophonSize, left: marginLeft + indent, width: blockWidth - 2*indent, align: alignRight}
	if text.Issued != "" {
		date = l.setParagraph(issuer, []span{l.fixed(Body, text.Issued)})
		dateWidth = blockRight - indent - date[0].x
	}
	issuer.align, issuer.width = alignLeft, issuer.width-dateWidth-em
	issuerLines := l.setParagraph(issuer, l.spans(text.Issuer))
	h := colophonPitch * float64(len(copyLines)+max(len(issuerLines), 1))
	if l.y+h+linePitch > blockBottom {
		l.newPage()
	}
	top := blockBottom - h
	l.add(Rule{X1: marginLeft, Y1: top, X2: blockRight, Y2: top, Width: colophonThick, Color: Black})
	baseline := func(y float64) float64 { return y + colophonPitch/2 + emCentre*em }
	y := top
	if len(copyLines) > 0 {
		labelLine := l.setParagraph(style{size: colophonSize, left: marginLeft + indent, width: labelWidth + 1, align: alignLeft}, []span{l.fixed(Body, label)})
		l.drawLine(labelLine[0], baseline(y), copyStyle)
		for _, ln := range copyLines {
			l.drawLine(ln, baseline(y), copyStyle)
			y += colophonPitch
		}
		l.add(Rule{X1: marginLeft, Y1: y, X2: blockRight, Y2: y, Width: colophonThin, Color: Black})
	}
	if len(date) > 0 {
		l.drawLine(date[0], baseline(y), issuer)
	}
	for _, ln := range issuerLines {
		l.drawLine(ln, baseline(y), issuer)
		y += colophonPitch
	}
	l.add(Rule{X1: marginLeft, Y1: blockBottom, X2: blockRight, Y2: blockBottom, Width: colophonThick, Color: Black})
	l.y = blockBottom
}
