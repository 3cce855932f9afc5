package store

import (
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

var oct12 = meeting.Date{Year: 2026, Month: 10, Day: 12}

// threeDecisionMeeting stores a case and a draft with three decisions on it, each
// with a due day, and returns the meeting's and the case's IDs.
func threeDecisionMeeting(t *testing.T, s *Store) (meeting.ID, meeting.ID) {
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

func followUpsOf(t *testing.T, s *Store, f meeting.FollowUpFilter) []meeting.FollowUp {
	t.Helper()
	items, err := s.FollowUps(f)
	if err != nil {
		t.Fatalf("FollowUps: %v", err)
	}
	return items
}

func TestFollowUpsCreatedAtFinalize(t *testing.T) {
	s := openTest(t)
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

	tests := []struct {
		name   string
		filter meeting.FollowUpFilter
		want   int
	}{
		{"all", meeting.FollowUpFilter{}, 3},
		{"case", meeting.FollowUpFilter{Case: caseID}, 3},
		{"other case", meeting.FollowUpFilter{Case: caseID + 100}, 0},
		{"lead", meeting.FollowUpFilter{Lead: "住房和城乡建设局"}, 1},
		{"pending", meeting.FollowUpFilter{Status: meeting.FollowUpPending}, 3},
		{"done", meeting.FollowUpFilter{Status: meeting.FollowUpDone}, 0},
		{"other meeting", meeting.FollowUpFilter{Meeting: id + 100}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := followUpsOf(t, s, tt.filter); len(got) != tt.want {
				t.Errorf("FollowUps(%+v) lists %d items, want %d", tt.filter, len(got), tt.want)
			}
		})
	}
	wantCode(t, func() error { _, err := s.FollowUp(9999); return err }(), meeting.CodeNotFound)
}

func TestFollowUpsFollowAmendment(t *testing.T) {
	s := openTest(t)
	id, _ := threeDecisionMeeting(t, s)
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
	// The removed, progressed decision is superseded (hidden); the untouched one deleted.
	wantCode(t, func() error { _, err := s.FollowUp(items[1].ID); return err }(), meeting.CodeNotFound)
	wantCode(t, func() error { _, err := s.FollowUp(items[2].ID); return err }(), meeting.CodeNotFound)
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
}

func TestFollowUpTransitions(t *testing.T) {
	s := openTest(t)
	id, _ := threeDecisionMeeting(t, s)
	if _, err := s.Finalize(id, finalizedAt); err != nil {
		t.Fatal(err)
	}
	item := followUpsOf(t, s, meeting.FollowUpFilter{Meeting: id})[0].ID
	before := oct12.AddDays(-1)
	tests := []struct {
		name   string
		do     func() (meeting.FollowUp, error)
		code   meeting.Code // "" when it should succeed
		status meeting.FollowUpStatus
	}{
		{"progress before the meeting", func() (meeting.FollowUp, error) {
			return s.AddProgress(item, meeting.ProgressEntry{On: before, Reporter: "张华", Text: "已受理。"})
		}, meeting.CodeInvalid, meeting.FollowUpPending},
		{"reopen a pending item", func() (meeting.FollowUp, error) {
			return s.ReopenFollowUp(item, oct12, "李静", "未办完")
		}, meeting.CodeState, meeting.FollowUpPending},
		{"progress", func() (meeting.FollowUp, error) {
			return s.AddProgress(item, meeting.ProgressEntry{On: oct12.AddDays(1), Reporter: "张华", Text: "已受理。"})
		}, "", meeting.FollowUpInProgress},
		{"complete without a note", func() (meeting.FollowUp, error) {
			return s.CompleteFollowUp(item, oct12.AddDays(3), "")
		}, meeting.CodeInvalid, meeting.FollowUpInProgress},
		{"complete", func() (meeting.FollowUp, error) {
			return s.CompleteFollowUp(item, oct12.AddDays(3), "已办理登记。")
		}, "", meeting.FollowUpDone},
		{"complete twice", func() (meeting.FollowUp, error) {
			return s.CompleteFollowUp(item, oct12.AddDays(4), "再次办结。")
		}, meeting.CodeState, meeting.FollowUpDone},
		{"progress on a done item", func() (meeting.FollowUp, error) {
			return s.AddProgress(item, meeting.ProgressEntry{On: oct12.AddDays(4), Reporter: "张华", Text: "补充。"})
		}, meeting.CodeState, meeting.FollowUpDone},
		{"reopen", func() (meeting.FollowUp, error) {
			return s.ReopenFollowUp(item, oct12.AddDays(5), "李静", "证书信息有误")
		}, "", meeting.FollowUpInProgress},
		{"missing item", func() (meeting.FollowUp, error) {
			return s.AddProgress(9999, meeting.ProgressEntry{On: oct12, Reporter: "张华", Text: "x"})
		}, meeting.CodeNotFound, meeting.FollowUpInProgress},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stored := dump(t, s)
			got, err := tt.do()
			if tt.code != "" {
				wantCode(t, err, tt.code)
				if after := dump(t, s); after != stored {
					t.Errorf("a refused change altered the store")
				}
			} else if err != nil {
				t.Fatalf("want success, got %v", err)
			} else if got.Status != tt.status {
				t.Errorf("returned status %s, want %s", got.Status, tt.status)
			}
			if f, err := s.FollowUp(item); err != nil || f.Status != tt.status {
				t.Errorf("stored status %s (%v), want %s", f.Status, err, tt.status)
			}
		})
	}
}

