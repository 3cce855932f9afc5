package pgstore

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"backstop/meeting"
	"backstop/meeting/store"
)

// BenchmarkStores is a skeleton of issue #16's side-by-side table: the same store
// built through meeting.Store on bbolt and on the private PostgreSQL, then the
// interactive operations on each. It builds BACKSTOP_BENCH_MEETINGS meetings (300
// when unset) with a case each, all but the newest tenth finalized; the issue's
// 10,000 meetings need a bulk loader, not one transaction per record as here.
//
//	go test -run '^$' -bench Stores ./meeting/pgstore
func BenchmarkStores(b *testing.B) {
	n := 300
	if v, err := strconv.Atoi(os.Getenv("BACKSTOP_BENCH_MEETINGS")); err == nil && v > 0 {
		n = v
	}
	stores := []struct {
		name string
		open func(b *testing.B) meeting.Store
	}{
		{"bbolt", func(b *testing.B) meeting.Store {
			s, err := store.Open(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = s.Close() })
			return s
		}},
		{"postgres", func(b *testing.B) meeting.Store { return openTest(b) }},
	}
	for _, st := range stores {
		s := st.open(b)
		began := time.Now()
		c := fillBench(b, s, n)
		b.Logf("%s: %d meetings built in %s", st.name, n, time.Since(began).Round(time.Millisecond))
		cal, err := s.Calendar()
		if err != nil {
			b.Fatal(err)
		}
		ops := []struct {
			name string
			run  func() error
		}{
			{"list 50 newest", func() error { _, err := s.Meetings(meeting.MeetingFilter{Limit: 50}); return err }},
			{"keyword search", func() error { _, err := s.Meetings(meeting.MeetingFilter{Query: "恒丰 厂房"}); return err }},
			{"cases 50 newest", func() error { _, err := s.Cases(meeting.CaseFilter{Limit: 50}); return err }},
			{"board", func() error { _, err := s.Board(meeting.Date{Year: 2026, Month: 6, Day: 1}, cal); return err }},
			{"precedents", func() error { _, err := s.Precedents(c, 10); return err }},
			{"minutes", func() error { _, err := s.Minutes(1); return err }},
		}
		for _, op := range ops {
			b.Run(st.name+"/"+op.name, func(b *testing.B) {
				for b.Loop() {
					if err := op.run(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// fillBench stores n meetings, one case each, and returns a case like theirs for
// the precedents query.
func fillBench(b *testing.B, s meeting.Store, n int) meeting.Case {
	b.Helper()
	start := meeting.Date{Year: 2017, Month: 1, Day: 3}
	at := time.Date(2026, 10, 12, 11, 30, 0, 0, time.UTC)
	words := []string{"恒丰", "华鑫", "新安江", "富春", "千岛湖", "梅城", "寿昌"}
	var last meeting.Case
	for i := range n {
		day := start.AddDays(i * 3400 / n)
		c := meeting.Case{
			Applicant: meeting.Applicant{Kind: meeting.Person, Name: fmt.Sprintf("%s申请人%d", words[i%len(words)], i)},
			Category:  meeting.Categories[i%3], Channel: meeting.ChannelHotline, Received: day,
			Title: fmt.Sprintf("%s厂房第%d期不动产权证办理", words[i%len(words)], i%7+1), Request: "请求办证。",
		}
		if err := s.SaveCase(&c); err != nil {
			b.Fatal(err)
		}
		m := finalizable(c.ID, day)
		m.Title = "关于" + c.Title + "的协调会"
		if err := s.SaveMeeting(&m); err != nil {
			b.Fatal(err)
		}
		if i < n*9/10 {
			if _, err := s.Finalize(m.ID, at); err != nil {
				b.Fatal(err)
			}
		}
		last = c
	}
	last.ID = 0
	return last
}
