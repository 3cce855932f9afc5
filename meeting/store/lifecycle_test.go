package store

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"backstop/meeting"
)

var finalizedAt = time.Date(2026, 10, 12, 11, 30, 0, 0, time.UTC)

// draftOn stores a valid draft dated d and returns its ID.
func draftOn(t *testing.T, s *Store, d meeting.Date) meeting.ID {
	t.Helper()
	c := saveCase(t, s, testCase())
	m := testMeeting(c.ID)
	m.Date = d
	m.Agenda[0].Decisions[0].Due = d.AddDays(14)
	return saveMeeting(t, s, m).ID
}

func TestFinalizeNumbersPerYear(t *testing.T) {
	s := openTest(t)
	oct := meeting.Date{Year: 2026, Month: 10, Day: 12}
	tests := []struct {
		date meeting.Date
		want string
	}{
		{oct, "〔2026〕1号"},
		{oct, "〔2026〕2号"},
		{meeting.Date{Year: 2027, Month: 1, Day: 5}, "〔2027〕1号"},
		{oct, "〔2026〕3号"},
	}
	for _, tt := range tests {
		id := draftOn(t, s, tt.date)
		mn, err := s.Finalize(id, finalizedAt)
		if err != nil {
			t.Fatalf("Finalize: %v", err)
		}
		if got := mn.Meeting.Number.String(); got != tt.want {
			t.Errorf("meeting of %s numbered %s, want %s", tt.date, got, tt.want)
		}
		stored, err := s.Meeting(id)
		if err != nil {
			t.Fatal(err)
		}
		if stored.State != meeting.StateFinalized || stored.Number != mn.Meeting.Number || len(stored.Revisions) != 1 {
			t.Errorf("stored after finalize: state %s, number %s, %d revisions", stored.State, stored.Number, len(stored.Revisions))
		}
	}
}

func TestRefusedFinalizeUsesNoNumber(t *testing.T) {
	s := openTest(t)
	c := saveCase(t, s, testCase())
	bad := testMeeting(c.ID)
	bad.Agenda[0].Decisions[0].Lead = "税务局" // excused: may not lead
	bad = saveMeeting(t, s, bad)
	before := dump(t, s)
	_, err := s.Finalize(bad.ID, finalizedAt)
	e := wantCode(t, err, meeting.CodeInvalid)
	if len(e.Problems.For("agenda[0].decisions[0].lead")) == 0 {
		t.Errorf("problems %v, want the lead department named", e.Problems)
	}
	if after := dump(t, s); after != before {
		t.Errorf("a refused finalize changed the store:\nbefore\n%s\nafter\n%s", before, after)
	}
	good := draftOn(t, s, meeting.Date{Year: 2026, Month: 10, Day: 12})
	mn, err := s.Finalize(good, finalizedAt)
	if err != nil {
		t.Fatal(err)
	}
	if got := mn.Meeting.Number.String(); got != "〔2026〕1号" {
		t.Errorf("first successful finalize numbered %s, want 〔2026〕1号", got)
	}
}

