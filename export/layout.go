package export

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"backstop/meeting"
)

// Options adjust the minutes. The zero value gives the standard layout in the embedded
// fonts.
type Options struct {
	// Masthead is the red line at the head of the first page; empty means the organizing
	// unit followed by 协调会议纪要.
	Masthead string
	// Fonts chooses the typefaces; nil means the embedded ones (DefaultFonts).
	Fonts *FontSet
	// Creator names the program in the PDF metadata; empty means "Backstop".
	Creator string
}

// chinaTime is the offices' calendar: finalization times are printed as dates in it,
// whatever the zone of the PC that exports.
var chinaTime = time.FixedZone("CST", 8*3600)

// layouter lays out one set of minutes.
type layouter struct {
	source
	fonts faces
	doc   *Document
	y     float64 // top of the next line on the current page, mm
	subst substitutions
}

// Layout lays out the minutes of mn as they stand: a finalized revision, or a draft
// (watermarked 草稿, without a number). The result depends on mn and opts only, never on
// the clock, so the same revision always gives the same Document and the same PDF.
// Layout does not validate: a draft may be incomplete, and what is missing is left out.
func Layout(mn *meeting.Minutes, opts Options) (*Document, Report, error) {
	if mn == nil {
		return nil, Report{}, &meeting.Error{Code: meeting.CodeInternal, Message: "没有可导出的会议纪要。"}
	}
	fonts, err := opts.Fonts.resolve()
	if err != nil {
		return nil, Report{}, err
	}
	l := &layouter{source: newSource(mn, &mn.Meeting, opts), fonts: fonts}
	l.doc = &Document{Width: pageWidth, Height: pageHeight, fonts: fonts}
	l.doc.Info = l.info()
	l.newPage()
	l.minutes()
	l.signatureSheet()
	l.colophon()
	l.furnish()
	rep := Report{
		Pages: len(l.doc.Pages), Fingerprint: l.rev.Fingerprint, Revision: l.rev.N,
		Draft: l.draft, Replaced: l.subst.list, Fonts: l.doc.FontUses(),
	}
	l.doc.Info.Keywords += fontKeywords(rep.Fonts)
	return l.doc, rep, nil
}

// masthead returns the red line at the head of the minutes.
func (s source) masthead() string {
	if custom := strings.TrimSpace(s.opts.Masthead); custom != "" {
		return custom
	}
	return meeting.CleanLine(s.m.Organizer) + "协调会议纪要"
}

// number returns the document number as printed, "" for a draft.
func (s source) number() string {
	if s.draft {
		return ""
	}
	return s.m.Number.String()
}

// issued returns the date the minutes were issued (印发): the day of finalization in
// China, or the meeting day for a draft.
func (s source) issued() meeting.Date {
	if !s.draft && !s.rev.FinalizedAt.IsZero() {
		return meeting.DateOf(s.rev.FinalizedAt.In(chinaTime))
	}
	return s.m.Date
}

// info returns the PDF metadata. The creation date is the finalization time or, for a
// draft, the meeting day (1 January 2000 if unset): fpdf would otherwise write "now".
func (s source) info() Info {
	created := time.Date(2000, 1, 1, 0, 0, 0, 0, chinaTime)
	if !s.draft && !s.rev.FinalizedAt.IsZero() {
		created = s.rev.FinalizedAt.In(chinaTime)
	} else if d := s.m.Date; !d.IsZero() {
		created = time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, chinaTime)
	}
	subject := fmt.Sprintf("%s 第%d版", s.masthead(), s.rev.N)
	if s.draft {
		subject += "（草稿）"
	} else if n := s.number(); n != "" {
		subject = fmt.Sprintf("%s %s 第%d版", s.masthead(), n, s.rev.N)
	}
	keywords := fmt.Sprintf("backstop-fingerprint=%s backstop-revision=%d", s.rev.Fingerprint, s.rev.N)
	if s.rev.Replaces != "" {
		keywords += " backstop-replaces=" + s.rev.Replaces
	}
	if s.draft {
		keywords += " backstop-draft=true"
	}
	creator := s.opts.Creator
	if creator == "" {
		creator = "Backstop"
	}
	return Info{
		Title: meeting.CleanLine(s.m.Title), Author: meeting.CleanLine(s.m.Organizer), Subject: subject,
		Keywords: keywords, Creator: creator, Created: created,
		Fingerprint: s.rev.Fingerprint, Revision: s.rev.N, Replaces: s.rev.Replaces, Draft: s.draft,
	}
}

// substitutions records the characters set as 〓.
type substitutions struct {
	list  []Replacement
	index map[rune]int
}

// placeholder is set for a character the font cannot set (GB/T 15834's 〓, the
// customary mark of a missing character).
const placeholder = '〓'

// span returns s, cleaned, as a span in role; where names the field in Chinese for the
// Report.
func (l *layouter) span(role Role, where, s string) span {
	return span{role: role, text: l.clean(role, where, s)}
}

// fixed returns the minutes' own wording as a span: a font without one of its
// characters (a supplied font, say) gets 〓 there and a Report entry too.
func (l *layouter) fixed(role Role, s string) span {
	return l.span(role, "版式文字", s)
}

// splitNames splits a 、-separated list of people as typed into a form.
func splitNames(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '、' || r == '，' || r == ',' || r == '；' || r == ';' })
}

// clean prepares field text for setting in role: forced breaks become '\n' (which
// separates paragraphs), tabs spaces, and each character no font of the role's chain
// can set becomes 〓 and is recorded.
func (l *layouter) clean(role Role, where, s string) string {
	settable := func(r rune) bool { return !unicode.IsControl(r) && !isHardBreak(r) && l.fonts.face(role, r) != nil }
	if !strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && !settable(r) }) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r' && strings.HasPrefix(s[i:], "\n"):
		case isHardBreak(r):
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case settable(r):
			b.WriteRune(r)
		default:
			b.WriteRune(placeholder)
			l.subst.record(r, where)
		}
	}
	return b.String()
}

func (s *substitutions) record(r rune, where string) {
	if s.index == nil {
		s.index = map[rune]int{}
	}
	if i, ok := s.index[r]; ok {
		s.list[i].Count++
		if !slices.Contains(s.list[i].Places, where) {
			s.list[i].Places = append(s.list[i].Places, where)
		}
		return
	}
	s.index[r] = len(s.list)
	s.list = append(s.list, Replacement{Rune: r, Where: where, Places: []string{where}, Count: 1})
}
