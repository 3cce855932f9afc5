package meeting

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// The published holiday arrangements (国务院办公厅关于XXXX年部分节假日安排的通知),
// one file per year. Later years are entered in the app with SetYear and kept in the store.
//
//go:embed calendars/*.json
var calendarFiles embed.FS

// CalendarYear is one year's official arrangement: the days off (放假日期) and the
// weekend days worked in exchange (调休上班). Every other Monday–Friday is a working
// day and every other Saturday and Sunday is not. It is also the JSON form a year is
// stored in.
type CalendarYear struct {
	Year int `json:"year"`
	// Source names the notice the dates were taken from.
	Source string `json:"source,omitempty"`
	// Note is free text for the person who checks the dates against the notice.
	Note     string `json:"note,omitempty"`
	Holidays []Date `json:"holidays"`
	Workdays []Date `json:"workdays"`
}

// Validate checks that every date is a real day of the year and that no day is both
// a holiday and a make-up working day.
func (y CalendarYear) Validate() error {
	var ps Problems
	if y.Year < 1900 || y.Year > 9999 {
		ps = append(ps, Problem{Field: "year", Message: fmt.Sprintf("年份 %d 不在 1900 至 9999 之间", y.Year)})
		return ps.Err()
	}
	check := func(field, name string, days []Date) {
		for i, d := range days {
			f := fmt.Sprintf("%s[%d]", field, i)
			switch {
			case d.IsZero() || !d.Valid():
				ps = append(ps, Problem{Field: f, Message: fmt.Sprintf("%s第 %d 项不是有效日期", name, i+1)})
			case d.Year != y.Year:
				ps = append(ps, Problem{Field: f, Message: fmt.Sprintf("%s %s 不在 %d 年内", name, d.Chinese(), y.Year)})
			}
		}
	}
	check("holidays", "放假日期", y.Holidays)
	check("workdays", "调休上班日期", y.Workdays)
	for i, d := range y.Workdays {
		if slices.Contains(y.Holidays, d) {
			ps = append(ps, Problem{Field: fmt.Sprintf("workdays[%d]", i),
				Message: fmt.Sprintf("%s 不能既是放假日期又是调休上班日期", d.Chinese())})
		}
	}
	return ps.Err()
}

// ParseCalendarYear reads a year stored as JSON and validates it.
func ParseCalendarYear(b []byte) (CalendarYear, error) {
	var y CalendarYear
	if err := json.Unmarshal(b, &y); err != nil {
		return CalendarYear{}, Errorf(CodeInvalid, "节假日安排的格式有误", err)
	}
	if err := y.Validate(); err != nil {
		return CalendarYear{}, err
	}
	return y.Normalized(), nil
}

// Normalized returns a copy with sorted, duplicate-free lists, so that the caller's
// slices are never shared and the stored form is stable.
func (y CalendarYear) Normalized() CalendarYear {
	norm := func(days []Date) []Date {
		out := slices.Clone(days)
		slices.SortFunc(out, compareDates)
		return slices.Compact(out)
	}
	y.Holidays = norm(y.Holidays)
	y.Workdays = norm(y.Workdays)
	if y.Holidays == nil {
		y.Holidays = []Date{}
	}
	if y.Workdays == nil {
		y.Workdays = []Date{}
	}
	return y
}

func compareDates(a, b Date) int { return a.Time().Compare(b.Time()) }

// Calendar tells working days (工作日) from days off following China's official
// holiday arrangement. A year without an arrangement falls back to Monday–Friday, and
// the functions that can cross such a year say so in a warning the UI must show.
// A Calendar is safe for concurrent use.
type Calendar struct {
	mu    sync.RWMutex
	years map[int]CalendarYear
	// off and on index the listed days of every year for IsWorkday.
	off map[Date]bool
	on  map[Date]bool
}

// NewCalendar returns a calendar without any year: every year falls back to Monday–Friday.
func NewCalendar() *Calendar {
	return &Calendar{years: map[int]CalendarYear{}, off: map[Date]bool{}, on: map[Date]bool{}}
}

// DefaultCalendar returns a new calendar holding the published arrangements shipped
// with the program (2025 and 2026). Each call returns an independent copy.
func DefaultCalendar() *Calendar {
	c := NewCalendar()
	files, err := calendarFiles.ReadDir("calendars")
	if err != nil {
		panic("meeting: embedded calendars: " + err.Error())
	}
	for _, f := range files {
		b, err := calendarFiles.ReadFile("calendars/" + f.Name())
		if err != nil {
			panic("meeting: embedded calendar " + f.Name() + ": " + err.Error())
		}
		y, err := ParseCalendarYear(b)
		if err != nil {
			panic("meeting: embedded calendar " + f.Name() + ": " + err.Error())
		}
		c.set(y)
	}
	return c
}

