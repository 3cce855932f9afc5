package store

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

func departmentsOf(ds []meeting.Delivery) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Department)
	}
	return out
}

// TestDeliveriesFollowTheRevision: finalizing makes every attending department's
// excerpt due; a delivery is recorded with its audit entry, in the meeting and the
// snapshot, can be corrected until its receipt is attached, and survives an
// amendment; the next revision has its own deliveries.
func TestDeliveriesFollowTheRevision(t *testing.T) {
	clk := newClock()
	s := openTest(t, WithClock(clk.now))
	c := saveCase(t, s, testCase())
	m := saveMeeting(t, s, testMeeting(c.ID))
	if _, err := s.Deliver(m.ID, meeting.DeliveryRecord{Department: "自然资源和规划局", Method: meeting.DeliveredOnSite, On: m.Date, ReceivedBy: "张华"}, clk.now()); err == nil {
		t.Fatal("a draft took a delivery")
	}
	if _, err := s.Finalize(m.ID, clk.now()); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Meeting(m.ID)
	want := []string{"行政审批服务管理办公室", "自然资源和规划局", "住房和城乡建设局"} // 税务局 was excused
	if d := departmentsOf(got.Revisions[0].Deliveries); !slices.Equal(d, want) {
		t.Fatalf("deliveries due %v, want the attending departments %v", d, want)
	}
	if u := got.Undelivered(); !slices.Equal(u, want) {
		t.Errorf("undelivered %v", u)
	}
	fingerprint := got.Revisions[0].Fingerprint

	bad := []struct {
		rec  meeting.DeliveryRecord
		code meeting.Code
		msg  string
	}{
		{meeting.DeliveryRecord{Department: "税务局", Method: meeting.DeliveredOnSite, On: m.Date, ReceivedBy: "赵丽"}, meeting.CodeNotFound, "「税务局」不在会议纪要〔2026〕1号第 1 版的分送单位中。分送单位：行政审批服务管理办公室、自然资源和规划局、住房和城乡建设局。"},
		{meeting.DeliveryRecord{Department: "自然资源和规划局", Method: "fax", On: m.Date, ReceivedBy: "张华"}, meeting.CodeInvalid, "请选择送达方式（当场领取、邮寄或内网）。"},
		{meeting.DeliveryRecord{Department: "自然资源和规划局", Method: meeting.DeliveredByPost, On: m.Date}, meeting.CodeInvalid, "请填写签收人。"},
		{meeting.DeliveryRecord{Department: "自然资源和规划局", Method: meeting.DeliveredByPost, On: meeting.Date{Year: 2026, Month: 10, Day: 11}, ReceivedBy: "张华"}, meeting.CodeInvalid, "送达日期2026年10月11日早于会议日期2026年10月12日。"},
		{meeting.DeliveryRecord{Department: "自然资源和规划局", Method: meeting.DeliveredByPost, On: meeting.Date{Year: 2026, Month: 10, Day: 13}, ReceivedBy: "张华"}, meeting.CodeInvalid, "送达日期2026年10月13日晚于今天（2026年10月12日），不能预先登记。"},
	}
	for _, b := range bad {
		_, err := s.Deliver(m.ID, b.rec, clk.now())
		if e := wantCode(t, err, b.code); !strings.Contains(e.Error(), b.msg) {
			t.Errorf("Deliver(%+v) says %q, want %q", b.rec, e.Error(), b.msg)
		}
	}

	rec := meeting.DeliveryRecord{Department: "自然资源和规划局", Method: meeting.DeliveredByPost, On: m.Date, ReceivedBy: "张华"}
	if _, err := s.Deliver(m.ID, rec, clk.now()); err != nil {
		t.Fatal(err)
	}
	rec.Method = meeting.DeliveredOnSite // corrected: handed over in the room after all
	got, err := s.Deliver(m.ID, rec, clk.now())
	if err != nil {
		t.Fatal(err)
	}
	d := got.Revisions[0].Deliveries[1]
	if d.Method != meeting.DeliveredOnSite || d.ReceivedBy != "张华" || d.On != m.Date || d.RecordedAt.IsZero() {
		t.Errorf("delivery stored as %+v", d)
	}
	if got.Revisions[0].Fingerprint != fingerprint {
		t.Error("a delivery changed the fingerprint")
	}
	snap, _ := s.RevisionMinutes(m.ID, 1)
	if !slices.Equal(departmentsOf(snap.Meeting.Revisions[0].Deliveries), want) || !snap.Meeting.Revisions[0].Deliveries[1].Delivered() {
		t.Errorf("the snapshot's deliveries are %+v", snap.Meeting.Revisions[0].Deliveries)
	}
	entries, _ := s.Audit(m.ID)
	last := entries[len(entries)-1]
	if last.Action != meeting.AuditDeliver || last.Detail != "第 1 版「自然资源和规划局」的分送件已送达：2026年10月12日 当场领取，签收人 张华" {
		t.Errorf("audit entry %+v", last)
	}

	receipt := meeting.Scan{Hash: strings.Repeat("ab", 32), Path: "2026/1/receipt-r1-2-自然资源和规划局.pdf", MediaType: "application/pdf", Size: 10}
	if _, err := s.AttachReceipt(m.ID, "住房和城乡建设局", receipt, clk.now()); err == nil {
		t.Error("a receipt was attached to an excerpt not delivered")
	}
	if _, err := s.AttachReceipt(m.ID, "自然资源和规划局", receipt, clk.now()); err != nil {
		t.Fatal(err)
	}
	_, err = s.Deliver(m.ID, rec, clk.now())
	wantCode(t, err, meeting.CodeConflict)

	// An amendment keeps revision 1's deliveries recordable; revision 2 has its own.
	if _, err := s.Amend(m.ID, "更正办理时限", clk.now()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Deliver(m.ID, meeting.DeliveryRecord{Department: "住房和城乡建设局", Method: meeting.DeliveredIntranet, On: m.Date, ReceivedBy: "陈刚"}, clk.now()); err != nil {
		t.Fatalf("revision 1's excerpt during the amendment: %v", err)
	}
	if _, err := s.Finalize(m.ID, clk.now()); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Meeting(m.ID)
	if n := len(got.Undelivered()); n != 3 {
		t.Errorf("revision 2 has %d excerpts due, want 3", n)
	}
	if u := got.Revisions[0].Deliveries; !u[1].Delivered() || !u[2].Delivered() || u[0].Delivered() {
		t.Errorf("revision 1's deliveries changed: %+v", u)
	}
	und, err := s.Undelivered()
	if err != nil || len(und) != 1 || und[0].ID != m.ID {
		t.Errorf("Undelivered = %v, %v", und, err)
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

// TestDeliveryRecordedAgainLogsNothing: the same record twice is one audit entry.
func TestDeliveryRecordedAgainLogsNothing(t *testing.T) {
	clk := newClock()
	s := openTest(t, WithClock(clk.now))
	c := saveCase(t, s, testCase())
	m := saveMeeting(t, s, testMeeting(c.ID))
	if _, err := s.Finalize(m.ID, clk.now()); err != nil {
		t.Fatal(err)
	}
	rec := meeting.DeliveryRecord{Department: "自然资源和规划局", Method: meeting.DeliveredOnSite, On: m.Date, ReceivedBy: "张华"}
	for i := 0; i < 2; i++ {
		if _, err := s.Deliver(m.ID, rec, clk.now()); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := s.Audit(m.ID)
	n := 0
	for _, e := range entries {
		if e.Action == meeting.AuditDeliver {
			n++
			if e.Detail == "" {
				t.Error("a delivery entry without detail")
			}
		}
	}
	if n != 1 {
		t.Errorf("%d delivery entries for one delivery recorded twice", n)
	}
}
