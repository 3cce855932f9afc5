package storecontract

import (
	"slices"
	"strings"
	"testing"

	"backstop/meeting"
)

func departmentsOf(ds []meeting.Delivery) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Department)
	}
	return out
}

// testDeliveries: finalizing makes every attending department's excerpt due; a
// delivery is recorded with its audit entry, in the meeting and the snapshot, can be
// corrected until its receipt is attached, and survives an amendment; the next
// revision has its own deliveries.
func testDeliveries(t *testing.T, open Opener) {
	clk := newClock()
	s := open(t, clk.now)
	c := SaveCase(t, s, NewCase())
	m := SaveMeeting(t, s, NewMeeting(c.ID))
	rec := meeting.DeliveryRecord{Department: "自然资源和规划局", Method: meeting.DeliveredByPost, On: m.Date, ReceivedBy: "张华"}
	if _, err := s.Deliver(m.ID, rec, clk.now()); err == nil {
		t.Fatal("a draft took a delivery")
	}
	if _, err := s.Finalize(m.ID, clk.now()); err != nil {
		t.Fatal(err)
	}
	got, err := s.Meeting(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"行政审批服务管理办公室", "自然资源和规划局", "住房和城乡建设局"} // 税务局 was excused
	if d := departmentsOf(got.Revisions[0].Deliveries); !slices.Equal(d, want) {
		t.Fatalf("deliveries due %v, want the attending departments %v", d, want)
	}
	if u := got.Undelivered(); !slices.Equal(u, want) {
		t.Errorf("undelivered %v, want %v", u, want)
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
		before := state(t, s)
		_, err := s.Deliver(m.ID, b.rec, clk.now())
		if e := WantCode(t, err, b.code); !strings.Contains(e.Error(), b.msg) {
			t.Errorf("Deliver(%+v) says %q, want %q", b.rec, e.Error(), b.msg)
		}
		if state(t, s) != before {
			t.Errorf("a refused delivery (%+v) changed the store", b.rec)
		}
	}

	if _, err := s.Deliver(m.ID, rec, clk.now()); err != nil {
		t.Fatal(err)
	}
	rec.Method = meeting.DeliveredOnSite // corrected: handed over in the room after all
	if got, err = s.Deliver(m.ID, rec, clk.now()); err != nil {
		t.Fatal(err)
	}
	d := got.Revisions[0].Deliveries[1]
	if d.Method != meeting.DeliveredOnSite || d.ReceivedBy != "张华" || d.On != m.Date || d.RecordedAt.IsZero() {
		t.Errorf("delivery stored as %+v", d)
	}
	if got.Revisions[0].Fingerprint != fingerprint {
		t.Error("a delivery changed the fingerprint")
	}
	snap, err := s.RevisionMinutes(m.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(departmentsOf(snap.Meeting.Revisions[0].Deliveries), want) || !snap.Meeting.Revisions[0].Deliveries[1].Delivered() {
		t.Errorf("the snapshot's deliveries are %+v", snap.Meeting.Revisions[0].Deliveries)
	}
	entries, _ := s.Audit(m.ID)
	last := entries[len(entries)-1]
	if last.Action != meeting.AuditDeliver || last.Detail != "第 1 版「自然资源和规划局」的分送件已送达：2026年10月12日 当场领取，签收人 张华" {
		t.Errorf("audit entry %+v", last)
	}
	// The same record again changes nothing: no second entry.
	if _, err := s.Deliver(m.ID, rec, clk.now()); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.Audit(m.ID); len(again) != len(entries) {
		t.Errorf("recording the same delivery again: %d audit entries, want %d", len(again), len(entries))
	}
	if und, err := s.Undelivered(); err != nil || len(und) != 1 || und[0].ID != m.ID {
		t.Errorf("Undelivered = %v, %v", und, err)
	}

	receipt := meeting.Scan{Hash: strings.Repeat("ab", 32), Path: "2026/1/receipt-r1-2.pdf", MediaType: "application/pdf", Size: 10}
	if _, err := s.AttachReceipt(m.ID, "住房和城乡建设局", receipt, clk.now()); err == nil {
		t.Error("a receipt was attached to an excerpt not delivered")
	}
	if _, err := s.AttachReceipt(m.ID, "自然资源和规划局", receipt, clk.now()); err != nil {
		t.Fatal(err)
	}
	WantCode(t, second(s.Deliver(m.ID, rec, clk.now())), meeting.CodeConflict)

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
	if got, err = s.Meeting(m.ID); err != nil {
		t.Fatal(err)
	}
	if n := len(got.Undelivered()); n != 3 {
		t.Errorf("revision 2 has %d excerpts due, want 3", n)
	}
	if u := got.Revisions[0].Deliveries; !u[1].Delivered() || !u[2].Delivered() || u[0].Delivered() {
		t.Errorf("revision 1's deliveries changed: %+v", u)
	}
	if und, err := s.Undelivered(); err != nil || len(und) != 1 || und[0].ID != m.ID {
		t.Errorf("Undelivered after the amendment = %v, %v", und, err)
	}
	for _, d := range want {
		if _, err := s.Deliver(m.ID, meeting.DeliveryRecord{Department: d, Method: meeting.DeliveredIntranet, On: m.Date, ReceivedBy: "某人"}, clk.now()); err != nil {
			t.Fatal(err)
		}
	}
	if und, _ := s.Undelivered(); len(und) != 0 {
		t.Errorf("Undelivered after every delivery of revision 2: %d meetings", len(und))
	}
}
