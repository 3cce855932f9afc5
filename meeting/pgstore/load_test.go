package pgstore

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"backstop/meeting"
)

// ownerLogin is a login member of backstop_owner: the administrator's login that
// applies migrations and loads a moved office.
const ownerLogin = "owner_login"

var ownerOnce sync.Once

// openOwner opens a fresh migrated database as the owner's login.
func openOwner(t testing.TB) (testDB, *Store) {
	t.Helper()
	db := newDB(t)
	ownerOnce.Do(func() { db.srv.Exec(t, "CREATE ROLE "+ownerLogin+" LOGIN IN ROLE "+OwnerRole) })
	return db, db.openAs(t, ownerLogin)
}

// loadBatch is a small store as a bbolt file would give it: IDs with gaps, a
// deleted draft whose audit log stays, a renamed department, a year's counter.
func loadBatch() *Batch {
	at := time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
	ds := meeting.DefaultDirectory()
	for i := range ds {
		ds[i].ID = meeting.ID(i + 1)
	}
	ds[0].Name = "行政审批服务管理办公室（兜底办）"
	ds = append(ds, meeting.Department{ID: 40, Name: "数据资源管理局", Order: 99})
	c := meeting.Case{
		ID: 7, UID: "case-uid-7", Applicant: meeting.Applicant{Kind: meeting.Person, Name: "陈建国"},
		Category: meeting.Categories[1], Channel: meeting.ChannelHotline, Received: meeting.Date{Year: 2026, Month: 8, Day: 3},
		Title: "老房子不动产权证办理", Request: "请求办证。", Status: meeting.CaseOpen, Created: at, Updated: at,
	}
	m := finalizable(7, meeting.Date{Year: 2026, Month: 9, Day: 2})
	m.ID, m.UID, m.State, m.Created, m.Updated = 12, "meeting-uid-12", meeting.StateDraft, at, at
	m.Title = "关于陈建国老房子办证的协调会"
	m.Agenda[0].Decisions[0].UID = "decision-uid"
	return &Batch{
		Departments: ds,
		Cases:       []meeting.Case{c},
		Meetings:    []meeting.Meeting{m},
		Audit: []LoadAudit{
			{Seq: 3, Meeting: 11, Entry: meeting.AuditEntry{At: at, Action: meeting.AuditCreate, Detail: "新建"}},
			{Seq: 5, Meeting: 12, Entry: meeting.AuditEntry{At: at.Add(time.Minute), Action: meeting.AuditCreate, Detail: "新建"}},
			{Seq: 8, Meeting: 11, Entry: meeting.AuditEntry{At: at.Add(2 * time.Minute), Action: meeting.AuditDelete, Detail: "删除草稿"}},
			{Seq: 9, Meeting: 12, Entry: meeting.AuditEntry{At: at.Add(3 * time.Minute), Action: meeting.AuditEdit, Detail: "修改标题"}},
		},
		Numbers: map[int]int{2026: 4},
		LastIDs: LastIDs{Departments: 40, Cases: 9, Meetings: 15, FollowUps: 3, Audit: 20},
	}
}

