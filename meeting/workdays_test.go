package meeting

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func day(s string) Date {
	d, err := ParseDate(s)
	if err != nil || d.IsZero() {
		panic("bad test date " + s)
	}
	return d
}

func span(from, to string) []Date {
	var out []Date
	for d := day(from); !day(to).Before(d); d = d.AddDays(1) {
		out = append(out, d)
	}
	return out
}

// published is the arrangement as the notices word it, festival by festival, kept
// apart from the embedded JSON so that a typo in either shows up as a failure.
var published = []struct {
	festival string
	off      []Date
	work     []Date
}{
	{"2025 元旦", span("2025-01-01", "2025-01-01"), nil},
	{"2025 春节", span("2025-01-28", "2025-02-04"), []Date{day("2025-01-26"), day("2025-02-08")}},
	{"2025 清明节", span("2025-04-04", "2025-04-06"), nil},
	{"2025 劳动节", span("2025-05-01", "2025-05-05"), []Date{day("2025-04-27")}},
	{"2025 端午节", span("2025-05-31", "2025-06-02"), nil},
	{"2025 国庆节、中秋节", span("2025-10-01", "2025-10-08"), []Date{day("2025-09-28"), day("2025-10-11")}},
	{"2026 元旦", span("2026-01-01", "2026-01-03"), []Date{day("2026-01-04")}},
	{"2026 春节", span("2026-02-15", "2026-02-23"), []Date{day("2026-02-14"), day("2026-02-28")}},
	{"2026 清明节", span("2026-04-04", "2026-04-06"), nil},
	{"2026 劳动节", span("2026-05-01", "2026-05-05"), []Date{day("2026-05-09")}},
	{"2026 端午节", span("2026-06-19", "2026-06-21"), nil},
	{"2026 中秋节", span("2026-09-25", "2026-09-27"), nil},
	{"2026 国庆节", span("2026-10-01", "2026-10-07"), []Date{day("2026-09-20"), day("2026-10-10")}},
}

func TestDefaultCalendarMatchesNotices(t *testing.T) {
	c := DefaultCalendar()
	if got := c.Years(); !slices.Equal(got, []int{2025, 2026}) {
		t.Fatalf("Years() = %v, want [2025 2026]", got)
	}
	var off, work []Date
	for _, f := range published {
		t.Run(f.festival, func(t *testing.T) {
			for _, d := range f.off {
				if c.IsWorkday(d) {
					t.Errorf("IsWorkday(%s) = true, want a holiday", d)
				}
			}
			for _, d := range f.work {
				if !c.IsWorkday(d) {
					t.Errorf("IsWorkday(%s) = false, want a make-up working day", d)
				}
				if isWeekday(d.Weekday()) {
					t.Errorf("make-up working day %s is a %s, want a weekend day", d, d.Weekday())
				}
			}
		})
		off = append(off, f.off...)
		work = append(work, f.work...)
	}
	// The embedded files list exactly these days, no more.
	var gotOff, gotWork []Date
	for _, y := range c.Years() {
		cy, _ := c.Year(y)
		if cy.Source == "" {
			t.Errorf("%d: no source notice named", y)
		}
		gotOff = append(gotOff, cy.Holidays...)
		gotWork = append(gotWork, cy.Workdays...)
	}
	slices.SortFunc(off, compareDates)
	slices.SortFunc(work, compareDates)
	if !slices.Equal(gotOff, off) {
		t.Errorf("embedded holidays = %v\nwant %v", gotOff, off)
	}
	if !slices.Equal(gotWork, work) {
		t.Errorf("embedded workdays = %v\nwant %v", gotWork, work)
	}
}

