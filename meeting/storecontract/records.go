package storecontract

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"backstop/meeting"
)

// testRoundTrip stores one value of every stored type, reads it back, and wants it
// equal, field for field, to the value the save returned.
func testRoundTrip(t *testing.T, open Opener) {
	tests := []struct {
		name string
		run  func(t *testing.T, s meeting.Store) (saved, loaded any)
	}{
		{"department", func(t *testing.T, s meeting.Store) (any, any) {
			d := meeting.Department{Name: "不动产登记中心", ShortName: "登记中心", Sections: []string{"登记一科", "档案科"},
				Contact: "周敏", Phone: "0571-64711111", Active: true, Order: 99}
			if err := s.SaveDepartment(&d); err != nil {
				t.Fatal(err)
			}
			ds, err := s.Departments()
			if err != nil {
				t.Fatal(err)
			}
			return d, ds[len(ds)-1]
		}},
		{"enterprise case", func(t *testing.T, s meeting.Store) (any, any) {
			c := SaveCase(t, s, NewCase())
			got, err := s.Case(c.ID)
			if err != nil {
				t.Fatal(err)
			}
			return c, got
		}},
		{"person case", func(t *testing.T, s meeting.Store) (any, any) {
			c := SaveCase(t, s, NewPersonCase())
			got, err := s.Case(c.ID)
			if err != nil {
				t.Fatal(err)
			}
			return c, got
		}},
		{"draft meeting", func(t *testing.T, s meeting.Store) (any, any) {
			c := SaveCase(t, s, NewCase())
			m := SaveMeeting(t, s, NewMeeting(c.ID))
			got, err := s.Meeting(m.ID)
			if err != nil {
				t.Fatal(err)
			}
			return m, got
		}},
		{"draft minutes", func(t *testing.T, s meeting.Store) (any, any) {
			c := SaveCase(t, s, NewCase())
			m := SaveMeeting(t, s, NewMeeting(c.ID))
			got, err := s.Minutes(m.ID)
			if err != nil {
				t.Fatal(err)
			}
			return meeting.Minutes{Meeting: m, Cases: []meeting.Case{c}}, got
		}},
		{"finalized revision", func(t *testing.T, s meeting.Store) (any, any) {
			c := SaveCase(t, s, NewCase())
			m := SaveMeeting(t, s, NewMeeting(c.ID))
			mn, err := s.Finalize(m.ID, finalizedAt)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.RevisionMinutes(m.ID, 1)
			if err != nil {
				t.Fatal(err)
			}
			return mn, got
		}},
		{"archived meeting with scans", func(t *testing.T, s meeting.Store) (any, any) {
			m := archivedMeeting(t, s, finalizedAt.Add(24*time.Hour))
			got, err := s.Meeting(m.ID)
			if err != nil {
				t.Fatal(err)
			}
			return m, got
		}},
		{"archived revision's snapshot", func(t *testing.T, s meeting.Store) (any, any) {
			m := archivedMeeting(t, s, finalizedAt.Add(24*time.Hour))
			snap, err := s.RevisionMinutes(m.ID, 1)
			if err != nil {
				t.Fatal(err)
			}
			return m.Revisions[0], snap.Meeting.Revisions[0]
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fresh(t, open)
			saved, loaded := tt.run(t, s)
			if !reflect.DeepEqual(saved, loaded) {
				t.Errorf("read back differs from saved:\nsaved  %+v\nloaded %+v", saved, loaded)
			}
		})
	}
}

