package pgstore

import (
	"bytes"
	"slices"
	"sync"
	"testing"
	"time"

	"backstop/meeting"
)

// transferSource returns a store with one finalized meeting (its PDF pending) on
// one case, and that meeting's ID.
func transferSource(t *testing.T) (*Store, meeting.ID) {
	t.Helper()
	s := openTest(t)
	c := meeting.Case{
		Applicant: meeting.Applicant{Kind: meeting.Enterprise, Name: "建德市某塑料母料有限公司", CreditCode: "91330100799655058B"},
		Category:  meeting.CategoryRealEstate, Channel: meeting.ChannelWindowEnterprise,
		Received: meeting.Date{Year: 2026, Month: 9, Day: 28},
		Title:    "已建厂房分期办理不动产权证", Request: "请求为已建成的一期厂房办理不动产权证。",
	}
	if err := s.SaveCase(&c); err != nil {
		t.Fatal(err)
	}
	m := meeting.Meeting{
		Title: "关于某塑料母料有限公司不动产权证办理的协调会", Date: meeting.Date{Year: 2026, Month: 10, Day: 12},
		Start: 9 * 60, End: 11 * 60, Venue: "市政务服务中心三楼协调室",
		Host: meeting.Host{Name: "王明", Position: "副主任"}, Organizer: "行政审批服务管理办公室", Recorder: "李静",
		Attendance: []meeting.Attendance{
			{Department: "行政审批服务管理办公室", Person: "王明", Status: meeting.Present},
			{Department: "梅城镇国土所", Person: "张华", Status: meeting.Present},
		},
		Agenda: []meeting.AgendaItem{{
			CaseID: c.ID, Summary: "已建厂房分期办理不动产权证", Discussion: "与会部门认为符合分期验收条件。",
			Judgment: meeting.JudgmentShould, JudgmentReason: "符合分期验收规定。",
			Decisions: []meeting.Decision{{Text: "线下办理一期厂房不动产登记。", Lead: "梅城镇国土所",
				Due: meeting.Date{Year: 2026, Month: 10, Day: 30}}},
		}},
	}
	if err := s.SaveMeeting(&m); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Finalize(m.ID, time.Date(2026, 10, 12, 11, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	return s, m.ID
}

// TestTransferInPostgreSQL: an import adds the records with this database's IDs,
// departments by name, the revision pending its PDF and the follow-up item on the
// new case; a tampered revision refuses the whole import; two PCs importing one
// package at once add it once.
func TestTransferInPostgreSQL(t *testing.T) {
	src, id := transferSource(t)
	set, err := src.TransferOut(meeting.TransferSelection{Meetings: []meeting.ID{id}})
	if err != nil {
		t.Fatal(err)
	}
	if set.Cases != 1 || set.Meetings != 1 || len(set.Files) != 0 {
		t.Fatalf("TransferOut: %d cases, %d meetings, %d files", set.Cases, set.Meetings, len(set.Files))
	}

	t.Run("added", func(t *testing.T) {
		dst := openTest(t)
		other := meeting.Case{Applicant: meeting.Applicant{Kind: meeting.Person, Name: "王秀英"}, Category: meeting.CategoryLivelihood,
			Channel: meeting.ChannelHotline, Received: meeting.Date{Year: 2026, Month: 8, Day: 3}, Title: "本机已有的诉求", Request: "占用编号 1。"}
		if err := dst.SaveCase(&other); err != nil {
			t.Fatal(err)
		}
		rep, err := dst.TransferIn("梅城镇便民服务中心", set.Records, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Added) != 2 || len(rep.Conflicts) != 0 || !slices.Contains(rep.Departments, "梅城镇国土所") {
			t.Fatalf("report %+v", rep)
		}
		ms, _ := dst.Meetings(meeting.MeetingFilter{})
		cs, _ := dst.Cases(meeting.CaseFilter{Query: "塑料"})
		if len(ms) != 1 || len(cs) != 1 || cs[0].ID == other.ID || ms[0].Agenda[0].CaseID != cs[0].ID {
			t.Fatalf("meetings %+v, cases %+v", ms, cs)
		}
		if pending, _ := dst.PendingPDFs(); len(pending) != 1 || pending[0].Meeting != ms[0].ID {
			t.Errorf("pending PDFs %+v", pending)
		}
		if items, _ := dst.FollowUps(meeting.FollowUpFilter{Meeting: ms[0].ID}); len(items) != 1 || items[0].CaseID != cs[0].ID {
			t.Errorf("follow-up items %+v", items)
		}
		if problems, err := dst.VerifyAll(); err != nil || len(problems) > 0 {
			t.Errorf("VerifyAll: %+v, %v", problems, err)
		}
		if d := ms[0].Attendance[1]; d.DepartmentID == 0 {
			t.Errorf("the attendance row names no directory entry: %+v", d)
		}
		rep, err = dst.TransferIn("梅城镇便民服务中心", set.Records, nil)
		if err != nil || len(rep.Unchanged) != 2 || len(rep.Added) != 0 {
			t.Errorf("second import: %+v, %v", rep, err)
		}
	})

	t.Run("tampered revision", func(t *testing.T) {
		dst := openTest(t)
		before, _ := dst.Departments()
		records := map[string][]byte{}
		for name, data := range set.Records {
			records[name] = bytes.ReplaceAll(data, []byte("线下办理一期厂房"), []byte("线下办理二期厂房"))
		}
		_, err := dst.TransferIn("梅城镇", records, nil)
		wantCode(t, err, meeting.CodeCorrupt)
		after, _ := dst.Departments()
		cs, _ := dst.Cases(meeting.CaseFilter{})
		if len(cs) != 0 || len(after) != len(before) {
			t.Errorf("a refused import left %d cases and %d → %d departments", len(cs), len(before), len(after))
		}
	})

	t.Run("two PCs at once", func(t *testing.T) {
		db := newDB(t)
		pcs := []*Store{db.openAs(t, appLogin), db.openAs(t, appLogin)}
		reps := make([]meeting.TransferReport, len(pcs))
		errs := make([]error, len(pcs))
		var wg sync.WaitGroup
		for i, pc := range pcs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				reps[i], errs[i] = pc.TransferIn("梅城镇", set.Records, nil)
			}()
		}
		wg.Wait()
		added := 0
		for i := range pcs {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			added += len(reps[i].Added)
		}
		ms, _ := pcs[0].Meetings(meeting.MeetingFilter{})
		if added != 2 || len(ms) != 1 {
			t.Errorf("two imports at once added %d records, %d meetings", added, len(ms))
		}
	})
}
