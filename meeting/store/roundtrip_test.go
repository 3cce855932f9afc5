package store

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"backstop/meeting"
)

// TestRoundTrip stores one value of every stored type, reads it back, and wants it
// equal, field for field, to the value the save returned.
func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		// run saves a value and returns it as saved and as read back.
		run func(t *testing.T, s *Store) (saved, loaded any)
	}{
		{"department", func(t *testing.T, s *Store) (any, any) {
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
		{"enterprise case", func(t *testing.T, s *Store) (any, any) {
			c := saveCase(t, s, testCase())
			got, err := s.Case(c.ID)
			if err != nil {
				t.Fatal(err)
			}
			return c, got
		}},
		{"person case", func(t *testing.T, s *Store) (any, any) {
			c := saveCase(t, s, testPersonCase())
			got, err := s.Case(c.ID)
			if err != nil {
				t.Fatal(err)
			}
			return c, got
		}},
		{"draft meeting", func(t *testing.T, s *Store) (any, any) {
			c := saveCase(t, s, testCase())
			m := saveMeeting(t, s, testMeeting(c.ID))
			got, err := s.Meeting(m.ID)
			if err != nil {
				t.Fatal(err)
			}
			return m, got
		}},
		{"draft minutes", func(t *testing.T, s *Store) (any, any) {
			c := saveCase(t, s, testCase())
			m := saveMeeting(t, s, testMeeting(c.ID))
			got, err := s.Minutes(m.ID)
			if err != nil {
				t.Fatal(err)
			}
			return meeting.Minutes{Meeting: m, Cases: []meeting.Case{c}}, got
		}},
		{"finalized revision", func(t *testing.T, s *Store) (any, any) {
			c := saveCase(t, s, testCase())
			m := saveMeeting(t, s, testMeeting(c.ID))
			mn, err := s.Finalize(m.ID, time.Date(2026, 10, 12, 11, 30, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.RevisionMinutes(m.ID, 1)
			if err != nil {
				t.Fatal(err)
			}
			return mn, got
		}},
		{"archived meeting with scans", func(t *testing.T, s *Store) (any, any) {
			at := time.Date(2026, 10, 13, 8, 0, 0, 0, time.UTC)
			m := archivedMeeting(t, s, at)
			got, err := s.Meeting(m.ID)
			if err != nil {
				t.Fatal(err)
			}
			return m, got
		}},
		{"archived revision's snapshot", func(t *testing.T, s *Store) (any, any) {
			at := time.Date(2026, 10, 13, 8, 0, 0, 0, time.UTC)
			m := archivedMeeting(t, s, at)
			snap, err := s.RevisionMinutes(m.ID, 1)
			if err != nil {
				t.Fatal(err)
			}
			return m.Revisions[0], snap.Meeting.Revisions[0]
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t)
			saved, loaded := tt.run(t, s)
			if !reflect.DeepEqual(saved, loaded) {
				t.Errorf("read back differs from saved:\nsaved  %+v\nloaded %+v", saved, loaded)
			}
		})
	}
}

func TestSaveAssignsIdentities(t *testing.T) {
	s := openTest(t)
	c := saveCase(t, s, testCase())
	m := saveMeeting(t, s, testMeeting(c.ID))
	d := m.Agenda[0].Decisions[0]
	for what, uid := range map[string]string{"case": c.UID, "meeting": m.UID, "decision": d.UID} {
		if len(uid) != 32 {
			t.Errorf("%s UID %q, want 32 hex digits", what, uid)
		}
	}
	if c.ID == 0 || m.ID == 0 {
		t.Errorf("IDs not assigned: case %d, meeting %d", c.ID, m.ID)
	}

	// Editing keeps the identities, and a decision added later gets its own UID.
	m.Agenda[0].Decisions = append(m.Agenda[0].Decisions, meeting.Decision{Text: "补充材料", Lead: "税务局"})
	m = saveMeeting(t, s, m)
	if m.Agenda[0].Decisions[0].UID != d.UID || m.Agenda[0].Decisions[1].UID == "" || m.Agenda[0].Decisions[1].UID == d.UID {
		t.Errorf("decision UIDs after edit: %q, %q", m.Agenda[0].Decisions[0].UID, m.Agenda[0].Decisions[1].UID)
	}

	// A caller's copy is not written into when the save fails.
	in := testMeeting(c.ID)
	in.ID = 999
	err := s.SaveMeeting(&in)
	wantCode(t, err, meeting.CodeNotFound)
	if in.Agenda[0].Decisions[0].UID != "" {
		t.Errorf("a failed save wrote a UID into the caller's decision")
	}
}

func TestDraftsMayBeIncompleteButCasesMayNot(t *testing.T) {
	s := openTest(t)
	m := saveMeeting(t, s, meeting.Meeting{Title: "空白草稿"})
	if m.ID == 0 || m.State != meeting.StateDraft {
		t.Fatalf("empty draft stored as %+v", m)
	}
	c := testCase()
	c.Applicant.CreditCode = "91330100799655058C" // wrong check character
	c.Title = ""
	err := s.SaveCase(&c)
	e := wantCode(t, err, meeting.CodeInvalid)
	if len(e.Problems.For("applicant.credit_code")) == 0 || len(e.Problems.For("title")) == 0 {
		t.Errorf("problems %v, want the credit code and the title named", e.Problems)
	}
	if cs, _ := s.Cases(meeting.CaseFilter{}); len(cs) != 0 {
		t.Errorf("an invalid case was stored")
	}
}

func TestDepartmentNamesAreUnique(t *testing.T) {
	s := openTest(t)
	d := meeting.Department{Name: " 税务局 ", Active: true}
	err := s.SaveDepartment(&d)
	e := wantCode(t, err, meeting.CodeConflict)
	if len(e.Problems.For("name")) == 0 {
		t.Errorf("problems %v, want the name named", e.Problems)
	}
	ds, _ := s.Departments()
	tax := ds[6]
	tax.Phone = "0571-64710000"
	if err := s.SaveDepartment(&tax); err != nil {
		t.Errorf("replacing a department under its own name: %v", err)
	}
	missing := meeting.Department{ID: 999, Name: "不存在的局"}
	wantCode(t, s.SaveDepartment(&missing), meeting.CodeNotFound)
}

func TestNotFound(t *testing.T) {
	s := openTest(t)
	for name, err := range map[string]error{
		"case":     second(s.Case(42)),
		"meeting":  second(s.Meeting(42)),
		"minutes":  second(s.Minutes(42)),
		"revision": second(s.RevisionMinutes(42, 1)),
		"finalize": second(s.Finalize(42, time.Now())),
		"amend":    second(s.Amend(42, "理由", time.Now())),
		"delete":   s.DeleteMeeting(42),
	} {
		t.Run(name, func(t *testing.T) { wantCode(t, err, meeting.CodeNotFound) })
	}
}

func second[T any](_ T, err error) error { return err }

// TestUnreadableValuesAreRefused: meeting.Date writes an impossible day such as
// 2026-02-30 but refuses to read it back. A draft (never validated) carrying one must
// be refused, not stored as a record that can never be read again.
func TestUnreadableValuesAreRefused(t *testing.T) {
	s := openTest(t)
	m := saveMeeting(t, s, meeting.Meeting{Title: "草稿"})
	before := dump(t, s)
	m.Date = meeting.Date{Year: 2026, Month: 2, Day: 30}
	e := wantCode(t, s.SaveMeeting(&m), meeting.CodeInvalid)
	if !strings.Contains(e.Message, "2026-02-30") {
		t.Errorf("message %q does not name the bad date", e.Message)
	}
	if after := dump(t, s); after != before {
		t.Errorf("the refused save changed the store")
	}
	if _, err := s.Meeting(m.ID); err != nil {
		t.Errorf("the stored draft is no longer readable: %v", err)
	}
}
