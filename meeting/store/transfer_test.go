package store

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// transferAll exports everything in s.
func transferAll(t testing.TB, s *Store) TransferSet {
	t.Helper()
	set, err := s.TransferOut(TransferSelection{All: true})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// noFiles is a place function for packages without archived files.
func noFiles(t testing.TB) TransferPlace {
	return func(hash, suggested, owner string) (string, error) {
		t.Errorf("place(%s, %s) called for a package without files", hash, suggested)
		return suggested, nil
	}
}

// finalizedWithoutPDF stores a case and a meeting finalized without a place, so
// its PDF is pending, and a second draft meeting on the same case.
func finalizedWithoutPDF(t testing.TB, s *Store) (meeting.Case, meeting.Meeting) {
	t.Helper()
	c := saveCase(t, s, testCase())
	m := saveMeeting(t, s, testMeeting(c.ID))
	if _, err := s.Finalize(m.ID, time.Date(2026, 10, 12, 12, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	draft := testMeeting(c.ID)
	draft.Title = "关于二期厂房的后续协调会"
	saveMeeting(t, s, draft)
	return c, m
}

func TestTransferRoundTripInStore(t *testing.T) {
	a := openTest(t)
	c, m := finalizedWithoutPDF(t, a)
	set := transferAll(t, a)
	if set.Cases != 1 || set.Meetings != 2 || len(set.Files) != 0 {
		t.Fatalf("set: %d cases, %d meetings, %d files", set.Cases, set.Meetings, len(set.Files))
	}
	b := openTest(t)
	rep, err := b.TransferIn("梅城镇", set.Records, noFiles(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Added) != 3 || len(rep.Departments) != 0 {
		t.Fatalf("report %+v", rep)
	}
	back := transferAll(t, b)
	for name, data := range set.Records {
		if !bytes.Equal(back.Records[name], data) {
			t.Errorf("%s differs after the round trip:\n%s\nwant\n%s", name, back.Records[name], data)
		}
	}
	if len(back.Records) != len(set.Records) {
		t.Errorf("%d records after the round trip, want %d", len(back.Records), len(set.Records))
	}
	// The revision's PDF was pending at the sender: it is pending here too, so the
	// app renders it at its next start.
	pending, err := b.PendingPDFs()
	if err != nil || len(pending) != 1 || pending[0].Revision != 1 {
		t.Errorf("pending PDFs %v %v", pending, err)
	}
	// Attendance rows name this store's directory entries.
	dirs, _ := b.Departments()
	ids := map[string]meeting.ID{}
	for _, d := range dirs {
		ids[d.Name] = d.ID
	}
	got, _ := b.Meetings(meeting.MeetingFilter{State: meeting.StateFinalized})
	if len(got) != 1 || got[0].UID != m.UID {
		t.Fatalf("finalized meetings %+v", got)
	}
	// Search finds the imported records.
	if cs, _ := b.Cases(meeting.CaseFilter{Query: "塑料"}); len(cs) != 1 || cs[0].UID != c.UID {
		t.Errorf("case search after import: %+v", cs)
	}
	if ms, _ := b.Meetings(meeting.MeetingFilter{Query: "塑料"}); len(ms) != 2 {
		t.Errorf("meeting search after import: %d meetings", len(ms))
	}
	drafts, _ := b.Meetings(meeting.MeetingFilter{State: meeting.StateDraft})
	for _, a := range drafts[0].Attendance {
		if a.DepartmentID != ids[a.Department] || a.DepartmentID == 0 {
			t.Errorf("attendance %s has department ID %d, directory %d", a.Department, a.DepartmentID, ids[a.Department])
		}
	}
}

func TestTransferGivesOlderRecordsAStableUID(t *testing.T) {
	s := openTest(t)
	c, m := finalizedWithoutPDF(t, s)
	// A case and a finalized meeting as stored before UIDs existed.
	err := s.db.Update(func(tx *bbolt.Tx) error {
		var old meeting.Case
		if _, err := s.getJSON(tx, bucketCases, idKey(c.ID), &old); err != nil {
			return err
		}
		old.UID = ""
		if err := putJSON(tx, bucketCases, idKey(c.ID), old); err != nil {
			return err
		}
		var oldM meeting.Meeting
		if _, err := s.getJSON(tx, bucketMeetings, idKey(m.ID), &oldM); err != nil {
			return err
		}
		oldM.UID = ""
		return putJSON(tx, bucketMeetings, idKey(m.ID), oldM)
	})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := s.Case(c.ID)
	first := transferAll(t, s)
	after, _ := s.Case(c.ID)
	if after.UID == "" || !after.Updated.Equal(before.Updated) {
		t.Fatalf("case after export: UID %q, updated %v (was %v)", after.UID, after.Updated, before.Updated)
	}
	if _, ok := first.Records[TransferCasesDir+after.UID+".json"]; !ok {
		t.Errorf("the export does not carry the case under its new UID")
	}
	mAfter, _ := s.Meeting(m.ID)
	if _, ok := first.Records[TransferMeetingsDir+mAfter.UID+".json"]; mAfter.UID == "" || !ok {
		t.Errorf("the meeting got UID %q; the export carries it: %v", mAfter.UID, ok)
	}
	if audit, _ := s.Audit(m.ID); len(audit) != 2 {
		t.Errorf("giving the meeting a UID wrote to its audit log: %d entries", len(audit))
	}
	second := transferAll(t, s)
	for name, data := range first.Records {
		if !bytes.Equal(second.Records[name], data) {
			t.Errorf("%s differs between two exports", name)
		}
	}
}

func TestTransferInRefusesBadRecordsAndWritesNothing(t *testing.T) {
	a := openTest(t)
	finalizedWithoutPDF(t, a)
	set := transferAll(t, a)
	for _, tt := range []struct {
		name   string
		change func(records map[string][]byte)
		code   meeting.Code
		want   string
	}{
		{"invalid case", func(r map[string][]byte) {
			for name, data := range r {
				if strings.HasPrefix(name, TransferCasesDir) {
					r[name] = bytes.Replace(data, []byte(`"title": "已建厂房分期办理不动产权证"`), []byte(`"title": ""`), 1)
				}
			}
		}, meeting.CodeInvalid, "标题"},
		{"case renamed", func(r map[string][]byte) {
			for name, data := range r {
				if strings.HasPrefix(name, TransferCasesDir) {
					delete(r, name)
					r[TransferCasesDir+"0123.json"] = data
				}
			}
		}, meeting.CodeInvalid, "与文件名不符"},
		{"missing case", func(r map[string][]byte) {
			for name := range r {
				if strings.HasPrefix(name, TransferCasesDir) {
					delete(r, name)
				}
			}
		}, meeting.CodeInvalid, "既不在包中，也不在本机"},
		{"unknown field", func(r map[string][]byte) {
			r[TransferDepartments] = []byte(`[{"name":"税务局","seal":"x"}]`)
		}, meeting.CodeInvalid, "seal"},
		{"rewritten decision", func(r map[string][]byte) {
			for name, data := range r {
				if strings.HasPrefix(name, TransferMeetingsDir) {
					r[name] = bytes.ReplaceAll(data, []byte("线下办理一期厂房不动产登记"), []byte("不予办理"))
				}
			}
		}, meeting.CodeCorrupt, "指纹"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			records := map[string][]byte{}
			for k, v := range set.Records {
				records[k] = bytes.Clone(v)
			}
			tt.change(records)
			b := openTest(t)
			before := dump(t, b)
			_, err := b.TransferIn("", records, noFiles(t))
			e := wantCode(t, err, tt.code)
			if !strings.Contains(meeting.ErrorMessage(e), tt.want) || !strings.Contains(meeting.ErrorMessage(e), "未导入任何内容") {
				t.Errorf("message %q, want %q", meeting.ErrorMessage(e), tt.want)
			}
			if dump(t, b) != before {
				t.Errorf("a refused import changed the store")
			}
		})
	}
}

func TestTransferConflictsOnMeetings(t *testing.T) {
	a := openTest(t)
	finalizedWithoutPDF(t, a)
	set := transferAll(t, a)
	b := openTest(t)
	if _, err := b.TransferIn("", set.Records, noFiles(t)); err != nil {
		t.Fatal(err)
	}
	// The city edits the draft it received; a later save of the same content and
	// a new Updated stamp are not a conflict.
	drafts, _ := b.Meetings(meeting.MeetingFilter{State: meeting.StateDraft})
	d := drafts[0]
	d.Venue = "市政务服务中心五楼"
	saveMeeting(t, b, d)
	before := dump(t, b)
	rep, err := b.TransferIn("", set.Records, noFiles(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Conflicts) != 1 || len(rep.Unchanged) != 2 || len(rep.Added) != 0 {
		t.Fatalf("report %+v", rep)
	}
	if c := rep.Conflicts[0]; c.UID != d.UID || len(c.Fields) != 1 || c.Fields[0] != "会议地点" {
		t.Errorf("conflict %+v", c)
	}
	if dump(t, b) != before {
		t.Errorf("an import with conflicts changed the store")
	}
}

func TestTransferNewCaseOnAMeetingTheReceiverHas(t *testing.T) {
	// The city received the township's draft meeting; the township then puts a new
	// case on its agenda and sends it again. The new case comes in; the meeting is a
	// conflict, and the city's copy keeps its agenda.
	a := openTest(t)
	c := saveCase(t, a, testCase())
	m := saveMeeting(t, a, testMeeting(c.ID))
	b := openTest(t)
	if _, err := b.TransferIn("", transferAll(t, a).Records, noFiles(t)); err != nil {
		t.Fatal(err)
	}
	extra := saveCase(t, a, testPersonCase())
	m.Agenda = append(m.Agenda, meeting.AgendaItem{CaseID: extra.ID, Summary: "老旧小区房屋办证"})
	saveMeeting(t, a, m)

	set, err := a.TransferOut(TransferSelection{Cases: []meeting.ID{extra.ID}})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := b.TransferIn("", set.Records, noFiles(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Added) != 1 || rep.Added[0].UID != extra.UID || len(rep.Unchanged) != 1 || len(rep.Conflicts) != 1 {
		t.Fatalf("report %+v", rep)
	}
	if got := strings.Join(rep.Conflicts[0].Fields, "、"); got != "议题与议定事项、议题关联的诉求" {
		t.Errorf("conflict fields %s", got)
	}
	local, _ := b.Meetings(meeting.MeetingFilter{})
	if len(local) != 1 || len(local[0].Agenda) != 1 {
		t.Errorf("the city's meeting changed: %+v", local)
	}
	if cs, _ := b.Cases(meeting.CaseFilter{}); len(cs) != 2 {
		t.Errorf("%d cases, want 2", len(cs))
	}
}
