package storecontract

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"backstop/meeting"
)

// ThreeDecisionMeeting stores a case and a draft with three decisions on it, each
// with a due day, and returns the meeting's and the case's IDs.
func ThreeDecisionMeeting(t testing.TB, s meeting.Store) (meeting.ID, meeting.ID) {
	t.Helper()
	c := SaveCase(t, s, NewCase())
	m := NewMeeting(c.ID)
	d := m.Agenda[0].Decisions[0]
	d2, d3 := d, d
	d2.Text, d2.Lead, d2.Cooperating, d2.Due = "核发一期厂房不动产权证书。", "住房和城乡建设局", nil, meeting.Date{Year: 2026, Month: 11, Day: 6}
	d3.Text, d3.Lead, d3.Cooperating, d3.Due = "向申请人答复办理结果。", "行政审批服务管理办公室", nil, meeting.Date{Year: 2026, Month: 11, Day: 13}
	m.Agenda[0].Decisions = append(m.Agenda[0].Decisions, d2, d3)
	return SaveMeeting(t, s, m).ID, c.ID
}

// FollowUpsOf returns the items f selects, failing the test on an error.
func FollowUpsOf(t testing.TB, s meeting.Store, f meeting.FollowUpFilter) []meeting.FollowUp {
	t.Helper()
	items, err := s.FollowUps(f)
	if err != nil {
		t.Fatalf("FollowUps: %v", err)
	}
	return items
}

func testFollowUpsCreatedAtFinalize(t *testing.T, open Opener) {
	s := fresh(t, open)
	id, caseID := ThreeDecisionMeeting(t, s)
	if got := FollowUpsOf(t, s, meeting.FollowUpFilter{}); len(got) != 0 {
		t.Fatalf("a draft has %d follow-up items, want none", len(got))
	}
	mn, err := s.Finalize(id, finalizedAt)
	if err != nil {
		t.Fatal(err)
	}
	items := FollowUpsOf(t, s, meeting.FollowUpFilter{Meeting: id})
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
			if got := FollowUpsOf(t, s, tt.filter); len(got) != tt.want {
				t.Errorf("FollowUps(%+v) lists %d items, want %d", tt.filter, len(got), tt.want)
			}
		})
	}
	// The limit keeps the last of the list: the newest meeting's item, then the last
	// of the first meeting's, in meeting and decision order.
	limited := FollowUpsOf(t, s, meeting.FollowUpFilter{Limit: 2})
	if len(limited) == 2 && (limited[0].ID != items[2].ID || limited[1].MeetingID != other) {
		t.Errorf("FollowUps(Limit 2) = items %d (meeting %d), %d (meeting %d); want the first meeting's last, then meeting %d's",
			limited[0].ID, limited[0].MeetingID, limited[1].ID, limited[1].MeetingID, other)
	}
	WantCode(t, second(s.FollowUp(9999)), meeting.CodeNotFound)
}

// testFollowUpsLimitNewest: a limited list is the end of the full one, read from the
// newest meeting back, also when another filter narrows it.
func testFollowUpsLimitNewest(t *testing.T, open Opener) {
	s := fresh(t, open)
	for range 3 {
		id, _ := ThreeDecisionMeeting(t, s)
		if _, err := s.Finalize(id, finalizedAt); err != nil {
			t.Fatal(err)
		}
	}
	all := FollowUpsOf(t, s, meeting.FollowUpFilter{})
	if len(all) != 9 {
		t.Fatalf("%d items, want 9", len(all))
	}
	for _, limit := range []int{1, 4, 9, 20} {
		got := FollowUpsOf(t, s, meeting.FollowUpFilter{Limit: limit})
		want := all[max(0, len(all)-limit):]
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("Limit %d: %d items %v, want the last %d of the list", limit, len(got), got, len(want))
		}
	}
	lead := FollowUpsOf(t, s, meeting.FollowUpFilter{Lead: "住房和城乡建设局", Limit: 2})
	if len(lead) != 2 || lead[0].MeetingID >= lead[1].MeetingID || lead[1].MeetingID != all[8].MeetingID {
		t.Errorf("Lead with Limit 2 = %+v, want the items of the two newest meetings", lead)
	}
}

