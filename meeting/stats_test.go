package meeting

import (
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"
)

// statsCase is a case received on the day, closed on closed ("" open), with call-backs.
func statsCase(cat Category, ch Channel, received, closed string, cbs ...CallBack) Case {
	c := Case{Category: cat, Channel: ch, Received: day(received), Status: CaseOpen, CallBacks: cbs}
	if closed != "" {
		c.Status, c.ClosedOn = CaseClosed, day(closed)
	}
	return c
}

// statsItem is an item of a meeting on the day, led by lead, due on due ("" none),
// done on done ("" open).
func statsItem(meetingDay, lead, due, done string) FollowUp {
	f := FollowUp{MeetingDate: day(meetingDay), Lead: lead, Status: FollowUpInProgress}
	if due != "" {
		f.Due = day(due)
	}
	if done != "" {
		f.Status, f.CompletedOn = FollowUpDone, day(done)
	}
	return f
}

func cb(on string, r CallBackResult) CallBack { return CallBack{On: day(on), Result: r} }

func TestStats(t *testing.T) {
	today := day("2026-10-12") // a Monday; 3 working days ahead: 13th–15th, cutoff the 16th
	cases := []Case{
		statsCase(CategoryInvestment, ChannelHotline, "2026-01-05", "2026-01-15", cb("2026-01-20", Satisfied)),
		statsCase(CategoryInvestment, ChannelWindowEnterprise, "2026-01-20", "2026-02-09",
			cb("2026-02-10", Unsatisfied), cb("2026-02-20", BasicallySatisfied)), // latest wins
		statsCase(CategoryRealEstate, ChannelWindowEnterprise, "2026-03-01", "2026-03-31",
			cb("2026-04-02", Satisfied), cb("2026-04-01", Unsatisfied)), // latest by day, not by order
		statsCase(CategoryLivelihood, ChannelTownship, "2026-10-01", ""),
		statsCase(CategoryLivelihood, ChannelTownship, "2026-10-02", "2026-10-09", cb("2026-10-10", Unsatisfied)),
		statsCase(CategoryRealEstate, ChannelOnline, "2025-12-30", "2026-01-04", cb("2026-01-05", Satisfied)),
		statsCase(Category("mystery"), ChannelVisit, "2025-06-01", ""),
	}
	items := []FollowUp{
		statsItem("2026-01-10", "自然资源和规划局", "2026-01-20", "2026-01-19"), // on time
		statsItem("2026-01-10", "自然资源和规划局", "2026-01-20", "2026-01-20"), // on the day: on time
		statsItem("2026-01-10", "自然资源和规划局", "2026-01-20", "2026-01-21"), // late
		statsItem("2026-09-01", "自然资源和规划局", "2026-10-09", ""),           // overdue
		statsItem("2026-09-01", "住房和城乡建设局", "2026-10-01", ""),           // overdue
		statsItem("2026-09-01", "住房和城乡建设局", "2026-09-30", ""),           // overdue
		statsItem("2026-09-01", "住房和城乡建设局", "2026-10-15", ""),           // due soon
		statsItem("2026-09-01", "公证处", "2026-10-12", ""),                // due today: due soon, not overdue
		statsItem("2026-09-01", "公证处", "2026-10-16", ""),                // beyond the look-ahead
		statsItem("2026-09-01", "公证处", "", "2026-09-10"),                // done without due day
		statsItem("2026-09-01", "公证处", "", ""),                          // open without due day
		statsItem("2025-11-01", "税务局", "2025-11-10", ""),                // last year's, overdue now
	}
	cal := DefaultCalendar()

	t.Run("2026", func(t *testing.T) {
		s := Stats(cases, items, 2026, today, cal)
		if s.Cases != 5 || s.Closed != 4 {
			t.Errorf("cases %d closed %d, want 5 and 4", s.Cases, s.Closed)
		}
		wantCat := []CategoryCount{{CategoryInvestment, 2}, {CategoryRealEstate, 1}, {CategoryLivelihood, 2}}
		if !reflect.DeepEqual(s.ByCategory, wantCat) {
			t.Errorf("by category %v, want %v", s.ByCategory, wantCat)
		}
		wantChan := []ChannelCount{{ChannelWindowEnterprise, 2}, {ChannelWindowPerson, 0}, {ChannelHotline, 1},
			{ChannelOnline, 0}, {ChannelTownship, 2}, {ChannelVisit, 0}}
		if !reflect.DeepEqual(s.ByChannel, wantChan) {
			t.Errorf("by channel %v, want %v", s.ByChannel, wantChan)
		}
		if want := [12]int{2, 0, 1, 0, 0, 0, 0, 0, 0, 2, 0, 0}; s.ByMonth != want {
			t.Errorf("by month %v, want %v", s.ByMonth, want)
		}
		// Latest call-backs: satisfied, basically satisfied, satisfied, unsatisfied.
		if s.Satisfaction != (Ratio{3, 4}) || s.Satisfaction.String() != "75.0%" {
			t.Errorf("satisfaction %v (%s), want 3/4", s.Satisfaction, s.Satisfaction)
		}
		// Days to close: 10, 20, 30, 7 → 7 10 20 30 → (10+20)/2.
		if s.DaysToClose != (Median{15, 4}) || s.DaysToClose.String() != "15" {
			t.Errorf("days to close %v (%s), want 15 of 4", s.DaysToClose, s.DaysToClose)
		}
		if s.Items != 11 || s.ItemsDone != 4 || s.ItemsOpen != 7 || s.ItemsOverdue != 3 || s.ItemsDueSoon != 2 {
			t.Errorf("items %d done %d open %d overdue %d due soon %d, want 11 4 7 3 2",
				s.Items, s.ItemsDone, s.ItemsOpen, s.ItemsOverdue, s.ItemsDueSoon)
		}
		if s.OnTime != (Ratio{2, 3}) || s.OnTime.String() != "66.7%" {
			t.Errorf("on time %v (%s), want 2/3", s.OnTime, s.OnTime)
		}
		want := []DepartmentStats{
			{Department: "住房和城乡建设局", Open: 3, Overdue: 2, DueSoon: 1},
			{Department: "自然资源和规划局", Open: 1, Done: 3, Overdue: 1, OnTime: Ratio{2, 3}},
			{Department: "公证处", Open: 3, Done: 1, DueSoon: 1},
		}
		if !reflect.DeepEqual(s.Departments, want) {
			t.Errorf("departments\n got %+v\nwant %+v", s.Departments, want)
		}
		if !reflect.DeepEqual(s.Years, []int{2026, 2025}) {
			t.Errorf("years %v", s.Years)
		}
	})

	t.Run("all years", func(t *testing.T) {
		s := Stats(cases, items, 0, today, cal)
		if s.Cases != 7 || s.Closed != 5 || s.Items != 12 || s.ItemsOverdue != 4 {
			t.Errorf("cases %d closed %d items %d overdue %d, want 7 5 12 4", s.Cases, s.Closed, s.Items, s.ItemsOverdue)
		}
		if got := s.ByCategory[len(s.ByCategory)-1]; got != (CategoryCount{"mystery", 1}) || len(s.ByCategory) != 4 {
			t.Errorf("an unknown category is kept after the known ones: %v", s.ByCategory)
		}
		// June 2025 and December 2025 join 2026's months.
		if want := [12]int{2, 0, 1, 0, 0, 1, 0, 0, 0, 2, 0, 1}; s.ByMonth != want {
			t.Errorf("by month %v, want %v", s.ByMonth, want)
		}
		// Days to close: 10, 20, 30, 7, 5 → 10.
		if s.DaysToClose != (Median{10, 5}) || s.Satisfaction != (Ratio{4, 5}) {
			t.Errorf("days to close %v, satisfaction %v", s.DaysToClose, s.Satisfaction)
		}
		// 税务局 ties with 自然资源和规划局 on overdue and open items, and comes first by name.
		var order []string
		for _, d := range s.Departments {
			order = append(order, d.Department)
		}
		if want := []string{"住房和城乡建设局", "税务局", "自然资源和规划局", "公证处"}; !reflect.DeepEqual(order, want) {
			t.Errorf("department order %v", order)
		}
	})

	t.Run("a year without data", func(t *testing.T) {
		s := Stats(cases, items, 2024, today, cal)
		if s.Cases != 0 || s.Items != 0 || len(s.Departments) != 0 || s.ByMonth != [12]int{} {
			t.Errorf("figures of an empty year: %+v", s)
		}
		for _, text := range []string{s.OnTime.String(), s.Satisfaction.String(), s.DaysToClose.String()} {
			if text != "—" {
				t.Errorf("an empty figure reads %q, want —", text)
			}
		}
		if len(s.ByCategory) != len(Categories) || len(s.ByChannel) != len(Channels) {
			t.Errorf("every category and channel is listed, also at zero: %v %v", s.ByCategory, s.ByChannel)
		}
		if !reflect.DeepEqual(s.Years, []int{2026, 2025}) {
			t.Errorf("years %v", s.Years)
		}
	})

	t.Run("no data", func(t *testing.T) {
		s := Stats(nil, nil, 0, today, nil)
		if s.Cases != 0 || s.Years != nil || s.OnTime.Percent() != 0 || math.IsNaN(s.Satisfaction.Percent()) {
			t.Errorf("figures without data: %+v", s)
		}
	})
}

