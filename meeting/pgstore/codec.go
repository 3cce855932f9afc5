package pgstore

import (
	"encoding/json"
	"fmt"
	"strings"

	"backstop/meeting"
)

// encode returns v as the JSON of its record. It first decodes what it is about to
// write: a value whose JSON does not read back (a draft's impossible date, say
// 2026-02-30, is written but refused when read) would make the record unreadable for
// good, so it is refused before anything is stored.
func encode[T any](v T) ([]byte, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, meeting.Errorf(meeting.CodeInternal, "无法保存记录：数据无法编码。", err)
	}
	var back T
	if err := json.Unmarshal(data, &back); err != nil {
		return nil, meeting.Errorf(meeting.CodeInvalid, "无法保存："+strings.TrimSuffix(meeting.DescribeJSONError(data, err), "。")+"。请改正后再保存。", err)
	}
	return data, nil
}

// decode decodes a record read from a table; a record that does not decode is
// reported as damaged, naming the table and the record.
func decode(table string, id any, data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf(
			"数据库表 %s 中编号为 %v 的记录无法读取，可能被程序以外的方式改动过。请联系数据库管理员从备份中恢复这条记录。", table, id), err)
	}
	return nil
}

// undatedDay sorts meetings without a date (drafts being prepared) before every
// dated one, as the bbolt store does.
const undatedDay = 99999999

// dayOf returns a date as yyyymmdd, the form of the day columns; zero for none.
func dayOf(d meeting.Date) int {
	if d.IsZero() {
		return 0
	}
	return d.Year*10000 + int(d.Month)*100 + d.Day
}

// meetingDay is a meeting's day column: its date, or undatedDay.
func meetingDay(d meeting.Date) int {
	if d.IsZero() {
		return undatedDay
	}
	return dayOf(d)
}

// searchText joins the searchable parts of a record, lower-cased so that Latin
// letters match in either case. Parts are separated by a line break, which no query
// word contains, so a word never matches across two parts. (The same derivation as
// the bbolt store's index, so that a query finds the same records on both.)
func searchText(parts ...string) string {
	return strings.ToLower(strings.Join(parts, "\n"))
}

// meetingSearchText is what a meeting query searches: the title, the applicants of
// the agenda's cases and the decisions' texts.
func meetingSearchText(m *meeting.Meeting, cases []meeting.Case) string {
	parts := []string{m.Title}
	for _, c := range cases {
		parts = append(parts, c.Applicant.Name)
	}
	for _, it := range m.Agenda {
		for _, d := range it.Decisions {
			parts = append(parts, d.Text)
		}
	}
	return searchText(parts...)
}

// caseSearchText is what a case query searches: title, applicant and credit code.
func caseSearchText(c *meeting.Case) string {
	return searchText(c.Title, c.Applicant.Name, c.Applicant.CreditCode)
}

// queryWords splits a keyword search at spaces, including the full-width space;
// every word must occur in the search text.
func queryWords(q string) []string { return strings.Fields(strings.ToLower(q)) }

// whereClause builds a WHERE clause from conditions, numbering the placeholders of
// each after the arguments already taken.
type whereClause struct {
	conds []string
	args  []any
}

// add adds a condition whose single placeholder is written as ?.
func (w *whereClause) add(cond string, arg any) {
	w.args = append(w.args, arg)
	w.conds = append(w.conds, strings.Replace(cond, "?", fmt.Sprintf("$%d", len(w.args)), 1))
}

// words adds one condition per query word on the search column.
func (w *whereClause) words(q string) {
	for _, word := range queryWords(q) {
		w.add("strpos(search, ?) > 0", word)
	}
}

func (w *whereClause) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}