// SetYear replaces the arrangement of year y, so that the office can enter a year
// after the State Council publishes it. Every date must lie in year y, and no day may
// be both a holiday and a make-up working day.
func (c *Calendar) SetYear(y int, holidays, workdays []Date) error {
	return c.SetCalendarYear(CalendarYear{Year: y, Holidays: holidays, Workdays: workdays})
}

// SetCalendarYear is SetYear for a whole CalendarYear, keeping its source and note.
func (c *Calendar) SetCalendarYear(y CalendarYear) error {
	if err := y.Validate(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.set(y.Normalized())
	return nil
}

// set installs a validated, normalized year; the caller holds the lock or owns c.
func (c *Calendar) set(y CalendarYear) {
	if old, ok := c.years[y.Year]; ok {
		for _, d := range old.Holidays {
			delete(c.off, d)
		}
		for _, d := range old.Workdays {
			delete(c.on, d)
		}
	}
	c.years[y.Year] = y
	for _, d := range y.Holidays {
		c.off[d] = true
	}
	for _, d := range y.Workdays {
		c.on[d] = true
	}
}

// HasYear reports whether the arrangement of year y has been entered.
func (c *Calendar) HasYear(y int) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	_, ok := c.years[y]
	return ok
}

// Year returns a copy of the arrangement of year y, for editing and storing.
func (c *Calendar) Year(y int) (CalendarYear, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	cy, ok := c.years[y]
	if !ok {
		return CalendarYear{}, false
	}
	cy.Holidays = slices.Clone(cy.Holidays)
	cy.Workdays = slices.Clone(cy.Workdays)
	return cy, true
}

// Years lists the years whose arrangement has been entered, in order.
func (c *Calendar) Years() []int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]int, 0, len(c.years))
	for y := range c.years {
		out = append(out, y)
	}
	slices.Sort(out)
	return out
}

// IsWorkday reports whether d is a working day: a make-up working day, or a Monday to
// Friday that is not a holiday. In a year without an arrangement it is Monday–Friday.
func (c *Calendar) IsWorkday(d Date) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.isWorkday(d)
}

func (c *Calendar) isWorkday(d Date) bool {
	if c.on[d] {
		return true
	}
	if c.off[d] {
		return false
	}
	return isWeekday(d.Weekday())
}

func isWeekday(w time.Weekday) bool { return w != time.Saturday && w != time.Sunday }

// MissingYearWarning is the sentence shown when a computation used the Monday–Friday
// fallback for year y.
func MissingYearWarning(y int) string {
	return fmt.Sprintf("%d 年的节假日安排尚未录入，按周一至周五计算工作日。", y)
}

// Warnings returns one MissingYearWarning for each year from a to b (in either order)
// that has no arrangement, so that a screen showing dates in that span can say the
// working days there are only approximate.
func (c *Calendar) Warnings(a, b Date) []string {
	if b.Before(a) {
		a, b = b, a
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []string
	for y := a.Year; y <= b.Year; y++ {
		if _, ok := c.years[y]; !ok {
			out = append(out, MissingYearWarning(y))
		}
	}
	return out
}

// ParseWorkdays reads a deadline typed in working days: "10个工作日", "10 工作日",
// "10工作日" (also with full-width digits). ok is false for anything else, such as a
// date.
func ParseWorkdays(s string) (n int, ok bool) {
	s = strings.TrimSpace(s)
	rest, found := strings.CutSuffix(s, "工作日")
	if !found {
		return 0, false
	}
	rest = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "个"))
	if rest == "" || len([]rune(rest)) > 5 {
		return 0, false
	}
	for _, r := range rest {
		switch {
		case r >= '0' && r <= '9':
			n = n*10 + int(r-'0')
		case r >= '０' && r <= '９':
			n = n*10 + int(r-'０')
		default:
			return 0, false
		}
	}
	return n, true
}

// maxWorkdays bounds a deadline in working days: some forty years, far beyond any
// real deadline, and it keeps a mistyped number from spinning the day-by-day count.
const maxWorkdays = 10000

