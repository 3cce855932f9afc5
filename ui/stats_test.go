package ui

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// fixtureStore is the harness's store with a fixed set of cases and follow-up items
// in place of the stored ones, for figures over more data than a test can enter.
type fixtureStore struct {
	meeting.Store
	cases []meeting.Case
	items []meeting.FollowUp
}

func (f fixtureStore) Cases(meeting.CaseFilter) ([]meeting.Case, error) {
	return slices.Clone(f.cases), nil
}

func (f fixtureStore) FollowUps(meeting.FollowUpFilter) ([]meeting.FollowUp, error) {
	return slices.Clone(f.items), nil
}

// statsDepartments are the lead departments of the fixture, busiest first.
var statsDepartments = []string{
	"自然资源和规划局", "住房和城乡建设局", "市场监督管理局", "经济和信息化局",
	"生态环境分局", "消防救援大队", "税务局", "公证处",
}

// statsFixture makes 200 cases received from January 2025 to the test's today, most
// of them in 2026, with replies and call-backs on the closed ones, and the follow-up
// items of their meetings for eight departments, some late and some overdue.
func statsFixture() ([]meeting.Case, []meeting.FollowUp) {
	rng := rand.New(rand.NewPCG(6, 2026))
	today := meeting.DateOf(testNow)
	pick := func(weights ...int) int {
		total := 0
		for _, w := range weights {
			total += w
		}
		n := rng.IntN(total)
		for i, w := range weights {
			if n < w {
				return i
			}
			n -= w
		}
		return 0
	}
	var cases []meeting.Case
	var items []meeting.FollowUp
	for i := range 200 {
		var received meeting.Date
		if i < 40 {
			received = meeting.Date{Year: 2025, Month: time.Month(1 + rng.IntN(12)), Day: 1 + rng.IntN(28)}
		} else {
			received = meeting.Date{Year: 2026, Month: time.Month(1 + pick(6, 5, 9, 8, 10, 9, 11, 12, 9, 4)), Day: 1 + rng.IntN(28)}
			if !received.Before(today) {
				received = today.AddDays(-rng.IntN(10) - 1)
			}
		}
		c := meeting.Case{
			ID: meeting.ID(i + 1), Category: meeting.Categories[pick(5, 8, 4)], Channel: meeting.Channels[pick(6, 4, 5, 3, 4, 1)],
			Received: received, Title: fmt.Sprintf("诉求%d", i+1), Status: meeting.CaseOpen,
		}
		meetingDay := received.AddDays(5 + rng.IntN(20))
		for range 1 + rng.IntN(2) {
			lead := statsDepartments[pick(9, 7, 4, 4, 3, 2, 2, 2)]
			due := meetingDay.AddDays(15 + rng.IntN(30))
			f := meeting.FollowUp{
				ID: meeting.ID(len(items) + 1), CaseID: c.ID, MeetingDate: meetingDay, Lead: lead,
				Number: meeting.DocNumber{Year: meetingDay.Year, Seq: 1 + i/8}, Due: due, Status: meeting.FollowUpPending,
			}
			if meetingDay.Before(today) {
				f.Status = meeting.FollowUpInProgress
				done := meetingDay.AddDays(5 + rng.IntN(35))
				if done.Before(today) && rng.IntN(10) < 9 {
					f.Status, f.CompletedOn = meeting.FollowUpDone, done
				}
			}
			items = append(items, f)
		}
		open := false
		last := received
		for _, f := range items {
			if f.CaseID == c.ID {
				open = open || f.Status != meeting.FollowUpDone
				if f.CompletedOn.Time().After(last.Time()) {
					last = f.CompletedOn
				}
			}
		}
		if closedOn := last.AddDays(1 + rng.IntN(5)); !open && closedOn.Before(today) {
			c.Status, c.ClosedOn = meeting.CaseClosed, closedOn
			c.Reply = &meeting.Reply{On: closedOn, Channel: "电话", Content: "已答复申请人。"}
			if on := closedOn.AddDays(3); on.Before(today) && rng.IntN(10) < 8 {
				c.CallBacks = []meeting.CallBack{{On: on, Result: meeting.CallBackResults[pick(14, 4, 1)]}}
			}
		}
		cases = append(cases, c)
	}
	return cases, items
}

