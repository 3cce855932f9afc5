package export

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"

	"backstop/meeting"
)

// WriteMinutes lays out the minutes and writes them to w as PDF: Layout, then WritePDF.
func WriteMinutes(w io.Writer, mn *meeting.Minutes, opts Options) (Report, error) {
	doc, rep, err := Layout(mn, opts)
	if err != nil {
		return rep, err
	}
	return rep, doc.WritePDF(w)
}

// ptPerMM converts millimetres to PDF points.
const ptPerMM = 72 / 25.4

// WritePDF draws the document with fpdf and writes the PDF to w. The same Document gives
// the same bytes: the dates are the document's own and the catalog is sorted. Each font
// is embedded as a subset of the characters the document sets in it.
func (d *Document) WritePDF(w io.Writer) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &meeting.Error{Code: meeting.CodeInternal, Message: "生成 PDF 时出错。", Err: fmt.Errorf("fpdf: %v", p)}
		}
	}()
	families, err := d.embedFonts()
	if err != nil {
		return err
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: fpdf.SizeType{Wd: d.Width, Ht: d.Height}})
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(d.Info.Created)
	pdf.SetModificationDate(d.Info.Created)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetLang("zh-CN")
	pdf.SetTitle(d.Info.Title, true)
	pdf.SetAuthor(d.Info.Author, true)
	pdf.SetSubject(d.Info.Subject, true)
	pdf.SetKeywords(d.Info.Keywords, true)
	pdf.SetCreator(d.Info.Creator, true)
	pdf.SetProducer(d.Info.Creator, true)
	for _, f := range families.order {
		pdf.AddUTF8FontFromBytes(families.name[f], "", families.subset[f])
		// fpdf reports a font it cannot read on stdout only; SetFont makes it an error.
		pdf.SetFont(families.name[f], "", 12)
		if err := pdf.Error(); err != nil {
			return &meeting.Error{Code: meeting.CodeInternal, Message: fmt.Sprintf("PDF 组件无法使用字体「%s」。", f.Name()), Err: err}
		}
	}
	for _, p := range d.Pages {
		pdf.AddPage()
		pen := pdfPen{pdf: pdf, doc: d, families: families}
		for _, e := range p.Elements {
			pen.draw(e)
		}
	}
	if err := pdf.Error(); err != nil {
		return &meeting.Error{Code: meeting.CodeInternal, Message: "生成 PDF 时出错。", Err: err}
	}
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		return &meeting.Error{Code: meeting.CodeInternal, Message: "生成 PDF 时出错。", Err: err}
	}
	b, err := families.mapAliases(out.Bytes())
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		// The writer's own error (a full disk, say): the caller knows the file and
		// says why and where (safefile.Describe).
		return err
	}
	return nil
}

// fontFamilies names the document's distinct fonts for fpdf and holds their subsets
// and the aliases of their characters above U+FFFF.
type fontFamilies struct {
	order   []*Font
	name    map[*Font]string
	subset  map[*Font][]byte
	aliases map[*Font]aliases
}

// encode returns the text of a run as fpdf is to write it in f: a character above
// U+FFFF as its alias, the last character of a squeezed run as the alias of its
// narrowed copy, and a character f lacks as 〓 (Layout has replaced those already; this
// keeps WritePDF from panicking on a Document built elsewhere).
func (fam fontFamilies) encode(f *Font, s string, squeezed bool) string {
	al := fam.aliases[f]
	runes := []rune(s)
	for i, r := range runes {
		if a, ok := al.half[r]; ok && squeezed && i == len(runes)-1 {
			runes[i] = a
		} else if a, ok := al.supp[r]; ok {
			runes[i] = a
		} else if r > 0xffff || !f.Has(r) {
			runes[i] = placeholder
		}
	}
	return string(runes)
}