func TestAmendKeepsNumberAndChainsRevisions(t *testing.T) {
	s := openTest(t)
	id := draftOn(t, s, meeting.Date{Year: 2026, Month: 10, Day: 12})
	rev1, err := s.Finalize(id, finalizedAt)
	if err != nil {
		t.Fatal(err)
	}
	other := draftOn(t, s, meeting.Date{Year: 2026, Month: 10, Day: 13})
	if _, err := s.Finalize(other, finalizedAt); err != nil { // takes 2号
		t.Fatal(err)
	}

	_, err = s.Amend(id, "", finalizedAt)
	wantCode(t, err, meeting.CodeInvalid) // a reason is required

	m, err := s.Amend(id, "更正办理时限", finalizedAt.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if m.State != meeting.StateDraft || m.Revision() != 2 || m.AmendReason != "更正办理时限" {
		t.Fatalf("after amend: state %s, revision %d, reason %q", m.State, m.Revision(), m.AmendReason)
	}
	m.Agenda[0].Decisions[0].Due = meeting.Date{Year: 2026, Month: 11, Day: 15}
	m = saveMeeting(t, s, m)
	rev2, err := s.Finalize(id, finalizedAt.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}

	r1, r2 := rev1.Meeting.Revisions[0], rev2.Meeting.Revisions[1]
	if rev2.Meeting.Number != rev1.Meeting.Number {
		t.Errorf("revision 2 numbered %s, want revision 1's %s", rev2.Meeting.Number, rev1.Meeting.Number)
	}
	if r2.N != 2 || r2.Replaces != r1.Fingerprint || r2.Fingerprint == r1.Fingerprint || r2.Reason != "更正办理时限" {
		t.Errorf("revision 2 = %+v, want N 2 replacing %s with a new fingerprint", r2, r1.Fingerprint)
	}

	// Both snapshots stay, each as it was finalized.
	for n, want := range map[int]meeting.Minutes{1: rev1, 2: rev2} {
		got, err := s.RevisionMinutes(id, n)
		if err != nil {
			t.Fatal(err)
		}
		if got.Fingerprint() != want.Fingerprint() || got.CurrentRevision().Fingerprint != want.Meeting.Revisions[n-1].Fingerprint {
			t.Errorf("snapshot of revision %d does not reproduce its fingerprint", n)
		}
	}
	if _, err := s.RevisionMinutes(id, 3); err == nil {
		t.Errorf("revision 3 found, want not found")
	}
}

func TestLockedMeetingRefusesEdits(t *testing.T) {
	s := openTest(t)
	id := draftOn(t, s, meeting.Date{Year: 2026, Month: 10, Day: 12})
	if _, err := s.Finalize(id, finalizedAt); err != nil {
		t.Fatal(err)
	}
	stored, _ := s.Meeting(id)
	before := dump(t, s)

	tests := []struct {
		name string
		edit func(m *meeting.Meeting)
	}{
		{"as read", func(m *meeting.Meeting) { m.Title = "改过的标题" }},
		// A stale or forged copy that claims to be a draft: the stored copy decides.
		{"claiming draft", func(m *meeting.Meeting) { m.State, m.Revisions, m.Title = meeting.StateDraft, nil, "改过的标题" }},
		{"claiming another number", func(m *meeting.Meeting) {
			m.State, m.Number = meeting.StateDraft, meeting.DocNumber{Year: 2026, Seq: 99}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := stored
			m.Attendance = append([]meeting.Attendance(nil), stored.Attendance...)
			tt.edit(&m)
			wantCode(t, s.SaveMeeting(&m), meeting.CodeLocked)
		})
	}
	_, err := s.Finalize(id, finalizedAt)
	wantCode(t, err, meeting.CodeState)
	wantCode(t, s.DeleteMeeting(id), meeting.CodeState)
	if after := dump(t, s); after != before {
		t.Errorf("refused edits changed the store")
	}
}

func TestFinalizedMinutesKeepTheirCases(t *testing.T) {
	s := openTest(t)
	c := saveCase(t, s, testCase())
	m := saveMeeting(t, s, testMeeting(c.ID))
	fin, err := s.Finalize(m.ID, finalizedAt)
	if err != nil {
		t.Fatal(err)
	}
	c.Applicant.Name = "建德市某新材料有限公司" // renamed after the meeting
	saveCase(t, s, c)

	mn, err := s.Minutes(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if mn.Cases[0].Applicant.Name != "建德市某塑料母料有限公司" || mn.Fingerprint() != fin.Fingerprint() {
		t.Errorf("finalized minutes show %q; want the case as finalized", mn.Cases[0].Applicant.Name)
	}

	// The next revision's draft shows the case as it is now.
	if _, err := s.Amend(m.ID, "申请人更名", finalizedAt); err != nil {
		t.Fatal(err)
	}
	mn, _ = s.Minutes(m.ID)
	if mn.Cases[0].Applicant.Name != "建德市某新材料有限公司" {
		t.Errorf("draft of revision 2 shows %q, want the current name", mn.Cases[0].Applicant.Name)
	}
}

func TestDeleteMeeting(t *testing.T) {
	s := openTest(t)
	id := draftOn(t, s, meeting.Date{Year: 2026, Month: 10, Day: 12})
	if err := s.DeleteMeeting(id); err != nil {
		t.Fatal(err)
	}
	wantCode(t, second(s.Meeting(id)), meeting.CodeNotFound)
	if ms, _ := s.Meetings(meeting.MeetingFilter{}); len(ms) != 0 {
		t.Errorf("deleted meeting still listed")
	}
	if cs, _ := s.Cases(meeting.CaseFilter{}); len(cs) != 1 {
		t.Errorf("deleting a meeting removed its case")
	}

	// A meeting finalized once stays, also while its next revision is drafted.
	id = draftOn(t, s, meeting.Date{Year: 2026, Month: 10, Day: 12})
	if _, err := s.Finalize(id, finalizedAt); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Amend(id, "补充议定事项", finalizedAt); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteMeeting(id), meeting.CodeState)
}

// testFonts are fonts a placed PDF reports, to be recorded with its revision.
var testFonts = []meeting.FontUse{{Role: "正文", Family: "仿宋_GB2312", File: "simfang.ttf", SHA256: strings.Repeat("ab", 32)}}

func TestFinalizeWith(t *testing.T) {
	refused := meeting.Errorf(meeting.CodeStorage, "磁盘空间已满（测试）。", nil)
	tests := []struct {
		name  string
		place meeting.PlacePDF
		code  meeting.Code // "" when the finalize commits
	}{
		{"placed", func(mn meeting.Minutes) (meeting.PDFFile, error) {
			return meeting.PDFFile{Path: pdfPath(mn.Meeting.ID, 1), Hash: pdfHash(mn.Meeting.ID, 1), Fonts: testFonts}, nil
		}, ""},
		{"place fails", func(meeting.Minutes) (meeting.PDFFile, error) { return meeting.PDFFile{}, refused }, meeting.CodeStorage},
		{"bad record", func(meeting.Minutes) (meeting.PDFFile, error) {
			return meeting.PDFFile{Path: "../x.pdf", Hash: "abc"}, nil
		}, meeting.CodeInvalid},
		{"place panics", func(meeting.Minutes) (meeting.PDFFile, error) { panic("render") }, meeting.CodeInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t)
			id := draftOn(t, s, meeting.Date{Year: 2026, Month: 10, Day: 12})
			before := dump(t, s)
			var seen meeting.Minutes
			mn, err := s.FinalizeWith(id, finalizedAt, func(mn meeting.Minutes) (meeting.PDFFile, error) {
				seen = mn
				return tt.place(mn)
			})
			if seen.Meeting.Number.IsZero() || seen.Meeting.State != meeting.StateFinalized || seen.Fingerprint() == "" {
				t.Errorf("place saw %s in state %s", seen.Meeting.Number, seen.Meeting.State)
			}
			if tt.code != "" {
				wantCode(t, err, tt.code)
				if after := dump(t, s); after != before {
					t.Errorf("a finalize whose place failed changed the store")
				}
				// The number the failed attempt drew is not used up.
				mn, err = s.Finalize(id, finalizedAt)
				if err != nil || mn.Meeting.Number.Seq != 1 {
					t.Fatalf("finalize after the failure: %s, %v", mn.Meeting.Number, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			rev, _ := mn.Meeting.LastRevision()
			if rev.PDFPath != pdfPath(id, 1) || rev.PDFHash != pdfHash(id, 1) || mn.Fingerprint() != seen.Fingerprint() {
				t.Errorf("finalized with PDF %q %q", rev.PDFPath, rev.PDFHash)
			}
			if !reflect.DeepEqual(rev.Fonts, testFonts) {
				t.Errorf("fonts recorded %+v, want %+v", rev.Fonts, testFonts)
			}
			if snap, err := s.RevisionMinutes(id, 1); err != nil || !reflect.DeepEqual(snap.Meeting.Revisions[0].Fonts, testFonts) {
				t.Errorf("the revision's snapshot lacks the fonts: %v", err)
			}
			if stored, _ := s.Meeting(id); !reflect.DeepEqual(stored, mn.Meeting) {
				t.Errorf("stored meeting differs from the one returned")
			}
			if pending, _ := s.PendingPDFs(); len(pending) != 0 {
				t.Errorf("pending PDFs %v", pending)
			}
			audit, _ := s.Audit(id)
			var actions []meeting.AuditAction
			for _, e := range audit {
				actions = append(actions, e.Action)
			}
			if want := []meeting.AuditAction{meeting.AuditCreate, meeting.AuditFinalize, meeting.AuditRecordPDF}; !slices.Equal(actions, want) {
				t.Errorf("audit %v, want %v", actions, want)
			}
			if ps, err := s.VerifyAll(); err != nil || len(ps) != 0 {
				t.Errorf("VerifyAll: %v %v", ps, err)
			}
		})
	}
}
