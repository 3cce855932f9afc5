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
		p.Elements = append(p.Elements, l.text(ln, 283, st))
		if l.draft {
			p.Elements = append([]Element{l.watermark()}, p.Elements...)
		}
	}
}

// pageNumber adds "— N —" 7 mm below the text block, one character in from the right
// edge on odd pages and from the left edge on even ones.
func (l *layouter) pageNumber(p *Page) {
	em := pageNumberSize * mmPerPt
	st := style{size: pageNumberSize, left: marginLeft + em, width: blockWidth - 2*em, align: alignRight, color: Black}
	if p.Number%2 == 0 {
		st.align = alignLeft
	}
	ln := l.setParagraph(st, []span{l.fixed(Body, fmt.Sprintf("— %d —", p.Number))})[0]
	p.Elements = append(p.Elements, l.text(ln, blockBottom+7+0.88*em, st))
}

// text returns a one-run line as a Text with its baseline at y.
func (l *layouter) text(ln setLine, y float64, st style) Text {
	return Text{X: ln.x, Y: y, Text: string(ln.runes), Role: ln.roles[0], Size: st.size, Color: st.color, Spacing: ln.spacing, Advances: ln.advances}
}

// watermark returns the draft mark: 草稿 in light grey across the middle of the page.
func (l *layouter) watermark() Watermark {
	const mark = "草稿"
	em := watermarkSize * mmPerPt
	var adv []float64
	for _, r := range mark {
		adv = append(adv, float64(l.fonts[Title].Advance(r))/1000*em)
	}
	return Watermark{X: pageWidth / 2, Y: pageHeight / 2, Text: mark, Role: Title, Size: watermarkSize, Color: LightGrey, Angle: 45, Advances: adv}
}
