package pgstore

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"backstop/meeting"
	"backstop/meeting/pgstore/pgtest"
	"backstop/meeting/store"
)

// BenchmarkStores is issue #16's side-by-side table: the same office on bbolt and on
// the private PostgreSQL, and the interactive operations on each. At the issue's
// scale (BACKSTOP_BENCH_MEETINGS=10000, the default) the office has 10,000 meetings
// discussing 5 cases each (50,000 cases) with 3 decisions per case, all but the
// newest 100 finalized (148,500 follow-up items, all but the last half year's done).
//
// The bbolt store is built through meeting.Store, as the app writes it (on tmpfs when
// there is one, where a commit costs no disk flush), once: the file is kept in
// BACKSTOP_BENCH_CACHE (default: the user's cache folder, backstop-bench/) and copied
// for each run. The PostgreSQL store is the bbolt store moved with Load, as backstop
// migrate does: its time is logged too.
//
//	go test -run '^$' -bench Stores -benchtime 20x -timeout 60m ./meeting/pgstore
func BenchmarkStores(b *testing.B) {
	n := 10_000
	if v, err := strconv.Atoi(os.Getenv("BACKSTOP_BENCH_MEETINGS")); err == nil && v > 0 {
		n = v
	}
	dir := b.TempDir()
	copyFile(b, cachedBenchStore(b, n), filepath.Join(dir, store.FileName))
	bolt, err := store.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = bolt.Close() })
	contents, err := bolt.Contents()
	if err != nil {
		b.Fatal(err)
	}
	db := newDB(b)
	owner := db.openAs(b, pgtest.Superuser)
	began := time.Now()
	if err := owner.Load(context.Background(), batchOfContents(&contents)); err != nil {
		b.Fatal(err)
	}
	b.Logf("postgres: %d meetings, %d cases, %d items, %d snapshots, %d audit entries loaded in %s",
		len(contents.Meetings), len(contents.Cases), len(contents.FollowUps), len(contents.Revisions), len(contents.Audit),
		time.Since(began).Round(time.Millisecond))
	contents = store.Contents{}
	if _, err := owner.pool.Exec(context.Background(), "VACUUM ANALYZE"); err != nil {
		b.Fatal(err)
	}
	pg := db.openAs(b, appLogin)

	// A second handle on the open file would wait for its lock: "open" opens a
	// copy, once before timing so that the day's backup is written already.
	copyDir := filepath.Join(b.TempDir(), "copy")
	copyFile(b, filepath.Join(dir, store.FileName), filepath.Join(copyDir, store.FileName))
	if s, err := store.Open(copyDir); err != nil {
		b.Fatal(err)
	} else {
		_ = s.Close()
	}
	stores := []struct {
		name string
		s    meeting.Store
		open func() (io.Closer, error)
	}{
		{"bbolt", bolt, func() (io.Closer, error) { return store.Open(copyDir) }},
		{"postgres", pg, func() (io.Closer, error) { return Open(context.Background(), db.url(appLogin)) }},
	}
	today := meeting.Date{Year: 2026, Month: 10, Day: 12}
	like := meeting.Case{Title: "恒丰华鑫厂房第3期不动产权证办理", Request: "请求办证。", Category: meeting.Categories[0]}
	rare := fmt.Sprintf("申请人%d", n*5/3+1) // one case, on one meeting's agenda
	// The operations of both stores, run one operation at a time on each store in
	// turn, so that a busy moment on the machine falls on both columns alike.
	var opsOf [][]benchOp
	for _, st := range stores {
		s := st.s
		cal, err := s.Calendar()
		if err != nil {
			b.Fatal(err)
		}
		// The first board decodes every item on it; the timed ones after it decode only
		// what changed since (nothing, here): both figures go in the table.
		began := time.Now()
		board, err := s.Board(today, cal)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: the board on %s lists %d overdue and %d due soon; the first read of it took %s", st.name, today,
			board.Overdue, board.DueSoon, time.Since(began).Round(100*time.Microsecond))
		// verify --all is no interactive operation: one run of it, for the table.
		began = time.Now()
		problems, err := s.VerifyAll()
		if err != nil || len(problems) != 0 {
			b.Fatalf("%s: VerifyAll: %v, %v", st.name, problems, err)
		}
		b.Logf("%s: verify --all took %s", st.name, time.Since(began).Round(time.Millisecond))
		ops := []benchOp{
			{"open", func() error {
				c, err := st.open()
				if err == nil {
					err = c.Close()
				}
				return err
			}},
			{"list 50 newest", want(50, func() (int, error) { return count(s.Meetings(meeting.MeetingFilter{Limit: 50})) })},
			{"keyword search, common word, 50", want(50, func() (int, error) {
				return count(s.Meetings(meeting.MeetingFilter{Query: "恒丰", Limit: 50}))
			})},
			{"keyword search, rare name", atLeast(1, func() (int, error) {
				return count(s.Meetings(meeting.MeetingFilter{Query: rare}))
			})},
			{"case search, rare name", atLeast(1, func() (int, error) {
				return count(s.Cases(meeting.CaseFilter{Query: rare}))
			})},
			{"cases 50 newest", want(50, func() (int, error) { return count(s.Cases(meeting.CaseFilter{Limit: 50})) })},
			{"board", func() error { _, err := s.Board(today, cal); return err }},
			{"precedents", atLeast(1, func() (int, error) { return count(s.Precedents(like, 20)) })},
			{"minutes of one meeting", func() error { _, err := s.Minutes(meeting.ID(n / 2)); return err }},
			{"items of one case", atLeast(1, func() (int, error) {
				return count(s.FollowUps(meeting.FollowUpFilter{Case: meeting.ID(n)}))
			})},
			{"ledger (all cases, items, meetings)", func() error {
				if _, err := s.Cases(meeting.CaseFilter{}); err != nil {
					return err
				}
				if _, err := s.FollowUps(meeting.FollowUpFilter{}); err != nil {
					return err
				}
				_, err := s.Meetings(meeting.MeetingFilter{})
				return err
			}},
		}
		opsOf = append(opsOf, ops)
	}
	for i := range opsOf[0] {
		for k, st := range stores {
			op := opsOf[k][i]
			b.Run(op.name+"/"+st.name, func(b *testing.B) {
				for b.Loop() {
					if err := op.run(); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
			})
		}
	}
}