func TestIsWorkdayOrdinaryDays(t *testing.T) {
	c := DefaultCalendar()
	tests := []struct {
		day  string
		want bool
	}{
		{"2026-02-13", true},  // Friday before the Spring Festival
		{"2026-02-24", true},  // Tuesday, first day back
		{"2026-02-21", false}, // Saturday inside the holiday
		{"2026-03-07", false}, // ordinary Saturday
		{"2026-03-09", true},  // ordinary Monday
		{"2026-10-08", true},  // Thursday after National Day
		{"2026-10-11", false}, // Sunday after the make-up Saturday
		{"2025-10-09", true},  // Thursday after the 2025 holiday
		{"2027-01-01", true},  // Friday in a year without a calendar: Monday–Friday
		{"2027-01-02", false}, // Saturday in a year without a calendar
	}
	for _, tt := range tests {
		t.Run(tt.day, func(t *testing.T) {
			if got := c.IsWorkday(day(tt.day)); got != tt.want {
				t.Errorf("IsWorkday(%s) = %v, want %v", tt.day, got, tt.want)
			}
		})
	}
}

var addWorkdaysTests = []struct {
	name     string
	from     string
	n        int
	want     string
	warnings []string
}{
	{"same day", "2026-02-12", 0, "2026-02-12", nil},
	{"Friday before Spring Festival", "2026-02-12", 1, "2026-02-13", nil},
	{"make-up Saturday Feb 14", "2026-02-12", 2, "2026-02-14", nil},
	{"over Spring Festival", "2026-02-12", 3, "2026-02-24", nil},
	{"from inside Spring Festival", "2026-02-18", 1, "2026-02-24", nil},
	{"make-up Saturday Feb 28", "2026-02-24", 4, "2026-02-28", nil},
	{"past Feb 28 to Monday", "2026-02-24", 5, "2026-03-02", nil},
	{"over National Day", "2026-09-30", 1, "2026-10-08", nil},
	{"make-up Saturday Oct 10", "2026-09-30", 3, "2026-10-10", nil},
	{"after Oct 10 to Monday", "2026-09-30", 4, "2026-10-12", nil},
	{"make-up Sunday Sep 20", "2026-09-18", 1, "2026-09-20", nil},
	{"over Mid-Autumn", "2026-09-24", 1, "2026-09-28", nil},
	{"from a holiday Saturday", "2026-10-03", 1, "2026-10-08", nil},
	{"year end onto make-up Sunday Jan 4", "2025-12-31", 1, "2026-01-04", nil},
	{"year end to Monday", "2025-12-31", 2, "2026-01-05", nil},
	{"2025 National Day", "2025-09-30", 1, "2025-10-09", nil},
	{"2025 make-up Saturday Oct 11", "2025-09-30", 3, "2025-10-11", nil},
	{"backward over Spring Festival", "2026-02-24", -1, "2026-02-14", nil},
	{"backward to make-up Sunday", "2026-01-05", -1, "2026-01-04", nil},
	{"2027 fallback", "2026-12-31", 1, "2027-01-01", []string{"2027 年的节假日安排尚未录入，按周一至周五计算工作日。"}},
	{"2027 fallback over weekend", "2027-01-01", 1, "2027-01-04", []string{"2027 年的节假日安排尚未录入，按周一至周五计算工作日。"}},
	{"from the last day of 2024", "2024-12-31", 1, "2025-01-02", nil},
	{"2024 and 2027 missing", "2024-12-30", 1 + 248 + 248 + 261, "2027-12-31", []string{
		"2024 年的节假日安排尚未录入，按周一至周五计算工作日。",
		"2027 年的节假日安排尚未录入，按周一至周五计算工作日。",
	}},
}

func TestAddWorkdays(t *testing.T) {
	c := DefaultCalendar()
	for _, tt := range addWorkdaysTests {
		t.Run(tt.name, func(t *testing.T) {
			got, warnings := c.AddWorkdays(day(tt.from), tt.n)
			if got != day(tt.want) {
				t.Errorf("AddWorkdays(%s, %d) = %s, want %s", tt.from, tt.n, got, tt.want)
			}
			if !slices.Equal(warnings, tt.warnings) {
				t.Errorf("warnings = %q, want %q", warnings, tt.warnings)
			}
			if tt.n > 0 {
				if b := c.WorkdaysBetween(day(tt.from), got); b != tt.n {
					t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", tt.from, got, b, tt.n)
				}
			}
		})
	}
}

