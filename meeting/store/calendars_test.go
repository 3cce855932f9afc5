package store

import (
	"testing"

	"backstop/meeting"
)

func TestCalendarYearsEnteredInTheApp(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	jan := func(d int) meeting.Date { return meeting.Date{Year: 2027, Month: 1, Day: d} }

	cal, err := s.Calendar()
	if err != nil {
		t.Fatal(err)
	}
	if cal.HasYear(2027) || !cal.HasYear(2026) {
		t.Fatalf("a new store's calendar has years %v, want the shipped ones without 2027", cal.Years())
	}
	// 2027-01-01 is a Friday: a working day until the arrangement says otherwise.
	if !cal.IsWorkday(jan(1)) {
		t.Fatal("2027-01-01 (Friday) is not a working day without an arrangement")
	}

	bad := meeting.CalendarYear{Year: 2027, Holidays: []meeting.Date{jan(1), {Year: 2028, Month: 1, Day: 3}}}
	wantCode(t, s.SaveCalendarYear(bad), meeting.CodeInvalid)
	if ys, _ := s.CalendarYears(); len(ys) != 0 {
		t.Fatalf("a refused year was stored: %+v", ys)
	}

	y := meeting.CalendarYear{Year: 2027, Source: "国办发明电〔2026〕X号", Holidays: []meeting.Date{jan(1), jan(1)}, Workdays: []meeting.Date{{Year: 2027, Month: 1, Day: 9}}}
	if err := s.SaveCalendarYear(y); err != nil {
		t.Fatal(err)
	}
	// It survives closing and reopening.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openDir(t, dir)
	if cal, err = s.Calendar(); err != nil {
		t.Fatal(err)
	}
	got, ok := cal.Year(2027)
	if !ok || len(got.Holidays) != 1 || got.Source != y.Source {
		t.Fatalf("2027 after reopening = %+v, %v; want the entered year, duplicates removed", got, ok)
	}
	if cal.IsWorkday(jan(1)) || !cal.IsWorkday(jan(9)) {
		t.Error("the entered 2027 arrangement is not used: 01-01 should be off, Saturday 01-09 worked")
	}

	// An entered year replaces a shipped one, and deleting it brings the shipped one back.
	shipped, _ := meeting.DefaultCalendar().Year(2026)
	if err := s.SaveCalendarYear(meeting.CalendarYear{Year: 2026, Holidays: shipped.Holidays[:1]}); err != nil {
		t.Fatal(err)
	}
	cal, _ = s.Calendar()
	if got, _ := cal.Year(2026); len(got.Holidays) != 1 {
		t.Errorf("2026 has %d holidays, want the 1 entered in place of the shipped %d", len(got.Holidays), len(shipped.Holidays))
	}
	if err := s.DeleteCalendarYear(2026); err != nil {
		t.Fatal(err)
	}
	cal, _ = s.Calendar()
	if got, _ := cal.Year(2026); len(got.Holidays) != len(shipped.Holidays) {
		t.Errorf("after deleting the entered 2026, %d holidays, want the shipped %d", len(got.Holidays), len(shipped.Holidays))
	}
}
