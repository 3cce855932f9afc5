package storecontract

import (
	"slices"
	"strings"
	"testing"

	"backstop/meeting"
)

// importBundle returns an import of two cases (provisional IDs 101 and 102), a
// department already in the directory, a new one, and a meeting discussing both.
func importBundle() ([]meeting.Department, []meeting.Case, meeting.Meeting) {
	departments := []meeting.Department{
		{Name: "自然资源和规划局", ShortName: "不同的简称", Active: true},
		{Name: "不动产登记中心", Sections: []string{"登记一科"}, Active: true},
	}
	c1, c2 := NewCase(), NewPersonCase()
	c1.ID, c2.ID = 101, 102
	c1.UID = "transferred-from-another-office"
	m := NewMeeting(101)
	m.Attendance = append(m.Attendance, meeting.Attendance{Department: "不动产登记中心", Person: "周敏", Status: meeting.Present})
	second := m.Agenda[0]
	second.CaseID, second.Summary = 102, "老旧小区房屋办证"
	second.Decisions = []meeting.Decision{{Text: "由不动产登记中心牵头核实", Lead: "不动产登记中心", Due: meeting.Date{Year: 2026, Month: 11, Day: 1}}}
	m.Agenda = append(m.Agenda, second)
	m.State, m.Number = meeting.StateFinalized, meeting.DocNumber{Year: 2026, Seq: 7} // ignored: imports are new drafts
	return departments, []meeting.Case{c1, c2}, m
}

func testImport(t *testing.T, open Opener) {
	s := fresh(t, open)
	// Draw some IDs first, so that provisional and real IDs differ.
	SaveCase(t, s, NewCase())
	last := SaveCase(t, s, NewCase())
	departments, cases, m := importBundle()
	got, err := s.Import(departments, cases, m)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	if got.ID == 0 || got.State != meeting.StateDraft || !got.Number.IsZero() || got.UID == "" {
		t.Errorf("imported meeting: ID %d, state %s, number %q, UID %q; want a new numberless draft", got.ID, got.State, got.Number, got.UID)
	}
	mn, err := s.Minutes(got.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(mn.Cases) != 2 || mn.Cases[0].UID != "transferred-from-another-office" || mn.Cases[1].Applicant.Name != "王秀英" {
		t.Fatalf("imported cases: %+v", mn.Cases)
	}
	// The imported cases take the next IDs, in the order of the import.
	for i, it := range got.Agenda {
		if want := last.ID + meeting.ID(i) + 1; it.CaseID != want || mn.Cases[i].ID != want {
			t.Errorf("agenda item %d refers to case %d, want the imported case's real ID %d", i, it.CaseID, want)
		}
	}
	if ps := mn.Validate(); len(ps) != 0 {
		t.Errorf("imported minutes do not validate: %v", ps)
	}
	ds, _ := s.Departments()
	byName := map[string]meeting.Department{}
	for _, d := range ds {
		byName[d.Name] = d
	}
	if len(ds) != len(meeting.DefaultDirectory())+1 {
		t.Errorf("directory has %d entries, want the default ones plus one", len(ds))
	}
	if byName["自然资源和规划局"].ShortName != "资规局" {
		t.Errorf("an existing department was changed by the import: %+v", byName["自然资源和规划局"])
	}
	for _, a := range got.Attendance {
		if want := byName[a.Department].ID; a.DepartmentID != want || want == 0 {
			t.Errorf("attendance row %s has department ID %d, want %d", a.Department, a.DepartmentID, want)
		}
	}
	if found, _ := s.Meetings(meeting.MeetingFilter{Query: "王秀英"}); len(found) != 1 {
		t.Errorf("the imported meeting is not found by its second applicant")
	}
	if got := AuditActions(t, s, got.ID); !slices.Equal(got, []meeting.AuditAction{meeting.AuditImport}) {
		t.Errorf("imported meeting's audit %v", got)
	}
	// The same file imported again is a second draft with its own cases.
	again, err := s.Import(importBundle())
	if err != nil || again.ID == got.ID {
		t.Errorf("importing the same file again: meeting %d, %v", again.ID, err)
	}
}

func testImportIsAllOrNothing(t *testing.T, open Opener) {
	tests := []struct {
		name   string
		break_ func(ds []meeting.Department, cs []meeting.Case, m *meeting.Meeting)
		fields []string // problem paths that must be reported
	}{
		{"invalid meeting", func(_ []meeting.Department, _ []meeting.Case, m *meeting.Meeting) {
			m.End = m.Start - 30
			m.Agenda[0].Decisions[0].Lead = "消防救援大队" // not attending
		}, []string{"meeting.end", "meeting.agenda[0].decisions[0].lead"}},
		{"invalid case", func(_ []meeting.Department, cs []meeting.Case, _ *meeting.Meeting) {
			cs[1].Applicant.Phone = "12"
		}, []string{"cases[1].applicant.phone"}},
		{"invalid new department", func(ds []meeting.Department, _ []meeting.Case, _ *meeting.Meeting) {
			ds[1].Phone = "abc"
		}, []string{"departments[1].phone"}},
		{"duplicate provisional IDs", func(_ []meeting.Department, cs []meeting.Case, _ *meeting.Meeting) {
			cs[1].ID = cs[0].ID
		}, []string{"cases[1].id"}},
		{"missing provisional ID", func(_ []meeting.Department, cs []meeting.Case, _ *meeting.Meeting) {
			cs[0].ID = 0
		}, []string{"cases[0].id", "meeting.agenda[0].case_id"}},
		{"agenda refers to no imported case", func(_ []meeting.Department, _ []meeting.Case, m *meeting.Meeting) {
			m.Agenda[1].CaseID = 1 // a case in the store, but not in the import
		}, []string{"meeting.agenda[1].case_id"}},
		{"everything at once", func(ds []meeting.Department, cs []meeting.Case, m *meeting.Meeting) {
			ds[1].Name = ""
			cs[0].Title = ""
			m.Title = ""
		}, []string{"departments[1].name", "cases[0].title", "meeting.title"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fresh(t, open)
			SaveCase(t, s, NewCase())
			before := state(t, s)
			ds, cs, m := importBundle()
			tt.break_(ds, cs, &m)
			_, err := s.Import(ds, cs, m)
			e := WantCode(t, err, meeting.CodeInvalid)
			for _, f := range tt.fields {
				if len(e.Problems.For(f)) == 0 {
					var b strings.Builder
					for _, p := range e.Problems {
						b.WriteString(p.String() + "\n")
					}
					t.Errorf("no problem reported for %s; got:\n%s", f, b.String())
				}
			}
			if after := state(t, s); after != before {
				t.Errorf("a refused import changed the store")
			}
		})
	}
}
