package export

import "fmt"

// This file adds what every page carries once the pages are counted: the page number,
// the footer line that ties the page to its document, and on a draft the watermark.

const (
	pageNumberSize = 14.0 // 4号
	footerSize     = 8.0
	watermarkSize  = 150.0
)

// furnish adds the page furniture to every page.
func (l *layouter) furnish() {
	total := len(l.doc.Pages)
	fp := l.rev.Fingerprint
	if len(fp) > 12 {
		fp = fp[:12]
	}
	ref := l.number()
	if l.draft {
		ref = "草稿"
	}
	for i := range l.doc.Pages {
		p := &l.doc.Pages[i]
		l.pageNumber(p)
		footer := fmt.Sprintf("第 %d 页 共 %d 页　指纹 %s", p.Number, total, fp)
		if ref != "" {
			footer = ref + "　" + footer
		}
		st := style{size: footerSize, left: marginLeft, width: blockWidth, align: alignCenter, color: Grey}
		ln := l.setParagraph(st, []span{l.fixed(Body, footer)})[0]
		p.Elements = append(p.Elements, l.text(ln, 283, st)...)
		if l.draft {
			p.Elements = append([]Element{l.watermark()}, p.Elements...)
		}
	}
}

// pageNumber adds "— N —" 7 mm below the text block (GB/T 9704 §7.5), one character in
// from the right edge on odd pages and from the left edge on even ones. The 7 mm run
// from the block's lower edge to the top of the number's line as the font describes it
// (its ascender, which is also where a PDF reader puts the top of the text), so the
// distance is the same in every body font.
func (l *layouter) pageNumber(p *Page) {
	em := pageNumberSize * mmPerPt
	st := style{size: pageNumberSize, left: marginLeft + em, width: blockWidth - 2*em, align: alignRight, color: Black}
	if p.Number%2 == 0 {
		st.align = alignLeft
	}
	ln := l.setParagraph(st, []span{l.fixed(Body, fmt.Sprintf("— %d —", p.Number))})[0]
	p.Elements = append(p.Elements, l.text(ln, blockBottom+pageNumberGap+ln.faces[0].Ascent()*em, st)...)
}

// pageNumberGap is the distance from the text block to the page number, in mm.
const pageNumberGap = 7.0

// text returns a line's runs as elements with their baseline at y.
func (l *layouter) text(ln setLine, y float64, st style) []Element {
	var out []Element
	for _, t := range ln.runs(y, st) {
		out = append(out, t)
	}
	return out
}

// watermark returns the draft mark: 草稿 in light grey across the middle of the page.
func (l *layouter) watermark() Watermark {
	const mark = "草稿"
	em := watermarkSize * mmPerPt
	var adv []float64
	for _, r := range mark {
		adv = append(adv, float64(l.fonts.role[Title].Advance(r))/1000*em)
	}
	return Watermark{X: pageWidth / 2, Y: pageHeight / 2, Text: mark, Role: Title, Face: l.fonts.role[Title], Size: watermarkSize, Color: LightGrey, Angle: 45, Advances: adv}
}
