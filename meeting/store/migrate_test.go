package store

import (
	"encoding/binary"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

var update = flag.Bool("update", false, "rewrite the files under testdata")

// schema1Fixture is a data file of the first schema: records and number counters,
// without the indexes that schema 2 added. It is committed; regenerate it with
//
//	go test ./meeting/store -run TestMigrateSchema1 -update
//
// only if the generator below was wrong, never to follow a change of the current
// schema: the point is to keep a file as the first release wrote it.
const schema1Fixture = "testdata/schema1.db"

// writeSchema1Fixture writes schema1Fixture with bbolt alone, the way the first
// schema laid records out: two departments (the directory already edited by the
// office), two cases, a meeting finalized as 〔2026〕1号 with its revision snapshot,
// and a draft meeting.
func writeSchema1Fixture(t *testing.T, path string) {
	t.Helper()
	os.Remove(path)
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := time.Date(2026, 10, 12, 11, 30, 0, 0, time.UTC)
	put := func(tx *bbolt.Tx, bucket string, v any) meeting.ID {
		b := tx.Bucket([]byte(bucket))
		n, err := b.NextSequence()
		if err != nil {
			t.Fatal(err)
		}
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Put(binary.BigEndian.AppendUint64(nil, n), data); err != nil {
			t.Fatal(err)
		}
		return meeting.ID(n)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		for _, name := range []string{"meta", "departments", "cases", "meetings", "revisions", "numbers"} {
			if _, err := tx.CreateBucket([]byte(name)); err != nil {
				return err
			}
		}
		meta := tx.Bucket([]byte("meta"))
		if err := meta.Put([]byte("schema"), binary.BigEndian.AppendUint64(nil, 1)); err != nil {
			return err
		}
		if err := meta.Put([]byte("seeded"), []byte{1}); err != nil {
			return err
		}
		put(tx, "departments", meeting.Department{ID: 1, Name: "自然资源和规划局", ShortName: "资规局", Sections: []string{"不动产登记科"}, Active: true, Order: 1})
		put(tx, "departments", meeting.Department{ID: 2, Name: "住房和城乡建设局", ShortName: "住建局", Active: true, Order: 2})

		c1, c2 := testCase(), testPersonCase()
		c1.ID, c1.UID, c1.Created, c1.Updated = 1, "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1", at, at
		c2.ID, c2.UID, c2.Created, c2.Updated = 2, "c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2", at, at
		put(tx, "cases", c1)
		put(tx, "cases", c2)

		mn := meeting.Minutes{Meeting: testMeeting(1), Cases: []meeting.Case{c1}}
		m := &mn.Meeting
		m.ID, m.UID, m.Created = 1, "m1m1m1m1m1m1m1m1m1m1m1m1m1m1m1m1", at
		m.Agenda[0].Decisions[0].UID = "d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1"
		if err := meeting.Finalize(&mn, meeting.DocNumber{Year: 2026, Seq: 1}, at); err != nil {
			return err
		}
		put(tx, "meetings", *m)
		if err := tx.Bucket([]byte("revisions")).Put(binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint64(nil, 1), 1), mustJSON(t, mn)); err != nil {
			return err
		}
		if err := tx.Bucket([]byte("numbers")).Put(binary.BigEndian.AppendUint32(nil, 2026), binary.BigEndian.AppendUint64(nil, 1)); err != nil {
			return err
		}

		draft := testMeeting(2)
		draft.ID, draft.UID, draft.Created, draft.Updated = 2, "m2m2m2m2m2m2m2m2m2m2m2m2m2m2m2m2", at, at
		draft.Title = "关于老旧小区房屋办证的协调会"
		draft.Date = meeting.Date{Year: 2026, Month: 10, Day: 20}
		draft.Agenda[0].Decisions[0].Due = meeting.Date{Year: 2026, Month: 11, Day: 20}
		draft.Agenda[0].Decisions[0].UID = "d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2"
		put(tx, "meetings", draft)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// copyFixture puts the schema-1 fixture into a new data directory.
func copyFixture(t *testing.T) string {
	t.Helper()
	if *update {
		writeSchema1Fixture(t, schema1Fixture)
	}
	data, err := os.ReadFile(schema1Fixture)
	if err != nil {
		t.Fatalf("%v (generate it with -update)", err)
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, FileName), data)
	return dir
}

func TestMigrateSchema1(t *testing.T) {
	dir := copyFixture(t)
	clk := newClock()
	s := openDir(t, dir, WithClock(clk.now))

	var version uint64
	_ = s.db.View(func(tx *bbolt.Tx) (err error) { version, err = schemaOf(tx); return err })
	if version != schemaVersion {
		t.Errorf("schema %d after opening, want %d", version, schemaVersion)
	}
	pre := filepath.Join(dir, BackupDirName, "backstop-2026-10-12-schema1.db")
	if err := verifyFile(pre); err != nil {
		t.Errorf("no usable copy of the file as it was before the upgrade: %v", err)
	}

	// The indexes were built from the records.
	tests := []struct {
		query string
		want  []meeting.ID
	}{
		{"", []meeting.ID{2, 1}},
		{"塑料母料", []meeting.ID{1}},
		{"王秀英", []meeting.ID{2}},
		{"phase one", []meeting.ID{2, 1}},
	}
	for _, tt := range tests {
		ms, err := s.Meetings(meeting.MeetingFilter{Query: tt.query})
		if err != nil {
			t.Fatal(err)
		}
		var got []meeting.ID
		for _, m := range ms {
			got = append(got, m.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("after migration, query %q finds %v, want %v", tt.query, got, tt.want)
		}
	}
	if cs, _ := s.Cases(meeting.CaseFilter{Category: meeting.CategoryLivelihood}); len(cs) != 1 || cs[0].ID != 2 {
		t.Errorf("after migration, the case index lists %v", cs)
	}

	// The records are as schema 1 wrote them, and the counters carry on.
	if ds, _ := s.Departments(); len(ds) != 2 {
		t.Errorf("the directory has %d entries after migration, want the office's 2 (no re-seeding)", len(ds))
	}
	fin, err := s.Minutes(1)
	if err != nil {
		t.Fatal(err)
	}
	if fin.Meeting.Number.String() != "〔2026〕1号" || fin.CurrentRevision().Fingerprint != fin.Meeting.Revisions[0].Fingerprint ||
		fin.Fingerprint() != fin.Meeting.Revisions[0].Fingerprint {
		t.Errorf("the finalized meeting no longer reproduces its fingerprint after migration")
	}

	// Schema 3: the audit log is rebuilt from the records, marked as such, and the
	// revision finalized before the upgrade waits for its PDF.
	at := time.Date(2026, 10, 12, 11, 30, 0, 0, time.UTC)
	for id, want := range map[meeting.ID][]meeting.AuditAction{
		1: {meeting.AuditCreate, meeting.AuditFinalize},
		2: {meeting.AuditCreate},
	} {
		entries, err := s.Audit(id)
		if err != nil {
			t.Fatal(err)
		}
		var got []meeting.AuditAction
		for _, e := range entries {
			got = append(got, e.Action)
			if !strings.HasSuffix(e.Detail, rebuiltNote) || !e.At.Equal(at) {
				t.Errorf("rebuilt entry of meeting %d: %+v", id, e)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("meeting %d: rebuilt audit %v, want %v", id, got, want)
		}
	}
	if pending, err := s.PendingPDFs(); err != nil || !slices.Equal(pending, []meeting.RevisionRef{{Meeting: 1, Revision: 1}}) {
		t.Errorf("PendingPDFs after migration = %v, %v; want meeting 1 revision 1", pending, err)
	}
	if problems, err := s.VerifyAll(); err != nil || len(problems) > 0 {
		t.Errorf("VerifyAll after migration: %v %v", problems, err)
	}

	// Schema 4: the finalized meeting's decisions are followed, pending, from its
	// latest revision; the draft has none.
	fin1, err := s.RevisionMinutes(1, 1)
	if err != nil {
		t.Fatal(err)
	}
	want1 := meeting.FollowUpsFor(fin1)
	for id, want := range map[meeting.ID]int{1: len(want1), 2: 0} {
		items, err := s.FollowUps(meeting.FollowUpFilter{Meeting: id})
		if err != nil || len(items) != want {
			t.Errorf("meeting %d after migration: %d follow-up items (%v), want %d", id, len(items), err, want)
		}
		for _, f := range items {
			if f.Status != meeting.FollowUpPending || f.Revision != 1 || f.Number.String() != "〔2026〕1号" {
				t.Errorf("migrated follow-up item %+v, want pending of 〔2026〕1号 revision 1", f)
			}
		}
	}
	if len(want1) == 0 {
		t.Errorf("the fixture's finalized meeting has no decisions to follow")
	}
	recordPDF(t, s, 1, 1)
	if pending, _ := s.PendingPDFs(); len(pending) != 0 {
		t.Errorf("PendingPDFs after recording the PDF = %v", pending)
	}

	mn, err := s.Finalize(2, clk.now())
	if err != nil {
		t.Fatal(err)
	}
	if got := mn.Meeting.Number.String(); got != "〔2026〕2号" {
		t.Errorf("the next number after migration is %s, want 〔2026〕2号", got)
	}
	c := saveCase(t, s, testCase())
	if c.ID != 3 {
		t.Errorf("the next case ID after migration is %d, want 3", c.ID)
	}

	// Opening again does not migrate again.
	s.Close()
	s = openDir(t, dir, WithClock(clk.now))
	if ms, _ := s.Meetings(meeting.MeetingFilter{}); len(ms) != 2 {
		t.Errorf("%d meetings after reopening, want 2", len(ms))
	}
	want := []meeting.AuditAction{meeting.AuditCreate, meeting.AuditFinalize} // rebuilt once, then finalized
	if got := auditActions(t, s, 2); !slices.Equal(got, want) {
		t.Errorf("meeting 2's audit after reopening: %v, want %v", got, want)
	}
}

func TestRestoreSchema1BackupThenMigrate(t *testing.T) {
	dir := t.TempDir()
	openDir(t, dir).Close()
	if _, err := Restore(dir, schema1Fixture); err != nil {
		t.Fatalf("Restore of a schema-1 backup: %v", err)
	}
	s := openDir(t, dir)
	if ms, err := s.Meetings(meeting.MeetingFilter{Query: "塑料母料"}); err != nil || len(ms) != 1 {
		t.Errorf("restored schema-1 data not migrated: %d meetings, %v", len(ms), err)
	}
}

// schema5Fixture is a data file as Backstop wrote it at schema 5 (commit cf380e9):
// the two example meetings imported and finalized with `backstop import` and
// `backstop finalize`, the second reporting on the first's decisions. It cannot be
// regenerated by this code, which writes the current schema.
const schema5Fixture = "testdata/schema5.db"

// TestMigrateSchema5 upgrades the schema-5 file: each finalized revision not archived
// gets its excerpts due, in the meeting and the snapshot, and nothing else changes.
func TestMigrateSchema5(t *testing.T) {
	data, err := os.ReadFile(schema5Fixture)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, FileName), data)
	before := map[meeting.ID]meeting.Meeting{}
	{
		db, err := bbolt.Open(filepath.Join(dir, FileName), 0o600, &bbolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		s := &Store{}
		_ = db.View(func(tx *bbolt.Tx) error {
			v, _ := schemaOf(tx)
			if v != 5 {
				t.Fatalf("the fixture is schema %d", v)
			}
			return tx.Bucket(bucketMeetings).ForEach(func(k, v []byte) error {
				var m meeting.Meeting
				if err := s.decode(bucketMeetings, k, v, &m); err != nil {
					return err
				}
				before[m.ID] = m
				return nil
			})
		})
		db.Close()
	}
	s := openDir(t, dir)
	ms, err := s.Meetings(meeting.MeetingFilter{})
	if err != nil || len(ms) != 2 {
		t.Fatalf("%d meetings after migration (%v)", len(ms), err)
	}
	for _, m := range ms {
		b := before[m.ID]
		if len(m.Revisions) != 1 || m.Revisions[0].Fingerprint != b.Revisions[0].Fingerprint || m.Number != b.Number {
			t.Errorf("meeting %d changed beyond its deliveries", m.ID)
		}
		if !slices.Equal(departmentsOf(m.Revisions[0].Deliveries), m.AttendingDepartments()) || len(m.Undelivered()) != len(m.AttendingDepartments()) {
			t.Errorf("meeting %d has deliveries %v, want every attending department due", m.ID, departmentsOf(m.Revisions[0].Deliveries))
		}
		snap, err := s.RevisionMinutes(m.ID, 1)
		if err != nil || len(snap.Meeting.Revisions[0].Deliveries) != len(m.AttendingDepartments()) {
			t.Errorf("the snapshot of meeting %d has no deliveries (%v)", m.ID, err)
		}
	}
	second, _ := s.Meeting(2)
	if len(second.CarryOver) != 4 || len(second.Agenda[0].Positions) == 0 {
		t.Errorf("the second meeting lost its carry-over (%d) or positions (%d)", len(second.CarryOver), len(second.Agenda[0].Positions))
	}
	if _, err := s.Deliver(2, meeting.DeliveryRecord{Department: second.Attendance[1].Department, Method: meeting.DeliveredOnSite, On: second.Date, ReceivedBy: "张华"}, time.Date(2026, 11, 16, 12, 0, 0, 0, time.UTC)); err != nil {
		t.Errorf("delivery on a migrated meeting: %v", err)
	}
}

func departmentsOf(ds []meeting.Delivery) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Department)
	}
	return out
}