// openStats builds the statistics screen in its own window over the fixture and
// waits for the first figures.
func openStats(t *testing.T, h *harness, cases []meeting.Case, items []meeting.FollowUp) (*statsScreen, fyne.Window) {
	t.Helper()
	h.u.store = fixtureStore{Store: h.st, cases: cases, items: items}
	s := newStatsScreen(h.u)
	w := h.app.NewWindow("统计")
	w.SetContent(s.build())
	w.Resize(fyne.NewSize(1280, 860))
	w.Show()
	t.Cleanup(w.Close)
	s.reload()
	s.waitShown(h)
	return s, w
}

// waitShown waits until the latest reload's figures are on screen.
func (s *statsScreen) waitShown(h *harness) {
	h.t.Helper()
	h.waitFor(10*time.Second, "the figures", func() bool { return s.shown == s.loads })
}

// assertShows checks that every figure on screen is the one meeting.Stats computes.
func assertShows(t *testing.T, s *statsScreen, want meeting.Statistics) {
	t.Helper()
	got := map[string]string{
		"cases": s.total.Text, "closed": s.closed.Text, "on time": s.onTime.Text,
		"satisfaction": s.satisfaction.Text, "median": s.median.Text,
	}
	median := "—"
	if want.DaysToClose.Valid() {
		median = want.DaysToClose.String() + " 天"
	}
	expect := map[string]string{
		"cases": strconv.Itoa(want.Cases), "closed": strconv.Itoa(want.Closed), "on time": want.OnTime.String(),
		"satisfaction": want.Satisfaction.String(), "median": median,
	}
	for k, v := range expect {
		if got[k] != v {
			t.Errorf("%s tile shows %q, want %q", k, got[k], v)
		}
	}
	bars := func(c *barChart) []int {
		var out []int
		for _, b := range c.bars {
			out = append(out, b.Value)
		}
		return out
	}
	var cats, chans []int
	for _, c := range want.ByCategory {
		cats = append(cats, c.N)
	}
	for _, c := range want.ByChannel {
		chans = append(chans, c.N)
	}
	if !slices.Equal(bars(s.category), cats) || !slices.Equal(bars(s.channel), chans) || !slices.Equal(bars(s.month), want.ByMonth[:]) {
		t.Errorf("charts show %v %v %v, want %v %v %v", bars(s.category), bars(s.channel), bars(s.month), cats, chans, want.ByMonth)
	}
	var rows [][]string
	walk(s.departments, func(o fyne.CanvasObject) bool {
		if c, ok := o.(*fyne.Container); ok {
			if _, isRow := c.Layout.(*columnsLayout); isRow {
				var row []string
				for _, cell := range c.Objects {
					row = append(row, cell.(*widget.Label).Text)
				}
				rows = append(rows, row)
				return false
			}
		}
		return true
	})
	wantRows := [][]string{{"部门", "未办结", "已办结", "已逾期", "即将到期", "按期办结率"}}
	for _, d := range want.Departments {
		wantRows = append(wantRows, []string{d.Department, strconv.Itoa(d.Open), strconv.Itoa(d.Done),
			strconv.Itoa(d.Overdue), strconv.Itoa(d.DueSoon), d.OnTime.String()})
	}
	wantRows = append(wantRows, []string{"合计", strconv.Itoa(want.ItemsOpen), strconv.Itoa(want.ItemsDone),
		strconv.Itoa(want.ItemsOverdue), strconv.Itoa(want.ItemsDueSoon), want.OnTime.String()})
	if !slices.EqualFunc(rows, wantRows, slices.Equal) {
		t.Errorf("department table\n got %v\nwant %v", rows, wantRows)
	}
}