// TestLoad: records keep their IDs, the logs their order and times, and the
// sequences and the year's counter continue after what the source gave out.
func TestLoad(t *testing.T) {
	db, owner := openOwner(t)
	b := loadBatch()
	file := []byte("%PDF-1.7 minutes")
	b.Files = func(put func(path string, content []byte, hash string) error) error {
		return put("2026/5-协调会/r1.pdf", file, hashOf(file))
	}
	if err := owner.Load(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	s := db.openAs(t, appLogin)
	ds, err := s.Departments()
	if err != nil || len(ds) != len(b.Departments) || ds[0].Name != b.Departments[0].Name || ds[len(ds)-1].ID != 40 {
		t.Fatalf("Departments = %v, %v", ds, err)
	}
	m, err := s.Meeting(12)
	if err != nil || m.UID != "meeting-uid-12" || m.Agenda[0].CaseID != 7 {
		t.Fatalf("Meeting(12) = %+v, %v", m, err)
	}
	if ms, err := s.Meetings(meeting.MeetingFilter{Query: "陈建国"}); err != nil || len(ms) != 1 {
		t.Errorf("search by the agenda's applicant: %d meetings, %v", len(ms), err)
	}
	for id, want := range map[meeting.ID][]string{11: {"新建", "删除草稿"}, 12: {"新建", "修改标题"}} {
		log, err := s.Audit(id)
		if err != nil || len(log) != len(want) {
			t.Fatalf("Audit(%d) = %v, %v", id, log, err)
		}
		for i, e := range log {
			if src := b.Audit[entryIndex(b.Audit, id, i)].Entry; e.Detail != want[i] || !e.At.Equal(src.At) {
				t.Errorf("Audit(%d)[%d] = %+v", id, i, e)
			}
		}
	}
	if got, err := s.File("2026/5-协调会/r1.pdf", hashOf(file)); err != nil || string(got) != string(file) {
		t.Errorf("File = %q, %v", got, err)
	}
	counts, err := s.Counts()
	if err != nil || counts.Meetings != 1 || counts.Audit != 4 || counts.Files != 1 || counts.Numbers[2026] != 4 {
		t.Errorf("Counts = %+v, %v", counts, err)
	}

	// New records continue after the source's last IDs, not after the highest loaded.
	c := meeting.Case{Applicant: meeting.Applicant{Kind: meeting.Person, Name: "李四"}, Category: meeting.Categories[1],
		Channel: meeting.ChannelHotline, Received: meeting.Date{Year: 2026, Month: 9, Day: 3}, Title: "办证", Request: "请求办证。"}
	if err := s.SaveCase(&c); err != nil || c.ID != 10 {
		t.Errorf("new case ID %d (%v), want 10", c.ID, err)
	}
	d := meeting.Department{Name: "林业局", Order: 100}
	if err := s.SaveDepartment(&d); err != nil || d.ID != 41 {
		t.Errorf("new department ID %d (%v), want 41", d.ID, err)
	}
	next := finalizable(c.ID, meeting.Date{Year: 2026, Month: 9, Day: 9})
	if err := s.SaveMeeting(&next); err != nil || next.ID != 16 {
		t.Fatalf("new meeting ID %d (%v), want 16", next.ID, err)
	}
	mn, err := s.Finalize(next.ID, time.Date(2026, 9, 9, 12, 0, 0, 0, time.UTC))
	if err != nil || mn.Meeting.Number.Seq != 5 {
		t.Fatalf("finalized as %v (%v), want 〔2026〕5号", mn.Meeting.Number, err)
	}
	items, err := s.FollowUps(meeting.FollowUpFilter{Meeting: next.ID})
	if err != nil || len(items) != 1 || items[0].ID != 4 {
		t.Errorf("new item %v (%v), want ID 4", items, err)
	}
	log, _ := s.Audit(next.ID)
	if len(log) == 0 {
		t.Fatal("no audit entries for the new meeting")
	}
	var seq int64
	if err := db.connect(t, ownerLogin).QueryRow(context.Background(), "SELECT min(id) FROM audit_log WHERE meeting_id = $1", int64(next.ID)).Scan(&seq); err != nil || seq <= 20 {
		t.Errorf("the new meeting's first audit entry has sequence %d (%v), want > 20", seq, err)
	}
	if problems, err := s.VerifyAll(); err != nil || len(problems) > 0 {
		t.Errorf("VerifyAll = %v, %v", problems, err)
	}
}

// entryIndex returns the position in b's log of meeting id's i-th entry.
func entryIndex(log []LoadAudit, id meeting.ID, i int) int {
	for k, a := range log {
		if a.Meeting == id {
			if i == 0 {
				return k
			}
			i--
		}
	}
	return -1
}

// TestLoadRefusals: a database that is not empty, and a login that is not the
// owner's, are refused with a message saying why, and nothing is written.
func TestLoadRefusals(t *testing.T) {
	t.Run("not empty", func(t *testing.T) {
		db, owner := openOwner(t)
		s := db.openAs(t, appLogin)
		c := meeting.Case{Applicant: meeting.Applicant{Kind: meeting.Person, Name: "李四"}, Category: meeting.Categories[1],
			Channel: meeting.ChannelHotline, Received: meeting.Date{Year: 2026, Month: 9, Day: 3}, Title: "办证", Request: "请求办证。"}
		if err := s.SaveCase(&c); err != nil {
			t.Fatal(err)
		}
		e := wantCode(t, owner.Load(context.Background(), loadBatch()), meeting.CodeConflict)
		if !strings.Contains(e.Message, "不是空的") || !strings.Contains(e.Message, "1 条诉求") {
			t.Errorf("message %q", e.Message)
		}
		if cs, _ := s.Cases(meeting.CaseFilter{}); len(cs) != 1 {
			t.Errorf("%d cases after the refusal", len(cs))
		}
	})
	t.Run("directory changed", func(t *testing.T) {
		db, owner := openOwner(t)
		s := db.openAs(t, appLogin)
		d := meeting.Department{Name: "林业局", Order: 100}
		if err := s.SaveDepartment(&d); err != nil {
			t.Fatal(err)
		}
		e := wantCode(t, owner.Load(context.Background(), loadBatch()), meeting.CodeConflict)
		if !strings.Contains(e.Message, "参会单位名录") {
			t.Errorf("message %q", e.Message)
		}
	})
	t.Run("twice", func(t *testing.T) {
		_, owner := openOwner(t)
		if err := owner.Load(context.Background(), loadBatch()); err != nil {
			t.Fatal(err)
		}
		wantCode(t, owner.Load(context.Background(), loadBatch()), meeting.CodeConflict)
	})
	t.Run("app login", func(t *testing.T) {
		s := openTest(t)
		e := wantCode(t, s.Load(context.Background(), loadBatch()), meeting.CodeReadOnly)
		if !strings.Contains(e.Message, OwnerRole) {
			t.Errorf("message %q", e.Message)
		}
		if ms, _ := s.Meetings(meeting.MeetingFilter{}); len(ms) != 0 {
			t.Errorf("%d meetings after the refusal", len(ms))
		}
	})
	t.Run("bad file rolls back", func(t *testing.T) {
		db, owner := openOwner(t)
		b := loadBatch()
		b.Files = func(put func(path string, content []byte, hash string) error) error {
			return put("2026/r1.pdf", []byte("pdf"), hashOf([]byte("another pdf")))
		}
		wantCode(t, owner.Load(context.Background(), b), meeting.CodeInvalid)
		counts, err := db.openAs(t, appLogin).Counts()
		if err != nil || counts.Meetings != 0 || counts.Audit != 0 || counts.Departments != len(meeting.DefaultDirectory()) {
			t.Errorf("after a failed load: %+v, %v", counts, err)
		}
		if err := owner.Load(context.Background(), loadBatch()); err != nil {
			t.Errorf("loading again after the failure: %v", err)
		}
	})
}