// AddWorkdays returns the due date of a deadline of n working days counted from the
// day from ("N working days after the meeting"): the nth working day after from,
// from itself not counted. n = 0 returns from. A negative n counts backward: the
// |n|th working day before from.
//
// The warnings name each year crossed that has no arrangement; the date is then
// computed Monday–Friday and the UI must show the warnings next to it. An unset or
// invalid from gives the zero Date and a warning.
func (c *Calendar) AddWorkdays(from Date, n int) (Date, []string) {
	if from.IsZero() || !from.Valid() {
		return Date{}, []string{"起算日期未填写或无效，无法按工作日计算期限。"}
	}
	if n > maxWorkdays || n < -maxWorkdays {
		return Date{}, []string{fmt.Sprintf("工作日天数 %d 过大，最多 %d 个工作日。", n, maxWorkdays)}
	}
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	if n == 0 {
		return from, nil
	}
	c.mu.RLock()
	d := from
	for n > 0 {
		d = d.AddDays(step)
		if c.isWorkday(d) {
			n--
		}
	}
	c.mu.RUnlock()
	if !d.Valid() {
		return Date{}, []string{"期限超出可计算的日期范围。"}
	}
	// Only the days counted matter: from itself is not one of them.
	return d, c.Warnings(from.AddDays(step), d)
}

// WorkdaysBetween returns the number of working days after a up to and including b,
// so that WorkdaysBetween(from, due) is n for the due date AddWorkdays(from, n).
// When b is before a it is the negative of WorkdaysBetween(b, a). Years without an
// arrangement count Monday–Friday; Warnings(a, b) names them.
//
// It counts weekdays arithmetically and corrects for the listed days, so it is cheap
// enough to run for every open item on the board.
func (c *Calendar) WorkdaysBetween(a, b Date) int {
	if b.Before(a) {
		return -c.WorkdaysBetween(b, a)
	}
	n := weekdaysIn(a, b)
	c.mu.RLock()
	defer c.mu.RUnlock()
	in := func(d Date) bool { return a.Before(d) && !b.Before(d) }
	for y := a.Year; y <= b.Year; y++ {
		cy, ok := c.years[y]
		if !ok {
			continue
		}
		for _, d := range cy.Holidays {
			if in(d) && isWeekday(d.Weekday()) {
				n--
			}
		}
		for _, d := range cy.Workdays {
			if in(d) && !isWeekday(d.Weekday()) {
				n++
			}
		}
	}
	return n
}

// weekdaysIn counts the Mondays to Fridays d with a < d <= b, for a not after b.
func weekdaysIn(a, b Date) int {
	days := int((b.Time().Unix() - a.Time().Unix()) / 86400)
	n := days / 7 * 5
	w := a.Weekday()
	for range days % 7 {
		w = (w + 1) % 7
		if isWeekday(w) {
			n++
		}
	}
	return n
}

// maxDaysInList bounds a day list typed in the app: a year has at most 366 days.
const maxDaysInList = 366

// ParseDays reads the days of a holiday arrangement as typed in the app: one day or
// one range per line ("2027-02-06", "2027-02-06 至 2027-02-12", also with "~" or
// ".."); blank lines are skipped. label names the list in messages (放假日期), and
// every bad line is reported with its number.
func ParseDays(text, label string) ([]Date, error) {
	var days []Date
	var ps Problems
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		field := fmt.Sprintf("%s第 %d 行", label, i+1)
		from, to, isRange := line, "", false
		for _, sep := range []string{"至", "~", "～", ".."} {
			if a, b, ok := strings.Cut(line, sep); ok {
				from, to, isRange = a, b, true
				break
			}
		}
		a, err := ParseDate(from)
		if err == nil && a.IsZero() {
			err = errors.New("日期为空")
		}
		b := a
		if err == nil && isRange {
			if b, err = ParseDate(to); err == nil && b.IsZero() {
				err = errors.New("范围缺少结束日期")
			}
		}
		switch {
		case err != nil:
			ps.add(field, "%s“%s”有误：%s。", field, line, err.Error())
			continue
		case b.Before(a):
			ps.add(field, "%s“%s”的结束日期早于开始日期。", field, line)
			continue
		case b.Time().Sub(a.Time()).Hours()/24 >= maxDaysInList:
			ps.add(field, "%s“%s”超过一年。", field, line)
			continue
		}
		for d := a; !b.Before(d); d = d.AddDays(1) {
			days = append(days, d)
		}
	}
	if len(ps) > 0 {
		return nil, &Error{Code: CodeInvalid, Message: label + "有误：", Problems: ps}
	}
	return days, nil
}

// FormatDays writes days as ParseDays reads them, consecutive days as one range.
func FormatDays(days []Date) string {
	sorted := slices.Clone(days)
	slices.SortFunc(sorted, compareDates)
	sorted = slices.Compact(sorted)
	var b strings.Builder
	for i := 0; i < len(sorted); {
		j := i
		for j+1 < len(sorted) && sorted[j+1] == sorted[j].AddDays(1) {
			j++
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(sorted[i].String())
		if j > i {
			b.WriteString(" 至 " + sorted[j].String())
		}
		i = j + 1
	}
	return b.String()
}