func testFollowUpsFollowAmendment(t *testing.T, open Opener) {
	s := fresh(t, open)
	id, caseID := ThreeDecisionMeeting(t, s)
	if _, err := s.Finalize(id, finalizedAt); err != nil {
		t.Fatal(err)
	}
	items := FollowUpsOf(t, s, meeting.FollowUpFilter{Meeting: id})
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
	if got := FollowUpsOf(t, s, meeting.FollowUpFilter{Meeting: id}); len(got) != 3 {
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
	after := FollowUpsOf(t, s, meeting.FollowUpFilter{Meeting: id})
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
	WantCode(t, second(s.FollowUp(items[1].ID)), meeting.CodeNotFound)
	WantCode(t, second(s.FollowUp(items[2].ID)), meeting.CodeNotFound)
	if got := FollowUpsOf(t, s, meeting.FollowUpFilter{Case: caseID}); len(got) != 2 {
		t.Errorf("the case lists %d items, want the 2 followed", len(got))
	}
}

// testCloseCaseAndCallBack walks an item and its case through every transition,
// allowed and refused: after each step what the call returned is what is stored, a
// refused step changes nothing, and the case is listed under its status.
func testCloseCaseAndCallBack(t *testing.T, open Opener) {
	s := fresh(t, open)
	id, caseID := ThreeDecisionMeeting(t, s)
	if _, err := s.Finalize(id, finalizedAt); err != nil {
		t.Fatal(err)
	}
	items := FollowUpsOf(t, s, meeting.FollowUpFilter{Case: caseID})
	item := items[0].ID
	reply := meeting.Reply{On: meeting.Date{Year: 2026, Month: 11, Day: 2}, Channel: "电话", Content: "已为您办理一期厂房不动产权证。"}
	// result is a step's outcome: the status the call returned and the one stored.
	type result struct {
		status, stored string
		err            error
	}
	ofItem := func(f meeting.FollowUp, err error) result {
		if err != nil {
			return result{err: err}
		}
		stored, err := s.FollowUp(f.ID)
		return result{string(f.Status), string(stored.Status), err}
	}
	ofCase := func(c meeting.Case, err error) result {
		if err != nil {
			return result{err: err}
		}
		stored, err := s.Case(caseID)
		return result{string(c.Status), string(stored.Status), err}
	}
	tests := []struct {
		name   string
		do     func() result
		code   meeting.Code // "" when it should succeed
		status string       // of the item or the case after it
	}{
		{"progress before the meeting", func() result {
			return ofItem(s.AddProgress(item, meeting.ProgressEntry{On: oct12.AddDays(-1), Reporter: "张华", Text: "已受理。"}))
		}, meeting.CodeInvalid, ""},
		{"reopen a pending item", func() result { return ofItem(s.ReopenFollowUp(item, oct12, "李静", "未办完")) }, meeting.CodeState, ""},
		{"progress", func() result {
			return ofItem(s.AddProgress(item, meeting.ProgressEntry{On: oct12.AddDays(1), Reporter: "张华", Text: "已受理。"}))
		}, "", string(meeting.FollowUpInProgress)},
		{"complete without a note", func() result { return ofItem(s.CompleteFollowUp(item, oct12.AddDays(3), "")) }, meeting.CodeInvalid, ""},
		{"call-back before closing", func() result {
			return ofCase(s.RecordCallBack(caseID, meeting.CallBack{On: reply.On, Result: meeting.Satisfied}))
		}, meeting.CodeState, ""},
		{"close with items open", func() result { return ofCase(s.CloseCase(caseID, reply)) }, meeting.CodeInvalid, ""},
		{"complete every item", func() result {
			var r result
			for _, f := range items {
				if r = ofItem(s.CompleteFollowUp(f.ID, oct12.AddDays(7), "已办结。")); r.err != nil {
					break
				}
			}
			return r
		}, "", string(meeting.FollowUpDone)},
		{"complete twice", func() result { return ofItem(s.CompleteFollowUp(item, oct12.AddDays(8), "再次办结。")) }, meeting.CodeState, ""},
		{"progress on a done item", func() result {
			return ofItem(s.AddProgress(item, meeting.ProgressEntry{On: oct12.AddDays(8), Reporter: "张华", Text: "补充。"}))
		}, meeting.CodeState, ""},
		{"reopen", func() result { return ofItem(s.ReopenFollowUp(item, oct12.AddDays(9), "李静", "证书信息有误")) }, "", string(meeting.FollowUpInProgress)},
		{"close with an item reopened", func() result { return ofCase(s.CloseCase(caseID, reply)) }, meeting.CodeInvalid, ""},
		{"complete again", func() result { return ofItem(s.CompleteFollowUp(item, oct12.AddDays(10), "已更正证书。")) }, "", string(meeting.FollowUpDone)},
		{"close without a reply", func() result { return ofCase(s.CloseCase(caseID, meeting.Reply{})) }, meeting.CodeInvalid, ""},
		{"close", func() result { return ofCase(s.CloseCase(caseID, reply)) }, "", string(meeting.CaseClosed)},
		{"close twice", func() result { return ofCase(s.CloseCase(caseID, reply)) }, meeting.CodeState, ""},
		{"unsatisfied without a note", func() result {
			return ofCase(s.RecordCallBack(caseID, meeting.CallBack{On: reply.On.AddDays(3), Result: meeting.Unsatisfied}))
		}, meeting.CodeInvalid, ""},
		{"unsatisfied reopens", func() result {
			return ofCase(s.RecordCallBack(caseID, meeting.CallBack{On: reply.On.AddDays(3), Result: meeting.Unsatisfied, Note: "证书尚未领到"}))
		}, "", string(meeting.CaseOpen)},
		{"closed again", func() result {
			r := reply
			r.On = reply.On.AddDays(5)
			return ofCase(s.CloseCase(caseID, r))
		}, "", string(meeting.CaseClosed)},
		{"satisfied", func() result {
			return ofCase(s.RecordCallBack(caseID, meeting.CallBack{On: reply.On.AddDays(8), Result: meeting.Satisfied}))
		}, "", string(meeting.CaseClosed)},
		{"missing item", func() result {
			return ofItem(s.AddProgress(9999, meeting.ProgressEntry{On: oct12, Reporter: "张华", Text: "x"}))
		}, meeting.CodeNotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := state(t, s)
			got := tt.do()
			if tt.code != "" {
				WantCode(t, got.err, tt.code)
				if after := state(t, s); after != before {
					t.Errorf("a refused change altered the store")
				}
			} else if got.err != nil {
				t.Fatalf("want success, got %v", got.err)
			} else if got.status != tt.status || got.stored != tt.status {
				t.Errorf("status %s returned, %s stored; want %s", got.status, got.stored, tt.status)
			}
			c, err := s.Case(caseID)
			if err != nil {
				t.Fatal(err)
			}
			if cs, _ := s.Cases(meeting.CaseFilter{Status: c.Status}); len(cs) != 1 || cs[0].ID != caseID {
				t.Errorf("the case is %s, but the list of cases %s has %d", c.Status, c.Status, len(cs))
			}
		})
	}
	c, err := s.Case(caseID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != meeting.CaseClosed || len(c.CallBacks) != 2 || c.Reply == nil || c.ClosedOn != reply.On.AddDays(5) {
		t.Errorf("case after the call-backs: %s, %d call-backs, reply %v, closed on %s", c.Status, len(c.CallBacks), c.Reply, c.ClosedOn)
	}
	// The item's log: the progress report and the reopening.
	if f, _ := s.FollowUp(item); len(f.Progress) != 2 || f.Status != meeting.FollowUpDone {
		t.Errorf("item stored as %+v", f)
	}
}

// CarryOverMeetings stores a meeting with two decisions on NewCase, finalized, and a
// second draft on the same case a month later, which may report on the first's items.
func CarryOverMeetings(t testing.TB, s meeting.Store) (first, second meeting.Meeting) {
	t.Helper()
	c := SaveCase(t, s, NewCase())
	first = NewMeeting(c.ID)
	first.Agenda[0].Decisions = append(first.Agenda[0].Decisions, meeting.Decision{
		Text: "出具一期厂房竣工验收备案意见。", Lead: "住房和城乡建设局", Due: meeting.Date{Year: 2026, Month: 10, Day: 23}})
	first = SaveMeeting(t, s, first)
	if _, err := s.Finalize(first.ID, finalizedAt); err != nil {
		t.Fatal(err)
	}
	second = NewMeeting(c.ID)
	second.Title, second.Date = "第二次协调会", meeting.Date{Year: 2026, Month: 11, Day: 16}
	second.Agenda[0].Decisions[0].Due = meeting.Date{Year: 2026, Month: 11, Day: 30}
	return first, SaveMeeting(t, s, second)
}

// testCarryOverReportsIntoTheLogOnce: a second meeting reports on the first one's
// decisions. Saving the draft changes no item; finalizing it enters the reports into
// the items' logs, a 已办结 report closing its item; an amendment does not repeat them.
func testCarryOverReportsIntoTheLogOnce(t *testing.T, open Opener) {
	s := fresh(t, open)
	first, second := CarryOverMeetings(t, s)
	items := FollowUpsOf(t, s, meeting.FollowUpFilter{Meeting: first.ID})
	if len(items) != 2 {
		t.Fatalf("%d items of the first meeting, want 2", len(items))
	}
	cands := meeting.CarryOverCandidates(&second, items, second.Date)
	if len(cands) != 2 || cands[0].Lead != "住房和城乡建设局" { // overdue first
		t.Fatalf("candidates %+v", cands)
	}
	done, progressing := meeting.CarryOverOf(cands[0]), meeting.CarryOverOf(cands[1])
	done.Status, done.Note = meeting.CarryDone, "10月21日已备案"
	progressing.Status, progressing.Note = meeting.CarryProgressing, "已完成地籍调查"
	second.CarryOver = []meeting.CarryOver{done, progressing}
	second = SaveMeeting(t, s, second)
	if got, _ := s.FollowUp(done.FollowUpID); got.Status == meeting.FollowUpDone {
		t.Fatal("saving a draft closed the item: only finalizing may")
	}
	if _, err := s.Finalize(second.ID, time.Date(2026, 11, 16, 17, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	closed, _ := s.FollowUp(done.FollowUpID)
	if closed.Status != meeting.FollowUpDone || closed.CompletedOn != second.Date || closed.CompletionNote != "在2026年11月16日召开的协调会上报告落实情况：已办结，10月21日已备案。" {
		t.Errorf("the 已办结 item: %s %s %q", closed.Status, closed.CompletedOn, closed.CompletionNote)
	}
	reported, _ := s.FollowUp(progressing.FollowUpID)
	wantLog := []meeting.ProgressEntry{{On: second.Date, Reporter: "自然资源和规划局", Text: "在2026年11月16日召开的协调会上报告落实情况：推进中，已完成地籍调查。"}}
	if reported.Status != meeting.FollowUpInProgress || !reflect.DeepEqual(reported.Progress, wantLog) {
		t.Errorf("the 推进中 item: %s %+v", reported.Status, reported.Progress)
	}
	if _, err := s.Amend(second.ID, "更正文字", time.Date(2026, 11, 17, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Finalize(second.ID, time.Date(2026, 11, 17, 10, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.FollowUp(progressing.FollowUpID); len(again.Progress) != 1 {
		t.Errorf("the amendment reported again: %+v", again.Progress)
	}
}

// testBoard: the board shows open items overdue or due within three working days,
// and leaves out items done and items further ahead.
func testBoard(t *testing.T, open Opener) {
	s := fresh(t, open)
	id, _ := ThreeDecisionMeeting(t, s) // due 10-30, 11-06, 11-13
	if _, err := s.Finalize(id, finalizedAt); err != nil {
		t.Fatal(err)
	}
	items := FollowUpsOf(t, s, meeting.FollowUpFilter{Meeting: id})
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
	// 2027-01-01 is a Friday: a working day until the arrangement says otherwise.
	if !cal.IsWorkday(jan(1)) {
		t.Fatal("2027-01-01 (Friday) is not a working day without an arrangement")
	}
	bad := meeting.CalendarYear{Year: 2027, Holidays: []meeting.Date{jan(1), {Year: 2028, Month: 1, Day: 3}}}
	WantCode(t, s.SaveCalendarYear(bad), meeting.CodeInvalid)
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
	// An entered year replaces a shipped one, and deleting it brings the shipped one back.
	shipped, _ := meeting.DefaultCalendar().Year(2026)
	if err := s.SaveCalendarYear(meeting.CalendarYear{Year: 2026, Holidays: shipped.Holidays[:1]}); err != nil {
		t.Fatal(err)
	}
	cal, _ = s.Calendar()
	if got, _ := cal.Year(2026); len(got.Holidays) != 1 {
		t.Errorf("2026 has %d holidays, want the 1 entered in place of the shipped %d", len(got.Holidays), len(shipped.Holidays))
	}
	if err := s.DeleteCalendarYear(2026); err != nil {
		t.Fatal(err)
	}
	cal, _ = s.Calendar()
	if got, _ := cal.Year(2026); len(got.Holidays) != len(shipped.Holidays) {
		t.Errorf("after deleting the entered 2026, %d holidays, want the shipped %d", len(got.Holidays), len(shipped.Holidays))
	}
}
