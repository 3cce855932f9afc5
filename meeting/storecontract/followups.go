package storecontract

import (
	"slices"
	"strings"
	"testing"
	"time"

	"backstop/meeting"
)

// threeDecisionMeeting stores a case and a draft with three decisions on it, each
// with a due day, and returns the meeting's and the case's IDs.
func threeDecisionMeeting(t *testing.T, s meeting.Store) (meeting.ID, meeting.ID) {
	t.Helper()
	c := saveCase(t, s, testCase())
	m := testMeeting(c.ID)
	d := m.Agenda[0].Decisions[0]
	d2, d3 := d, d
	d2.Text, d2.Lead, d2.Cooperating, d2.Due = "核发一期厂房不动产权证书。", "住房和城乡建设局", nil, meeting.Date{Year: 2026, Month: 11, Day: 6}
	d3.Text, d3.Lead, d3.Cooperating, d3.Due = "向申请人答复办理结果。", "行政审批服务管理办公室", nil, meeting.Date{Year: 2026, Month: 11, Day: 13}
	m.Agenda[0].Decisions = append(m.Agenda[0].Decisions, d2, d3)
	return saveMeeting(t, s, m).ID, c.ID
}

func followUpsOf(t *testing.T, s meeting.Store, f meeting.FollowUpFilter) []meeting.FollowUp {
	t.Helper()
	items, err := s.FollowUps(f)
	if err != nil {
		t.Fatalf("FollowUps: %v", err)
	}
	return items
}

func testFollowUpsCreatedAtFinalize(t *testing.T, open Opener) {
	s := fresh(t, open)
	id, caseID := threeDecisionMeeting(t, s)
	if got := followUpsOf(t, s, meeting.FollowUpFilter{}); len(got) != 0 {
		t.Fatalf("a draft has %d follow-up items, want none", len(got))
	}
	mn, err := s.Finalize(id, finalizedAt)
	if err != nil {
		t.Fatal(err)
	}
	items := followUpsOf(t, s, meeting.FollowUpFilter{Meeting: id})
	if len(items) != 3 {
		t.Fatalf("%d items after finalizing 3 decisions, want 3", len(items))
	}
	for i, f := range items {
		d := mn.Meeting.Agenda[0].Decisions[i]
		if d.UID == "" || f.DecisionUID != d.UID {
			t.Errorf("item %d: decision UID %q, want the decision's %q (non-empty)", i, f.DecisionUID, d.UID)
		}
		if f.ID == 0 || f.Status != meeting.FollowUpPending || f.Due != d.Due || f.Due.IsZero() || f.Lead != d.Lead ||
			f.CaseID != caseID || f.Revision != 1 || f.Number != mn.Meeting.Number {
			t.Errorf("item %d = %+v, want a pending item of decision %+v", i, f, d)
		}
		if got, err := s.FollowUp(f.ID); err != nil || got.Text != f.Text {
			t.Errorf("FollowUp(%d) = %+v, %v", f.ID, got, err)
		}
	}
	// A second finalized meeting, so that the limit has two meetings to choose from.
	other := finalizedOn(t, s)
	tests := []struct {
		name   string
		filter meeting.FollowUpFilter
		want   int
	}{
		{"all", meeting.FollowUpFilter{}, 4},
		{"case", meeting.FollowUpFilter{Case: caseID}, 3},
		{"other case", meeting.FollowUpFilter{Case: caseID + 100}, 0},
		{"lead", meeting.FollowUpFilter{Lead: "住房和城乡建设局"}, 1},
		{"pending", meeting.FollowUpFilter{Status: meeting.FollowUpPending}, 4},
		{"open", meeting.FollowUpFilter{Open: true}, 4},
		{"done", meeting.FollowUpFilter{Status: meeting.FollowUpDone}, 0},
		{"other meeting", meeting.FollowUpFilter{Meeting: id + 100}, 0},
		{"limit", meeting.FollowUpFilter{Limit: 2}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := followUpsOf(t, s, tt.filter); len(got) != tt.want {
				t.Errorf("FollowUps(%+v) lists %d items, want %d", tt.filter, len(got), tt.want)
			}
		})
	}
	// The limit keeps the last of the list: the newest meeting's item, then the last
	// of the first meeting's, in meeting and decision order.
	limited := followUpsOf(t, s, meeting.FollowUpFilter{Limit: 2})
	if len(limited) == 2 && (limited[0].ID != items[2].ID || limited[1].MeetingID != other) {
		t.Errorf("FollowUps(Limit 2) = items %d (meeting %d), %d (meeting %d); want the first meeting's last, then meeting %d's",
			limited[0].ID, limited[0].MeetingID, limited[1].ID, limited[1].MeetingID, other)
	}
	wantCode(t, second(s.FollowUp(9999)), meeting.CodeNotFound)
}