func TestCloseCaseAndCallBack(t *testing.T) {
	s := openTest(t)
	id, caseID := threeDecisionMeeting(t, s)
	if _, err := s.Finalize(id, finalizedAt); err != nil {
		t.Fatal(err)
	}
	items := followUpsOf(t, s, meeting.FollowUpFilter{Case: caseID})
	reply := meeting.Reply{On: meeting.Date{Year: 2026, Month: 11, Day: 2}, Channel: "电话", Content: "已为您办理一期厂房不动产权证。"}
	completeAll := func() error {
		for _, f := range items {
			if _, err := s.CompleteFollowUp(f.ID, oct12.AddDays(7), "已办结。"); err != nil {
				return err
			}
		}
		return nil
	}
	tests := []struct {
		name   string
		do     func() (meeting.Case, error)
		code   meeting.Code
		status meeting.CaseStatus
	}{
		{"call-back before closing", func() (meeting.Case, error) {
			return s.RecordCallBack(caseID, meeting.CallBack{On: reply.On, Result: meeting.Satisfied})
		}, meeting.CodeState, meeting.CaseOpen},
		{"close with items open", func() (meeting.Case, error) { return s.CloseCase(caseID, reply) }, meeting.CodeInvalid, meeting.CaseOpen},
		{"items done", func() (meeting.Case, error) {
			if err := completeAll(); err != nil {
				return meeting.Case{}, err
			}
			return s.Case(caseID)
		}, "", meeting.CaseOpen},
		{"close without a reply", func() (meeting.Case, error) { return s.CloseCase(caseID, meeting.Reply{}) }, meeting.CodeInvalid, meeting.CaseOpen},
		{"close", func() (meeting.Case, error) { return s.CloseCase(caseID, reply) }, "", meeting.CaseClosed},
		{"close twice", func() (meeting.Case, error) { return s.CloseCase(caseID, reply) }, meeting.CodeState, meeting.CaseClosed},
		{"unsatisfied without a note", func() (meeting.Case, error) {
			return s.RecordCallBack(caseID, meeting.CallBack{On: reply.On.AddDays(3), Result: meeting.Unsatisfied})
		}, meeting.CodeInvalid, meeting.CaseClosed},
		{"unsatisfied reopens", func() (meeting.Case, error) {
			return s.RecordCallBack(caseID, meeting.CallBack{On: reply.On.AddDays(3), Result: meeting.Unsatisfied, Note: "证书尚未领到"})
		}, "", meeting.CaseOpen},
		{"closed again", func() (meeting.Case, error) {
			r := reply
			r.On = reply.On.AddDays(5)
			return s.CloseCase(caseID, r)
		}, "", meeting.CaseClosed},
		{"satisfied", func() (meeting.Case, error) {
			return s.RecordCallBack(caseID, meeting.CallBack{On: reply.On.AddDays(8), Result: meeting.Satisfied})
		}, "", meeting.CaseClosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stored := dump(t, s)
			got, err := tt.do()
			if tt.code != "" {
				wantCode(t, err, tt.code)
				if after := dump(t, s); after != stored {
					t.Errorf("a refused change altered the store")
				}
			} else if err != nil {
				t.Fatalf("want success, got %v", err)
			} else if got.Status != tt.status {
				t.Errorf("returned status %s, want %s", got.Status, tt.status)
			}
			c, err := s.Case(caseID)
			if err != nil || c.Status != tt.status {
				t.Errorf("stored status %s (%v), want %s", c.Status, err, tt.status)
			}
			if cs, _ := s.Cases(meeting.CaseFilter{Status: tt.status}); len(cs) != 1 {
				t.Errorf("the case index lists %d cases %s, want 1", len(cs), tt.status)
			}
		})
	}
	c, _ := s.Case(caseID)
	if len(c.CallBacks) != 2 || c.Reply == nil || c.ClosedOn != reply.On.AddDays(5) {
		t.Errorf("case after the call-backs: %d call-backs, reply %v, closed on %s", len(c.CallBacks), c.Reply, c.ClosedOn)
	}
}

// TestSaveCaseCannotCloseByHand: the case form's save keeps the closing as stored, so
// a case is closed only through CloseCase with its items done and a reply.
func TestSaveCaseCannotCloseByHand(t *testing.T) {
	s := openTest(t)
	c := saveCase(t, s, testCase())
	c.Status, c.ClosedOn = meeting.CaseClosed, oct12
	c.Title = "改过的标题"
	if err := s.SaveCase(&c); err != nil {
		t.Fatal(err)
	}
	got, err := s.Case(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != meeting.CaseOpen || !got.ClosedOn.IsZero() || got.Title != "改过的标题" {
		t.Errorf("after saving a hand-closed case: status %s, closed on %s, title %q; want open, the title saved", got.Status, got.ClosedOn, got.Title)
	}
	closed, err := s.CloseCase(c.ID, meeting.Reply{On: oct12, Channel: "电话", Content: "已答复。"})
	if err != nil {
		t.Fatal(err)
	}
	closed.Status, closed.Reply = meeting.CaseOpen, nil
	if err := s.SaveCase(&closed); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Case(c.ID); got.Status != meeting.CaseClosed || got.Reply == nil {
		t.Errorf("saving a closed case reopened it: %+v", got)
	}
}