// embedFonts collects the characters set in each font and cuts the subsets, the fonts in
// parallel.
func (d *Document) embedFonts() (fontFamilies, error) {
	fam := fontFamilies{name: map[*Font]string{}, subset: map[*Font][]byte{}, aliases: map[*Font]aliases{}}
	runes, halves := map[*Font][]rune{}, map[*Font][]rune{}
	use := func(f *Font, s string) {
		if _, ok := fam.name[f]; !ok {
			fam.order = append(fam.order, f)
			fam.name[f] = fmt.Sprintf("f%d%s", len(fam.order), familyName(f.Name()))
		}
		runes[f] = append(runes[f], []rune(s)...)
	}
	for _, p := range d.Pages {
		for _, e := range p.Elements {
			switch e := e.(type) {
			case Text:
				f := d.face(e.Face, e.Role)
				use(f, settable(f, e.Text))
				if r, _ := utf8.DecodeLastRuneInString(e.Text); e.Squeezed {
					halves[f] = append(halves[f], r)
				}
			case Watermark:
				f := d.face(e.Face, e.Role)
				use(f, settable(f, e.Text))
			}
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for _, f := range fam.order {
		wg.Go(func() {
			cut, aliases, err := f.subset(runes[f], halves[f])
			mu.Lock()
			defer mu.Unlock()
			fam.subset[f], fam.aliases[f] = cut, aliases
			if err != nil && firstErr == nil {
				firstErr = err
			}
		})
	}
	wg.Wait()
	return fam, firstErr
}

// familyName keeps the ASCII letters and digits of a font's name.
func familyName(name string) string {
	return strings.Map(func(r rune) rune {
		if ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9') {
			return r
		}
		return -1
	}, name)
}

// settable returns s with every character f cannot set replaced by 〓. Layout has done
// so already; this keeps WritePDF from panicking on a Document built elsewhere.
func settable(f *Font, s string) string {
	return strings.Map(func(r rune) rune {
		if f.Has(r) {
			return r
		}
		return placeholder
	}, s)
}

// pdfPen draws the elements of one page.
type pdfPen struct {
	pdf      *fpdf.Fpdf
	doc      *Document
	families fontFamilies
	spacing  float64 // the Tc in force on this page, in pt
}

func (p *pdfPen) draw(e Element) {
	pdf := p.pdf
	switch e := e.(type) {
	case Text:
		f := p.doc.face(e.Face, e.Role)
		pdf.SetFont(p.families.name[f], "", e.Size)
		pdf.SetTextColor(int(e.Color.R), int(e.Color.G), int(e.Color.B))
		p.setSpacing(e.Spacing)
		pdf.Text(e.X, e.Y, p.families.encode(f, e.Text, e.Squeezed))
	case Watermark:
		f := p.doc.face(e.Face, e.Role)
		pdf.SetFont(p.families.name[f], "", e.Size)
		pdf.SetTextColor(int(e.Color.R), int(e.Color.G), int(e.Color.B))
		p.setSpacing(0)
		width := 0.0
		for _, a := range e.Advances {
			width += a
		}
		pdf.TransformBegin()
		pdf.TransformRotate(e.Angle, e.X, e.Y)
		pdf.Text(e.X-width/2, e.Y+emCentre*e.Size*mmPerPt, p.families.encode(f, e.Text, false))
		pdf.TransformEnd()
	case Rule:
		pdf.SetDrawColor(int(e.Color.R), int(e.Color.G), int(e.Color.B))
		pdf.SetLineWidth(e.Width)
		pdf.SetLineCapStyle("butt")
		pdf.Line(e.X1, e.Y1, e.X2, e.Y2)
	case Rect:
		if e.Filled {
			pdf.SetFillColor(int(e.Fill.R), int(e.Fill.G), int(e.Fill.B))
			pdf.Rect(e.X, e.Y, e.W, e.H, "F")
		}
		if e.LineWidth > 0 {
			pdf.SetDrawColor(int(e.Stroke.R), int(e.Stroke.G), int(e.Stroke.B))
			pdf.SetLineWidth(e.LineWidth)
			pdf.Rect(e.X, e.Y, e.W, e.H, "D")
		}
	}
}

// setSpacing sets the character spacing (the Tc operator, which fpdf does not wrap) for
// the text that follows.
func (p *pdfPen) setSpacing(mm float64) {
	pt := mm * ptPerMM
	if abs(pt-p.spacing) < 1e-5 {
		return
	}
	p.spacing = pt
	p.pdf.RawWriteStr(fmt.Sprintf("%.4f Tc", pt))
}