func testFollowUpsFollowAmendment(t *testing.T, open Opener) {
	s := fresh(t, open)
	id, caseID := threeDecisionMeeting(t, s)
	if _, err := s.Finalize(id, finalizedAt); err != nil {
		t.Fatal(err)
	}
	items := followUpsOf(t, s, meeting.FollowUpFilter{Meeting: id})
	// Work reported on the first two; the third is untouched.
	for _, f := range items[:2] {
		if _, err := s.AddProgress(f.ID, meeting.ProgressEntry{On: oct12.AddDays(2), Reporter: "张华", Text: "已受理。"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Amend(id, "调整办理事项", finalizedAt.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// While the amendment is drafted, the items of revision 1 are still followed.
	if got := followUpsOf(t, s, meeting.FollowUpFilter{Meeting: id}); len(got) != 3 {
		t.Errorf("%d items while amending, want revision 1's 3", len(got))
	}
	m, err := s.Meeting(id)
	if err != nil {
		t.Fatal(err)
	}
	ds := m.Agenda[0].Decisions
	ds[0].Text, ds[0].Due = "以本纪要为依据，线下办理一期厂房不动产登记。", meeting.Date{Year: 2026, Month: 11, Day: 20}
	// Drop decisions 2 (progressed) and 3 (never touched), add a new one.
	added := meeting.Decision{Text: "住建局出具分期验收意见。", Lead: "住房和城乡建设局", Due: meeting.Date{Year: 2026, Month: 11, Day: 27}}
	m.Agenda[0].Decisions = []meeting.Decision{ds[0], added}
	if err := s.SaveMeeting(&m); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Finalize(id, finalizedAt.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	after := followUpsOf(t, s, meeting.FollowUpFilter{Meeting: id})
	if len(after) != 2 {
		t.Fatalf("%d items after the amendment, want 2: %+v", len(after), after)
	}
	kept, fresh := after[0], after[1]
	if kept.ID != items[0].ID || kept.Status != meeting.FollowUpInProgress || len(kept.Progress) != 1 ||
		kept.Revision != 2 || kept.Text != ds[0].Text || kept.Due != ds[0].Due {
		t.Errorf("kept item = %+v, want item %d in progress with revision 2's text and due day", kept, items[0].ID)
	}
	if fresh.Lead != "住房和城乡建设局" || fresh.Status != meeting.FollowUpPending || fresh.Revision != 2 {
		t.Errorf("new item = %+v, want a pending item for 住房和城乡建设局", fresh)
	}
	// The removed decisions' items are no longer followed: not found, not listed for
	// the case, and not keeping it from closing.
	wantCode(t, second(s.FollowUp(items[1].ID)), meeting.CodeNotFound)
	wantCode(t, second(s.FollowUp(items[2].ID)), meeting.CodeNotFound)
	if got := followUpsOf(t, s, meeting.FollowUpFilter{Case: caseID}); len(got) != 2 {
		t.Errorf("the case lists %d items, want the 2 followed", len(got))
	}
}

func testCloseCaseAndCallBack(t *testing.T, open Opener) {
	s := fresh(t, open)
	id, caseID := threeDecisionMeeting(t, s)
	if _, err := s.Finalize(id, finalizedAt); err != nil {
		t.Fatal(err)
	}
	items := followUpsOf(t, s, meeting.FollowUpFilter{Case: caseID})
	item := items[0].ID
	reply := meeting.Reply{On: meeting.Date{Year: 2026, Month: 11, Day: 2}, Channel: "电话", Content: "已为您办理一期厂房不动产权证。"}
	type result struct {
		status string
		err    error
	}
	tests := []struct {
		name   string
		do     func() result
		code   meeting.Code // "" when it should succeed
		status string       // of the item or the case after it
	}{
		{"progress before the meeting", func() result {
			f, err := s.AddProgress(item, meeting.ProgressEntry{On: oct12.AddDays(-1), Reporter: "张华", Text: "已受理。"})
			return result{string(f.Status), err}
		}, meeting.CodeInvalid, ""},
		{"reopen a pending item", func() result {
			f, err := s.ReopenFollowUp(item, oct12, "李静", "未办完")
			return result{string(f.Status), err}
		}, meeting.CodeState, ""},
		{"progress", func() result {
			f, err := s.AddProgress(item, meeting.ProgressEntry{On: oct12.AddDays(1), Reporter: "张华", Text: "已受理。"})
			return result{string(f.Status), err}
		}, "", string(meeting.FollowUpInProgress)},
		{"complete without a note", func() result {
			f, err := s.CompleteFollowUp(item, oct12.AddDays(3), "")
			return result{string(f.Status), err}
		}, meeting.CodeInvalid, ""},
		{"call-back before closing", func() result {
			c, err := s.RecordCallBack(caseID, meeting.CallBack{On: reply.On, Result: meeting.Satisfied})
			return result{string(c.Status), err}
		}, meeting.CodeState, ""},
		{"close with items open", func() result {
			c, err := s.CloseCase(caseID, reply)
			return result{string(c.Status), err}
		}, meeting.CodeInvalid, ""},
		{"complete every item", func() result {
			var last meeting.FollowUp
			for _, f := range items {
				var err error
				if last, err = s.CompleteFollowUp(f.ID, oct12.AddDays(7), "已办结。"); err != nil {
					return result{"", err}
				}
			}
			return result{string(last.Status), nil}
		}, "", string(meeting.FollowUpDone)},
		{"complete twice", func() result {
			f, err := s.CompleteFollowUp(item, oct12.AddDays(8), "再次办结。")
			return result{string(f.Status), err}
		}, meeting.CodeState, ""},
		{"close without a reply", func() result {
			c, err := s.CloseCase(caseID, meeting.Reply{})
			return result{string(c.Status), err}
		}, meeting.CodeInvalid, ""},
		{"close", func() result {
			c, err := s.CloseCase(caseID, reply)
			return result{string(c.Status), err}
		}, "", string(meeting.CaseClosed)},
		{"close twice", func() result {
			c, err := s.CloseCase(caseID, reply)
			return result{string(c.Status), err}
		}, meeting.CodeState, ""},
		{"unsatisfied reopens", func() result {
			c, err := s.RecordCallBack(caseID, meeting.CallBack{On: reply.On.AddDays(3), Result: meeting.Unsatisfied, Note: "证书尚未领到"})
			return result{string(c.Status), err}
		}, "", string(meeting.CaseOpen)},
		{"closed again", func() result {
			r := reply
			r.On = reply.On.AddDays(5)
			c, err := s.CloseCase(caseID, r)
			return result{string(c.Status), err}
		}, "", string(meeting.CaseClosed)},
		{"missing item", func() result {
			f, err := s.AddProgress(9999, meeting.ProgressEntry{On: oct12, Reporter: "张华", Text: "x"})
			return result{string(f.Status), err}
		}, meeting.CodeNotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := state(t, s)
			got := tt.do()
			if tt.code != "" {
				wantCode(t, got.err, tt.code)
				if after := state(t, s); after != before {
					t.Errorf("a refused change altered the store")
				}
				return
			}
			if got.err != nil {
				t.Fatalf("want success, got %v", got.err)
			}
			if got.status != tt.status {
				t.Errorf("status %s, want %s", got.status, tt.status)
			}
		})
	}
	c, err := s.Case(caseID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != meeting.CaseClosed || len(c.CallBacks) != 1 || c.Reply == nil || c.ClosedOn != reply.On.AddDays(5) {
		t.Errorf("case after the call-back: %s, %d call-backs, reply %v, closed on %s", c.Status, len(c.CallBacks), c.Reply, c.ClosedOn)
	}
	if cs, _ := s.Cases(meeting.CaseFilter{Status: meeting.CaseClosed}); len(cs) != 1 {
		t.Errorf("the closed list has %d cases, want 1", len(cs))
	}
	if f, _ := s.FollowUp(item); len(f.Progress) != 1 || f.Status != meeting.FollowUpDone {
		t.Errorf("item stored as %+v", f)
	}
}

// testBoard: the board shows open items overdue or due within three working days,
// and leaves out items done and items further ahead.
func testBoard(t *testing.T, open Opener) {
	s := fresh(t, open)
	id, _ := threeDecisionMeeting(t, s) // due 10-30, 11-06, 11-13
	if _, err := s.Finalize(id, finalizedAt); err != nil {
		t.Fatal(err)
	}
	items := followUpsOf(t, s, meeting.FollowUpFilter{Meeting: id})
	cal, err := s.Calendar()
	if err != nil {
		t.Fatal(err)
	}
	today := meeting.Date{Year: 2026, Month: 11, Day: 4} // a Wednesday: 10-30 overdue, 11-06 due soon
	v, err := s.Board(today, cal)
	if err != nil {
		t.Fatal(err)
	}
	if v.Overdue != 1 || v.DueSoon != 1 {
		t.Fatalf("board on %s: %d overdue, %d due soon; want 1 and 1 (%s)", today, v.Overdue, v.DueSoon, v.Summary())
	}
	// A store may keep the items it decoded for the next board, but never past a
	// change to them, and what a caller does to a board's items is not the next
	// board's business.
	v.Departments[0].Overdue[0].Text = "改动了看板上的副本"
	v.Departments[0].Overdue[0].Cooperating = append(v.Departments[0].Overdue[0].Cooperating[:0], "改动了看板上的副本")
	report := meeting.ProgressEntry{On: today, Reporter: "李明", Text: "已受理，正在核查。"}
	if _, err := s.AddProgress(items[1].ID, report); err != nil {
		t.Fatal(err)
	}
	again, err := s.Board(today, cal)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range again.Departments {
		for _, f := range append(slices.Clone(d.Overdue), d.DueSoon...) {
			want := items[0]
			if f.ID == items[1].ID {
				if len(f.Progress) != 1 || f.Progress[0] != report {
					t.Errorf("board after a progress report: item %d has progress %+v, want %+v", f.ID, f.Progress, report)
				}
				continue
			}
			if f.Text != want.Text || !slices.Equal(f.Cooperating, want.Cooperating) {
				t.Errorf("the next board shows what a caller changed on the last one: %q %v, want %q %v",
					f.Text, f.Cooperating, want.Text, want.Cooperating)
			}
		}
	}
	if _, err := s.CompleteFollowUp(items[0].ID, today, "已办结。"); err != nil {
		t.Fatal(err)
	}
	if v, _ = s.Board(today, cal); v.Overdue != 0 || v.DueSoon != 1 || len(v.Departments) != 1 || v.Departments[0].Department != "住房和城乡建设局" {
		t.Errorf("board after completing the overdue item: %+v", v)
	}
	if v, _ = s.Board(meeting.Date{Year: 2026, Month: 10, Day: 12}, cal); v.Overdue != 0 || v.DueSoon != 0 {
		t.Errorf("board on the day of the meeting: %d overdue, %d due soon; want none", v.Overdue, v.DueSoon)
	}
}

func departmentsOf(ds []meeting.Delivery) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Department)
	}
	return out
}

// testDeliveries: finalizing makes every attending department's excerpt due; a
// delivery is recorded with its audit entry, in the meeting and the snapshot, and a
// receipt locks it.
func testDeliveries(t *testing.T, open Opener) {
	clk := newClock()
	s := open(t, clk.now)
	c := saveCase(t, s, testCase())
	m := saveMeeting(t, s, testMeeting(c.ID))
	rec := meeting.DeliveryRecord{Department: "自然资源和规划局", Method: meeting.DeliveredOnSite, On: m.Date, ReceivedBy: "张华"}
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
	bad := meeting.DeliveryRecord{Department: "税务局", Method: meeting.DeliveredOnSite, On: m.Date, ReceivedBy: "赵丽"}
	wantCode(t, second(s.Deliver(m.ID, bad, clk.now())), meeting.CodeNotFound)
	if got, err = s.Deliver(m.ID, rec, clk.now()); err != nil {
		t.Fatal(err)
	}
	if d := got.Revisions[0].Deliveries[1]; !d.Delivered() || d.ReceivedBy != "张华" {
		t.Errorf("delivery stored as %+v", d)
	}
	snap, _ := s.RevisionMinutes(m.ID, 1)
	if !snap.Meeting.Revisions[0].Deliveries[1].Delivered() {
		t.Errorf("the snapshot's deliveries are %+v", snap.Meeting.Revisions[0].Deliveries)
	}
	entries, _ := s.Audit(m.ID)
	if last := entries[len(entries)-1]; last.Action != meeting.AuditDeliver || !strings.Contains(last.Detail, "自然资源和规划局") {
		t.Errorf("audit entry %+v", last)
	}
	und, err := s.Undelivered()
	if err != nil || len(und) != 1 || und[0].ID != m.ID {
		t.Errorf("Undelivered = %v, %v", und, err)
	}
	receipt := meeting.Scan{Hash: strings.Repeat("ab", 32), Path: "2026/1/receipt-r1-2.pdf", MediaType: "application/pdf", Size: 10}
	if _, err := s.AttachReceipt(m.ID, "住房和城乡建设局", receipt, clk.now()); err == nil {
		t.Error("a receipt was attached to an excerpt not delivered")
	}
	if _, err := s.AttachReceipt(m.ID, "自然资源和规划局", receipt, clk.now()); err != nil {
		t.Fatal(err)
	}
	wantCode(t, second(s.Deliver(m.ID, rec, clk.now())), meeting.CodeConflict)
	for _, d := range want {
		if d == rec.Department {
			continue
		}
		if _, err := s.Deliver(m.ID, meeting.DeliveryRecord{Department: d, Method: meeting.DeliveredIntranet, On: m.Date, ReceivedBy: "某人"}, clk.now()); err != nil {
			t.Fatal(err)
		}
	}
	if und, _ := s.Undelivered(); len(und) != 0 {
		t.Errorf("Undelivered after every delivery: %d meetings", len(und))
	}
}

func testCalendarYears(t *testing.T, open Opener) {
	s := fresh(t, open)
	jan := func(d int) meeting.Date { return meeting.Date{Year: 2027, Month: 1, Day: d} }
	cal, err := s.Calendar()
	if err != nil {
		t.Fatal(err)
	}
	if cal.HasYear(2027) || !cal.HasYear(2026) {
		t.Fatalf("a new store's calendar has years %v, want the shipped ones without 2027", cal.Years())
	}
	bad := meeting.CalendarYear{Year: 2027, Holidays: []meeting.Date{jan(1), {Year: 2028, Month: 1, Day: 3}}}
	wantCode(t, s.SaveCalendarYear(bad), meeting.CodeInvalid)
	if ys, _ := s.CalendarYears(); len(ys) != 0 {
		t.Fatalf("a refused year was stored: %+v", ys)
	}
	y := meeting.CalendarYear{Year: 2027, Source: "国办发明电〔2026〕X号", Holidays: []meeting.Date{jan(1), jan(1)}, Workdays: []meeting.Date{{Year: 2027, Month: 1, Day: 9}}}
	if err := s.SaveCalendarYear(y); err != nil {
		t.Fatal(err)
	}
	if cal, err = s.Calendar(); err != nil {
		t.Fatal(err)
	}
	got, ok := cal.Year(2027)
	if !ok || len(got.Holidays) != 1 || got.Source != y.Source {
		t.Fatalf("2027 = %+v, %v; want the entered year, duplicates removed", got, ok)
	}
	if cal.IsWorkday(jan(1)) || !cal.IsWorkday(jan(9)) {
		t.Error("the entered 2027 arrangement is not used: 01-01 should be off, Saturday 01-09 worked")
	}
	// Saving a year again replaces it; deleting it brings the shipped calendar back.
	y.Holidays = []meeting.Date{jan(1), jan(4)}
	if err := s.SaveCalendarYear(y); err != nil {
		t.Fatal(err)
	}
	if ys, _ := s.CalendarYears(); len(ys) != 1 || len(ys[0].Holidays) != 2 {
		t.Errorf("after saving 2027 again: %+v", ys)
	}
	if err := s.DeleteCalendarYear(2027); err != nil {
		t.Fatal(err)
	}
	if cal, _ = s.Calendar(); cal.HasYear(2027) {
		t.Error("2027 still there after deleting it")
	}
}
