package store

import (
	"fmt"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// bucketCalendars (schema 5) holds the holiday arrangements entered in the app: year
// (4 bytes) → meeting.CalendarYear. A stored year replaces the one shipped with the
// program, so that a year published later can be entered, and a shipped one corrected.
var bucketCalendars = []byte("calendars")

// CalendarYears returns the arrangements entered in the app, by year.
func (s *Store) CalendarYears() ([]meeting.CalendarYear, error) {
	var out []meeting.CalendarYear
	err := s.view(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketCalendars).ForEach(func(k, v []byte) error {
			var y meeting.CalendarYear
			if err := s.decode(bucketCalendars, k, v, &y); err != nil {
				return err
			}
			out = append(out, y)
			return nil
		})
	})
	return out, err
}

// Calendar returns the working-day calendar: the arrangements shipped with the
// program, with the years entered in the app in their place.
func (s *Store) Calendar() (*meeting.Calendar, error) {
	cal := meeting.DefaultCalendar()
	years, err := s.CalendarYears()
	if err != nil {
		return cal, err
	}
	for _, y := range years {
		if err := cal.SetCalendarYear(y); err != nil {
			return cal, meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf("数据文件中 %d 年的节假日安排有误，暂按程序自带的安排计算。", y.Year), err)
		}
	}
	return cal, nil
}

// SaveCalendarYear stores the arrangement of one year, replacing what was entered
// for that year before. It is validated first: nothing is stored when it is refused.
func (s *Store) SaveCalendarYear(y meeting.CalendarYear) error {
	if err := y.Validate(); err != nil {
		return err
	}
	y = y.Normalized()
	return s.update(func(tx *bbolt.Tx) error {
		return putJSON(tx, bucketCalendars, yearKey(y.Year), y)
	})
}

// DeleteCalendarYear removes the arrangement entered for a year: the year goes back
// to the one shipped with the program, or to Monday–Friday.
func (s *Store) DeleteCalendarYear(year int) error {
	return s.update(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketCalendars).Delete(yearKey(year))
	})
}
