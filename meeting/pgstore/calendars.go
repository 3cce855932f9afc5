package pgstore

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"backstop/meeting"
)

// CalendarYears returns the holiday arrangements entered in the app, by year.
func (s *Store) CalendarYears() ([]meeting.CalendarYear, error) {
	var out []meeting.CalendarYear
	err := s.view(func(ctx context.Context, tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT year, record FROM calendars ORDER BY year")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var year int
			var data []byte
			if err := rows.Scan(&year, &data); err != nil {
				return err
			}
			var y meeting.CalendarYear
			if err := decode("calendars", year, data, &y); err != nil {
				return err
			}
			out = append(out, y)
		}
		return rows.Err()
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
			return cal, meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf("数据库中 %d 年的节假日安排有误，暂按程序自带的安排计算。", y.Year), err)
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
	data, err := encode(y)
	if err != nil {
		return err
	}
	return s.update(func(ctx context.Context, tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO calendars (year, record) VALUES ($1, $2)
			ON CONFLICT (year) DO UPDATE SET record = excluded.record`, y.Year, data)
		return err
	})
}

// DeleteCalendarYear removes the arrangement entered for a year: the year goes back
// to the one shipped with the program, or to Monday–Friday.
func (s *Store) DeleteCalendarYear(year int) error {
	return s.update(func(ctx context.Context, tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "DELETE FROM calendars WHERE year = $1", year)
		return err
	})
}