func TestMedian(t *testing.T) {
	tests := []struct {
		name string
		days []int
		want Median
		text string
	}{
		{"none", nil, Median{}, "—"},
		{"one", []int{4}, Median{4, 1}, "4"},
		{"odd", []int{9, 1, 5}, Median{5, 3}, "5"},
		{"even", []int{1, 2, 3, 10}, Median{2.5, 4}, "2.5"},
		{"even equal middle", []int{3, 3, 1, 8}, Median{3, 4}, "3"},
		{"same day", []int{0, 0}, Median{0, 2}, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := medianOf(tt.days)
			if got != tt.want || got.String() != tt.text {
				t.Errorf("median %v (%s), want %v (%s)", got, got, tt.want, tt.text)
			}
		})
	}
}

func TestRatio(t *testing.T) {
	tests := []struct {
		r    Ratio
		text string
	}{
		{Ratio{}, "—"},
		{Ratio{0, 3}, "0.0%"},
		{Ratio{1, 3}, "33.3%"},
		{Ratio{3, 3}, "100.0%"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.r), func(t *testing.T) {
			if tt.r.String() != tt.text {
				t.Errorf("%v reads %q, want %q", tt.r, tt.r.String(), tt.text)
			}
		})
	}
}

// BenchmarkStats computes a year's figures over 50,000 cases and 150,000 items.
func BenchmarkStats(b *testing.B) {
	depts := make([]string, 40)
	for i := range depts {
		depts[i] = fmt.Sprintf("第%d部门", i+1)
	}
	cases := make([]Case, 50000)
	for i := range cases {
		recv := Date{2024 + i%3, time.Month(1 + i%12), 1 + i%28}
		c := Case{Category: Categories[i%len(Categories)], Channel: Channels[i%len(Channels)], Received: recv, Status: CaseOpen}
		if i%3 != 0 {
			c.Status, c.ClosedOn = CaseClosed, recv.AddDays(i%90)
			c.CallBacks = []CallBack{{On: c.ClosedOn.AddDays(2), Result: CallBackResults[i%3]}}
		}
		cases[i] = c
	}
	items := make([]FollowUp, 150000)
	for i := range items {
		met := Date{2024 + i%3, time.Month(1 + i%12), 1 + i%28}
		f := FollowUp{MeetingDate: met, Lead: depts[i%len(depts)], Due: met.AddDays(30), Status: FollowUpInProgress}
		if i%2 == 0 {
			f.Status, f.CompletedOn = FollowUpDone, met.AddDays(i%45)
		}
		items[i] = f
	}
	cal := DefaultCalendar()
	today := Date{2026, 10, 12}
	b.ReportAllocs()
	for b.Loop() {
		s := Stats(cases, items, 2026, today, cal)
		if s.Cases == 0 || len(s.Departments) != len(depts) {
			b.Fatalf("figures %d cases, %d departments", s.Cases, len(s.Departments))
		}
	}
}
