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
// invalid UTF-8 or a control character.
func (ps *Problems) checkText(s string, r textRule) {
	if strings.TrimSpace(s) == "" {
		if r.required {
			ps.add(r.field, "请填写%s。", r.label)
		}
		return
	}
	if !utf8.ValidString(s) {
		ps.add(r.field, "%s含有无法识别的字符（编码错误），请重新输入。", r.label)
		return
	}
	if n := utf8.RuneCountInString(s); n > r.max {
		ps.add(r.field, "%s过长：%d 个字，最多 %d 个字。", r.label, n, r.max)
	}
	for i, c := range s {
		if c == '\n' && r.multiline {
			continue
		}
		if unicode.IsControl(c) || c == '\u2028' || c == '\u2029' || c == utf8.RuneError {
			what := "控制字符"
			if c == '\n' {
				what = "换行"
			}
			ps.add(r.field, "%s第 %d 个字处含有不允许的%s（U+%04X），请删除。", r.label, utf8.RuneCountInString(s[:i])+1, what, c)
			return
		}
	}
}

func (ps *Problems) add(field, format string, args ...any) {
	*ps = append(*ps, Problem{Field: field, Message: fmt.Sprintf(format, args...)})
}
