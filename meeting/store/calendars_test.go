package store

import (
	"testing"

	"backstop/meeting"
)

// TestCalendarYearSurvivesReopening: a year entered in the app is in the file, not
// only in the open store. What entering and deleting years does to the calendar is
// in the contract (storecontract: CalendarYears).
func TestCalendarYearSurvivesReopening(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	jan := func(d int) meeting.Date { return meeting.Date{Year: 2027, Month: 1, Day: d} }
	y := meeting.CalendarYear{Year: 2027, Source: "国办发明电〔2026〕X号", Holidays: []meeting.Date{jan(1), jan(1)}, Workdays: []meeting.Date{jan(9)}}
	if err := s.SaveCalendarYear(y); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openDir(t, dir)
	cal, err := s.Calendar()
	if err != nil {
		t.Fatal(err)
	}
	got, ok := cal.Year(2027)
	if !ok || len(got.Holidays) != 1 || got.Source != y.Source {
		t.Fatalf("2027 after reopening = %+v, %v; want the entered year, duplicates removed", got, ok)
	}
	if cal.IsWorkday(jan(1)) || !cal.IsWorkday(jan(9)) {
		t.Error("the entered 2027 arrangement is not used after reopening: 01-01 should be off, Saturday 01-09 worked")
	}
}
