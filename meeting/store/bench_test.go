package store

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// Scale of the benchmark store: a busy office's decade.
const (
	benchMeetings = 10_000
	benchCases    = 50_000
	benchBatch    = 2_000 // records per transaction while building
)

// applicantWords make applicant names; "恒丰" occurs in one name in 29.
var applicantWords = []string{"恒丰", "华鑫", "新安江", "富春", "千岛湖", "梅城", "寿昌", "乾潭", "大同", "杨村桥",
	"航头", "大洋", "三都", "下涯", "洋溪", "莲花", "更楼", "李家", "钦堂", "里叶", "大慈岩", "新材料", "塑料母料",
	"机械", "化工", "建材", "食品", "纺织", "电子"}

// buildBenchStore fills dir with benchMeetings meetings and benchCases cases, each
// meeting discussing two or three cases with two decisions each; all but the newest
// 500 meetings are finalized, with their revision snapshots, as in a real archive.
// It writes through the store's own record and index functions in big transactions.
func buildBenchStore(b *testing.B, dir string) {
	b.Helper()
	s, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	r := rand.New(rand.NewPCG(7, 11))
	now := time.Date(2026, 10, 12, 9, 0, 0, 0, time.UTC)
	start := meeting.Date{Year: 2017, Month: 1, Day: 3}
	for lo := 0; lo < benchCases; lo += benchBatch {
		err := s.update(func(tx *bbolt.Tx) error {
			for i := lo; i < lo+benchBatch; i++ {
				c := testCase()
				name := applicantWords[r.IntN(len(applicantWords))] + applicantWords[r.IntN(len(applicantWords))]
				c.Applicant.Name = fmt.Sprintf("建德市%s有限公司%d", name, i)
				c.Title = fmt.Sprintf("%s厂房第%d期不动产权证办理", name, i%7+1)
				c.Received = start.AddDays(i * 3650 / benchCases)
				c.Category = meeting.Categories[i%3]
				c.Created, c.Updated = now, now
				if err := s.insertCase(tx, &c); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	for lo := 0; lo < benchMeetings; lo += benchBatch {
		err := s.update(func(tx *bbolt.Tx) error {
			for i := lo; i < lo+benchBatch; i++ {
				first := meeting.ID(i*benchCases/benchMeetings + 1)
				var cases []meeting.Case
				for k := 0; k < 2+i%2; k++ {
					c, err := s.loadCase(tx, first+meeting.ID(k))
					if err != nil {
						return err
					}
					cases = append(cases, c)
				}
				m := testMeeting(cases[0].ID)
				m.Date = start.AddDays(i * 3650 / benchMeetings)
				m.Title = fmt.Sprintf("关于%s等%d个诉求的协调会", cases[0].Applicant.Name, len(cases))
				item := m.Agenda[0]
				m.Agenda = nil
				for _, c := range cases {
					it := item
					it.CaseID, it.Summary = c.ID, c.Title
					it.Decisions = []meeting.Decision{
						{Text: "以本纪要为依据，通过线下流程办理" + c.Title, Lead: "自然资源和规划局", Cooperating: []string{"住房和城乡建设局"}, Due: m.Date.AddDays(30)},
						{Text: "补齐" + c.Applicant.Name + "的消防验收材料", Lead: "住房和城乡建设局", Due: m.Date.AddDays(60)},
					}
					m.Agenda = append(m.Agenda, it)
				}
				id, err := nextID(tx.Bucket(bucketMeetings))
				if err != nil {
					return err
				}
				m.ID, m.UID, m.Created, m.Updated = id, meeting.NewUID(), now, now
				m.AssignUIDs()
				if i < benchMeetings-500 {
					mn := meeting.Minutes{Meeting: m, Cases: cases}
					number, err := drawNumber(tx, m.Date.Year)
					if err != nil {
						return err
					}
					if err := meeting.Finalize(&mn, number, now); err != nil {
						return err
					}
					if err := putJSON(tx, bucketRevisions, revisionKey(id, 1), mn); err != nil {
						return err
					}
					m = mn.Meeting
				}
				if err := s.putMeeting(tx, meeting.AuditCreate, nil, &m); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStore(b *testing.B) {
	dir := b.TempDir()
	started := time.Now()
	buildBenchStore(b, dir)
	info, err := os.Stat(dir + "/" + FileName)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("built %d meetings and %d cases in %v: %.1f MB", benchMeetings, benchCases, time.Since(started).Round(time.Millisecond), float64(info.Size())/1e6)

	// Open: the preflight walk, bbolt's open and tx.Check, the schema check; the
	// day's backup exists after the first open. Close is not timed.
	b.Run("Open", func(b *testing.B) {
		for b.Loop() {
			s, err := Open(dir)
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			s.Close()
			b.StartTimer()
		}
	})

	s, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	meetings := func(f meeting.MeetingFilter, want func(n int) bool) func(b *testing.B) {
		return func(b *testing.B) {
			for b.Loop() {
				ms, err := s.Meetings(f)
				if err != nil || !want(len(ms)) {
					b.Fatalf("Meetings(%+v): %d, %v", f, len(ms), err)
				}
			}
		}
	}
	cases := func(f meeting.CaseFilter, want func(n int) bool) func(b *testing.B) {
		return func(b *testing.B) {
			for b.Loop() {
				cs, err := s.Cases(f)
				if err != nil || !want(len(cs)) {
					b.Fatalf("Cases(%+v): %d, %v", f, len(cs), err)
				}
			}
		}
	}
	exactly := func(k int) func(int) bool { return func(n int) bool { return n == k } }
	some := func(n int) bool { return n > 0 }
	b.Run("ListNewest50", meetings(meeting.MeetingFilter{Limit: 50}, exactly(50)))
	b.Run("ListYear50", meetings(meeting.MeetingFilter{Year: 2020, Limit: 50}, exactly(50)))
	// A common word fills the page quickly; a rare one scans every meeting.
	b.Run("SearchMeetingsCommon50", meetings(meeting.MeetingFilter{Query: "恒丰", Limit: 50}, exactly(50)))
	b.Run("SearchMeetingsRare", meetings(meeting.MeetingFilter{Query: "有限公司12345"}, some))
	b.Run("SearchMeetingsNoMatch", meetings(meeting.MeetingFilter{Query: "不存在的申请人"}, exactly(0)))
	b.Run("SearchMeetingsTwoWords", meetings(meeting.MeetingFilter{Query: "恒丰 消防", Limit: 50}, exactly(50)))
	b.Run("SearchCasesCommon50", cases(meeting.CaseFilter{Query: "恒丰", Limit: 50}, exactly(50)))
	b.Run("SearchCasesRare", cases(meeting.CaseFilter{Query: "有限公司4321"}, some))
	b.Run("SearchCasesNoMatch", cases(meeting.CaseFilter{Query: "不存在的申请人"}, exactly(0)))
	b.Run("SearchCasesCreditCode", cases(meeting.CaseFilter{Query: "91330100799655058b", Limit: 50}, exactly(50)))
	// 同类事项 while a case is registered: the whole case index read, the cases of
	// its category compared with the new title.
	b.Run("Precedents", func(b *testing.B) {
		c := testCase()
		c.Title, c.Category = "恒丰厂房第3期不动产权证办理", meeting.Categories[0]
		for b.Loop() {
			if _, err := s.Precedents(c, 20); err != nil {
				b.Fatal(err)
			}
		}
	})
	// verify --all: every snapshot decoded and its fingerprint recomputed.
	b.Run("VerifyAll", func(b *testing.B) {
		for b.Loop() {
			problems, err := s.VerifyAll()
			if err != nil || len(problems) > 0 {
				b.Fatalf("VerifyAll: %d problems, %v", len(problems), err)
			}
		}
	})
}
