package meeting

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day without a time zone: meetings, due dates and receipts are
// days in the office's local calendar, and must not shift when a PC's zone changes.
// The zero Date means "not set". JSON form: "2026-10-12".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// dateSeparators turns the accepted separators into "-" (built once: a Replacer is
// costly to build, and every date in every stored record goes through ParseDate).
var dateSeparators = strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-")

// ParseDate parses "2026-10-12", also accepting "2026/10/12", "2026.10.12" and
// "2026年10月12日". It rejects impossible days such as 2026-02-30.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	parts := strings.Split(dateSeparators.Replace(s), "-")
	if len(parts) != 3 {
		return Date{}, fmt.Errorf("日期格式应为 2026-10-12")
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return Date{}, fmt.Errorf("日期格式应为 2026-10-12")
		}
		n[i] = v
	}
	d := Date{n[0], time.Month(n[1]), n[2]}
	if !d.valid() {
		return Date{}, fmt.Errorf("日期 %s 不存在", s)
	}
	if n[0] < 1900 || n[0] > 9999 {
		return Date{}, fmt.Errorf("日期 %s 超出可用范围，年份应在 1900 至 9999 之间", s)
	}
	return d, nil
}

func (d Date) valid() bool {
	if d.Month < 1 || d.Month > 12 || d.Day < 1 {
		return false
	}
	return DateOf(d.Time()) == d
}

// Valid reports whether d is unset or a real day between the years 1900 and 9999:
// exactly the dates ParseDate reads back.
func (d Date) Valid() bool {
	return d.IsZero() || (d.Year >= 1900 && d.Year <= 9999 && d.valid())
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight of the day in UTC; only its calendar fields are meaningful.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.Time().Before(e.Time()) }

// AddDays returns the day n calendar days after d.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return d.Time().Weekday() }

// String returns the ISO form "2026-10-12", or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Chinese returns the form used in official documents: Arabic numerals without
// leading zeros, "2026年10月12日" (GB/T 9704-2012).
func (d Date) Chinese() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day)
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	if v, ok := parseISODate(b); ok {
		*d = v
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return &FieldError{Message: err.Error() + "。"}
	}
	*d = v
	return nil
}

// parseISODate reads the stored form "2026-10-12" without allocating; ok is false
// for anything else, which ParseDate then reads or explains.
func parseISODate(b []byte) (Date, bool) {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return Date{}, false
	}
	num := func(s []byte) (int, bool) {
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(b[:4])
	m, ok2 := num(b[5:7])
	day, ok3 := num(b[8:])
	d := Date{y, time.Month(m), day}
	if !ok1 || !ok2 || !ok3 || !d.valid() || y < 1900 {
		return Date{}, false
	}
	return d, true
}

// Clock is a time of day in minutes after midnight. JSON form: "09:30".
type Clock int

// Valid reports whether c is a time of day, 00:00 to 23:59.
func (c Clock) Valid() bool { return c >= 0 && c < 24*60 }

// ParseClock parses "9:30", "09:30" or "9：30".
func ParseClock(s string) (Clock, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "：", ":")
	h, m, ok := strings.Cut(s, ":")
	if !ok {
		return 0, fmt.Errorf("时间格式应为 09:30")
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 || len(m) != 2 {
		return 0, fmt.Errorf("时间 %s 不存在，格式应为 09:30", s)
	}
	return Clock(hh*60 + mm), nil
}

// String returns "09:30".
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// Chinese returns "9时30分", or "9时" on the hour, as written in minutes.
func (c Clock) Chinese() string {
	if int(c)%60 == 0 {
		return fmt.Sprintf("%d时", int(c)/60)
	}
	return fmt.Sprintf("%d时%d分", int(c)/60, int(c)%60)
}

// MarshalText implements encoding.TextMarshaler.
func (c Clock) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *Clock) UnmarshalText(b []byte) error {
	v, err := ParseClock(string(b))
	if err != nil {
		return &FieldError{Message: err.Error() + "。"}
	}
	*c = v
	return nil
}