// benchOp is one operation of the table.
type benchOp struct {
	name string
	run  func() error
}

// want and atLeast turn a counted read into an operation that fails on a result
// of the wrong size.
func want(n int, read func() (int, error)) func() error {
	return func() error {
		got, err := read()
		if err == nil && got != n {
			err = fmt.Errorf("%d results, want %d", got, n)
		}
		return err
	}
}

func atLeast(n int, read func() (int, error)) func() error {
	return func() error {
		got, err := read()
		if err == nil && got < n {
			err = fmt.Errorf("%d results, want at least %d", got, n)
		}
		return err
	}
}

func count[T any](list []T, err error) (int, error) { return len(list), err }

// benchVersion names the generator below in the cache: change it when it changes.
const benchVersion = 1

// cachedBenchStore returns the path of the bench office's data file, building it
// the first time.
func cachedBenchStore(b *testing.B, n int) string {
	b.Helper()
	cache := os.Getenv("BACKSTOP_BENCH_CACHE")
	if cache == "" {
		userCache, err := os.UserCacheDir()
		if err != nil {
			b.Fatal(err)
		}
		cache = filepath.Join(userCache, "backstop-bench")
	}
	path := filepath.Join(cache, fmt.Sprintf("office-v%d-%d.db", benchVersion, n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if err := os.MkdirAll(cache, 0o700); err != nil {
		b.Fatal(err)
	}
	build, err := os.MkdirTemp(tmpfs(), "backstop-bench-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(build)
	began := time.Now()
	s, err := store.Open(build)
	if err != nil {
		b.Fatal(err)
	}
	fillOffice(b, s, n)
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	copyFile(b, filepath.Join(build, store.FileName), path+".tmp")
	if err := os.Rename(path+".tmp", path); err != nil {
		b.Fatal(err)
	}
	b.Logf("bbolt: built %d meetings in %s, kept as %s", n, time.Since(began).Round(time.Second), path)
	return path
}

// tmpfs returns a folder in memory when the system has one, else the temp folder.
func tmpfs() string {
	if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
		return "/dev/shm"
	}
	return os.TempDir()
}

func copyFile(b *testing.B, from, to string) {
	b.Helper()
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		b.Fatal(err)
	}
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}

// benchWords make applicant names and titles; "恒丰" is in one name in seven.
var benchWords = []string{"恒丰", "华鑫", "新安江", "富春", "千岛湖", "梅城", "寿昌"}

// fillOffice stores n meetings of 5 cases with 3 decisions each through the store's
// own methods, from 2017 to September 2026: all but the newest 100 finalized, the
// items of meetings before April 2026 done, every third later one in progress.
func fillOffice(b *testing.B, s meeting.Store, n int) {
	b.Helper()
	start := meeting.Date{Year: 2017, Month: 1, Day: 3}
	span := int(meeting.Date{Year: 2026, Month: 9, Day: 30}.Time().Sub(start.Time()).Hours() / 24)
	doneBefore := meeting.Date{Year: 2026, Month: 4, Day: 1}
	leads := []string{"自然资源和规划局", "住房和城乡建设局", "行政审批服务管理办公室"}
	for i := range n {
		day := start.AddDays(i * span / n)
		var cases []meeting.Case
		for k := range 5 {
			j := i*5 + k
			word := benchWords[j%len(benchWords)] + benchWords[(j/7)%len(benchWords)]
			c := meeting.Case{
				Applicant: meeting.Applicant{Kind: meeting.Person, Name: fmt.Sprintf("%s申请人%d", word, j)},
				Category:  meeting.Categories[j%3], Channel: meeting.Channels[j%len(meeting.Channels)], Received: day.AddDays(-7),
				Title: fmt.Sprintf("%s厂房第%d期不动产权证办理", word, j%7+1), Request: "请求为已建成的厂房办理不动产权证。",
			}
			if err := s.SaveCase(&c); err != nil {
				b.Fatal(err)
			}
			cases = append(cases, c)
		}
		m := finalizable(cases[0].ID, day)
		m.Title = fmt.Sprintf("关于%s等%d个诉求的协调会", cases[0].Applicant.Name, len(cases))
		m.Attendance = append(m.Attendance, meeting.Attendance{Department: "住房和城乡建设局", Person: "陈刚", Status: meeting.Present})
		item := m.Agenda[0]
		m.Agenda = nil
		for k, c := range cases {
			it := item
			it.CaseID, it.Summary = c.ID, c.Title
			it.Decisions = nil
			for d := range 3 {
				it.Decisions = append(it.Decisions, meeting.Decision{
					Text: fmt.Sprintf("以本纪要为依据，%s第%d项：%s", c.Applicant.Name, d+1, []string{"线下办理不动产登记。", "核查消防设施。", "补齐竣工验收材料。"}[d]),
					Lead: leads[(k+d)%3], Due: day.AddDays(15 * (d + 1)),
				})
			}
			m.Agenda = append(m.Agenda, it)
		}
		if err := s.SaveMeeting(&m); err != nil {
			b.Fatal(err)
		}
		if i >= n-100 {
			continue
		}
		at := time.Date(day.Year, day.Month, day.Day, 12, 0, 0, 0, time.UTC)
		if _, err := s.Finalize(m.ID, at); err != nil {
			b.Fatal(err)
		}
		items, err := s.FollowUps(meeting.FollowUpFilter{Meeting: m.ID})
		if err != nil {
			b.Fatal(err)
		}
		for k, it := range items {
			switch {
			case day.Before(doneBefore):
				_, err = s.CompleteFollowUp(it.ID, day.AddDays(10), "已办结。")
			case k%3 == 0:
				_, err = s.AddProgress(it.ID, meeting.ProgressEntry{On: day.AddDays(3), Reporter: "张华", Text: "已受理。"})
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		if i%1000 == 999 {
			b.Logf("bbolt: %d of %d meetings stored", i+1, n)
		}
	}
}

// batchOfContents is what backstop migrate loads: the bbolt store's records as they are.
func batchOfContents(c *store.Contents) *Batch {
	bt := &Batch{
		Departments: c.Departments, Cases: c.Cases, Meetings: c.Meetings, Calendars: c.Calendars,
		PendingPDFs: c.PendingPDFs, Numbers: c.Numbers,
		LastIDs: LastIDs{Departments: int64(c.LastIDs.Departments), Cases: int64(c.LastIDs.Cases),
			Meetings: int64(c.LastIDs.Meetings), FollowUps: int64(c.LastIDs.FollowUps), Audit: int64(c.LastIDs.Audit)},
	}
	for _, r := range c.Revisions {
		bt.Revisions = append(bt.Revisions, LoadRevision{Meeting: r.Meeting, N: r.N, Minutes: r.Minutes})
	}
	for _, f := range c.FollowUps {
		bt.FollowUps = append(bt.FollowUps, LoadFollowUp(f))
	}
	for _, a := range c.Audit {
		bt.Audit = append(bt.Audit, LoadAudit{Seq: int64(a.Seq), Meeting: a.Meeting, Entry: a.Entry})
	}
	return bt
}