func testSaveAssignsIdentities(t *testing.T, open Opener) {
	s := fresh(t, open)
	c := SaveCase(t, s, NewCase())
	m := SaveMeeting(t, s, NewMeeting(c.ID))
	d := m.Agenda[0].Decisions[0]
	for what, uid := range map[string]string{"case": c.UID, "meeting": m.UID, "decision": d.UID} {
		if len(uid) != 32 {
			t.Errorf("%s UID %q, want 32 hex digits", what, uid)
		}
	}
	if c.ID == 0 || m.ID == 0 {
		t.Errorf("IDs not assigned: case %d, meeting %d", c.ID, m.ID)
	}
	if !m.Created.Equal(newClock().now()) || !m.Updated.Equal(m.Created) {
		t.Errorf("created %v, updated %v; want both the store's clock", m.Created, m.Updated)
	}

	// Editing keeps the identities, and a decision added later gets its own UID.
	m.Agenda[0].Decisions = append(m.Agenda[0].Decisions, meeting.Decision{Text: "补充材料", Lead: "税务局"})
	m = SaveMeeting(t, s, m)
	if m.Agenda[0].Decisions[0].UID != d.UID || m.Agenda[0].Decisions[1].UID == "" || m.Agenda[0].Decisions[1].UID == d.UID {
		t.Errorf("decision UIDs after edit: %q, %q", m.Agenda[0].Decisions[0].UID, m.Agenda[0].Decisions[1].UID)
	}

	// A caller's copy is not written into when the save fails.
	in := NewMeeting(c.ID)
	in.ID = 999
	WantCode(t, s.SaveMeeting(&in), meeting.CodeNotFound)
	if in.Agenda[0].Decisions[0].UID != "" || in.UID != "" {
		t.Errorf("a failed save wrote UIDs into the caller's meeting")
	}
}

func testDraftsMayBeIncompleteButCasesMayNot(t *testing.T, open Opener) {
	s := fresh(t, open)
	m := SaveMeeting(t, s, meeting.Meeting{Title: "空白草稿"})
	if m.ID == 0 || m.State != meeting.StateDraft {
		t.Fatalf("empty draft stored as %+v", m)
	}
	c := NewCase()
	c.Applicant.CreditCode = "91330100799655058C" // wrong check character
	c.Title = ""
	e := WantCode(t, s.SaveCase(&c), meeting.CodeInvalid)
	if len(e.Problems.For("applicant.credit_code")) == 0 || len(e.Problems.For("title")) == 0 {
		t.Errorf("problems %v, want the credit code and the title named", e.Problems)
	}
	if cs, _ := s.Cases(meeting.CaseFilter{}); len(cs) != 0 {
		t.Errorf("an invalid case was stored")
	}
	if c.ID != 0 {
		t.Errorf("a refused case got ID %d", c.ID)
	}
}

func testDepartmentNamesAreUnique(t *testing.T, open Opener) {
	s := fresh(t, open)
	ds, err := s.Departments()
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != len(meeting.DefaultDirectory()) {
		t.Fatalf("a new store has %d departments, want the default directory's %d", len(ds), len(meeting.DefaultDirectory()))
	}
	d := meeting.Department{Name: " 税务局 ", Active: true}
	e := WantCode(t, s.SaveDepartment(&d), meeting.CodeConflict)
	if len(e.Problems.For("name")) == 0 {
		t.Errorf("problems %v, want the name named", e.Problems)
	}
	var tax meeting.Department
	for _, d := range ds {
		if d.Name == "税务局" {
			tax = d
		}
	}
	if tax.ID == 0 {
		t.Fatal("the default directory has no 税务局")
	}
	tax.Phone = "0571-64710000"
	if err := s.SaveDepartment(&tax); err != nil {
		t.Errorf("replacing a department under its own name: %v", err)
	}
	after, _ := s.Departments()
	if len(after) != len(ds) {
		t.Errorf("replacing a department changed the directory's size to %d", len(after))
	}
	missing := meeting.Department{ID: 999, Name: "不存在的局"}
	WantCode(t, s.SaveDepartment(&missing), meeting.CodeNotFound)
	invalid := meeting.Department{Name: ""}
	WantCode(t, s.SaveDepartment(&invalid), meeting.CodeInvalid)
}

func testNotFound(t *testing.T, open Opener) {
	s := fresh(t, open)
	for name, err := range map[string]error{
		"case":      second(s.Case(42)),
		"meeting":   second(s.Meeting(42)),
		"minutes":   second(s.Minutes(42)),
		"revision":  second(s.RevisionMinutes(42, 1)),
		"finalize":  second(s.Finalize(42, time.Now())),
		"amend":     second(s.Amend(42, "理由", time.Now())),
		"delete":    s.DeleteMeeting(42),
		"audit":     second(s.Audit(42)),
		"follow-up": second(s.FollowUp(42)),
		"save case": func() error { c := NewCase(); c.ID = 42; return s.SaveCase(&c) }(),
	} {
		t.Run(name, func(t *testing.T) { WantCode(t, err, meeting.CodeNotFound) })
	}
}