func TestAddWorkdaysRejects(t *testing.T) {
	c := DefaultCalendar()
	for _, tt := range []struct {
		name string
		from Date
		n    int
	}{
		{"unset from", Date{}, 1},
		{"impossible from", Date{2026, time.February, 30}, 1},
		{"too many", day("2026-01-05"), maxWorkdays + 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, warnings := c.AddWorkdays(tt.from, tt.n)
			if !got.IsZero() || len(warnings) != 1 {
				t.Errorf("AddWorkdays(%v, %d) = %s, %q; want the zero date and one warning", tt.from, tt.n, got, warnings)
			}
		})
	}
}

func TestWorkdaysBetween(t *testing.T) {
	c := DefaultCalendar()
	tests := []struct {
		a, b string
		want int
	}{
		{"2026-02-12", "2026-02-12", 0},
		{"2026-02-12", "2026-02-24", 3},   // 13, 14 (make-up Saturday), 24
		{"2026-02-13", "2026-02-23", 1},   // only the make-up Saturday
		{"2026-02-24", "2026-02-12", -3},  // reversed
		{"2026-02-01", "2026-02-28", 16},  // 2–6, 9–13, 24–27 and the make-up Saturdays 14 and 28
		{"2026-09-30", "2026-10-10", 3},   // Oct 8, 9 and the make-up Saturday Oct 10
		{"2025-12-31", "2026-01-05", 2},   // Jan 4 (make-up Sunday), Jan 5
		{"2026-12-31", "2027-01-08", 6},   // 2027 Monday–Friday: 1, 4–8
		{"2024-12-31", "2025-12-31", 248}, // the whole of 2025
		{"2025-12-31", "2026-12-31", 248}, // the whole of 2026
		{"2026-12-31", "2027-12-31", 261}, // 2027 Monday–Friday
	}
	for _, tt := range tests {
		t.Run(tt.a+"_"+tt.b, func(t *testing.T) {
			if got := c.WorkdaysBetween(day(tt.a), day(tt.b)); got != tt.want {
				t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
			if got := slowWorkdaysBetween(c, day(tt.a), day(tt.b)); got != tt.want {
				t.Errorf("day-by-day count (%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

// slowWorkdaysBetween is the definition of WorkdaysBetween, counted day by day.
func slowWorkdaysBetween(c *Calendar, a, b Date) int {
	sign := 1
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	n := 0
	for d := a.AddDays(1); !b.Before(d); d = d.AddDays(1) {
		if c.IsWorkday(d) {
			n++
		}
	}
	return sign * n
}

func TestWarnings(t *testing.T) {
	c := DefaultCalendar()
	if w := c.Warnings(day("2025-01-01"), day("2026-12-31")); w != nil {
		t.Errorf("Warnings within 2025–2026 = %q, want none", w)
	}
	want := []string{MissingYearWarning(2027)}
	if w := c.Warnings(day("2027-03-01"), day("2026-11-01")); !slices.Equal(w, want) {
		t.Errorf("Warnings = %q, want %q", w, want)
	}
	if MissingYearWarning(2027) != "2027 年的节假日安排尚未录入，按周一至周五计算工作日。" {
		t.Errorf("MissingYearWarning(2027) = %q", MissingYearWarning(2027))
	}
}

func TestSetYear(t *testing.T) {
	c := DefaultCalendar()
	if c.HasYear(2027) {
		t.Fatal("HasYear(2027) = true before it was entered")
	}
	// A made-up 2027, not the published one: the mechanism is under test.
	holidays := []Date{day("2027-01-01"), day("2027-01-04")}
	workdays := []Date{day("2027-01-09")}
	if err := c.SetYear(2027, holidays, workdays); err != nil {
		t.Fatalf("SetYear: %v", err)
	}
	holidays[0] = day("2027-05-05") // the calendar must not share the caller's slice
	if !c.HasYear(2027) || c.IsWorkday(day("2027-01-01")) || c.IsWorkday(day("2027-01-04")) || !c.IsWorkday(day("2027-01-09")) {
		t.Error("the entered 2027 arrangement is not applied")
	}
	if !c.IsWorkday(day("2027-05-05")) {
		t.Error("changing the caller's slice changed the calendar")
	}
	got, warnings := c.AddWorkdays(day("2026-12-31"), 1)
	if got != day("2027-01-05") || warnings != nil {
		t.Errorf("AddWorkdays over the entered 2027 = %s, %q; want 2027-01-05 without warnings", got, warnings)
	}
	// Replacing a year drops its old days.
	if err := c.SetYear(2027, nil, nil); err != nil {
		t.Fatal(err)
	}
	if !c.IsWorkday(day("2027-01-04")) || c.IsWorkday(day("2027-01-09")) {
		t.Error("replacing 2027 kept the old days")
	}
	if DefaultCalendar().HasYear(2027) {
		t.Error("DefaultCalendar shares state between calls")
	}
}

func TestSetYearRejects(t *testing.T) {
	tests := []struct {
		name     string
		year     int
		holidays []Date
		workdays []Date
		field    string
	}{
		{"holiday in another year", 2027, []Date{day("2026-10-01")}, nil, "holidays[0]"},
		{"workday in another year", 2027, nil, []Date{day("2028-01-08")}, "workdays[0]"},
		{"both holiday and workday", 2027, []Date{day("2027-02-06")}, []Date{day("2027-02-06")}, "workdays[0]"},
		{"impossible date", 2027, []Date{{2027, time.February, 29}}, nil, "holidays[0]"},
		{"unset date", 2027, nil, []Date{{}}, "workdays[0]"},
		{"year out of range", 10000, nil, nil, "year"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultCalendar()
			err := c.SetYear(tt.year, tt.holidays, tt.workdays)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("SetYear = %v, want an invalid-input error", err)
			}
			if msgs := ProblemsOf(err).For(tt.field); len(msgs) == 0 {
				t.Errorf("no problem for field %s in %v", tt.field, ProblemsOf(err))
			}
			if c.HasYear(tt.year) {
				t.Error("a rejected year was installed")
			}
		})
	}
}

func TestCalendarYearJSON(t *testing.T) {
	c := DefaultCalendar()
	y, _ := c.Year(2026)
	b, err := json.Marshal(y)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseCalendarYear(b)
	if err != nil {
		t.Fatalf("ParseCalendarYear: %v", err)
	}
	if back.Year != 2026 || back.Source != y.Source || !slices.Equal(back.Holidays, y.Holidays) || !slices.Equal(back.Workdays, y.Workdays) {
		t.Errorf("round trip changed the year:\n%+v\n%+v", y, back)
	}
	empty, err := json.Marshal(CalendarYear{Year: 2027}.Normalized())
	if err != nil || string(empty) != `{"year":2027,"holidays":[],"workdays":[]}` {
		t.Errorf("empty year = %s, %v", empty, err)
	}
	for _, bad := range []string{
		`{"year":2027,"holidays":["2027-02-30"]}`,
		`{"year":2027,"holidays":["2026-10-01"]}`,
		`not json`,
	} {
		if _, err := ParseCalendarYear([]byte(bad)); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseCalendarYear(%s) = %v, want an invalid-input error", bad, err)
		}
	}
}

// FuzzAddWorkdays checks that a due date is a working day (or from itself for n = 0)
// and lies exactly n working days after from, across the calendared years and the
// Monday–Friday fallback on both sides.
func FuzzAddWorkdays(f *testing.F) {
	base := day("2024-01-01")
	for _, tt := range addWorkdaysTests {
		if tt.n >= 0 {
			f.Add((day(tt.from).Time().Unix()-base.Time().Unix())/86400, tt.n)
		}
	}
	c := DefaultCalendar()
	f.Fuzz(func(t *testing.T, offset int64, n int) {
		from := base.AddDays(int((offset%(5*366) + 5*366) % (5 * 366))) // 2024 to 2028
		if n < 0 {
			n = -n
		}
		n %= 600
		if n < 0 { // -MinInt stays negative
			n = 0
		}
		got, _ := c.AddWorkdays(from, n)
		if n > 0 && !c.IsWorkday(got) {
			t.Errorf("AddWorkdays(%s, %d) = %s, not a working day", from, n, got)
		}
		if b := c.WorkdaysBetween(from, got); b != n {
			t.Errorf("WorkdaysBetween(%s, AddWorkdays(%s, %d) = %s) = %d", from, from, n, got, b)
		}
		if back, _ := c.AddWorkdays(got, -n); n > 0 && c.IsWorkday(from) && back != from {
			t.Errorf("AddWorkdays(%s, -%d) = %s, want back to %s", got, n, back, from)
		}
	})
}

func TestParseWorkdays(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want bool
	}{
		{"10个工作日", 10, true},
		{" 10 个 工作日 ", 10, true},
		{"5工作日", 5, true},
		{"１５个工作日", 15, true},
		{"0个工作日", 0, true},
		{"个工作日", 0, false},
		{"十个工作日", 0, false},
		{"2026-10-12", 0, false},
		{"10天", 0, false},
		{"123456个工作日", 0, false},
		{"-3个工作日", 0, false},
	}
	for _, tt := range tests {
		n, ok := ParseWorkdays(tt.in)
		if ok != tt.want || n != tt.n {
			t.Errorf("ParseWorkdays(%q) = %d, %v; want %d, %v", tt.in, n, ok, tt.n, tt.want)
		}
	}
}

func TestParseAndFormatDays(t *testing.T) {
	d := func(m time.Month, day int) Date { return Date{Year: 2027, Month: m, Day: day} }
	days, err := ParseDays("2027-01-01\n\n 2027-02-06 至 2027-02-09 \r\n2027年10月1日~2027年10月2日\n2027-01-01", "放假日期")
	if err != nil {
		t.Fatal(err)
	}
	want := []Date{d(1, 1), d(2, 6), d(2, 7), d(2, 8), d(2, 9), d(10, 1), d(10, 2), d(1, 1)}
	if !slices.Equal(days, want) {
		t.Fatalf("ParseDays = %v, want %v", days, want)
	}
	if got, wantText := FormatDays(days), "2027-01-01\n2027-02-06 至 2027-02-09\n2027-10-01 至 2027-10-02"; got != wantText {
		t.Errorf("FormatDays = %q, want %q", got, wantText)
	}
	if back, err := ParseDays(FormatDays(days), "放假日期"); err != nil || FormatDays(back) != FormatDays(days) {
		t.Errorf("FormatDays does not read back: %v, %v", back, err)
	}
	for _, bad := range []struct{ in, want string }{
		{"2027-02-30", "放假日期第 1 行"},
		{"2027-01-01\n2027-02-09 至 2027-02-06", "第 2 行"},
		{"2027-01-01 至", "结束日期"},
		{"明天", "第 1 行"},
		{"2027-01-01 至 2028-06-01", "超过一年"},
	} {
		_, err := ParseDays(bad.in, "放假日期")
		if err == nil || !strings.Contains(ErrorMessage(err), bad.want) {
			t.Errorf("ParseDays(%q) = %v; want an error naming %q", bad.in, err, bad.want)
		}
	}
}
