package meeting

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text limits, in characters (runes). They are documented in docs/meeting-json.md and
// keep one field from swallowing a page of the minutes or the form.
const (
	MaxName      = 50   // person names, positions, phone numbers, short names
	MaxTitle     = 100  // titles, venue, department and section names, policy titles
	MaxLongText  = 5000 // request, background, discussion, decision text and notes
	MaxCopyTo    = 500  // 抄送 line
	MaxListItems = 100  // attendance rows, agenda items, sections, decisions per item
)

// CleanText normalizes what people paste: Windows and old Mac line ends become "\n",
// tabs and no-break spaces become spaces (the full-width space stays), and trailing spaces are cut from every line.
// Forms and the importer call it before validation; it never removes visible text.
func CleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\u00a0' {
			return ' '
		}
		return r
	}, s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Trim(strings.Join(lines, "\n"), " \n")
}

// CleanLine is CleanText for one-line fields: line breaks become spaces.
func CleanLine(s string) string {
	return strings.Join(strings.Fields(CleanText(s)), " ")
}

// textRule describes one text field for checkText.
type textRule struct {
	field     string // JSON path
	label     string // Chinese field name used in messages
	required  bool
	max       int
	multiline bool
}

// checkText appends a problem for an empty required field, an over-long value,
// invalid UTF-8 or a character the text rule refuses (ForbiddenRune).
func (ps *Problems) checkText(s string, r textRule) {
	if strings.TrimSpace(s) == "" {
		if r.required {
			ps.add(r.field, "请填写%s。", r.label)
		}
		return
	}
	if !utf8.ValidString(s) {
		at := 0
		for i := 0; i < len(s); {
			c, w := utf8.DecodeRuneInString(s[i:])
			if c == utf8.RuneError && w <= 1 {
				break
			}
			i += w
			at++
		}
		ps.addText(r.field, "%s第 %d 个字处含有无法识别的字节（编码错误，不是有效的 UTF-8 文字），请重新输入。", r.label, at+1)
		return
	}
	if n := utf8.RuneCountInString(s); n > r.max {
		ps.add(r.field, "%s过长：%d 个字，最多 %d 个字。", r.label, n, r.max)
	}
	for i, c := range s {
		if what := ForbiddenRune(c, r.multiline); what != "" {
			ps.addText(r.field, "%s第 %d 个字处含有不允许的%s（U+%04X），请删除。", r.label, utf8.RuneCountInString(s[:i])+1, what, c)
			return
		}
	}
}

// ForbiddenRune says which kind of character the text rule refuses c as, or "" when
// c may stand in a field; multiline fields (discussion, decisions, notes) also take
// line breaks. Refused are control characters (tabs and line breaks are turned into
// spaces and "\n" by CleanText before), the line and paragraph separators, the
// bidirectional controls, which make printed minutes read differently from what
// is stored, noncharacters, surrogates, and the replacement character U+FFFD, which
// stands where a decoder met bytes it could not read. Every text field is checked by
// it through validation, so the forms, the importer and transfer packages agree;
// archive folder names drop the same characters.
func ForbiddenRune(c rune, multiline bool) string {
	switch {
	case c == '\n' && multiline:
		return ""
	case c == '\n':
		return "换行"
	case c == utf8.RuneError:
		return "替换字符（通常是编码错误留下的）"
	case c >= 0xD800 && c <= 0xDFFF:
		return "代理项"
	case unicode.IsControl(c), c == '\u2028', c == '\u2029':
		return "控制字符"
	case IsBidiControl(c):
		return "文字方向控制字符"
	case IsNoncharacter(c):
		return "非字符码位"
	}
	return ""
}

// IsBidiControl reports whether c is one of the bidirectional formatting characters:
// the embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069, the marks
// U+200E and U+200F, and the Arabic letter mark U+061C.
func IsBidiControl(c rune) bool {
	return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C
}

// IsNoncharacter reports whether c is one of Unicode's 66 noncharacters: U+FDD0–U+FDEF
// and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE, …).
func IsNoncharacter(c rune) bool {
	return (c >= 0xFDD0 && c <= 0xFDEF) || (c >= 0 && c <= unicode.MaxRune && c&0xFFFE == 0xFFFE)
}

// ProblemText marks the problems of the text rule (see TextProblems).
const ProblemText = "text"

// TextProblems keeps the problems of ps the text rule found: a record that may stay
// incomplete (a draft from another office) must still carry no forbidden character.
func TextProblems(ps Problems) Problems {
	var out Problems
	for _, p := range ps {
		if p.Rule == ProblemText {
			out = append(out, p)
		}
	}
	return out
}

func (ps *Problems) addText(field, format string, args ...any) {
	*ps = append(*ps, Problem{Field: field, Message: fmt.Sprintf(format, args...), Rule: ProblemText})
}

func (ps *Problems) add(field, format string, args ...any) {
	*ps = append(*ps, Problem{Field: field, Message: fmt.Sprintf(format, args...)})
}
