package meeting

import (
	"cmp"
	"slices"
	"strconv"
)

// Statistics are the figures of the statistics screen (统计) for one year or for all
// years. Build them with Stats; every count is of what the store holds on Today.
type Statistics struct {
	Year  int  `json:"year"` // 0: all years
	Today Date `json:"today"`
	// Years lists every year that has data (a case received or a meeting with
	// follow-up items in it), newest first, whatever Year is: the choices of the filter.
	Years []int `json:"years"`

	Cases  int `json:"cases"`  // cases received in the year
	Closed int `json:"closed"` // of those, closed (办结) now

	// ByCategory and ByChannel count the year's cases in display order (Categories,
	// Channels), zeros included; values outside the lists follow, by value.
	ByCategory []CategoryCount `json:"by_category"`
	ByChannel  []ChannelCount  `json:"by_channel"`
	// ByMonth counts the year's cases by month received, January first. For all
	// years it adds up each calendar month over the years.
	ByMonth [12]int `json:"by_month"`

	Items        int `json:"items"`         // follow-up items of the year's meetings
	ItemsOpen    int `json:"items_open"`    // not done, overdue ones included
	ItemsDone    int `json:"items_done"`    // done (已办结)
	ItemsOverdue int `json:"items_overdue"` // open and past due on Today
	ItemsDueSoon int `json:"items_due_soon"`
	// Departments has a row for every lead department of the year's items: most
	// overdue first, then most open, then by name.
	Departments []DepartmentStats `json:"departments"`

	// OnTime is the on-time completion rate (按期办结率): of the done items with a
	// due day, those completed on or before it. Items without a due day or
	// completion day are left out of both counts.
	OnTime Ratio `json:"on_time"`
	// Satisfaction is the satisfaction rate (满意率): of the year's cases that had a
	// call-back, those whose latest call-back (by day; the later one recorded on the
	// same day) was satisfied or basically satisfied.
	Satisfaction Ratio `json:"satisfaction"`
	// DaysToClose is the median of calendar days from receipt to closing over the
	// year's closed cases that carry both days.
	DaysToClose Median `json:"days_to_close"`
}

// CategoryCount is how many cases fall in a category.
type CategoryCount struct {
	Category Category `json:"category"`
	N        int      `json:"n"`
}

// ChannelCount is how many cases came by a channel.
type ChannelCount struct {
	Channel Channel `json:"channel"`
	N       int     `json:"n"`
}

// DepartmentStats is one lead department's row: its items of the year by state.
// Open includes Overdue and DueSoon; Open + Done is all its items.
type DepartmentStats struct {
	Department string `json:"department"`
	Open       int    `json:"open"`
	Done       int    `json:"done"`
	Overdue    int    `json:"overdue"`
	// DueSoon counts open items due from Today up to BoardDueSoonWorkdays working
	// days ahead, as the 督办 board counts them.
	DueSoon int   `json:"due_soon"`
	OnTime  Ratio `json:"on_time"`
}

// Ratio is a share with its counts, so that the screen can show both and an empty
// base is shown as "—", never as NaN.
type Ratio struct {
	Num int `json:"num"`
	Den int `json:"den"`
}

// Valid reports whether the ratio has a base to be taken of.
func (r Ratio) Valid() bool { return r.Den > 0 }

// Percent returns the share in percent, 0 for an empty base.
func (r Ratio) Percent() float64 {
	if r.Den <= 0 {
		return 0
	}
	return 100 * float64(r.Num) / float64(r.Den)
}

// String formats the share with one decimal, "87.5%", or "—" without a base.
func (r Ratio) String() string {
	if !r.Valid() {
		return "—"
	}
	return strconv.FormatFloat(r.Percent(), 'f', 1, 64) + "%"
}

// Median is the middle of a set of day counts: for an odd count the middle value,
// for an even count the mean of the two middle values (so it may end in .5).
type Median struct {
	Days float64 `json:"days"`
	N    int     `json:"n"` // how many values it is the median of
}

// Valid reports whether there was any value.
func (m Median) Valid() bool { return m.N > 0 }

// String formats the median in days, "12" or "12.5", or "—" without values.
func (m Median) String() string {
	if !m.Valid() {
		return "—"
	}
	return strconv.FormatFloat(m.Days, 'f', -1, 64)
}

// medianOf returns the median of days, reordering them.
func medianOf(days []int) Median {
	n := len(days)
	if n == 0 {
		return Median{}
	}
	slices.Sort(days)
	if n%2 == 1 {
		return Median{Days: float64(days[n/2]), N: n}
	}
	return Median{Days: float64(days[n/2-1]+days[n/2]) / 2, N: n}
}