// testUnreadableValuesAreRefused: meeting.Date writes an impossible day such as
// 2026-02-30 but refuses to read it back. A draft (never validated) carrying one must
// be refused, not stored as a record that can never be read again.
func testUnreadableValuesAreRefused(t *testing.T, open Opener) {
	s := fresh(t, open)
	m := SaveMeeting(t, s, meeting.Meeting{Title: "草稿"})
	before := state(t, s)
	m.Date = meeting.Date{Year: 2026, Month: 2, Day: 30}
	e := WantCode(t, s.SaveMeeting(&m), meeting.CodeInvalid)
	if !strings.Contains(e.Message, "2026-02-30") {
		t.Errorf("message %q does not name the bad date", e.Message)
	}
	if after := state(t, s); after != before {
		t.Errorf("the refused save changed the store")
	}
	if _, err := s.Meeting(m.ID); err != nil {
		t.Errorf("the stored draft is no longer readable: %v", err)
	}
}

// testSaveCaseKeepsClosedLoopFields: an edit of a case cannot close it, reopen it or
// change its reply; only CloseCase and RecordCallBack do.
func testSaveCaseKeepsClosedLoopFields(t *testing.T, open Opener) {
	s := fresh(t, open)
	c := SaveCase(t, s, NewCase())
	created := c.Created
	c.Status, c.ClosedOn = meeting.CaseClosed, oct12
	c.Reply = &meeting.Reply{On: oct12, Channel: "电话", Content: "已办结"}
	c.Title = "改过的标题"
	c.UID = "forged"
	c = SaveCase(t, s, c)
	if c.Status != meeting.CaseOpen || !c.ClosedOn.IsZero() || c.Reply != nil || c.Title != "改过的标题" || c.UID == "forged" || !c.Created.Equal(created) {
		t.Errorf("after an edit claiming closed: status %s, closed on %s, reply %v, title %q, UID %q, created %v",
			c.Status, c.ClosedOn, c.Reply, c.Title, c.UID, c.Created)
	}
	stored, err := s.Case(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(stored, c) {
		t.Errorf("stored %+v, returned %+v", stored, c)
	}
	// Nor can an edit reopen a closed case or drop its reply.
	closed, err := s.CloseCase(c.ID, meeting.Reply{On: oct12, Channel: "电话", Content: "已答复。"})
	if err != nil {
		t.Fatal(err)
	}
	closed.Status, closed.ClosedOn, closed.Reply = meeting.CaseOpen, meeting.Date{}, nil
	SaveCase(t, s, closed)
	if got, err := s.Case(c.ID); err != nil || got.Status != meeting.CaseClosed || got.ClosedOn != oct12 || got.Reply == nil {
		t.Errorf("saving a closed case as open: stored %+v, %v; want it closed with its reply", got, err)
	}
}

// testTimestamps: the store stamps Created once and Updated at every save from its
// clock, and keeps the stored Created and UID whatever the caller's copy says.
func testTimestamps(t *testing.T, open Opener) {
	clk := newClock()
	s := open(t, clk.now)
	c := SaveCase(t, s, NewCase())
	created, uid := clk.now(), c.UID
	if !c.Created.Equal(created) || !c.Updated.Equal(created) {
		t.Fatalf("new case stamped %v / %v, want %v", c.Created, c.Updated, created)
	}
	clk.advance(time.Hour)
	c.Title = "已建厂房分期办理不动产权证（补充）"
	c.Created = time.Time{}
	c.UID = "someone-elses"
	c = SaveCase(t, s, c)
	if !c.Created.Equal(created) || !c.Updated.Equal(clk.now()) {
		t.Errorf("edited case stamped %v / %v, want %v / %v", c.Created, c.Updated, created, clk.now())
	}
	if c.UID != uid {
		t.Errorf("UID %q after an edit, want the stored %q", c.UID, uid)
	}
	if stored, err := s.Case(c.ID); err != nil || !stored.Created.Equal(created) || !stored.Updated.Equal(clk.now()) {
		t.Errorf("stored case stamped %v / %v (%v), want %v / %v", stored.Created, stored.Updated, err, created, clk.now())
	}
}
