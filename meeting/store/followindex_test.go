package store

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"backstop/meeting"
	"backstop/meeting/internal/recordcache"
	"backstop/meeting/storecontract"
)

// The contract's three-decision draft and item reader.
var (
	threeDecisionMeeting = storecontract.ThreeDecisionMeeting
	followUpsOf          = storecontract.FollowUpsOf
)

func wantIndexesInStep(t testing.TB, s *Store) {
	t.Helper()
	err := s.db.View(func(tx *bbolt.Tx) error {
		recs, err := s.followUpRecords(tx, func(*followUpRecord) bool { return true })
		for _, p := range followUpIndexProblems(tx, recs) {
			t.Error(p.Message)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBoardFromIndexMatchesFullScan runs the items of a meeting through their
// lifecycle and an amendment, and after each step compares the board read from the
// due-date index with the board computed from every item.
func TestBoardFromIndexMatchesFullScan(t *testing.T) {
	s := openTest(t)
	id, caseID := threeDecisionMeeting(t, s)
	cal := meeting.DefaultCalendar()
	check := func(step string) {
		t.Helper()
		wantIndexesInStep(t, s)
		all := followUpsOf(t, s, meeting.FollowUpFilter{})
		for _, today := range []meeting.Date{oct12, {Year: 2026, Month: 11, Day: 4}, {Year: 2026, Month: 11, Day: 12}, {Year: 2027, Month: 1, Day: 4}} {
			got, err := s.Board(today, cal)
			if err != nil {
				t.Fatalf("%s: Board: %v", step, err)
			}
			want := meeting.Board(all, today, cal)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s, on %s: board from the index\n%+v\nwant\n%+v", step, today, got, want)
			}
		}
	}
	check("draft")
	if _, err := s.Finalize(id, finalizedAt); err != nil {
		t.Fatal(err)
	}
	check("finalized")
	items := followUpsOf(t, s, meeting.FollowUpFilter{Meeting: id})
	if got := followUpsOf(t, s, meeting.FollowUpFilter{Case: caseID}); len(got) != 3 {
		t.Errorf("by case: %d items, want 3", len(got))
	}
	if _, err := s.CompleteFollowUp(items[0].ID, oct12.AddDays(3), "已办理。"); err != nil {
		t.Fatal(err)
	}
	check("one done")
	if _, err := s.ReopenFollowUp(items[0].ID, oct12.AddDays(5), "李静", "证书有误"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddProgress(items[1].ID, meeting.ProgressEntry{On: oct12.AddDays(2), Reporter: "张华", Text: "已受理。"}); err != nil {
		t.Fatal(err)
	}
	check("reopened and progressed")
	if _, err := s.Amend(id, "调整", finalizedAt.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	m, err := s.Meeting(id)
	if err != nil {
		t.Fatal(err)
	}
	ds := m.Agenda[0].Decisions
	ds[0].Due = meeting.Date{Year: 2026, Month: 10, Day: 14}
	m.Agenda[0].Decisions = ds[:1] // 2 (progressed) superseded, 3 deleted
	if err := s.SaveMeeting(&m); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Finalize(id, finalizedAt.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	check("amended")
	// Neither removed decision is followed any more (the contract's
	// FollowUpsFollowAmendment), but the file keeps the item worked on, superseded.
	var superseded, deleted bool
	_ = s.db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketFollowUps)
		superseded = b.Get(idKey(items[1].ID)) != nil
		deleted = b.Get(idKey(items[2].ID)) == nil
		return nil
	})
	if !superseded || !deleted {
		t.Errorf("removed decisions: progressed item kept (superseded) %v, untouched item deleted %v; want both", superseded, deleted)
	}
	board, err := s.Board(oct12, cal)
	if err != nil {
		t.Fatal(err)
	}
	if board.DueSoon != 1 || board.Overdue != 0 {
		t.Errorf("on 10-12 the board has %d due soon, %d overdue; want the moved item due on 10-14 only", board.DueSoon, board.Overdue)
	}
}

// TestMigrationIndexesFollowUps opens the schema-1 fixture, whose migrations create
// items (schema 4) and then their indexes (schema 5).
func TestMigrationIndexesFollowUps(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("testdata/schema1.db")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/"+FileName, data, 0o600); err != nil {
		t.Fatal(err)
	}
	s := openDir(t, dir)
	wantIndexesInStep(t, s)
	all := followUpsOf(t, s, meeting.FollowUpFilter{})
	if len(all) == 0 {
		t.Fatal("the schema-1 fixture has finalized minutes, but no follow-up items after the upgrade")
	}
	for _, f := range all {
		if got := followUpsOf(t, s, meeting.FollowUpFilter{Meeting: f.MeetingID}); !slices.ContainsFunc(got, func(g meeting.FollowUp) bool { return g.ID == f.ID }) {
			t.Errorf("item %d is not found by its meeting %d after the upgrade", f.ID, f.MeetingID)
		}
	}
}

// BenchmarkBoard builds 150,000 follow-up items over ten years, most of the old ones
// done, and reads the board through the due-date index; FullScan is the same board
// computed from every item, for comparison.
func BenchmarkBoard(b *testing.B) {
	const items = 150_000
	s, err := Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	today := meeting.Date{Year: 2026, Month: 10, Day: 12}
	first := meeting.Date{Year: 2017, Month: 1, Day: 3}
	span := int(today.Time().Sub(first.Time()).Hours()/24) + 90
	leads := []string{"自然资源和规划局", "住房和城乡建设局", "市场监督管理局", "生态环境局", "交通运输局", "人力资源和社会保障局", "税务局", "消防救援大队"}
	r := rand.New(rand.NewPCG(3, 5))
	for lo := 0; lo < items; lo += benchBatch {
		err := s.update(func(tx *bbolt.Tx) error {
			for i := lo; i < lo+benchBatch; i++ {
				due := first.AddDays(i * span / items)
				f := meeting.FollowUp{
					MeetingID: meeting.ID(i/15 + 1), CaseID: meeting.ID(i/3 + 1), MeetingDate: due.AddDays(-30),
					Number: meeting.DocNumber{Year: due.Year, Seq: i/15%400 + 1}, Revision: 1,
					Text: "以本纪要为依据，通过线下流程办理不动产权证书，并向申请人答复办理结果。",
					Lead: leads[r.IntN(len(leads))], Cooperating: []string{leads[r.IntN(len(leads))]},
					Due: due, Status: meeting.FollowUpPending, DecisionUID: fmt.Sprintf("d%d", i),
				}
				// Old items are done but for a few forgotten ones; recent ones are open.
				if age := int(today.Time().Sub(due.Time()).Hours() / 24); (age > 90 && r.IntN(100) >= 2) || (age > 0 && r.IntN(100) < 30) {
					f.Status, f.CompletedOn, f.CompletionNote = meeting.FollowUpDone, due, "已办结。"
				}
				id, err := nextID(tx.Bucket(bucketFollowUps))
				if err != nil {
					return err
				}
				f.ID = id
				if err := putFollowUp(tx, nil, followUpRecord{FollowUp: f}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	cal := meeting.DefaultCalendar()
	var view meeting.BoardView
	b.Run("Index", func(b *testing.B) {
		for b.Loop() {
			if view, err = s.Board(today, cal); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(view.Overdue+view.DueSoon), "items/board")
	})
	b.Run("IndexFirstRead", func(b *testing.B) { // nothing decoded before: the board on start
		for b.Loop() {
			s.boardItems = recordcache.Cache[meeting.ID, meeting.FollowUp]{}
			if _, err = s.Board(today, cal); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("FullScan", func(b *testing.B) {
		for b.Loop() {
			all, err := s.FollowUps(meeting.FollowUpFilter{})
			if err != nil {
				b.Fatal(err)
			}
			if v := meeting.Board(all, today, cal); v.Overdue != view.Overdue {
				b.Fatalf("full scan: %d overdue, index: %d", v.Overdue, view.Overdue)
			}
		}
	})
}

// TestVerifyAllChecksFollowUps: verify --all finds a decision that lost its item, an
// item whose decision is gone, and an index out of step.
func TestVerifyAllChecksFollowUps(t *testing.T) {
	s := openTest(t)
	id, _ := threeDecisionMeeting(t, s)
	if _, err := s.Finalize(id, finalizedAt); err != nil {
		t.Fatal(err)
	}
	if problems, err := s.VerifyAll(); err != nil || len(problems) != 0 {
		t.Fatalf("a sound store: %v, %v", problems, err)
	}
	items := followUpsOf(t, s, meeting.FollowUpFilter{Meeting: id})
	err := s.db.Update(func(tx *bbolt.Tx) error {
		// Item 1 vanishes without its index entries; item 2 names another decision.
		if err := tx.Bucket(bucketFollowUps).Delete(idKey(items[0].ID)); err != nil {
			return err
		}
		r, err := s.loadFollowUp(tx, items[1].ID)
		if err != nil {
			return err
		}
		r.DecisionUID = "not-a-decision"
		return putJSON(tx, bucketFollowUps, idKey(r.ID), r)
	})
	if err != nil {
		t.Fatal(err)
	}
	problems, err := s.VerifyAll()
	if err != nil {
		t.Fatal(err)
	}
	var text []string
	for _, p := range problems {
		text = append(text, p.Message)
	}
	all := fmt.Sprint(text)
	for _, want := range []string{"由自然资源和规划局牵头的议定事项没有督办事项", "由住房和城乡建设局牵头的议定事项没有督办事项",
		fmt.Sprintf("督办事项（编号 %d）的议定事项不在会议纪要", items[1].ID), "督办索引 followup_meeting 与督办事项不一致"} {
		if !strings.Contains(all, want) {
			t.Errorf("VerifyAll does not report %q; it says %s", want, all)
		}
	}
	// Put the store back so that the cleanup's checks pass.
	err = s.db.Update(func(tx *bbolt.Tx) error {
		for _, f := range items[:2] {
			r := followUpRecord{FollowUp: f}
			if err := putJSON(tx, bucketFollowUps, idKey(f.ID), r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