// itemYear is the year an item counts in: the year of the meeting that decided it,
// or of its minutes' number when the meeting day is missing.
func itemYear(f *FollowUp) int {
	if !f.MeetingDate.IsZero() {
		return f.MeetingDate.Year
	}
	return f.Number.Year
}

// daysBetween counts calendar days from a to b.
func daysBetween(a, b Date) int {
	return int(b.Time().Sub(a.Time()).Hours() / 24)
}

// Stats computes the figures of year (0: all years) on today. A case counts in the
// year it was received; a follow-up item in the year of its meeting, by its lead
// department. Overdue and due soon are judged on today, also for past years: an item
// of last year still open today is overdue now. cal counts the working days of
// "due soon" (nil: Monday–Friday).
func Stats(cases []Case, items []FollowUp, year int, today Date, cal *Calendar) Statistics {
	s := Statistics{Year: year, Today: today}
	years := map[int]bool{}

	catIndex := make(map[Category]int, len(Categories))
	for i, c := range Categories {
		catIndex[c] = i
		s.ByCategory = append(s.ByCategory, CategoryCount{Category: c})
	}
	chanIndex := make(map[Channel]int, len(Channels))
	for i, c := range Channels {
		chanIndex[c] = i
		s.ByChannel = append(s.ByChannel, ChannelCount{Channel: c})
	}

	var closeDays []int
	for i := range cases {
		c := &cases[i]
		if !c.Received.IsZero() {
			years[c.Received.Year] = true
		}
		if year != 0 && c.Received.Year != year {
			continue
		}
		s.Cases++
		if j, ok := catIndex[c.Category]; ok {
			s.ByCategory[j].N++
		} else {
			catIndex[c.Category] = len(s.ByCategory)
			s.ByCategory = append(s.ByCategory, CategoryCount{Category: c.Category, N: 1})
		}
		if j, ok := chanIndex[c.Channel]; ok {
			s.ByChannel[j].N++
		} else {
			chanIndex[c.Channel] = len(s.ByChannel)
			s.ByChannel = append(s.ByChannel, ChannelCount{Channel: c.Channel, N: 1})
		}
		if !c.Received.IsZero() && c.Received.Month >= 1 && c.Received.Month <= 12 {
			s.ByMonth[c.Received.Month-1]++
		}
		if c.Status == CaseClosed {
			s.Closed++
			if !c.ClosedOn.IsZero() && !c.Received.IsZero() {
				closeDays = append(closeDays, daysBetween(c.Received, c.ClosedOn))
			}
		}
		if len(c.CallBacks) > 0 {
			latest := c.CallBacks[0]
			for _, cb := range c.CallBacks[1:] {
				if !cb.On.Before(latest.On) {
					latest = cb
				}
			}
			s.Satisfaction.Den++
			if latest.Result == Satisfied || latest.Result == BasicallySatisfied {
				s.Satisfaction.Num++
			}
		}
	}
	slices.SortStableFunc(s.ByCategory[len(Categories):], func(a, b CategoryCount) int { return cmp.Compare(a.Category, b.Category) })
	slices.SortStableFunc(s.ByChannel[len(Channels):], func(a, b ChannelCount) int { return cmp.Compare(a.Channel, b.Channel) })
	s.DaysToClose = medianOf(closeDays)

	cutoff := dueSoonCutoff(today, BoardDueSoonWorkdays, cal)
	deptIndex := map[string]int{}
	for i := range items {
		f := &items[i]
		y := itemYear(f)
		if y != 0 {
			years[y] = true
		}
		if year != 0 && y != year {
			continue
		}
		j, ok := deptIndex[f.Lead]
		if !ok {
			j = len(s.Departments)
			deptIndex[f.Lead] = j
			s.Departments = append(s.Departments, DepartmentStats{Department: f.Lead})
		}
		d := &s.Departments[j]
		s.Items++
		if f.Status == FollowUpDone {
			s.ItemsDone++
			d.Done++
			if !f.Due.IsZero() && !f.CompletedOn.IsZero() {
				s.OnTime.Den++
				d.OnTime.Den++
				if !f.Due.Before(f.CompletedOn) {
					s.OnTime.Num++
					d.OnTime.Num++
				}
			}
			continue
		}
		s.ItemsOpen++
		d.Open++
		switch {
		case f.Overdue(today):
			s.ItemsOverdue++
			d.Overdue++
		case f.dueBefore(today, cutoff):
			s.ItemsDueSoon++
			d.DueSoon++
		}
	}
	slices.SortFunc(s.Departments, func(a, b DepartmentStats) int {
		return cmp.Or(-cmp.Compare(a.Overdue, b.Overdue), -cmp.Compare(a.Open, b.Open), cmp.Compare(a.Department, b.Department))
	})

	for y := range years {
		s.Years = append(s.Years, y)
	}
	slices.SortFunc(s.Years, func(a, b int) int { return cmp.Compare(b, a) })
	return s
}
