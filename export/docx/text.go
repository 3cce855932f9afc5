package docx

import (
	"encoding/xml"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"backstop/export"
	"backstop/meeting"
)

// placeholder stands for a character that may not stand in the document: GB/T 15834's
// 〓, as in the PDF.
const placeholder = '〓'

// piece is a run of text fit for XML, in one role.
type piece struct {
	role export.Role
	text string
	// keep marks a name to stay whole on its line: its characters are joined by word
	// joiners, and its runs tagged as no language for LibreOffice (see keptLanguage).
	keep bool
}

// splitParagraphs splits runs at forced line breaks into paragraphs of pieces, as the
// PDF does, dropping empty paragraphs. Tabs become spaces, and each character the
// domain's text rule refuses (control characters, bidirectional controls,
// noncharacters, surrogates, bytes that are not UTF-8) becomes 〓 and is recorded:
// validation keeps them out of meetings, and whatever slips through must not make the
// XML unreadable. Characters above U+FFFF stay: Word and WPS set them.
func (w *writer) splitParagraphs(runs []export.Run) [][]piece {
	var out [][]piece
	var cur []piece
	for _, r := range runs {
		var b strings.Builder
		flush := func() {
			if b.Len() > 0 {
				cur = append(cur, piece{r.Role, b.String(), r.Keep})
				b.Reset()
			}
		}
		s := r.Text
		prev := rune(-1) // the last character written of this run in this paragraph
		write := func(c rune) {
			if r.Keep && joins(prev, c) {
				b.WriteRune(wordJoiner)
			}
			b.WriteRune(c)
			prev = c
		}
		for i := 0; i < len(s); {
			c, size := utf8.DecodeRuneInString(s[i:])
			if c == utf8.RuneError && size == 1 {
				c = -1 // not UTF-8: refused below like U+FFFD
			}
			i += size
			switch {
			case c == '\r' && strings.HasPrefix(s[i:], "\n"):
			case isHardBreak(c):
				flush()
				if len(cur) > 0 {
					out, cur = append(out, cur), nil
				}
				prev = -1
			case c == '\t':
				write(' ')
			case c < 0 || meeting.ForbiddenRune(c, false) != "":
				write(placeholder)
				w.record(c, r.Field)
			default:
				write(c)
			}
		}
		flush()
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// wordJoiner joins the characters of a name that is to stay whole on its line (a run
// with Keep, as the PDF keeps it): U+2060 WORD JOINER, which Unicode's line breaking
// (UAX #14 rule LB11, ICU) never breaks at, and which takes no width.
const wordJoiner = '\u2060'

// keptLanguage is the East Asian language of a kept name's runs: zxx, no linguistic
// content (LibreOffice's [None], no proofing). LibreOffice breaks Chinese text (zh) with
// its own CJK breaker, which may break between any two characters but its forbidden
// punctuation and ignores word joiners (and the document's w:noLineBreaksBefore lists,
// which it does not import); text of another language goes to ICU's Unicode breaker,
// which honours them.
const keptLanguage = "zxx"

// joins reports whether a word joiner goes between a and b of a name: where a line
// could break between them, that is next to a Chinese character, and not at a space.
func joins(a, b rune) bool {
	wide := func(r rune) bool { return r >= 0x2E80 }
	return a >= 0 && !unicode.IsSpace(a) && !unicode.IsSpace(b) && (wide(a) || wide(b))
}

// isHardBreak reports a forced line break: LF, CR, VT, FF, NEL and the Unicode line and
// paragraph separators, which the PDF breaks at too.
func isHardBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029':
		return true
	}
	return false
}

// record notes a character written as 〓, for the Report.
func (w *writer) record(r rune, where string) {
	if where == "" {
		where = "版式文字"
	}
	if r < 0 {
		r = utf8.RuneError
	}
	for i := range w.replaced {
		if p := &w.replaced[i]; p.Rune == r {
			p.Count++
			if !slices.Contains(p.Places, where) {
				p.Places = append(p.Places, where)
			}
			return
		}
	}
	w.replaced = append(w.replaced, export.Replacement{Rune: r, Where: where, Places: []string{where}, Count: 1})
}

// xmlBuilder writes XML elements; attribute values and text are escaped, and the
// caller guarantees that text holds only characters XML allows (splitParagraphs).
type xmlBuilder struct{ strings.Builder }

// start writes a start tag with attributes given as name, value pairs.
func (x *xmlBuilder) start(tag string, attrs ...string) {
	x.WriteByte('<')
	x.WriteString(tag)
	x.attrs(attrs)
	x.WriteByte('>')
}

// empty writes an empty element.
func (x *xmlBuilder) empty(tag string, attrs ...string) {
	x.WriteByte('<')
	x.WriteString(tag)
	x.attrs(attrs)
	x.WriteString("/>")
}

// end writes an end tag.
func (x *xmlBuilder) end(tag string) {
	x.WriteString("</")
	x.WriteString(tag)
	x.WriteByte('>')
}

// element writes an element holding text.
func (x *xmlBuilder) element(tag, text string, attrs ...string) {
	x.start(tag, attrs...)
	x.text(text)
	x.end(tag)
}

func (x *xmlBuilder) attrs(attrs []string) {
	for i := 0; i+1 < len(attrs); i += 2 {
		x.WriteByte(' ')
		x.WriteString(attrs[i])
		x.WriteString(`="`)
		x.text(attrs[i+1])
		x.WriteByte('"')
	}
}

func (x *xmlBuilder) text(s string) {
	_ = xml.EscapeText(x, []byte(s)) // a strings.Builder does not fail
}