// TestStatsScreenShowsTheFigures checks the screen against meeting.Stats for the
// current year, for all years and for a year without data.
func TestStatsScreenShowsTheFigures(t *testing.T) {
	h := newHarness(t)
	cases, items := statsFixture()
	s, _ := openStats(t, h, cases, items)
	today := meeting.DateOf(testNow)
	cal := meeting.DefaultCalendar()

	if s.year.Selected != "2026" {
		t.Errorf("the year filter starts at %q, want the current year", s.year.Selected)
	}
	if want := []string{"全部年份", "2026", "2025"}; !slices.Equal(s.year.Options, want) {
		t.Errorf("year choices %v, want %v", s.year.Options, want)
	}
	want := meeting.Stats(cases, items, 2026, today, cal)
	if want.Cases < 150 || want.ItemsOverdue == 0 || len(want.Departments) != len(statsDepartments) {
		t.Fatalf("the fixture is too thin: %d cases, %d overdue, %d departments", want.Cases, want.ItemsOverdue, len(want.Departments))
	}
	assertShows(t, s, want)
	if s.monthTitle.Text != "按受理月份（2026 年）" {
		t.Errorf("month chart title %q", s.monthTitle.Text)
	}

	s.year.SetSelected("全部年份")
	s.waitShown(h)
	assertShows(t, s, meeting.Stats(cases, items, 0, today, cal))
	if s.monthTitle.Text != "按受理月份（各年合计）" {
		t.Errorf("month chart title %q", s.monthTitle.Text)
	}

	s.year.SetSelected("2025")
	s.waitShown(h)
	assertShows(t, s, meeting.Stats(cases, items, 2025, today, cal))
}

// TestStatsScreenWithoutData shows dashes, not NaN, and says there is nothing yet.
func TestStatsScreenWithoutData(t *testing.T) {
	h := newHarness(t)
	s, _ := openStats(t, h, nil, nil)
	for _, l := range []*widget.Label{s.onTime, s.satisfaction, s.median} {
		if l.Text != "—" {
			t.Errorf("an empty figure shows %q", l.Text)
		}
	}
	if s.total.Text != "0" || s.onTimeNote.Text != "暂无有办理时限的已办结事项" || s.satisfactionNote.Text != "暂无回访" {
		t.Errorf("empty screen: %q %q %q", s.total.Text, s.onTimeNote.Text, s.satisfactionNote.Text)
	}
	if len(s.departments.Objects) != 1 || s.departments.Objects[0].(*widget.Label).Text != "暂无议定事项" {
		t.Errorf("empty department table: %v", s.departments.Objects)
	}
	if !slices.Equal(s.year.Options, []string{"全部年份", "2026"}) {
		t.Errorf("year choices without data: %v", s.year.Options)
	}
}

