package export

import (
	"strings"
	"testing"
)

// TestContentIsWhatThePDFSets checks that the content other formats write is the text
// Layout sets, in the same order: every run of the example's content, in order, in the
// text of its Document.
func TestContentIsWhatThePDFSets(t *testing.T) {
	mn := exampleMinutes(t)
	c, err := ContentOf(mn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := Layout(mn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The text of the pages without their furniture, which lies below the text block.
	var b strings.Builder
	for _, p := range doc.Pages {
		for _, e := range p.Elements {
			if t, ok := e.(Text); ok && t.Y < blockBottom+1 {
				b.WriteString(t.Text)
			}
		}
	}
	text := squeeze(b.String())
	var want []string
	add := func(runs ...Run) {
		for _, r := range runs {
			if s := squeeze(r.Text); s != "" {
				want = append(want, s)
			}
		}
	}
	add(c.Masthead, fixed(Body, c.Number), c.Title)
	for _, b := range c.Body {
		add(b.Runs...)
	}
	for _, a := range c.Attendance {
		add(fixed(Heading, a.Label))
		add(a.Entries...)
	}
	add(fixed(Title, c.Signature.Title), fixed(Body, c.Signature.Reference))
	for _, h := range c.Signature.Header {
		add(fixed(Heading, h))
	}
	for _, row := range c.Signature.Rows {
		for _, cell := range row {
			add(cell...)
		}
	}
	add(c.Colophon.CopyTo, fixed(Body, c.Colophon.Issued), c.Colophon.Issuer)
	pos := 0
	for _, w := range want {
		i := strings.Index(text[pos:], w)
		if i < 0 {
			t.Fatalf("%q is not in the PDF's text after %q", w, text[max(0, pos-30):pos])
		}
		pos += i + len(w)
	}
	if len(c.Signature.Rows) != 6 || len(c.Attendance) != 3 || c.Number != "〔2026〕12号" {
		t.Errorf("%d signature rows, %d attendance lines, number %q", len(c.Signature.Rows), len(c.Attendance), c.Number)
	}
	if !strings.Contains(c.Info.Keywords, c.Info.Fingerprint) || c.Info.Revision != 1 || c.Info.Draft {
		t.Errorf("info %+v", c.Info)
	}
}