// TestStatsScreenOverTheStore reads the figures from a real store: the example
// meeting finalized, one item done, one case closed with a call-back.
func TestStatsScreenOverTheStore(t *testing.T) {
	h := newHarness(t)
	h.finalizedExample()
	items, err := h.st.FollowUps(meeting.FollowUpFilter{})
	if err != nil || len(items) != 3 {
		t.Fatalf("items %v, %v", items, err)
	}
	last := items[len(items)-1] // 公证处's item, the only one of the second case
	if _, err := h.st.CompleteFollowUp(last.ID, meeting.Date{Year: 2026, Month: 10, Day: 12}, "已公证。"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.CloseCase(last.CaseID, meeting.Reply{On: meeting.Date{Year: 2026, Month: 10, Day: 12}, Channel: "电话", Content: "已答复。"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.RecordCallBack(last.CaseID, meeting.CallBack{On: meeting.Date{Year: 2026, Month: 10, Day: 12}, Result: meeting.BasicallySatisfied}); err != nil {
		t.Fatal(err)
	}

	s := newStatsScreen(h.u)
	w := h.app.NewWindow("统计")
	w.SetContent(s.build())
	t.Cleanup(w.Close)
	s.reload()
	s.waitShown(h)
	cases, _ := h.st.Cases(meeting.CaseFilter{})
	items, _ = h.st.FollowUps(meeting.FollowUpFilter{})
	want := meeting.Stats(cases, items, 2026, meeting.DateOf(testNow), meeting.DefaultCalendar())
	assertShows(t, s, want)
	// The second case was received on 8 October and closed on the 12th.
	if s.total.Text != "2" || s.closed.Text != "1" || s.satisfaction.Text != "100.0%" || s.median.Text != "4 天" || s.onTime.Text != "100.0%" {
		t.Errorf("tiles %q %q %q %q %q", s.total.Text, s.closed.Text, s.satisfaction.Text, s.median.Text, s.onTime.Text)
	}
}

// TestStatsScreenshot writes testdata/screenshot-stats.png with -update. With
// BACKSTOP_SHOTS set to a folder it also writes the projector-mode view there, for
// looking at (run alone with -run, after setupLanguage("en"), for English).
func TestStatsScreenshot(t *testing.T) {
	if !*update && os.Getenv("BACKSTOP_SHOTS") == "" {
		t.Skip("screenshots are written with -update or BACKSTOP_SHOTS")
	}
	if os.Getenv("BACKSTOP_SHOTS_LANG") == languageEnglish {
		setupLanguage(languageEnglish)
	}
	h := newHarness(t)
	cases, items := statsFixture()
	_, w := openStats(t, h, cases, items)
	// Tall enough to show the whole screen, the department table included.
	w.Resize(fyne.NewSize(1280, 1200))
	shot := func(path string) {
		t.Helper()
		h.drain(50 * time.Millisecond)
		savePNG(t, w, path)
	}
	if *update {
		shot(filepath.Join("testdata", "screenshot-stats.png"))
	}
	if dir := os.Getenv("BACKSTOP_SHOTS"); dir != "" {
		shot(filepath.Join(dir, "stats.png"))
		h.u.onProjectorToggled(true)
		shot(filepath.Join(dir, "stats-projector.png"))
	}
}

// BenchmarkStatsScreen measures a reload over 50,000 cases and 150,000 items for 40
// departments: the background part (reading the store and meeting.Stats) and the
// part on the UI goroutine (putting the figures on screen).
func BenchmarkStatsScreen(b *testing.B) {
	h := newHarness(b)
	var cases []meeting.Case
	var items []meeting.FollowUp
	for i := range 50000 {
		recv := meeting.Date{Year: 2024 + i%3, Month: time.Month(1 + i%12), Day: 1 + i%28}
		c := meeting.Case{ID: meeting.ID(i + 1), Category: meeting.Categories[i%3], Channel: meeting.Channels[i%6], Received: recv, Status: meeting.CaseOpen}
		if i%3 != 0 {
			c.Status, c.ClosedOn = meeting.CaseClosed, recv.AddDays(i%90)
			c.CallBacks = []meeting.CallBack{{On: c.ClosedOn.AddDays(2), Result: meeting.CallBackResults[i%3]}}
		}
		cases = append(cases, c)
		for j := range 3 {
			f := meeting.FollowUp{CaseID: c.ID, MeetingDate: recv.AddDays(7), Lead: fmt.Sprintf("第%d部门", (i+j)%40+1),
				Due: recv.AddDays(30), Status: meeting.FollowUpInProgress}
			if (i+j)%2 == 0 {
				f.Status, f.CompletedOn = meeting.FollowUpDone, recv.AddDays(7+i%40)
			}
			items = append(items, f)
		}
	}
	h.u.store = fixtureStore{Store: h.st, cases: cases, items: items}
	s := newStatsScreen(h.u)
	w := h.app.NewWindow("统计")
	w.SetContent(s.build())
	w.Resize(fyne.NewSize(1280, 860))
	b.Cleanup(w.Close)
	today := meeting.DateOf(testNow)
	var st meeting.Statistics
	b.Run("compute", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var err error
			if st, err = computeStats(h.u.store, 2026, today, h.u.calendar); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("show", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s.show(st)
		}
	})
}
